"""Measure suggestions against a gold annotation: per label recall, precision (overlap match) and exact F1.

A gold span counts as found when a suggestion of its label overlaps it; a suggestion is right when it overlaps a
gold span of its label; exact F1 counts only identical (start, end). Pure: no store, no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Span = tuple[int, int, str]  # start, end, label


@dataclass
class LabelScore:
    found: int = 0  # gold spans overlapped by a suggestion of their label
    gold: int = 0
    right: int = 0  # suggestions overlapping a gold span of their label
    suggested: int = 0
    exact: int = 0  # suggestions identical to a gold span

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def exact_f1(self) -> float:
        total = self.gold + self.suggested
        return 2 * self.exact / total if total else 1.0

    def add(self, other: LabelScore) -> None:
        for k in ("found", "gold", "right", "suggested", "exact"):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def score_spans(gold: Iterable[Span], suggested: Iterable[Span]) -> dict[str, LabelScore]:
    """Per-label scores of `suggested` against `gold` in one document."""
    g = sorted(set(gold))
    s = sorted(set(suggested))
    out: dict[str, LabelScore] = {}
    for label in {x[2] for x in g} | {x[2] for x in s}:
        gl = [x for x in g if x[2] == label]
        sl = [x for x in s if x[2] == label]
        sc = out.setdefault(label, LabelScore())
        sc.gold, sc.suggested = len(gl), len(sl)
        sc.found = sum(any(a < d and c < b for c, d, _ in sl) for a, b, _ in gl)
        sc.right = sum(any(a < d and c < b for c, d, _ in gl) for a, b, _ in sl)
        sc.exact = len(set(gl) & set(sl))
    return out


def score_documents(
    docs: Sequence[dict[str, Any]], suggest: Callable[[dict[str, Any]], Iterable[Span]]
) -> dict[str, LabelScore]:
    """Pooled per-label scores over gold documents ({"id", "text", "spans": [{start, end, label}]})."""
    total: dict[str, LabelScore] = {}
    for d in docs:
        gold = [(sp["start"], sp["end"], sp["label"]) for sp in d["spans"]]
        for label, sc in score_spans(gold, suggest(d)).items():
            total.setdefault(label, LabelScore()).add(sc)
    return total


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """A native JSONL gold file: one document a line with id, text and spans."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def format_scores(scores: dict[str, LabelScore]) -> list[str]:
    lines = []
    for label in sorted(scores):
        sc = scores[label]
        lines.append(
            f"{label:<17} recall {sc.found:>3}/{sc.gold:<3} = {sc.recall:.2f}   precision {sc.right:>3}/{sc.suggested:<3}"
            f" = {sc.precision:.2f}   exact F1 {sc.exact_f1:.2f}"
        )
    return lines

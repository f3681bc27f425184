"""How precise suggestions have been on an annotator's decisions, per label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# --- how precise have suggestions been ------------------------------------------------------------------------------


def suggestion_decisions(store: Any, annotator: str | None = None) -> dict[str, dict[str, int]]:
    """Per label: suggestions (any origin but manual) the annotator accepted, rejected, and still pending.
    {"statistic": {"accepted": 41, "rejected": 3, "pending": 7}}"""
    out: dict[str, dict[str, int]] = {}
    for sp in store.iter_spans(annotators=[annotator] if annotator is not None else []):
        if sp.origin == "manual":
            continue
        c = out.setdefault(sp.label, {"accepted": 0, "rejected": 0, "pending": 0})
        c["pending" if sp.status == "suggested" else sp.status] += 1
    if annotator is not None:  # pending suggestions belong to nobody yet (annotator ""): count them too
        for sp in store.iter_spans(statuses=("suggested",), annotators=[""]):
            if sp.origin != "manual":
                out.setdefault(sp.label, {"accepted": 0, "rejected": 0, "pending": 0})["pending"] += 1
    return out


def suggestion_decisions_by_annotator(store: Any) -> dict[str, dict[str, dict[str, int]]]:
    """annotator -> label -> {"accepted", "rejected"}: every annotator who decided on a suggestion."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for sp in store.iter_spans(statuses=("accepted", "rejected")):
        if sp.origin == "manual":
            continue
        c = out.setdefault(sp.annotator, {}).setdefault(sp.label, {"accepted": 0, "rejected": 0, "pending": 0})
        c[sp.status] += 1
    return out


def format_suggestion_decisions(counts: Mapping[str, Mapping[str, int]]) -> list[str]:
    """'statistic suggestions: 41 accepted, 3 rejected (93% precise), 7 pending' per label."""
    lines = []
    for label in sorted(counts):
        c = counts[label]
        decided = c["accepted"] + c["rejected"]
        share = f" ({100 * c['accepted'] / decided:.0f}% precise)" if decided else ""
        pending = f", {c['pending']} pending" if c.get("pending") else ""
        lines.append(f"{label} suggestions: {c['accepted']} accepted, {c['rejected']} rejected{share}{pending}")
    return lines

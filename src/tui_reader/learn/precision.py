"""How precise suggestions have been on an annotator's decisions, per label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# --- how precise have suggestions been ------------------------------------------------------------------------------


def _zero() -> dict[str, int]:
    return {"accepted": 0, "corrected": 0, "relabelled": 0, "rejected": 0, "pending": 0}


def _outcome(sp: Any) -> tuple[str, str]:
    """(the label it was suggested with, what became of it): accepted, corrected (rejected because the annotator
    tagged its words their own way: `review.tag` notes the span that replaced it in attrs "replaced_by"),
    relabelled (accepted under another label: `review.relabel` keeps the first in "suggested_as"), rejected or
    pending."""
    attrs = sp.attrs or {}
    if sp.status == "suggested":
        return sp.label, "pending"
    if sp.status == "rejected" and attrs.get("replaced_by"):
        return sp.label, "corrected"
    was = attrs.get("suggested_as")
    if sp.status == "accepted" and isinstance(was, str) and was != sp.label:
        return was, "relabelled"
    return sp.label, str(sp.status)


def suggestion_decisions(store: Any, annotator: str | None = None) -> dict[str, dict[str, int]]:
    """Per label suggested: suggestions (any origin but manual) the annotator accepted, corrected (redrew),
    relabelled, rejected, and still pending.
    {"statistic": {"accepted": 41, "corrected": 2, "relabelled": 1, "rejected": 3, "pending": 7}}"""
    out: dict[str, dict[str, int]] = {}
    for sp in store.iter_spans(annotators=[annotator] if annotator is not None else []):
        if sp.origin == "manual":
            continue
        label, outcome = _outcome(sp)
        out.setdefault(label, _zero())[outcome] += 1
    if annotator is not None:  # pending suggestions belong to nobody yet (annotator ""): count them too
        for sp in store.iter_spans(statuses=("suggested",), annotators=[""]):
            if sp.origin != "manual":
                out.setdefault(sp.label, _zero())["pending"] += 1
    return out


def suggestion_decisions_by_annotator(store: Any) -> dict[str, dict[str, dict[str, int]]]:
    """annotator -> label suggested -> {"accepted", "corrected", "relabelled", "rejected"}: every annotator who
    decided on a suggestion."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for sp in store.iter_spans(statuses=("accepted", "rejected")):
        if sp.origin == "manual":
            continue
        label, outcome = _outcome(sp)
        out.setdefault(sp.annotator, {}).setdefault(label, _zero())[outcome] += 1
    return out


def format_suggestion_decisions(counts: Mapping[str, Mapping[str, int]]) -> list[str]:
    """'statistic suggestions: 41 accepted, 3 rejected (93% precise), 7 pending' per label; with corrected ones
    (the annotator tagged part of their words, or more, instead): '41 accepted, 2 corrected, 3 rejected (89%
    precise; 93% on the right words)'."""
    lines = []
    for label in sorted(counts):
        c = counts[label]
        fixed, moved = c.get("corrected", 0), c.get("relabelled", 0)
        decided = c["accepted"] + fixed + moved + c["rejected"]
        share = ""
        if decided:
            share = f" ({100 * c['accepted'] / decided:.0f}% precise"
            share += f"; {100 * (c['accepted'] + fixed) / decided:.0f}% on the right words)" if fixed else ")"
        corrected = (f", {fixed} corrected" if fixed else "") + (f", {moved} relabelled" if moved else "")
        pending = f", {c['pending']} pending" if c.get("pending") else ""
        lines.append(f"{label} suggestions: {c['accepted']} accepted{corrected}, {c['rejected']} rejected{share}{pending}")
    return lines

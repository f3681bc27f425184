"""The shipped anonymous-source model's threshold, set from the annotator's own decisions.

What counts as an anonymous source differs between annotators: one tags only unnamed people who speak
("officials said"), another also the holders of a belief, finding or stance ("Investigators believe", "Banks are
unwilling"). The shipped model (`suggest.base_model`) scores every candidate phrase; its threshold (0.8) was set on
our labels. From an annotator's decided documents this module picks the threshold at which rules + model agree
best with *their* decisions (F1 of overlap match against what they accepted or tagged), among those that find at
least MIN_GAIN more of their spans with no more wrong suggestions added than spans found (a lower threshold), or
make at least MIN_GAIN fewer wrong suggestions with no more spans lost than wrong ones dropped (a higher one),
and only at a better F1 than the shipped threshold's; else the shipped threshold stays. One number learnt from every decided document, so a
few articles are enough; stored in the model's meta ("calibration"), it travels with the model (restart, merge).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_reader.learn.decisions import Decisions
from tui_reader.suggest import DEFAULT_RULES, suggest_text
from tui_reader.suggest.base_model import keep_above, load_base_model, scored_candidates

GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # thresholds tried (1.01: the model adds nothing)
MIN_GAIN = 2  # spans found more (or wrong suggestions fewer) on the decided documents before the threshold moves


def _counts(found: list[tuple[int, int]], positive: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(positives found, suggestions right, suggestions) by overlap."""
    hit = sum(any(a < e and s < b for s, e in found) for a, b in positive)
    right = sum(any(a < e and s < b for s, e in positive) for a, b in found)
    return hit, right, len(found)


def _f1(hit: int, gold: int, right: int, made: int) -> float:
    p = right / made if made else 1.0
    r = hit / gold if gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def train_calibration(dec: Decisions, rules: Mapping[str, str | None] = DEFAULT_RULES) -> dict[str, Any] | None:
    """{"threshold": the annotator's threshold or None (the shipped one stays), "shipped": it, "tried": {t: [found,
    gold, right, suggested]}} from `dec`; None when there is no shipped model, no anonymous-source rule or no
    decision of its label."""
    label = rules.get("anonymous_source")
    shipped = load_base_model()
    if not label or not shipped:
        return None
    if not any(lb == label for spans in (*dec.positive.values(), *dec.negative.values()) for _s, _e, lb in spans):
        return None  # no decision of that label: nothing to set it from (and nothing to say)
    base = float(shipped["threshold"])
    tried = {t: [0, 0, 0, 0] for t in GRID}
    for doc_id in dec.documents:
        text = dec.texts[doc_id]
        positive = [(s, e) for s, e, lb in dec.positive.get(doc_id, []) if lb == label]
        ruled = [(g.start, g.end) for g in suggest_text(text, rules, model=False) if g.label == label]
        scored = scored_candidates(text, shipped, ruled)  # once per document, then kept at each threshold
        for t in GRID:
            added = [(s, e) for s, e, _p in keep_above(scored, ruled, t)]
            hit, right, made = _counts(ruled + added, positive)
            row = tried[t]
            row[0] += hit
            row[1] += len(positive)
            row[2] += right
            row[3] += made
    at_base = tried[min(GRID, key=lambda t: abs(t - base))]

    def moves(t: float) -> bool:  # at least MIN_GAIN better, and what it adds (or drops) at least half right
        found, wrong = tried[t][0] - at_base[0], (tried[t][3] - tried[t][2]) - (at_base[3] - at_base[2])
        if t < base:
            return found >= MIN_GAIN and found >= wrong
        return -wrong >= MIN_GAIN and -wrong >= -found

    allowed = [t for t in GRID if t != base and moves(t) and _f1(*tried[t]) > _f1(*at_base)]
    best = max(allowed, key=lambda t: (round(_f1(*tried[t]), 4), t)) if allowed else base  # ties: the higher
    keep = best != base
    return {"threshold": best if keep else None, "shipped": base, "label": label,
            "tried": {str(t): row for t, row in tried.items()}}  # fmt: skip


def threshold(meta: Mapping[str, Any] | None) -> float | None:
    """The annotator's threshold for the shipped model, or None (the shipped one)."""
    t = (meta or {}).get("threshold")
    return float(t) if t is not None else None


def describe_calibration(meta: Mapping[str, Any] | None) -> str:
    """In words, for `tui-reader learn` and the app: what the decisions set the shipped model's threshold to."""
    if not meta:
        return ""
    base = float(meta["shipped"])
    t = threshold(meta)
    rows = meta["tried"]
    at = rows[str(min((float(k) for k in rows), key=lambda k: abs(k - base)))]
    if t is None:
        return f"anonymous-source model: threshold kept at {base:g} (your decisions: {at[0]}/{at[1]} found, {at[3] - at[2]} wrong)"
    got = rows[str(t)]
    shown = "off" if t > 1 else f"{t:g}"
    return (f"anonymous-source model: threshold {shown} instead of {base:g} from your decisions ({got[0]}/{got[1]} "
            f"found, {got[3] - got[2]} wrong there; {at[0]}/{at[1]} and {at[3] - at[2]} at {base:g})")  # fmt: skip

"""The learned suppressor: the annotator's rejections of RULE suggestions make the rules more precise.

For every rule suggestion in a decided document (accepted = identical to a span the annotator accepted or tagged,
rejected = one they rejected; others are not counted) `features` describes it in words that generalise beyond
its text: its label, the rule, its length in words, whether the sentence has a verb of saying or the quote a
speaker, whether it stands on a short line (a headline, a teaser) or in brackets, capitals, digits and units, its
first and last word. A logistic regression (`filter.fit`, deterministic) learns P(accepted).

Silent unless it helps: a self-check trains on all but one of CHECK_FOLDS folds of the decided documents and
scores the rule suggestions of the fold left out. Per label, the highest of SUPPRESS_STEPS is kept at which the
suggestions below it were all rejected (no accepted one lost) and at least MIN_SUPPRESSED of them; else that label
is never suppressed. A suppressed rule suggestion is not shown. The meta lives in the model's meta ("suppress"),
so it persists in the database and travels with `merge`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tui_reader.learn.decisions import Decisions, _subset
from tui_reader.learn.filter import _SAY, fit, probability
from tui_reader.suggest import Suggestion

SUPPRESS_STEPS = (0.5, 0.4, 0.3, 0.2, 0.1)  # probabilities of acceptance below which the self-check tries to hide
MIN_SUPPRESSED = 2  # rejected suggestions the self-check must have seen hidden (and no accepted one)
MIN_DECISIONS = 4  # rule suggestions decided per label before the suppressor learns that label
CHECK_FOLDS = 4
_STOPS = '.!?"”'
_WORD = re.compile(r"\w+(?:[’']\w+)?")
_UNIT = re.compile(r"[%$€£]|\b(?:per ?cent|percent|million|billion|km|miles?|kg|tons?|years?|dollars?)\b", re.I)


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3" if n == 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


def features(text: str, g: Suggestion) -> list[str]:
    """What a rule suggestion looks like, in features prefixed with its label."""
    span = text[g.start : g.end]
    words = _WORD.findall(span)
    line_start = text.rfind("\n", 0, g.start) + 1
    line_end = text.find("\n", g.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    line_words = _WORD.findall(line)
    sent_s = max(text.rfind(". ", line_start, g.start) + 1, line_start)
    sent_e = text.find(". ", g.end, line_end if line_end >= 0 else len(text))
    sentence = text[sent_s : sent_e if sent_e >= 0 else (line_end if line_end >= 0 else len(text))]
    say = any(w.lower() in _SAY for w in _WORD.findall(sentence))
    before = text[line_start : g.start]
    f = [
        "bias",
        f"rule={g.rule}",
        f"n={_bucket(len(words))}",
        f"say={say}",
        f"speaker={bool((g.attrs or {}).get('speaker'))}",
        f"short_line={len(line_words) <= 12}",
        f"ends_stop={line.rstrip()[-1:] in _STOPS}",
        f"bracket={before.count('[') > before.count(']')}",
        f"cap={words[0][:1].isupper() if words else False}",
        f"allcaps_line={bool(line_words) and sum(w[:1].isupper() for w in line_words) > 0.6 * len(line_words)}",
        f"digit={any(c.isdigit() for c in span)}",
        f"unit={bool(_UNIT.search(span))}",
        f"first_line={line_start == 0}",
        f"first={words[0].lower() if words else ''}",
        f"last={words[-1].lower() if words else ''}",
    ]
    return [f"{g.label}|{x}" for x in f]


def _is_rule(g: Suggestion) -> bool:
    return g.rule != "propagate" and not g.rule.startswith("model:")


def examples(dec: Decisions, found: Mapping[str, Sequence[Suggestion]]) -> list[tuple[str, list[str], int]]:
    """(label, features, accepted) for every decided rule suggestion."""
    out = []
    for d in dec.documents:
        pos, neg = set(dec.positive.get(d, [])), set(dec.negative.get(d, []))
        for g in found.get(d, ()):
            key = (g.start, g.end, g.label)
            if key in pos or key in neg:
                out.append((g.label, features(dec.texts[d], g), int(key in pos)))
    return out


def _fit(data: Sequence[tuple[str, list[str], int]]) -> dict[str, float]:
    """Class-balanced per label: each rejected example counts as often as accepted ones outnumber rejected ones
    (rejections are few; unweighted, P(accepted) stays high for everything)."""
    out: list[tuple[list[str], int]] = []
    for lb in sorted({x[0] for x in data}):
        pos: list[tuple[list[str], int]] = [(f, y) for l2, f, y in data if l2 == lb and y]
        neg: list[tuple[list[str], int]] = [(f, y) for l2, f, y in data if l2 == lb and not y]
        out += pos + neg * max(1, round(len(pos) / max(1, len(neg))))
    return fit(out)


def train_suppressor(dec: Decisions, suggest: Callable[[str], Sequence[Suggestion]]) -> dict[str, Any] | None:
    """The suppressor's meta: {"weights", "max_prob": {label: threshold or None}, "checked": {label: {"hidden",
    "lost"}}}; None when no rule suggestion was decided."""
    found = {d: [g for g in suggest(dec.texts[d]) if _is_rule(g)] for d in dec.documents}
    data = examples(dec, found)
    if not data:
        return None
    weights = _fit(data)
    labels = sorted({lb for lb, _f, _y in data})
    samples: dict[str, list[tuple[float, int]]] = {lb: [] for lb in labels}
    docs = dec.documents
    n = min(len(docs), CHECK_FOLDS)
    if n >= 2:
        for k in range(n):
            held = docs[k::n]
            part = _subset(dec, [d for d in docs if d not in held])
            w = _fit(examples(part, found))
            for lb, f, y in examples(_subset(dec, held), found):
                samples[lb].append((probability(w, f), y))
    max_prob: dict[str, float | None] = {}
    checked: dict[str, dict[str, int]] = {}
    for lb in labels:
        max_prob[lb], checked[lb] = None, {"hidden": 0, "lost": 0, "decided": len(samples[lb])}
        if sum(1 for x in data if x[0] == lb) < MIN_DECISIONS:
            continue
        for t in SUPPRESS_STEPS:  # highest first: hides the most
            below = [y for p, y in samples[lb] if p < t]
            if not any(below) and len(below) >= MIN_SUPPRESSED:
                max_prob[lb], checked[lb] = t, {"hidden": len(below), "lost": 0, "decided": len(samples[lb])}
                break
    return {"weights": weights, "max_prob": max_prob, "checked": checked, "decided": len(data)}


def suppressed(text: str, g: Suggestion, meta: Mapping[str, Any] | None) -> bool:
    """Whether the suppressor hides rule suggestion `g` (always False for other origins or a silent label)."""
    if not meta or not _is_rule(g):
        return False
    t = (meta.get("max_prob") or {}).get(g.label)
    if t is None:
        return False
    return probability(meta["weights"], features(text, g)) < float(t)

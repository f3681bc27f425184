"""A candidate generator and a learned filter: broad candidates, kept or dropped by what the annotator decided.

For the anonymous-source label the generator proposes, with high recall and low precision, every phrase that
may be an unnamed source: the words before a verb of saying or thinking (past auxiliaries and adverbs: "Some
farmers disagreed", "experts say"), and the phrase after "according to" or after a verb of saying that follows a
quotation ("..., said one person at the meeting"). A phrase headed by a pronoun, a number or a capitalised word
inside a sentence (a name) is no candidate.

(The generator, `candidate_features` and `fit` live in `suggest.candidates`, shared with the shipped base model
`suggest.base_model`; every name stays importable from here. The filter uses the narrow generator.)

A small logistic regression decides which candidates to suggest. It is trained on the candidates of
the documents the annotator decided in: a candidate overlapping a span they accepted or tagged with the label is
positive, every other one negative (they saw the document and did not tag it, or rejected it). *What it sees*
per candidate (`candidate_features`): the head word, its last two and three letters, whether it is plural, in
the person-noun list or capitalised; the verb and whether it is a verb of saying; the side of the verb; the first
word (a determiner or quantifier), the number of words, a capitalised word inside the phrase, the phrase
followed by "who"/"familiar"/"close", the sentence start, inside quote marks. So from "analysts said" tagged and
"the company said" rejected it learns a plural person noun before "said" more than a word; deterministic
(batch gradient descent from zero weights, a fixed number of steps).

It adds a candidate the rules, propagation and cues did not suggest (no overlap with one of that label) when its
probability is at least the filter's threshold: MIN_FILTER_PROB, raised by the self-check (train on half the
decided documents, measure on the other half) until its additions there are MIN_SELF_PRECISION precise; a filter
that could not be precise adds nothing. Origin FILTER_ORIGIN ("model:filter"), attrs {"score": probability}.
The weights live in the model's meta ("filter") and so persist in the database and travel with `merge`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from tui_reader.learn.cues import anon_cue
from tui_reader.learn.decisions import Decisions, _subset
from tui_reader.learn.settings import MIN_SELF_PRECISION
from tui_reader.suggest import DEFAULT_RULES, Suggestion
from tui_reader.suggest.candidates import (
    _AFTER_VERB,
    _AUX_WORDS,
    _BOUNDARY,
    _DETS,
    _NOT_HEAD,
    _PREP,
    _SAY,
    _SENT_END,
    _SKIP,
    _SPEECH_LIST,
    ITERATIONS,
    L2,
    MAX_WORDS,
    RATE,
    _candidates,
    _is_word,
    _sentence_start,
    _sigmoid,
    _tokens,
    candidate_features,
    candidates,
    fit,
    probability,
)

FILTER_ORIGIN = "model:filter"
MIN_FILTER_PROB = 0.5  # the lowest probability a candidate is suggested at (chosen on the dev split)
FILTER_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9)  # thresholds the self-check tries, lowest first
MIN_FILTER_RIGHT = 0  # additions the self-check must have seen right (0: suggest when none was wrong)
RULE_FEATURE = True  # the filter sees whether the rules suggest a candidate too
CHECK_FOLDS = 8  # the self-check's folds up to 16 documents (dealt round-robin; beyond, two halves)
MIN_FILTER_SPANS = 3  # positive candidates needed before the filter suggests anything


def examples(dec: Decisions, label: str, verbs: Collection[str] = (),
             found: Mapping[str, Sequence[Suggestion]] | None = None) -> list[tuple[list[str], int]]:  # fmt: skip
    """The candidates of every decided document, positive when they overlap a span accepted/tagged with `label`.
    `found`: doc_id -> the rules' suggestions there (with RULE_FEATURE, a candidate the rules suggest too is told
    apart: the filter's additions are the ones they do not)."""
    out = []
    for doc_id in dec.documents:
        text = dec.texts[doc_id]
        gold = [(s, e) for s, e, lb in dec.positive.get(doc_id, []) if lb == label]
        ruled = [(g.start, g.end) for g in (found or {}).get(doc_id, ()) if g.label == label]
        for s, e, info in candidates(text, verbs):
            feats = candidate_features(text, s, e, info)
            if RULE_FEATURE and found is not None:
                feats.append(f"rule={any(a < e and s < b for a, b in ruled)}")
            out.append((feats, int(any(a < e and s < b for a, b in gold))))
    return out


def train_filter(
    dec: Decisions,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    suggest: Callable[[str], Sequence[Suggestion]] | None = None,
    check: Decisions | None = None,
) -> dict[str, Any] | None:
    """The filter's meta: {"label", "weights", "verbs", "min_prob" (None: holds back), "positives", "candidates",
    "checked"}; None when there is no anonymous source to learn from. `suggest`: the rules (what the filter adds
    to); `check`: the decisions the self-check splits in two (default `dec`)."""
    label = rules.get("anonymous_source")
    if not label:
        return None
    verbs = _learned_verbs(dec, label)
    found = {d: suggest(dec.texts[d]) for d in dec.documents} if suggest is not None and RULE_FEATURE else None
    data = examples(dec, label, verbs, found)
    positives = sum(y for _f, y in data)
    if not positives:
        return None
    meta: dict[str, Any] = {"label": label, "weights": fit(data), "verbs": verbs, "positives": positives,
                            "candidates": len(data), "min_prob": None, "checked": {"right": 0, "wrong": 0}}  # fmt: skip
    if positives < MIN_FILTER_SPANS:
        return meta
    meta["min_prob"], meta["checked"] = _self_check(check or dec, label, suggest or (lambda _t: []), found)
    return meta


def _learned_verbs(dec: Decisions, label: str) -> list[str]:
    """The verbs after the annotator's tagged sources (the first word after, past auxiliaries and adverbs)."""
    out = set()
    for doc_id, spans in dec.positive.items():
        for s, e, lb in spans:
            if lb == label:
                _head, verb = anon_cue(dec.texts[doc_id], s, e)
                if verb and verb.isalpha() and verb not in _SKIP and verb not in _NOT_HEAD:
                    out.add(verb)
    return sorted(out - _SAY)


def _self_check(dec: Decisions, label: str, suggest: Callable[[str], Sequence[Suggestion]],
                known: Mapping[str, Sequence[Suggestion]] | None = None) -> tuple[float | None, dict[str, int]]:  # fmt: skip
    """The filter trained on half the decided documents suggests in the other half (both ways); its additions
    (beyond `found` of the label) are right when they overlap a span the annotator tagged. The lowest of
    FILTER_STEPS at which they were MIN_SELF_PRECISION precise (or none was left), else None."""
    docs = dec.documents
    samples: list[tuple[float, bool]] = []
    if len(docs) >= 2:
        found = {d: (known or {}).get(d) or suggest(dec.texts[d]) for d in docs}  # the rules once per document
        n = min(len(docs), CHECK_FOLDS) if len(docs) <= 2 * CHECK_FOLDS else 2  # many documents: halves suffice
        halves = [docs[i::n] for i in range(n)]
        for f in range(n):
            part = _subset(dec, [d for d in docs if d not in halves[f]])
            verbs = _learned_verbs(part, label)
            weights = fit(examples(part, label, verbs, found if RULE_FEATURE else None))
            for d in halves[f]:
                text = dec.texts[d]
                gold = [(s, e) for s, e, lb in dec.positive.get(d, []) if lb == label]
                meta = {"label": label, "weights": weights, "verbs": verbs, "min_prob": FILTER_STEPS[0]}
                for g in additions(text, meta, found[d]):
                    samples.append((float(g.attrs["score"]), any(a < g.end and g.start < b for a, b in gold)))
    checked = {"right": sum(r for _p, r in samples), "wrong": sum(not r for _p, r in samples)}
    for t in FILTER_STEPS:
        kept = [r for p, r in samples if p >= t]
        if sum(kept) >= max(MIN_FILTER_RIGHT, MIN_SELF_PRECISION * len(kept)):
            return t, checked
    return None, checked


def additions(text: str, meta: Mapping[str, Any] | None, found: Sequence[Suggestion]) -> list[Suggestion]:
    """The filter's suggestions in `text`: candidates at or above its threshold that overlap nothing in `found` of
    their label. Origin FILTER_ORIGIN, attrs {"score": probability}."""
    if not meta or meta.get("min_prob") is None:
        return []
    label, weights, threshold = meta["label"], meta["weights"], float(meta["min_prob"])
    kept = [(g.start, g.end) for g in found if g.label == label]
    out = []
    for s, e, info in candidates(text, meta.get("verbs", ())):
        if any(a < e and s < b for a, b in kept):
            continue
        feats = candidate_features(text, s, e, info)
        if "rule=False" in weights:  # an addition is what the rules do not suggest
            feats.append("rule=False")
        p = probability(weights, feats)
        if p >= threshold:
            out.append(Suggestion(s, e, label, FILTER_ORIGIN, {"score": round(p, 3)}))
            kept.append((s, e))
    return out

__all__ = [  # the generator and the regression (suggest.candidates) stay importable from here
    "FILTER_ORIGIN", "FILTER_STEPS", "ITERATIONS", "L2", "MAX_WORDS", "MIN_FILTER_PROB", "RATE", "RULE_FEATURE",
    "_AFTER_VERB", "_AUX_WORDS", "_BOUNDARY", "_DETS", "_NOT_HEAD", "_PREP", "_SAY", "_SENT_END", "_SKIP",
    "_SPEECH_LIST", "_candidates", "_is_word", "_learned_verbs", "_self_check", "_sentence_start", "_sigmoid",
    "_tokens", "additions", "candidate_features", "candidates", "examples", "fit", "probability", "train_filter",
]  # fmt: skip

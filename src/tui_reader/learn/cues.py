"""Learned cues: the anonymous-source rule's lexicon, extended from the annotator's decisions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tui_reader.learn.checks import _cue_words
from tui_reader.learn.decisions import Decisions
from tui_reader.learn.features import _TOKEN
from tui_reader.learn.propagate import _WORD
from tui_reader.learn.settings import CUE_ORIGIN
from tui_reader.suggest import (
    _DEMONYMS,
    _FALLBACK_PERSON,
    _GROUP_VERBS,
    _NOT_PERSON,
    _PERSON_NOUNS_LISTED,
    _SRC_STOP,
    DEFAULT_RULES,
    Suggestion,
    rule_anonymous_source,
)

MIN_CUE_RIGHT = 1  # held-out additions the cues' self-check must have seen right (test run 6: 0/1 at k = 2..8)
CUE_SELF_CHECK = True
CUE_CHECK_DOCS = 4  # decided documents before the self-check judges the cues (with fewer, folds of one document)
MIN_CUE_SPANS = 1  # a head noun or verb is learned once it attributed this many tagged sources (dev-cv: 1 > 2 > 3)

# --- learned cues: the anonymous-source rule's lexicon, extended from the annotator's decisions -------------------

_CUE_CUT = {"in", "at", "for", "from", "with", "of", "on", "to", "inside", "during", "across", "around", "who",
            "familiar", "close", "based", "working", "involved", "led", "representing", "affiliated", "near",
            "within", "outside", "throughout", "that", "which"}  # fmt: skip
_KNOWN_HEAD = re.compile(rf"(?:{_PERSON_NOUNS_LISTED}|{_DEMONYMS}|{_FALLBACK_PERSON})", re.I)
_KNOWN_VERB = re.compile(rf"(?:{_GROUP_VERBS})", re.I)
_NOT_VERB = {w for w in _SRC_STOP if not _KNOWN_VERB.fullmatch(w)} | _CUE_CUT | {"and", "or", "but"}


def anon_cue(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """(head noun, attributing verb) of an anonymous source: the last word of the phrase before a preposition,
    relative clause or comma ("chief" in "the chief of the local co-operative"), and the first word after the
    phrase past auxiliaries and adverbs ("lamented", "divulged"), lower-cased; None where there is none."""
    head = None
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        if w.lower() in _CUE_CUT or not w[:1].isalnum():
            break
        head = w.lower() if w.isalpha() else None
    after, _before = _cue_words(text, start, end)
    verb = after[0] if after and after[0].isalpha() and after[0] not in _NOT_VERB else None
    return head, verb


def _known_head(word: str) -> bool:
    """In the rule's own lists of people who can be sources (the dev-cv bench puts the earlier rule's in)."""
    return bool(_KNOWN_HEAD.fullmatch(word)) and word not in _NOT_PERSON


def _known_verb(word: str) -> bool:
    """In the rule's own list of verbs that attribute a group source."""
    return bool(_KNOWN_VERB.fullmatch(word))


def learn_cues(dec: Decisions, rules: Mapping[str, str | None] = DEFAULT_RULES) -> dict[str, Any]:
    """What the annotator's anonymous sources teach the rule: {"heads": {word: [tagged, rejected]}, "verbs":
    {...}, "pairs": {"head verb": [tagged, rejected]}} for the head nouns and verbs next to the sources they
    tagged or accepted (positive) and the suggestions they rejected (negative). `cue_lexicon` reads it."""
    label = rules.get("anonymous_source")
    heads: dict[str, list[int]] = {}
    verbs: dict[str, list[int]] = {}
    pairs: dict[str, list[int]] = {}
    for i, bucket in enumerate((dec.positive, dec.negative)):
        for doc_id, spans in bucket.items():
            text = dec.texts[doc_id]
            for s, e, lb in spans:
                if lb != label:
                    continue
                head, verb = anon_cue(text, s, e)
                if head:
                    heads.setdefault(head, [0, 0])[i] += 1
                if verb:
                    verbs.setdefault(verb, [0, 0])[i] += 1
                if head and verb:
                    pairs.setdefault(f"{head} {verb}", [0, 0])[i] += 1
    return {"label": label, "heads": heads, "verbs": verbs, "pairs": pairs}


def check_cues(dec: Decisions, rules: Mapping[str, str | None], suggest: Callable[[str], Sequence[Suggestion]],
               folds: int = 4) -> dict[str, int]:  # fmt: skip
    """The cues' self-check: cues learned on all but one of `folds` folds of the decided documents suggest in the
    fold left out (beyond `suggest`); right = overlapping a span the annotator tagged with the label there."""
    from tui_reader.learn.decisions import _subset

    label = rules.get("anonymous_source")
    docs = dec.documents
    n = min(len(docs), folds)
    right = wrong = 0
    for k in range(n if n >= 2 else 0):
        held = docs[k::n]
        cues = learn_cues(_subset(dec, [d for d in docs if d not in held]), rules)
        for d in held:
            text = dec.texts[d]
            gold = [(s, e) for s, e, lb in dec.positive.get(d, []) if lb == label]
            for g in cue_additions(text, cues, suggest(text), rules):
                hit = any(a < g.end and g.start < b for a, b in gold)
                right, wrong = right + hit, wrong + (not hit)
    return {"right": right, "wrong": wrong}


def cues_pass(checked: Mapping[str, int]) -> bool:
    """The cues suggest when their held-out additions were right at least MIN_CUE_RIGHT times and more often
    right than wrong (a rejected pair is already kept out by "pairs"; one rejection does not silence them all)."""
    r, w = checked.get("right", 0), checked.get("wrong", 0)
    return r >= MIN_CUE_RIGHT and r > w


def cue_lexicon(cues: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(head nouns, verbs) learned: not in the rule's own lists, tagged MIN_CUE_SPANS times or more and more
    often than rejected."""
    def kept(counts: Mapping[str, Sequence[int]], known: Callable[[str], bool]) -> list[str]:
        return sorted(w for w, (pos, neg) in counts.items() if pos >= MIN_CUE_SPANS and pos > neg and not known(w))

    return (kept(cues.get("heads", {}), _known_head),
            kept(cues.get("verbs", {}), _known_verb))  # fmt: skip


def cue_additions(
    text: str,
    cues: Mapping[str, Any] | None,
    found: Sequence[Suggestion],
    rules: Mapping[str, str | None],
) -> list[Suggestion]:
    """Anonymous sources the rule finds with the learned head nouns and verbs added to its lists, beyond what
    `found` (rules, propagation) already suggests of that label, and never a head and verb the annotator rejected
    together at least as often as they tagged them. Origin CUE_ORIGIN, attrs {"cue": "head verb"}."""
    label = rules.get("anonymous_source")
    if not cues or not label or cues.get("label", label) != label or cues.get("silent"):
        return []
    heads, verbs = cue_lexicon(cues)
    if not (set(heads) | set(verbs)) & set(_WORD.findall(text.casefold())):
        return []  # no learned word in the text: the rule would find nothing more
    kept = [(g.start, g.end) for g in found if g.label == label]
    pairs = cues.get("pairs", {})
    out = []
    for s, e, _a in rule_anonymous_source(text, heads=heads, verbs=verbs):
        if any(ks < e and s < ke for ks, ke in kept):
            continue
        head, verb = anon_cue(text, s, e)
        if not ((head in heads and (verb is None or verb in verbs or _known_verb(verb)))
                or (verb in verbs and head is not None and (head in heads or _known_head(head)))):
            continue  # the rule's own words (a phrase it left out on purpose stays out), or a word nobody taught
        pos, neg = pairs.get(f"{head} {verb}", (0, 0))
        if neg and neg >= pos:
            continue  # the annotator rejected this head with this verb
        out.append(Suggestion(s, e, label, CUE_ORIGIN, {"cue": f"{head or ''} {verb or ''}".strip()}))
    return out



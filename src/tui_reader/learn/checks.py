"""What a model suggestion must look like (the rules' conventions) and what it may add."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from tui_reader.learn.decisions import Decisions
from tui_reader.learn.features import _SPEECH, _TOKEN, _words
from tui_reader.learn.settings import MIN_MODEL_SCORE, MIN_SPANS_TO_SUGGEST
from tui_reader.suggest import (
    _GROUP_VERBS,
    Suggestion,
    _is_scare_quote,
    _names_something,
)

# --- what a model suggestion must look like ------------------------------------------------------------------------

_AUX = {"have", "has", "had", "also", "all", "both", "privately", "publicly", "later", "further", "previously",
        "who", "that", "were", "was", "are", "is", "not", "never", "did", "do", "does", "would", "will"}  # fmt: skip
_TRAILING = {"to", "of", "across", "by", "and", "or", "the", "a", "an", "in", "on", "at", "for", "from", "with",
             "—", "–", "-", ",", ";", ":", "(", "since", "than", "but", "who", "that", "which", "were", "was",
             "is", "are", "will", "would"}  # fmt: skip
_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                        r"fifty|hundred|thousand|million|billion|trillion|dozen|half|third|quarter)s?\b", re.I)  # fmt: skip
_YEAR = re.compile(r"(?:1[89]|20)\d\d")



def _cue_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words that may attribute a span: up to three after it (past auxiliaries and adverbs) and up to two
    before it, in its sentence."""
    para_end = text.find("\n", end)
    after = [w for w in _words(text, end, para_end if para_end >= 0 else len(text))[:6]
             if w not in _AUX and not w.endswith("ly") and w not in (",", "’", "'")][:2]  # fmt: skip
    before = _words(text, max(text.rfind("\n", 0, start) + 1, start - 40), start)[-2:]
    return after, before


def _cues(dec: Decisions) -> dict[str, list[str]]:
    """label -> the words next to the annotator's tagged spans of that label (the verbs that attribute them)."""
    out: dict[str, set[str]] = {}
    for doc_id, spans in dec.positive.items():
        text = dec.texts[doc_id]
        for s, e, label in spans:
            after, before = _cue_words(text, s, e)
            out.setdefault(label, set()).update(w for w in (*after, *before) if w.isalpha())
    return {label: sorted(words) for label, words in out.items()}


def _sane(text: str, found: list[Suggestion], rules: Mapping[str, str | None],
          cues: Mapping[str, Sequence[str]]) -> list[Suggestion]:  # fmt: skip
    """Model suggestions that keep the conventions the rules keep: trailing connectors and punctuation trimmed; a
    quote starts and ends at quote marks; a statistic holds a number that is not only a year; an anonymous source
    is not followed by a name ("Farmer Chad Smith") and sits next to a word that attributed one of the
    annotator's tagged sources (their verbs: "said", "believe", "according to" ...), learnt, not listed."""
    quote, statistic, source = rules.get("quote"), rules.get("statistic"), rules.get("anonymous_source")
    out = []
    for g in found:
        s, e = g.start, g.end
        while True:  # trim
            toks = list(_TOKEN.finditer(text, s, e))
            if len(toks) > 1 and toks[-1].group().lower() in _TRAILING:
                e = toks[-2].end()
            elif len(toks) > 1 and g.label != quote and toks[0].group().lower() in _SENTENCE_START:
                s = toks[1].start()
            else:
                break
        span = text[s:e]
        if g.label == quote and (not (span[:1] in "“\"‘'" and span[-1:] in "”\"’'" and len(span) > 2)
                                 or _is_scare_quote(text, s, e) or _names_something(text, s, e)):
            continue  # fmt: skip
        if g.label == statistic:
            words = _words(text, s, e)
            if not _NUMBERISH.search(span) or (len(words) == 1 and not any(c.isdigit() for c in span)):
                continue  # no number, or a spelled number alone ("four who lives ...")
            numbers = [w for w in words if any(c.isdigit() for c in w)]
            spelled = [w for w in words if not any(c.isdigit() for c in w) and _NUMBERISH.search(w)]
            if numbers and not spelled and all(_YEAR.fullmatch(w) for w in numbers):
                continue  # years: "2011 to 2013", "2022 Senate"
            if re.search(r"\d:\d\d", span):
                continue  # a time of day
        if g.label == source:
            if re.match(r"\s+[A-Z][a-z]+\s+[A-Z][a-z]+", text[e : e + 40]):
                continue
            after, before = _cue_words(text, s, e)
            if not set(after[:1] + before) & (set(cues.get(g.label, ())) | _ATTRIBUTING):
                continue
        out.append(Suggestion(s, e, g.label, g.rule, g.attrs))
    return out


_ATTRIBUTING = _SPEECH | set(re.findall(r"[a-z]+", _GROUP_VERBS)) - {"s", "ed", "es", "y", "ies", "ied", "d",
                                                                    "are", "were", "is", "was", "very", "also"}
_SENTENCE_START = {"but", "and", "however", "so", "yet", "still", "meanwhile", "also", "now", "then"}


def _model_additions(
    text: str,
    model: Any,  # a crf.CrfModel (not imported: crf imports this module)
    rule_found: Sequence[Suggestion],
    prop_found: Sequence[Suggestion],
    rules: Mapping[str, str | None],
    *,
    gate: bool = True,
) -> list[Suggestion]:
    """The model's suggestions that add to the rules' and propagation's: not overlapping one of their label, in
    the rules' conventions (`_sane`), and (`gate`) only for labels learnt from MIN_SPANS_TO_SUGGEST spans or more
    whose additions passed the self-check, at the score threshold it chose (a model stored before the self-check
    existed: MIN_MODEL_SCORE)."""
    found = model.predict(text)
    kept = [(g.start, g.end, g.label) for g in (*rule_found, *prop_found)]
    found = [g for g in found if not any(lb == g.label and s < g.end and g.start < e for s, e, lb in kept)]
    if gate:
        learnt = {lb for lb, st in model.meta.get("labels", {}).items() if st.get("spans", 0) >= MIN_SPANS_TO_SUGGEST}
        checked = model.meta.get("min_score")
        threshold = {lb: (checked.get(lb) if checked is not None else MIN_MODEL_SCORE) for lb in learnt}
        found = [g for g in found if threshold.get(g.label) is not None
                 and float(g.attrs.get("score", 0.0)) >= threshold[g.label]]  # fmt: skip
    return _sane(text, found, rules, model.meta.get("cues", {}))



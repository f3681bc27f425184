"""Rule-based pre-annotation: quotations, statistics and anonymous sources in news text.

A package: `text` (shared helpers), `quotes`, `statistics`, `lexicon` and `anonymous` (the anonymous-source rule
and its word lists), `api` (the rule table, `suggest_text`), `store` (storing suggestions and relations). Every
name is importable from here: `from tui_reader.suggest import suggest_text`.

Three rules, each a plain function from text to suggestions, readable top to bottom:

- `quote`: a passage between double quotes (curly “…”, straight "…", or mixed, as copy-edited text often has),
  or between single quotes where news style uses them (headlines: ‘Bad news’, 'Unprecedented'). The speaker
  is stored in `attrs["speaker"]` when an attribution verb stands next to the quote ("…," Trump said /
  said Rubio / Sheinbaum stressed that "…"). Pronoun speakers (he, she) are not stored: they name nobody.
- `statistic`: a number with what it counts or measures ("25 per cent", "more than 74,000 US deaths",
  "$3 billion", "hundreds of thousands of Americans", "20-tonne"). Dates, times, years on their own, ids
  ("Title 50", "MS-13", "2025-30-03") and anything in a picture credit are left alone; so are counts of
  sources ("two officials"), which the anonymous-source rule covers.
- `anonymous_source`: an unnamed source that information is attributed to ("two U.S. officials … said",
  "sources told NBC News", "says one senior intelligence official", "one of the sources",
  "people familiar with the matter"). Officials who are merely the subject of a sentence
  ("officials are debating") are not sources and are left alone.

A shipped model (`base_model`, over the broad candidates of `candidates`) adds to the anonymous-source rule the
candidates it missed that a logistic regression trained on the labelled dev text scores high enough (rule
"anonymous_model", origin "rule:anonymous_model", `attrs["score"]`); `suggest_text(..., model=False)` leaves it out.

Which label each rule suggests is configurable: `rules` maps rule name -> label name (None or absent turns the
rule off), so a custom label set can rename or disable them. `suggest_text` is pure; `store_suggestions` stores
the suggestions as spans with status "suggested" and origin "rule:<name>", never duplicating a span that already
exists with the same (start, end, label) in any status, so a rejected suggestion stays rejected.
"""

from __future__ import annotations

from tui_reader.suggest.anonymous import group_patterns, rule_anonymous_source
from tui_reader.suggest.api import RULES, rules_for_labels, rules_from_toml, suggest_text
from tui_reader.suggest.lexicon import (
    _DEMONYMS,
    _FALLBACK_PERSON,
    _GROUP_VERBS,
    _NOT_PERSON,
    _PERSON_NOUNS,
    _PERSON_NOUNS_LISTED,
    _SRC_STOP,
)
from tui_reader.suggest.quotes import _is_scare_quote, _names_something, rule_quote
from tui_reader.suggest.statistics import rule_statistic
from tui_reader.suggest.store import (
    ATTRIBUTED_TO,
    store_relation_suggestions,
    store_suggestions,
    suggest_relations,
)
from tui_reader.suggest.text import DEFAULT_RULES, MONTHS, RULE_NAMES, SPEECH_VERBS, Suggestion

__all__ = [
    "ATTRIBUTED_TO", "DEFAULT_RULES", "MONTHS", "RULES", "RULE_NAMES", "SPEECH_VERBS", "Suggestion",
    "_DEMONYMS", "_FALLBACK_PERSON", "_GROUP_VERBS", "_NOT_PERSON", "_PERSON_NOUNS", "_PERSON_NOUNS_LISTED",
    "_SRC_STOP", "_is_scare_quote", "_names_something", "group_patterns", "rule_anonymous_source", "rule_quote",
    "rule_statistic", "rules_for_labels", "rules_from_toml", "store_relation_suggestions", "store_suggestions",
    "suggest_relations", "suggest_text",
]  # fmt: skip

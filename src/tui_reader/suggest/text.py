"""Shared text helpers of the suggestion rules: speech verbs, months, sentence ends, plural nouns, credits."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

RULE_NAMES = ("quote", "statistic", "anonymous_source")
DEFAULT_RULES: Mapping[str, str | None] = {
    "quote": "quote",
    "statistic": "statistic",
    "anonymous_source": "anonymous source",
}


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    label: str
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


# --- shared vocabulary ---------------------------------------------------------------------------------------

SPEECH_VERBS = (
    "said|says|say|told|tells|tell|added|adds|asked|asks|wrote|writes|argued|argues|warned|warns|insisted|"
    "insists|stressed|stresses|remarked|remarks|relayed|explained|explains|noted|notes|claimed|claims|stated|"
    "states|declared|declares|replied|replies|responded|continued|tweeted|posted|recalled|admitted|"
    "acknowledged|announced|conceded|countered|urged|joked|observed|predicted|cautioned|concluded|complained"
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_RE = re.compile(rf"(?:{MONTHS})\.?$")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_SENTENCE_ADVERBS = {"but", "however", "and", "still", "yet", "so", "meanwhile", "also", "now", "then", "later",
                     "earlier", "instead", "indeed", "moreover", "furthermore", "separately", "likewise", "finally",
                     "ultimately", "nevertheless", "nonetheless", "meantime", "today", "yesterday", "asked",
                     "privately", "publicly", "formally", "thus", "or", "as", "while", "when", "if"}  # fmt: skip
_WORD = r"[A-Za-z][\w’'.\-]*"


def _credit_ranges(text: str) -> list[tuple[int, int]]:
    """Picture credits and copyright lines: from "Picture:" (Photo:, Credit:, Image:) or "©" to end of line."""
    return [(m.start(), m.end()) for m in re.finditer(r"(?=[PCI©])(?:\b(?:Picture|Photo|Credit|Image)s?:|©)[^\n]*", text)]


def _inside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Is `pos` in one of `ranges` (sorted, not overlapping)?"""
    i = bisect.bisect_right(ranges, (pos, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


# a full stop that ends a sentence, not one of "U.S.", "Oct. 25", "Cmdr. Sean Robertson", "Mr. Trump"
_STOP_CANDIDATE = re.compile(r"([\w.]*)[.?!][\"”’)]?\s")
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "st", "jr", "sr", "co", "no", "vs", "lt", "gen", "col", "sgt", "sen", "rep",
                  "gov", "inc", "ltd", "corp", "cmdr", "capt", "adm", "prof", "jan", "feb", "mar", "apr", "jun", "jul",
                  "aug", "sep", "sept", "oct", "nov", "dec"}  # fmt: skip


def _sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    """Where sentences end in text[lo:hi] (the offset after the white space that follows the stop)."""
    out = []
    for m in _STOP_CANDIDATE.finditer(text, lo, hi):
        word = m.group(1)
        if text[m.end(1)] == "." and (word.lower() in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", word)):
            continue
        out.append(m.end())
    return out



_NOUN_STOP = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "with", "by", "and", "or", "but", "as", "that",
    "which", "who", "were", "was", "are", "is", "be", "been", "have", "has", "had", "will", "would", "could",
    "can", "may", "might", "said", "says", "each", "than", "since", "after", "before", "into", "this", "its",
    "their", "his", "her", "our", "your", "it", "they", "he", "she", "we", "i", "so", "not", "no", "per",
    "more", "less", "over", "under", "about", "across", "during", "until", "when", "while", "if", "because",
    "am", "pm", "a.m.", "p.m.", "gmt", "utc", "est", "edt", "pst", "bst", "cet", "aest",
}  # fmt: skip
_IRREGULAR_PLURALS = {"people", "personnel", "children", "men", "women", "police", "staff", "cattle", "feet", "teeth",
                      "livestock", "mice", "geese", "crew", "troops", "aircraft", "spacecraft", "sheep", "fish",
                      "deer", "species", "offspring"}  # fmt: skip
_NOT_PLURAL = {"this", "was", "is", "has", "as", "its", "us", "his", "hers", "yes", "less", "thus", "across",
               "plus", "various", "previous", "serious", "famous", "numerous", "dangerous", "enormous", "bus",
               "status", "focus", "campus", "census", "virus", "bonus", "process", "access", "business",
               "success", "congress", "press", "gas", "class", "mass", "loss", "cross", "address", "basis",
               "crisis", "analysis", "news", "always", "perhaps", "whereas", "unless", "does", "goes"}  # fmt: skip
_SOURCE_NOUNS = {"official", "officials", "source", "sources", "aide", "aides", "insider", "insiders",
                 "diplomat", "diplomats", "adviser", "advisers", "advisor", "advisors", "staffer", "staffers"}  # fmt: skip
_UNIT_WORDS = {"km", "kg", "mph", "kmh", "tonnes", "tons", "miles", "metres", "meters", "acres", "hectares",
               "degrees", "litres", "liters", "gallons", "barrels", "votes", "points", "years", "months", "weeks",
               "days", "hours", "minutes", "seconds", "bn", "percent"}  # fmt: skip
_TOKEN_AFTER = re.compile(r"[ \t]+([A-Za-z][\w’'\-]*\.?)")


def _is_plural_noun(word: str) -> bool:
    w = word.lower().rstrip(".")
    if w in _IRREGULAR_PLURALS or w in _UNIT_WORDS:
        return True
    if len(w) > 4 and w.endswith("men") and word.islower() and w not in ("specimen", "abdomen", "regimen"):
        return True  # gunmen, fishermen, policemen
    return (len(w) > 3 and w.endswith("s") and not w.endswith(("'s", "’s", "ss", "us", "ous")) and w not in _NOT_PLURAL
            and any(c.islower() for c in word))  # fmt: skip


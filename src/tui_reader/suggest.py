"""Rule-based pre-annotation: quotations, statistics and anonymous sources in news text.

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

Which label each rule suggests is configurable: `rules` maps rule name -> label name (None or absent turns the
rule off), so a custom label set can rename or disable them. `suggest_text` is pure; `store_suggestions` stores
the suggestions as spans with status "suggested" and origin "rule:<name>", never duplicating a span that already
exists with the same (start, end, label) in any status, so a rejected suggestion stays rejected.
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.models import LabelError, LabelSet

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


# --- quotes --------------------------------------------------------------------------------------------------

_NAME = r"(?:[A-Z][\w’'.\-]*)(?:\s+(?:[A-Z][\w’'.\-]*|of|de|del|la|van|von|bin))*"
_DESCRIBED = r"(?:a|an|the|one|another)\s+(?:[\w.\-]+\s+){0,4}?(?:official|spokesman|spokeswoman|spokesperson|source|aide|diplomat|statement)"
_SPEAKER = rf"(?:(?:[Tt]he\s+)?{_NAME}|{_DESCRIBED}|he|she|they|we|I)"
_AFTER_SPEAKER_VERB = re.compile(rf"\s*,?\s*(?P<spk>{_SPEAKER})\s+(?:\w+ly\s+)?(?:{SPEECH_VERBS})\b")
_AFTER_VERB_SPEAKER = re.compile(rf"\s*,?\s*(?:{SPEECH_VERBS})\s+(?P<tail>[^.,;:!?\n“”\"]{{1,120}})")
_BEFORE = re.compile(
    rf"(?P<spk>{_SPEAKER})(?:,[^,\n]{{1,80}},)?\s+(?:\w+ly\s+)?(?:{SPEECH_VERBS})\b[^.!?\n“”\"]{{0,100}}$"
)
_ACCORDING = re.compile(rf"^\s*,?\s*according to\s+(?P<spk>{_NAME}|{_DESCRIBED})")


def _clean_speaker(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().rstrip(".,")
    # a sentence adverb or conjunction is not a speaker: "But Trip Chowdhry" -> "Trip Chowdhry", "However" -> None
    while True:
        first, _, rest = name.partition(" ")
        if first.lower().rstrip(",") not in _SENTENCE_ADVERBS:
            break
        name = rest.strip()
    if name.lower() in _PRONOUNS or not name or name.lower() in _SENTENCE_ADVERBS:
        return None
    return name


def _speaker(text: str, start: int, end: int) -> str | None:
    """The speaker named next to the quote text[start:end] by an attribution verb, if any."""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    line_end = text.find("\n", end, end + 300)
    after = text[end : end + 300 if line_end < 0 else line_end]
    m = _AFTER_SPEAKER_VERB.match(after)
    if m:
        return _clean_speaker(m.group("spk"))
    m = _AFTER_VERB_SPEAKER.match(after)
    if m:
        tail = m.group("tail")
        described = re.match(_DESCRIBED, tail)
        if described:
            return _clean_speaker(described.group(0))
        names = [n.group() for n in re.finditer(_NAME, tail)]
        if names:
            return _clean_speaker(names[-1])
        return None
    m = _ACCORDING.match(after)
    if m:
        return _clean_speaker(m.group("spk"))
    before = text[max(line_start, start - 200):start]
    m = _BEFORE.search(before)
    if m:
        # "Todd Zimmerman, the DEA's special agent in Mexico City said": the subject, not the last name
        sentence_start = max(before.rfind(". ", 0, m.start()) + 2, 0) if ". " in before[: m.start()] else 0
        subject = re.match(rf"\s*(?P<spk>{_NAME}),\s", before[sentence_start:])
        if subject and sentence_start + subject.end() <= m.start("spk"):
            return _clean_speaker(subject.group("spk"))
        return _clean_speaker(m.group("spk"))
    return None


def _double_quotes(line: str) -> list[tuple[int, int]]:
    """(start, end) of double-quoted passages in one paragraph, marks included; straight and curly may mix."""
    found: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in re.finditer(r"[“”\"]", line):
        i, ch = m.start(), m.group()
        if ch == '"' and line[i + 1 : i + 2] == '"':
            continue  # a doubled mark (""Tim's 13 years ...") is one mark
        if ch == '"':
            j = i - 1
            while j >= 0 and line[j] == '"':
                j -= 1  # ""Tim's: the doubled mark counts as one
            before = line[j] if j >= 0 else " "
            after = line[i + 1] if i + 1 < len(line) else " "
            is_open = (before.isspace() or before in "([{—–-/") and not after.isspace()
            if open_at is not None and not (is_open and before.isspace() and i - open_at > 1):
                is_open = False
        else:
            is_open = ch == "“"
        if is_open:
            open_at = i
        elif open_at is not None:
            if re.search(r"\w", line[open_at + 1 : i]):
                found.append((open_at, i + 1))
            open_at = None
    if open_at is not None:  # news style: a quote running on into the next paragraph has no closing mark
        rest = line[open_at:].rstrip()
        if len(re.findall(r"\w+", rest)) >= 4:
            found.append((open_at, open_at + len(rest)))
    return found


_SINGLE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[“\"—–]))"
    r"(?:‘(?P<c>(?:[^‘’\n]|’(?=\w)){2,200}?)’|'(?=[A-Za-z])(?P<s>(?:[^'\n]|'(?=\w)){2,200}?)')(?![\w’'])"
)


def rule_quote(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    found: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        found += [(pos + a, pos + b) for a, b in _double_quotes(line)]
        pos += len(line) + 1
    doubles = set(found)
    in_double = bytearray(len(text))
    for a, b in doubles:
        in_double[a:b] = b"\x01" * (b - a)
    for m in _SINGLE.finditer(text):
        s, e = m.start(), m.end()
        inner = m.group("c") if m.group("c") is not None else m.group("s")
        if inner is None or not re.search(r"[A-Za-z]", inner) or inner[0].isspace():
            continue
        if all(in_double[s:e]):
            continue  # a quote within a quote is part of the outer one
        found.append((s, e))
    out: list[tuple[int, int, dict[str, Any]]] = []
    last: tuple[int, str | None] = (-1, None)
    for s, e in sorted(found):
        speaker = _speaker(text, s, e)
        continued = last[0] >= 0 and _same_speaker_gap(text[last[0] : s])
        if speaker is None and continued:
            speaker = last[1]  # “…,” Trump said. “…”: the second quote is his too
        if (s, e) in doubles and speaker is None and not continued and _is_scare_quote(text, s, e):
            continue
        if _names_something(text, s, e):
            continue
        out.append((s, e, {"speaker": speaker} if speaker else {}))
        last = (e, speaker)
    return out


_REPORTING = re.compile(
    rf"\b(?:{SPEECH_VERBS}|saying|telling|adding|writing|arguing|warning|insisting|stressing|claiming|stating|"
    r"call|calls|called|calling|dubbed|describ\w+|accus\w+|order\w*|reiterat\w+|vow\w*|promis\w+|pledg\w+|"
    r"label\w*|brand\w*|termed|reject\w*|den(?:y|ies|ied|ying)|demand\w*|according|reports?|reported|alleg\w+|"
    r"assur\w+|instruct\w+|cheer\w*|hail\w*|prais\w+|condemn\w*|decr[iy]\w*|slam\w*)\b"
)


def _is_scare_quote(text: str, s: int, e: int) -> bool:
    """A short double-quoted phrase in a sentence that reports nobody's words: He needs a “win”."""
    if len(re.findall(r"\w+", text[s:e])) > 3:
        return False
    lo, hi = max(0, s - 400), min(len(text), e + 400)  # the sentence, within reason
    a = max([lo - 1, text.rfind("\n", lo, s)] + [i - 1 for i in _sentence_ends(text, lo, s)]) + 1
    ends = [text.find("\n", e, hi)] + _sentence_ends(text, e, hi)[:1]
    b = min((i for i in ends if i >= 0), default=hi)
    sentence = text[a:s] + " " + text[e:b]
    return not _REPORTING.search(sentence)


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


_TITLE_SMALL = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with", "or"}


def _names_something(text: str, s: int, e: int) -> bool:
    """A quoted name or term that nobody says: a title or nickname in title case (“CBS This Morning”,
    ‘Eye of Heaven’, “Mini Mike.”), a two-word term right after a determiner (the "Apple community"), a short
    quoted modifier before a noun ("thank you" calls)."""
    inner = text[s + 1 : e - 1].strip()
    words = re.findall(r"[\w’'\-]+", inner)
    if not words or len(words) > 5:
        return False
    big = [w for w in words if w.lower() not in _TITLE_SMALL]
    if len(words) >= 2 and big and all(w[0].isupper() or w[0].isdigit() for w in big) and words[0][0].isupper():
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        rest = text[line_start:s] + " " + text[e : len(text) if line_end < 0 else line_end]
        in_sentence = bool(re.search(r"\b(?!(?:" + "|".join(_TITLE_SMALL) + r")\b)[a-z]{3,}", rest))
        if text[line_start:s].strip() and in_sentence:
            return True  # not a headline quote (‘Bad News’: ..., Activists Insist 'Science Is on Our Side')
    if re.match(r"\s*,?\s*as\s+(?:it|they|he|she)\s+(?:was|were|is|are)\s+(?:called|known|dubbed|nicknamed)\b", text[e : e + 40]):
        return True  # a $10 million “field house,” as it was called then
    if len(words) <= 2 and re.search(r"\b(?:the|a|an|its|their|his|her|our)\s+$", text[max(0, s - 6) : s], re.I) and not \
            re.search(r"\b(?:what|which)\s+\w+\s+(?:called|calls|dubbed|termed)\b[^.!?]*$", text[max(0, s - 80) : s]):
        return True
    if len(words) <= 3 and not re.search(r"[.,!?;:]$", inner):
        nxt = _TOKEN_AFTER.match(text, e)
        if nxt and nxt.group(1)[0].islower() and _is_plural_noun(nxt.group(1)):
            return True
    return False


def _same_speaker_gap(gap: str) -> bool:
    """The text between two quotes is only their attribution: `,” Trump said last month. “`."""
    if "\n" in gap:
        return False
    if len(gap) < 20 and not re.search(r"[.!?]\s", gap):
        return True  # “all for show” and that “It’s not going to have an impact.”
    return len(gap) < 80 and bool(re.search(rf"\b(?:{SPEECH_VERBS})\b", gap))


# --- statistics ----------------------------------------------------------------------------------------------

_NUM = r"(?=\d)(?<![\w.,/:$€£#-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w:/]|[.,]\d|-\d)"
_QUAL = (
    r"(?:(?:more|fewer|less)\s+than|over|under|about|around|approximately|roughly|nearly|almost|some|"
    r"at\s+least|at\s+most|up\s+to|as\s+many\s+as|an\s+estimated|upwards\s+of|close\s+to|just\s+over|"
    r"just\s+under|well\s+over)\s+"
)
_QUAL_BEFORE = re.compile(rf"\b{_QUAL}$", re.I)
_SCALE = r"(?:million|billion|trillion|bn|m)\b"
_UNITS = (
    r"(?:tonne|ton|pound|kilogram|kg|km|kilometre|kilometer|mile|metre|meter|foot|feet|inch|year|month|week|day|"
    r"hour|minute|second|acre|storey|story|point|man|member|strong|seat|bed|percent|degree|litre|liter|gallon)"
)
_SPELLED = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
_MAGNITUDE = r"(?:(?:tens|hundreds|dozens)\s+of\s+)?(?:thousands|millions|billions|hundreds|dozens|scores)"

_STAT_PATTERNS = (
    # money: $3 billion, £40m
    ("money", re.compile(
        rf"(?:[$€£₹]|\bRs\.?[ \t]?)\s?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[\s-]?(?:{_SCALE}|lakh\b|crore\b))?", re.I
    )),
    # a scaled figure welded to its currency or unit: 1.2-billion-yuan, 3-million-strong
    ("hyphen", re.compile(rf"{_NUM}-(?:million|billion|trillion)(?:-[a-z]+)?\b", re.I)),
    # percentages: 25 per cent, 3.5%, 10 percentage points
    ("percent", re.compile(rf"{_NUM}\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b)", re.I)),
    # a number welded to its unit: 20-tonne, 40-year-old, 500-strong
    ("hyphen", re.compile(rf"{_NUM}-{_UNITS}s?(?:-(?:old|long|wide|high))?\b", re.I)),
    # vague magnitudes: hundreds of thousands of Americans, millions in profits
    ("magnitude", re.compile(rf"(?=[tdhmbsTDHMBS])\b{_MAGNITUDE}\s+(?:of|in)\s+", re.I)),
    # a number, maybe with a scale word, before what it counts: more than 74,000 US deaths, 2 million people
    ("count", re.compile(rf"{_NUM}(?:\s+{_SCALE})?", re.I)),
    # a number in words welded to its unit: two-man, four-term, six-month, two-month-long
    ("hyphen", re.compile(rf"(?=[tfsenhoTFSENHO])(?<![\w-])(?:{_SPELLED}|one)-(?:{_UNITS}|term)s?(?:-(?:old|long|wide|high))?\b", re.I)),
    # fractions: two-thirds, one-fourth (always); more than half, roughly a third, half a decade, half of all ...
    ("hyphen", re.compile(r"\b(?:one|two|three|four)-(?:thirds?|fourths?|quarters?|fifths?)\b", re.I)),
    ("fraction", re.compile(r"\b(?:half|a\s+(?:third|quarter|fifth))\b(?:\s+(?:an?|of)\b\s+(?:[\w’'\-]+\s+){0,5}?"
                            r"(?:[\w\-]+s\b|decade|century|year|month|week|day|hour|billion|million))?", re.I)),
    # a number word with a scale: a dozen Republicans, a few hundred, a million tweets, half a billion dollars
    ("scaled", re.compile(r"\b(?:a|one)\s+(?:few\s+)?(?:dozen|hundred|thousand|million|billion)\b", re.I)),
    # a range welded by a dash before its unit: 3-5 years, 10–12 weeks
    ("hyphen", re.compile(rf"(?<![\w.,/-])\d{{1,3}}[-–]\d{{1,3}}[ \t]+{_UNITS}s?\b", re.I)),
    # a year and a half, a month and a half
    ("duration", re.compile(r"\b(?:a|one)\s+(?:year|month|week|day|hour|decade|century)\s+and\s+a\s+half\b", re.I)),
    ("spelled", re.compile(rf"(?=[tfsenhTFSENH])\b{_SPELLED}\b(?![\w-])", re.I)),
)

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
_ID_WORDS = {"title", "article", "section", "chapter", "flight", "route", "no", "no.", "number", "room", "highway",
             "act", "phase", "level", "stage", "category", "gate", "terminal", "platform", "page", "volume",
             "vol.", "episode", "season", "part", "rule", "resolution", "amendment", "unit", "squad", "apollo",
             "interstate", "bill", "covid", "covid-", "windows", "iphone", "version", "v", "grade", "class",
             "district", "ward", "lot", "box", "suite", "floor", "tier", "week", "day", "game", "round",
             "paragraph", "clause", "item", "exhibit", "table", "figure", "fig.", "line", "channel", "code", "year"}  # fmt: skip
_YEAR = re.compile(r"(?:1[89]|20)\d\d$")
_TOKEN_AFTER = re.compile(r"[ \t]+([A-Za-z][\w’'\-]*\.?)")


def _is_plural_noun(word: str) -> bool:
    w = word.lower().rstrip(".")
    if w in _IRREGULAR_PLURALS or w in _UNIT_WORDS:
        return True
    if len(w) > 4 and w.endswith("men") and word.islower() and w not in ("specimen", "abdomen", "regimen"):
        return True  # gunmen, fishermen, policemen
    return (len(w) > 3 and w.endswith("s") and not w.endswith(("'s", "’s", "ss", "us", "ous")) and w not in _NOT_PLURAL
            and any(c.islower() for c in word))  # fmt: skip


def _counted_noun_end(text: str, pos: int, max_words: int = 4) -> int | None:
    """End of the noun phrase a number at `pos` counts ("US deaths", "freshly deployed troops"), or None."""
    for _ in range(max_words):
        m = _TOKEN_AFTER.match(text, pos)
        if not m:
            return None
        word = m.group(1)
        low = word.lower().rstrip(".")
        if low in _NOUN_STOP or _MONTH_RE.match(word):
            return None
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            word = word[:-1]  # the full stop ends the sentence
            return m.start(1) + len(word) if _is_plural_noun(word) and low not in _SOURCE_NOUNS else None
        if _is_plural_noun(word):
            return None if low in _SOURCE_NOUNS else m.start(1) + len(word)
        pos = m.end(1)
    return None


def _next_word(text: str, pos: int) -> str:
    m = _TOKEN_AFTER.match(text, pos)
    return m.group(1) if m else ""


_YEAR_CONTEXT = re.compile(r"\b(?:in|since|by|from|until|of|during|the|early|late|mid|before|after)\s*$", re.I)


_CAPITALISED_BEFORE_NUMBER = {"the", "a", "an", "some", "about", "more", "over", "nearly", "almost", "around",
                              "only", "just", "all", "another", "those", "these", "his", "her", "their", "its",
                              "our", "my", "your", "at", "by", "of", "with", "and", "but", "than"}  # fmt: skip


def _names_a_model(text: str, s: int, prev: str) -> bool:
    """A number right after a capitalised word in mid-sentence names a thing: "Boeing 737", "Route 66"."""
    if not prev or not prev[0].isupper() or prev.lower() in _CAPITALISED_BEFORE_NUMBER:
        return False
    if prev.endswith(("’s", "'s", "s’", "s'")):
        return False  # "Trump’s 3000 troops"
    before = text[max(0, s - 60) : s].rstrip()
    before = before[: len(before) - len(prev)].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n“\"‘'(—–-"


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w.:#’'\-]+)[ \t]*$", text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


_LISTICLE = re.compile(r"(?:tips|ways|things|reasons|facts|secrets|signs|mistakes|habits|tricks|hacks|myths|"
                       r"ideas|recipes|lessons)$", re.I)
_RANGE_END = re.compile(
    rf"[ \t]*(?:to|-|–)[ \t]*(?:an?|one|{_SPELLED}|\d[\d,.]*)[ \t]+(?:{_UNITS}|hour|decade|century)s?\b", re.I
)


def _teaser_ranges(text: str) -> list[tuple[int, int]]:
    """Link teasers: in square brackets on one line ("[The History of 8 Famous Bridges]") or a line that starts
    "MORE:", "READ MORE:", "RELATED:", "SEE ALSO:", "WATCH:" ("MORE: Black-led group ... could bring $5B ...")."""
    found = [(m.start(), m.end()) for m in re.finditer(r"\[[^\]\n]{3,200}\]", text)
             if len(re.findall(r"[A-Za-z]{2,}", m.group())) >= 3]
    found += [(m.start(), m.end()) for m in re.finditer(
        r"(?m)^(?:MORE|READ MORE|RELATED|SEE ALSO|WATCH|ALSO READ|READ ALSO|FULL LIST)\s*:[^\n]*", text)]  # fmt: skip
    return found


_COUNTED_SOURCE = re.compile(r"[ \t]+(?:have[ \t]+|had[ \t]+|also[ \t]+)?(?:said|say|says|told|reported|complained|"
                             r"argued|warned|believe[sd]?)\b")


def rule_statistic(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    credits = sorted(_credit_ranges(text) + _teaser_ranges(text))
    taken = bytearray(len(text))  # 1 where a statistic was already found: the earlier pattern wins
    out: list[tuple[int, int, dict[str, Any]]] = []

    def add(s: int, e: int, kind: str) -> None:
        if _inside(s, credits) or any(taken[s:e]):
            return
        taken[s:e] = b"\x01" * (e - s)
        out.append((s, e, {}))

    for kind, pat in _STAT_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if kind == "money":
                cur = re.search(r"\b(?:US|A|C|NZ|HK|S|R)\Z", text[max(0, s - 3) : s])
                s -= len(cur.group()) if cur else 0  # US$1 billion
            qual = _QUAL_BEFORE.search(text, max(0, s - 30), s)  # "more than", "about", ... (kept off the
            if qual:  # patterns themselves: an optional prefix tried at every position made them 3x slower)
                s = qual.start()
            num = re.search(r"[\d,.]*\d", m.group()) if kind in ("count", "percent", "hyphen") else None
            prev = _prev_word(text, s)
            if kind != "money" and (prev.lower() in _ID_WORDS or _MONTH_RE.match(prev) or re.fullmatch(r"[A-Z]{2,}-?", prev)):
                continue  # Title 50, April 10, MS 13
            if kind == "count" and _names_a_model(text, s, prev):
                continue  # Boeing 737 jets, Windows 11 users
            if kind == "hyphen" and re.match(r"[A-Z]\w*-[A-Z]", m.group()) and _next_word(text, e)[:1].isupper():
                continue  # the Six-Day War: a name
            if kind == "hyphen" and re.search(r"-inch(?:es)?$", m.group(), re.I) and re.match(
                    r"[ \t]+[A-Z][a-z]", text[e : e + 4]) and text[max(0, s - 2) : s].strip() not in (".", "\n", ""):
                continue  # "the 16-inch MacBook Pro": part of a product's name (not "20-tonne Stryker vehicles")
            if kind == "hyphen" and re.search(r"\bthe\s+$", text[max(0, s - 5) : s], re.I) and text[e : e + 2] in ("'s", "’s"):
                continue  # "the 66-year-old's suicide": a person named by their age
            if kind in ("money", "percent", "hyphen", "duration"):
                add(s, e, kind)
                continue
            if kind == "fraction" and re.search(r"\b(?:billion|million)$", m.group(), re.I):
                add(s, _counted_noun_end(text, e) or e, kind)  # half a billion dollars
                continue
            if kind == "fraction":
                # on its own "half" is too common ("the second half"): a qualifier or what it is a part of
                if re.fullmatch(r"(?i)a\s+(?:third|quarter|fifth)", m.group()) and not qual and not re.match(r"\s+of\s", text[e : e + 5]):
                    continue  # "a third case": an ordinal
                if qual or m.group().lower() != "half" or re.match(r"\s+(?:of|an?)\s", text[e : e + 5]):
                    if m.group().lower() == "half" and not qual and m.end() - m.start() == 4:
                        continue
                    add(s, e, kind)
                continue
            if kind == "scaled":
                noun_end = _counted_noun_end(text, e)
                add(s, noun_end or e, kind)
                continue
            if kind == "spelled" and re.search(r"(?:\b(?:the|our|their|its|his|her|these|those|both)|\w[’']s)\s+"
                                               r"(?:(?:only|other|first|same|top|remaining)\s+)?$",
                                               text[max(0, s - 24) : s], re.I):
                continue  # "our two countries", "the only two states", "the world’s two largest": a reference
            if kind == "count" and re.search(r"\b(?:these|those)\s+$", text[max(0, s - 7) : s], re.I):
                continue  # "These 150 Indians": the figure given before
            if kind == "count" and re.fullmatch(r"911|999|112", m.group()) and re.match(r"\s+call", text[e : e + 6]):
                continue  # 911 calls: a phone number
            if kind == "count" and _MONTH_RE.match(_next_word(text, e)):
                continue  # 03 November
            if kind == "count" and num and _YEAR.match(num.group()) and _YEAR_CONTEXT.search(text[max(0, s - 12) : s]):
                continue  # in 2023, the 2024 campaign
            noun_end = _counted_noun_end(text, e - 1 if kind == "magnitude" else e)  # magnitude ends after "of "
            if noun_end is None and kind in ("count", "spelled"):
                more = re.match(r"[ \t]+(?:more|fewer|additional|extra)\b", text[e : e + 20])  # two more years
                part = re.match(r"[ \t]+of[ \t]+(?:the|his|her|their|its|our|my|these|those)\b", text[e : e + 20])
                if re.match(r"[ \t]+of[ \t]+them\b", text[e : e + 10]):
                    noun_end = e + text[e : e + 10].index("them") + 4  # "20 of them"
                if more:
                    noun_end = _counted_noun_end(text, e + more.end(), 3)
                elif part:  # "two of his most experienced workers", "eight of the 48 Hispanic workers"
                    noun_end = _counted_noun_end(text, e + part.end(), 4)
            if noun_end is None and qual and kind in ("count", "spelled"):
                noun_end = e  # "More than 300 were evacuated": a qualified figure is a quantity on its own
            if noun_end is None and kind == "count" and num and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num.group()):
                noun_end = e  # "2,285 were absent": a grouped figure is a quantity on its own
            if noun_end is None and kind == "count" and re.search(rf"\s{_SCALE}$", m.group(), re.I):
                noun_end = e  # "2 million" on its own
            if noun_end is not None and re.match(r"\s+old\b", text[noun_end : noun_end + 5]) and \
                    re.search(r",\s*$", text[max(0, s - 3) : s]):
                continue  # "Mr. Petraeus, 59 years old,": an age in apposition
            if noun_end is not None and _LISTICLE.match(text[s:noun_end].rsplit(None, 1)[-1]):
                continue  # "5 healthy eating tips": a teaser, not a figure
            if noun_end is not None and _COUNTED_SOURCE.match(text, noun_end) and re.search(
                    rf"\b{_HEAD}$", text[s:noun_end]):
                continue  # "Tens of thousands of users reported ...": a count of sources (the source rule's)
            if noun_end is not None and not _KNOWLEDGE.match(text, noun_end):
                add(s, noun_end, kind)  # "three people familiar with the plans" is a source, not a statistic
    out.sort()
    # a figure and its conversion in brackets are one statistic: "40 miles (65 km)", "1.2-billion-yuan (US$171-million)"
    merged: list[tuple[int, int, dict[str, Any]]] = []
    for s, e, a in out:
        pct = "%?" if text[e - 1 : e] == "%" else ""  # "0.6% to 0.7%"
        low = re.search(rf"(?<![\w.,])\d[\d,.]*{pct}[ \t]*(?:to|-|–)[ \t]*$", text[max(0, s - 20) : s])
        if low and merged and merged[-1][0] == s - len(low.group()) and pct:
            s = merged.pop()[0]  # "0.6% to 0.7%": both ends were found, one range
        elif low and not (merged and merged[-1][1] > s - len(low.group())):
            s -= len(low.group())  # "10 to 20 days"
        rng = _RANGE_END.match(text, e)
        if rng and not any(taken[e : rng.end()]):
            e = rng.end()  # "30 minutes to an hour"
        if merged and re.fullmatch(r"[ \t]*\(", text[merged[-1][1] : s]) and text[e : e + 1] == ")":
            merged[-1] = (merged[-1][0], e + 1, merged[-1][2])
        else:
            merged.append((s, e, a))
    return merged


# --- anonymous sources ---------------------------------------------------------------------------------------

_SRC_NOUN = r"officials?|sources?|aides?|insiders?|diplomats?|advisers?|advisors?|staffers?"
_SRC_STOP = {
    "of", "in", "on", "at", "to", "for", "from", "with", "by", "as", "that", "which", "who", "whom", "were",
    "was", "are", "is", "be", "been", "have", "has", "had", "will", "would", "could", "can", "may", "might",
    "said", "says", "say", "told", "tell", "tells", "than", "since", "after", "before", "into", "among",
    "between", "but", "so", "yet", "also", "however", "still", "now", "then", "not", "no", "if", "when",
    "while", "because", "although", "though", "he", "she", "they", "it", "we", "i", "you", "him", "her",
    "them", "us", "his", "its", "their", "our", "my", "your", "according", "reported", "report", "reports",
    "about", "over", "under", "where", "how", "what", "why", "this", "there", "here", "do", "does",
    "did", "unreliable", "anonymous", "named", "unnamed", "cited", "citing", "quoted", "quoting", "against",
    "and/or", "plus", "via", "per", "added", "noted", "warned", "wrote", "lamented", "conceded", "acknowledged",
    "insisted", "cautioned", "explained", "recalled", "joked", "complained", "argued",
}  # fmt: skip
_DETERMINERS = {"a", "an", "the", "another", "these", "those", "some", "several", "many", "other", "one"}
_CONNECTORS = {"and", "or"}
_SRC_VERB_AFTER = re.compile(
    r"\s*,?\s*(?:(?:have|has|had|also|previously|privately|publicly|later|further|separately|both|all|\w+ly)\s+)*"
    r"(?:said|say|says|told|tell|tells|stated|state|described|describe|describes|confirmed|confirm|confirms|"
    r"added|noted|warned|cautioned|explained|indicated|acknowledged|insisted|claimed|suggested|estimated|"
    r"revealed|disclosed|divulged|conceded|admitted|announced|argued|believe|believes|expect|expects|speaking|spoke|"
    r"fear|fears|feared|worry|worries|worried|think|thinks|thought|predicted|predict|predicts|urged|reported|"
    r"advised|advise|recommended|cited|denied|disputed|reiterated|lamented|joked|wondered|complained|questioned|"
    r"(?:are|were|is|was|remain|remained)\s+(?:(?:particularly|especially|very|deeply|increasingly|also|still|"
    r"growing|more|most)\s+)*(?:concerned|worried|alarmed|skeptical|sceptical|convinced|confident|wary)|"
    r"who spoke|who requested|"
    r"who asked|who (?:was|were) not authorized|who declined|who insisted|granted anonymity|familiar)\b"
)
_SRC_VERB_BEFORE = re.compile(r"(?:\b(?:said|says|say|tells|told|added|noted|warned|wrote|lamented|conceded|acknowledged|"
                              r"insisted|cautioned|explained|recalled|joked|complained|argued|according to)\s*)$", re.I)
_KNOWLEDGE = re.compile(
    r"\s+(?:with\s+(?:direct\s+|first-?hand\s+)?knowledge\s+of|familiar\s+with|briefed\s+on|close\s+to)"
    r"\s+(?:the|this|these|those|his|her|their|its)\s+[\w\-]+"
)
_FAMILIAR = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|several|some|many|other|those)\s+)?(?:people|persons?|someone|those)"
    r"(?=\s+(?:familiar\s+with|with\s+(?:direct\s+)?knowledge\s+of|close\s+to|briefed\s+on)\s)",
    re.I,
)
_PARTITIVE = re.compile(r"\b(?:one|two|three|some|several|many|most|all|none|each|another|both)\s+of\s+$", re.I)


def _np_start(text: str, noun_start: int) -> int:
    """Walk back from a source noun over its modifiers: "Current and former military, law enforcement, and
    intelligence officials", "two former senior U.S. officials". Commas join modifiers only in a list with "and"."""
    line_start = max(text.rfind("\n", 0, noun_start) + 1, noun_start - 300)  # a phrase, not a whole line
    tokens = list(re.finditer(r"[A-Za-z0-9][\w’'.\-&]*", text[line_start:noun_start]))
    start = noun_start
    seen_connector = False
    right = noun_start
    for m in reversed(tokens):
        s, e = line_start + m.start(), line_start + m.end()
        gap = text[e:right]
        word = m.group()
        low = word.lower()
        if gap.strip() not in ("", ",") or (gap.strip() == "," and not seen_connector):
            break
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            break  # the end of the previous sentence
        if low in _SRC_STOP:
            break
        if low in _CONNECTORS:
            seen_connector = True
        start = s
        right = s
        if low in _DETERMINERS - {"one", "some", "several", "many", "other"}:
            break
    coordinated = re.search(rf"\b(?:{_SRC_NOUN})\s*,?\s+(?:and|or)\s+$", text[line_start:start], re.I)
    if coordinated:
        return _np_start(text, line_start + coordinated.start())
    # never start on a connector
    while True:
        lead = re.match(r"(?:and|or)\s+|,\s*", text[start:noun_start])
        if not lead or start + lead.end() >= noun_start:
            break
        start += lead.end()
    return start


# Unnamed people and groups who say, believe or report something: "analysts said", "Some farmers disagreed",
# "a spokesperson for the Universities and Colleges Employers' Association (UCEA) said", "said one GOP operative
# in the state", "according to a person at the fundraiser", "A resident who didn't want to be identified ... said".
# any other plural in -ers/-ists/-ians is a group of people (winemakers, shopkeepers ...) when it says something
# any other "-ers/-ists/-ians" word is a group of people (winemakers, shopkeepers ...) when it says something, and
# a singular "-er/-ist/-ian" one (a pensioner) when it says or tells something (checked in _group_sources); lower case
# only (a capitalised one is a name: Walter, Reuters, Peters). Words that are not people are left out in Python
# (_NOT_PERSON): a negative lookahead tried at every word made the whole rule twice as slow.
_FALLBACK_PERSON = (r"[a-z]+(?:(?<=[a-z]{3}ers)|(?<=[a-z]{3}ists)|(?<=[a-z]{3}ians)|(?<=[a-z]{3}er)|(?<=[a-z]{3}ist)|"
                    r"(?<=[a-z]{3}ian))\b")
_NOT_PERSON = {
    "after", "another", "answers", "banner", "banners", "barriers", "boosters", "border", "borders", "brother",
    "center", "centers", "centre", "centres", "chambers", "chapter", "chapters", "character", "characters",
    "charter", "charters", "christian", "christians", "clusters", "computer", "computers", "container", "containers",
    "corner", "corners", "counter", "counters", "cover", "covers", "daughter", "disasters", "earlier", "either",
    "ever", "father", "fibers", "fibres", "filter", "filters", "flowers", "flyer", "flyers", "folders", "footer",
    "former", "further", "guardian", "header", "headers", "headlines", "headquarter", "headquarters", "however",
    "interviewer", "lasers", "later", "latter", "layers", "leader", "letter", "letters", "lists", "lobsters",
    "markers", "matter", "matters", "meter", "meters", "minister", "monsters", "mother", "neither",
    "never", "newsletter", "newsletters", "newspaper", "number", "numbers", "offers", "order", "orders", "other",
    "otters", "over", "paper", "papers", "parameters", "parliamentarian", "partner", "platform",
    "polymers", "poster", "posters", "power", "powers", "printer", "printers", "quarter", "quarters", "rather",
    "register", "registers", "reporter", "reuters", "rivers", "server", "servers", "shelters", "sister", "spiders",
    "thrillers", "tigers", "together", "tower", "towers", "trailer", "trailers", "transfers", "twists", "under",
    "waivers", "water", "waters", "whatever", "whether", "whoever"
}  # fmt: skip
_PERSON_NOUNS_LISTED = (
    r"analysts?|experts?|critics?|users?|organi[sz]ers?|residents?|resident|economists?|scientists?|researchers?|"
    r"academics?|lawmakers?|legislators?|employers?|employees?|builders?|farmers?|workers?|volunteers?|voters?|"
    r"observers?|activists?|witnesses|witness|doctors?|nurses?|teachers?|parents?|students?|investors?|traders?|"
    r"strategists?|operatives?|consultants?|executives?|managers?|members?|spokes(?:man|woman|person|people)|"
    r"people|persons?|someone|individuals?|staff|staffers?|directors?|oceanographers?|toxicologists?|"
    r"engineers?|historians?|scholars?|supporters?|opponents?|campaigners?|protesters?|protestors?|"
    r"republicans|democrats|conservatives|liberals|others|woman|man|colleagues|neighbou?rs|friends|relatives|"
    r"insiders?|aides?|advisers?|advisors?|officials?|sources?|diplomats?|politicians?|elders|authors|"
    r"physicians?|epidemiologists?|biologists?|physicists?|astronomers?|geologists?|ecologists?|climatologists?|"
    r"specialists?|professionals|officers|investigators|prosecutors|lawyers|attorneys|passengers|survivors|"
    r"tourists|visitors|locals|villagers|citizens|customers|shoppers|fans|owners|officers|bystanders|"
    r"eyewitnesses|commentators|pundits|pollsters|bankers|regulators|negotiators|envoys|officers?|groups|"
    r"fishermen|fishers|firefighters|paramedics|medics|rescuers|miners|drivers|pilots|"
    r"authorities|advocates|representatives|settlers|commenters?|commentator|businesses|brokerages|outlets|"
    r"journalists?|management|team(?: of (?:researchers|scientists|experts))?|group|merchants|Wall Street|chiefs?|agents"
)
# and a singular one (a shopkeeper, one pensioner) when it says or tells something (checked in _group_sources)
_PERSON_NOUNS = _PERSON_NOUNS_LISTED + "|merchant"
# plural demonyms as a group that speaks: "Many Tunisians accuse", "Tunisians worry" (case-sensitive: not "evans")
_DEMONYMS = r"(?!Evans\b)[A-Z][a-z]+(?:ians|ans|ese|eans)|Israelis|Iraqis|Pakistanis|Saudis|Somalis|Kuwaitis|Yemenis|Britons|Scots|Poles|Swedes|Danes|Finns|Turks|Greeks|French|Dutch|Swiss|New Zealanders|Icelanders|Islanders|Londoners|Europeans"
# the fallbacks are lower case: a capitalised "-er" word is a name (Walter, Reuters, Sellers)
_HEAD = rf"(?:(?i:{_PERSON_NOUNS})|{_DEMONYMS}|{_FALLBACK_PERSON})"
_GROUP_VERBS = (
    r"said|say|says|told|tell|tells|add(?:s|ed)|accuse[sd]?|acknowledge[sd]?|admit(?:s|ted)?|think|thinks|"
    r"regard(?:s|ed)?|view(?:s|ed)?|s[ae]w[ \t]+(?:it[ \t]+|this[ \t]+|that[ \t]+)?as|see[ \t]+(?:it[ \t]+)?as|"
    r"found|find|finds|confirm(?:s|ed)?|explain(?:s|ed)?|wr(?:ite|ote|ites)|testif(?:y|ies|ied)|"
    r"stress(?:es|ed)?|concede[sd]?|allege[sd]?|question(?:s|ed)?|doubt(?:s|ed)?|recommend(?:s|ed)?|urge[sd]?|"
    r"look(?:s|ed)? (?:at|into)|stud(?:y|ies|ied)|examine[sd]?|analy[sz]e[sd]?|measure[sd]?|calculate[sd]?|"
    r"document(?:s|ed)?|call(?:s|ed)? for|raise[sd]? (?:concerns|questions|doubts)|dispute[sd]?|deny|denies|denied|"
    r"believe[sd]?|worr(?:y|ies|ied)|disagree[sd]?|complain(?:s|ed)?|report(?:s|ed)?|"
    r"speculate[sd]?|note[sd]?|estimate[sd]?|argue[sd]?|warn(?:s|ed)?|predict(?:s|ed)?|claim(?:s|ed)?|"
    r"suggest(?:s|ed)?|insist(?:s|ed)?|fear(?:s|ed)?|expect(?:s|ed)?|agree[sd]?|conclude[sd]?|contend(?:s|ed)?|"
    r"talk(?:s|ed)?|point(?:s|ed)? out|caution(?:s|ed)?|maintain(?:s|ed)?|describe[sd]?|recall(?:s|ed)?|"
    r"link(?:s|ed)? |attribute[sd]? |blame[sd]? |reiterate[sd]?|cite[sd]?|highlight(?:s|ed)?|advise[sd]?|"
    r"announce[sd]?|inform(?:s|ed)?|suspect(?:s|ed)?|lament(?:s|ed)?|joke[sd]?|wonder(?:s|ed)?|discovered|spotted|observed|detected|"
    r"(?:voice[sd]?|express(?:es|ed)?) (?:(?:their|growing|deep|serious|some) )?(?:concerns?|doubts?|fears?|alarm|"
    r"outrage|frustration|skepticism|scepticism|anger|dismay|support|opposition|hope)|"
    r"(?:are|were|is|was) of the (?:view|opinion)|"
    r"(?:are|were|is|was|remain|remained) (?:(?:very|deeply|increasingly|also|still|particularly|especially|"
    r"growing|more) )?(?:grumbling|saying|warning|complaining|predicting|arguing|worried|concerned|alarmed|"
    r"skeptical|sceptical|convinced|divided|split|urging|calling|reporting)"
)
_DET = r"(?:a|an|the|one|some|several|many|most|other|two|three|four|five|few|a few|those|these|another|this)"
_MOD = r"(?:(?!(?i:and|or|both|either|lest|who|which|that|whom|whose|than|as|when|while|if|because|but|although|though|since|unless|whether|until|no|not|said|says|say|told|what|where|for|by|to|from|with|on|in|at|under|over|about|into|after|before|is|are|was|were|has|have|had)\b)(?:[A-Z](?:\.[A-Z])+\.?|[A-Za-z][\w’'\-]*)[ \t]+)"
_PERSON_NP = rf"(?:(?:(?i:{_DET})[ \t]+)?(?:of[ \t]+the[ \t]+)?{_MOD}{{0,3}}{_HEAD}\b)"
_PP = (r"(?:\s+(?:in|at|for|from|with|of|on|to|inside|during|across|around|throughout|outside|within|near|"
       r"representing|close\s+to|affiliated\s+with|based\s+(?:in|at)|"
       r"working\s+(?:at|for|on|in|with)|involved\s+(?:in|with)|led\s+by|familiar\s+with|who\s+studies|who\s+study)"
       r"\s+(?:[^,.;:!?\n“”\"]|(?<=\b[A-Z])\.|,[ \t]+[A-Z]\w+(?:[ \t]+[A-Z]\w+)?(?=,)){1,70}?)")
# (a PP may hold "U.S." and "the University of California, Santa Barbara,")
_REL = r"(?:,?\s+who\s+[^,.;:!?\n“”\"]{1,80}?,?)"
_GROUP_NP = rf"{_PERSON_NP}(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{_PERSON_NP})*{_PP}?{_REL}?"
_GROUP_AFTER_VERB = re.compile(
    rf"(?:(?<=[,”\"])[ \t]*\b(?i:said|says|say|added|noted|warned|wrote|explained|lamented|conceded|acknowledged|"
    rf"insisted|cautioned|recalled|joked|complained|argued)|\b(?i:according\s+to))\s+"
    rf"(?P<np>{_GROUP_NP})(?=\s*(?:[,;:!?)]|(?<!\b[A-Z])\.|$)|\s+(?:when|as|after|while|in\s+an?|on|at|during)\b)", re.M
)
_NOT_GROUP_START = {"he", "she", "they", "it", "we", "i", "you", "that", "there", "his", "her", "its", "their",
                    "no", "none", "neither", "nor"}


# A group as the subject of a verb of saying, found from each person noun (one regex tried at every position
# of the text was 6x slower): forward from the noun over a list, a PP or relative clause and the verb, back over its modifiers.
_BETWEEN = r"have|has|had|also|all|both|(?!(?:family|early|italy|july|assembly|supply|rally|ally|daily|weekly|monthly|reply)\b)\w+ly|privately|openly|often|still|now|long|would|will|could|may|might|most|already|first"
# Found with three scans merged (one alternation tried at every position was 2x slower): the listed nouns behind a
# first-letter check, the demonyms, the "-er/-ist/-ian" words.
_FIRST_LETTERS = "".join(sorted(set(re.findall(r"(?<![\w\\(?:])[a-zA-Z]", _PERSON_NOUNS))))
_HEAD_SCANS = (
    re.compile(rf"\b(?=[{_FIRST_LETTERS}{_FIRST_LETTERS.upper()}])(?i:{_PERSON_NOUNS})\b"),
    re.compile(rf"\b(?=[A-Z])(?:{_DEMONYMS})\b"),
    re.compile(rf"\b(?=[a-z]){_FALLBACK_PERSON}"),
)


def _person_heads(text: str, scans: Sequence[re.Pattern[str]] = _HEAD_SCANS) -> list[re.Match[str]]:
    found = sorted((m for rx in scans for m in rx.finditer(text)), key=lambda m: (m.start(), -m.end()))
    return [m for i, m in enumerate(found) if i == 0 or m.start() != found[i - 1].start()]
_AFTER_HEAD = re.compile(
    rf"(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{_PERSON_NP})*{_PP}?(?:(?P<who>[ \t]+who)[ \t]+|{_REL}?,?\s+)"
    rf"(?:(?:{_BETWEEN})\s+){{0,3}}[\"“]?(?P<verb>(?i:{_GROUP_VERBS}))\b"
)
_BEFORE_HEAD = re.compile(rf"(?<![\w’'\-])(?:(?i:(?:tens|hundreds|thousands|millions|dozens|scores)[ \t]+of[ \t]+)+|"
                          rf"(?i:{_DET})[ \t]+)?(?:of[ \t]+the[ \t]+)?{_MOD}{{0,3}}\Z")


class _Match:
    """Just what `_group_sources` reads of a match: the noun phrase's span and the verb."""

    def __init__(self, s: int, e: int, verb: str, who: bool = False) -> None:
        self._span, self._verb, self._who = (s, e), verb, who

    def span(self, _name: str) -> tuple[int, int]:
        return self._span

    def group(self, name: str) -> Any:
        return self._who if name == "who" else self._verb


def _group_subjects(text: str, pats: _GroupPatterns | None = None) -> Iterable[_Match]:
    scans, after_head = (_HEAD_SCANS, _AFTER_HEAD) if pats is None else (pats.scans, pats.after_head)
    last_end = -1
    for m in _person_heads(text, scans):
        if m.start() < last_end or (m.group() in _NOT_PERSON and (pats is None or m.group() not in pats.learned)):
            continue  # a later noun of a list already matched; not a person ("numbers", "later")
        after = after_head.match(text, m.end())
        if not after:
            continue
        window_start = max(0, m.start() - 80)
        before = _BEFORE_HEAD.search(text, window_start, m.start())
        start = before.start() if before else m.start()
        np_end = after.start("who") if after.group("who") else after.start("verb")
        np_text = text[start:np_end].rstrip()
        np_text = re.sub(rf"(?:\s+(?:{_BETWEEN}))+$", "", np_text).rstrip(" \t\"“")
        if after.group("who"):  # "The outage angered local officials and customers who accused ...": the object
            verb_before = list(re.finditer(r"\b\w+ed\s+", np_text[: m.start() - start]))
            if verb_before:
                start, np_text = start + verb_before[-1].end(), np_text[verb_before[-1].end() :]
        cut = list(re.finditer(r",[ \t]+(?=(?i:the|a|an|one|two|three|some|several|many)[ \t])", np_text))
        if cut and not re.search(r"\b(?:and|or)\b", np_text[cut[-1].end() :]):
            start, np_text = start + cut[-1].end(), np_text[cut[-1].end() :]  # "drug labs, cartel leaders, the sources said"
        last_end = start + len(np_text)
        yield _Match(start, start + len(np_text), after.group("verb"), bool(after.group("who")))


def _named_earlier(text: str, pos: int, noun: str) -> bool:
    """Was a person with this noun named in the text before `pos` ("analyst Jane Doe", "Jane Doe, an analyst
    with ...")? Then "the analyst" later refers to them, a named source."""
    before = text[max(0, pos - 2000) : pos]
    n = re.escape(noun)
    return bool(re.search(rf"\b(?i:{n})\s+[A-Z][\w’'.\-]+\s+[A-Z]", before) or re.search(
        rf"[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+,\s+(?:a|an|the)\s+(?:[\w’'\-]+\s+){{0,6}}?(?i:{n})\b", before))


class _GroupPatterns:
    """The group-source patterns with learned head nouns and verbs added (`group_patterns`)."""

    def __init__(self, heads: tuple[str, ...], verbs: tuple[str, ...]) -> None:
        words = r"|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in heads)
        said = r"|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in verbs)
        self.learned = {w.lower() for w in heads}
        self.head = rf"(?:{_HEAD}|(?i:{words}))" if heads else _HEAD
        group_verbs = rf"{_GROUP_VERBS}|{said}" if verbs else _GROUP_VERBS
        person_np = rf"(?:(?:(?i:{_DET})[ \t]+)?(?:of[ \t]+the[ \t]+)?{_MOD}{{0,3}}{self.head}\b)"
        group_np = rf"{person_np}(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{person_np})*{_PP}?{_REL}?"
        self.scans = (*_HEAD_SCANS, re.compile(rf"\b(?i:{words})\b")) if heads else _HEAD_SCANS
        self.after_head = re.compile(
            rf"(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{person_np})*{_PP}?(?:(?P<who>[ \t]+who)[ \t]+|{_REL}?,?\s+)"
            rf"(?:(?:{_BETWEEN})\s+){{0,3}}[\"“]?(?P<verb>(?i:{group_verbs}))\b"
        )
        self.after_verb = re.compile(
            _GROUP_AFTER_VERB.pattern.replace(_GROUP_NP, group_np, 1), re.M) if heads else _GROUP_AFTER_VERB  # fmt: skip


@functools.lru_cache(maxsize=16)
def group_patterns(heads: tuple[str, ...] = (), verbs: tuple[str, ...] = ()) -> _GroupPatterns:
    """The anonymous-source rule's group patterns with these head nouns ("chief", "winemakers") and verbs of
    attribution ("divulged") added: a hook for learned lexicons (`learn.py`); empty: the rule's own."""
    return _GroupPatterns(heads, verbs)


def _group_sources(text: str, pats: _GroupPatterns | None = None) -> list[tuple[int, int, dict[str, Any]]]:
    out: list[tuple[int, int, dict[str, Any]]] = []
    head_rx = _HEAD if pats is None else pats.head
    for form in ("subject", "after verb"):
        after_verb = _GROUP_AFTER_VERB if pats is None else pats.after_verb
        matches = _group_subjects(text, pats) if form == "subject" else after_verb.finditer(text)
        for m in matches:
            s, e = m.span("np")
            np_text = text[s:e].rstrip(", ")
            e = s + len(np_text)
            words = np_text.split()
            if words[0].lower() in _NOT_GROUP_START:
                continue
            if len(words) == 1 and words[0].lower() in ("people", "persons", "someone", "individuals"):
                continue  # "people think ...": everyone, not a source
            if form == "subject" and re.search(r",\s*$", text[max(0, s - 3) : s]) and "," in text[e : e + 3]:
                continue  # "Trip Chowdhry, an analyst with Global Equities Research, said": an apposition to a name
            if form == "subject" and re.search(r"\s(?:was|were|is|are|been|be|being)$", np_text):
                continue  # "the body of a man was found": a passive, not a group that found something
            if form == "subject" and m.group("who") and not re.match(
                    r"(?i)(?:said|says?|told|tell|accuse|argue|warn|complain|inform|insist|claim|testif|describ|recall|"
                    r"report|explain|wr[io]te)", m.group("verb")):
                continue  # "... who said": a group that speaks, not one that only thinks or suspects something
            if form == "subject" and re.match(r"(?i)discovered|spotted|observed|detected", m.group("verb")) \
                    and not re.search(r"(?i)scientist|researcher|team|astronomer|biologist|physicist|geologist|ecologist|"
                                      r"epidemiologist|experts|analysts|investigators|economists", text[s:e]):
                continue  # "the officers discovered the body": a finding, not research
            if form == "subject" and re.search(r"[A-Z][\w.’'\-]+,\s+(?:who|a|an|the)\b[^,.;“”\"]*$", text[max(0, s - 150) : s]) \
                    and text[e : e + 1] == ",":
                continue  # "Dr. Ronny Jackson, who was then serving as the President's physician, suggested": named
            if form == "subject" and re.match(r"(?i)accused", m.group("verb")) and text[e : e + 20].lstrip().startswith(
                    ("accused of", "accused in")):
                continue  # "reporters accused of seeking ...": a participle, not a group that accuses
            if form == "subject" and m.group("verb")[0].isupper():
                continue  # a headline in title case: "Transgender Activists Say ..."
            # a capitalised word other than the first that is not the head: a named person ("analyst Jane Doe",
            # "spokesman Robert Gibbs") or organisation before the verb, unless it sits inside a PP/relative clause
            head = next((h for h in re.finditer(rf"\b{head_rx}\b", np_text) if h.group() not in _NOT_PERSON
                         or (pats is not None and h.group() in pats.learned)), None)
            if head is None:
                continue
            core = np_text[: head.end()]
            tail_after_head = np_text[head.end() :]
            if re.match(r"\s+[A-Z][a-z]+", tail_after_head):
                continue  # "spokesman Jason Kersten"
            if form == "subject":
                # the subject starts the clause: after a sentence start, a comma, a conjunction or "that"
                before = text[max(0, s - 40) : s]
                if before and not m.group("who") and not re.search(
                        r"(?:^|[.!?:;,\n(“”\"—–]|\b(?i:and|but|that|while|as|because|so|when|although|though|where|since|"
                        r"after|before|if|what|however|whereas|yet))\s*(?:(?i:both|either)\s+)?$", before):
                    continue
            if head.group().lower() in ("woman", "man", "others") and len(core.split()) > 2:
                continue
            if head.group().lower() in ("woman", "man") and not re.match(r"(?i)the\s", core):
                continue
            if head.group().lower() in ("officials", "official", "sources", "source") and not (
                    form == "subject" and m.group("who")) and not re.match(
                r"\s+(?:in|at|from|with|for|to|of|on|inside|close|familiar|based|working|involved|who)\s", tail_after_head
            ):
                continue  # the source-noun rule above handles these (not "Officials in Beijing said")
            if head.group().lower().startswith("source") and re.match(r"\s+of\s", tail_after_head):
                continue  # "the sources of funding"
            singular = not head.group().lower().endswith(("s", "people", "staff", "management", "men"))
            if singular and re.search(r"[A-Z]\w*\s+[A-Z]\w*\s*$", core[: head.start()]) and not re.match(r"(?i)(?:the|a|an)\s", core):
                continue  # "Jane Doe spokesman": a name
            if head.group().lower() == "group" and not re.match(r"(?i)(?:a|an|one|another)\s", core):
                continue  # "the group" is whichever group the sentence before named
            if head.group().lower() == "team" and not re.search(r"(?i)\b(?:researchers?|scientists?|stud(?:y|ies)|journal)\b",
                                                                text[max(0, s - 1500) : e]):
                continue  # "the team" is a research team only where research was spoken of (not a sports club)
            fallback = not re.fullmatch(_PERSON_NOUNS_LISTED, head.group(), re.I) and not re.fullmatch(
                _DEMONYMS, head.group()) and not (pats is not None and head.group().lower() in pats.learned)
            if fallback and not head.group().lower().endswith("s") and not re.match(
                    r"(?i)(?:said|says|told|tells|added|wrote|informed|lament|complain|warn|explain|recall|note|insist|"
                    r"admit|joke|argue)", m.group("verb") if form == "subject" else "said"):
                continue  # "a shopkeeper said", not "the computer found"
            if singular and re.match(r"(?i)the\s", core) and _named_earlier(text, s, head.group()):
                continue  # "according to the analyst": the analyst named before ("Jefferies analyst Jane Doe said")
            out.append((s, e, {}))
    return out


# "many have voiced concerns", "Some say", "others argue": a quantifier standing for unnamed people who speak
_QUANT_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;:,]\s)|(?<=\n)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bwhile\s)|(?<=\byet\s)|(?<=\bthough\s))"
    r"(?P<np>(?:[Mm]any|[Ss]ome|[Oo]thers|[Mm]ost)(?:\s+who\s+[^,.;:!?\n“”\"]{1,60}?)?)\s+(?:(?:have|had|also|still|often)\s+){0,2}"
    r"(?:say|said|says|argue[sd]?|believe[sd]?|voiced|voice|complain(?:ed)?|fear(?:ed)?|warn(?:ed)?|contend(?:ed)?|"
    r"insist(?:ed)?|suggest(?:ed)?|claim(?:ed)?|think|thought|worr(?:y|ied)|criticiz(?:e|ed)|criticis(?:e|ed)|"
    r"question(?:ed)?|doubt(?:ed)?)\b"
)


# "is seen by some as", "criticised by many": a weasel passive
_BY_QUANT = re.compile(r"\b(?:seen|viewed|regarded|considered|described|criticized|criticised|blamed|praised|called)\s+"
                       r"(?:\w+\s+)?by\s+(?P<np>some|many|others)\b")


def rule_anonymous_source(
    text: str, *, heads: Sequence[str] = (), verbs: Sequence[str] = ()
) -> list[tuple[int, int, dict[str, Any]]]:
    """Anonymous sources; `heads` and `verbs`: head nouns and verbs of attribution added to the group patterns
    (learned lexicons, `learn.py`; without them the rule's own lists)."""
    pats = group_patterns(tuple(sorted(heads)), tuple(sorted(verbs))) if heads or verbs else None
    out: list[tuple[int, int, dict[str, Any]]] = []
    for m in re.finditer(rf"\b(?:{_SRC_NOUN})\b", text, re.I):
        start = _np_start(text, m.start())
        end = m.end()
        k = _KNOWLEDGE.match(text, end)
        if k:
            end = k.end()
        there = re.match(r"[ \t]+(?:there|here)\b", text[end : end + 8])
        if there and _SRC_VERB_AFTER.match(text[end + there.end() : end + there.end() + 60]):
            end += there.end()  # "officials there said"
        partitive = _PARTITIVE.search(text[max(0, start - 30) : start])
        if partitive:
            start = start - (len(text[max(0, start - 30) : start]) - partitive.start())
        after = text[end : end + 60]
        if re.match(r"\s+of\s", after) and m.group().lower().startswith("source"):
            continue  # "one of the major sources of foreign fighters": a source of something, not of information
        if re.match(r"[ \t]*,?[ \t]*[A-Z][a-z]+[ \t]+[A-Z][a-z]+", after) and not re.match(
            rf"[ \t]*,?[ \t]*(?:{SPEECH_VERBS})\b", after, re.I
        ):
            continue  # "official Tom Homan": named
        attributed = bool(k) or bool(partitive) or bool(_SRC_VERB_AFTER.match(after))
        verb_before = None if attributed else _SRC_VERB_BEFORE.search(text[max(0, start - 20) : start])
        if verb_before:
            # "according to officials"; "said one official." (inverted, the phrase ends the clause) but not
            # "said officials were ...", where the officials are what is talked about
            attributed = verb_before.group().lower().startswith("according") or bool(
                re.match(r"\s*(?:[.,;:!?)]|$|who\b)", after)
            )
        if attributed:
            out.append((start, end, {}))
    for m in _FAMILIAR.finditer(text):
        k = _KNOWLEDGE.match(text, m.end())
        if k:
            out.append((m.start(), k.end(), {}))
    out += _group_sources(text, pats)
    out += [(m.start("np"), m.end("np"), {}) for rx in (_QUANT_SUBJECT, _BY_QUANT) for m in rx.finditer(text)]
    # merge overlaps (a coordinated phrase holds two source nouns)
    out.sort()
    merged: list[tuple[int, int, dict[str, Any]]] = []
    for s, e, a in out:
        if merged and s < merged[-1][1]:
            ps, pe, pa = merged[-1]
            merged[-1] = (ps, max(pe, e), pa)
        else:
            merged.append((s, e, a))
    return merged


# --- the rule table and the public API -----------------------------------------------------------------------

RULES: dict[str, Callable[[str], list[tuple[int, int, dict[str, Any]]]]] = {
    "quote": rule_quote,
    "statistic": rule_statistic,
    "anonymous_source": rule_anonymous_source,
}


def suggest_text(text: str, rules: Mapping[str, str | None] = DEFAULT_RULES) -> list[Suggestion]:
    """Suggestions for `text`, sorted by (start, end, label). Pure: no store, no I/O."""
    unknown = set(rules) - set(RULES)
    if unknown:
        raise ValueError(f"unknown suggestion rule {sorted(unknown)[0]!r} (known: {', '.join(RULE_NAMES)})")
    found: list[Suggestion] = []
    for name, label in rules.items():
        if not label:
            continue
        for s, e, attrs in RULES[name](text):
            if 0 <= s < e <= len(text) and text[s:e].strip():
                found.append(Suggestion(s, e, label, name, attrs))
    unique = {(g.start, g.end, g.label): g for g in found}
    return sorted(unique.values(), key=lambda g: (g.start, g.end, g.label))


def rules_for_labels(labels: LabelSet, overrides: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """The rules that fit a label set: `overrides` (rule -> label or None) first, else the default label name
    of each rule if the set has it. A rule whose label is not in the set is turned off."""
    rules: dict[str, str | None] = {}
    for name in RULE_NAMES:
        label = overrides[name] if overrides and name in overrides else DEFAULT_RULES[name]
        rules[name] = label if label and labels.by_name(label) else None
    return rules


def rules_from_toml(path: str | Path) -> dict[str, str | None] | None:
    """The optional `[suggest]` table of a label file: `quote = "Zitat"`, `statistic = false` (off).
    Returns None when the file has no such table."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelError(f"{p}: label file not found") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LabelError(f"{p}: not a valid TOML label file ({e})") from None
    table = data.get("suggest")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise LabelError(f"{p}: [suggest] must be a table of rule = \"label\"")
    rules: dict[str, str | None] = {}
    for name, value in table.items():
        if name not in RULES:
            raise LabelError(f"{p}: [suggest] names unknown rule {name!r} (known: {', '.join(RULE_NAMES)})")
        if value is False or value == "":
            rules[name] = None
        elif isinstance(value, str):
            rules[name] = value
        else:
            raise LabelError(f"{p}: [suggest] {name} must be a label name or false")
    return rules


# --- relations: a quote attributed to the anonymous source the attribution names ------------------------------
ATTRIBUTED_TO = "attributed to"
# “…,” a senior official said / “…,” said two officials / “…,” according to a source: the source right after
_GAP_AFTER = re.compile(rf"[ \t]*,?[ \t]*(?P<verb>(?:{SPEECH_VERBS})[ \t]+|according[ \t]+to[ \t]+)?", re.I)
_SPEAKS = re.compile(rf"[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})\b", re.I)
# A senior official said: “…” / One official told reporters that “…”: the source just before
_GAP_BEFORE = re.compile(rf"[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})(?:[ \t]+[\w’'-]+){{0,3}}?(?:[ \t]+that)?"
                         rf"[ \t]*[:,]?[ \t]*", re.I)  # fmt: skip


def suggest_relations(text: str, found: Sequence[Suggestion]) -> list[tuple[Suggestion, Suggestion]]:
    """(quote, anonymous source) pairs where the quote's attribution names the source: the source stands right
    after the quote with its speech verb (“…,” a senior official said / “…,” said two officials / “…,”
    according to a source) or right before it ("A senior official said: “…”"). Pure: no store."""
    quotes = [g for g in found if g.rule == "quote"]
    sources = [g for g in found if g.rule == "anonymous_source"]
    pairs: list[tuple[Suggestion, Suggestion]] = []
    for q in quotes:
        after = next((a for a in sources if a.start >= q.end and _GAP_AFTER.fullmatch(text, q.end, a.start)), None)
        if after is not None:
            m = _GAP_AFTER.fullmatch(text, q.end, after.start)
            if m is not None and (m.group("verb") or _SPEAKS.match(text, after.end)):
                pairs.append((q, after))
                continue
        before = next((a for a in reversed(sources) if a.end <= q.start
                       and _GAP_BEFORE.fullmatch(text, a.end, q.start)), None)  # fmt: skip
        if before is not None:
            pairs.append((q, before))
    return pairs


def store_relation_suggestions(store: Any, doc_id: str, text: str, found: Sequence[Suggestion], *,
                               annotator: str = "", labels: LabelSet | None = None) -> int:  # fmt: skip
    """Store `attributed to` relations (status "suggested", origin "rule") from each quote to the anonymous source
    its attribution names (`suggest_relations`), between the spans the rules stored. Left out: a pair the label
    set's relation types refuse, a pair whose spans were both decided already (accepted or rejected: the
    annotator related them or not), and a pair with this relation already, in any status (a rejected suggestion
    stays rejected). Returns how many were added."""
    pairs = suggest_relations(text, found)
    if not pairs:
        return 0
    labels = labels or LabelSet.default()
    spans: dict[tuple[int, int, str], Any] = {}
    for sp in store.spans(doc_id):
        key = (sp.start, sp.end, sp.label)
        if key not in spans or sp.status == "suggested":  # the rules' own span first
            spans[key] = sp
    added = 0
    for q, a in pairs:
        head, tail = spans.get((q.start, q.end, q.label)), spans.get((a.start, a.end, a.label))
        if head is None or tail is None or labels.relation_refused(ATTRIBUTED_TO, head.label, tail.label):
            continue
        if "rejected" in (head.status, tail.status) or (head.status, tail.status) == ("accepted", "accepted"):
            continue
        if any(r.tail == tail.id and r.label == ATTRIBUTED_TO for r in store.relations_of(head.id)):
            continue
        store.add_relation(head.id, tail.id, ATTRIBUTED_TO, annotator=annotator, status="suggested", origin="rule",
                           event="relation-suggest")  # fmt: skip
        added += 1
    return added


def store_suggestions(
    store: Any,
    doc_ids: Iterable[str] | None = None,
    *,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    annotator: str = "",
    on_document: Callable[[str, int], None] | None = None,
    labels: LabelSet | None = None,
) -> dict[str, Any]:
    """Store rule suggestions for `doc_ids` (all documents when None) as spans with status "suggested" and
    origin "rule:<name>". A span with the same (start, end, label) in any status is never added again.

    Also `attributed to` relations from a quote to the anonymous source its attribution names
    (`store_relation_suggestions`; `labels`, default the default label set, decides which types exist).
    Returns {"documents": n, "added": k, "existing": m, "per_label": {label: added}, "relations": r}.
    """
    ids = list(doc_ids) if doc_ids is not None else store.document_ids()
    for d in ids:
        if not store.has_document(d):
            raise ValueError(f"no document with id {d!r}")
    totals: dict[str, Any] = {"documents": 0, "added": 0, "existing": 0, "per_label": {}, "relations": 0}
    for d in ids:
        text = store.document_text(d)
        found = suggest_text(text, rules)
        added = store.add_spans_if_new(
            d, [(g.start, g.end, g.label, f"rule:{g.rule}", g.attrs) for g in found],
            annotator=annotator, status="suggested",
        )  # fmt: skip
        totals["documents"] += 1
        totals["added"] += len(added)
        totals["existing"] += len(found) - len(added)
        for sp in added:
            totals["per_label"][sp.label] = totals["per_label"].get(sp.label, 0) + 1
        totals["relations"] += store_relation_suggestions(store, d, text, found, annotator=annotator, labels=labels)
        if on_document:
            on_document(d, len(added))
    return totals

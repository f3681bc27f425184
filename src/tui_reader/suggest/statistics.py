"""The statistic rule: a number with what it counts or measures."""

from __future__ import annotations

import re
from typing import Any

from tui_reader.suggest.lexicon import _HEAD, _KNOWLEDGE
from tui_reader.suggest.text import (
    _MONTH_RE,
    _NOUN_STOP,
    _SOURCE_NOUNS,
    _TOKEN_AFTER,
    _credit_ranges,
    _inside,
    _is_plural_noun,
)

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

_ID_WORDS = {"title", "article", "section", "chapter", "flight", "route", "no", "no.", "number", "room", "highway",
             "act", "phase", "level", "stage", "category", "gate", "terminal", "platform", "page", "volume",
             "vol.", "episode", "season", "part", "rule", "resolution", "amendment", "unit", "squad", "apollo",
             "interstate", "bill", "covid", "covid-", "windows", "iphone", "version", "v", "grade", "class",
             "district", "ward", "lot", "box", "suite", "floor", "tier", "week", "day", "game", "round",
             "paragraph", "clause", "item", "exhibit", "table", "figure", "fig.", "line", "channel", "code", "year"}  # fmt: skip
_YEAR = re.compile(r"(?:1[89]|20)\d\d$")

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



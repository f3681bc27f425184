"""The quote rule: passages in quote marks that give someone's words, and who said them."""

from __future__ import annotations

import re
from typing import Any

from tui_reader.suggest.text import (
    _PRONOUNS,
    _SENTENCE_ADVERBS,
    _TOKEN_AFTER,
    SPEECH_VERBS,
    _is_plural_noun,
    _sentence_ends,
)

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



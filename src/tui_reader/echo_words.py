"""The words echoes are compared on (tui_reader.align and its index, tui_reader.echo_index, share them): a
text normalised to lower-case words with each character's offset in the original kept, the numbers a span
holds, and the score thresholds. See align.py's docstring for the rules."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

DEFAULT_MIN_SCORE = 75.0
MIN_FUZZY_WORDS = 4  # shorter spans echo only word for word ...
MIN_WORDS_WITHOUT_NUMBER = 3  # ... and a one- or two-word span only when it holds a number ("10,000 troops")
SHORT_WORDS, SHORT_MIN_SCORE = 6, 90.0  # 4-5 word spans: fuzz.ratio on short strings is loose, ask for more
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred hundreds thousand thousands million millions billion billions trillion tens dozens".split()
)


@dataclass(frozen=True)
class Normalised:
    text: str  # the normalised string
    index: tuple[int, ...]  # index[i] = code-point offset in the original of normalised character i
    word_starts: tuple[int, ...]  # normalised offsets where each word starts
    word_ends: tuple[int, ...]


# A word: letters and digits, joined through apostrophes and full stops (she’s, U.S.) and through commas
# between digits (10,000); each is lower-cased with those marks dropped. Anything else separates words.
_WORD = re.compile(r"[^\W_]+(?:(?:['’‘`´.]|(?<=\d),(?=\d))[^\W_]+)*")
_INNER = re.compile(r"['’‘`´.,]")


def _normalise(text: str) -> Normalised:
    parts: list[str] = []
    index: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _WORD.finditer(text):
        if parts:
            parts.append(" ")
            index.append(m.start() - 1)  # the separator maps to the character before the word
            pos += 1
        raw = m.group()
        low = raw.lower()
        if len(low) == len(raw) and not _INNER.search(raw):
            index.extend(range(m.start(), m.end()))
            word = low
        else:  # marks to drop, or a letter whose lower case is longer ('İ' -> 'i̇'): character by character
            chars: list[str] = []
            for i, ch in enumerate(raw, m.start()):
                if ch in "'’‘`´.,":
                    continue
                lc = ch.lower()
                chars.append(lc)
                index.extend([i] * len(lc))
            word = "".join(chars)
        parts.append(word)
        starts.append(pos)
        pos += len(word)
        ends.append(pos)
    return Normalised("".join(parts), tuple(index), tuple(starts), tuple(ends))


def _numbers(norm: str) -> Counter[str]:
    return Counter(w for w in norm.split() if w.isdigit() or w in NUMBER_WORDS)

"""Cursor motions over plain text (textnav.py re-exports them with the search and the text objects): grapheme clusters, words, sentences, paragraphs. No Textual.

Every function takes the whole text and a code-point offset and looks only near that offset (cost grows with the
distance moved, never with the size of the text), so motions on a 50 MB text cost what they cost on 10 KB.

Grapheme clusters are Unicode extended grapheme clusters (`regex`'s ``\\X``): an emoji with its modifiers, a ZWJ
family, a flag (two regional indicators) or a letter with combining marks is one cluster; no function here
returns an offset inside one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from .textchunks import on_window

if TYPE_CHECKING:
    import regex

# The characters that join a following ASCII character into one cluster (Unicode's Prepend marks, as `regex`'s
# \X has them; tests/test_textnav.py recomputes the set from `regex` over every code point). CR before LF is the
# only other case, and stored text has no CR. So an ASCII character not after one of these starts a cluster: the
# common case is decided without `regex`.
_PREPEND = frozenset(map(chr, (
    0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0xD4E, 0x110BD, 0x110CD, 0x111C2,
    0x111C3, 0x113D1, 0x1193F, 0x11941, 0x11A84, 0x11A85, 0x11A86, 0x11A87, 0x11A88, 0x11A89, 0x11D46, 0x11F02,
)))  # fmt: skip
# How far back `_safe_start` looks for an ASCII character (always the start of a cluster).
_LOOKBACK = 64

# A word is a run of word characters (letters, marks, digits, connectors) or a run of other non-blank characters
# (punctuation, symbols, emoji), as in vim's `w` / `b`.
# (ZWJ and combining marks count as word characters for `regex`; here they stay with the symbol they join.)
_TOKEN_PATTERN = r"[^\W\u200d]+|(?:[^\w\s]|[\u200d\p{M}])+"

# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets) followed by white space and a
# capital letter, digit or opening quote/bracket; a new line always starts a sentence.
_SENT_BREAK_PATTERN = r"(?P<end>[.!?…]+)[\"'”’»)\]]*[ \t\u00a0]+(?=[\"'“‘«(\[]*[\p{Lu}\p{Lt}\p{N}])|\n+"
_ABBREV = frozenset(
    """mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n gen sen rep gov lt col capt sgt no inc co corp ltd
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est fig""".split()
)


class _Patterns:
    """The compiled patterns; `regex` (~8 ms to import) is loaded on the first motion that needs it, not at
    start-up: the first screen of ASCII-led text is drawn without it (see `next_grapheme`)."""

    def __init__(self) -> None:
        import regex

        self.grapheme = regex.compile(r"\X", regex.DOTALL)
        self.token = regex.compile(_TOKEN_PATTERN)
        self.token_rev = regex.compile("(?r)" + _TOKEN_PATTERN)
        self.sent_break = regex.compile(_SENT_BREAK_PATTERN)
        self.word_before = regex.compile(r"(?r)[\w.]+")
        self.word_rev = regex.compile(r"(?r)\S+")


@cache
def _re() -> _Patterns:
    return _Patterns()


def _safe_start(text: str, i: int) -> int:
    """An offset <= i that is certainly a cluster boundary (an ASCII character not after a _PREPEND one, or the
    text start), near i."""
    j = i
    lo = max(0, i - _LOOKBACK)
    while j > lo:
        if text[j] < "\x80" and text[j - 1] not in _PREPEND:
            return j
        j -= 1
    return lo


@on_window(1)
def grapheme_start(text: str, i: int) -> int:
    """The start of the cluster containing offset i (i itself when it is a boundary); len(text) stays."""
    n = len(text)
    if i <= 0:
        return 0
    if i >= n:
        return n
    if text[i] == "\n" or text[i] < "\x80" and text[i - 1] not in _PREPEND:
        return i
    j = _safe_start(text, i)
    for m in _re().grapheme.finditer(text, j):
        if m.end() > i:
            return m.start()
    return n  # pragma: no cover - finditer always covers i < n


@on_window(1)
def next_grapheme(text: str, i: int) -> int:
    """The boundary after the cluster at i (len(text) at the end)."""
    n = len(text)
    if i >= n:
        return n
    i = grapheme_start(text, i)
    if i + 1 < n and text[i + 1] < "\x80" and text[i] not in _PREPEND and text[i] != "\r":
        return i + 1  # an ASCII character starts a cluster
    m = _re().grapheme.match(text, i)
    return m.end() if m else n


@on_window(1)
def prev_grapheme(text: str, i: int) -> int:
    """The start of the cluster before offset i (0 at the start)."""
    if i <= 0:
        return 0
    return grapheme_start(text, min(i, len(text)) - 1)


@on_window(0)
def last_grapheme(text: str) -> int:
    """The start of the text's last cluster (`G`: the cursor sits on the last character); 0 for ""."""
    return prev_grapheme(text, len(text))


@on_window(2)
def cluster_range(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) put in order, clamped to the text and widened to whole clusters (a selection never splits
    an emoji, a flag or a letter from its combining marks)."""
    n = len(text)
    if end < start:
        start, end = end, start
    start = grapheme_start(text, max(0, min(start, n)))
    end = max(0, min(end, n))
    snapped = grapheme_start(text, end)
    return start, snapped if snapped == end else next_grapheme(text, snapped)


def graphemes(s: str) -> list[str]:
    """`s` split into clusters."""
    return _re().grapheme.findall(s)


@on_window(1)
def next_word(text: str, i: int) -> int:
    """Start of the next word after the one at i (vim `w`); len(text) when there is none."""
    n = len(text)
    if i >= n:
        return n
    m = _re().token.match(text, i)
    pos = m.end() if m else i
    m2 = _re().token.search(text, pos)
    if not m2:
        return n
    j = grapheme_start(text, m2.start())
    return j if j > i else next_grapheme(text, i)


def _start_before(text: str, i: int, rev: Any) -> int:
    """Start of the last match of `rev` (a reversed pattern) before i, or of the one i is inside; 0 if none."""
    if i <= 0:
        return 0
    m = rev.search(text, 0, min(i, len(text)))
    if not m:
        return 0
    j = grapheme_start(text, m.start())
    return j if j < i else prev_grapheme(text, i)


@on_window(1)
def prev_word(text: str, i: int) -> int:
    """Start of the word before i, or of the word i is inside (vim `b`); 0 when there is none."""
    return _start_before(text, i, _re().token_rev)


@on_window(1)
def word_at(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the word (or run of punctuation/symbols) under offset i; (i, i) on white space."""
    n = len(text)
    if not 0 <= i < n or text[i].isspace():
        return (i, i)
    lo = i
    while lo > 0 and i - lo < 1000 and not text[lo - 1].isspace():
        lo -= 1
    for m in _re().token.finditer(text, lo, min(n, i + 1000)):
        if m.start() <= i < m.end():
            return (grapheme_start(text, m.start()), grapheme_start(text, m.end()) if m.end() < n else n)
        if m.start() > i:
            break
    return (i, next_grapheme(text, i))


def _is_break(text: str, m: regex.Match[str]) -> bool:
    """Whether a candidate sentence break is real (not `Mr.`, `U.S.`, `J. Smith`)."""
    if m.group("end") is None or m.group("end") != ".":
        return True
    w = _re().word_before.search(text, max(0, m.start() - 40), m.start())
    if not w or w.end() != m.start():
        return True
    word = w.group().lower().strip(".")
    if word in _ABBREV:
        return False
    return not (len(word) == 1 and word.isalpha())  # an initial: "J. Smith"


def _breaks_between(text: str, lo: int, hi: int) -> list[int]:
    """Sentence starts s with lo < s <= hi (each is the end of a break)."""
    out = []
    for m in _re().sent_break.finditer(text, max(0, lo - 8), min(len(text), hi + 8)):
        e = m.end()
        if e > hi:
            break
        if e > lo and _is_break(text, m):
            out.append(e)
    return out


@on_window(1)
def next_sentence(text: str, i: int) -> int:
    """Start of the next sentence after i (`)`); len(text) when there is none."""
    n = len(text)
    for m in _re().sent_break.finditer(text, max(0, i - 8)):
        if m.end() > i and m.end() < n and _is_break(text, m):
            return m.end()
        if m.end() >= n:
            break
    return n


@on_window(1)
def sentence_start(text: str, i: int) -> int:
    """Start of the sentence containing i (i itself if a sentence starts there)."""
    span = 512
    while True:
        lo = max(0, i - span)
        starts = _breaks_between(text, lo, i)
        if starts:
            return starts[-1]
        if lo == 0:
            return 0
        span *= 4


@on_window(1)
def prev_sentence(text: str, i: int) -> int:
    """Start of the current sentence, or of the previous one when i is already at a start (`(`)."""
    if i <= 0:
        return 0
    s = sentence_start(text, i)
    if s < i:
        return s
    return sentence_start(text, s - 1)


@on_window(1)
def sentence_at(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the sentence under i, trailing white space left out."""
    n = len(text)
    if n == 0:
        return (0, 0)
    i = min(i, n - 1)
    start = sentence_start(text, i)
    end = next_sentence(text, i)
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return (start, end)


@on_window(1)
def next_paragraph(text: str, i: int) -> int:
    """Start of the next paragraph (first character after a run of new lines) after i (`}`); len(text) if none."""
    n = len(text)
    j = text.find("\n", i)
    while j != -1:
        k = j
        while k < n and text[k] == "\n":
            k += 1
        if k >= n:
            return n
        if k > i:
            return k
        j = text.find("\n", k)
    return n


@on_window(1)
def prev_paragraph(text: str, i: int) -> int:
    """Start of the current paragraph, or of the previous one when i is already at a start (`{`); 0 if none."""
    n = len(text)
    i = min(i, n)
    j = i
    while True:
        k = text.rfind("\n", 0, j)
        cand = k + 1
        if cand < i and cand < n and text[cand] != "\n":
            return cand
        if k == -1:
            return 0
        j = k


@on_window(2)
def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) with leading and trailing white space left out; None when nothing is left."""
    start = max(0, start)
    end = min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return (start, end)


# ---------------------------------------------------------------------------------------------------------------
# WORD motions (vim W / B): a WORD is a run of non-blank characters, so "U.S." is one WORD (and four words).


@cache
def _ws() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(r"\s+"), re.compile(r"\S+")


@on_window(1)
def next_WORD(text: str, i: int) -> int:  # noqa: N802 - vim's name
    """Start of the next WORD after the one at i (vim `W`); len(text) when there is none."""
    n = len(text)
    if i >= n:
        return n
    m = _ws()[0].search(text, i)
    if m is None or m.end() >= n:
        return n
    j = grapheme_start(text, m.end())
    return j if j > i else next_grapheme(text, i)


@on_window(1)
def prev_WORD(text: str, i: int) -> int:  # noqa: N802 - vim's name
    """Start of the WORD i is inside, or of the previous one when i is at a WORD's start (vim `B`); 0 if none."""
    return _start_before(text, i, _re().word_rev)

"""Cursor motions over plain text: grapheme clusters, words, sentences, paragraphs. No Textual.

Every function takes the whole text and a code-point offset and looks only near that offset (cost grows with the
distance moved, never with the size of the text), so motions on a 50 MB text cost what they cost on 10 KB.

Grapheme clusters are Unicode extended grapheme clusters (`regex`'s ``\\X``): an emoji with its modifiers, a ZWJ
family, a flag (two regional indicators) or a letter with combining marks is one cluster; no function here
returns an offset inside one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

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


def prev_grapheme(text: str, i: int) -> int:
    """The start of the cluster before offset i (0 at the start)."""
    if i <= 0:
        return 0
    return grapheme_start(text, min(i, len(text)) - 1)


def last_grapheme(text: str) -> int:
    """The start of the text's last cluster (`G`: the cursor sits on the last character); 0 for ""."""
    return prev_grapheme(text, len(text))


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


def prev_word(text: str, i: int) -> int:
    """Start of the word before i, or of the word i is inside (vim `b`); 0 when there is none."""
    return _start_before(text, i, _re().token_rev)


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


def next_sentence(text: str, i: int) -> int:
    """Start of the next sentence after i (`)`); len(text) when there is none."""
    n = len(text)
    for m in _re().sent_break.finditer(text, max(0, i - 8)):
        if m.end() > i and m.end() < n and _is_break(text, m):
            return m.end()
        if m.end() >= n:
            break
    return n


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


def prev_sentence(text: str, i: int) -> int:
    """Start of the current sentence, or of the previous one when i is already at a start (`(`)."""
    if i <= 0:
        return 0
    s = sentence_start(text, i)
    if s < i:
        return s
    return sentence_start(text, s - 1)


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


class LiteralSearch:
    """A literal search over a text, as vim's `/` with `smartcase`: the pane's `/`, `n`, `N` and its highlights.

    - smartcase: a query without capitals ignores case, one with a capital matches case exactly;
    - a typed space also finds a non-breaking (or any other) space, a typed straight quote a curly one
      (`char_class`); every alternative is one code point, so a match is as long as the query and its
      offsets are the text's own;
    - `regex` on the text itself: no lower-cased copy of a 50 MB text (measured: making one costs 0.8 s and as
      much memory again, while a miss over 39 M characters costs 0.1 s); the cost of a hit grows with the
      distance to it, not with the size of the text. Compiled once per query (`regex` is imported on the first
      search, not at start-up).
    """

    COUNT_CAP = 999  # "3 of 999+": counting stops after this many matches...
    COUNT_SPAN = 4_000_000  # ... or this many code points from the top (a few ms), as vim's search count does

    def __init__(self, pattern: str) -> None:
        import regex

        self.pattern = pattern
        self.case_sensitive = any(ch.isupper() for ch in pattern)
        literal = "".join(
            "[" + regex.escape(char_class(ch), special_only=False) + "]" if ch in _STANDS_FOR else regex.escape(ch)
            for ch in pattern
        )
        flags = 0 if self.case_sensitive else regex.IGNORECASE
        self._forward = regex.compile(literal, flags)
        self._backward = regex.compile(literal, flags | regex.REVERSE)
        self._counted: tuple[int, str, list[int], bool] | None = None  # (len, text id, starts, complete)

    @property
    def lead(self) -> int:
        """How many blanks the query starts with: the cursor lands after them (on the first character that is
        not a blank), so `/ a senior` puts the cursor on `a`; a query of blanks only lands on its start."""
        k = len(self.pattern) - len(self.pattern.lstrip())
        return k if k < len(self.pattern) else 0

    def find(self, text: str, start: int, end: int, forward: bool = True) -> tuple[int, int] | None:
        """A match lying within [start, end): the first (forward) or the last. The GIL is released while the
        text is scanned (`concurrent`), so a search run in a thread (`DocumentView.prefetch_search`) leaves the
        app free to draw and take keys."""
        m = (self._forward if forward else self._backward).search(text, start, end, concurrent=True)
        return m.span() if m else None

    def next_from(self, text: str, pos: int, forward: bool = True) -> tuple[int, int] | None:
        """The match after (before) the one starting at `pos`, wrapping around the text; None: no match."""
        n = len(text)
        k = len(self.pattern)
        if forward:
            return self.find(text, pos + 1, n) or self.find(text, 0, min(n, pos + k))
        hit = self.find(text, 0, max(0, pos + k - 1), False)
        if hit is not None and hit[0] >= pos:
            hit = None
        return hit or self.find(text, pos, n, False)

    def matches_in(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """Every match overlapping [a, b) (a window around one row: cheap)."""
        k = len(self.pattern)
        lo = max(0, a - k + 1)
        hi = min(len(text), b + k - 1)
        out = []
        while lo < hi:
            hit = self.find(text, lo, hi)
            if hit is None or hit[1] <= hit[0]:
                break
            out.append(hit)
            lo = hit[0] + 1
        return out

    def count(self, text: str, start: int) -> tuple[int | None, int, bool]:
        """(which match starts at `start`, 1-based, or None when beyond what was counted; how many matches;
        whether that is all of them). Counted once per query and text, at most COUNT_CAP matches within the
        first COUNT_SPAN code points, so a key never costs a scan of a 50 MB text."""
        import bisect

        key = (len(text), text[:64])
        if self._counted is None or self._counted[:2] != key:
            starts: list[int] = []
            limit = min(len(text), self.COUNT_SPAN)
            lo = 0
            while lo < limit and len(starts) <= self.COUNT_CAP:
                m = self._forward.search(text, lo, limit)
                if m is None:
                    break
                starts.append(m.start())
                lo = m.start() + 1
            complete = len(starts) <= self.COUNT_CAP and limit == len(text)
            del starts[self.COUNT_CAP :]
            self._counted = (*key, starts, complete)
        starts, complete = self._counted[2], self._counted[3]
        k = bisect.bisect_left(starts, start)
        index = k + 1 if k < len(starts) and starts[k] == start else None
        return index, len(starts), complete


class SearchAhead:
    """The search for a query run while it is still being typed, in one background thread, so that on a big text
    the hit is (usually) ready when enter is pressed: a hit at the end of 50 MB then costs the enter what a hit
    at the start does (the scan, ~50 ms over 50 MB, happens between keystrokes; `LiteralSearch.find` releases
    the GIL). Only a text of at least `MIN_CHARS` is searched ahead (below that a scan costs under a
    millisecond). The cursor does not move while typing; `take` gives the result of exactly this query from
    exactly this position in exactly this text, else nothing (the caller searches then, as before)."""

    MIN_CHARS = 1_000_000

    def __init__(self) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self._pool: ThreadPoolExecutor | None = None
        self._job: tuple[str, str, int, Future[tuple[int, int] | None]] | None = None  # (text, pattern, pos, result)
        self._last: tuple[str, str, int, tuple[int, int] | None] | None = None  # the worker's last search, done

    def start(self, text: str, pattern: str, pos: int) -> None:
        """Look for `pattern` forward from `pos` in `text` (an earlier query's search still queued is dropped)."""
        if len(text) < self.MIN_CHARS or not pattern:
            return
        job = self._job
        if job is not None:
            if job[0] is text and job[1] == pattern and job[2] == pos:
                return
            job[3].cancel()  # queued: never runs; running: finishes (one scan at most), its result unused
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="search-ahead")
        self._job = (text, pattern, pos, self._pool.submit(self._search, text, pattern, pos))

    def _search(self, text: str, pattern: str, pos: int) -> tuple[int, int] | None:
        """`LiteralSearch(pattern).next_from(text, pos)`, in the worker. Typing extends a query: a match of the
        longer query starts where the shorter one matches, so the scan starts at the last finished query's hit
        (or skips the part it found nothing in), and the whole query costs about one scan, not one per key."""
        search = LiteralSearch(pattern)
        n, k = len(text), len(pattern)
        last = self._last
        self._last = None
        if last is None or last[0] is not text or last[2] != pos or not pattern.startswith(last[1]):
            hit = search.next_from(text, pos, True)
        elif last[3] is None:  # the shorter query is nowhere: nor is this one
            hit = None
        elif last[3][0] > pos:  # found after the cursor: this one is found there or later, or wraps around
            hit = search.find(text, last[3][0], n) or search.find(text, 0, min(n, pos + k))
        else:  # found only by wrapping around: so is this one, at or after that hit
            hit = search.find(text, last[3][0], min(n, pos + k))
        self._last = (text, pattern, pos, hit)
        return hit

    def take(self, text: str, pattern: str, pos: int) -> tuple[bool, tuple[int, int] | None]:
        """(True, the hit or None) when this very search was started (waiting for it if it is still running);
        (False, None) otherwise. Either way nothing is kept."""
        job, self._job = self._job, None
        if job is None or job[0] is not text or job[1] != pattern or job[2] != pos or job[3].cancelled():
            return False, None
        return True, job[3].result()

    def close(self) -> None:
        self._job = self._last = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


# ---------------------------------------------------------------------------------------------------------------
# WORD motions (vim W / B): a WORD is a run of non-blank characters, so "U.S." is one WORD (and four words).


@cache
def _ws() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(r"\s+"), re.compile(r"\S+")


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


def prev_WORD(text: str, i: int) -> int:  # noqa: N802 - vim's name
    """Start of the WORD i is inside, or of the previous one when i is at a WORD's start (vim `B`); 0 if none."""
    return _start_before(text, i, _re().word_rev)


# ---------------------------------------------------------------------------------------------------------------
# Characters a typed one also stands for, in `/` searches and `f` / `t`: a space finds any space separator (a
# non-breaking space, a thin space...), a straight quote finds the curly ones. The offsets stay the text's: every
# alternative is one code point, as the typed character is.
SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
DOUBLE_MARKS = '"“”„‟'
SINGLE_MARKS = "'‘’‚‛"
_STANDS_FOR = {" ": SPACES, '"': DOUBLE_MARKS, "'": SINGLE_MARKS}


def char_class(ch: str) -> str:
    """The characters a typed `ch` matches (itself, or the set it stands for)."""
    return _STANDS_FOR.get(ch, ch)


def find_char(text: str, i: int, ch: str, *, forward: bool = True, till: bool = False, repeat: bool = False) -> int | None:
    """vim `f` / `t` / `F` / `T` + ch on the cursor's line (up to a line break): the offset the cursor goes to,
    None when ch is not there. `f`: on the character; `t`: on the one before it (after it, backwards). `repeat`
    (`;` / `,` of a `t`): a character right next to the cursor is skipped, so the repeat moves on (as vim does).
    A space or a straight quote also finds a non-breaking space or a curly quote (`char_class`)."""
    n = len(text)
    if not ch or n == 0:
        return None
    chars = char_class(ch) if len(ch) == 1 else None
    if forward:
        start = next_grapheme(text, i)
        if till and repeat:
            start = next_grapheme(text, start)
        end = text.find("\n", min(i, n))  # the cursor's line ends here (at the cursor when it sits on the break)
        end = n if end == -1 else end
        if start >= end:
            return None
        p = _find_any(text, chars, ch, start, end, forward=True)
        if p is None:
            return None
        return prev_grapheme(text, p) if till else p
    end = grapheme_start(text, min(i, n))
    if till and repeat:
        end = prev_grapheme(text, end)
    start = text.rfind("\n", 0, end) + 1
    p = _find_any(text, chars, ch, start, end, forward=False)
    if p is None:
        return None
    return next_grapheme(text, p) if till else p


def _find_any(text: str, chars: str | None, ch: str, lo: int, hi: int, *, forward: bool) -> int | None:
    """The first (last) offset in [lo, hi) where one of `chars` (or the string `ch`) starts a cluster."""
    while lo < hi:
        if chars is None:
            p = text.find(ch, lo, hi) if forward else text.rfind(ch, lo, hi)
        else:
            hits = [q for c in chars if (q := (text.find(c, lo, hi) if forward else text.rfind(c, lo, hi))) != -1]
            p = (min(hits) if forward else max(hits)) if hits else -1
        if p == -1:
            return None
        if grapheme_start(text, p) == p:
            return p
        if forward:
            lo = p + 1
        else:
            hi = p
    return None


# ---------------------------------------------------------------------------------------------------------------
# Text objects (vim's `i` / `a` + object, in visual mode). Each returns (start, end) or None (nothing there).
# Quote marks: "a" includes the marks (the project's quote convention), "i" only what is between them.

_OPENERS_AFTER = "([{<—–-/\u00a0"  # a straight quote after one of these (or white space) opens
_CLOSERS_BEFORE = ".,;:!?)]}>—–-/…"  # a straight quote before one of these (or white space) closes
_LIMIT = 20_000  # how far a pair of marks or brackets is looked for (code points): a few paragraphs


def _alnum(text: str, p: int) -> bool:
    return 0 <= p < len(text) and text[p].isalnum()


def quote_kind(text: str, p: int, family: str) -> str | None:
    """Whether the mark at p opens ("open") or closes ("close") a quotation of `family` (DOUBLE_MARKS or
    SINGLE_MARKS), or is neither (an apostrophe inside a word: `it's`, `don’t`; a `’90s`; a lone mark)."""
    ch = text[p]
    if ch not in family:
        return None
    n = len(text)
    before = text[p - 1] if p > 0 else " "
    after = text[p + 1] if p + 1 < n else " "
    if _alnum(text, p - 1) and _alnum(text, p + 1):
        return None  # inside a word: an apostrophe (it's, don’t), never a mark
    if ch in "“„‟‘‚‛":
        return "open" if not after.isspace() else None
    if ch in "”’":
        return "close" if not before.isspace() else None
    opens = before.isspace() or before in _OPENERS_AFTER
    closes = after.isspace() or after in _CLOSERS_BEFORE
    if opens and not after.isspace():
        return "open"
    if closes and not before.isspace():
        return "close"
    return None


def _mark_finder(family: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(family) + "\n]")


_FINDERS: dict[str, re.Pattern[str]] = {}


def _match_quote(text: str, p: int, family: str, *, forward: bool) -> int | None:
    """The mark closing (forward) or opening (backward) the quotation whose other mark is at p (or, backward
    from a position inside one, its opening mark). A quotation may run over paragraphs: where a blank line
    comes inside one and the next paragraph begins with an opening mark, it goes on (the newspaper convention); where the next
    one does not, it was never closed (None). A single line break inside a quotation is crossed."""
    finder = _FINDERS.setdefault(family, _mark_finder(family))
    n = len(text)
    depth = 0
    if forward:
        for m in finder.finditer(text, p + 1, min(n, p + _LIMIT)):
            q = m.start()
            if text[q] == "\n":
                nxt = q + 1
                while nxt < n and text[nxt] == "\n":
                    nxt += 1
                if nxt - q > 1 and depth == 0 and not (nxt < n and quote_kind(text, nxt, family) == "open"):
                    return None  # a blank line ends the quotation unless the next paragraph opens it again
                continue
            kind = quote_kind(text, q, family)
            if kind == "open":
                if q > 0 and text[q - 1] == "\n" and depth == 0:
                    continue  # a paragraph of the same quotation
                depth += 1
            elif kind == "close":
                if depth == 0:
                    return q
                depth -= 1
        return None
    lo = max(0, p - _LIMIT)
    q = p
    while q > lo:
        q = max(text.rfind(mark, lo, q) for mark in family)  # the nearest mark before q (a C scan per shape)
        if q < lo:
            break
        kind = quote_kind(text, q, family)
        if kind == "close":
            depth += 1
        elif kind == "open":
            if depth == 0:
                return q
            depth -= 1
    return None


def quote_pair(text: str, i: int, family: str) -> tuple[int, int] | None:
    """(opening mark, closing mark) offsets of the nearest quotation of `family` around offset i (i on either
    mark counts as inside); None when i is in none."""
    n = len(text)
    if n == 0:
        return None
    i = min(max(i, 0), n - 1)
    kind = quote_kind(text, i, family)
    if kind == "open":
        c = _match_quote(text, i, family, forward=True)
        return (i, c) if c is not None else None
    if kind == "close":
        o = _match_quote(text, i, family, forward=False)
        return (o, i) if o is not None else None
    o = i
    while True:
        o = _match_quote(text, o, family, forward=False)  # the nearest opening mark not closed before i
        if o is None:
            return None
        c = _match_quote(text, o, family, forward=True)
        if c is not None and c >= i:
            return (o, c)
        if c is None:
            return None


_BRACKETS = {"(": ("(", ")"), ")": ("(", ")"), "b": ("(", ")"), "[": ("[", "]"), "]": ("[", "]"),
             "{": ("{", "}"), "}": ("{", "}"), "B": ("{", "}")}  # fmt: skip


def bracket_pair(text: str, i: int, opening: str, closing: str) -> tuple[int, int] | None:
    """(opening, closing) offsets of the innermost bracket pair around i (i on either bracket counts)."""
    n = len(text)
    if n == 0:
        return None
    i = min(max(i, 0), n - 1)
    o: int | None = i if text[i] == opening else None
    if o is None:
        depth = 0
        for q in range(i - 1, max(-1, i - _LIMIT), -1):
            ch = text[q]
            if ch == closing:
                depth += 1
            elif ch == opening:
                if depth == 0:
                    o = q
                    break
                depth -= 1
        if o is None:
            return None
        if text[i] == closing:
            return (o, i)
    depth = 0
    for q in range(o + 1, min(n, o + _LIMIT)):
        ch = text[q]
        if ch == opening:
            depth += 1
        elif ch == closing:
            if depth == 0:
                return (o, q) if q >= i else None
            depth -= 1
    return None


def _run_around(text: str, i: int, pred: Callable[[str], bool]) -> tuple[int, int]:
    """The run of characters satisfying pred around i (on one line: a line break ends it)."""
    lo = i
    while lo > 0 and text[lo - 1] != "\n" and pred(text[lo - 1]):
        lo -= 1
    hi = i
    while hi < len(text) and text[hi] != "\n" and pred(text[hi]):
        hi += 1
    return lo, hi


def _blank(ch: str) -> bool:
    return ch.isspace() and ch != "\n"


def _with_blanks(text: str, start: int, end: int) -> tuple[int, int]:
    """vim's `a` for words and sentences: the object plus the blanks after it, or before it when none follow."""
    hi = end
    while hi < len(text) and _blank(text[hi]):
        hi += 1
    if hi > end:
        return start, hi
    lo = start
    while lo > 0 and _blank(text[lo - 1]):
        lo -= 1
    return lo, end


TEXT_OBJECTS = '"\'swWp()b[]{}B“”‘’'


def text_object(text: str, i: int, obj: str, *, around: bool) -> tuple[int, int] | None:
    """vim's text object `obj` at offset i: `i` (around=False) or `a` (around=True) + one of
    `"` `'` (quotations; `a` includes the marks), `s` sentence, `p` paragraph, `w` word, `W` WORD, `(` `)` `b`,
    `[` `]`, `{` `}` `B` (brackets; `a` includes them). On white space, `iw` / `iW` / `is` are the blanks
    and `ip` the line breaks there, as in vim. None: no such object here (or an empty one). Whole clusters."""
    n = len(text)
    if n == 0 or obj not in TEXT_OBJECTS:
        return None
    i = min(max(i, 0), n - 1)
    i = grapheme_start(text, i)
    rng: tuple[int, int] | None
    if obj in "\"“”'‘’":
        family = DOUBLE_MARKS if obj in "\"“”" else SINGLE_MARKS
        pair = quote_pair(text, i, family)
        if pair is None:
            return None
        o, c = pair
        rng = (o, c + 1) if around else (o + 1, c)
    elif obj in _BRACKETS:
        pair = bracket_pair(text, i, *_BRACKETS[obj])
        if pair is None:
            return None
        o, c = pair
        rng = (o, c + 1) if around else (o + 1, c)
    elif obj == "p":
        if text[i] == "\n":
            lo, hi = i, i
            while lo > 0 and text[lo - 1] == "\n":
                lo -= 1
            while hi < n and text[hi] == "\n":
                hi += 1
            rng = (lo, hi)
        else:
            lo = text.rfind("\n", 0, i) + 1
            hi = text.find("\n", i)
            hi = n if hi == -1 else hi
            rng = (lo, hi)
            if around:
                end = hi
                while end < n and text[end] == "\n":
                    end += 1
                if end == hi:
                    while lo > 0 and text[lo - 1] == "\n":
                        lo -= 1
                rng = (lo, end)
    elif _blank(text[i]) or text[i] == "\n":
        if text[i] == "\n":
            return None if obj != "s" else (i, i + 1)
        lo, hi = _run_around(text, i, _blank)
        if around:  # the blanks and the object after them
            nxt = _small_object(text, hi, obj) if hi < n and not text[hi].isspace() else (hi, hi)
            hi = nxt[1]
        rng = (lo, hi)
    else:
        start, end = _small_object(text, i, obj)
        rng = _with_blanks(text, start, end) if around else (start, end)
    start, end = cluster_range(text, *rng)
    return (start, end) if end > start else None


def _small_object(text: str, i: int, obj: str) -> tuple[int, int]:
    """The word / WORD / sentence under i (i not on white space)."""
    if obj == "w":
        return word_at(text, i)
    if obj == "W":
        return _run_around(text, i, lambda ch: not ch.isspace())
    return sentence_at(text, i)

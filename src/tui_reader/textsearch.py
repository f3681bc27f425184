"""The pane's literal search (`/`, `n`, `N`, the highlights) and the search run ahead while a query is typed.
No Textual. Split from textnav.py; `from tui_reader.textnav import LiteralSearch` keeps working."""

from __future__ import annotations

from typing import Any

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
        if not isinstance(text, str):  # a ChunkedText (textchunks): window by window, each overlapping the next
            return self._find_chunked(text, start, end, forward)
        m = (self._forward if forward else self._backward).search(text, start, end, concurrent=True)
        return m.span() if m else None

    WINDOW = 1 << 22  # code points decoded at a time when searching a ChunkedText

    def _find_chunked(self, text: Any, start: int, end: int, forward: bool) -> tuple[int, int] | None:
        """`find` on a ChunkedText: a match is exactly as long as the query (k code points), so windows that
        overlap by k - 1 find every match, the first (forward) or the last (backward)."""
        start, end = max(0, start), min(len(text), end)
        k = len(self.pattern)
        pattern = self._forward if forward else self._backward
        if forward:
            lo = start
            while lo < end:
                hi = min(end, lo + self.WINDOW + k - 1)
                m = pattern.search(text[lo:hi], concurrent=True)
                if m:
                    return lo + m.start(), lo + m.end()
                if hi >= end:
                    break
                lo = hi - k + 1
            return None
        hi = end
        while hi > start:
            lo = max(start, hi - self.WINDOW - k + 1)
            m = pattern.search(text[lo:hi], concurrent=True)
            if m:
                return lo + m.start(), lo + m.end()
            if lo <= start:
                break
            hi = lo + k - 1
        return None

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
            src = text if isinstance(text, str) else text[:limit]  # a ChunkedText: its counted part decoded once
            lo = 0
            while lo < limit and len(starts) <= self.COUNT_CAP:
                m = self._forward.search(src, lo, limit)
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

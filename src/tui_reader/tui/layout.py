"""Soft-wrapped layout of a text for the reading pane, computed lazily so it costs what the screen shows.

No Textual here (only `rich.cells` for cell widths), so all of it is unit-tested directly.

- The text is cut once, on load, into *units* of at most about `CHUNK` code points: each unit ends just after
  the last "\\n" within `CHUNK` of its start (one `str.rfind` per unit, so the cut costs ~len/CHUNK steps, not
  one per line: 2.4 M short lines used to cost 3 s), and a line longer than `CHUNK` is cut after a space near
  every `CHUNK` code points (or, with no space, at a grapheme boundary). A unit is what gets wrapped at once, so
  wrapping never costs more than `CHUNK` characters however long a paragraph is; the price is a row that may
  end a little early at a cut inside a giant paragraph.
- Each unit starts with an *estimated* row count (from its length, its lines and the width); a `Fenwick` tree
  over the counts maps a
  screen row to (unit, row in unit) and back in O(log units). When a unit is wrapped for real (because it is
  shown, or the cursor is in it) its exact count replaces the estimate. `locate()` re-looks-up after wrapping, so
  a screen row always maps to exact rows; rows after a just-wrapped unit shift, rows before it never do.
- Wrapping is greedy at spaces; a word longer than the width is broken at grapheme boundaries; spaces at the
  end of a row may hang past the width (they are not drawn). Cell widths are measured per grapheme with Rich's
  `cell_len` (wide CJK / emoji = 2 cells, combining marks 0), and only for the rows being wrapped or drawn.
- Rows are cached per width (a few widths kept), so resizing back and forth does not re-wrap.

Offsets are code points into the text. Row r of unit u covers [row_starts[r], next row start) without a "\\n"
that ends it; a row ending a line also owns the offset of that "\\n" (the cursor can sit there, e.g. on an
empty line), and the last row of the text owns len(text).
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_right
from collections import OrderedDict

from rich.cells import cell_len

from ..sanitize import visible
from ..textnav import grapheme_start, graphemes, next_grapheme

CHUNK = 4096
_NEWLINE = re.compile("\n")
_TOKEN = re.compile(r"[^ ]+ *| +")


def display_text(s: str) -> str:
    """What is drawn for `s`: control characters as one-cell placeholders, a tab as one space, same length."""
    return visible(s).replace("\t", " ")


class Fenwick:
    """Prefix sums over a list of non-negative ints with O(log n) update, prefix and search."""

    __slots__ = ("n", "tree", "values", "total")

    def __init__(self, values: list[int]) -> None:
        n = len(values)
        tree = list(values)
        for i in range(n):
            j = i | (i + 1)
            if j < n:
                tree[j] += tree[i]
        self.n = n
        self.tree = tree
        self.values = list(values)
        self.total = sum(values)

    def set(self, i: int, value: int) -> int:
        """Set values[i]; return the change."""
        delta = value - self.values[i]
        if delta:
            self.values[i] = value
            self.total += delta
            tree = self.tree
            n = self.n
            while i < n:
                tree[i] += delta
                i |= i + 1
        return delta

    def prefix(self, i: int) -> int:
        """Sum of values[0:i]."""
        s = 0
        tree = self.tree
        while i > 0:
            s += tree[i - 1]
            i &= i - 1
        return s

    def find(self, y: int) -> tuple[int, int]:
        """(i, y - prefix(i)) for the i with prefix(i) <= y < prefix(i + 1); y is clamped into range."""
        if y < 0:
            y = 0
        if y >= self.total:
            i = self.n - 1
            return i, max(0, y - self.prefix(i)) if self.total else 0
        pos = 0
        rem = y
        step = 1 << (self.n.bit_length())
        tree = self.tree
        while step:
            nxt = pos + step
            if nxt <= self.n and tree[nxt - 1] <= rem:
                pos = nxt
                rem -= tree[nxt - 1]
            step >>= 1
        return pos, rem


def unit_starts(text: str, chunk: int = CHUNK, breaks: list[int] | None = None) -> list[int]:
    """Start offsets of the units of `text` (see the module docstring). Always at least [0]. With `breaks`, the
    number of line breaks in each unit is appended to it in the same pass (a big text held in chunks,
    textchunks.ChunkedText, is then read once, not once more to count them)."""
    starts = [0]
    n = len(text)
    pos = 0
    rfind = text.rfind
    count = text.count if breaks is not None else None
    while n - pos > chunk:
        k = rfind("\n", pos, pos + chunk)
        if k != -1:
            nxt = k + 1
        else:  # inside a line longer than chunk: cut after a space, else at a grapheme boundary
            cut = rfind(" ", pos + chunk // 2, pos + chunk)
            nxt = grapheme_start(text, cut + 1 if cut != -1 else pos + chunk)  # never inside a cluster
            if nxt <= pos:  # one cluster longer than chunk
                nxt = next_grapheme(text, pos)
        starts.append(nxt)
        if count is not None and breaks is not None:
            breaks.append(count("\n", pos, nxt))
        pos = nxt
    if count is not None and breaks is not None:
        breaks.append(count("\n", pos, n))
    return starts


def wrap(d: str, base: int, width: int) -> list[int]:
    """Row start offsets (base + index into d) of the display text `d` wrapped to `width` cells."""
    rows = [base]
    if width < 1:
        width = 1
    ascii_only = d.isascii()
    if len(d) <= width and (ascii_only or cell_len(d) <= width):
        return rows
    col = 0
    for m in _TOKEN.finditer(d):
        tok = m.group()
        word = tok.rstrip(" ")
        if ascii_only:
            ww = len(word)
            wt = len(tok)
        else:
            ww = cell_len(word)
            wt = ww + len(tok) - len(word)
        if col + ww <= width or not word:
            col += wt
            continue
        if col > 0:
            rows.append(base + m.start())
            col = 0
        if ww <= width:
            col = wt
            continue
        # A word wider than the row: break it at grapheme boundaries.
        pos = base + m.start()
        if ascii_only:
            k = width
            while k < ww:
                rows.append(pos + k)
                k += width
            col = ww - (k - width) + (wt - ww)
            continue
        for g in graphemes(word):
            gw = cell_len(g)
            if col + gw > width and col > 0:
                rows.append(pos)
                col = 0
            col += gw
            pos += len(g)
        col += wt - ww
    return rows


class Layout:
    """Units, their wrapped rows at the current width, and the screen-row <-> offset mapping."""

    KEEP_WIDTHS = 4

    def __init__(self, text: str, width: int = 80, chunk: int = CHUNK) -> None:
        self.text = text
        self._breaks: list[int] = []  # line breaks per unit (for the first row estimates)
        self.starts = unit_starts(text, chunk, self._breaks)
        self.width = 0
        self._caches: OrderedDict[int, tuple[Fenwick, dict[int, list[int]]]] = OrderedDict()
        self._current: tuple[Fenwick, dict[int, list[int]]] | None = None
        self.set_width(width)

    # -- units -------------------------------------------------------------------------------------------------
    @property
    def unit_count(self) -> int:
        return len(self.starts)

    def unit_end(self, u: int) -> int:
        """End of unit u's text (exclusive), not counting a "\\n" that closes it."""
        if u + 1 < len(self.starts):
            nxt = self.starts[u + 1]
            return nxt - 1 if self.text[nxt - 1] == "\n" else nxt
        return len(self.text)

    def owns_end(self, u: int) -> bool:
        """Whether the offset unit_end(u) belongs to unit u (a "\\n" or the end of the text)."""
        return u + 1 >= len(self.starts) or self.text[self.starts[u + 1] - 1] == "\n"

    def unit_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    # -- width -------------------------------------------------------------------------------------------------
    def set_width(self, width: int) -> bool:
        """Lay out for `width` cells; returns True when it changed. The row index is built on first use."""
        width = max(1, width)
        if width == self.width:
            return False
        if self.width and self._current is not None:
            self._caches[self.width] = self._current
        self.width = width
        self._current = self._caches.pop(width, None)
        while len(self._caches) > self.KEEP_WIDTHS:
            self._caches.popitem(last=False)
        return True

    def _build(self) -> tuple[Fenwick, dict[int, list[int]]]:
        width = self.width
        starts = self.starts
        n = len(self.text)
        # a guess from the length (prose wraps at ~8/9 of the width) and the lines; exact once the unit is shown
        ends = [*starts[1:], n]
        ests = [
            max((size * 9 // 8 + width - 1) // width, lines + (b == n))
            for b, size, lines in zip(ends, map(operator.sub, ends, starts), self._breaks, strict=True)
        ]
        self._current = (Fenwick(ests), {})
        return self._current

    @property
    def fen(self) -> Fenwick:
        return (self._current or self._build())[0]

    @property
    def rows_cache(self) -> dict[int, list[int]]:
        return (self._current or self._build())[1]

    @property
    def total_rows(self) -> int:
        return self.fen.total

    # -- rows --------------------------------------------------------------------------------------------------
    def rows(self, u: int) -> list[int]:
        """Row start offsets of unit u, wrapping it now if needed (which fixes its row count)."""
        r = self.rows_cache.get(u)
        if r is None:
            r = []
            text = self.text
            pos = self.starts[u]
            end = self.unit_end(u)
            while True:
                k = text.find("\n", pos, end)
                line_end = end if k == -1 else k
                r.extend(wrap(display_text(text[pos:line_end]), pos, self.width))
                if k == -1:
                    break
                pos = k + 1
            self.rows_cache[u] = r
            self.fen.set(u, len(r))
        return r

    def is_exact(self, u: int) -> bool:
        return u in self.rows_cache

    def unit_row(self, u: int) -> int:
        """Screen row of unit u's first row."""
        return self.fen.prefix(u)

    def locate(self, y: int) -> tuple[int, int]:
        """(unit, row in unit) shown at screen row y (clamped to the text), wrapping units as needed."""
        while True:
            u, r = self.fen.find(y)
            if u in self.rows_cache:
                rows = self.rows_cache[u]
                return u, min(r, len(rows) - 1)
            self.rows(u)

    def row_of(self, offset: int) -> tuple[int, int]:
        """(unit, row in unit) that shows `offset` (see the module docstring for row ends)."""
        u = self.unit_of(offset)
        rows = self.rows(u)
        return u, max(0, bisect_right(rows, offset) - 1)

    def screen_row(self, offset: int) -> int:
        u, r = self.row_of(offset)
        return self.fen.prefix(u) + r

    def row_info(self, u: int, r: int) -> tuple[int, int, int]:
        """(a, b, last): row r of unit u draws [a, b) (no "\\n"); `last` is the last offset the cursor can take
        on it: b itself when the row ends a line (its "\\n", or the end of the text), else the last grapheme."""
        rows = self.rows(u)
        a = rows[r]
        if r + 1 < len(rows):
            b = rows[r + 1]
            hard = self.text[b - 1] == "\n"
            if hard:
                b -= 1
        else:
            b = self.unit_end(u)
            hard = self.owns_end(u)
        if hard or b <= a:
            return a, b, b
        return a, b, max(a, grapheme_start(self.text, b - 1))

    def row_range(self, u: int, r: int) -> tuple[int, int]:
        """[a, b) offsets drawn on row r of unit u (b excludes a "\\n" that ends the row)."""
        a, b, _ = self.row_info(u, r)
        return a, b

    def row_last(self, u: int, r: int) -> int:
        """The last offset the cursor can take on that row."""
        return self.row_info(u, r)[2]

    def cells(self, a: int, b: int) -> list[tuple[int, int, int]]:
        """(offset, column, width) for each grapheme of [a, b)."""
        d = display_text(self.text[a:b])
        if d.isascii():
            return [(a + i, i, 1) for i in range(len(d))]
        out = []
        col = 0
        off = a
        for g in graphemes(d):
            w = cell_len(g)
            out.append((off, col, w))
            col += w
            off += len(g)
        return out

    def offset_at(self, u: int, r: int, col: int) -> int:
        """Offset of the grapheme at column `col` of a row (the row's last position when col is past the end)."""
        a, b, last = self.row_info(u, r)
        for off, c, w in self.cells(a, b):
            if col < c + max(w, 1):
                return min(off, last)
        return last

    def column_of(self, offset: int) -> int:
        """Screen column of `offset` within its row."""
        u, r = self.row_of(offset)
        a, b = self.row_range(u, r)
        if offset <= a:
            return 0
        d = display_text(self.text[a : min(offset, b)])
        return len(d) if d.isascii() else cell_len(d)

    # -- stepping and scrolling: the maths behind the pane's motions (the widget applies the results) ---------
    def step(self, u: int, r: int, n: int) -> tuple[int, int, int]:
        """(unit, row, rows actually moved) n rows down (n < 0: up) from row r of unit u, wrapping units on the
        way; stops at the first / last row of the text."""
        moved = 0
        while n > 0:
            if r + 1 < len(self.rows(u)):
                r += 1
            elif u + 1 < self.unit_count:
                u, r = u + 1, 0
            else:
                break
            n -= 1
            moved += 1
        while n < 0:
            if r > 0:
                r -= 1
            elif u > 0:
                u -= 1
                r = len(self.rows(u)) - 1
            else:
                break
            n += 1
            moved -= 1
        return u, r, moved

    def row_away(self, offset: int, n: int, col: int) -> tuple[int, int]:
        """(offset at column `col` of the row n rows below / above the one showing `offset`, rows moved)."""
        u, r = self.row_of(offset)
        u2, r2, moved = self.step(u, r, n)
        return self.offset_at(u2, r2, col), moved

    def stepped_row(self, y: int, n: int) -> int:
        """The screen row n rows away from screen row y, counted over exact rows (so scrolling up into rows
        that were only estimated shows them in order instead of jumping by the estimate's error)."""
        u, r = self.locate(y)
        u2, r2, _ = self.step(u, r, n)
        return self.unit_row(u2) + r2

    def settle_above(self, offset: int, height: int) -> int:
        """Wrap the units above `offset` for up to `height` rows (so a screen ending at it is exact); return
        its screen row."""
        u, r = self.row_of(offset)
        acc, k = r, u
        while acc < height and k > 0:
            k -= 1
            acc += len(self.rows(k))
        return self.unit_row(u) + r

    def shown_row(self, y: int) -> tuple[int, int, int] | None:
        """`row_info` of what screen row y shows, None below the text (or where no exact row lands)."""
        if y >= self.total_rows:
            return None
        u, r = self.locate(y)
        if self.unit_row(u) + r != y:
            return None
        return self.row_info(u, r)

    def first_offset(self, y: int) -> int:
        """The first offset shown on screen row y (clamped to the text)."""
        return self.row_range(*self.locate(y))[0]

    def offset_at_cell(self, y: int, col: int) -> int:
        """The offset a click at (column col, screen row y) lands on; len(text) below the text."""
        if y >= self.total_rows:
            return len(self.text)
        u, r = self.locate(y)
        return self.offset_at(u, r, col)

    def visible_range(self, top: int, height: int) -> tuple[int, int]:
        """(start, end) offsets shown on `height` rows from screen row `top`."""
        u, r = self.locate(top)
        u2, r2 = self.locate(min(top + height, self.total_rows) - 1)
        return self.row_range(u, r)[0], self.row_info(u2, r2)[2]


def scroll_for(y: int, top: int, height: int) -> int | None:
    """The new top row that shows row y on a screen of `height` rows starting at `top`; None: y is shown.

    A far jump (more than a screen above, or two below) centres y; a near one scrolls just enough."""
    if y < top - height or y >= top + 2 * height:
        return max(0, y - height // 2)
    if y < top:
        return y
    if y >= top + height:
        return y - height + 1
    return None


def row_into_view(y: int, top: int, height: int, total: int) -> int | None:
    """The row nearest to y on the screen [top, top + height) (the last row of the text at most); None when y
    is on it."""
    if top <= y < top + height:
        return None
    return top if y < top else min(top + height - 1, total - 1)

"""A big text held compactly: `ChunkedText`, a read-only stand-in for a `str` the app shows (no Textual).

CPython stores a `str` at 1, 2 or 4 bytes per character, the widest character deciding for the whole string:
one emoji in a 200 MB article makes it 800 MB. Here the text is cut into chunks (~256 K code points or 256 KiB
of UTF-8); an ASCII chunk (from a str: any chunk within Latin-1) is kept as its own compact `str`, any other as
its UTF-8 bytes, decoded when it is read (a few decoded chunks are kept: the rows on screen, the cursor's
surroundings). So a 200 MB article is held in about its UTF-8 size, whatever characters it has.

Offsets stay code points of the whole text: `len`, `text[i]`, `text[a:b]` (a `str`), `find` / `rfind` /
`count` / `startswith` behave as `str`'s do. Everything that runs a pattern (motions, text objects, search)
works on a decoded window (`window`): textmotion / textobjects through `on_window`, textsearch by chunks.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, overload

CHUNK = 1 << 18  # code points per chunk made from a str; bytes per chunk read from UTF-8 (256 KiB)
KEEP_DECODED = 8  # decoded chunks kept (a screen, the cursor's window, a search's window): at most ~8 MiB
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character


class ChunkedText:
    """A text as chunks (each a compact `str`, or UTF-8 `bytes` when it has a character beyond ASCII / Latin-1);
    `_starts[k]` is chunk k's first code point (an array of 8-byte ints: 800 bytes per 25 MB of text)."""

    __slots__ = ("_chunks", "_starts", "_len", "_decoded")

    def __init__(self, chunks: list[str | bytes], starts: array[int], length: int) -> None:
        self._chunks = chunks
        self._starts = starts
        self._len = length
        self._decoded: OrderedDict[int, str] = OrderedDict()

    # -- building --------------------------------------------------------------------------------------------
    @classmethod
    def from_str(cls, text: str) -> ChunkedText:
        return cls([_pack(text[i : i + CHUNK]) for i in range(0, len(text), CHUNK)],
                   array("q", range(0, len(text), CHUNK)), len(text))  # fmt: skip

    @classmethod
    def from_utf8(cls, pieces: Iterable[bytes]) -> ChunkedText:
        """From valid UTF-8 read in pieces (a SQLite TEXT blob): each ~CHUNK bytes, cut before a character starts,
        becomes one chunk. An ASCII one is decoded (fast); any other stays UTF-8 (its code points counted without
        decoding it), so loading a 200 MB text costs little more than reading it."""
        chunks: list[str | bytes] = []
        starts = array("q")
        length = 0
        carry = b""
        for piece in pieces:
            data = carry + piece if carry else piece
            cut = len(data)
            while cut > 0 and data[cut - 1] >= 0x80 and data[cut - 1] in _CONTINUATION:
                cut -= 1
            if cut > 0 and data[cut - 1] >= 0xC0:  # a lead byte whose continuation is in the next piece
                cut -= 1
            carry = data[cut:]
            length = _add(chunks, starts, data[:cut], length)
        if carry:
            length = _add(chunks, starts, carry, length)
        return cls(chunks, starts, length)

    # -- reading ---------------------------------------------------------------------------------------------
    def _chunk(self, k: int) -> str:
        c = self._chunks[k]
        if isinstance(c, str):
            return c
        decoded = self._decoded  # shared by the app's thread and the search run ahead (textsearch.SearchAhead):
        hit = decoded.get(k)  # each step is atomic; another thread's step in between is harmless
        if hit is None:
            hit = c.decode("utf-8")
        try:
            if k not in decoded:
                decoded[k] = hit
                while len(decoded) > KEEP_DECODED:
                    decoded.popitem(last=False)
            else:
                decoded.move_to_end(k)
        except KeyError:  # the other thread dropped it meanwhile
            pass
        return hit

    def _index(self, i: int) -> int:
        """The chunk holding code point i (0 <= i < len)."""
        return bisect_right(self._starts, i) - 1

    def _end(self, k: int) -> int:
        return self._starts[k + 1] if k + 1 < len(self._starts) else self._len

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._len > 0

    @overload
    def __getitem__(self, key: int) -> str: ...
    @overload
    def __getitem__(self, key: slice) -> str: ...
    def __getitem__(self, key: int | slice) -> str:
        if isinstance(key, slice):
            start, stop, step = key.indices(self._len)
            if step != 1:
                return self._slice(0, self._len)[key]  # never used by the app: the simple way
            return self._slice(start, stop)
        i = key + self._len if key < 0 else key
        if not 0 <= i < self._len:
            raise IndexError("ChunkedText index out of range")
        k = self._index(i)
        return self._chunk(k)[i - self._starts[k]]

    def _slice(self, a: int, b: int) -> str:
        if b <= a:
            return ""
        ka, kb = self._index(a), self._index(b - 1)
        sa = self._starts[ka]
        if ka == kb:
            return self._chunk(ka)[a - sa : b - sa]
        parts = [self._chunk(ka)[a - sa :]]
        parts.extend(self._chunk(k) for k in range(ka + 1, kb))
        parts.append(self._chunk(kb)[: b - self._starts[kb]])
        return "".join(parts)

    def __str__(self) -> str:
        return self._slice(0, self._len)

    def __repr__(self) -> str:
        return f"<ChunkedText of {self._len} code points in {len(self._chunks)} chunks>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChunkedText | str):
            return other is self or (len(other) == self._len and all(
                other[a : a + CHUNK] == self._slice(a, a + CHUNK) for a in range(0, self._len, CHUNK)))  # fmt: skip
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _bounds(self, start: int | None, end: int | None) -> tuple[int, int]:
        return slice(start, end).indices(self._len)[:2]

    def find(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        a, b = self._bounds(start, end)
        k = len(sub)
        if k == 0:
            return a if a <= b else -1
        pos = a
        while pos < b:
            c = self._index(pos)
            s0, ce = self._starts[c], self._end(c)
            r = self._chunk(c).find(sub, pos - s0, min(b, ce) - s0)  # within the chunk: no copy
            if r != -1:
                return s0 + r
            if ce >= b:
                break
            if k > 1:  # a match running over the chunk's end
                lo = max(pos, ce - k + 1)
                r = self._slice(lo, min(b, ce + k - 1)).find(sub)
                if r != -1:
                    return lo + r
            pos = ce
        return -1

    def rfind(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        a, b = self._bounds(start, end)
        k = len(sub)
        if k == 0:
            return b if a <= b else -1
        pos = b
        while pos > a:
            c = self._index(pos - 1)
            s0 = self._starts[c]
            r = self._chunk(c).rfind(sub, max(a, s0) - s0, pos - s0)
            if r != -1 and s0 + r + k <= pos:
                return s0 + r
            if s0 <= a:
                break
            if k > 1:  # a match running over the chunk's start
                hi = min(pos, s0 + k - 1)
                lo = max(a, s0 - k + 1)
                r = self._slice(lo, hi).rfind(sub)
                if r != -1:
                    return lo + r
            pos = s0
        return -1

    def count(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        a, b = self._bounds(start, end)
        if len(sub) != 1:  # only single characters are counted by the pane (line breaks); others the slow way
            return self._slice(a, b).count(sub)
        total = 0
        pos = a
        while pos < b:
            k = self._index(pos)
            s0, hi = self._starts[k], min(b, self._end(k))
            total += self._chunk(k).count(sub, pos - s0, hi - s0)
            pos = hi
        return total

    def startswith(self, prefix: str) -> bool:
        return len(prefix) <= self._len and prefix == self._slice(0, len(prefix))

    def window(self, i: int, radius: int) -> tuple[str, int]:
        """(text[lo:hi], lo): the code points within `radius` of offset i, decoded."""
        lo, hi = max(0, i - radius), min(self._len, i + radius)
        return self._slice(lo, hi), lo

    def held_bytes(self) -> int:
        """What the chunks take (their str or bytes payloads): the memory the text costs, roughly."""
        return sum(len(c) for c in self._chunks) + 8 * len(self._starts)


def _add(chunks: list[str | bytes], starts: array[int], data: bytes, length: int) -> int:
    if not data:
        return length
    starts.append(length)
    if data.isascii():
        chunks.append(data.decode("ascii"))
        return length + len(data)
    chunks.append(data)
    return length + len(data.translate(None, _CONTINUATION))  # the bytes that start a character


def _pack(chunk: str) -> str | bytes:
    """A chunk kept as a compact str (1 byte per character) when it can be, else as its UTF-8."""
    if chunk.isascii() or max(chunk) <= "\xff":
        return chunk
    return chunk.encode("utf-8")


# -- motions on a ChunkedText: each runs on a decoded window around its offset ------------------------------------
F = TypeVar("F", bound=Callable[..., Any])
FIRST_RADIUS = 256  # code points each side; a motion whose answer lands on the window's edge is run again wider
MAX_RADIUS = 1 << 22  # ...up to 4 M code points each side (a motion then stops there: 8 M without a paragraph)
NONE_RADIUS = 1 << 16  # "nothing there" (a text object, f / t) is believed at 64 K each side


def on_window(offsets: int = 1) -> Callable[[F], F]:
    """Let a function of (text, i, ...) (or (text, start, end, ...) with offsets=2) returning an offset, a pair of
    offsets or None take a ChunkedText: it runs on a window of the text around the offset(s), shifted back.
    An answer near the window's edge (that is not the text's) may be the window's doing: it is asked again on a
    window 16 times wider."""

    def wrap(fn: F) -> F:
        @wraps(fn)
        def wrapper(text: Any, *args: Any, **kwargs: Any) -> Any:
            if type(text) is str or not isinstance(text, ChunkedText):
                return fn(text, *args, **kwargs)
            n = len(text)
            pos = args[:offsets] or (n,)
            rest = args[offsets:]
            radius = FIRST_RADIUS
            while True:
                lo = max(0, min(pos) - radius)
                hi = min(n, max(pos) + radius)
                w = text._slice(lo, hi)
                r = fn(w, *(p - lo for p in args[:offsets]), *rest, **kwargs)
                if lo == 0 and hi == n:
                    return r if r is None else tuple(x + lo for x in r) if isinstance(r, tuple) else r + lo
                margin = radius // 4  # an answer this near a cut edge may be the cut's (white space trimmed off it)
                near = (margin if lo > 0 else -1, len(w) - margin if hi < n else len(w) + 1)
                if r is None:
                    if radius >= NONE_RADIUS:
                        return None
                elif isinstance(r, tuple):
                    if radius >= MAX_RADIUS or all(near[0] < x < near[1] for x in r):
                        return tuple(x + lo for x in r)
                elif radius >= MAX_RADIUS or near[0] < r < near[1]:
                    return r + lo
                radius *= 16

        return wrapper  # type: ignore[return-value]

    return wrap

"""Offset units. Stored offsets are code points (Python str indices); some tools count UTF-16 code units.

A code point above U+FFFF (most emoji, some CJK) is one code point but two UTF-16 units: converting is a
running sum over astral characters, done with bisect over their positions, so plain BMP text costs nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

UNITS = ("codepoint", "utf16")


class OffsetMap:
    """Convert offsets between code points and UTF-16 code units for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # code-point positions of astral characters, in order
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        # their UTF-16 positions
        self._astral16 = [cp + n for n, cp in enumerate(self._astral)]

    def to_utf16(self, cp: int) -> int:
        return cp + bisect_left(self._astral, cp)

    def from_utf16(self, u16: int) -> int:
        """UTF-16 offset to code points; an offset in the middle of a surrogate pair is an error."""
        before = bisect_right(self._astral16, u16 - 1)
        # u16 - 1 falls on the first unit of an astral char: u16 splits a surrogate pair
        if before and self._astral16[before - 1] == u16 - 1:
            raise ValueError(f"UTF-16 offset {u16} splits a surrogate pair")
        return u16 - bisect_left(self._astral16, u16)

    def convert(self, offset: int, unit: str, *, to_unit: bool) -> int:
        if unit == "codepoint":
            return offset
        if unit != "utf16":
            raise ValueError(f"unknown offset unit {unit!r} (expected codepoint or utf16)")
        return self.to_utf16(offset) if to_unit else self.from_utf16(offset)

"""Make any string safe to show in a terminal without changing its length.

Article text, notes, titles, file names and labels are data. Control characters in them (C0, DEL, C1, ESC and
so every escape/OSC sequence) would reach the terminal raw: they could set the window title, clear the screen or
write the clipboard (OSC 52). `visible()` swaps each for a one-cell placeholder, code point for code point, so
offsets into the text and the cursor still line up with what is on screen.
"""

from __future__ import annotations

import re

# C0 controls -> U+2400..U+241F control pictures; DEL -> U+2421; C1 (0x80-0x9F) -> U+2426 (substitute form two).
# Bidi embedding/override/isolate controls would reorder what follows on screen: shown as U+2426 too.
_TABLE = {i: 0x2400 + i for i in range(0x20)}
_TABLE[0x7F] = 0x2421
_TABLE.update({i: 0x2426 for i in range(0x80, 0xA0)})
_TABLE.update({i: 0x2426 for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_KEEP_NL_TAB = dict(_TABLE)
del _KEEP_NL_TAB[0x0A], _KEEP_NL_TAB[0x09]

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(s: str, *, keep_newlines: bool = True) -> str:
    """`s` with every control character replaced by a one-cell placeholder; same length as `s`.

    With `keep_newlines` (the default) newline and tab stay as they are (the caller lays out lines);
    without it they are shown as placeholders too (for one-line places: titles, list rows, notifications).
    """
    if not _UNSAFE.search(s):
        return s
    return s.translate(_KEEP_NL_TAB if keep_newlines else _TABLE)


def one_line(s: str, limit: int | None = None) -> str:
    """A single safe display line: newlines and tabs become spaces, other controls placeholders, cut to `limit`."""
    s = visible(s.replace("\n", " ").replace("\t", " "), keep_newlines=False)
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    return s

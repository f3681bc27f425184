"""vim's `f` / `t` / `F` / `T` finds on a line and the text objects (`i` / `a` + object, in visual mode): words,
sentences, paragraphs, quotations and brackets. No Textual. Split from textnav.py; every name stays importable
from there (`from tui_reader.textnav import text_object`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .textchunks import on_window
from .textmotion import (
    cluster_range,
    grapheme_start,
    next_grapheme,
    prev_grapheme,
    sentence_at,
    word_at,
)
from .textsearch import DOUBLE_MARKS, SINGLE_MARKS, char_class


@on_window(1)
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


@on_window(1)
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


@on_window(1)
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


@on_window(1)
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

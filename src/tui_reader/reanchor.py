"""Re-anchoring spans when a document's text changes (an edited source file re-imported). Pure logic, no I/O.

The rule: a span moves with its text only when a diff of the old and the new text says where that text went and
nothing else could equally be meant; otherwise it is flagged stale (kept, shown, listed), never guessed.

1. A diff of old and new: the unchanged head and tail are cut off; in the middle, pieces (ending at a newline or
   . ! ?) found once in each text are paired in the order both agree on (patience diff), the stretches between
   them are aligned piece by piece (`difflib.SequenceMatcher`), and each changed stretch of up to
   `WORD_DIFF_LIMIT` characters again word by word. The result is a list of character blocks that are equal in
   both texts.
2. A span whose characters all lie in one equal block is mapped through it (its text is unchanged by
   construction) unless the diff could equally have been drawn another way across it: a change next to text that
   repeats it (a sentence deleted from two copies in a row, duplicated in place, a copy added to or removed from
   a run of copies) slides, and every span wholly within the slide's reach is ambiguous. A mapped span must also
   have its context: either the `CONTEXT` characters before and after it are the same in both texts, or (after
   an edit close by) no copy of its text lies in that edit, and what survives of its context agrees clearly
   better (`_better`) than around any other copy of its text, in the new text and in the old, and some shortest
   edit script of the text around it keeps it there (`reanchor_script`: the greedy diff can keep a run that a
   shorter script drops).
3. A span the diff does not carry (its text was moved, or the sentence-level alignment paired other copies) is
   placed only on the single occurrence, in the new text, of its text with `CONTEXT` characters of unchanged
   context on both sides, that text-with-context occurring exactly once in the old text too.
4. A span already stale (or whose stored text no longer matches the old text) is placed again only when its text
   occurs exactly once in the new text and that occurrence is where the diff carries the spot it was kept at
   (so reverting an edit restores it).
5. Anything else is stale: kept with its stored text at the mapped position of its start (clamped into the new
   text), so it is shown near where it was. A span whose text was edited, even by one letter, is stale; nothing
   is ever placed on text that differs from the span's stored text, or cut mid-word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from tui_reader.models import Span
from tui_reader.reanchor_script import SCRIPT_CAP, SCRIPT_WINDOW, on_shortest_script

CONTEXT = 32  # characters of context that must agree on each side for a placement by context alone
WIDE_CONTEXT = 1024  # at most this much surviving context is used to tell a span from other copies of its text
MAX_UNIT = 4096  # a repeated piece longer than this inside a change is not looked for (see _ambiguous_zones)
MAX_SLIDE = 65_536  # nor a slide longer than this
PROBE = 8  # characters a piece inside a change must share with the text beside it to be looked at
MARGIN = 16  # after an edit close by, its own copy's context must agree clearly better (see _better)
MAX_COPIES = 2000  # a span next to an edit whose text occurs more often than this is stale
ANCHOR_ABOVE = 400  # longer piece lists are first cut at pieces found once in each text (patience diff)
WORD_DIFF_LIMIT = 200_000  # changed stretches longer than this (old + new characters): not aligned by word

_PIECE = re.compile(r"[^\n.!?]*(?:[\n.!?]|$)")  # sentence-ish pieces; together they are the whole text
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w")

Block = tuple[int, int, int]  # old start, new start, length: old[a:a+n] == new[b:b+n]


@dataclass(frozen=True)
class Placement:
    """Where one span goes in the new text. `how`: same | shifted | moved | restored | stale."""

    span_id: str
    start: int
    end: int
    how: str
    score: float = 100.0
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.how != "stale"


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # binary search on slice equality: C-speed comparisons, log n of them
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _pieces(text: str, pattern: re.Pattern[str]) -> tuple[list[str], list[int]]:
    """Non-empty pieces covering `text`, and the offset of each (plus the end)."""
    parts = [m.group() for m in pattern.finditer(text) if m.group()]
    offsets = [0]
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    return parts, offsets


def _anchors(pa: list[str], pb: list[str]) -> list[tuple[int, int]]:
    """Pieces occurring once in each list, paired in an order both agree on (the longest increasing run, as
    patience diff does): fixed points that cut a long alignment into short ones."""
    count_a: dict[str, int] = {}
    for x in pa:
        count_a[x] = count_a.get(x, 0) + 1
    where_b: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for j, x in enumerate(pb):
        count_b[x] = count_b.get(x, 0) + 1
        where_b[x] = j
    pairs = [(i, where_b[x]) for i, x in enumerate(pa) if count_a[x] == 1 and count_b.get(x) == 1]
    tails: list[int] = []  # patience sorting: tails[k] = smallest j ending an increasing run of length k+1
    tail_at: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_right(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
        back.append(tail_at[k - 1] if k else -1)
    out: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def _align(a: str, b: str, pattern: re.Pattern[str], deeper: bool) -> list[Block]:
    pa, oa = _pieces(a, pattern)
    pb, ob = _pieces(b, pattern)
    out: list[Block] = []
    fixed = _anchors(pa, pb) if len(pa) + len(pb) > ANCHOR_ABOVE else []
    lo_a = lo_b = 0
    for ia, ib in [*fixed, (len(pa), len(pb))]:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, pa[lo_a:ia], pb[lo_b:ib]).get_opcodes():
            i1, i2, j1, j2 = i1 + lo_a, i2 + lo_a, j1 + lo_b, j2 + lo_b
            if tag == "equal":
                if deeper or _WORD.search(a, oa[i1], oa[i2]):  # a lone space or comma matched inside a changed
                    out.append((oa[i1], ob[j1], oa[i2] - oa[i1]))  # sentence would only split the change in two
            elif tag == "replace" and deeper and (oa[i2] - oa[i1]) + (ob[j2] - ob[j1]) <= WORD_DIFF_LIMIT:
                sub = _align(a[oa[i1] : oa[i2]], b[ob[j1] : ob[j2]], _TOKEN, False)
                out.extend((oa[i1] + x, ob[j1] + y, n) for x, y, n in sub)
        if ia < len(pa):
            out.append((oa[ia], ob[ib], oa[ia + 1] - oa[ia]))
        lo_a, lo_b = ia + 1, ib + 1
    return out


def _merge(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for a, b, n in sorted(blocks):
        if n <= 0:
            continue
        if out and out[-1][0] + out[-1][2] == a and out[-1][1] + out[-1][2] == b:
            pa, pb, pn = out[-1]
            out[-1] = (pa, pb, pn + n)
        else:
            out.append((a, b, n))
    return out


def diff_blocks(old: str, new: str) -> list[Block]:
    """The equal character blocks of old and new, in order, merged where they touch."""
    head = _common_prefix(old, new)
    tail = _common_suffix(old[head:], new[head:])
    blocks: list[Block] = [(0, 0, head)]
    mid_old, mid_new = old[head : len(old) - tail], new[head : len(new) - tail]
    if mid_old and mid_new:
        blocks += [(head + a, head + b, n) for a, b, n in _align(mid_old, mid_new, _PIECE, True)]
    blocks.append((len(old) - tail, len(new) - tail, tail))
    return _trim_gaps(old, new, _merge(blocks))


def _gaps(old: str, new: str, blocks: list[Block]) -> Iterable[tuple[int, int, int, int, int, int]]:
    """Each changed stretch between equal blocks: old i1:i2, new j1:j2, and the sizes of the blocks around it."""
    bounds = [(0, 0, 0), *blocks, (len(old), len(new), 0)]
    for (pa, pb, pn), (na, nb, nn) in zip(bounds, bounds[1:], strict=False):
        if pa + pn < na or pb + pn < nb:
            yield pa + pn, na, pb + pn, nb, pn, nn


def _trim_gaps(old: str, new: str, blocks: list[Block]) -> list[Block]:
    """Word-level replacements narrowed to the characters that differ ("paragraph" -> "paragraf": "ph" -> "f")."""
    extra: list[Block] = []
    for i1, i2, j1, j2, _, _ in _gaps(old, new, blocks):
        if i1 < i2 and j1 < j2:
            a, b = old[i1:i2], new[j1:j2]
            head = _common_prefix(a, b)
            tail = _common_suffix(a[head:], b[head:])
            extra += [(i1, j1, head), (i2 - tail, j2 - tail, tail)]
    return _merge(blocks + extra) if extra else blocks


def _slide_right(text: str, g1: int, g2: int, limit: int) -> int:
    """How far a piece ending the change text[g1:g2] can slide right over the next `limit` characters."""
    limit = min(limit, MAX_SLIDE)
    probe = text[g2 : g2 + min(PROBE, limit)]
    if g1 == g2 or not probe:
        return 0
    best, x = 0, text.find(probe, max(g1, g2 - MAX_UNIT), g2 - 1 + len(probe))
    while 0 <= x < g2:
        best = max(best, _common_prefix(text[x : x + limit], text[g2 : g2 + limit]))
        x = text.find(probe, x + 1, g2 - 1 + len(probe))
    return min(best, limit)


def _slide_left(text: str, g1: int, g2: int, limit: int) -> int:
    """How far a piece starting the change text[g1:g2] can slide left over the `limit` characters before it."""
    limit = min(limit, MAX_SLIDE)
    probe = text[g1 - min(PROBE, limit) : g1]
    if g1 == g2 or not probe:
        return 0
    best, end = 0, min(g2, g1 + MAX_UNIT)
    y = text.find(probe, g1 - len(probe) + 1, end)
    while y >= 0:
        stop = y + len(probe)
        best = max(best, _common_suffix(text[max(0, stop - limit) : stop], text[g1 - limit : g1]))
        y = text.find(probe, y + 1, end)
    return min(best, limit)


def _run_before(text: str, g: int, changed: tuple[str, str]) -> int:
    """Length of the passage ending at g that repeats a unit also found in a changed stretch (so a copy of the
    unit was added or removed there, and which copy in the run is which cannot be told)."""
    probe = text[max(0, g - PROBE) : g]
    if len(probe) < PROBE:
        return 0
    best, lo, end = 0, max(0, g - MAX_UNIT - PROBE), g - 1
    for _ in range(16):
        prev = text.rfind(probe, lo, end)
        if prev < 0:
            break
        period = g - (prev + PROBE)
        unit = text[g - period : g]
        if unit in changed[0] or unit in changed[1]:
            reach = min(g - period, MAX_SLIDE)
            best = max(best, period + _common_suffix(text[g - period - reach : g - period], text[g - reach : g]))
        end = prev + PROBE - 1
    return best


def _run_after(text: str, g: int, changed: tuple[str, str]) -> int:
    """Mirror of _run_before: the repeating passage starting at g."""
    probe = text[g : g + PROBE]
    if len(probe) < PROBE:
        return 0
    best, start, hi = 0, g + 1, min(len(text), g + MAX_UNIT + PROBE)
    for _ in range(16):
        nxt = text.find(probe, start, hi)
        if nxt < 0:
            break
        period = nxt - g
        unit = text[g:nxt]
        if unit in changed[0] or unit in changed[1]:
            best = max(best, period + _common_prefix(text[nxt : nxt + MAX_SLIDE], text[g : g + MAX_SLIDE]))
        start = nxt + 1
    return best


def _ambiguous_zones(old: str, new: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """Stretches of the old text that another, equally good diff would treat differently.

    A change between two equal blocks can slide left while the character just before it equals the last one it
    covers (and right likewise): the deleted, inserted or replaced text repeats its neighbour, and which copy is
    "the original" is unknowable. So can a piece at either end of a change (a sentence pasted next to its copy
    together with other new text); and a passage made of copies of a unit that the change adds or removes (which
    copy went, or which is new, cannot be told). Every old character a slide passes over is in the zone.
    """
    zones: list[tuple[int, int]] = []
    for i1, i2, j1, j2, pn, nn in _gaps(old, new, blocks):
        left = 0
        while left < pn and old[i2 - 1 - left] == new[j2 - 1 - left]:
            left += 1
        right = 0
        while right < nn and old[i1 + right] == new[j1 + right]:
            right += 1
        left = max(left, _slide_left(old, i1, i2, pn), _slide_left(new, j1, j2, pn))
        right = max(right, _slide_right(old, i1, i2, nn), _slide_right(new, j1, j2, nn))
        changed = (old[i1:i2], new[j1:j2])
        left = max(left, _run_before(old, i1, changed), min(pn, _run_before(new, j1, changed)))
        right = max(right, _run_after(old, i2, changed), min(nn, _run_after(new, j2, changed)))
        if left or right:
            zones.append((i1 - left, i2 + right))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(zones):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _unique(text: str, needle: str, at: int) -> bool:
    """`needle` occurs in `text` at `at` and nowhere else."""
    return text.find(needle) == at and text.find(needle, at + 1) == -1


class _Map:
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.blocks = diff_blocks(old, new)
        self.starts = [a for a, _, _ in self.blocks]
        self.zones = _ambiguous_zones(old, new, self.blocks)
        self.zone_starts = [s for s, _ in self.zones]

    def block_of(self, pos: int) -> int:
        """Index of the last block starting at or before `pos` (-1: none)."""
        return bisect_right(self.starts, pos) - 1

    def carry(self, start: int, end: int) -> int | None:
        """New start of old[start:end] if one equal block holds all of it."""
        k = self.block_of(start)
        if k < 0:
            return None
        a, b, n = self.blocks[k]
        return b + (start - a) if end <= a + n else None

    def spot(self, pos: int) -> tuple[int, int]:
        """Where old position `pos` is in the new text: a point in an equal block, or the changed stretch."""
        k = self.block_of(pos)
        if k >= 0:
            a, b, n = self.blocks[k]
            if pos < a + n:
                return b + pos - a, b + pos - a
            lo = b + n
        else:
            lo = 0
        hi = self.blocks[k + 1][1] if k + 1 < len(self.blocks) else len(self.new)
        return lo, hi

    def changes_around(self, start: int, end: int) -> list[str]:
        """The changed stretches (old and new side) within CONTEXT of old[start:end] on either side of the equal
        block holding it, each with len-1 characters of what is beside it (a copy overlapping the change is in)."""
        k = self.block_of(start)
        a, b, n = self.blocks[k]
        w = end - start - 1
        out = []
        if start - a < CONTEXT:
            pa, pb, pn = self.blocks[k - 1] if k > 0 else (0, 0, 0)
            out += [self.old[max(0, pa + pn - w) : a + w], self.new[max(0, pb + pn - w) : b + w]]
        if a + n - end < CONTEXT:
            na, nb, _ = self.blocks[k + 1] if k + 1 < len(self.blocks) else (len(self.old), len(self.new), 0)
            out += [self.old[max(0, a + n - w) : na + w], self.new[max(0, b + n - w) : nb + w]]
        return out

    def on_script(self, s: int, e: int, p: int) -> bool:
        """old[s:e] carried to p with its CONTEXT, or (an edit close by) kept there by a shortest edit script of
        the text around it: SCRIPT_WINDOW old characters each side and the new text the diff pairs them with."""
        q = p + e - s
        if _same_context(self.old, self.new, s, e, p, q):
            return True
        lo_a, hi_a = max(0, s - SCRIPT_WINDOW), min(len(self.old), e + SCRIPT_WINDOW)
        lo_b, hi_b = max(self.spot(lo_a)[0], p - SCRIPT_CAP), min(self.spot(hi_a)[1], q + SCRIPT_CAP)
        return on_shortest_script(self.old, self.new, (s, e, p, q), (lo_a, hi_a, min(lo_b, p), max(hi_b, q)))

    def in_zone(self, start: int, end: int) -> bool:
        """old[start:end] lies wholly where a slide of the diff reaches: which copy it is on is unknowable."""
        k = bisect_right(self.zone_starts, start) - 1
        return k >= 0 and self.zones[k][1] >= end


def _same_context(old: str, new: str, s: int, e: int, p: int, q: int) -> bool:
    """The CONTEXT characters before and after (fewer only at the start or end of both texts) are the same."""
    k = CONTEXT
    return old[max(0, s - k) : s] == new[max(0, p - k) : p] and old[e : e + k] == new[q : q + k]


def _agreement(a: str, s: int, e: int, b: str, p: int, q: int) -> tuple[int, int]:
    """How many characters before and after a[s:e] and b[p:q] agree (each at most WIDE_CONTEXT)."""
    k = WIDE_CONTEXT
    return _common_suffix(a[max(0, s - k) : s], b[max(0, p - k) : p]), _common_prefix(a[e : e + k], b[q : q + k])


def _better(here: tuple[int, int], other: tuple[int, int]) -> bool:
    """`here` agrees clearly better: over twice as many characters as `other`, and MARGIN more."""
    return sum(here) >= 2 * sum(other) + MARGIN


def _occurrences(text: str, needle: str, limit: int) -> list[int] | None:
    """Where `needle` occurs in `text` (None: more than `limit` times)."""
    found: list[int] = []
    at = text.find(needle)
    while at >= 0:
        if len(found) == limit:
            return None
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _context_ok(old: str, new: str, s: int, e: int, p: int, q: int, nearby: list[str]) -> bool:
    """The span's surroundings agree: CONTEXT characters each side; or, after an edit close by, what survives of
    them agrees with old[s:e]'s clearly better (`_better`) than around any other copy of its text, in the new
    text and in the old (so a copy next to an edit is not confused with another)."""
    if _same_context(old, new, s, e, p, q):
        return True
    n = e - s
    if any(old[s:e] in changed for changed in nearby):
        return False  # a copy of its text was removed or added right there: which one it is cannot be told
    here = _agreement(old, s, e, new, p, q)
    others_new = _occurrences(new, old[s:e], MAX_COPIES)
    others_old = _occurrences(old, old[s:e], MAX_COPIES)
    if others_new is None or others_old is None:
        return False
    # another copy in the new text: the span's old surroundings must fit here clearly better. Another copy in
    # the old text: its surroundings must fit here clearly worse (else it may be the one still here, this one gone)
    return all(_better(here, _agreement(old, s, e, new, o, o + n)) for o in others_new if o != p) and all(
        _better(here, _agreement(old, o, o + n, new, p, q)) for o in others_old if o != s
    )


def _by_context(old: str, new: str, s: int, e: int) -> int | None:
    """New start of old[s:e] found elsewhere with its whole context, that text-with-context unique in both."""
    lo, hi = max(0, s - CONTEXT), min(len(old), e + CONTEXT)
    window = old[lo:hi]
    if not _unique(old, window, lo):
        return None
    at = new.find(window)
    if at < 0 or new.find(window, at + 1) >= 0:
        return None
    p = at + (s - lo)
    return p if _same_context(old, new, s, e, p, p + (e - s)) else None


def reanchor(old: str, new: str, spans: Iterable[Span]) -> list[Placement]:
    """A Placement for every span (same order). A placed span satisfies new[start:end] == its stored text."""
    m = _Map(old, new)
    out: list[Placement] = []
    for span in spans:
        s, e, t = span.start, span.end, span.text
        valid = not span.stale and 0 <= s < e <= len(old) and old[s:e] == t
        if valid:
            p = m.carry(s, e)
            if m.in_zone(s, e):
                lo, hi = m.spot(s)
                near = new[max(0, lo - len(t) - CONTEXT) : hi + len(t) + CONTEXT]
                reason = ("the edit next to it repeats its text, so which copy it was on cannot be told"
                          if p is not None or t in near else "its text was changed or removed")  # fmt: skip
            elif p is not None and _context_ok(old, new, s, e, p, p + len(t), m.changes_around(s, e)):
                if m.on_script(s, e, p):
                    out.append(Placement(span.id, p, p + len(t), "same" if (p, p + len(t)) == (s, e) else "shifted"))
                    continue
                reason = "a shorter edit of the text around it does not keep it there"
            elif p is None and (found := _by_context(old, new, s, e)) is not None:
                out.append(Placement(span.id, found, found + len(t), "moved"))
                continue
            else:
                reason = ("its text is still there, but so are other copies it could be on" if p is not None
                          else "its text was changed or removed")  # fmt: skip
            where = m.spot(s)[0]
        else:
            lo, hi = m.spot(min(max(s, 0), len(old)))
            found = _restore(new, t, lo, hi)
            if found is not None:
                out.append(Placement(span.id, found, found + len(t), "restored"))
                continue
            reason = "its text is still not in the document where it was"
            where = lo
        out.append(Placement(span.id, *_clamp(where, len(t), len(new)), "stale", 0.0, reason))
    return out


def _restore(new: str, text: str, lo: int, hi: int) -> int | None:
    """The single occurrence of `text` in `new`, if it overlaps or touches new[lo:hi] (where the span was kept)."""
    if not text:
        return None
    at = new.find(text)
    if at < 0 or new.find(text, at + 1) >= 0:
        return None
    return at if at <= hi and at + len(text) >= lo else None


def _clamp(start: int, length: int, n: int) -> tuple[int, int]:
    """A non-empty range inside a text of length n (n >= 1) near `start`: where a stale span is shown."""
    start = max(0, min(start, n - 1))
    return start, max(start + 1, min(start + max(length, 1), n))

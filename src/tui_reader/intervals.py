"""An interval index: which [start, end) ranges overlap a query range, cheaply, with cheap inserts and removals.

Items are kept sorted by start in parallel lists. An item can only overlap [a, b) if it starts in
(a - longest, b), so a query is two bisects plus a look at the items starting in that window, however many
items there are elsewhere. Items longer than `LONG` code points are kept apart in a short list looked at on
every query, so one whole-paragraph span does not widen the window for all the others. Adding or removing one
item is a bisect and a list insert/delete (no rebuild), so tagging one span in a document with 100,000 spans
does not re-index the rest. No Textual.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

LONG = 4096


class IntervalIndex(Generic[T]):
    def __init__(self, items: Iterable[T], key: Callable[[T], tuple[int, int]]) -> None:
        self._key = key
        items = list(items)
        keys = [key(it) for it in items]
        short = [i for i, (s, e) in enumerate(keys) if e - s <= LONG]
        long_ = [i for i, (s, e) in enumerate(keys) if e - s > LONG]
        first = [k[0] for k in keys]
        short.sort(key=first.__getitem__)
        long_.sort(key=first.__getitem__)
        self.starts = [keys[i][0] for i in short]
        self.ends = [keys[i][1] for i in short]
        self.items: list[T] = [items[i] for i in short]
        self.longest = max((self.ends[i] - self.starts[i] for i in range(len(short))), default=0)
        self.long_starts = [keys[i][0] for i in long_]
        self.long_ends = [keys[i][1] for i in long_]
        self.long_items: list[T] = [items[i] for i in long_]

    def __len__(self) -> int:
        return len(self.items) + len(self.long_items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        """All items in start order."""
        return iter(self.sorted_items())

    def sorted_items(self) -> list[T]:
        if not self.long_items:
            return list(self.items)
        pairs = sorted(
            [*zip(self.starts, range(len(self.items)), self.items, strict=True),
             *zip(self.long_starts, range(len(self.items), len(self)), self.long_items, strict=True)],
            key=lambda p: (p[0], p[1]),
        )
        return [p[2] for p in pairs]

    # -- changes -----------------------------------------------------------------------------------------------
    def add(self, item: T) -> None:
        s, e = self._key(item)
        if e - s > LONG:
            i = bisect_right(self.long_starts, s)
            self.long_starts.insert(i, s)
            self.long_ends.insert(i, e)
            self.long_items.insert(i, item)
            return
        i = bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)
        self.items.insert(i, item)
        self.longest = max(self.longest, e - s)

    def remove(self, item: T) -> bool:
        """Remove `item` (found by identity, else equality); False when it is not there."""
        s, e = self._key(item)
        starts, ends, items = (
            (self.long_starts, self.long_ends, self.long_items) if e - s > LONG else (self.starts, self.ends, self.items)
        )
        lo, hi = bisect_left(starts, s), bisect_right(starts, s)
        found = next((i for i in range(lo, hi) if items[i] is item), None)
        if found is None:
            found = next((i for i in range(lo, hi) if items[i] == item), None)
        if found is None:
            return False
        del starts[found], ends[found], items[found]
        return True

    # -- queries -----------------------------------------------------------------------------------------------
    def overlapping(self, a: int, b: int) -> list[T]:
        """Items with start < b and end > a, in start order (none when b <= a)."""
        if b <= a:
            return []
        starts, ends, items = self.starts, self.ends, self.items
        lo = bisect_right(starts, a - self.longest)
        hi = bisect_left(starts, b)
        out = [items[i] for i in range(lo, hi) if ends[i] > a]
        if self.long_items:
            extra = [
                (self.long_starts[i], self.long_items[i])
                for i in range(bisect_left(self.long_starts, b))
                if self.long_ends[i] > a
            ]
            if extra:
                mixed = [(starts[i], items[i]) for i in range(lo, hi) if ends[i] > a] + extra
                mixed.sort(key=lambda p: p[0])
                out = [it for _, it in mixed]
        return out

    def containing(self, pos: int) -> list[T]:
        """Items with start <= pos < end."""
        return self.overlapping(pos, pos + 1)

    def first_after(self, pos: int) -> T | None:
        """The item with the smallest start > pos (None when there is none)."""
        best: tuple[int, T] | None = None
        i = bisect_right(self.starts, pos)
        if i < len(self.items):
            best = (self.starts[i], self.items[i])
        j = bisect_right(self.long_starts, pos)
        if j < len(self.long_items) and (best is None or self.long_starts[j] < best[0]):
            best = (self.long_starts[j], self.long_items[j])
        return best[1] if best else None

    def last_before(self, pos: int) -> T | None:
        """The item with the largest start < pos (None when there is none)."""
        best: tuple[int, T] | None = None
        i = bisect_left(self.starts, pos) - 1
        if i >= 0:
            best = (self.starts[i], self.items[i])
        j = bisect_left(self.long_starts, pos) - 1
        if j >= 0 and (best is None or self.long_starts[j] > best[0]):
            best = (self.long_starts[j], self.long_items[j])
        return best[1] if best else None

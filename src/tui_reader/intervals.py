"""A static interval index: which [start, end) ranges overlap a query range, in O(log n + hits).

Items are sorted by start once; an implicit segment tree over that order keeps the largest `end` of each block,
so a query walks only the blocks that can hold an overlapping item. A document's spans are indexed once per
change and the reading pane asks per visible row, never scanning every span per render. No Textual.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class IntervalIndex(Generic[T]):
    def __init__(self, items: Iterable[T], key: Callable[[T], tuple[int, int]]) -> None:
        pairs = sorted(((key(it), i, it) for i, it in enumerate(items)), key=lambda p: (p[0], p[1]))
        self.items: list[T] = [p[2] for p in pairs]
        self.starts: list[int] = [p[0][0] for p in pairs]
        self.ends: list[int] = [p[0][1] for p in pairs]
        n = len(self.items)
        size = 1
        while size < n:
            size *= 2
        self._size = size
        tree = [-1] * (2 * size)
        tree[size : size + n] = self.ends
        for i in range(size - 1, 0, -1):
            tree[i] = max(tree[2 * i], tree[2 * i + 1])
        self._tree = tree

    def __len__(self) -> int:
        return len(self.items)

    def overlapping(self, a: int, b: int) -> list[T]:
        """Items with start < b and end > a, in start order (none when b <= a)."""
        hi = bisect_left(self.starts, b)
        if hi == 0 or b <= a:
            return []
        out: list[int] = []
        tree = self._tree
        size = self._size
        # Iterative descent over the leaves [0, hi) whose max end > a.
        stack = [(1, 0, size)]
        while stack:
            node, lo, width = stack.pop()
            if lo >= hi or tree[node] <= a:
                continue
            if width == 1:
                out.append(lo)
                continue
            half = width // 2
            stack.append((2 * node + 1, lo + half, half))
            stack.append((2 * node, lo, half))
        return [self.items[i] for i in out]

    def containing(self, pos: int) -> list[T]:
        """Items with start <= pos < end."""
        return self.overlapping(pos, pos + 1)

    def next_start(self, pos: int) -> int | None:
        """Index (in start order) of the first item starting after pos."""
        i = bisect_left(self.starts, pos + 1)
        return i if i < len(self.items) else None

    def prev_start(self, pos: int) -> int | None:
        """Index (in start order) of the last item starting before pos."""
        i = bisect_left(self.starts, pos) - 1
        return i if i >= 0 else None

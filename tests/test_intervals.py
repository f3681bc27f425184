"""The interval index behind span highlighting and ] / [: same answers as a scan, with inserts and removals."""

from __future__ import annotations

import random

from tui_reader.intervals import LONG, IntervalIndex


def brute(items: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    return sorted(p for p in items if p[0] < b and p[1] > a)


def test_matches_a_scan_with_short_and_long_items_and_changes() -> None:
    rng = random.Random(11)
    for _ in range(60):
        items = [
            (a, a + (rng.randint(1, 40) if rng.random() < 0.9 else rng.randint(LONG + 1, 3 * LONG)))
            for a in (rng.randrange(20_000) for _ in range(rng.randrange(80)))
        ]
        ix = IntervalIndex(items, key=lambda p: p)
        live = list(items)
        for step in range(60):
            if step % 3 == 0 and live:
                gone = live.pop(rng.randrange(len(live)))
                assert ix.remove(gone)
            elif step % 3 == 1:
                new = (rng.randrange(20_000), 0)
                new = (new[0], new[0] + rng.choice([3, 50, LONG + 7]))
                ix.add(new)
                live.append(new)
            a = rng.randrange(25_000)
            b = a + rng.randint(1, 300)
            got = ix.overlapping(a, b)
            assert sorted(got) == brute(live, a, b)
            assert [p[0] for p in got] == sorted(p[0] for p in got)  # in start order
            assert sorted(ix.containing(a)) == sorted(p for p in live if p[0] <= a < p[1])
            after = [p for p in live if p[0] > a]
            first = ix.first_after(a)
            assert (first[0] if first else None) == (min(p[0] for p in after) if after else None)
            before = [p for p in live if p[0] < a]
            last = ix.last_before(a)
            assert (last[0] if last else None) == (max(p[0] for p in before) if before else None)
        assert len(ix) == len(live)
        assert [p[0] for p in ix.sorted_items()] == sorted(p[0] for p in live)


def test_remove_finds_the_same_object_among_equal_ranges() -> None:
    class Item:
        def __init__(self, s: int, e: int) -> None:
            self.s, self.e = s, e

    x, y = Item(5, 9), Item(5, 9)
    ix = IntervalIndex([x, y], key=lambda it: (it.s, it.e))
    assert ix.remove(y)
    assert ix.overlapping(0, 20) == [x]
    assert not ix.remove(y)

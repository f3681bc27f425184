"""Keys in the real reader on a 50 MB article against the same keys on a 10 KB one (the floor), same run.

    python bench/bench_keys.py [--quick] [--mb 50] [--repeat 15]

Both articles are imported into one db and shown side by side in `ReaderApp` (the app `tui-reader` runs),
driven through Textual's pilot at 160x45: 10 KB on the left, the big one on the right. Each key is timed
from the press until the app is idle again with the screen refreshed (`pilot.press` + `pilot.pause`),
alternately on each pane (tab moves between them, untimed), so machine load and the pilot's own fixed cost
hit both alike. Keys: pagedown (pageup between, untimed), G (g between), search-next `n` (after `/official`),
and tagging: `1` on a selection made with `g w v w w` (untimed), which commits the span to SQLite and redraws.
Target: every key within 1.5x on the big article. A key with no binding (f24) is timed too: it is the pilot's
fixed cost per key, which the other figures include.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, fresh, ratio_line  # noqa: E402
from gen_corpus import article  # noqa: E402

from tui_reader.importing import import_paths  # noqa: E402
from tui_reader.models import LabelSet  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402

TARGET = 1.5
CPU: dict[str, list[float]] = {}  # `/` figures: CPU seconds of the whole query (typing and enter)
SEARCH_TARGET = 1.3  # a search hit at the end of the big article vs one at its start
FIRST_WORD, LAST_WORD = "Quokkafirst", "Zebracornlast"  # each once in an article: its first and last word


def write_articles(mb: float) -> tuple[Path, Path]:
    small, big = OUT / "keys_small.txt", OUT / f"keys_big_{mb:g}mb_v3.txt"
    if not small.exists():
        small.write_text(f"The {FIRST_WORD} " + article(random.Random(21), 10_000) + f" {LAST_WORD}.", encoding="utf-8")
    if not big.exists():
        big.write_text(f"The {FIRST_WORD} " + article(random.Random(22), int(mb * 1_000_000 / 1.05)) + f" {LAST_WORD}.",
                       encoding="utf-8")  # fmt: skip
    return small, big


async def measure(db: Path, doc_ids: list[str], repeat: int,
                  search_only: bool = False) -> dict[str, tuple[list[float], list[float]]]:  # fmt: skip
    from tui_reader.tui.app import ReaderApp
    from tui_reader.tui.document_view import DocumentView

    app = ReaderApp(db_path=db, doc_ids=doc_ids, annotator="bench", labels=LabelSet.default())
    res: dict[str, tuple[list[float], list[float]]] = {}
    cpu = CPU
    async with app.run_test(size=(160, 45)) as pilot:
        views = [app.query_one("#left", DocumentView), app.query_one("#right", DocumentView)]
        await pilot.pause()  # the second pane (and the big article's whole text) come after the first frame
        await pilot.pause()
        assert [v.doc_id for v in views] == doc_ids, [v.doc_id for v in views]
        assert not app._pending_loads

        async def focus(k: int) -> None:
            if app.focused is not views[k]:
                views[k].focus()
                await pilot.pause()

        async def timed(keys: tuple[str, ...]) -> float:
            t = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            return time.perf_counter() - t

        for k in (0, 1):  # a search in each pane, for `n`
            await focus(k)
            await pilot.press("slash", *"official", "enter")
            await pilot.pause()
        steps: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
            "f24 (no binding)": ((), ("f24",)),  # the pilot's own fixed cost per key, for reading the others
            "pagedown": (("pageup",), ("pagedown",)),
            "G (end)": (("g",), ("G",)),
            "n (search next)": ((), ("n",)),
            "1 (tag a selection)": (("g", "w", "v", "w", "w"), ("1",)),
        }
        for name, (setup, keys) in steps.items():
            if search_only and name != "f24 (no binding)":
                continue
            res[name] = ([], [])
            for _ in range(repeat):
                for k in (0, 1):
                    await focus(k)
                    if setup:
                        await pilot.press(*setup)
                        await pilot.pause()
                    res[name][k].append(await timed(keys))
        # `/` + a word + enter on the big article, cursor at the top: the only hit at its start vs at its end.
        # Timed: the enter (the search, the status line's count, scrolling there, the redraw).
        await focus(1)
        # CPU (process_time: every thread, so the search run ahead while typing counts): of the enter (left list)
        # and of the whole query, typing included (kept in `cpu`)
        res["/ hit at the start"], res["/ hit at the end"] = ([], []), ([], [])
        for _ in range(repeat):
            for name, word in (("/ hit at the start", FIRST_WORD), ("/ hit at the end", LAST_WORD)):
                await pilot.press("g")
                await pilot.pause()
                c0 = time.process_time()
                await pilot.press("slash", *word.lower())
                await pilot.pause()
                c, t = time.process_time(), time.perf_counter()
                await pilot.press("enter")
                await pilot.pause()
                res[name][1].append(time.perf_counter() - t)
                res[name][0].append(time.process_time() - c)
                cpu.setdefault(name, []).append(time.process_time() - c0)
                where = views[1].cursor
                assert views[1].text[where : where + len(word)] == word, (name, where)
        tagged = [len(app.store.spans(d)) for d in doc_ids]
        want = [0, 0] if search_only else [repeat, repeat]
        assert tagged == want, f"tagging stored {tagged} spans, expected {want[0]} on each article"
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: a 1 MB article, one press of each key")
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--search-only", action="store_true",
                    help="only the `/` figure (and the pilot's own cost): no PageDown, G, n or tagging")
    a = ap.parse_args(argv)
    mb, repeat = (1.0, 1) if a.quick else (a.mb, a.repeat)
    OUT.mkdir(exist_ok=True)
    small, big = write_articles(mb)
    db = fresh(OUT / "keys.db")
    with AnnotationStore(db) as store:
        report = import_paths(store, [small, big])
        assert not report.problems, report.problems
        doc_ids = report.doc_ids
    try:
        res = asyncio.run(measure(db, doc_ids, repeat, a.search_only))
    finally:
        fresh(db)
    size = big.stat().st_size / 1e6
    print(f"keys: ReaderApp through the pilot, 10 KB (floor) vs {size:.1f} MB article; median of {repeat}")
    print(f"{'key':<22}{'10 KB ms':>10}{f'{size:.0f} MB ms':>10}")
    searches = ("/ hit at the start", "/ hit at the end")
    for name, (s, b) in res.items():
        if name in searches:
            continue
        print(f"{name:<22}{statistics.median(s) * 1000:>10.1f}{statistics.median(b) * 1000:>10.1f}")
    at = {name: res[name][1] for name in searches}
    for name, runs in at.items():
        print(f"{name} ({size:.0f} MB): enter wall median {statistics.median(runs) * 1000:.1f} ms (runs "
              + ", ".join(f"{r * 1000:.0f}" for r in runs) + f"); enter CPU median "
              f"{statistics.median(res[name][0]) * 1000:.1f} ms; whole query (typing + enter) CPU median "
              f"{statistics.median(CPU[name]) * 1000:.1f} ms (runs " + ", ".join(f"{r * 1000:.0f}" for r in CPU[name])
              + ")")
    print(ratio_line(f"search hit at the end vs at the start of {size:.0f} MB (enter)",
                     statistics.median(at["/ hit at the end"]) * 1000,
                     statistics.median(at["/ hit at the start"]) * 1000, SEARCH_TARGET, "ms", "start"))
    for name, (s, b) in res.items():
        if name in searches:
            continue
        print(ratio_line(f"key {name}, {size:.0f} MB vs 10 KB", statistics.median(b) * 1000,
                         statistics.median(s) * 1000, TARGET, "ms"))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What echoes add to a cursor move in the app, against a cursor move off any span (the floor), one run.

    .venv/bin/python bench/bench_app_echoes.py [--repeats 41] [--quick]

The seeds in a temporary database, every seed's rule suggestions stored, seed 001 on the left and 003 on the
right. Each figure is the median of `move_to` + the app's next message pass (+ waiting for the echo worker where
there is one), alternating between two offsets so the cursor really moves:

- floor: between two offsets on no span (the app clears nothing, searches nothing);
- cached: between two spans whose echoes were searched before (a dict lookup and setting the marks layer);
- search: between two spans with the cache emptied first (the thread worker runs `align.find_echoes` on the
  other pane's text, then the marks are set).

The move timings include what any move onto a span costs (status line, span list, repaint), so the echo work
is also timed alone: `assist.update_echoes()` on a cached span against `update_status()` (run on every move anyway).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from apphelp import make_app, seed_db  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402
from tui_reader.suggest import store_suggestions  # noqa: E402


async def run(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, ids = seed_db(Path(tmp))
        with AnnotationStore(db) as s:
            store_suggestions(s)
        app = make_app(db, [ids[1], ids[3]])
        async with app.run_test(size=(160, 45)) as pilot:
            left = app.query_one("#left")
            spans = [sp for sp in left.spans if len(sp.text.split()) >= 4][:2]
            text = left.text
            gaps = [i for i in range(len(text)) if not left._span_index.containing(i) and text[i].isalpha()]
            off = [gaps[0], gaps[len(gaps) // 2]]

            async def timed(offsets: list[int], *, clear: bool) -> float:
                times = []
                for i in range(repeats):
                    if clear:
                        app.assist._echo_cache.clear()
                    t = time.perf_counter()
                    left.move_to(offsets[i % 2])
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                    times.append(time.perf_counter() - t)
                return statistics.median(times)

            on = [sp.start for sp in spans]
            floor = await timed(off, clear=False)
            await timed(on, clear=False)  # fill the cache
            cached = await timed(on, clear=False)
            search = await timed(on, clear=True)
            floor2 = await timed(off, clear=False)
            other_len = len(app.query_one("#right").text)
            # the echo work alone, against the status-line update every cursor move already does
            left.move_to(on[0])
            await pilot.pause()
            await app.workers.wait_for_complete()

            def per_call(fn) -> float:  # type: ignore[no-untyped-def]
                t = time.perf_counter()
                for _ in range(repeats * 20):
                    fn()
                return (time.perf_counter() - t) / (repeats * 20)

            status = per_call(app.update_status)
            app.assist._echo_shown = ("", None)  # force the cached path to set the marks layer each time

            def hit() -> None:
                app.assist._echo_shown = ("", None)
                app.assist.update_echoes()

            echo_hit = per_call(hit)
    floor = min(floor, floor2)
    words = [len(sp.text.split()) for sp in spans]
    print(f"spans of {words} words, other text {other_len} code points")
    print(f"floor (move off spans)      {floor * 1000:7.2f} ms  1.00x")
    print(f"onto a span, echoes cached  {cached * 1000:7.2f} ms  {cached / floor:5.2f}x")
    print(f"onto a span, echoes searched {search * 1000:6.2f} ms  {search / floor:5.2f}x (in a thread worker)")
    print(f"status-line update (every move) {status * 1e6:7.1f} us  1.00x")
    print(f"update_echoes, cached          {echo_hit * 1e6:7.1f} us  {echo_hit / status:5.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=41)
    parser.add_argument("--quick", action="store_true", help="a smoke run (5 repeats)")
    args = parser.parse_args()
    asyncio.run(run(5 if args.quick else args.repeats))

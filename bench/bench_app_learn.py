"""Keys while the app trains the annotator's model, against the same keys with no training (the floor), one run.

    .venv/bin/python bench/bench_app_learn.py [--presses 60] [--quick]

The seeds and /work/shared/news-dev/texts (if present) in a temporary database, every rule suggestion stored and
accepted by the annotator (a few hundred decisions, 17 documents), the app on it. Each figure is the time from
the key `l` (cursor right) arriving as the terminal driver posts it to the app having handled it (the cursor
moved, the status line updated), 10 ms apart:

- floor: presses with nothing else running;
- training: the same presses while "learn: train suggestions from my decisions" runs in its thread worker (the
  real `learn`, not a stand-in: python-crfsuite's training, then the model stored); presses made after the
  training ended are not counted.

Printed: median and 90th percentile of each, their ratio, how many presses fell inside the training, and the
training's wall time in the app against `learn()` alone in this process (the floor for the training itself).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from apphelp import ANNOTATOR, make_app, seed_db  # noqa: E402
from tui_reader.importing import import_paths  # noqa: E402
from tui_reader.learn import learn  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402
from tui_reader.suggest import store_suggestions  # noqa: E402

NEWS = Path("/work/shared/news-dev/texts")


def corpus(tmp: Path, quick: bool) -> tuple[Path, list[str]]:
    db, ids = seed_db(tmp)
    with AnnotationStore(db) as s:
        if NEWS.is_dir() and not quick:
            import_paths(s, [NEWS])
        store_suggestions(s)
        for sp in list(s.iter_spans(statuses=("suggested",))):
            s.update_span(sp.id, status="accepted", annotator=ANNOTATOR)
        return db, s.document_ids()


def p90(xs: list[float]) -> float:
    return sorted(xs)[int(0.9 * (len(xs) - 1))]


async def run(presses: int, quick: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, ids = corpus(Path(tmp), quick)
        with AnnotationStore(db) as s:
            t = time.perf_counter()
            report = learn(s, ANNOTATOR)
            bare = time.perf_counter() - t
        app = make_app(db, ids[:2])
        async with app.run_test(size=(160, 45)) as pilot:
            learning = app.assist.learning
            learning.IDLE = learning.DEBOUNCE = 3600.0  # only the training this script starts

            view = app.query_one("#left")

            async def press() -> float:
                # the key as the terminal driver delivers it, then the loop runs until it was handled (the
                # cursor moved and the status line with it). Not `pilot.press`: that waits until the whole
                # process is idle, up to 1 s, and the training keeps it busy.
                before = view.cursor
                t = time.perf_counter()
                app.post_message(events.Key("l", "l"))
                while view.cursor == before:
                    await asyncio.sleep(0.0005)
                dt = time.perf_counter() - t
                await asyncio.sleep(0.01)  # a person's next key does not come at once
                return dt

            await pilot.pause()
            floor = [await press() for _ in range(presses)]
            t0 = time.perf_counter()
            learning.learn()
            during: list[float] = []
            while learning.running and len(during) < presses:
                dt = await press()
                if learning.running:
                    during.append(dt)
            while learning.running:
                await pilot.pause(0.05)
            in_app = time.perf_counter() - t0
            await app.workers.wait_for_complete()
    print(f"corpus: {report.documents} documents, {report.positive} decisions; training alone {bare:.2f} s, "
          f"in the app (keys pressed meanwhile) {in_app:.2f} s = {in_app / bare:.2f}x")  # fmt: skip
    if not during:
        print("the training ended before the first press: no figure (use a bigger corpus)")
        return
    fm, dm = statistics.median(floor), statistics.median(during)
    print(f"floor (no training): {len(floor)} presses, median {fm * 1000:.1f} ms, p90 {p90(floor) * 1000:.1f} ms")
    print(f"during training: {len(during)} presses, median {dm * 1000:.1f} ms, p90 {p90(during) * 1000:.1f} ms")
    print(f"key while training / floor: median {dm / fm:.2f}x, p90 {p90(during) / p90(floor):.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=60)
    ap.add_argument("--quick", action="store_true", help="seeds only, 10 presses (smoke test)")
    args = ap.parse_args()
    asyncio.run(run(10 if args.quick else args.presses, args.quick))


if __name__ == "__main__":
    main()

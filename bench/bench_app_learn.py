"""Keys while the app trains the annotator's model, against the same keys with no training (the floor).

    .venv/bin/python bench/bench_app_learn.py [--runs 3] [--presses 60] [--quick]

The seeds and /work/shared/news-dev/texts (if present) in a temporary database, every rule suggestion stored and
accepted by the annotator (a few hundred decisions, 17 documents), the app on it. Each figure is the time from
the key `l` (cursor right) arriving as the terminal driver posts it to the app having handled it (the cursor
moved, the status line updated), 10 ms apart. Each run, in this order:

- floor: presses with nothing else running;
- child: the same presses while "learn: train suggestions from my decisions" runs (the app's way: the real
  `learn` in a child process, `tui_reader.learn_process`; the app's thread only waits on its pipe);
- thread: the same presses while the same training runs in a thread of the app's process with its own store
  (how the app trained before: its GIL is the app's GIL);
presses made after a training ended are not counted.

Printed per run and as medians over the runs: key median and 90th percentile for each, their ratio to the
floor (target: child <= 1.2x at the median), the training's wall time (child: from the palette to its notice;
thread; and `learn()` alone in this process, the floor for the training itself), CPU seconds of the app's
process and of the child during the training, and the child's start cost (`python -m tui_reader.learn_process`
to its first report, against the first report of `learn()` in this process). A child starts with a cold feature
cache (`learn.text_items`) every training; `learn()` alone runs cold in run 1 only (this process keeps its cache).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from textual import events

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from apphelp import ANNOTATOR, make_app, seed_db  # noqa: E402
from tui_reader import learn_process  # noqa: E402
from tui_reader.importing import import_paths  # noqa: E402
from tui_reader.learn import learn  # noqa: E402
from tui_reader.learn_process import TrainingProcess  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402
from tui_reader.suggest import DEFAULT_RULES, store_suggestions  # noqa: E402

NEWS = Path("/work/shared/news-dev/texts")
TARGET = 1.2


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


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def start_cost(db: Path) -> tuple[float, float]:
    """Seconds to the first progress report: the child (`TrainingProcess`), and `learn()` in this process."""
    t = time.perf_counter()
    with TrainingProcess(db, ANNOTATOR, DEFAULT_RULES) as child:
        next(child.events())
        in_child = time.perf_counter() - t
    first: list[float] = []

    class Enough(Exception):
        pass

    def step(_doc: str) -> None:
        first.append(time.perf_counter() - t)
        raise Enough

    with AnnotationStore(db) as s:
        t = time.perf_counter()
        try:
            learn(s, ANNOTATOR, on_document=step)
        except Enough:
            pass
    return in_child, first[0]


async def one_run(db: Path, ids: list[str], presses: int) -> dict[str, float | int]:
    with AnnotationStore(db) as s:
        t, c = time.perf_counter(), time.process_time()
        learn(s, ANNOTATOR)
        bare, bare_cpu = time.perf_counter() - t, time.process_time() - c
    app = make_app(db, ids[:2])
    out: dict[str, float | int] = {"bare": bare, "bare_cpu": bare_cpu}
    async with app.run_test(size=(160, 45)) as pilot:
        learning = app.assist.learning
        learning.IDLE = learning.DEBOUNCE = 3600.0  # only the trainings this script starts
        view = app.query_one("#left")

        async def press() -> float:
            # the key as the terminal driver delivers it, then the loop runs until it was handled (the cursor
            # moved and the status line with it). Not `pilot.press`: that waits until the whole process is
            # idle, up to 1 s, and a training in a thread keeps it busy.
            before = view.cursor
            t = time.perf_counter()
            app.post_message(events.Key("l", "l"))
            while view.cursor == before:
                await asyncio.sleep(0.0005)
            dt = time.perf_counter() - t
            await asyncio.sleep(0.01)  # a person's next key does not come at once
            return dt

        async def during(running) -> list[float]:
            got: list[float] = []
            while running() and len(got) < presses:
                dt = await press()
                if running():
                    got.append(dt)
            while running():
                await asyncio.sleep(0.02)
            return got

        await pilot.pause()
        floor = [await press() for _ in range(presses)]

        # the app's training: a child process
        cpu0, kids0, t0 = time.process_time(), children_cpu(), time.perf_counter()
        learning.learn()
        child = await during(lambda: learning.running)
        out["child_wall"] = time.perf_counter() - t0
        out["child_app_cpu"] = time.process_time() - cpu0
        await app.workers.wait_for_complete()  # the child waited for (its CPU time counts once it is)
        out["child_cpu"] = children_cpu() - kids0

        # the same training in a thread of this process (the app's way before)
        def train() -> None:
            with AnnotationStore(db) as s:
                learn(s, ANNOTATOR)

        worker = threading.Thread(target=train)
        cpu0, t0 = time.process_time(), time.perf_counter()
        worker.start()
        thread = await during(worker.is_alive)
        out["thread_wall"], out["thread_cpu"] = time.perf_counter() - t0, time.process_time() - cpu0
    fm = statistics.median(floor)
    out.update(floor_med=fm, floor_p90=p90(floor), n_child=len(child), n_thread=len(thread))
    for name, xs in (("child", child), ("thread", thread)):
        if xs:
            out[f"{name}_med"], out[f"{name}_p90"] = statistics.median(xs), p90(xs)
    return out


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


async def run(runs: int, presses: int, quick: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, ids = corpus(Path(tmp), quick)
        with AnnotationStore(db) as s:
            dec = s.document_ids()
        started = [start_cost(db) for _ in range(3)]
        results = []
        for i in range(runs):
            r = await one_run(db, ids, presses)
            results.append(r)
            print(f"run {i + 1}: floor median {ms(r['floor_med'])} p90 {ms(r['floor_p90'])}; "
                  + "; ".join(f"{k} ({r[f'n_{k}']} presses) median {ms(r[f'{k}_med'])} = "
                              f"{r[f'{k}_med'] / r['floor_med']:.2f}x, p90 {ms(r[f'{k}_p90'])} = "
                              f"{r[f'{k}_p90'] / r['floor_p90']:.2f}x" for k in ("child", "thread") if f"{k}_med" in r))
            print(f"       training wall: alone {r['bare']:.2f} s (CPU {r['bare_cpu']:.2f} s; feature cache "
                  f"{'cold' if i == 0 else 'warm'}), child {r['child_wall']:.2f} s "
                  f"(CPU: child {r['child_cpu']:.2f} s, app {r['child_app_cpu']:.2f} s), thread "
                  f"{r['thread_wall']:.2f} s (CPU {r['thread_cpu']:.2f} s)")  # fmt: skip
    print(f"corpus: {len(dec)} documents; child start to first report "
          f"{', '.join(f'{c:.2f}' for c, _ in started)} s, in-process learn() to first report "
          f"{', '.join(f'{b:.3f}' for _, b in started)} s")  # fmt: skip
    done = [r for r in results if "child_med" in r]
    if not done:
        print("every training ended before the first press: no figure (use a bigger corpus)")
        return
    med = statistics.median
    for k in ("child", "thread"):
        rs = [r for r in results if f"{k}_med" in r]
        if not rs:
            continue
        ratios = [r[f"{k}_med"] / r["floor_med"] for r in rs]
        p90s = [r[f"{k}_p90"] / r["floor_p90"] for r in rs]
        print(f"key while training ({k}) / floor (no training): median of {len(rs)} runs {med(ratios):.2f}x "
              f"(runs {', '.join(f'{x:.2f}' for x in ratios)}); p90 {med(p90s):.2f}x "
              f"(runs {', '.join(f'{x:.2f}' for x in p90s)})"
              + (f" (target <= {TARGET}x at the median: {'ok' if med(ratios) <= TARGET else 'OVER'})"
                 if k == "child" else ""))  # fmt: skip
    walls = [r["child_wall"] / r["bare"] for r in results]
    print(f"training wall in the app (child) / alone: {med(walls):.2f}x (runs {', '.join(f'{x:.2f}' for x in walls)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--presses", type=int, default=60)
    ap.add_argument("--quick", action="store_true", help="seeds only, one run of 10 presses (smoke test)")
    ap.add_argument("--nice", type=int, default=None,
                    help=f"the child's nice increment instead of learn_process.NICE ({learn_process.NICE})")
    args = ap.parse_args()
    if args.nice is not None:  # the same child, started with another priority (this bench only)
        code = f"import tui_reader.learn_process as m; m.NICE = {args.nice}; m.main()"
        learn_process.child_command = lambda: [sys.executable, "-c", code]
        print(f"child nice increment: {args.nice}")
    asyncio.run(run(1 if args.quick else args.runs, 10 if args.quick else args.presses, args.quick))


if __name__ == "__main__":
    main()

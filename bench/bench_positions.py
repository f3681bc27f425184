"""What resume costs a key, and what one save costs, against a floor measured in the same run.

    python bench/bench_positions.py [--quick] [--repeat 2000]

- per key: `Loader.cursor_moved()` (what the app runs on every cursor move: it sets a flag; the first call
  starts the save timer) against the floor of an empty method call;
- per save: `store.save_position` (one upsert, BEGIN IMMEDIATE, synchronous=FULL as the app's store) against
  the floor of the write every note, tag or decision commits (`store.update_span` of a note: same fsync). A save runs at most once a
  second per pane while the cursor moves (loading.SAVE_EVERY), on a document switch and on quit.
Medians and spread (p10-p90) of the per-call times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, fresh, ratio_line  # noqa: E402

from tui_reader.models import Document  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402
from tui_reader.tui.loading import Loader  # noqa: E402


class _Host:
    annotator = "bench"

    def set_interval(self, interval: float, callback: Any = None) -> object:
        return object()

    def noop(self) -> None:
        pass


def per_call(fn: Any, n: int, batch: int = 1) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        for _ in range(batch):
            fn()
        out.append((time.perf_counter() - t) / batch)
    return out


def spread(xs: list[float]) -> str:
    q = statistics.quantiles(xs, n=10)
    return f"median {statistics.median(xs) * 1e6:.2f} µs (p10 {q[0] * 1e6:.2f}, p90 {q[-1] * 1e6:.2f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="smoke size: 200 calls")
    a = ap.parse_args()
    n = 200 if a.quick else a.repeat
    host = _Host()
    loader = Loader(host)  # type: ignore[arg-type]
    key = per_call(loader.cursor_moved, n, 100)
    floor_key = per_call(host.noop, n, 100)
    OUT.mkdir(parents=True, exist_ok=True)
    with AnnotationStore(fresh(OUT / "positions.db")) as store:
        store.add_document(Document(id="d", text="word " * 20_000))
        span = store.add_span("d", 0, 4, "claim", annotator="bench")
        saves, reads = [], []
        for i in range(max(50, n // 20)):  # alternately, so the machine's load hits both alike
            saves += per_call(lambda i=i: store.save_position("bench", "left", "d", i, i), 1)
            reads += per_call(lambda i=i: store.update_span(span.id, annotator="bench", note=str(i)), 1)
    print(f"cursor_moved per key: {spread(key)}; empty call: {spread(floor_key)}")
    print(f"save_position: {spread(saves)}; update_span (a note): {spread(reads)}")
    print(ratio_line("per key (cursor_moved vs an empty call)", statistics.median(key) * 1e3,
                     statistics.median(floor_key) * 1e3, 3.0, unit="ms"))  # fmt: skip
    print(ratio_line("one save (save_position vs a note's commit)", statistics.median(saves) * 1e3,
                     statistics.median(reads) * 1e3, 1.5, unit="ms"))  # fmt: skip


if __name__ == "__main__":
    main()

"""Latency of saving one annotation, durable (WAL, synchronous=FULL), against a bare sqlite3 INSERT + COMMIT.

    python bench/bench_save.py [--quick] [--saves N] [--big-mb M]

tool:  `AnnotationStore.add_span` (what the app calls when a key tags a selection): BEGIN IMMEDIATE, read the
       document, validate the offsets, INSERT the span, INSERT its `create` event, COMMIT — on a 10 KB article.
floor: a bare `sqlite3` connection with the same pragmas (WAL, synchronous=FULL) doing one INSERT of a span
       row and COMMIT per save, into a table with the same columns.
Saves alternate between the two (same disk, same moment). Prints median and p95 of each, the ratio of the
medians, and the target (median under 5 ms). Then the same save on a big article (default 50 MB) against
the same floor: a save must not cost the size of the document.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, fresh, median_p95, ratio_line  # noqa: E402
from gen_corpus import article  # noqa: E402

from tui_reader.models import Document, now_iso, uuid7  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402

TARGET_MS = 5.0


def floor_conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(fresh(path)), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        'CREATE TABLE spans (id TEXT PRIMARY KEY, doc_id TEXT, start INTEGER, "end" INTEGER, label TEXT, '
        "text TEXT, note TEXT, attrs TEXT, annotator TEXT, status TEXT, origin TEXT, created_at TEXT, "
        "updated_at TEXT, stale INTEGER)"
    )
    conn.execute('CREATE INDEX spans_doc ON spans(doc_id, start, "end")')
    return conn


def floor_save(conn: sqlite3.Connection, start: int, end: int, text: str) -> None:
    at = now_iso()
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO spans VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (uuid7(), "doc", start, end, "claim", text, "", "{}", "bench", "accepted", "manual", at, at, 0),
    )
    conn.execute("COMMIT")


def measure(text: str, saves: int, tag: str) -> tuple[list[float], list[float]]:
    """Milliseconds per save for the store and for the floor, interleaved."""
    store = AnnotationStore(fresh(OUT / f"save_{tag}.db"))
    doc_id, _ = store.add_document(Document(id="doc", text=text))
    floor = floor_conn(OUT / f"save_floor_{tag}.db")
    step = max((len(text) - 200) // max(saves, 1), 1)
    tool_ms: list[float] = []
    floor_ms: list[float] = []
    for i in range(saves):
        start = (i * step) % (len(text) - 100)
        end = start + 40
        t = time.perf_counter()
        store.add_span(doc_id, start, end, "claim", annotator="bench")
        tool_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        floor_save(floor, start, end, text[start:end])
        floor_ms.append((time.perf_counter() - t) * 1000)
    store.close()
    floor.close()
    for p in (OUT / f"save_{tag}.db", OUT / f"save_floor_{tag}.db"):
        fresh(p)
    return tool_ms, floor_ms


def report(name: str, tool_ms: list[float], floor_ms: list[float], absolute: bool) -> None:
    tm, tp = median_p95(tool_ms)
    fm, fp = median_p95(floor_ms)
    print(f"{name}: {len(tool_ms)} saves; tool median {tm:.2f} ms p95 {tp:.2f} ms; "
          f"floor median {fm:.2f} ms p95 {fp:.2f} ms")  # fmt: skip
    print(ratio_line(f"save median ({name})", tm, fm, 2.0, "ms"))
    if absolute:
        verdict = "ok" if tm < TARGET_MS else "OVER"
        print(f"target save median ({name}): {tm:.2f} ms (target < {TARGET_MS:g} ms) {verdict}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: 30 saves, a 1 MB big article")
    ap.add_argument("--saves", type=int, default=1000)
    ap.add_argument("--big-mb", type=float, default=50.0, help="size of the big article (MB of UTF-8)")
    ap.add_argument("--big-saves", type=int, default=50)
    a = ap.parse_args(argv)
    saves, big_mb, big_saves = (30, 1.0, 10) if a.quick else (a.saves, a.big_mb, a.big_saves)
    OUT.mkdir(exist_ok=True)
    import random

    rng = random.Random(3)
    small = article(rng, 10_000)
    report("10 KB article", *measure(small, saves, "small"), absolute=True)
    big = article(rng, int(big_mb * 1_000_000 / 1.05))  # ~5% of the characters take 3-4 bytes in UTF-8
    mb = len(big.encode("utf-8")) / 1e6
    report(f"{mb:.0f} MB article", *measure(big, big_saves, "big"), absolute=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the span row format alone costs: SQLite's share of a bulk import, per row layout, Python kept out.

    python bench/bench_span_rows.py [--quick] [--repeat N] [--corpus CORPUS.jsonl]

The spans of a corpus (bench/gen_corpus.py, 1M spans by default) are parsed once into tuples, then inserted
with `executemany` in one transaction (WAL, synchronous=FULL, as the store does) into each layout in turn,
interleaved N times; then every accepted span is read back in export order. Layouts:
- `store`: the store's own tables and indexes (every schema step, AnnotationStore's schema);
- `store+label`: the same with the spans(label) index that m009_spans_lean dropped (the layout before it);
- `intkey`: an integer primary key, the public id as a 16-byte blob in one unique index, the document as an
  integer, `attrs` NULL when empty (the span text kept): the integer-key layout issue 14 suggests;
- `minimal`: floor_bulk.py's minimal floor (no span text, no id index, integer document).
Prints every run and the medians (CPU seconds of this process: the insert, and the read), and each layout's
ratio to `minimal`, and the file sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, fresh  # noqa: E402
from gen_corpus import generate  # noqa: E402

Row = tuple[Any, ...]
FULL_INSERT = ('INSERT INTO spans (id, doc_id, start, "end", label, text, note, attrs, annotator, status, origin, '
               "created_at, updated_at, stale) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")  # fmt: skip
FULL_READ = ('SELECT id, doc_id, start, "end", label, text, note, attrs, annotator, status, origin, created_at, '
             "updated_at, stale FROM spans WHERE status = 'accepted' ORDER BY doc_id, start, \"end\", label, id")  # fmt: skip


def store_schema(with_label: bool) -> list[str]:
    from tui_reader.store import AnnotationStore

    path = fresh(OUT / "span_rows_schema.db")
    with AnnotationStore(path) as s:
        found = list(s.conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE "
                                    "'sqlite_%' AND tbl_name != '_sqlite_migrations'"))  # fmt: skip
    # a virtual table (the titles' FTS5 index) makes its own shadow tables: replay only the virtual table
    virtual = [name for name, q in found if q.upper().startswith("CREATE VIRTUAL TABLE")]
    sql = [q for name, q in found if not any(name.startswith(v + "_") for v in virtual)]
    fresh(path)
    if with_label:
        sql.append("CREATE INDEX spans_label ON spans(label)")
    return sql


def uid(s: str) -> bytes:
    return bytes.fromhex(s.replace("-", ""))


LAYOUTS: dict[str, tuple[Callable[[], list[str]], str, Callable[[Row], Row], str]] = {
    "store": (lambda: store_schema(False), FULL_INSERT, lambda r: r[:14], FULL_READ),
    "store+label": (lambda: store_schema(True), FULL_INSERT, lambda r: r[:14], FULL_READ),
    "intkey": (
        lambda: ["CREATE TABLE documents (n INTEGER PRIMARY KEY, id TEXT UNIQUE, title, source, text, sha256, "
                 "added_at, meta)",
                 'CREATE TABLE spans (n INTEGER PRIMARY KEY, uid BLOB NOT NULL UNIQUE, doc INTEGER NOT NULL, start '
                 'INTEGER, "end" INTEGER, label TEXT, text TEXT, note TEXT, attrs TEXT, annotator TEXT, status TEXT, '
                 "origin TEXT, created_at TEXT, updated_at TEXT, stale INTEGER)",
                 'CREATE INDEX spans_doc ON spans(doc, start, "end")'],
        'INSERT INTO spans (uid, doc, start, "end", label, text, note, attrs, annotator, status, origin, created_at, '
        "updated_at, stale) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        lambda r: (uid(r[0]), r[14], *r[2:7], None if r[7] == "{}" else r[7], *r[8:14]),
        'SELECT uid, doc, start, "end", label, text, note, attrs, annotator, status, origin, created_at, updated_at, '
        "stale FROM spans WHERE status = 'accepted' ORDER BY doc, start, \"end\", label, uid",
    ),  # fmt: skip
    "minimal": (
        lambda: ["CREATE TABLE documents (n INTEGER PRIMARY KEY, id TEXT, title, source, text, sha256, added_at, meta)",
                 'CREATE TABLE spans (doc INTEGER, start INTEGER, "end" INTEGER, label TEXT, id TEXT, annotator TEXT, '
                 "status TEXT, origin TEXT, created_at TEXT, updated_at TEXT, note TEXT, attrs TEXT)",
                 'CREATE INDEX spans_doc ON spans(doc, start, "end")'],
        "INSERT INTO spans VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        lambda r: (r[14], r[2], r[3], r[4], r[0], r[8], r[9], r[10], r[11], r[12], r[6], None if r[7] == "{}" else r[7]),
        'SELECT doc, start, "end", label, id, annotator, status, origin, created_at, updated_at, note, attrs '
        "FROM spans WHERE status = 'accepted' ORDER BY doc, start, \"end\", label, id",
    ),  # fmt: skip
}


def load(corpus: Path) -> tuple[list[tuple[int, str, str, str]], list[Row]]:
    docs, rows = [], []
    with open(corpus, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            o = json.loads(line)
            docs.append((n, o["id"], o["text"], o["sha256"]))
            rows += [(s["id"], o["id"], s["start"], s["end"], s["label"], s["text"], s["note"],
                      json.dumps(s["attrs"], ensure_ascii=False, sort_keys=True), s["annotator"], s["status"],
                      s["origin"], s["created_at"], s["updated_at"], 0, n) for s in o["spans"]]  # fmt: skip
    return docs, rows


def one(name: str, docs: Sequence[tuple[int, str, str, str]], rows: Sequence[Row]) -> tuple[float, float, int]:
    schema, insert, conv, read = LAYOUTS[name]
    path = fresh(OUT / f"span_rows_{name}.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    for q in schema():
        conn.execute(q)
    numbered = "n" in [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    converted = [conv(r) for r in rows]  # outside the timing: Python's share is not the row format's
    c0 = time.process_time()
    conn.execute("BEGIN")
    for n, doc_id, text, sha in docs:
        if numbered:
            conn.execute("INSERT INTO documents (n, id, title, source, text, sha256, added_at, meta) "
                         "VALUES (?,?,'','',?,?,'','{}')", (n, doc_id, text, sha))  # fmt: skip
        else:
            conn.execute("INSERT INTO documents (id, title, source, text, sha256, added_at, meta) "
                         "VALUES (?,'','',?,?,'','{}')", (doc_id, text, sha))  # fmt: skip
    conn.executemany(insert, converted)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    inserted = time.process_time() - c0
    c0 = time.process_time()
    for _ in conn.execute(read):
        pass
    readback = time.process_time() - c0
    conn.close()
    size = os.path.getsize(path)
    fresh(path)
    return inserted, readback, size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: 20 documents, 2,000 spans, one run")
    ap.add_argument("--repeat", type=int, default=None, help="interleaved runs of each layout (default 3)")
    ap.add_argument("--corpus", type=Path, default=None)
    a = ap.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    corpus = a.corpus or OUT / ("corpus_20_2000.jsonl" if a.quick else "corpus_1000_1000000.jsonl")
    if not corpus.exists():
        generate(corpus, 20, 2000) if a.quick else generate(corpus, 1000, 1_000_000)
    repeat = a.repeat or (1 if a.quick else 3)
    docs, rows = load(corpus)
    print(f"span rows: {len(rows):,} spans of {corpus.name}; {repeat} run(s) of each layout, interleaved", flush=True)
    got: dict[str, list[tuple[float, float, int]]] = {k: [] for k in LAYOUTS}
    for _ in range(repeat):
        for name in LAYOUTS:
            got[name].append(one(name, docs, rows))
    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for k, v in got.items()}
    print(f"{'layout':<13}{'insert cpu s':>14}{'read cpu s':>12}{'size MiB':>10}   every run (insert/read)")
    for name, runs in got.items():
        each = "  ".join(f"{i:.2f}/{r:.2f}" for i, r, _ in runs)
        print(f"{name:<13}{med[name][0]:>14.2f}{med[name][1]:>12.2f}{runs[0][2] / 2**20:>10.1f}   {each}")
    base = med["minimal"]
    for name in LAYOUTS:
        if name != "minimal":
            print(f"ratio insert cpu, {name} vs the minimal floor's rows: {med[name][0] / base[0]:.2f}x; "
                  f"read {med[name][1] / base[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Merge cost: `tui-reader merge` of a large annotator database, against a floor measured in the same run.

Floor: copying the same span rows into an empty database with one raw `executemany` in one transaction (the
fastest way SQLite can take them). Printed: seconds, spans/s, and the ratio merge / floor; a second merge of
the same source (idempotent: adds nothing) and the time the destination's write lock is held.

    .venv/bin/python bench/merge_bench.py [--spans 100000] [--docs 200]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from tui_reader.models import Document
from tui_reader.store import AnnotationStore


def build_source(path: Path, docs: int, spans: int) -> None:
    rnd = random.Random(7)
    words = "the minister said forty percent of schools will close a source who asked not to be named".split()
    with AnnotationStore(path, synchronous="OFF") as st:
        ids = []
        for i in range(docs):
            text = " ".join(rnd.choice(words) for _ in range(2000))
            st.add_document(Document(id=f"doc{i:04d}", text=text))
            ids.append((f"doc{i:04d}", len(text)))
        per_doc = spans // docs
        with st.write():
            for doc_id, n in ids:
                for _ in range(per_doc):
                    a = rnd.randrange(0, n - 50)
                    st.add_span(doc_id, a, a + rnd.randrange(1, 50), rnd.choice(["claim", "quote"]), annotator="alice")


def floor(source: Path, dest: Path) -> float:
    src = sqlite3.connect(source)
    rows = src.execute("SELECT * FROM spans").fetchall()
    docs = src.execute("SELECT * FROM documents").fetchall()
    with AnnotationStore(dest):
        pass
    conn = sqlite3.connect(dest, isolation_level=None)
    t = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(f"INSERT INTO documents VALUES ({','.join('?' * len(docs[0]))})", docs)
    conn.executemany(f"INSERT INTO spans VALUES ({','.join('?' * len(rows[0]))})", rows)
    conn.execute("COMMIT")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spans", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        src = d / "alice.db"
        build_source(src, args.docs, args.spans)
        n = args.spans // args.docs * args.docs
        base = floor(src, d / "floor.db")
        with AnnotationStore(d / "team.db") as team:
            t = time.perf_counter()
            rep = team.merge_from(src)
            first = time.perf_counter() - t
            t = time.perf_counter()
            again = team.merge_from(src)
            second = time.perf_counter() - t
        assert rep.spans_added == n and again.spans_added == 0
        print(f"spans: {n:,} in {args.docs} documents, {rep.events_added:,} events")
        print(f"floor (raw executemany of the span rows): {base:.2f} s ({n / base:,.0f} spans/s)")
        print(f"merge into an empty database:            {first:.2f} s ({n / first:,.0f} spans/s), "
              f"{first / base:.1f}x the floor")
        print(f"merge again (adds nothing):              {second:.2f} s, {second / base:.1f}x the floor")
        print("the destination's write lock is held for the whole of each merge (one transaction)")


if __name__ == "__main__":
    main()

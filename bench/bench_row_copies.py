"""How many copies of a big value SQLite holds while making the row, for each way of making it: the evidence
behind the `import` peak (bench_import_peak.py, issue 14: under 2x the article).

    python bench/bench_row_copies.py [--quick] [--mb 200] [--repeat 3]

Each way runs in a child (plain stdlib sqlite3, WAL, one transaction, the `documents` columns): insert a row
whose value has the article's size, fill it by blob I/O in 1 MiB pieces from the file, commit. Its peak RSS
(wait4) above the same child on a 10 KB article (the floor, same run), in article sizes:
- `cast-middle`: `CAST(zeroblob(n) AS TEXT)` where `text` is (the schema before m012_text_body; TEXT);
- `zeroblob-middle`: a plain `zeroblob(n)` there (BLOB: not what readers expect);
- `zeroblob-last`: a plain `zeroblob(n)` in the last column (BLOB);
- `zeroblob-last+cast`: the same, then `UPDATE ... SET text = CAST(text AS TEXT)` (TEXT again).
OP_Cast expands a zero blob into a full value and OP_MakeRecord copies every value but a trailing zero blob
into the record: so each way that ends with a TEXT value holds it twice.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, PY, check, run  # noqa: E402

WAYS = ("cast-middle", "zeroblob-middle", "zeroblob-last", "zeroblob-last+cast")


def child(way: str, path: str, db: str) -> None:
    size = os.path.getsize(path)
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    last = way.startswith("zeroblob-last")
    cols = ["id", "title", "source", "sha256", "added_at", "meta", "text"] if last else \
        ["id", "title", "source", "text", "sha256", "added_at", "meta"]  # fmt: skip
    conn.execute(f"CREATE TABLE documents ({', '.join(c + ' TEXT NOT NULL' for c in cols)})")
    values = {"id": "'d'", "title": "'t'", "source": "'s'", "sha256": "'x'", "added_at": "'y'", "meta": "'{}'",
              "text": "CAST(zeroblob(?) AS TEXT)" if way == "cast-middle" else "zeroblob(?)"}  # fmt: skip
    conn.execute("BEGIN IMMEDIATE")
    cur = conn.execute(f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join(values[c] for c in cols)})",
                       (size,))  # fmt: skip
    with open(path, "rb") as f, conn.blobopen("documents", "text", cur.lastrowid or 0) as blob:
        while piece := f.read(1 << 20):
            blob.write(piece)
    if way == "zeroblob-last+cast":
        conn.execute("UPDATE documents SET text = CAST(text AS TEXT)")
    conn.execute("COMMIT")
    kind = conn.execute("SELECT typeof(text) FROM documents").fetchone()[0]
    conn.close()
    Path(db).unlink()
    for suffix in ("-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    print(kind, file=sys.stderr)  # the peak comes from wait4 in the parent


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:5])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: a 10 MB article, one run")
    ap.add_argument("--mb", type=float, default=200.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    mb, repeat = (10.0, 1) if a.quick else (a.mb, a.repeat)
    OUT.mkdir(exist_ok=True)
    big, small = OUT / f"row_copies_{mb:g}mb.bin", OUT / "row_copies_small.bin"
    if not big.exists() or big.stat().st_size != int(mb * 1e6):
        with open(big, "wb") as f:  # the bytes do not matter to SQLite's copies, only the size
            for _ in range(int(mb)):
                f.write(b"news prose \xe2\x80\x9cquoted\xe2\x80\x9d. " * 40000)  # 1,000,000 bytes
            f.truncate(int(mb * 1e6))
    small.write_bytes(b"x" * 10_000)
    size_mib = big.stat().st_size / 2**20
    db = str(OUT / "row_copies.db")
    peaks: dict[tuple[str, str], list[float]] = {}
    kinds: dict[str, str] = {}
    for _ in range(repeat):
        for way in WAYS:
            for name, path in (("floor", small), ("big", big)):
                r = check(run([PY, __file__, "--child", way, str(path), db]), f"{way} {name}")
                kinds[way] = r.stderr.strip()
                peaks.setdefault((way, name), []).append(r.rss_kb / 1024)
    print(f"row copies: {big.stat().st_size / 1e6:.1f} MB value, median of {repeat}; peak RSS above the 10 KB "
          "floor of the same way, in value sizes")  # fmt: skip
    print(f"{'way':<22}{'stored as':>10}{'floor MiB':>11}{'peak MiB':>10}{'ratio':>8}   runs (ratio)")
    for way in WAYS:
        floor = statistics.median(peaks[way, "floor"])
        above = [(p - floor) / size_mib for p in peaks[way, "big"]]
        print(f"{way:<22}{kinds[way]:>10}{floor:>11.1f}{statistics.median(peaks[way, 'big']):>10.1f}"
              f"{statistics.median(above):>7.2f}x   {', '.join(f'{x:.2f}' for x in above)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

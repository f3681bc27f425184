"""Bulk import and export of 1,000 documents with 1,000,000 spans, against a bare sqlite3 + json floor.

    python bench/bench_bulk.py [--quick] [--repeat N] [--docs D --spans S]

Runs, as a user would, the installed `tui-reader import CORPUS.jsonl --db EMPTY.db` and
`tui-reader export --db DB -o OUT.jsonl`, and bench/floor_bulk.py doing the same rows, interleaved in the same
run; the best of N runs of each is kept. Prints wall and CPU seconds, the ratios to the floor (target: within
2x), whether the tool's export is byte-for-byte the floor's, and the peak RSS of each process at two corpus
sizes (a quarter and the full corpus): a streamed import/export keeps the same peak however large the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, OUT, PY, Run, best, check, fresh, ratio_line, run, tool  # noqa: E402
from gen_corpus import generate  # noqa: E402

TARGET = 2.0
FLAT = 1.25  # peak RSS of the full corpus over a quarter of it: "flat" allows a quarter for allocator noise


def corpus(docs: int, spans: int) -> Path:
    path = OUT / f"corpus_{docs}_{spans}.jsonl"
    if not path.exists():
        print(f"generating {path.name} ...", file=sys.stderr, flush=True)
        generate(path, docs, spans)
    return path


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def one_size(docs: int, spans: int, repeat: int) -> dict[str, Run | bool]:
    src = corpus(docs, spans)
    tag = f"{docs}_{spans}"
    tdb, fdb = OUT / f"tool_{tag}.db", OUT / f"floor_{tag}.db"
    tout, fout = OUT / f"tool_{tag}.out.jsonl", OUT / f"floor_{tag}.out.jsonl"
    runs: dict[str, list[Run]] = {"floor import": [], "tool import": [], "floor export": [], "tool export": []}
    floor = str(BENCH / "floor_bulk.py")
    for _ in range(repeat):
        runs["floor import"].append(check(run([PY, floor, "import", str(src), str(fresh(fdb))]), "floor import"))
        runs["tool import"].append(
            check(run([tool(), "import", str(src), "--db", str(fresh(tdb))]), "tui-reader import")
        )
        runs["floor export"].append(check(run([PY, floor, "export", str(fdb), str(fout)]), "floor export"))
        runs["tool export"].append(
            check(run([tool(), "export", "--db", str(tdb), "-o", str(tout)]), "tui-reader export")
        )
    out: dict[str, Run | bool] = {k: best(v) for k, v in runs.items()}
    out["identical"] = digest(tout) == digest(fout)
    for p in (tdb, fdb):
        fresh(p)
    tout.unlink(missing_ok=True)
    fout.unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: 20 documents, 2,000 spans (and a quarter)")
    ap.add_argument("--repeat", type=int, default=None, help="runs of each command; the best is kept (default 2)")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--spans", type=int, default=1_000_000)
    a = ap.parse_args(argv)
    docs, spans = (20, 2_000) if a.quick else (a.docs, a.spans)
    repeat = a.repeat or (1 if a.quick else 2)
    OUT.mkdir(exist_ok=True)

    print(f"bulk: {docs:,} documents, {spans:,} spans; best of {repeat}", flush=True)
    full = one_size(docs, spans, repeat)
    quarter = one_size(max(docs // 4, 1), max(spans // 4, 1), 1)

    print(f"{'step':<14}{'wall s':>10}{'cpu s':>10}{'peak RSS MiB':>14}")
    for name in ("floor import", "tool import", "floor export", "tool export"):
        r = full[name]
        assert isinstance(r, Run)
        print(f"{name:<14}{r.wall:>10.2f}{r.cpu:>10.2f}{r.rss_kb / 1024:>14.1f}")
    size = f"{docs:,} docs / {spans:,} spans"
    for step in ("import", "export"):
        t, f = full[f"tool {step}"], full[f"floor {step}"]
        assert isinstance(t, Run) and isinstance(f, Run)
        print(ratio_line(f"{step} wall ({size})", t.wall, f.wall, TARGET))
        print(ratio_line(f"{step} cpu ({size})", t.cpu, f.cpu, TARGET))
    print(f"export identical to the floor's output: {'yes' if full['identical'] else 'NO'}")
    for step in ("import", "export"):
        big, small = full[f"tool {step}"], quarter[f"tool {step}"]
        assert isinstance(big, Run) and isinstance(small, Run)
        print(ratio_line(f"{step} peak RSS, full corpus vs a quarter of it (flat = 1x)", big.rss_kb / 1024,
                         small.rss_kb / 1024, FLAT, "MiB", base="quarter"))  # fmt: skip
    return 0 if full["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())

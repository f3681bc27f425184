"""Bulk import and export of 1,000 documents with 1,000,000 spans, against two bare sqlite3 + json floors.

    python bench/bench_bulk.py [--quick] [--repeat N] [--docs D --spans S] [--no-quarter]

Runs, as a user would, the installed `tui-reader import CORPUS.jsonl --db EMPTY.db` and
`tui-reader export --db DB -o OUT.jsonl`, and bench/floor_bulk.py doing the same spans, interleaved in the same
run, N times each. Two floors: `floor` stores every column the tool stores (a TEXT primary key, the span text);
`minimal` (import-min / export-min) the same spans in the fewest columns that still carry them. Prints every
run, the medians (wall and CPU seconds, peak RSS), the ratios of the medians to each floor (target: within 1.5x
the minimal floor), whether the tool's export is byte-for-byte each floor's, and the peak RSS of the tool at
two corpus sizes (a quarter and the full corpus): a streamed import/export keeps the same peak however large
the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import statistics  # noqa: E402

from common import BENCH, OUT, PY, Run, check, fresh, ratio_line, run, tool  # noqa: E402
from gen_corpus import generate  # noqa: E402

TARGET = 1.5  # against the minimal floor (docs/bench.md); 2x against the every-column floor was the older target
STEPS = ("minimal import", "floor import", "tool import", "minimal export", "floor export", "tool export")
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


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_kb for r in runs), 0, "")  # fmt: skip


def one_size(docs: int, spans: int, repeat: int) -> tuple[dict[str, list[Run]], dict[str, bool]]:
    src = corpus(docs, spans)
    tag = f"{docs}_{spans}"
    dbs = {k: OUT / f"{k}_{tag}.db" for k in ("tool", "floor", "minimal")}
    outs = {k: OUT / f"{k}_{tag}.out.jsonl" for k in ("tool", "floor", "minimal")}
    runs: dict[str, list[Run]] = {k: [] for k in STEPS}
    floor = str(BENCH / "floor_bulk.py")
    for _ in range(repeat):
        runs["minimal import"].append(check(run([PY, floor, "import-min", str(src), str(fresh(dbs["minimal"]))]),
                                            "minimal floor import"))  # fmt: skip
        runs["floor import"].append(check(run([PY, floor, "import", str(src), str(fresh(dbs["floor"]))]), "floor import"))
        runs["tool import"].append(
            check(run([tool(), "import", str(src), "--db", str(fresh(dbs["tool"]))]), "tui-reader import")
        )
        runs["minimal export"].append(check(run([PY, floor, "export-min", str(dbs["minimal"]), str(outs["minimal"])]),
                                            "minimal floor export"))  # fmt: skip
        runs["floor export"].append(check(run([PY, floor, "export", str(dbs["floor"]), str(outs["floor"])]), "floor export"))
        runs["tool export"].append(
            check(run([tool(), "export", "--db", str(dbs["tool"]), "-o", str(outs["tool"])]), "tui-reader export")
        )
    mine = digest(outs["tool"])
    same = {k: digest(outs[k]) == mine for k in ("floor", "minimal")}
    for p in dbs.values():
        fresh(p)
    for p in outs.values():
        p.unlink(missing_ok=True)
    return runs, same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: 20 documents, 2,000 spans (and a quarter)")
    ap.add_argument("--repeat", type=int, default=None, help="runs of each command, interleaved; medians reported (default 3)")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--spans", type=int, default=1_000_000)
    ap.add_argument("--no-quarter", action="store_true", help="skip the quarter-size run (peak RSS flatness)")
    a = ap.parse_args(argv)
    docs, spans = (20, 2_000) if a.quick else (a.docs, a.spans)
    repeat = a.repeat or (1 if a.quick else 3)
    OUT.mkdir(exist_ok=True)

    print(f"bulk: {docs:,} documents, {spans:,} spans; {repeat} run(s) of each, interleaved", flush=True)
    runs, same = one_size(docs, spans, repeat)
    full = {k: median(v) for k, v in runs.items()}
    print(f"{'step':<16}{'wall s (median)':>16}{'cpu s (median)':>16}{'peak RSS MiB':>14}   every run (wall/cpu)")
    for name in STEPS:
        r = full[name]
        each = "  ".join(f"{x.wall:.2f}/{x.cpu:.2f}" for x in runs[name])
        print(f"{name:<16}{r.wall:>16.2f}{r.cpu:>16.2f}{r.rss_kb / 1024:>14.1f}   {each}")
    size = f"{docs:,} docs / {spans:,} spans"
    for step in ("import", "export"):
        t = full[f"tool {step}"]
        for floor_name, target in (("minimal", TARGET), ("floor", 2.0)):
            f = full[f"{floor_name} {step}"]
            print(ratio_line(f"{step} wall vs {floor_name} ({size})", t.wall, f.wall, target))
            print(ratio_line(f"{step} cpu vs {floor_name} ({size})", t.cpu, f.cpu, target))
    for k, v in same.items():
        print(f"export identical to the {'floor' if k == 'floor' else 'minimal floor'}'s output: {'yes' if v else 'NO'}")
    if not a.no_quarter:
        quarter_runs, _ = one_size(max(docs // 4, 1), max(spans // 4, 1), 1)
        quarter = {k: median(v) for k, v in quarter_runs.items()}
        for step in ("import", "export"):
            big, small = full[f"tool {step}"], quarter[f"tool {step}"]
            print(ratio_line(f"{step} peak RSS, full corpus vs a quarter of it (flat = 1x)", big.rss_kb / 1024,
                             small.rss_kb / 1024, FLAT, "MiB", base="quarter"))  # fmt: skip
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

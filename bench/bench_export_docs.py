"""Export of many small documents (1k / 10k / 100k) against a plain read-and-write floor, in the same run.

    python bench/bench_export_docs.py [--quick] [--repeat N] [--sizes 1000,10000,100000]

Each size: a corpus of D documents (about 1,200 characters and 5 spans each, bench/gen_corpus.py), imported
once with `tui-reader import`; then, interleaved N times, the installed `tui-reader export --db DB -o OUT.jsonl`
and the floor `floor_bulk.py export-scan DB OUT.jsonl` (stdlib sqlite3 + json reading the SAME database in one
ordered pass per table and writing the same bytes). Prints every run (wall and CPU seconds), the medians, their
ratio (target: within 1.5x) and whether both outputs are byte-identical. `--before` adds a third side: the
same export through the per-document path (five queries per document: what every export did before
`store.iter_export`, and what `--doc` exports still do), run in a Python process of its own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_bulk import digest  # noqa: E402
from common import BENCH, OUT, PY, Run, check, fresh, ratio_line, run, tool  # noqa: E402
from gen_corpus import generate  # noqa: E402

TARGET = 1.5
PER_DOCUMENT = """import sys
from tui_reader.exporting import Filters, export
from tui_reader.store import AnnotationStore
with AnnotationStore(sys.argv[1], create=False) as store:
    export(store, "jsonl", sys.argv[2], filters=Filters(doc_ids=store.document_ids()))
"""


def one_size(docs: int, repeat: int, before: bool) -> tuple[list[Run], list[Run], list[Run], bool]:
    src = OUT / f"corpus_docs_{docs}.jsonl"
    if not src.exists():
        print(f"generating {src.name} ...", file=sys.stderr, flush=True)
        generate(src, docs, docs * 5, chars=1200)
    db = fresh(OUT / f"export_docs_{docs}.db")
    check(run([tool(), "import", str(src), "--db", str(db)]), "tui-reader import")
    tout, fout = OUT / f"export_docs_{docs}.tool.jsonl", OUT / f"export_docs_{docs}.floor.jsonl"
    floor: list[Run] = []
    mine: list[Run] = []
    old: list[Run] = []
    bout = OUT / f"export_docs_{docs}.before.jsonl"
    for _ in range(repeat):
        floor.append(check(run([PY, str(BENCH / "floor_bulk.py"), "export-scan", str(db), str(fout)]), "floor"))
        mine.append(check(run([tool(), "export", "--db", str(db), "-o", str(tout)]), "tui-reader export"))
        if before:
            old.append(check(run([PY, "-c", PER_DOCUMENT, str(db), str(bout)]), "per-document export"))
    same = digest(tout) == digest(fout) and (not before or digest(bout) == digest(fout))
    for p in (tout, fout, bout):
        p.unlink(missing_ok=True)
    fresh(db)
    return floor, mine, old, same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: 200 and 1,000 documents, one run")
    ap.add_argument("--repeat", type=int, default=None, help="runs of each side per size (default 3)")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--before", action="store_true", help="also time the per-document path (the old export)")
    a = ap.parse_args(argv)
    sizes = [200, 1000] if a.quick else [int(x) for x in a.sizes.split(",")]
    repeat = a.repeat or (1 if a.quick else 3)
    OUT.mkdir(exist_ok=True)
    ok = True
    for docs in sizes:
        floor, mine, old, same = one_size(docs, repeat, a.before)
        print(f"export of {docs:,} documents ({repeat} runs each, interleaved)", flush=True)
        for name, runs in (("floor", floor), ("tool", mine), ("before", old)):
            if not runs:
                continue
            walls = " ".join(f"{r.wall:.2f}" for r in runs)
            cpus = " ".join(f"{r.cpu:.2f}" for r in runs)
            print(f"  {name:<6} wall s: {walls}   cpu s: {cpus}   peak RSS {max(r.rss_kb for r in runs) / 1024:.1f} MiB")
        fw, tw = statistics.median(r.wall for r in floor), statistics.median(r.wall for r in mine)
        fc, tc = statistics.median(r.cpu for r in floor), statistics.median(r.cpu for r in mine)
        print("  " + ratio_line(f"export wall, median ({docs:,} docs)", tw, fw, TARGET))
        print("  " + ratio_line(f"export cpu, median ({docs:,} docs)", tc, fc, TARGET))
        if old:
            bw, bc = statistics.median(r.wall for r in old), statistics.median(r.cpu for r in old)
            print("  " + ratio_line(f"per-document path (before) wall, median ({docs:,} docs)", bw, fw, TARGET))
            print("  " + ratio_line(f"per-document path (before) cpu, median ({docs:,} docs)", bc, fc, TARGET))
        print(f"  output identical to the floor's: {'yes' if same else 'NO'}", flush=True)
        ok = ok and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Echoes at corpus scale: `all_echoes` (what `tui-reader echoes` runs) over 100 / 1,000 / 10,000
documents with 1,000 accepted spans, against a floor measured in the same run, and its recall against the
exhaustive search (every span against every window of every other document) where that finishes.

    .venv/bin/python bench/bench_echoes_scale.py [--repeat 3] [--sizes 100,1000,10000] [--exhaustive 100,200]
    .venv/bin/python bench/bench_echoes_scale.py --quick        (smoke sizes: seconds)

The corpus is `gen_corpus.generate_echo_corpus` (wide Zipf vocabulary, accents, emoji, curly quotes; a pool of
shared claims, one per two documents, repeated by other articles with light edits), imported with the installed
`tui-reader import`. Each run, in one process on the same store:

- floor: reading every document's text from the store once (`document_ids` + `document_text`), the least any
  search over the corpus must do;
- index build: `EchoIndex(texts)` alone (part of `echoes`, shown apart);
- echoes: `all_echoes(store)` whole (reads the texts, builds the index, searches every span).

Wall and CPU seconds (`time.process_time`, this process) of each: on a shared machine CPU time is the steadier;
the `target`/`ratio` lines use the CPU medians.

Medians and spread (min-max) over `--repeat` runs (floor and echoes interleaved). Recall = echoes the indexed
search returns that the exhaustive search returns too / the exhaustive search's echoes (same span, document,
offsets and score); "extra" = indexed echoes the exhaustive search does not return (should be 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, check, fresh, run, tool  # noqa: E402
from gen_corpus import generate_echo_corpus  # noqa: E402

from tui_reader.align import all_echoes  # noqa: E402
from tui_reader.echo_index import EchoIndex  # noqa: E402
from tui_reader.store import AnnotationStore  # noqa: E402


def corpus_db(docs: int, spans: int) -> Path:
    src = OUT / f"echoes_{docs}_{spans}.jsonl"
    if not src.exists():
        generate_echo_corpus(src, docs, spans)
    db = fresh(OUT / f"echoes_{docs}_{spans}.db")
    check(run([tool(), "import", str(src), "--db", str(db)]), f"import of {src.name}")
    return db


CPU: list[float] = []  # CPU seconds of the last timed call (this process: the search runs in one thread)


def timed(fn):  # type: ignore[no-untyped-def]
    c = time.process_time()
    t = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t
    CPU[:] = [time.process_time() - c]
    return wall, out


def secs(v: float) -> str:
    return f"{v * 1e3:.1f} ms" if v < 1 else f"{v:.2f} s"


def spread(values: list[float]) -> str:
    runs = ", ".join(secs(v) for v in values)
    return f"median {secs(statistics.median(values))} (spread {secs(min(values))}-{secs(max(values))}; runs {runs})"


def key(e):  # type: ignore[no-untyped-def]
    return (e.span_id, e.other_doc_id, e.other_start, e.other_end, e.score)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke sizes: 30 and 60 documents, 100 spans")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="100,1000,10000", help="documents per corpus, comma-separated")
    ap.add_argument("--spans", type=int, default=1000, help="accepted spans in every corpus")
    ap.add_argument("--exhaustive", default="100,200", help="sizes where recall vs exhaustive is measured")
    a = ap.parse_args(argv)
    sizes = [30, 60] if a.quick else [int(x) for x in a.sizes.split(",")]
    spans = 100 if a.quick else a.spans
    exhaustive = [30] if a.quick else [int(x) for x in a.exhaustive.split(",") if x]
    medians: dict[int, float] = {}
    print(f"echoes of {spans:,} accepted spans; floor = read every document's text from the store once")
    for docs in sorted(set(sizes) | set(exhaustive)):
        db = corpus_db(docs, spans)
        with AnnotationStore(db) as store:
            found = []
            if docs in sizes:
                floors, builds, echoes, f_cpu, b_cpu, e_cpu = [], [], [], [], [], []
                for _ in range(a.repeat):
                    t, texts = timed(lambda store=store: {d: store.document_text(d) for d in store.document_ids()})
                    floors.append(t)
                    f_cpu += CPU
                    builds.append(timed(lambda texts=texts: EchoIndex(texts))[0])
                    b_cpu += CPU
                    del texts
                    t, found = timed(lambda store=store: all_echoes(store))
                    echoes.append(t)
                    e_cpu += CPU
                floor, med = statistics.median(floors), statistics.median(echoes)
                fc, mc = statistics.median(f_cpu), statistics.median(e_cpu)
                medians[docs] = mc
                print(f"{docs:>6,} docs, {len(found):,} echoes of {len({e.span_id for e in found}):,} spans:")
                print(f"  floor (read all texts): wall {spread(floors)}")
                print(f"                          cpu  {spread(f_cpu)}")
                print(f"  index build:            wall {spread(builds)} = {statistics.median(builds) / floor:.1f}x floor")
                print(f"                          cpu  {spread(b_cpu)} = {statistics.median(b_cpu) / fc:.1f}x floor")
                print(f"  echoes (all_echoes):    wall {spread(echoes)} = {med / floor:.1f}x floor")
                print(f"                          cpu  {spread(e_cpu)} = {mc / fc:.1f}x floor")
            if docs in exhaustive:
                if not found:
                    found = all_echoes(store)
                t, want = timed(lambda store=store: all_echoes(store, exhaustive=True))
                got, ref = {key(e) for e in found}, {key(e) for e in want}
                recall = len(got & ref) / len(ref) if ref else 1.0
                print(f"  recall vs exhaustive at {docs:,} docs: {len(got & ref):,}/{len(ref):,} = {recall:.4f}, "
                      f"extra {len(got - ref)} (exhaustive search {t:.1f} s, one run)")  # fmt: skip
    if 1000 in medians:
        v = medians[1000]
        print(f"target echoes 1,000 docs / {spans:,} spans, cpu: {v:.2f} s (target < 10 s) {'ok' if v < 10 else 'OVER'}")
    ordered = sorted(medians)
    for small, big in zip(ordered, ordered[1:], strict=False):  # each 10x step: cost at most 1.2x the step
        r = medians[big] / medians[small]
        allowed = 1.2 * big / small
        print(f"ratio echoes cpu, {big / small:g}x documents ({small:,} -> {big:,}): {medians[big]:.3f} s / "
              f"at_{small}_docs {medians[small]:.3f} s = {r:.2f}x (target <= {allowed:g}x) "
              f"{'ok' if r <= allowed else 'OVER'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

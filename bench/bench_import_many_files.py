"""Import of a folder of many small text files: batched transactions against one transaction per file.

Prints figures and their ratio to a floor measured in the same run: the floor is reading and decoding every
file (what any importer must do) without touching the database.
Usage: python bench/bench_import_many_files.py [N_FILES=50000]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tui_reader import importing
from tui_reader.corpus import iter_files, read_text_file
from tui_reader.store import AnnotationStore


def make(root: Path, n: int) -> None:
    for i in range(n):
        d = root / f"{i // 1000:03d}"
        if i % 1000 == 0:
            d.mkdir(parents=True)
        (d / f"article{i % 1000:04d}.txt").write_text(f"Article {i}: the minister said {i * 7} jobs.\n")


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    args = sys.argv[1:]
    n = 500 if args == ["--quick"] else int(args[0]) if args else 50_000  # --quick: smoke size for tests/run_all
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        make(root, n)
        floor = timed(lambda: [read_text_file(p) for p in iter_files([root])])

        def run(batch: int, name: str) -> float:
            importing.BATCH_FILES = batch
            with AnnotationStore(Path(tmp) / f"{name}.db") as store:
                t = timed(lambda: importing.import_paths(store, [root]))
                assert store.count_documents() == n
            return t

        batched = run(500, "batched")
        per_file = run(1, "per_file")
        again = timed(lambda: importing.import_paths(AnnotationStore(Path(tmp) / "batched.db"), [root]))
    print(f"files: {n:,}")
    print(f"floor (read + decode only):      {floor:7.2f} s")
    print(f"import, batched (500 per txn):   {batched:7.2f} s  = {batched / floor:5.1f}x floor")
    print(f"import, one transaction per file:{per_file:7.2f} s  = {per_file / floor:5.1f}x floor")
    print(f"re-import (all unchanged):       {again:7.2f} s  = {again / floor:5.1f}x floor")
    print(f"batching speed-up: {per_file / batched:.1f}x")


if __name__ == "__main__":
    main()

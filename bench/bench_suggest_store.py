"""Storing suggestions: one transaction per document (store.add_spans_if_new) against one add_span call per
suggestion (one committed transaction each), measured in the same run on the five seeds.

Run: .venv/bin/python bench/bench_suggest_store.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore
from tui_reader.suggest import store_suggestions, suggest_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one = AnnotationStore(Path(tmp) / "one.db")
        import_paths(one, [SEEDS])
        t0 = time.perf_counter()
        n = 0
        for doc in one.document_ids():
            for g in suggest_text(one.document_text(doc)):
                one.add_span(doc, g.start, g.end, g.label, status="suggested", origin=f"rule:{g.rule}", attrs=g.attrs)
                n += 1
        per_span = time.perf_counter() - t0
        bulk_store = AnnotationStore(Path(tmp) / "bulk.db")
        import_paths(bulk_store, [SEEDS])
        t0 = time.perf_counter()
        added = store_suggestions(bulk_store)["added"]
        bulk = time.perf_counter() - t0
        one.close()
        bulk_store.close()
    print(f"{n} suggestions in 5 seeds: add_span each {per_span * 1e3:.0f} ms (floor), "
          f"store_suggestions {bulk * 1e3:.0f} ms = {bulk / per_span:.2f}x floor ({added} added)")  # fmt: skip


if __name__ == "__main__":
    main()

"""`tui-reader agree` cost on a large two-annotator database, against a floor measured in the same run.

Floor: reading every accepted span out of the store (what any agreement must do). Printed: seconds for the
floor, for the metrics alone (exact/overlap F1, kappa, per label), and the ratio.

    .venv/bin/python bench/agreement_bench.py [--docs 200] [--spans-per-doc 250]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from tui_reader.agreement import agreement
from tui_reader.models import Document, Span
from tui_reader.store import AnnotationStore


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--spans-per-doc", type=int, default=250)
    args = ap.parse_args()
    rnd = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp, AnnotationStore(Path(tmp) / "a.db", synchronous="OFF") as st:
        for i in range(args.docs):
            text = "x" * 50_000
            st.add_document(Document(id=f"d{i}", text=text))
            rows = []
            for who in ("alice", "bob", "carol"):
                for _ in range(args.spans_per_doc):
                    a = rnd.randrange(0, 49_800)
                    b = a + rnd.randrange(1, 200)
                    rows.append(Span(doc_id=f"d{i}", start=a, end=b, label=rnd.choice("abcd"), text=text[a:b],
                                     annotator=who))  # fmt: skip
            st.import_records([(Document(id=f"d{i}", text=text), rows, [], [])])
        t = time.perf_counter()
        spans = {w: st.spans(annotators=[w], statuses=["accepted"]) for w in ("alice", "bob", "carol")}
        touched = st.touched_documents(["alice", "bob", "carol"])
        lengths = st.document_lengths()
        base = time.perf_counter() - t
        t = time.perf_counter()
        rep = agreement(spans, touched, lengths)
        work = time.perf_counter() - t
    n = sum(len(v) for v in spans.values())
    print(f"{n:,} accepted spans by 3 annotators in {args.docs} documents of 50,000 characters")
    print(f"floor (read the spans from the store): {base:.2f} s")
    print(f"agreement (3 pairs, per label, alpha): {work:.2f} s, {work / base:.1f}x the floor")
    print(f"alpha = {rep.alpha:.3f}")


if __name__ == "__main__":
    main()

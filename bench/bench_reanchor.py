"""Re-anchoring an edited source: how long does a big document with thousands of spans take?

A document of real news text (the dev texts, repeated with a numbered heading until it is 5 MB: plenty of
repeated sentences, as boilerplate gives), 5,000 spans of 1-4 words, 300 edits (insertions, deletions,
one-letter changes). Prints the median and spread of `reanchor` over the runs, against a floor measured in the
same run: splitting both texts into sentences and counting them (the least a sentence-level diff must do).
Run: .venv/bin/python bench/bench_reanchor.py [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from tui_reader.models import Span
from tui_reader.reanchor import reanchor

TEXTS = Path("/work/shared/news-dev/texts")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def corpus(size: int) -> str:
    files = sorted(TEXTS.glob("*.txt")) or sorted(SEEDS.glob("*.txt"))
    base = "\n\n".join(f.read_text(encoding="utf-8") for f in files[:12])
    parts, n, i = [], 0, 0
    while n < size:
        part = f"\n\n[{i}] " + base
        parts.append(part)
        n += len(part)
        i += 1
    return "".join(parts)[:size]


def floor_once(old: str, new: str) -> float:
    t = time.perf_counter()
    for text in (old, new):
        Counter(re.findall(r"[^\n.!?]*[\n.!?]?", text))
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="200 KB, 300 spans, 20 edits")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    size, n_spans, n_edits = (200_000, 300, 20) if args.quick else (5_000_000, 5000, 300)
    rng = random.Random(7)
    old = corpus(size)
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+(?: \w+){0,3}", old)]
    spans = [Span(doc_id="d", start=s, end=e, label="claim", text=old[s:e]) for s, e in rng.sample(words, n_spans)]
    new = old
    for at in sorted(rng.sample(range(len(old) - 100), n_edits), reverse=True):
        k = rng.random()
        if k < 0.33:
            new = new[:at] + " inserted words here " + new[at:]
        elif k < 0.66:
            new = new[:at] + new[at + 30 :]
        else:
            new = new[:at] + "X" + new[at + 1 :]
    runs, floors = [], []
    for _ in range(args.repeat):  # interleaved, so both sides see the same neighbours
        floors.append(floor_once(old, new))
        t = time.perf_counter()
        got = reanchor(old, new, spans)
        runs.append(time.perf_counter() - t)
    stale = sum(not p.placed for p in got)
    med, floor = statistics.median(runs), statistics.median(floors)
    print(f"text {len(old) / 1e6:.1f} MB, {n_spans} spans, {n_edits} edits, {stale} flagged stale")
    print(f"floor (split both texts into sentences and count them): median {floor:.3f} s "
          f"(runs: {', '.join(f'{x:.3f}' for x in floors)})")  # fmt: skip
    print(f"reanchor: median {med:.2f} s (min {min(runs):.2f}, max {max(runs):.2f}, {args.repeat} runs: "
          f"{', '.join(f'{x:.2f}' for x in runs)}), {med / floor:.1f}x floor")  # fmt: skip


if __name__ == "__main__":
    main()

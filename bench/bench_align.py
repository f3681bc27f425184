"""Echoes and suggestions: are they fast enough to run on each cursor move onto a span?

Prints time per call and its ratio to a floor measured in the same run: one pass of Python over the other
text (`text.lower()` + a regex word split), i.e. the least any search that looks at every word must cost.
Run: .venv/bin/python bench/bench_align.py
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from tui_reader.align import _normalise, find_echoes, normalise
from tui_reader.suggest import suggest_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SPANS = {
    "short (5 words)": "Mexico is run by the cartels",
    "clause (8 words)": "extradited 55 top cartel figures to the US",
    "sentence (22 words)": "Under his leadership, Mexico deployed 10,000 troops to the US border, increased fentanyl "
                           "seizures, and extradited 55 top cartel figures to the US.",
}  # fmt: skip


def per_call(fn, n: int) -> float:
    fn()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def main() -> None:
    base = (SEEDS / "000_f7313eefdddd6988.txt").read_text(encoding="utf-8")
    for label, other in (("10 KB article", base), ("100 KB text", (base + "\n\n") * 10)):
        floor = per_call(lambda other=other: re.findall(r"\w+", other.lower()), 50)
        print(f"{label} ({len(other):,} chars): floor (lower + word split) {floor * 1e3:.2f} ms")
        cold = per_call(lambda other=other: _normalise(other), 10)
        print(f"  normalise once per text (cached after): {cold * 1e3:7.2f} ms  {cold / floor:6.1f}x floor")
        normalise(other)
        for name, span in SPANS.items():
            t = per_call(lambda span=span, other=other: find_echoes(span, other), 50)
            print(f"  find_echoes {name:<20} {t * 1e3:7.2f} ms  {t / floor:6.1f}x floor")
        t = per_call(lambda other=other: suggest_text(other), 10)
        print(f"  suggest_text (all rules)          {t * 1e3:7.2f} ms  {t / floor:6.1f}x floor")


if __name__ == "__main__":
    main()

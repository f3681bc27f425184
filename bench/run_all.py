"""Run every bench script (bench/bench_*.py) and print one table of their figures against their floors.

    python bench/run_all.py [--quick] [SCRIPT ...]      (`make bench` runs it at full size)

Each script prints its own details, then lines `ratio NAME: VALUE / FLOOR = Rx (target <= Tx) ok|OVER` and
`target NAME: VALUE (target < T) ok|OVER`; this collects them into the table (a line of a script with its own
layout that holds an `Nx` ratio is taken whole; bench_echoes_scale's lines "echoes ... = Nx floor" come in the
same way; bench_keys_per_span's figure is keys, not time: keys per span with the new keymap against the old one
as the floor). Exit status 1 when a script
failed to run (a figure over its target is reported, not an error: the figures are for people to read).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RATIO = re.compile(r"^ratio (?P<name>.+?): (?P<value>.+?) / (?P<base>\w+) (?P<floor>.+?) = (?P<ratio>[\d.]+x) "
                   r"\(target (?P<target><= [\d.]+x)\) (?P<verdict>ok|OVER)$")  # fmt: skip
OTHER = re.compile(r"\b\d+(?:\.\d+)?x\b")  # a line with a ratio, from a script with its own layout
TARGET = re.compile(r"^target (?P<name>.+?): (?P<value>.+?) \(target (?P<target>[<>]=? .+?)\) (?P<verdict>ok|OVER)$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke sizes (seconds, not minutes)")
    ap.add_argument("scripts", nargs="*", help="only these (e.g. bench_save); default every bench_*.py")
    a = ap.parse_args(argv)
    scripts = sorted(BENCH.glob("bench_*.py"))
    if a.scripts:
        wanted = {s.removesuffix(".py") for s in a.scripts}
        scripts = [s for s in scripts if s.stem in wanted]
        if len(scripts) != len(wanted):
            ap.error(f"unknown script among {', '.join(sorted(wanted))}")
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    failed = []
    for script in scripts:
        print(f"== {script.stem}{' --quick' if a.quick else ''}", flush=True)
        t = time.perf_counter()
        r = subprocess.run([sys.executable, str(script)] + (["--quick"] if a.quick else []), text=True,
                           stdout=subprocess.PIPE)  # fmt: skip
        print(r.stdout, end="", flush=True)
        print(f"   ({time.perf_counter() - t:.0f} s)")
        if r.returncode != 0:
            failed.append(script.stem)
        for line in r.stdout.splitlines():
            if m := RATIO.match(line):
                rows.append((script.stem, m["name"], m["value"], f"{m['base']} {m['floor']}", m["ratio"],
                             m["target"], m["verdict"]))  # fmt: skip
            elif m := TARGET.match(line):
                rows.append((script.stem, m["name"], m["value"], "", "", m["target"], m["verdict"]))
            elif OTHER.search(line):
                rows.append((script.stem, " ".join(line.split()), "", "", "", "", ""))
    head = ("script", "figure", "value", "floor", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

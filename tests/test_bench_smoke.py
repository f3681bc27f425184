"""Every bench script runs at its `--quick` smoke size and prints its figures as ratios to a floor.

No timing is asserted here (figures on a shared CI machine mean nothing); the point is that the scripts
cannot rot: they run against the installed command and print `ratio ...` lines. bench_bulk also checks that
`tui-reader export` wrote byte-for-byte what the bare floor script wrote from the same corpus.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(p.name for p in BENCH.glob("bench_*.py"))
# the scripts of this issue use one line format (run_all's table reads it); others print "... 1.2x" in their own
RATIO = re.compile(r"^ratio .+: .+ / .+ = \d+\.\d\dx \(target <= [\d.]+x\) (ok|OVER)$", re.M)
ANY_RATIO = re.compile(r"\b\d+(?:\.\d+)?x\b")  # "1.2x" somewhere, with "floor" named in the output


def test_every_bench_script_is_covered() -> None:
    assert {"bench_bulk.py", "bench_save.py", "bench_echoes_scale.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_bench_script_runs_quick_and_prints_ratios(script: str) -> None:
    r = subprocess.run([sys.executable, str(BENCH / script), "--quick"], capture_output=True, text=True,
                       timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert ANY_RATIO.search(r.stdout) and "floor" in r.stdout, r.stdout
    if script in ("bench_bulk.py", "bench_save.py", "bench_echoes_scale.py"):
        assert RATIO.search(r.stdout), r.stdout
    if script == "bench_bulk.py":
        assert "export identical to the floor's output: yes" in r.stdout
    if script == "bench_echoes_scale.py":  # the indexed search found what the exhaustive one found, nothing else
        assert re.search(r"recall vs exhaustive at 30 docs: (\d+)/\1 = 1\.0000, extra 0 ", r.stdout), r.stdout


def test_run_all_collects_the_figures_into_one_table() -> None:
    r = subprocess.run([sys.executable, str(BENCH / "run_all.py"), "--quick", "bench_save"], capture_output=True,
                       text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    table = r.stdout.split("\nscript ", 1)[1].splitlines()
    assert table[0].split()[:5] == ["figure", "value", "floor", "ratio", "target"]
    rows = [line for line in table[2:] if line.startswith("bench_save")]
    assert any("save median (10 KB article)" in row and "floor" in row for row in rows), r.stdout

"""Shared by the bench scripts: run a command as a user would and measure it, print figures and ratios.

Every figure is measured against a floor in the same run. This machine is shared (2 cores, other work
running), so each pair is run interleaved, `--repeat` times, and the best (minimum) of each side is kept:
the minimum is the run least disturbed by the neighbours. CPU time (user + sys of the child) is printed
beside wall time because it is the figure least affected by another process holding a core.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"  # generated corpora and databases (git-ignored)
PY = sys.executable


def tool() -> str:
    """The installed `tui-reader` command beside this interpreter (the venv's), else the one on PATH."""
    cand = Path(PY).with_name("tui-reader")
    if cand.exists():
        return str(cand)
    found = shutil.which("tui-reader")
    if not found:
        sys.exit("bench: the tui-reader command is not installed (run `make setup`)")
    return found


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the child
    rss_kb: int  # peak resident set size of the child, KiB
    returncode: int
    stderr: str


def run(cmd: Sequence[str], *, stdout: int | None = subprocess.DEVNULL, env: dict[str, str] | None = None,
        cwd: str | Path | None = None) -> Run:  # fmt: skip
    """Run `cmd` to completion; its own rusage comes from wait4 (not RUSAGE_CHILDREN, a max over all children)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(list(cmd), stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         env=env, cwd=cwd)  # fmt: skip
    assert p.stderr is not None
    err = p.stderr.read()  # the child's stderr is small (summary lines); reading it before wait4 avoids a deadlock
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode, err.decode("utf-8", "replace"))


def check(r: Run, what: str) -> Run:
    if r.returncode != 0:
        sys.exit(f"bench: {what} failed (exit {r.returncode}): {r.stderr.strip()[-500:]}")
    return r


def best(runs: Sequence[Run]) -> Run:
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.rss_kb for r in runs), 0, "")


def ratio_line(name: str, value: float, floor: float, target: float, unit: str = "s", base: str = "floor") -> str:
    """One figure against its floor: `ratio NAME: value / floor F = R x (target <= T x) ok|OVER`."""
    r = value / floor if floor > 0 else float("inf")
    verdict = "ok" if r <= target else "OVER"
    return (f"ratio {name}: {fmt(value, unit)} / {base} {fmt(floor, unit)} = {r:.2f}x "
            f"(target <= {target:g}x) {verdict}")  # fmt: skip


def fmt(v: float, unit: str) -> str:
    if unit == "s":
        return f"{v:.3f} s" if v < 10 else f"{v:.1f} s"
    if unit == "ms":
        return f"{v:.2f} ms"
    if unit == "MiB":
        return f"{v:.1f} MiB"
    return f"{v:g} {unit}"


def median_p95(values: Sequence[float]) -> tuple[float, float]:
    s = sorted(values)
    return statistics.median(s), s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def fresh(path: Path) -> Path:
    """`path` with any SQLite file and its -wal/-shm companions removed."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path

"""Open a 50 MB article in a real terminal: launch to first lines on screen, and memory, against a minimal app.

    python bench/bench_open.py [--quick] [--mb 50] [--repeat 3]

Everything runs in tmux (a real terminal, 120x40) and is started the same way: `exec COMMAND` in a new tmux
session; the clock runs from just before the session is created until `tmux capture-pane` shows the text.
floor:   a minimal Textual app, one Static showing a short text (bench/out/minimal_app.py).
open:    `tui-reader open BIG.txt --db DB` with BIG already imported (the primary figure: reading a document
         you work on). Target: within 1.5x of the floor. BIG is found by its size, mtime and inode, not read
         (once it is 2 s old: a file just written is read and hashed, see docs/guarantees.md section 3), and
         the pane shows its first 64 KiB; also printed: when the whole text is in (the pane's "loading" gone).
first:   the same on an empty db, so the 50 MB file is imported first (reported, no target).
seeds:   `tui-reader --db DB` on a db holding the five seeds (startup). Target: within 1.3x of the floor.
memory:  RSS of the process once the whole text is in and a second has passed, big article minus minimal app,
         as a multiple of the article's size in UTF-8 (target: under 1.5x, issue 14); the peak (VmHWM) too.
         --text ascii / one-emoji: the same article without its non-ASCII characters / with one emoji.
Runs are interleaved and repeated; the best (minimum) time of each is kept, the median RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, PY, check, fresh, ratio_line, run, tool  # noqa: E402
from gen_corpus import article  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SIZE = (120, 40)
MINIMAL = '''from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Minimal app: one Static showing a short text.")


Minimal().run()
'''
HEADLINE = "Council approves €3bn budget after all-night session 🙂"
LOADING = (" · loading ", " · importing ")  # a pane's title while a big document's whole text is being read
# (tui/loading.py), or while a file opened for the first time is being imported
MARKER = "Dateline: GENEVA —"  # starts the second paragraph, so it starts a screen row (never wrapped apart)


class Tmux:
    """One tmux server for the whole bench (its start-up is not timed); a session per launch."""

    def __init__(self) -> None:
        self.first_cpu = 0.0
        self.base = ["tmux", "-L", f"tui-reader-bench-{os.getpid()}", "-f", "/dev/null"]
        self.env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                    "TUI_READER_ANNOTATOR": "bench"}  # fmt: skip
        for var in ("COLUMNS", "LINES", "TMUX"):  # Textual takes COLUMNS/LINES over the terminal's real size
            self.env.pop(var, None)
        self("new-session", "-d", "-s", "idle", "-x", str(SIZE[0]), "-y", str(SIZE[1]), "sleep 86400")

    def __call__(self, *args: str, check: bool = True) -> str:
        r = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=30, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError(f"tmux {args[0]}: {r.stderr.strip()}")
        return r.stdout

    def launch(self, command: str, expect: str, timeout: float = 120.0) -> tuple[float, float, int, int, float]:
        """Seconds until `expect` is on screen, and until no pane says it is still loading (the whole of a big
        document is in); then RSS and peak RSS (KiB) a second later, and the CPU seconds (user + sys) the
        process had used by then."""
        t0 = time.perf_counter()
        self("new-session", "-d", "-s", "run", "-x", str(SIZE[0]), "-y", str(SIZE[1]), f"exec {command}")
        pid = int(self("display-message", "-p", "-t", "run", "#{pane_pid}").strip())
        shown = self("display-message", "-p", "-t", "run", "#{window_width}x#{window_height}").strip()
        if shown != f"{SIZE[0]}x{SIZE[1]}":
            self.stop(pid)
            raise RuntimeError(f"tmux made a {shown} terminal, not {SIZE[0]}x{SIZE[1]}")
        elapsed: float | None = None
        while True:
            screen = self("capture-pane", "-p", "-t", "run", check=False)
            if expect in screen and elapsed is None:
                elapsed = time.perf_counter() - t0
                self.first_cpu = proc_cpu(pid)  # CPU to the first lines: steadier than wall on a busy machine
            if elapsed is not None and not any(mark in screen for mark in LOADING):
                whole = time.perf_counter() - t0
                break
            if not Path(f"/proc/{pid}").exists() or time.perf_counter() - t0 > timeout:
                self.stop(pid)
                raise RuntimeError(f"{command!r} did not show {expect!r}; the screen showed:\n{screen}")
            time.sleep(0.005)
        time.sleep(1.0)
        rss, hwm = proc_rss(pid)
        cpu = proc_cpu(pid)
        self.stop(pid)
        return elapsed, whole, rss, hwm, cpu

    def stop(self, pid: int) -> None:
        self("kill-session", "-t", "run", check=False)
        deadline = time.monotonic() + 20
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.02)

    def close(self) -> None:
        self("kill-server", check=False)


def proc_rss(pid: int) -> tuple[int, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def big_article(mb: float, kind: str = "mixed") -> str:
    """mixed: the generated prose (curly quotes, accents, emoji all through: as a str, 4 bytes per character);
    ascii: the same with every non-ASCII character left out; one-emoji: that with one emoji half-way."""
    body = article(random.Random(11), int(mb * 1_000_000 / 1.05))  # ~5% of characters take 3-4 bytes in UTF-8
    if kind == "mixed":
        return f"{HEADLINE}\n\n{MARKER} {body}\n"
    body = body.encode("ascii", "ignore").decode("ascii")
    if kind == "one-emoji":
        body = body[: len(body) // 2] + " \U0001f642 " + body[len(body) // 2 :]
    return f"Council approves budget after all-night session\n\n{MARKER} {body}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: a 1 MB article, one run each")
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--text", choices=("mixed", "ascii", "one-emoji"), default="mixed",
                    help="the article's characters (see big_article)")
    ap.add_argument("--cases", default="floor,open,first,seeds",
                    help="which launches to run (floor and open always run)")
    a = ap.parse_args(argv)
    mb, repeat = (1.0, 1) if a.quick else (a.mb, a.repeat)
    if not shutil.which("tmux"):
        sys.exit("bench_open: tmux is required (`make test-deps` installs it)")
    OUT.mkdir(exist_ok=True)
    exe = shlex.quote(tool())
    minimal = OUT / "minimal_app.py"
    minimal.write_text(MINIMAL, encoding="utf-8")
    big = OUT / (f"big_{mb:g}mb.txt" if a.text == "mixed" else f"big_{mb:g}mb_{a.text}.txt")
    if not big.exists():
        big.write_text(big_article(mb, a.text), encoding="utf-8")
    size = big.stat().st_size
    big_db, first_db, seeds_db = OUT / "open_big.db", OUT / "open_first.db", OUT / "open_seeds.db"
    check(run([tool(), "import", str(big), "--db", str(fresh(big_db))]), "import of the big article")
    check(run([tool(), "import", str(SEEDS), "--db", str(fresh(seeds_db))]), "import of the seeds")
    seed_line = "With thousands"  # a pane is ~40 columns wide: a short phrase stays on one row

    floor_cmd = f"{shlex.quote(PY)} {shlex.quote(str(minimal))}"
    cases = {
        "floor": (floor_cmd, "Minimal app: one Static"),
        "open": (f"{exe} open {shlex.quote(str(big))} --db {shlex.quote(str(big_db))}", MARKER),
        "first": (f"{exe} open {shlex.quote(str(big))} --db {shlex.quote(str(first_db))}", MARKER),
        "seeds": (f"{exe} --db {shlex.quote(str(seeds_db))}", seed_line),
    }
    wanted = {"floor", "open", *a.cases.split(",")}
    cases = {k: v for k, v in cases.items() if k in wanted}
    times: dict[str, list[float]] = {k: [] for k in cases}
    wholes: dict[str, list[float]] = {k: [] for k in cases}
    rss: dict[str, list[int]] = {k: [] for k in cases}
    hwm: dict[str, list[int]] = {k: [] for k in cases}
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    first_cpus: dict[str, list[float]] = {k: [] for k in cases}
    tmux = Tmux()
    try:
        for _ in range(repeat):
            for name, (command, expect) in cases.items():
                if name == "first":
                    fresh(first_db)
                t, w, r, h, c = tmux.launch(command, expect)
                cpus[name].append(c)
                first_cpus[name].append(tmux.first_cpu)
                times[name].append(t)
                wholes[name].append(w)
                rss[name].append(r)
                hwm[name].append(h)
    finally:
        tmux.close()
        for db in (big_db, first_db, seeds_db):
            fresh(db)

    best = {k: min(v) for k, v in times.items()}
    med_rss = {k: statistics.median(v) / 1024 for k, v in rss.items()}
    med_hwm = {k: statistics.median(v) / 1024 for k, v in hwm.items()}
    print(f"open: {size / 1e6:.1f} MB article ({big.name}), terminal {SIZE[0]}x{SIZE[1]} in tmux, best of {repeat}")
    print(f"{'launch':<40}{'to text s':>10}{'RSS MiB':>10}{'peak MiB':>10}")
    labels = {"floor": "minimal app (one Static)", "open": f"tui-reader open, {mb:g} MB already imported",
              "first": f"tui-reader open, {mb:g} MB first time (imports)", "seeds": "tui-reader on the seeds"}
    for k, label in labels.items():
        if k in cases:
            print(f"{label:<40}{best[k]:>10.3f}{med_rss[k]:>10.1f}{med_hwm[k]:>10.1f}")
    print(ratio_line(f"open {mb:g} MB article (already imported), launch to first lines", best["open"],
                     best["floor"], 1.5))  # fmt: skip
    if "seeds" in cases:
        print(ratio_line("startup on the seeds, launch to text", best["seeds"], best["floor"], 1.3))
    print(f"whole {mb:g} MB text in (the pane's 'loading' gone, no target): {min(wholes['open']):.3f} s = "
          f"{min(wholes['open']) / best['floor']:.2f}x the floor")  # fmt: skip
    if "first" in cases:
        print(ratio_line(f"first open of the {mb:g} MB article (import included), launch to first lines",
                         best["first"], best["floor"], 3.0))  # fmt: skip
        print(f"first open: the stored document in the pane (import committed) {min(wholes['first']):.3f} s = "
              f"{min(wholes['first']) / best['floor']:.2f}x the floor (no target)")  # fmt: skip
    print("every run (launch to text s / whole text in s / CPU s of the process a second after / RSS MiB):")
    for k in cases:
        print(f"  {k:<6} median {statistics.median(times[k]):.3f} s, CPU {statistics.median(cpus[k]):.2f} s: "
              + ", ".join(f"{t:.3f}/{w:.3f}/{c:.2f}/{r / 1024:.0f}"
                          for t, w, c, r in zip(times[k], wholes[k], cpus[k], rss[k], strict=True)))  # fmt: skip
    print("CPU of the process when the first lines were on screen (s), every run:")
    for k in cases:
        print(f"  {k:<6} median {statistics.median(first_cpus[k]):.2f}: "
              + ", ".join(f"{c:.2f}" for c in first_cpus[k]))  # fmt: skip
    for k in ("open", "first", "seeds"):
        if k in cases:
            print(f"  CPU to first lines, {k}: {statistics.median(first_cpus[k]) / statistics.median(first_cpus['floor']):.2f}x "
                  "the floor's (medians)")  # fmt: skip
    for k in ("open", "first", "seeds"):
        if k in cases:
            print(f"  median ratio {k}: {statistics.median(times[k]) / statistics.median(times['floor']):.2f}x the "
                  f"floor's median (CPU {statistics.median(cpus[k]) / statistics.median(cpus['floor']):.2f}x); "
                  f"whole text in {statistics.median(wholes[k]) / statistics.median(times['floor']):.2f}x")  # fmt: skip
    article_mib = size / 2**20
    extra = (med_rss["open"] - med_rss["floor"]) / article_mib
    extra_peak = (med_hwm["open"] - med_hwm["floor"]) / article_mib
    verdict = "ok" if extra < 1.5 else "OVER"
    print(f"target memory above the minimal app, in article sizes ({a.text} text): {extra:.2f}x "
          f"({med_rss['open'] - med_rss['floor']:.0f} MiB for {article_mib:.0f} MiB) (target < 1.5x) {verdict}")
    print(f"peak memory above the minimal app, in article sizes: {extra_peak:.2f}x (no target)")
    if "seeds" in cases:
        print(f"memory above tui-reader on the seeds, in article sizes: "
              f"{(med_rss['open'] - med_rss['seeds']) / article_mib:.2f}x (no target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

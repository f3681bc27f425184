"""Peak memory of importing one big article (`tui-reader import BIG.txt` on an empty db), against the same
command importing a 10 KB article (the floor: Python, the imports, SQLite), in the same run.

    python bench/bench_import_peak.py [--quick] [--mb 200] [--repeat 3]

The article is bench_open.py's (news prose with emoji, curly quotes, accents: CPython would hold it as a str at
4 bytes per character). Two forms of it: as written (plain UTF-8, imported in pieces: importing.STREAM_BYTES)
and with CR LF line ends (normalised to LF piece by piece, importing_big._pieces, also in pieces). Each import is a subprocess; its peak
RSS from wait4 (ru_maxrss), its wall and CPU (user + sys) time. Printed: the peak above the floor's, in article
sizes (UTF-8 bytes of the file), median of the runs and every run. Target (issue 14): under 2x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_open import big_article  # noqa: E402
from common import OUT, PY, check, fresh, run, tool  # noqa: E402

TARGET = 2.0


def write(mb: float) -> None:
    plain, crlf, small = OUT / f"big_{mb:g}mb.txt", OUT / f"big_{mb:g}mb_crlf.txt", OUT / "import_peak_small.txt"
    if not plain.exists():
        plain.write_text(big_article(mb), encoding="utf-8")
    if not crlf.exists():
        crlf.write_bytes(plain.read_bytes().replace(b"\n", b"\r\n"))
    small.write_text(big_article(0.01), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--write"]:
        write(float(sys.argv[2]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: a 10 MB article, one run")
    ap.add_argument("--mb", type=float, default=200.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    mb, repeat = (10.0, 1) if a.quick else (a.mb, a.repeat)
    OUT.mkdir(exist_ok=True)
    plain, crlf, small = OUT / f"big_{mb:g}mb.txt", OUT / f"big_{mb:g}mb_crlf.txt", OUT / "import_peak_small.txt"
    if not (plain.exists() and crlf.exists() and small.exists()):  # in a child: a child's peak RSS (wait4)
        # counts the pages of this process at fork, so this one never holds an article
        check(run([PY, __file__, "--write", str(mb)]), "writing the articles")
    size = plain.stat().st_size
    db = OUT / "import_peak.db"
    cases = {"floor (10 KB)": small, "plain UTF-8 (in pieces)": plain, "CR LF (in pieces)": crlf}
    runs: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cases}
    for _ in range(repeat):
        for name, path in cases.items():
            r = check(run([tool(), "import", str(path), "--db", str(fresh(db))]), f"import of {path.name}")
            runs[name].append((r.rss_kb / 1024, r.wall, r.cpu))
    fresh(db)
    floor = statistics.median(x[0] for x in runs["floor (10 KB)"])
    mib = size / 2**20
    print(f"import peak: {size / 1e6:.1f} MB article ({plain.name}), median of {repeat}; "
          f"absolute peak / article: " + ", ".join(
              f"{n} {statistics.median(x[0] for x in rs) / mib:.2f}x" for n, rs in runs.items() if n != "floor (10 KB)"))
    print(f"{'import of':<26}{'peak MiB':>10}{'wall s':>8}{'cpu s':>8}   runs (peak MiB / wall s / cpu s)")
    for name, rs in runs.items():
        med = [statistics.median(x[i] for x in rs) for i in range(3)]
        every = ", ".join(f"{p:.0f}/{w:.2f}/{c:.2f}" for p, w, c in rs)
        print(f"{name:<26}{med[0]:>10.1f}{med[1]:>8.2f}{med[2]:>8.2f}   {every}")
    for name in ("plain UTF-8 (in pieces)", "CR LF (in pieces)"):
        above = [(p - floor) / mib for p, _, _ in runs[name]]
        ratio = statistics.median(above)
        verdict = "ok" if ratio < TARGET else "OVER"
        print(f"ratio import peak above the floor, {name}, in article sizes: {ratio:.2f}x "
              f"(runs {', '.join(f'{x:.2f}' for x in above)}) (target < {TARGET:g}x) {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

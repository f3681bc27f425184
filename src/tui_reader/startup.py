"""The `tui-reader` command's entry point: start-up without the garbage collector.

Start-up creates ~100,000 long-lived objects (Textual's classes, CSS, the app's widgets), so the cyclic garbage
collector runs ~140 times and once over everything, 30-45 ms of a ~0.35 s start in which it frees nothing
(bench/bench_open.py). It is off from launch until the app's first frame is out (or, for the other commands,
until the command line is parsed); then `gc.freeze()` moves the start-up objects out of its way for good, and it
runs as usual. (CPython documents `gc.freeze` for this: objects made before it are never scanned again.)
"""

from __future__ import annotations

from tui_reader.gc_hold import hold_gc


def run() -> None:
    hold_gc()
    from tui_reader.cli import main

    main()

"""The `tui-reader` command's entry point: start-up without the garbage collector.

Start-up creates ~100,000 long-lived objects (Textual's classes, CSS, the app's widgets), so the cyclic garbage
collector runs ~140 times and once over everything, 30-45 ms of a ~0.35 s start in which it frees nothing
(bench/bench_open.py). It is off from launch until the app's first frame is out (or, for the other commands,
until the command line is parsed); then `gc.freeze()` moves the start-up objects out of its way for good, and it
runs as usual. (CPython documents `gc.freeze` for this: objects made before it are never scanned again.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_held = False


def hold_gc() -> None:
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_gc() -> None:
    """Turn the collector back on (once; a no-op when `hold_gc` did not turn it off, as in tests)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


@contextmanager
def collecting(on: bool = True) -> Iterator[None]:
    """The collector on for a while (an import of files before the app starts), held again after."""
    if not (_held and on):
        yield
        return
    gc.enable()
    try:
        yield
    finally:
        gc.disable()


def run() -> None:
    hold_gc()
    from tui_reader.cli import main

    main()

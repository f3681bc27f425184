"""The cyclic garbage collector held off during start-up (see tui_reader.startup for why), and let go.

Apart from `startup` so that the CLI and the app can let it go without importing the entry point back.
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

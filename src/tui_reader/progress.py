"""A plain progress line on stderr for long CLI work; silent when stderr is not a terminal (piped, CI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tui_reader.sanitize import one_line


class Progress:
    def __init__(self, label: str, total: int | None = None, *, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:  # fmt: skip
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label, self.total, self.done = label, total, 0
        self.started = self._last = time.monotonic()

    def advance(self, n: int = 1, item: str = "") -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and now - self._last >= 0.1:
            self._last = now
            self._draw(item)

    def _draw(self, item: str = "") -> None:
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        if self.total:
            frac = min(self.done / self.total, 1.0)
            bar = "#" * int(frac * 30)
            line = f"{self.label} [{bar:<30}] {self.done}/{self.total} ({rate:,.0f}/s)"
        else:
            line = f"{self.label} {self.done:,} ({rate:,.0f}/s) {one_line(item, 30)}"  # a document id: data
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

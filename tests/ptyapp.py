"""The installed `tui-reader` in a real pseudo-terminal: every byte the app writes is kept, keys are typed as bytes.

Unlike tmux (which shows what a terminal made of the bytes), this keeps the raw output, so a test can prove
which escape sequences reached the terminal. Every wait is bounded.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

from test_tmux import installed_command


class PtyApp:
    """`tui-reader ARGS` on the slave side of a pty of `cols` x `rows`; the test holds the master side."""

    def __init__(self, args: Sequence[str | bytes], *, cwd: Path, cols: int = 120, rows: int = 36) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "COLUMNS": str(cols), "LINES": str(rows)}  # fmt: skip
        env.pop("TEXTUAL", None)  # no devtools
        self.out = bytearray()
        self.proc = subprocess.Popen([installed_command(), *args], stdin=slave, stdout=slave, stderr=slave,
                                     cwd=cwd, env=env, start_new_session=True, close_fds=True)  # fmt: skip
        os.close(slave)

    # -- reading -----------------------------------------------------------------------------------
    def pump(self, seconds: float) -> None:
        """Read whatever the app writes for `seconds` (the app blocks if nobody reads the pty)."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the slave side closed: the app has exited
                    return
                if not chunk:
                    return
                self.out.extend(chunk)

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", errors="replace")

    def wait_for(self, *texts: str, since: int = 0, timeout: float = 20.0) -> None:
        """Until every text has been written (after byte `since`), at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.out[since:].decode("utf-8", errors="replace")
            if all(t in shown for t in texts):
                return
            assert self.proc.poll() is None, f"the app exited ({self.proc.returncode}) before showing {texts!r}"
            assert time.monotonic() < deadline, f"waited {timeout}s for {texts!r}; last output:\n{shown[-3000:]!r}"
            self.pump(0.1)

    # -- typing ------------------------------------------------------------------------------------
    def press(self, *keys: str | bytes, pause: float = 0.15) -> None:
        """Type each key (a str or raw bytes), reading the screen for `pause` seconds after each."""
        for key in keys:
            os.write(self.master, key.encode() if isinstance(key, str) else key)
            self.pump(pause)

    def click(self, x: int, y: int) -> None:
        """A left click at 1-based column `x`, row `y` (SGR mouse reporting, which Textual switches on)."""
        self.press(f"\x1b[<0;{x};{y}M".encode(), f"\x1b[<0;{x};{y}m".encode())

    # -- ending ------------------------------------------------------------------------------------
    def wait_exit(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, f"the app did not exit within {timeout}s"
            self.pump(0.1)
        self.pump(0.2)
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        os.close(self.master)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

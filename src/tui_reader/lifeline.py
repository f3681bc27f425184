"""The reader's tie to its terminal: no terminal, no reader.

The app is interactive; without a terminal it can only spin (Textual's input thread reads an ended input over
and over) and grow. So `tui-reader open`:

- refuses to start when standard input or output is not a terminal (`terminal_problem`), unless a Textual
  driver was chosen explicitly through `TEXTUAL_DRIVER` (textual-serve runs each session under its web driver,
  over pipes);
- ends when its terminal goes away (`tie`): SIGHUP, SIGTERM, or a hang-up seen on standard input or output
  (a closed pseudo-terminal, the end of the pipe textual-serve feeds a session through). It asks the app to
  exit as a quit would; if the app has not ended `GRACE` seconds later, the process ends anyway. Nothing is
  lost by that: every annotation is committed the moment it is made.

Kept out of the app (the app wires widgets): the CLI calls both just before `app.run()`. Tests drive the app
through `App.run_test()`, which never comes here.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import termios
import threading
from typing import Any

GRACE = 3.0  # seconds the app gets to exit by itself once its terminal is gone
POLL = 0.25  # how often the watchdog looks for a hang-up
HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL
# mouse reporting and bracketed paste off, cursor shown, main screen back: what Textual undoes on a clean exit
RESET = "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?25h\x1b[?1049l"


def terminal_problem() -> str | None:
    """Why the reader cannot run here (one line), or None when it can."""
    if os.environ.get("TEXTUAL_DRIVER"):  # textual-serve's web driver (pipes, not a terminal), or a chosen one
        return None
    for what, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            ok = stream is not None and stream.isatty()
        except ValueError:  # closed
            ok = False
        if not ok:
            return (f"{what} is not a terminal: the annotator needs one "
                    "(`tui-reader serve` shows it in a browser; export, stats and import work without)")  # fmt: skip
    return None


def tie(app: Any, fds: tuple[int, ...] = (0, 1)) -> None:
    """End `app` (a Textual App about to run) when its terminal goes away. Call from the main thread."""
    ending = threading.Event()
    try:
        saved = termios.tcgetattr(fds[0])  # the terminal's modes, to put back if the app cannot
    except (termios.error, OSError):
        saved = None

    def restore() -> None:
        try:
            if saved is not None:
                termios.tcsetattr(fds[0], termios.TCSANOW, saved)
            if os.isatty(fds[1]):
                os.write(fds[1], RESET.encode())
        except (termios.error, OSError):
            pass

    def hard_exit(code: int) -> None:
        """The app did not end in time: leave the screen as it was found (if the terminal still takes
        output: a write to a stalled one could block, so it gets half a second), then go."""
        helper = threading.Thread(target=restore, daemon=True)
        helper.start()
        helper.join(0.5)
        os._exit(code)

    def end(code: int) -> None:
        if ending.is_set():
            return
        ending.set()

        def ask() -> None:
            try:
                app.call_from_thread(app.exit, None, code)
            except Exception:  # noqa: BLE001 - not running (yet or any more): the timer below ends it
                pass

        threading.Thread(target=ask, name="tui-reader-exit", daemon=True).start()
        timer = threading.Timer(GRACE, hard_exit, (code,))
        timer.daemon = True
        timer.start()

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, lambda signum, _frame: end(128 + signum))

    def watch() -> None:
        poller = select.poll()
        for fd in fds:
            poller.register(fd, 0)  # no events asked: poll reports only hang-up, error, invalid
        while not ending.is_set():
            if any(ev & HANGUP for _fd, ev in poller.poll(POLL * 1000)):
                end(128 + signal.SIGHUP)
                return

    threading.Thread(target=watch, name="tui-reader-lifeline", daemon=True).start()

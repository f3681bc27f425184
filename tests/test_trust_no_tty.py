"""The reader never runs without a terminal: it refuses to start without one, ends when its
terminal goes away or on SIGTERM/SIGHUP, and a mistyped command is an error, not a file to open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ptyapp import PtyApp
from test_tmux import installed_command
from tui_reader.lifeline import GRACE
from tui_reader.store import AnnotationStore

DOC = "Bad news for the harbour. The council met on Tuesday and said nothing at all.\n"
ALT_SCREEN_OFF = b"\x1b[?1049l"  # Textual leaves the alternate screen when it exits cleanly


@pytest.fixture
def db(tmp_path: Path) -> Path:
    (tmp_path / "story.txt").write_text(DOC)
    path = tmp_path / "a.db"
    with AnnotationStore(path):
        pass
    return path


def run(args: list[str], *, stdin: int | None, stdout: int | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`tui-reader ARGS` with the given standard input/output, bounded: an app left running fails the test."""
    proc = subprocess.Popen([installed_command(), *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                            cwd=cwd, text=True, start_new_session=True)  # fmt: skip
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise AssertionError("the reader ran on without a terminal (killed after 20 s)") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", err)


NO_TTY = ("the annotator needs one (`tui-reader serve` shows it in a browser; export, stats and import work "
          "without)\n")  # fmt: skip


def test_output_to_a_pipe_is_refused_with_one_line(tmp_path: Path, db: Path) -> None:
    master, slave = os.openpty()
    try:
        r = run(["open", str(tmp_path / "story.txt"), "--db", str(db)], stdin=slave, stdout=subprocess.PIPE,
                cwd=tmp_path)  # fmt: skip
    finally:
        os.close(slave)
        os.close(master)
    assert (r.returncode, r.stderr) == (2, "tui-reader: standard output is not a terminal: " + NO_TTY)


def test_input_from_a_pipe_or_nothing_is_refused(tmp_path: Path, db: Path) -> None:
    master, slave = os.openpty()
    try:
        for stdin in (subprocess.DEVNULL, subprocess.PIPE):
            r = run(["--db", str(db)], stdin=stdin, stdout=slave, cwd=tmp_path)
            assert (r.returncode, r.stderr) == (2, "tui-reader: standard input is not a terminal: " + NO_TTY)
    finally:
        os.close(slave)
        os.close(master)


def _shown(tmp_path: Path, db: Path) -> PtyApp:
    app = PtyApp(["open", str(tmp_path / "story.txt"), "--db", str(db), "--annotator", "kim"], cwd=tmp_path)
    app.wait_for("Bad news for the harbour", "kim · 0/1 documents done")  # the header too: fully started
    return app


def test_the_reader_ends_when_its_terminal_closes(tmp_path: Path, db: Path) -> None:
    app = _shown(tmp_path, db)
    try:
        os.close(app.master)  # the terminal window closed (the pty's other side is gone)
        app.master = os.open(os.devnull, os.O_RDONLY)  # so that PtyApp.close has something to close
        t0 = time.monotonic()
        while app.proc.poll() is None:
            assert time.monotonic() - t0 < 10, "the reader ran on after its terminal closed"
            time.sleep(0.1)
    finally:
        app.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_the_reader_and_restore_the_terminal(tmp_path: Path, db: Path, sig: int) -> None:
    with _shown(tmp_path, db) as app:
        since = len(app.out)
        app.proc.send_signal(sig)
        assert app.wait_exit(10) == 128 + sig
        assert ALT_SCREEN_OFF in bytes(app.out[since:])  # an orderly exit: the shell gets its screen back


def test_a_mistyped_command_names_the_closest_one(tmp_path: Path, db: Path) -> None:
    for args, message in (
        (["exprot"], "no command or file 'exprot'; did you mean 'export'?"),
        (["stast", "--db", str(db)], "no command or file 'stast'; did you mean 'stats'?"),
        (["zzyzx", "--db", str(db)], "no command or file 'zzyzx'; commands: agree, echoes, export, import, learn, "
                                     "merge, open, serve, stats, suggest"),  # fmt: skip
        (["\x1b]0;owned\x07"], "no command or file '␛]0;owned␇'; commands: agree, echoes, export, import, learn, "
                               "merge, open, serve, stats, suggest"),  # fmt: skip
    ):
        r = run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, cwd=tmp_path)
        assert (r.returncode, r.stderr) == (2, f"tui-reader: {message}\n"), args
    # an existing file or folder still opens (here: refused for want of a terminal, so it did reach `open`)
    for first in ("story.txt", "."):
        r = run([first, "--db", str(db)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, cwd=tmp_path)
        assert (r.returncode, r.stderr) == (2, "tui-reader: standard input is not a terminal: " + NO_TTY), first


WEDGED = """
import sys, time, threading
from tui_reader.lifeline import tie

class Wedged:  # an app whose event loop never answers: asked to exit, it does not
    def call_from_thread(self, *args):
        threading.Event().wait()
    def exit(self, *args):
        pass

tie(Wedged())
print("up", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_reader_that_cannot_exit_is_ended_anyway(tmp_path: Path, sig: int) -> None:
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-c", WEDGED], stdin=slave, stdout=subprocess.PIPE, cwd=tmp_path,
                            text=True, start_new_session=True)  # fmt: skip
    os.close(slave)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "up\n"
        t0 = time.monotonic()
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 128 + sig
        assert time.monotonic() - t0 < GRACE + 2
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)

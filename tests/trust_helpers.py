"""Helpers for the trust tests: the real CLI in a subprocess, and running a step as an unprivileged user."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pkgutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tui_reader.cli import main

NOBODY = 65534


def cli(*args: str, cwd: str | Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`tui-reader ARGS` as a user runs it: a new process, stdout/stderr captured."""
    return subprocess.run([sys.executable, "-m", "tui_reader", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)  # fmt: skip


def run_cli(*args: str) -> Any:
    """The CLI in this process (CliRunner), exceptions not caught, so a traceback fails the test."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def preload() -> None:
    """Import every tui_reader module (and so the libraries they import) while we can still read them.

    The CLI imports most of its modules when a command first needs them. `nobody` cannot read a clone, or its
    .venv, that sits in a private folder (mode 0700, as home folders often are): the child would fail on an
    import instead of on the permission under test. Loaded beforehand, the code is already in memory and the
    test does not depend on where the clone lives.
    """
    import tui_reader

    for mod in pkgutil.walk_packages(tui_reader.__path__, "tui_reader."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        if os.geteuid() == 0:  # root ignores file permissions: become `nobody` so they apply
            preload()
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        conn.send(("ok", fn(*args)))
    except BaseException:  # noqa: BLE001 - report anything to the parent
        conn.send(("error", traceback.format_exc()))


def unprivileged(fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn(*args)` in a forked child that cannot bypass permissions (as `nobody` when we are root)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=_child, args=(child, fn, args))
    p.start()
    if not parent.poll(120):
        p.kill()
        raise TimeoutError("unprivileged child did not answer")
    status, value = parent.recv()
    p.join()
    if status == "error":
        raise AssertionError(f"child failed:\n{value}")
    return value


def cli_unprivileged(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the CLI run without the power to bypass file permissions."""

    def go() -> tuple[int, str, str]:
        r = CliRunner().invoke(main, list(args))
        err = r.stderr
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            err += "".join(traceback.format_exception(r.exception))
        return r.exit_code, r.stdout, err

    return unprivileged(go)

"""What every command shares: the default database and corpus, the groups that turn `tui-reader FILE` into
`open FILE` and click's errors into one sanitised line, `friendly` (a user's error is one line on stderr, exit
code 1, never a traceback), and the checks of a database or a format name before anything runs."""

from __future__ import annotations

import errno
import functools
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tui_reader.models import LabelError
from tui_reader.report import TerminalSafe, say
from tui_reader.sanitize import one_line
from tui_reader.store import AnnotationStore, StoreError

DEFAULT_DB = "annotations.db"


def seeds_dir() -> Path | None:
    """The default corpus: ./seeds, else the one shipped in the wheel, else the source checkout's."""
    here = Path(__file__).resolve().parents[1]  # the tui_reader package
    for cand in (Path("seeds"), here / "_seeds", here.parents[1] / "seeds"):
        if cand.is_dir() and any(cand.glob("*.txt")):
            return cand
    return None


def default_annotator() -> str:
    name = os.environ.get("TUI_READER_ANNOTATOR")
    if name:
        return name
    try:
        import getpass  # only without $TUI_READER_ANNOTATOR

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no passwd entry in some containers
        return "annotator"


class SafeErrorsGroup(click.Group):
    """click's own error messages (a bad option value, an unknown option) quote what was typed: they go out
    sanitised like every other message."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as e:
            e.show(file=TerminalSafe(sys.stderr))  # type: ignore[arg-type]
            sys.exit(e.exit_code)
        except click.Abort:
            say("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


class DefaultGroup(SafeErrorsGroup):
    """`tui-reader A.txt B.txt` means `tui-reader open A.txt B.txt`; bare `tui-reader` opens too.

    A first word that is neither a command nor an existing file or folder is a mistyped command, not a file to
    open: it is refused naming the closest command (`exprot` -> `export`), exit code 2.

    `lazy_commands` maps a command's name to "module:function": its module is imported when that command is
    run or listed (`--help`), so opening the app never loads the others' modules.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import importlib

            module, _, attr = self.lazy_commands[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in self.lazy_commands \
                and args[0] not in ("--help", "-h", "--version"):  # fmt: skip
            first = args[0]
            if not first.startswith("-") and not os.path.lexists(first):
                fail(self.unknown(first), 2)
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def unknown(self, word: str) -> str:
        import difflib

        names = sorted({*self.commands, *self.lazy_commands})
        close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(names)}"
        return f"no command or file '{one_line(word, 80)}'; {hint}"


def fail(message: str, code: int = 1) -> None:
    """One error line on stderr (sanitised: it may quote a path or a name) and exit `code`."""
    say(one_line(f"tui-reader: {message}"), err=True)
    sys.exit(code)


_DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def _silence_stdout() -> None:
    """stdout failed (full disk): drop what is buffered so the exit does not fail again on it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (StoreError, LabelError, ValueError) as e:  # a database error is a StoreError ("database error: ...")
            fail(str(e))
        except BrokenPipeError:
            sys.stderr.close()  # `tui-reader export | head`: the reader left, that is not an error
            sys.exit(0)
        except RecursionError:
            fail("input nested too deeply to process")
        except OSError as e:
            where = e.filename
            if where is None and e.errno in _DISK_FULL:  # a write that names no file: standard output
                where = "standard output"
                _silence_stdout()
            fail(f"{where or ''}: {e.strerror or e}".lstrip(": "))

    return wrapper


def existing_db(db_path: str) -> None:
    """Refuse, for a command that reads, a database that is not there or is an empty file: opening either
    would silently make a new empty database where the user meant an existing one."""
    p = Path(db_path)
    if not p.exists():
        fail(f"{db_path}: no such database")
    if p.is_file() and p.stat().st_size == 0:
        fail(f"{db_path}: empty file, not a tui-reader database")


def check_format(fmt: str, *, extra: tuple[str, ...] = (), param: str = "--format") -> None:
    """An unknown --format is a usage error (exit 2) naming the choices."""
    from tui_reader import formats

    names = (*extra, *formats.FORMATS)
    if fmt not in names:
        raise click.BadParameter(f"unknown format {fmt!r} (choose from {', '.join(names)})", param_hint=f"'{param}'")


def check_format_options(mod: Any, offsets: str, *, ents: bool = False) -> None:
    """Options a format cannot honour are usage errors (exit 2) with the reason, never silently ignored."""
    if offsets not in getattr(mod, "OFFSETS", ("codepoint", "utf16")):
        raise click.UsageError(f"--offsets {offsets} does not apply to --format {mod.NAME}: its offsets are "
                               f"code points ({mod.OFFSETS_REASON})")  # fmt: skip
    if ents and mod.NAME != "spacy":
        raise click.UsageError(f"--ents is for --format spacy (doc.ents), not {mod.NAME}")
    if mod.NAME == "spacy":
        try:
            import spacy  # noqa: F401
        except ImportError:
            fail(mod.MISSING)


def score_option(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and math.isnan(value):
        raise click.BadParameter("nan is not a number from 0 to 100")
    return value


db_option = click.option(
    "--db", "db_path", default=lambda: os.environ.get("TUI_READER_DB", DEFAULT_DB), show_default=DEFAULT_DB,
    type=click.Path(dir_okay=False), help="SQLite file holding documents and annotations.",
)  # fmt: skip


def open_store(db_path: str, *, create: bool = True) -> AnnotationStore:
    return AnnotationStore(db_path, create=create)


"""Command line: a click group; each command opens the store and calls one core function.

Errors are one line on stderr with exit code 1 (2 for usage), never a traceback for bad input. Everything meant
for a person goes out through `tui_reader.report.say` (sanitised: a hostile file name, annotator name or label
cannot drive the terminal); data (exports, --json) is exact on a file or pipe and sanitised only on a terminal.

The group and `open` (the default command) are here; the other commands by family in `data` (import, export,
stats), `assist` (suggest, echoes, learn) and `team` (merge, agree, serve), helpers shared by all in `common`.
A family's module is imported when one of its commands runs (or `--help` lists them), and each command imports
what it runs inside its function: `tui-reader` starts without loading any of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tui_reader import __version__
from tui_reader.cli.common import (
    DEFAULT_DB,
    DefaultGroup,
    SafeErrorsGroup,
    check_format,
    db_option,
    default_annotator,
    existing_db,
    fail,
    friendly,
    open_store,
    seeds_dir,
)
from tui_reader.gc_hold import collecting, release_gc
from tui_reader.models import LabelSet
from tui_reader.report import say

__all__ = [
    "DEFAULT_DB", "DefaultGroup", "SafeErrorsGroup", "check_format", "db_option", "default_annotator",
    "existing_db", "fail", "friendly", "main", "open_cmd", "open_store", "seeds_dir",
]  # fmt: skip


# the other commands, by family: name -> "module:function", imported when that command is run or listed
COMMANDS = {
    "import": "tui_reader.cli.data:import_cmd", "export": "tui_reader.cli.data:export_cmd",
    "stats": "tui_reader.cli.data:stats_cmd", "suggest": "tui_reader.cli.assist:suggest_cmd",
    "echoes": "tui_reader.cli.assist:echoes_cmd", "learn": "tui_reader.cli.assist:learn_cmd",
    "merge": "tui_reader.cli.team:merge_cmd", "agree": "tui_reader.cli.team:agree_cmd",
    "serve": "tui_reader.cli.team:serve_cmd",
}  # fmt: skip


@click.group(cls=DefaultGroup, invoke_without_command=True, lazy_commands=COMMANDS)
@click.version_option(__version__, prog_name="tui-reader")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Read two news articles side by side, tag spans, export labelled data.

    Run without a command to open the annotator on ./annotations.db (importing seeds/ when it is empty).
    """
    if ctx.invoked_subcommand not in (None, "open"):
        release_gc()  # the app turns the collector back on after its first frame; other commands, here
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_cmd)


@main.command("open")
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--annotator", default=default_annotator, help="Whose annotations are edited (default: $USER).")
@click.option("--labels", "labels_file", type=click.Path(dir_okay=False), help="TOML label set (name, key, colour).")
@click.option("--review", is_flag=True, help="Review every suggestion of the corpus in turn (where it last stopped).")
@friendly
def open_cmd(paths: tuple[str, ...], db_path: str, annotator: str, labels_file: str | None,
             review: bool = False) -> None:  # fmt: skip
    """Open the annotator; PATHS are imported if new and the first two shown side by side."""
    from tui_reader.resume import resume_order
    from tui_reader.session import prepare_session

    labels = LabelSet.from_toml(labels_file) if labels_file else LabelSet.default()
    later: Path | None = None  # a big new text file: shown from the file while the app imports it
    with open_store(db_path) as store, collecting(bool(paths)):  # importing files first: collect as usual
        if paths:  # only then: a start on the database alone imports nothing of the import path
            from tui_reader.importing import defer_import

            if defer_import(store, paths[0]):
                later, paths = Path(paths[0]), paths[1:]
        empty = not paths and later is None and not store.first_document_ids(1)  # the seeds are looked for only then
        doc_ids, problems, warnings = prepare_session(store, paths, seeds=seeds_dir() if empty else None)
        if not paths and later is None:  # the same two documents as last time, each where it was left
            doc_ids = resume_order(store, annotator, doc_ids)
    for p in problems:
        say(f"tui-reader: skipped {p}", err=True)
    for p in warnings:  # the same lines as `import` prints: an edited source's spans that are now stale
        say(f"tui-reader: warning: {p}", err=True)
    if not doc_ids and later is None:
        fail("no documents to open: import some with `tui-reader import PATH`")
    from tui_reader.lifeline import terminal_problem, tie

    if problem := terminal_problem():  # without a terminal the app could only spin: refuse, say why
        fail(problem, 2)
    from tui_reader.tui.app import ReaderApp

    app = ReaderApp(db_path=db_path, doc_ids=doc_ids, annotator=annotator, labels=labels, review=review,
                    importing=later)  # fmt: skip
    tie(app)  # the terminal gone (hang-up, SIGTERM, closed pipe): the app ends
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


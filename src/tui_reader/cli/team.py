"""The team commands: `merge` (annotators' databases), `agree` (agreement), `serve` (the app in browsers)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tui_reader.cli.common import db_option, existing_db, fail, friendly, open_store, seeds_dir
from tui_reader.report import say, show_data
from tui_reader.sanitize import one_line


@click.command("merge")
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@db_option
@friendly
def merge_cmd(sources: tuple[str, ...], db_path: str) -> None:
    """Merge annotators' databases SOURCES into --db: documents, spans, relations, progress, links and events;
    what a source deleted is deleted here too (docs/teams.md).

    Merging twice adds nothing. A document with other text under the same id, a span or relation whose
    content differs, or a delete on one side of something changed on the other, is reported on stderr and
    the destination's version kept (exit code 1). DEST may be open in the app meanwhile.
    """
    from tui_reader.merge import conflict_lines, merge_databases, summary_line
    from tui_reader.progress import Progress

    missing = [s for s in sources if not Path(s).exists()]  # an empty one: refused by the store, naming it
    if missing:
        fail(f"{missing[0]}: no such database")
    with open_store(db_path) as store, Progress("merging", len(sources)) as bar:
        reports = merge_databases(store, sources, on_merged=lambda rep: bar.advance(1, rep.source))
    conflicts = 0
    for rep in reports:
        for line in conflict_lines(rep, db_path):
            conflicts += 1
            say(one_line(f"tui-reader: {line}"), err=True)
        say(one_line(summary_line(rep)), err=True)
    if conflicts:
        sys.exit(1)


@click.command("agree")
@db_option
@click.option("--annotators", "first", metavar="A B ...",
              help="Compare only these annotators (names after it, or comma-separated). Default: everyone.")
@click.argument("more", nargs=-1, metavar="")
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@friendly
def agree_cmd(db_path: str, first: str | None, more: tuple[str, ...], labels: tuple[str, ...], as_json: bool) -> None:
    """Inter-annotator agreement over accepted spans: exact and overlap F1, Cohen's kappa per character for
    each pair (over the documents both touched), per label and overall; Krippendorff's alpha for 3+."""
    from tui_reader.agreement import format_report
    from tui_reader.team import agreement_report

    if more and first is None:
        raise click.UsageError(f"unexpected argument {more[0]!r} (annotators go after --annotators)")
    names = [name.strip() for arg in (first or "", *more) for name in arg.split(",") if name.strip()]
    if first is not None and len(names) < 2:
        raise click.UsageError("--annotators needs two or more names")
    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        report = agreement_report(store, names, list(labels) or None)
    if len(report.annotators) < 2:
        fail(f"agreement needs two or more annotators with accepted spans or progress in {db_path} "
             f"(found: {', '.join(report.annotators) or 'none'})")  # fmt: skip
    if as_json:
        show_data(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        say(format_report(report))


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; other than loopback needs --allow-remote.")  # fmt: skip
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-remote", is_flag=True, help="Allow a --host other people's machines can reach.")
@friendly
def serve_cmd(db_path: str, host: str, port: int, allow_remote: bool) -> None:
    """Serve the app to web browsers (textual-serve): each session runs `open --db FILE --annotator NAME`.

    Open the link it prints (it holds this run's secret token), adding &annotator=NAME; without a name a
    distinct one (web-xxxxxx) is made up and shown in the address bar. Whoever has the link can annotate
    under any name: it is not a multi-tenant server (docs/guarantees.md).
    """
    import functools

    from tui_reader.serve import is_loopback, make_server, new_token, session_argv
    from tui_reader.session import prepare_session

    if not is_loopback(host):
        from tui_reader.sanitize import one_line

        shown = one_line(host, 80)
        if not allow_remote:
            fail(f"--host {shown} can be reached from other machines: add --allow-remote to mean it", 2)
        say(f"tui-reader: warning: serving on {shown}, reachable from other machines; anyone with the "
            "link can annotate, and without TLS the link crosses the network readable", err=True)  # fmt: skip
    # the database must be usable before anyone connects: open it (refused when missing its folder, not
    # SQLite, or not writable) and import the seeds once here, not racing in every session
    with open_store(db_path) as store:
        _doc_ids, problems, _warnings = prepare_session(store, (), seeds=seeds_dir())
    for p in problems:
        say(f"tui-reader: skipped {p}", err=True)
    server = make_server(functools.partial(session_argv, db_path), token=new_token(), host=host, port=port)
    server.serve()

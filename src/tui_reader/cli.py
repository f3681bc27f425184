"""Command line: a click group; each command opens the store and calls one core function.

Errors are one line on stderr with exit code 1 (2 for usage), never a traceback for bad input. Everything meant
for a person goes out through `tui_reader.report.say` (sanitised: a hostile file name, annotator name or label
cannot drive the terminal); data (exports, --json) is exact on a file or pipe and sanitised only on a terminal.
"""

from __future__ import annotations

import errno
import functools
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tui_reader import __version__
from tui_reader.gc_hold import collecting, release_gc
from tui_reader.models import LabelError, LabelSet
from tui_reader.report import TerminalSafe, say, show_data
from tui_reader.sanitize import one_line
from tui_reader.store import AnnotationStore, StoreError

DEFAULT_DB = "annotations.db"


def seeds_dir() -> Path | None:
    """The default corpus: ./seeds, else the one shipped in the wheel, else the source checkout's."""
    here = Path(__file__).resolve().parent
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
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            first = args[0]
            if not first.startswith("-") and not os.path.lexists(first):
                fail(self.unknown(first), 2)
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def unknown(self, word: str) -> str:
        import difflib

        from tui_reader.sanitize import one_line

        close = difflib.get_close_matches(word, sorted(self.commands), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(sorted(self.commands))}"
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


def _check_format_options(mod: Any, offsets: str, *, ents: bool = False) -> None:
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


def _score(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and math.isnan(value):
        raise click.BadParameter("nan is not a number from 0 to 100")
    return value


db_option = click.option(
    "--db", "db_path", default=lambda: os.environ.get("TUI_READER_DB", DEFAULT_DB), show_default=DEFAULT_DB,
    type=click.Path(dir_okay=False), help="SQLite file holding documents and annotations.",
)  # fmt: skip


def open_store(db_path: str, *, create: bool = True) -> AnnotationStore:
    return AnnotationStore(db_path, create=create)


@click.group(cls=DefaultGroup, invoke_without_command=True)
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
    from tui_reader.importing import defer_import
    from tui_reader.resume import resume_order
    from tui_reader.session import prepare_session

    labels = LabelSet.from_toml(labels_file) if labels_file else LabelSet.default()
    later: Path | None = None  # a big new text file: shown from the file while the app imports it
    with open_store(db_path) as store, collecting(bool(paths)):  # importing files first: collect as usual
        if paths and defer_import(store, paths[0]):
            later, paths = Path(paths[0]), paths[1:]
        doc_ids, problems, warnings = prepare_session(store, paths, seeds=None if later else seeds_dir())
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


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--format", "fmt", default="auto", help="auto (by content), text, jsonl, or another format's name.")
@click.option("--offsets", type=click.Choice(["codepoint", "utf16"]), default="codepoint",
              help="Unit of offsets in the input (doccano's web client counts UTF-16; Label Studio, w3c and spaCy code points).")  # fmt: skip
@friendly
def import_cmd(paths: tuple[str, ...], db_path: str, fmt: str, offsets: str) -> None:
    """Import .txt/.md files, folders (recursively) and JSON-lines files into the database."""
    from tui_reader.importing import import_paths
    from tui_reader.progress import Progress

    check_format(fmt, extra=("auto", "text"))
    if fmt not in ("auto", "text"):
        from tui_reader import formats

        _check_format_options(formats.get(fmt), offsets)
    with open_store(db_path) as store, Progress("importing") as bar:
        report = import_paths(store, paths, fmt=fmt, offsets=offsets,
                              on_document=lambda doc_id, _o: bar.advance(1, doc_id))  # fmt: skip
    for p in report.problems:
        say(f"tui-reader: skipped {p}", err=True)
    for p in report.warnings:
        say(f"tui-reader: warning: {p}", err=True)
    say(report.summary(), err=True)
    if report.problems:
        sys.exit(1)


@main.command("export")
@db_option
@click.option("--format", "fmt", default="jsonl", show_default=True,
              help="jsonl, doccano, prodigy, brat, w3c, csv, labelstudio, spacy.")  # fmt: skip
@click.option("-o", "--output", default="-", help="File (or folder for brat); - for stdout.")
@click.option("--label", "labels", multiple=True, help="Only spans with this label (repeatable).")
@click.option("--annotator", "annotators", multiple=True, help="Only spans by this annotator (repeatable).")
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Span status to include (repeatable; default accepted).")  # fmt: skip
@click.option("--offsets", type=click.Choice(["codepoint", "utf16"]), default="codepoint", show_default=True)
@click.option("--ents", is_flag=True, help="spacy: also put the spans that do not overlap in doc.ents.")
@friendly
def export_cmd(db_path: str, fmt: str, output: str, labels: tuple[str, ...], annotators: tuple[str, ...],
               doc_ids: tuple[str, ...], statuses: tuple[str, ...], offsets: str, ents: bool) -> None:  # fmt: skip
    """Export documents and their spans (streamed; a file is replaced atomically)."""
    from tui_reader import formats
    from tui_reader.exporting import Filters, export
    from tui_reader.progress import Progress
    from tui_reader.report import data_stream

    check_format(fmt)
    _check_format_options(formats.get(fmt), offsets, ents=ents)
    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        missing = [d for d in doc_ids if not store.has_document(d)]
        if missing:
            fail(f"no document with id {missing[0]!r}")
        known = sorted({lb.name for lb in LabelSet.default().labels} | set(store.span_labels())) if labels else []
        if unknown := [lb for lb in labels if lb not in known]:  # a typo would write 0 spans and look fine
            fail(f"unknown label {unknown[0]!r}: the known labels are {', '.join(map(repr, known))}", 2)
        filters = Filters(labels=labels, annotators=annotators, doc_ids=doc_ids,
                          statuses=statuses or ("accepted",))  # fmt: skip
        total = len(doc_ids) or store.count_documents()
        # to a terminal, a note's escape sequence (an OSC 52 clipboard write) is shown, not run; a file or a
        # pipe gets the exact bytes
        out = data_stream(sys.stdout) if output == "-" else None
        with Progress("exporting", total) as bar:
            n = export(store, fmt, output, filters=filters, offsets=offsets, stdout=out,  # type: ignore[arg-type]
                       on_document=lambda _d: bar.advance(), options={"ents": True} if ents else None,
                       warn=lambda m: say(one_line(f"tui-reader: warning: {m}"), err=True))  # fmt: skip
    if output != "-":
        say(f"{n} spans written to {output}", err=True)


@main.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@friendly
def stats_cmd(db_path: str, as_json: bool) -> None:
    """Documents, spans per label and annotator, progress, stale spans, link groups, relations (and per label
    how many spans rest on an anonymous source), and how precise suggestions have been per annotator."""
    from tui_reader.learn import format_suggestion_decisions, suggestion_decisions_by_annotator
    from tui_reader.relations import format_relation_stats, relation_stats

    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        st = {**store.stats(), **relation_stats(store)}
        decided = suggestion_decisions_by_annotator(store)
    if as_json:
        st["suggestion_decisions"] = decided
        show_data(json.dumps(st, ensure_ascii=False, indent=2))
        return
    from tui_reader.report import format_stats
    from tui_reader.sanitize import one_line

    say(format_stats(st))
    if lines := format_relation_stats(st):
        say("\n".join(lines))
    for who in sorted(decided):
        say(f"suggestions decided by {one_line(who) or '(nobody)'}:")
        for line in format_suggestion_decisions(decided[who]):
            say(f"  {one_line(line)}")


# --- assist: suggest, echoes -------------------------------------------------------------------------------


def _suggest_rules(labels_file: str | None) -> dict[str, str | None]:
    from tui_reader.suggest import DEFAULT_RULES, rules_for_labels, rules_from_toml

    if not labels_file:
        return dict(DEFAULT_RULES)
    return rules_for_labels(LabelSet.from_toml(labels_file), rules_from_toml(labels_file))


@main.command("suggest")
@db_option
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable; default all).")
@click.option("--labels", "labels_file", type=click.Path(dir_okay=False),
              help="TOML label set; its optional [suggest] table maps rules to labels.")  # fmt: skip
@click.option("--annotator", default=default_annotator,
              help="Whose decisions and trained model add to the rules (default: $USER).")  # fmt: skip
@friendly
def suggest_cmd(db_path: str, doc_ids: tuple[str, ...], labels_file: str | None, annotator: str) -> None:
    """Store suggestions (quotes, statistics, anonymous sources) as spans with status=suggested: the rules,
    text the annotator tagged elsewhere (propagation), and their model when `learn` trained one.

    A span already there with the same offsets and label, in any status, is never added again, and text the
    annotator rejected with a label is not suggested with it again: a rejected suggestion stays rejected.
    """
    from tui_reader.learn import store_learned_suggestions as store_suggestions
    from tui_reader.progress import Progress
    from tui_reader.sanitize import one_line

    rules = _suggest_rules(labels_file)
    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        total = len(doc_ids) or store.count_documents()
        with Progress("suggesting", total) as bar:
            totals = store_suggestions(store, doc_ids or None, rules=rules, annotator=annotator,
                                       on_document=lambda d, _n: bar.advance(1, d))  # fmt: skip
    n_docs = totals["documents"]
    say(f"{totals['added']} suggestions added in {n_docs} document{'s' if n_docs != 1 else ''}"
        f" ({totals['existing']} already there)")  # fmt: skip
    per_label = totals["per_label"]
    width = max((len(lb) for lb in per_label), default=0)
    for label in sorted(per_label):
        say(f"  {one_line(label):<{width}}  {per_label[label]:>5}")
    learned = {k: n for k, n in totals["per_origin"].items() if k != "rule"}
    if learned or totals["model"]:
        parts = [f"{n} {k}" for k, n in sorted(learned.items())] or ["none new"]
        say(f"  learned from {one_line(annotator)}: {', '.join(parts)}"
            f"{'' if totals['model'] else ' (no trained model: run tui-reader learn)'}")  # fmt: skip


@main.command("echoes")
@db_option
@click.option("--min-score", default=None, type=click.FloatRange(0, 100), callback=_score,
              help="Lowest similarity (0-100) of a passage to count as an echo.  [default: 75]")  # fmt: skip
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Spans whose echoes to look for (repeatable; default accepted).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (a JSON list).")
@friendly
def echoes_cmd(db_path: str, min_score: float | None, statuses: tuple[str, ...], as_json: bool) -> None:
    """Passages in other documents that say what a span says (candidate cross-article links).

    Case, punctuation and quote style do not matter; numbers must agree. Link them in the app.
    """
    from dataclasses import asdict

    from tui_reader.align import DEFAULT_MIN_SCORE, all_echoes

    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        echoes = all_echoes(store, DEFAULT_MIN_SCORE if min_score is None else min_score,
                            statuses=statuses or ("accepted",))  # fmt: skip
    if as_json:
        show_data(json.dumps([asdict(e) for e in echoes], ensure_ascii=False, indent=2))
        return
    if not echoes:
        say("no echoes found")
        return
    for e in echoes:
        say(one_line(f"{e.score:5.1f}  {e.doc_id} {e.start}-{e.end} {e.label}: ") + _one_line(e.text))
        say(one_line(f"       -> {e.other_doc_id} {e.other_start}-{e.other_end}: ") + _one_line(e.other_text))
    spans = len({e.span_id for e in echoes})
    say(f"{len(echoes)} echo{'es' if len(echoes) != 1 else ''} of {spans} span{'s' if spans != 1 else ''}")


def _one_line(text: str, width: int = 90) -> str:
    from tui_reader.sanitize import visible

    flat = " ".join(visible(text).split())
    return json.dumps(flat[:width] + ("…" if len(flat) > width else ""), ensure_ascii=False)


# --- teams: merge, agree, serve --------------------------------------------------------------------------


@main.command("merge")
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


@main.command("agree")
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


@main.command("serve")
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


# --- trust -------------------------------------------------------------------------------------------------


# --- learn --------------------------------------------------------------------------------------


@main.command("learn")
@db_option
@click.option("--annotator", default=default_annotator, help="Whose decisions to learn from (default: $USER).")
@click.option("--labels", "labels_file", type=click.Path(dir_okay=False),
              help="TOML label set; its optional [suggest] table maps rules to labels (the model sees their output).")
@friendly
def learn_cmd(db_path: str, annotator: str, labels_file: str | None) -> None:
    """Train the annotator's suggestion model (a CRF per label) from their accepted, rejected and manual spans
    and store it in the database; `suggest` then adds its suggestions (origin model:crf) to the rules'."""
    from tui_reader.learn import decisions, describe_feature, describe_state, learn
    from tui_reader.progress import Progress
    from tui_reader.sanitize import one_line

    rules = _suggest_rules(labels_file)
    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        dec = decisions(store, annotator)
        if not dec.positive:
            fail(f"{one_line(annotator)} has accepted or tagged no spans yet: nothing to learn from "
                 "(accept suggestions or tag spans first, or pick another --annotator)")  # fmt: skip
        with Progress("learning", len(dec.documents)) as bar:
            report = learn(store, annotator, rules=rules, on_document=lambda d: bar.advance(1, d))
    who = one_line(annotator)
    say(f"learnt from {who}'s decisions in {report.documents} document"
        f"{'s' if report.documents != 1 else ''}: {report.positive} spans accepted or tagged, "
        f"{report.negative} rejected ({report.seconds:.1f} s)")  # fmt: skip
    for label, st in sorted(report.labels.items()):
        top = "; ".join(describe_feature(name) for name, _w in report.features.get(label, [])[:3])
        state = describe_state(label, st["spans"], report.checked.get(label))
        say(one_line(f"  {label}: {st['spans']} spans, {state}; strongest signs: {top or '-'}"))
    say(f"model stored in {one_line(db_path)} for {who}; `tui-reader suggest --annotator {who}` uses it")


if __name__ == "__main__":  # pragma: no cover
    main()

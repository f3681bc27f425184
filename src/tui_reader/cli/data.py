"""The data commands: `import`, `export`, `stats`."""

from __future__ import annotations

import json
import sys

import click

from tui_reader.cli.common import (
    check_format,
    check_format_options,
    db_option,
    existing_db,
    fail,
    friendly,
    open_store,
)
from tui_reader.models import LabelSet
from tui_reader.report import say, show_data
from tui_reader.sanitize import one_line


@click.command("import")
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

        check_format_options(formats.get(fmt), offsets)
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


@click.command("export")
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
    check_format_options(formats.get(fmt), offsets, ents=ents)
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


@click.command("stats")
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

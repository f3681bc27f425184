"""Export: store to any format, streamed one document at a time, written atomically. Shared by CLI and TUI."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tui_reader import formats
from tui_reader.atomic import atomic_text
from tui_reader.corpus import Record
from tui_reader.store import AnnotationStore


@dataclass
class Filters:
    labels: Sequence[str] = ()
    annotators: Sequence[str] = ()
    doc_ids: Sequence[str] = ()
    statuses: Sequence[str] = ("accepted",)
    include_empty: bool = True  # documents with no matching span are exported too (negatives for training)
    include_stale: bool = False  # stale spans (source edited, not re-anchored) no longer describe the text
    extra: dict[str, object] = field(default_factory=dict)


def iter_records(store: AnnotationStore, filters: Filters | None = None,
                 on_document: Callable[[str], None] | None = None) -> Iterator[Record]:  # fmt: skip
    """Documents with their matching spans, progress, links and relations, one at a time (memory stays flat).

    A relation is exported when both its spans are, and it passes the annotator and status filters."""
    f = filters or Filters()
    ids = list(f.doc_ids) if f.doc_ids else store.document_ids()
    for doc_id in ids:
        doc = store.get_document(doc_id)
        spans = store.spans(doc_id, labels=f.labels, annotators=f.annotators, statuses=f.statuses)
        if not f.include_stale:
            spans = [s for s in spans if not s.stale]
        if not spans and not f.include_empty:
            continue
        wanted = {s.id for s in spans}
        links = [
            {"group": g["group"], "spans": [s for s in g["spans"] if s in wanted]}
            for g in store.links(doc_id)
        ]
        links = [g for g in links if g["spans"]]
        relations = [r for r in store.relations(doc_id, annotators=f.annotators, statuses=f.statuses)
                     if r.head in wanted and r.tail in wanted]  # fmt: skip
        yield Record(doc, spans, store.progress(doc_id), links, relations)
        if on_document:
            on_document(doc_id)


def export(
    store: AnnotationStore,
    fmt: str,
    output: str | Path | None,
    *,
    filters: Filters | None = None,
    offsets: str = "codepoint",
    on_document: Callable[[str], None] | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Write the export; `output` None or '-' means stdout. Returns the number of spans written."""
    mod = formats.get(fmt)
    records = iter_records(store, filters, on_document)
    if getattr(mod, "DIRECTORY", False):
        if output in (None, "-"):
            raise ValueError(f"the {fmt} format writes a folder: give one with -o DIR")
        return int(mod.write(records, Path(output), offsets=offsets))
    if output in (None, "-"):
        out = stdout or sys.stdout
        n = int(mod.write(records, out, offsets=offsets))
        out.flush()
        return n
    if Path(output).is_dir():
        raise ValueError(f"{output}: is a folder; the {fmt} format writes a file")
    with atomic_text(Path(output)) as fh:
        return int(mod.write(records, fh, offsets=offsets))


def export_to_string(store: AnnotationStore, fmt: str, **kw: object) -> str:
    buf = io.StringIO()
    export(store, fmt, None, stdout=buf, **kw)  # type: ignore[arg-type]
    return buf.getvalue()

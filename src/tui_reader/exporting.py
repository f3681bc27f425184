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
    if not f.doc_ids:  # every document, in id order: one ordered pass per table (store.iter_export)
        for doc, spans, progress, links, relations in store.iter_export(
            labels=f.labels, annotators=f.annotators, statuses=f.statuses, include_stale=f.include_stale
        ):
            if not spans and not f.include_empty:
                continue
            yield Record(doc, spans, progress, links, relations)
            if on_document:
                on_document(doc.id)
        return
    for doc_id in f.doc_ids:
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
    options: dict[str, object] | None = None,
    warn: Callable[[str], None] | None = None,
) -> int:
    """Write the export; `output` None or '-' means stdout. Returns the number of spans written.

    Format hooks (see tui_reader.formats): `OFFSETS` (the units a format may be written in; another is a
    ValueError), `BINARY` (writes a file itself, given its Path), `RELATION_SHAPE` (told whether the export holds
    relations, `with_relations`), `WARNS` (given `warn`, for one-line warnings), `BESIDE` (a file it writes next
    to the output, given as `beside`); `options` are passed to `write` as they are (e.g. spaCy's `ents`)."""
    mod = formats.get(fmt)
    f = filters or Filters()
    units = getattr(mod, "OFFSETS", ("codepoint", "utf16"))
    if offsets not in units:
        raise ValueError(f"the {fmt} format counts offsets in code points only ({mod.OFFSETS_REASON}): "
                         f"--offsets {offsets} does not apply")  # fmt: skip
    kw: dict[str, object] = {"offsets": offsets, **(options or {})}
    if getattr(mod, "WARNS", False):
        kw["warn"] = warn
    if getattr(mod, "RELATION_SHAPE", False):
        kw["with_relations"] = bool(store.relations(annotators=f.annotators, statuses=f.statuses, doc_ids=f.doc_ids))
    to_stdout = output in (None, "-")
    if getattr(mod, "BESIDE", None):
        kw["beside"] = None if to_stdout else Path(output).parent / mod.BESIDE  # type: ignore[arg-type]
    records = iter_records(store, f, on_document)
    if getattr(mod, "DIRECTORY", False) or getattr(mod, "BINARY", False):
        if to_stdout:
            what = "a folder: give one with -o DIR" if getattr(mod, "DIRECTORY", False) else "a binary file: give one with -o FILE"
            raise ValueError(f"the {fmt} format writes {what}")
        if getattr(mod, "BINARY", False) and Path(output).is_dir():  # type: ignore[arg-type]
            raise ValueError(f"{output}: is a folder; the {fmt} format writes a file")
        return int(mod.write(records, Path(output), **kw))  # type: ignore[arg-type]
    if to_stdout:
        out = stdout or sys.stdout
        n = int(mod.write(records, out, **kw))
        out.flush()
        return n
    if Path(output).is_dir():  # type: ignore[arg-type]
        raise ValueError(f"{output}: is a folder; the {fmt} format writes a file")
    with atomic_text(Path(output)) as fh:  # type: ignore[arg-type]
        return int(mod.write(records, fh, **kw))


def export_to_string(store: AnnotationStore, fmt: str, **kw: object) -> str:
    buf = io.StringIO()
    export(store, fmt, None, stdout=buf, **kw)  # type: ignore[arg-type]
    return buf.getvalue()

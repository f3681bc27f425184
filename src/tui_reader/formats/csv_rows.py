"""CSV, one row per span: `doc_id,start,end,label,text,note,annotator,status,created_at`, a header row first.

RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled, records end with CRLF
(notes and span texts may hold newlines: inside quotes they stay part of the field). UTF-8 without a BOM
(a BOM is accepted on import). Offsets in code points, or UTF-16 units with `--offsets utf16`.

Spreadsheets evaluate a cell that starts with `=`, `+`, `-` or `@`; nothing is altered here (that would break the
round trip), so open the file as text/import it rather than double-clicking when notes come from untrusted people.

Import (the module name is `csv_rows` only so that it does not shadow the stdlib `csv`; the format is "csv"):
a CSV row does not hold the document text, so the documents must be in the database first (as for w3c);
`doc_id` is looked up as a document id, then as a source path. Each row's `text` must equal the document's text
at start..end, or the row is a problem naming its line. Kept: all nine columns. Lost: span ids, origin, attrs,
updated_at (set to created_at), links, progress, and documents without spans.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tui_reader.corpus import MAX_FILE_BYTES, Problem, Record
from tui_reader.formats.common import check_range, from_unit, group_by_document, offset_converter, to_unit
from tui_reader.models import STATUSES, Document, Span

NAME = "csv"
DIRECTORY = False
EXTENSION = ".csv"
NEEDS_DOCUMENTS = True
SPAN_IDS = False
COLUMNS = ("doc_id", "start", "end", "label", "text", "note", "annotator", "status", "created_at")


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint") -> int:
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    n = 0
    for rec in records:
        conv = offset_converter(rec.doc.text, offsets)
        for s in sorted(rec.spans, key=lambda s: (*s.sort_key(), s.annotator, s.id)):
            w.writerow((rec.doc.id, to_unit(conv, s.start), to_unit(conv, s.end), s.label, s.text, s.note,
                        s.annotator, s.status, s.created_at))  # fmt: skip
            n += 1
    return n


def read(path: Path, *, offsets: str = "codepoint",
         documents: Callable[[str], Document | None] | None = None) -> Iterator[Record | Problem]:  # fmt: skip
    if documents is None:
        yield Problem(str(path), "csv rows need their documents: import them into a database")
        return
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        yield Problem(str(path), e.strerror or str(e))
        return
    # the csv module refuses fields over 128 KiB by default; a span may cover a whole article
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    with fh:
        try:
            yield from _rows(path, fh, offsets, documents)
        except UnicodeDecodeError as e:
            yield Problem(str(path), f"not UTF-8 (invalid byte at byte offset {e.start} of a block)")
        except csv.Error as e:
            yield Problem(str(path), f"malformed CSV ({e})")


def _rows(path: Path, fh: TextIO, offsets: str, documents: Callable[[str], Document | None]) -> Iterator[Record | Problem]:
    reader = csv.reader(fh)
    header = next(reader, None)
    if header is None:
        yield Problem(str(path), "empty file")
        return
    missing = [c for c in ("doc_id", "start", "end", "label") if c not in header]
    if missing:
        yield Problem(str(path), f"header lacks {', '.join(missing)} (expected {','.join(COLUMNS)})", 1)
        return
    col = {name: header.index(name) for name in COLUMNS if name in header}
    cache: dict[str, Document | None] = {}
    convs: dict[tuple[str, str], Any] = {}

    def pairs() -> Iterator[tuple[Document, Span] | Problem]:
        line = reader.line_num + 1
        for row in reader:
            lineno, line = line, reader.line_num + 1
            if not any(row):
                continue
            got = _span(row, col, offsets, documents, cache, convs)
            yield Problem(str(path), got, lineno) if isinstance(got, str) else got

    yield from group_by_document(pairs())


def _span(row: list[str], col: dict[str, int], offsets: str, documents: Callable[[str], Document | None],
          cache: dict[str, Document | None], convs: dict[tuple[str, str], Any] | None = None,
          ) -> tuple[Document, Span] | str:  # fmt: skip
    convs = {} if convs is None else convs

    def get(name: str) -> str:
        i = col.get(name)
        return row[i] if i is not None and i < len(row) else ""

    key = get("doc_id")
    if key not in cache:
        cache[key] = documents(key) if key else None
    doc = cache[key]
    if doc is None:
        return f"document {key!r} is not in the database (import its text first)"
    try:
        start, end = int(get("start")), int(get("end"))
    except ValueError:
        return f"start {get('start')!r} and end {get('end')!r} must be integers"
    try:
        if (doc.id, offsets) not in convs:  # one map per document, not per row
            convs[(doc.id, offsets)] = offset_converter(doc.text, offsets)
        conv = convs[(doc.id, offsets)]
        start, end = from_unit(conv, start), from_unit(conv, end)
    except ValueError as e:
        return str(e)
    bad = check_range(doc.text, start, end)
    if bad:
        return bad
    covered = doc.text[start:end]
    if "text" in col and get("text") != covered:
        return f"text {get('text')[:40]!r} does not match document {doc.id!r} at {start}..{end} ({covered[:40]!r})"
    label = get("label")
    if not label:
        return "empty label"
    status = get("status") or "accepted"
    if status not in STATUSES:
        return f"unknown status {status!r}"
    kw: dict[str, Any] = {}
    if get("created_at"):
        kw["created_at"] = get("created_at")
    return doc, Span(doc_id=doc.id, start=start, end=end, label=label, text=covered, note=get("note"),
                     annotator=get("annotator"), status=status, origin="import", **kw)  # fmt: skip

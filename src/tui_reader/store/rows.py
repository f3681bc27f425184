"""How a span is laid out in a row of `spans`: the column order, and conversions both ways, shared by the
queries of documents, spans, events and merge. Also the checks that keep `text[start:end] == span.text`."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from tui_reader.models import Span
from tui_reader.store.errors import SpanError

# A document's text: `text`, or for a text imported in pieces (`add_document_from_file`) its UTF-8 bytes in `body`
# (m012_text_body), given back as the same TEXT value. Every query that reads a document's text uses this.
DOC_TEXT = "coalesce(CAST(body AS TEXT), text)"

SPAN_COLUMNS = (
    "id", "doc_id", "start", "end", "label", "text", "note", "attrs",
    "annotator", "status", "origin", "created_at", "updated_at", "stale",
)  # fmt: skip

def span_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Span:
    # Unpacked by position (the order of SPAN_COLUMNS) and '{}' not parsed: this runs once per span on every
    # export, 6x faster than a dict(zip()) and json.loads per row (bench/bench_bulk.py).
    sid, doc_id, start, end, label, text, note, attrs, annotator, status, origin, created_at, updated_at, stale = row
    return Span(
        doc_id=doc_id, start=start, end=end, label=label, text=text, id=sid, note=note,
        attrs={} if attrs == "{}" or not attrs else json.loads(attrs), annotator=annotator, status=status,
        origin=origin, created_at=created_at, updated_at=updated_at, stale=bool(stale),
    )  # fmt: skip


def span_values(s: Span) -> tuple[Any, ...]:
    return (
        s.id, s.doc_id, s.start, s.end, s.label, s.text, s.note,
        json.dumps(s.attrs, ensure_ascii=False, sort_keys=True), s.annotator, s.status, s.origin,
        s.created_at, s.updated_at, int(s.stale),
    )  # fmt: skip


SPAN_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in SPAN_COLUMNS) + " FROM spans"
SPAN_INSERT = (
    "INSERT INTO spans (" + ", ".join(f'"{c}"' for c in SPAN_COLUMNS) + ") VALUES ("
    + ", ".join("?" for _ in SPAN_COLUMNS) + ")"
)  # fmt: skip


SPAN_INSERT_OR_IGNORE = SPAN_INSERT.replace("INSERT", "INSERT OR IGNORE", 1)
_encode_attrs_any = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # json.dumps(...), built once
_encode_str = json.encoder.encode_basestring  # how that encoder writes a str (ensure_ascii=False)


def _encode_attrs(attrs: dict[str, Any]) -> str:
    """`json.dumps(attrs, ensure_ascii=False, sort_keys=True)`: the usual attrs (strings to strings) joined
    here, 6x faster than the encoder's machinery per call (a tenth of the spans of a bulk import carry some)."""
    if len(attrs) == 1:
        ((k, v),) = attrs.items()
        if type(k) is str and type(v) is str:
            return "{" + _encode_str(k) + ": " + _encode_str(v) + "}"
    elif all(type(k) is str and type(v) is str for k, v in attrs.items()):
        return "{" + ", ".join([_encode_str(k) + ": " + _encode_str(attrs[k]) for k in sorted(attrs)]) + "}"
    return _encode_attrs_any(attrs)


def bulk_span_values(s: Span) -> tuple[Any, ...]:
    """`span_values` for bulk imports: same tuple, without building a JSON encoder per span (7x faster)."""
    return (
        s.id, s.doc_id, s.start, s.end, s.label, s.text, s.note, _encode_attrs(s.attrs) if s.attrs else "{}",
        s.annotator, s.status, s.origin, s.created_at, s.updated_at, int(s.stale),
    )  # fmt: skip

class SpanRows(list[tuple[Any, ...]]):
    """A bulk import's spans of one document as `SPAN_INSERT` rows (the order of SPAN_COLUMNS, attrs as JSON),
    built straight from the parsed input without a `Span` per span (formats/jsonl.py). Whoever builds it has
    checked each row once: offsets in range of `text`, the row's text `text[start:end]`, ids unique. The store
    takes them as they are when `text` is the very document text it stores (`import_records`), so a span is
    validated once per import, not twice."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def span_content(d: dict[str, Any]) -> dict[str, Any]:
    d = {"stale": False, **d}  # events logged before schema step m002 have no "stale" field
    return {k: v for k, v in d.items() if k != "updated_at"}


def span_from_dict(d: dict[str, Any]) -> Span:
    return Span(**{k: v for k, v in d.items() if k in Span.__dataclass_fields__})


def fits(text: str, d: dict[str, Any]) -> bool:
    """A span (as a dict) still describes `text`: undo/redo never restores offsets into a replaced text."""
    return 0 <= d["start"] < d["end"] <= len(text) and text[d["start"] : d["end"]] == d["text"]


def check_span(text: str, s: Span) -> None:
    if not 0 <= s.start < s.end <= len(text):
        raise SpanError(f"span {s.id}: offsets {s.start}..{s.end} outside document {s.doc_id!r} (length {len(text)})")
    if text[s.start : s.end] != s.text:
        raise SpanError(f"span {s.id}: text does not match the document at {s.start}..{s.end}")


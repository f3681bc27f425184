"""doccano sequence-labelling JSONL: `{"id", "text", "label": [[start, end, "LABEL"], ...], "Comments": [...]}`.

This is what doccano's own JSONL import reads (`text` and `label` columns; any other key, `id` and `Comments`
here, lands in the example's metadata) and what its export writes. doccano's web client counts offsets in
UTF-16 code units (JavaScript strings; doccano #2290), so `--offsets utf16` writes and reads that unit; the
default is code points (Python `str` indices, what doccano's Python side and spaCy use).

doccano comments belong to a whole example, not to a span, so each span note becomes one comment
`"START-END LABEL: note"` (offsets in the export's unit); on import a comment of that shape goes back to the span
it names, any other comment is kept in the document's `meta["comments"]`.

Lost: title, source, annotator, status (imported as accepted), span ids, attrs, timestamps, links, progress.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tui_reader.corpus import Problem, Record, normalise
from tui_reader.formats.common import (
    WrongType,
    check_range,
    from_unit,
    ident,
    is_int,
    iter_json_lines,
    json_kind,
    object_text,
    offset_converter,
    to_unit,
    write_lines,
)
from tui_reader.models import Document, Span

NAME = "doccano"
DIRECTORY = False
EXTENSION = ".jsonl"
SPAN_IDS = False
_COMMENT = re.compile(r"(\d+)-(\d+) ", re.ASCII)


def record_to_obj(rec: Record, offsets: str = "codepoint") -> dict[str, Any]:
    conv = offset_converter(rec.doc.text, offsets)
    labels: list[list[Any]] = []
    comments: list[str] = []
    for s in sorted(rec.spans, key=Span.sort_key):
        start, end = to_unit(conv, s.start), to_unit(conv, s.end)
        labels.append([start, end, s.label])
        if s.note:
            comments.append(f"{start}-{end} {s.label}: {s.note}")
    return {"id": rec.doc.id, "text": rec.doc.text, "label": labels, "Comments": comments}


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint") -> int:
    return write_lines(records, out, lambda rec: [record_to_obj(rec, offsets)])


SPAN_KEYS = ("label", "labels", "entities")


def sniff(obj: Any) -> bool:
    """doccano lines have `text` and a `label` (or older `labels`, or `entities`), and no native `spans`.

    Any type of `label` counts: `"label": "x"` (a text-classification line) is then reported by the doccano
    reader as not a list of spans, rather than read as a native line and its label silently ignored."""
    return (isinstance(obj, dict) and isinstance(obj.get("text"), str) and "spans" not in obj
            and any(k in obj for k in SPAN_KEYS)
            and not any(k in obj for k in ("_input_hash", "_task_hash", "answer")))  # prodigy's  # fmt: skip


def read(path: Path, *, offsets: str = "codepoint") -> Iterator[Record | Problem]:
    for item in iter_json_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        lineno, obj = item
        yield from _obj_to_record(obj, str(path), lineno, offsets, f"{path.stem}-{lineno}")


def _raw_spans(obj: dict[str, Any]) -> list[Any]:
    """The [start, end, label] entries; WrongType when the key holding them is not a list (`"label": "x"` is a
    text-classification label, not spans: importing it as "no spans" would lose it without a word)."""
    for key in SPAN_KEYS:
        v = obj.get(key)
        if v is None:
            continue
        if not isinstance(v, list):
            raise WrongType(f'"{key}" must be a list of [start, end, "LABEL"], not {json_kind(v)}')
        if key != "entities":
            return list(v)
        # doccano's export with relations: {"entities": [{"start_offset", "end_offset", "label"}], "relations": [...]}
        return [[e.get("start_offset"), e.get("end_offset"), e.get("label")] if isinstance(e, dict) else e for e in v]
    return []


def _obj_to_record(obj: Any, path: str, lineno: int, offsets: str, default_id: str) -> Iterator[Record | Problem]:
    text = object_text(obj, path, lineno)
    if isinstance(text, Problem):
        yield text
        return
    comments = obj.get("Comments")
    try:
        raw = _raw_spans(obj)
        doc_id = ident(obj, "id") or default_id
        if comments is not None and not isinstance(comments, list):
            raise WrongType(f'"Comments" must be a list, not {json_kind(comments)}')
    except WrongType as e:
        yield Problem(path, f"{e}; line skipped", lineno)
        return
    if not raw:
        text = normalise(text, drop_bom=False)  # without spans, normalising cannot shift any offset
    conv = offset_converter(text, offsets)
    spans: list[Span] = []
    by_offsets: dict[tuple[int, int], list[Span]] = {}
    for i, entry in enumerate(raw, 1):
        if not (isinstance(entry, list | tuple) and len(entry) >= 3 and is_int(entry[0]) and is_int(entry[1])
                and isinstance(entry[2], str) and entry[2]):  # fmt: skip
            yield Problem(path, f"label {i}: expected [start, end, \"LABEL\"]", lineno)
            continue
        try:
            start, end = from_unit(conv, entry[0]), from_unit(conv, entry[1])
        except ValueError as e:
            yield Problem(path, f"label {i}: {e}", lineno)
            continue
        bad = check_range(text, start, end)
        if bad:
            yield Problem(path, f"label {i}: {bad}", lineno)
            continue
        span = Span(doc_id=doc_id, start=start, end=end, label=entry[2], text=text[start:end], origin="import")
        spans.append(span)
        by_offsets.setdefault((entry[0], entry[1]), []).append(span)
    loose: list[str] = []
    for c in comments or []:
        c = c.get("text") if isinstance(c, dict) else c
        if isinstance(c, str) and not _attach(c, by_offsets):
            loose.append(c)
    meta = {"comments": loose} if loose else {}
    yield Record(Document(id=doc_id, text=text, source=path, meta=meta), spans)


def _attach(comment: str, by_offsets: dict[tuple[int, int], list[Span]]) -> bool:
    """Give `START-END LABEL: note` to the span it names (the first without a note yet); False if none fits."""
    m = _COMMENT.match(comment)
    if not m:
        return False
    rest = comment[m.end():]
    for span in by_offsets.get((int(m.group(1)), int(m.group(2))), []):
        prefix = span.label + ": "
        if rest.startswith(prefix) and not span.note:
            span.note = rest[len(prefix):]
            return True
    return False

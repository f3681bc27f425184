"""doccano sequence-labelling JSONL: `{"id", "text", "label": [[start, end, "LABEL"], ...], "Comments": [...]}`.

This is what doccano's own JSONL import reads (`text` and `label` columns; any other key, `id` and `Comments`
here, lands in the example's metadata) and what its export writes. doccano's web client counts offsets in
UTF-16 code units (JavaScript strings; doccano #2290), so `--offsets utf16` writes and reads that unit; the
default is code points (Python `str` indices, what doccano's Python side and spaCy use).

doccano comments belong to a whole example, not to a span, so each span note becomes one comment
`"START-END LABEL: note"` (offsets in the export's unit); on import a comment of that shape goes back to the span
it names, any other comment is kept in the document's `meta["comments"]`.

Relations: doccano keeps them in a Sequence Labeling project with relation labelling on, whose JSONL has
`entities` (`{"id", "start_offset", "end_offset", "label"}`) and `relations` (`{"id", "from_id", "to_id",
"type"}`, from_id/to_id being entity ids) instead of `label`. So when the export holds relations (the exporter
asks the store before writing: `with_relations`), every line is written in that shape (the ids are 1, 2, ... per
line); otherwise in the `label` shape above. Import reads both; a relation naming an entity id the line lacks is
reported with its line and skipped.

Overlaps: doccano's import drops a span that overlaps another one, without a word, unless the project was
created with "Allow overlapping spans" checked; the export then warns (one line on stderr) when it wrote any.

Lost: title, source, annotator, status (imported as accepted), span ids, attrs, timestamps, links, progress,
relation ids and annotators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
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
from tui_reader.models import Document, Relation, Span

NAME = "doccano"
DIRECTORY = False
EXTENSION = ".jsonl"
SPAN_IDS = False
WARNS = True
RELATION_SHAPE = True
_COMMENT = re.compile(r"(\d+)-(\d+) ", re.ASCII)


def record_to_obj(rec: Record, offsets: str = "codepoint", with_relations: bool = False) -> dict[str, Any]:
    conv = offset_converter(rec.doc.text, offsets)
    labels: list[list[Any]] = []
    entities: list[dict[str, Any]] = []
    eids: dict[str, int] = {}
    comments: list[str] = []
    for s in sorted(rec.spans, key=Span.sort_key):
        start, end = to_unit(conv, s.start), to_unit(conv, s.end)
        labels.append([start, end, s.label])
        eids[s.id] = len(eids) + 1
        entities.append({"id": eids[s.id], "start_offset": start, "end_offset": end, "label": s.label})
        if s.note:
            comments.append(f"{start}-{end} {s.label}: {s.note}")
    if not with_relations:
        return {"id": rec.doc.id, "text": rec.doc.text, "label": labels, "Comments": comments}
    rels = sorted((eids[r.head], eids[r.tail], r.label) for r in rec.relations if r.head in eids and r.tail in eids)
    relations = [{"id": i, "from_id": h, "to_id": t, "type": lb} for i, (h, t, lb) in enumerate(rels, 1)]
    return {"id": rec.doc.id, "text": rec.doc.text, "entities": entities, "relations": relations, "Comments": comments}


def overlapping(spans: Iterable[Span]) -> int:
    """How many of `spans` overlap another one (share at least one character)."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    hit: set[int] = set()
    reach, last = -1, -1  # the furthest end so far, and the index of the span that reaches it
    for i, s in enumerate(ordered):
        if s.start < reach:
            hit.update((i, last))
        if s.end > reach:
            reach, last = s.end, i
    return len(hit)


OVERLAP_WARNING = ("doccano: {n} spans in {d} documents overlap another span; doccano's import keeps them only "
                   "in a project created with \"Allow overlapping spans\" checked (otherwise it drops them "
                   "without a word)")  # fmt: skip


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint", with_relations: bool = False,
          warn: Callable[[str], None] | None = None) -> int:  # fmt: skip
    """One line per document; `with_relations`: the entities/relations shape; `warn` gets one line if the
    output holds overlapping spans."""
    counts = [0, 0]

    def objects(rec: Record) -> list[dict[str, Any]]:
        k = overlapping(rec.spans)
        if k:
            counts[0] += k
            counts[1] += 1
        return [record_to_obj(rec, offsets, with_relations)]

    n = write_lines(records, out, objects)
    if counts[0] and warn:
        warn(OVERLAP_WARNING.format(n=counts[0], d=counts[1]))
    return n


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
        # doccano's export with relations: {"entities": [{"id", "start_offset", "end_offset", "label"}], "relations": [...]}
        return [[e.get("start_offset"), e.get("end_offset"), e.get("label"), e.get("id")] if isinstance(e, dict) else e
                for e in v]  # fmt: skip
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
    by_eid: dict[Any, Span] = {}  # doccano entity id -> span (the entities/relations shape)
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
        if len(entry) >= 4 and isinstance(entry[3], int | str) and not isinstance(entry[3], bool):
            by_eid[entry[3]] = span
    relations: list[Relation] = []
    raw_rels = obj.get("relations")
    if raw_rels is not None and not isinstance(raw_rels, list):
        yield Problem(path, f'"relations" must be a list, not {json_kind(raw_rels)}; relations skipped', lineno)
        raw_rels = []
    for i, r in enumerate(raw_rels or [], 1):
        rel = _relation(r, by_eid, doc_id)
        if isinstance(rel, str):
            yield Problem(path, f"relation {i}: {rel}; skipped", lineno)
        else:
            relations.append(rel)
    loose: list[str] = []
    for c in comments or []:
        c = c.get("text") if isinstance(c, dict) else c
        if isinstance(c, str) and not _attach(c, by_offsets):
            loose.append(c)
    meta = {"comments": loose} if loose else {}
    yield Record(Document(id=doc_id, text=text, source=path, meta=meta), spans, relations=relations)


def _relation(r: Any, by_eid: dict[Any, Span], doc_id: str) -> Relation | str:
    """A Relation from `{"id", "from_id", "to_id", "type"}`, or the reason it cannot be taken."""
    if not isinstance(r, dict):
        return 'expected {"id", "from_id", "to_id", "type"}'
    kind = r.get("type")
    if not isinstance(kind, str) or not kind:
        return '"type" must be a non-empty string'
    ends = []
    for key in ("from_id", "to_id"):
        v = r.get(key)
        if isinstance(v, bool) or not isinstance(v, int | str) or v not in by_eid:
            return f'"{key}" {v!r} is not the id of an entity of this line'
        ends.append(by_eid[v])
    if ends[0] is ends[1]:
        return "from_id and to_id are the same entity"
    return Relation(doc_id=doc_id, head=ends[0].id, tail=ends[1].id, label=kind, origin="import")


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

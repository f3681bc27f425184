"""The native JSONL (DESIGN §6): one document per line with its spans, links, progress and relations
(`relations` only when there are some, so lines without any read as before). Lossless."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

from tui_reader.corpus import Problem, Record, normalise
from tui_reader.formats.common import (
    WrongType,
    field,
    ident,
    iter_json_lines,
    json_kind,
    object_text,
    write_lines,
)
from tui_reader.models import PROGRESS, STATUSES, Document, Relation, Span, now_iso
from tui_reader.offsets import OffsetMap
from tui_reader.store.rows import SpanRows, bulk_span_values
from tui_reader.store.rows import _encode_attrs as _encode_attrs

_STATUS_SET = frozenset(STATUSES)
_FIELDS = itemgetter("id", "start", "end", "label", "text", "note", "attrs", "annotator", "status", "origin",
                     "created_at", "updated_at")  # fmt: skip

NAME = "jsonl"
DIRECTORY = False
EXTENSION = ".jsonl"
SPAN_KEYS = ("id", "start", "end", "label", "text", "note", "attrs", "annotator", "status", "origin",
             "created_at", "updated_at")  # fmt: skip
RELATION_KEYS = ("id", "head", "tail", "label", "annotator", "status", "origin", "created_at", "updated_at")


def record_to_obj(rec: Record, offsets: str = "codepoint") -> dict[str, Any]:
    d = rec.doc
    conv = OffsetMap(d.text) if offsets == "utf16" else None
    spans = []
    for s in sorted(rec.spans, key=Span.sort_key):
        # a literal in SPAN_KEYS order: 3x faster than a getattr loop, and this runs once per exported span
        obj = {"id": s.id, "start": s.start, "end": s.end, "label": s.label, "text": s.text, "note": s.note,
               "attrs": s.attrs, "annotator": s.annotator, "status": s.status, "origin": s.origin,
               "created_at": s.created_at, "updated_at": s.updated_at}  # fmt: skip
        if conv:
            obj["start"], obj["end"] = conv.to_utf16(s.start), conv.to_utf16(s.end)
        if s.stale:
            obj["stale"] = True
        spans.append(obj)
    obj = {
        "id": d.id, "title": d.title, "source": d.source, "sha256": d.sha256, "text": d.text,
        "offsets": offsets, "spans": spans, "links": rec.links,
        "added_at": d.added_at, "meta": d.meta, "progress": rec.progress,
    }  # fmt: skip
    if rec.relations:
        obj["relations"] = [{k: getattr(r, k) for k in RELATION_KEYS} for r in rec.relations]
    return obj


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint") -> int:
    return write_lines(records, out, lambda rec: [record_to_obj(rec, offsets)])


def sniff(obj: Any) -> bool:
    return isinstance(obj, dict) and "text" in obj and ("spans" in obj or "sha256" in obj or "offsets" in obj)


ROWS = True  # `read(..., rows=True)`: spans as store rows (SpanRows), for `import` (importing._import_records)


def read(path: Path, *, offsets: str = "codepoint", rows: bool = False) -> Iterator[Record | Problem]:
    for item in iter_json_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        lineno, obj = item
        yield from obj_to_record(obj, str(path), lineno, default_offsets=offsets, default_id=f"{path.stem}-{lineno}",
                                 rows=rows)  # fmt: skip


def obj_to_record(
    obj: Any, path: str, lineno: int, *, default_offsets: str = "codepoint", default_id: str = "", rows: bool = False
) -> Iterator[Record | Problem]:
    """One parsed native line to a Record; each bad span is its own Problem, the rest of the line imports.

    rows=True: the Record's spans are a `SpanRows` (the store's insert rows, no `Span` per span), checked here
    exactly as the Spans would be, with the same problems reported."""
    text = object_text(obj, path, lineno)
    if isinstance(text, Problem):
        yield text
        return
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        yield Problem(path, '"spans" is not a list', lineno)
        return
    if not raw_spans:
        text = normalise(text, drop_bom=False)  # without spans, normalising cannot shift any offset
    try:  # a wrong type is reported, never coerced: ["x"] is not the id "['x']", "zz" is not an empty meta
        doc_id = ident(obj, "id") or default_id
        meta: dict[str, Any] = field(obj, "meta", dict, {})
        doc = Document(id=doc_id, text=text, title=field(obj, "title", str, ""),
                       source=field(obj, "source", str, "") or path,
                       added_at=field(obj, "added_at", str, "") or now_iso(), meta=meta)  # fmt: skip
    except WrongType as e:
        yield Problem(path, f"{e}; line skipped", lineno)
        return
    unit = obj.get("offsets") or default_offsets
    if unit not in ("codepoint", "utf16"):
        yield Problem(path, f'unknown "offsets" {unit!r} (expected codepoint or utf16)', lineno)
        return
    conv = OffsetMap(text) if unit == "utf16" else None
    spans: list[Span] | SpanRows
    ids: dict[str, int] = {}  # span id -> the span (1-based) that has it on this line
    if rows:
        spans = SpanRows(doc.text)
        for problem in _span_rows(raw_spans, doc, conv, spans, ids):
            yield Problem(path, problem, lineno)
    else:
        spans = []
        for i, s in enumerate(raw_spans, 1):
            span = _span(s, doc, conv)
            if isinstance(span, str):
                yield Problem(path, f"span {i}: {span}", lineno)
            elif span.id in ids:  # the store keeps one span per id: the second would vanish without a word
                yield Problem(path, f"span {i}: id {span.id!r} is already span {ids[span.id]}'s on this line", lineno)
            else:
                ids[span.id] = i
                spans.append(span)
    progress, links = [], []
    for i, p in enumerate(_as_list(obj.get("progress")), 1):
        if isinstance(p, dict) and isinstance(p.get("annotator", ""), str) and p.get("status", "todo") in PROGRESS \
                and isinstance(p.get("updated_at", ""), str | None):
            progress.append(p)
        else:
            yield Problem(path, f"progress {i}: expected {{annotator, status: todo|in-progress|done}}", lineno)
    for i, lk in enumerate(_as_list(obj.get("links")), 1):
        if isinstance(lk, dict) and isinstance(lk.get("group"), str) and isinstance(lk.get("spans"), list) \
                and all(isinstance(x, str) for x in lk["spans"]):
            links.append(lk)
        else:
            yield Problem(path, f'link {i}: expected {{"group": id, "spans": [span ids]}}', lineno)
    relations: list[Relation] = []
    if "relations" in obj and not isinstance(obj["relations"], list):
        yield Problem(path, '"relations" is not a list', lineno)
    span_ids = set(ids)
    for i, r in enumerate(obj.get("relations") if isinstance(obj.get("relations"), list) else [], 1):
        rel = _relation(r, doc, span_ids)
        if isinstance(rel, str):
            yield Problem(path, f"relation {i}: {rel}; skipped", lineno)
        else:
            relations.append(rel)
    yield Record(doc, spans, progress, links, relations)  # type: ignore[arg-type]  # SpanRows: for the store


def _as_list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else ([] if v is None else [v])


def _relation(r: Any, doc: Document, span_ids: set[str]) -> Relation | str:
    """A Relation between two spans of this line, or the reason it cannot be taken."""
    if not isinstance(r, dict):
        return "not an object"
    for key in ("head", "tail", "label"):
        if not isinstance(r.get(key), str) or not r[key]:
            return f'"{key}" must be a non-empty string'
    for key in ("id", "annotator", "origin", "created_at", "updated_at"):
        if key in r and not isinstance(r[key], str):
            return f'"{key}" must be a string'
    for end in ("head", "tail"):
        if r[end] not in span_ids:
            return f'{end} {r[end]!r} is not a span of this document'
    if r["head"] == r["tail"]:
        return "head and tail are the same span"
    status = r.get("status", "accepted")
    if status not in STATUSES:
        return f"unknown status {status!r}"
    kw = {k: r[k] for k in ("id", "created_at", "updated_at") if r.get(k)}
    return Relation(doc_id=doc.id, head=r["head"], tail=r["tail"], label=r["label"],
                    annotator=r.get("annotator") or "", status=status, origin=r.get("origin") or "import", **kw)


_ABSENT = object()


def _span_fast(s: dict[str, Any], doc: Document) -> Span | None:
    """`_span` for the common case, a well-formed span in code points: the same Span, with each field checked
    once by exact type (a million spans: the general path's per-field helpers were most of an import's time).
    None when anything is unusual (a missing field is fine; a wrong type, a bad range are not): `_span` then
    decides, and names the problem."""
    start, end, label = s.get("start"), s.get("end"), s.get("label")
    if type(start) is not int or type(end) is not int or type(label) is not str or not label:
        return None
    text = doc.text
    if not 0 <= start < end <= len(text):
        return None
    covered = text[start:end]
    given = s.get("text", _ABSENT)
    if given is not _ABSENT and given != covered:
        return None
    note, annotator, origin, attrs = s.get("note"), s.get("annotator"), s.get("origin"), s.get("attrs")
    stale, status = s.get("stale"), s.get("status", "accepted")
    if not ((note is None or type(note) is str) and (annotator is None or type(annotator) is str)
            and (origin is None or type(origin) is str) and (attrs is None or type(attrs) is dict)
            and (stale is None or type(stale) is bool) and type(status) is str and status in STATUSES):
        return None  # fmt: skip
    kw: dict[str, Any] = {}
    for key in ("id", "created_at", "updated_at"):
        v = s.get(key)
        if type(v) is str:
            if v:
                kw[key] = v
        elif v is not None:
            return None
    return Span(doc_id=doc.id, start=start, end=end, label=label, text=covered, note=note or "",
                attrs={} if attrs is None else attrs, annotator=annotator or "", status=status,
                origin=origin or "import", stale=bool(stale), **kw)  # fmt: skip


def _span_rows(raw_spans: list[Any], doc: Document, conv: OffsetMap | None, out: SpanRows,
               ids: dict[str, int]) -> Iterator[str]:  # fmt: skip
    """Append each span of `raw_spans` to `out` as a store row (what `bulk_span_values` makes of the Span that
    `_span` would return); yield the problem of each span that cannot be taken. A well-formed span in code points
    (the usual case) is checked inline, each field once by exact type, the row built without a `Span`; anything
    else takes `_span`, which names the problem."""
    text, doc_id = doc.text, doc.id
    n = len(text)
    append, startswith = out.append, text.startswith
    encode = _encode_attrs
    accepted = _STATUS_SET
    for i, s in enumerate(raw_spans, 1):
        row = None
        if conv is None and type(s) is dict:
            try:  # every field present (as exported): one C call
                sid, start, end, label, given, note, attrs, annotator, status, origin, created, updated = _FIELDS(s)
            except KeyError:
                get = s.get
                sid, start, end, label, given = get("id"), get("start"), get("end"), get("label"), get("text", _ABSENT)
                note, attrs, annotator, status = get("note", ""), get("attrs"), get("annotator", ""), get("status", "accepted")
                origin, created, updated = get("origin"), get("created_at"), get("updated_at")
            if type(start) is int and type(end) is int and 0 <= start < end <= n:
                if given is _ABSENT:
                    given = text[start:end]
                elif not (type(given) is str and len(given) == end - start and startswith(given, start)):
                    given = None  # (no copy of the covered text is made to compare it)
                stale = s.get("stale", False)
                if (given is not None and type(label) is str and label and type(note) is str
                        and type(annotator) is str and type(stale) is bool and type(status) is str
                        and status in accepted and type(sid) is str and sid and type(created) is str and created
                        and (origin is None or type(origin) is str) and (updated is None or type(updated) is str)
                        and (attrs is None or type(attrs) is dict)):
                    row = (sid, doc_id, start, end, label, given, note, encode(attrs) if attrs else "{}",
                           annotator, status, origin or "import", created, updated or created,
                           1 if stale else 0)  # fmt: skip
        if row is None:  # anything unusual (a default to make, a wrong type, UTF-16): the general path
            span = _span(s, doc, conv)
            if isinstance(span, str):
                yield f"span {i}: {span}"
                continue
            row = bulk_span_values(span)
        sid = row[0]
        if sid in ids:  # the store keeps one span per id: the second would vanish without a word
            yield f"span {i}: id {sid!r} is already span {ids[sid]}'s on this line"
            continue
        ids[sid] = i
        append(row)


def _span(s: Any, doc: Document, conv: OffsetMap | None) -> Span | str:
    """A Span, or the reason this span cannot be taken."""
    if conv is None and type(s) is dict:
        fast = _span_fast(s, doc)
        if fast is not None:
            return fast
    if not isinstance(s, dict):
        return "not an object"
    start, end, label = s.get("start"), s.get("end"), s.get("label")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return '"start" and "end" must be integers'
    if not isinstance(label, str) or not label:
        return 'missing "label"' if label in (None, "") else f'"label" must be a string, not {json_kind(label)}'
    if "text" in s and not isinstance(s["text"], str):
        return f'"text" must be a string, not {json_kind(s["text"])}'
    try:
        kw: dict[str, Any] = {}
        sid = ident(s, "id")
        if sid:
            kw["id"] = sid
        for key in ("created_at", "updated_at"):
            if field(s, key, str, ""):
                kw[key] = s[key]
        note, annotator = field(s, "note", str, ""), field(s, "annotator", str, "")
        origin = field(s, "origin", str, "") or "import"
        attrs: dict[str, Any] = field(s, "attrs", dict, {})
        stale = field(s, "stale", bool, False)
    except WrongType as e:
        return str(e)
    if conv:
        try:
            start, end = conv.from_utf16(start), conv.from_utf16(end)
        except ValueError as e:
            return str(e)
    if not 0 <= start < end <= len(doc.text):
        return f"offsets {start}..{end} out of range (text length {len(doc.text)})"
    covered = doc.text[start:end]
    if "text" in s and s["text"] != covered:
        return f"text {s['text'][:40]!r} does not match the document at {start}..{end} ({covered[:40]!r})"
    status = s.get("status", "accepted")
    if status not in STATUSES:
        return f"unknown status {status!r}"
    return Span(doc_id=doc.id, start=start, end=end, label=label, text=covered, note=note, attrs=attrs,
                annotator=annotator, status=status, origin=origin, stale=stale, **kw)  # fmt: skip

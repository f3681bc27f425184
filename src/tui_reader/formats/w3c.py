"""W3C Web Annotation (https://www.w3.org/TR/annotation-model/) as JSON lines, one annotation per span:

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:<span id>", "type": "Annotation",
     "motivation": "tagging",
     "body": [{"type": "TextualBody", "purpose": "tagging", "value": "<label>"},
              {"type": "TextualBody", "purpose": "commenting", "value": "<note>", "format": "text/plain"}],
     "creator": {"type": "Person", "name": "<annotator>"}, "created": "...", "modified": "...",
     "target": {"source": "<document id>", "selector": [
         {"type": "TextQuoteSelector", "exact": "...", "prefix": "<32 chars>", "suffix": "<32 chars>"},
         {"type": "TextPositionSelector", "start": 0, "end": 5}]}}

The commenting body is there only for a non-empty note, `creator` only for a known annotator. The model counts
TextPositionSelector positions in code points (the default here); `--offsets utf16` is for JavaScript tools.

A Web Annotation points at its document (`target.source`) but does not contain it, so import needs the documents
in the database first: import the texts (or a native JSONL export) before, or earlier on the same command line
(`tui-reader import corpus.jsonl annotations.w3c.jsonl`). `target.source` is looked up as a document id, then as
a document's source path. Each annotation is placed by its TextPositionSelector when the text there equals
`exact`; otherwise (the document changed, or the positions were counted in another unit) by the
TextQuoteSelector: the occurrence of `exact` whose prefix and suffix match, or the only occurrence. An annotation
that cannot be placed is a problem naming its line, never a silently shifted span.

Kept: span id, label, note, annotator, created/modified, offsets. Lost: status (imported as accepted), origin,
attrs, links, progress, and documents without spans (there is no annotation to write).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tui_reader.corpus import Problem, Record
from tui_reader.formats.common import (
    WrongType,
    check_range,
    field,
    from_unit,
    group_by_document,
    is_int,
    iter_json_lines,
    json_kind,
    offset_converter,
    to_unit,
    write_lines,
)
from tui_reader.models import Document, Span

NAME = "w3c"
DIRECTORY = False
EXTENSION = ".jsonl"
NEEDS_DOCUMENTS = True
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_WIDTH = 32
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SPAN_URN = "urn:tui-reader:span:"


def annotation_id(span_id: str) -> str:
    return f"urn:uuid:{span_id}" if _UUID.fullmatch(span_id) else SPAN_URN + span_id


def span_id_from(iri: str) -> str | None:
    for prefix in ("urn:uuid:", SPAN_URN):
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return iri[len(prefix):]
    return None


def span_to_annotation(doc: Document, s: Span, conv: Any) -> dict[str, Any]:
    body: list[dict[str, str]] = [{"type": "TextualBody", "purpose": "tagging", "value": s.label}]
    if s.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": s.note, "format": "text/plain"})
    text = doc.text
    quote = {"type": "TextQuoteSelector", "exact": s.text, "prefix": text[max(0, s.start - CONTEXT_WIDTH):s.start],
             "suffix": text[s.end:s.end + CONTEXT_WIDTH]}  # fmt: skip
    position = {"type": "TextPositionSelector", "start": to_unit(conv, s.start), "end": to_unit(conv, s.end)}
    anno: dict[str, Any] = {"@context": CONTEXT, "id": annotation_id(s.id), "type": "Annotation",
                            "motivation": "tagging", "body": body}  # fmt: skip
    if s.annotator:
        anno["creator"] = {"type": "Person", "name": s.annotator}
    anno["created"] = s.created_at
    anno["modified"] = s.updated_at
    anno["target"] = {"source": doc.id, "selector": [quote, position]}
    return anno


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint") -> int:
    def annotations(rec: Record) -> Iterator[dict[str, Any]]:
        conv = offset_converter(rec.doc.text, offsets)
        for s in sorted(rec.spans, key=lambda s: (*s.sort_key(), s.id)):
            yield span_to_annotation(rec.doc, s, conv)

    return write_lines(records, out, annotations)


def sniff(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    kind = obj.get("type")
    return kind == "Annotation" or (isinstance(kind, list) and "Annotation" in kind)


DocumentLookup = Callable[[str], Document | None]


def read(path: Path, *, offsets: str = "codepoint", documents: DocumentLookup | None = None) -> Iterator[Record | Problem]:
    """Annotations grouped into one Record per run of lines on the same document."""
    if documents is None:
        yield Problem(str(path), "w3c annotations need their documents: import them into a database")
        return
    cache: dict[str, Document | None] = {}
    convs: dict[str, Any] = {}
    ids: dict[str, int] = {}  # span id -> line that had it: a second annotation with it would vanish in the store

    def pairs() -> Iterator[tuple[Document, Span] | Problem]:
        for item in iter_json_lines(path):
            if isinstance(item, Problem):
                yield item
                continue
            lineno, obj = item
            try:
                got = _annotation(obj, offsets, documents, cache, convs)
            except WrongType as e:
                got = str(e)
            if isinstance(got, str):
                yield Problem(str(path), got, lineno)
            elif got[1].id in ids:
                yield Problem(str(path), f"annotation id {obj.get('id')!r} is already on line {ids[got[1].id]}", lineno)
            else:
                ids[got[1].id] = lineno
                yield got

    yield from group_by_document(pairs())


def _as_list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [] if v is None else [v]


def _annotation(obj: Any, offsets: str, documents: DocumentLookup, cache: dict[str, Document | None],
                convs: dict[str, Any]) -> tuple[Document, Span] | str:  # fmt: skip
    if not sniff(obj):
        return 'not a Web Annotation (no "type": "Annotation")'
    targets = _as_list(obj.get("target"))
    target = targets[0] if targets else None
    if isinstance(target, str):
        return "the target names no selector (a whole-document annotation has no span)"
    if not isinstance(target, dict):
        return 'missing "target"'
    source = target.get("source")
    source = source.get("id") if isinstance(source, dict) else source
    if not isinstance(source, str) or not source:
        return 'missing "target.source"'
    if source not in cache:
        cache[source] = documents(source)
    doc = cache[source]
    if doc is None:
        return f"document {source!r} is not in the database (import its text first)"
    label, notes = "", []
    for b in _as_list(obj.get("body")):
        if not isinstance(b, dict) or not isinstance(b.get("value"), str):
            continue
        purpose = b.get("purpose")
        if purpose == "tagging" or (purpose is None and not label):
            label = label or b["value"]
        elif purpose == "commenting":
            notes.append(b["value"])
    if not label:
        return 'no body with purpose "tagging" (the label)'
    try:
        if doc.id not in convs:  # one UTF-16 map per document, not per annotation
            convs[doc.id] = offset_converter(doc.text, offsets)
    except ValueError as e:
        return str(e)
    placed = _place(doc.text, _as_list(target.get("selector")), convs[doc.id])
    if isinstance(placed, str):
        return placed
    start, end = placed
    kw: dict[str, Any] = {}
    sid = span_id_from(field(obj, "id", str, ""))
    if sid:
        kw["id"] = sid
    for key, attr in (("created", "created_at"), ("modified", "updated_at")):
        if field(obj, key, str, ""):
            kw[attr] = obj[key]
    creator = obj.get("creator")
    creator = creator[0] if isinstance(creator, list) and creator else creator
    if isinstance(creator, dict):
        creator = creator.get("name") or creator.get("nickname") or creator.get("id")
    if creator is not None and not isinstance(creator, str):
        raise WrongType(f'"creator" must be a name (a string or {{"name": ...}}), not {json_kind(creator)}')
    return doc, Span(doc_id=doc.id, start=start, end=end, label=label, text=doc.text[start:end],
                     note="\n".join(notes), annotator=creator or "", origin="import", **kw)  # fmt: skip


def _place(text: str, selectors: list[Any], conv: Any) -> tuple[int, int] | str:
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    pos = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    exact = quote.get("exact") if quote else None
    if quote is not None and (not isinstance(exact, str) or not exact):
        return 'TextQuoteSelector without "exact"'
    if pos is not None:
        if not is_int(pos.get("start")) or not is_int(pos.get("end")):
            return 'TextPositionSelector "start" and "end" must be integers'
        try:
            start, end = from_unit(conv, pos["start"]), from_unit(conv, pos["end"])
            bad = check_range(text, start, end)
        except ValueError as e:
            bad = str(e)
        if not bad and (exact is None or text[start:end] == exact):
            return start, end
        if exact is None:
            return f"TextPositionSelector: {bad}"
    if exact is None:
        return "no TextQuoteSelector or TextPositionSelector"
    assert quote is not None
    prefix, suffix = str(quote.get("prefix") or ""), str(quote.get("suffix") or "")
    hits = []
    i = text.find(exact)
    while i >= 0:
        hits.append(i)
        i = text.find(exact, i + 1)
    good = [i for i in hits if text.endswith(prefix, 0, i) and text.startswith(suffix, i + len(exact))]
    if good or len(hits) == 1:
        i = (good or hits)[0]
        return i, i + len(exact)
    if not hits:
        return f"quote {exact[:40]!r} is not in the document (text changed?)"
    return f"quote {exact[:40]!r} occurs {len(hits)} times and its prefix/suffix match none"

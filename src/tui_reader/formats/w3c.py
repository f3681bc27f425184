"""W3C Web Annotation (https://www.w3.org/TR/annotation-model/) as JSON lines, one annotation per span:

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:<span id>", "type": "Annotation",
     "motivation": "tagging",
     "body": [{"type": "TextualBody", "purpose": "tagging", "value": "<label>"},
              {"type": "TextualBody", "purpose": "commenting", "value": "<note>", "format": "text/plain"}],
     "creator": {"type": "Person", "name": "<annotator>"}, "created": "...", "modified": "...",
     "target": {"source": "urn:tui-reader:doc:<document id>", "selector": [
         {"type": "TextQuoteSelector", "exact": "...", "prefix": "<32 chars>", "suffix": "<32 chars>"},
         {"type": "TextPositionSelector", "start": 0, "end": 5}]}}

and one per relation, after its document's span annotations:

    {"@context": ..., "id": "urn:uuid:<relation id>", "type": "Annotation", "motivation": "linking",
     "body": [{"type": "TextualBody", "purpose": "tagging", "value": "attributed to"},
              {"type": "SpecificResource", "purpose": "linking", "source": "urn:uuid:<tail span id>"}],
     "target": "urn:uuid:<head span id>", "creator": ..., "created": "...", "modified": "..."}

The relation's target is the span annotation it starts at (head) and its linking body the one it points to
(tail): a JSON-LD list is unordered, so the direction is carried by the roles, never by an order.

`target.source` is an absolute IRI: `urn:tui-reader:doc:` followed by the document id, percent-encoded where a
URN needs it (RFC 8141; `/` and the other path characters stay as they are). A relative IRI such as a bare id
would be resolved by each consumer against its own base, so it would name a different thing for each.

Positions: the model counts TextPositionSelector positions in code points (Unicode characters), and so does
this format, always: `--offsets utf16` is refused for w3c (exit 2), on export and on import.

A Web Annotation points at its document (`target.source`) but does not contain it, so import needs the documents
in the database first: import the texts (or a native JSONL export) before, or earlier on the same command line
(`tui-reader import corpus.jsonl annotations.w3c.jsonl`). `target.source` is taken as a `urn:tui-reader:doc:` IRI,
else (files of earlier versions, other tools) looked up as a document id, then as a document's source path.
Each annotation is placed by its TextPositionSelector when the text there equals `exact`; otherwise (the document
changed) by the TextQuoteSelector: the occurrence of `exact` whose prefix and suffix match, or the only
occurrence. An annotation that cannot be placed is a problem naming its line, never a silently shifted span.
A linking annotation whose target or body is not a span annotation earlier in the same file is a problem naming
its line.

Kept: span and relation ids, labels, note, annotator, created/modified, offsets. Lost: status (imported as
accepted), origin, attrs, links, progress, and documents without spans (there is no annotation to write).
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
    is_int,
    iter_json_lines,
    json_kind,
    offset_converter,
    to_unit,
    write_lines,
)
from tui_reader.models import Document, Relation, Span

NAME = "w3c"
DIRECTORY = False
EXTENSION = ".jsonl"
NEEDS_DOCUMENTS = True
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_WIDTH = 32
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SPAN_URN = "urn:tui-reader:span:"
DOC_URN = "urn:tui-reader:doc:"
OFFSETS = ("codepoint",)
OFFSETS_REASON = "a TextPositionSelector counts Unicode characters"


def document_iri(doc_id: str) -> str:
    from urllib.parse import quote

    return DOC_URN + quote(doc_id, safe="/:@!$&'()*+,;=-._~")


def document_key(source: str) -> str:
    """The document id a `target.source` names: a `urn:tui-reader:doc:` IRI decoded, anything else as it is."""
    if source.startswith(DOC_URN) and len(source) > len(DOC_URN):
        from urllib.parse import unquote

        return unquote(source[len(DOC_URN):])
    return source


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
    anno["target"] = {"source": document_iri(doc.id), "selector": [quote, position]}
    return anno


def relation_to_annotation(r: Relation) -> dict[str, Any]:
    anno: dict[str, Any] = {"@context": CONTEXT, "id": annotation_id(r.id), "type": "Annotation", "motivation": "linking",
                            "body": [{"type": "TextualBody", "purpose": "tagging", "value": r.label},
                                     {"type": "SpecificResource", "purpose": "linking", "source": annotation_id(r.tail)}]}  # fmt: skip
    if r.annotator:
        anno["creator"] = {"type": "Person", "name": r.annotator}
    anno["created"] = r.created_at
    anno["modified"] = r.updated_at
    anno["target"] = annotation_id(r.head)
    return anno


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint") -> int:
    if offsets not in OFFSETS:
        raise ValueError(f"w3c counts offsets in code points only ({OFFSETS_REASON})")

    def annotations(rec: Record) -> Iterator[dict[str, Any]]:
        for s in sorted(rec.spans, key=lambda s: (*s.sort_key(), s.id)):
            yield span_to_annotation(rec.doc, s, None)
        written = {s.id for s in rec.spans}
        for r in sorted(rec.relations, key=lambda r: (r.created_at, r.id)):
            if r.head in written and r.tail in written:
                yield relation_to_annotation(r)

    return write_lines(records, out, annotations)


def sniff(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    kind = obj.get("type")
    return kind == "Annotation" or (isinstance(kind, list) and "Annotation" in kind)


DocumentLookup = Callable[[str], Document | None]


def read(path: Path, *, offsets: str = "codepoint", documents: DocumentLookup | None = None) -> Iterator[Record | Problem]:
    """Annotations grouped into one Record per run of lines on the same document; a linking annotation (a
    relation) joins the record of its spans' document."""
    if offsets not in OFFSETS:
        yield Problem(str(path), f"w3c positions are code points ({OFFSETS_REASON}): --offsets {offsets} "
                                 "does not apply; file skipped")  # fmt: skip
        return
    if documents is None:
        yield Problem(str(path), "w3c annotations need their documents: import them into a database")
        return
    cache: dict[str, Document | None] = {}
    convs: dict[str, Any] = {}
    ids: dict[str, int] = {}  # span or relation id -> line that had it: a second one with it would vanish
    span_doc: dict[str, Document] = {}  # span id -> its document, for the relations after it
    current: Record | None = None
    for item in iter_json_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        lineno, obj = item
        try:
            got: Any = _linking(obj, span_doc) if _is_linking(obj) else _annotation(obj, offsets, documents, cache, convs)
        except WrongType as e:
            got = str(e)
        if isinstance(got, str):
            yield Problem(str(path), got, lineno)
            continue
        doc, thing = got
        if thing.id in ids:
            yield Problem(str(path), f"annotation id {obj.get('id')!r} is already on line {ids[thing.id]}", lineno)
            continue
        ids[thing.id] = lineno
        if current is None or current.doc.id != doc.id:
            if current is not None:
                yield current
            current = Record(doc, [])
        if isinstance(thing, Relation):
            current.relations.append(thing)
        else:
            current.spans.append(thing)
            span_doc[thing.id] = doc
    if current is not None:
        yield current


def _is_linking(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("motivation") == "linking"


def _linking(obj: dict[str, Any], span_doc: dict[str, Document]) -> tuple[Document, Relation] | str:
    """A relation from a linking annotation: target = the head span's annotation, a linking body its tail."""
    if not sniff(obj):
        return 'not a Web Annotation (no "type": "Annotation")'
    targets = _as_list(obj.get("target"))
    target = targets[0] if len(targets) == 1 else None
    target = target.get("id") if isinstance(target, dict) else target
    if not isinstance(target, str):
        return "a linking annotation needs one target: the IRI of the span annotation it starts at"
    label, tail_iri = "", None
    for b in _as_list(obj.get("body")):
        if isinstance(b, dict) and b.get("purpose") == "tagging" and isinstance(b.get("value"), str):
            label = label or b["value"]
        elif isinstance(b, dict) and b.get("purpose") == "linking":
            tail_iri = b.get("source") or b.get("id")
    if not label:
        return 'a linking annotation needs a body with purpose "tagging" (the relation type)'
    if not isinstance(tail_iri, str):
        return 'a linking annotation needs a body with purpose "linking" whose "source" is a span annotation'
    head, tail = span_id_from(target), span_id_from(tail_iri)
    missing = [iri for iri, sid in ((target, head), (tail_iri, tail)) if sid not in span_doc]
    if missing:
        return f"links {', '.join(repr(m) for m in missing)}, which is not a span annotation earlier in this file"
    assert head is not None and tail is not None
    if span_doc[head].id != span_doc[tail].id:
        return "links span annotations of two documents (a relation stays within one document)"
    if head == tail:
        return "links a span annotation to itself"
    kw: dict[str, Any] = {}
    rid = span_id_from(field(obj, "id", str, ""))
    if rid:
        kw["id"] = rid
    for key, attr in (("created", "created_at"), ("modified", "updated_at")):
        if field(obj, key, str, ""):
            kw[attr] = obj[key]
    doc = span_doc[head]
    return doc, Relation(doc_id=doc.id, head=head, tail=tail, label=label, annotator=_creator(obj), origin="import",
                         **kw)  # fmt: skip


def _creator(obj: dict[str, Any]) -> str:
    creator = obj.get("creator")
    creator = creator[0] if isinstance(creator, list) and creator else creator
    if isinstance(creator, dict):
        creator = creator.get("name") or creator.get("nickname") or creator.get("id")
    if creator is not None and not isinstance(creator, str):
        raise WrongType(f'"creator" must be a name (a string or {{"name": ...}}), not {json_kind(creator)}')
    return creator or ""


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
        key = document_key(source)
        cache[source] = documents(key) or (documents(source) if key != source else None)
    doc = cache[source]
    if doc is None:
        return f"document {document_key(source)!r} is not in the database (import its text first)"
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
    creator = _creator(obj)
    return doc, Span(doc_id=doc.id, start=start, end=end, label=label, text=doc.text[start:end],
                     note="\n".join(notes), annotator=creator, origin="import", **kw)  # fmt: skip


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

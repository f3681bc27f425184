"""spaCy: a `.spacy` file (a `DocBin`), what `spacy train` reads (`--paths.train corpus.spacy`).

One `Doc` per document, tokenised by `spacy.blank("en")`; every exported span is in `doc.spans["sc"]` (the
spancat component's default key: spans may overlap), labelled with its label. With `--ents` the spans that do not
overlap are also `doc.ents` (for the `ner` component), chosen by spaCy's own `filter_spans` (the longest first);
the export warns how many stayed out of `doc.ents`.

Offsets are kept exactly. A span whose start or end falls inside a spaCy token (`42%` is one token to some
tokenisers, a span may cover only `42`) would otherwise have no `Span` at all: the token is split there, so
`doc.char_span(start, end)` finds every exported span; the export warns how many spans needed a split (a model
trained on them meets tokens it would not produce itself). Spans are never widened or dropped.

`doc.user_data["tui_reader"]` holds the document id, title, and each span's id, annotator, status and note
and the relations (`{"head", "tail", "label", "annotator", "status"}`, head/tail being span ids), so import reads
back what was exported; `spacy train` ignores it. Import takes `doc.spans["sc"]` (or `doc.ents` when there is no
"sc" group) of each `Doc`, with what user_data holds for them.

spaCy is an optional dependency: `pip install 'tui-reader[spacy]'`; without it the export and import say so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tui_reader.corpus import Problem, Record, normalise
from tui_reader.models import STATUSES, Document, Relation, Span

NAME = "spacy"
DIRECTORY = False
BINARY = True
EXTENSION = ".spacy"
WARNS = True
OFFSETS = ("codepoint",)
OFFSETS_REASON = "spaCy counts characters of Python strings"
SPANS_KEY = "sc"
MISSING = "the spacy format needs spaCy: pip install 'tui-reader[spacy]'"


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise ValueError(MISSING) from None
    return spacy


def to_doc(nlp: Any, rec: Record, ents: bool = False) -> tuple[Any, int, int]:
    """(the Doc, spans whose boundary needed a token split, spans left out of doc.ents)."""
    from spacy.tokens import Doc
    from spacy.util import filter_spans

    text = rec.doc.text
    tokens = nlp.make_doc(text)
    starts, ends = {s.start for s in rec.spans}, {s.end for s in rec.spans}
    cuts = starts | ends
    token_starts, token_ends = {t.idx for t in tokens}, {t.idx + len(t.text) for t in tokens}
    split = sum(1 for s in rec.spans if s.start not in token_starts or s.end not in token_ends)
    words: list[str] = []
    spaces: list[bool] = []
    for t in tokens:
        a, b = t.idx, t.idx + len(t.text)
        c = b + len(t.whitespace_)  # the token, then the single space spaCy attaches to it (if any)
        points = sorted({a, b, c} | {x for x in cuts if a < x < c})
        for x, y in zip(points, points[1:], strict=False):
            if x == b and y == c and x not in starts and y not in ends:  # the trailing space, whole: spaCy's way
                spaces[-1] = True
            else:  # a piece of a token split at a span boundary, or a space a span starts at or ends after
                words.append(text[x:y])
                spaces.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text
    spans = []
    for s in sorted(rec.spans, key=Span.sort_key):
        span = doc.char_span(s.start, s.end, label=s.label)
        if span is None:  # cannot happen: every span start and end is a token boundary now
            raise ValueError(f"document {rec.doc.id!r}: span {s.start}..{s.end} cannot be a spaCy span")
        spans.append(span)
    doc.spans[SPANS_KEY] = spans
    left_out = 0
    if ents:
        kept = filter_spans(spans)
        doc.ents = kept
        left_out = len(spans) - len(kept)
    doc.user_data["tui_reader"] = {
        "id": rec.doc.id, "title": rec.doc.title,
        "spans": [[s.start, s.end, s.label, s.id, s.annotator, s.status, s.note]
                  for s in sorted(rec.spans, key=Span.sort_key)],
        "relations": [[r.head, r.tail, r.label, r.annotator, r.status] for r in rec.relations],
    }  # fmt: skip
    return doc, split, left_out


def write(records: Iterable[Record], out: Path, *, offsets: str = "codepoint", ents: bool = False,
          warn: Callable[[str], None] | None = None) -> int:  # fmt: skip
    """The DocBin to `out`, atomically (a temporary file beside it, fsynced, renamed over it)."""
    spacy = _spacy()
    from spacy.tokens import DocBin

    from tui_reader.atomic import fsync_dir, write_bytes_durable

    if offsets not in OFFSETS:
        raise ValueError(f"spacy counts offsets in code points only ({OFFSETS_REASON})")
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=True)
    n = split = left_out = 0
    for rec in records:
        doc, k, lost = to_doc(nlp, rec, ents)
        db.add(doc)
        n += len(rec.spans)
        split += k
        left_out += lost
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        write_bytes_durable(tmp, db.to_bytes())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(out.parent)
    if warn and split:
        warn(f"spacy: {split} spans start or end inside a spaCy token; the token was split there so each keeps "
             "its exact offsets")  # fmt: skip
    if warn and left_out:
        warn(f"spacy: {left_out} spans overlap a longer one and are in doc.spans[{SPANS_KEY!r}] only, not doc.ents")
    return n


def read(path: Path, *, offsets: str = "codepoint") -> Iterator[Record | Problem]:
    try:
        spacy = _spacy()
    except ValueError as e:
        yield Problem(str(path), str(e))
        return
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(Path(path).read_bytes()).get_docs(spacy.blank("en").vocab))
    except OSError as e:
        yield Problem(str(path), e.strerror or str(e))
        return
    except Exception as e:  # noqa: BLE001 - spaCy raises several kinds on a file that is not a DocBin
        yield Problem(str(path), f"not a spaCy DocBin ({type(e).__name__})")
        return
    for i, doc in enumerate(docs, 1):
        yield from _record(doc, str(path), i, f"{Path(path).stem}-{i}")


def _record(doc: Any, path: str, i: int, default_id: str) -> Iterator[Record | Problem]:
    info = doc.user_data.get("tui_reader") if isinstance(doc.user_data, dict) else None
    info = info if isinstance(info, dict) else {}
    doc_id: str = info["id"] if isinstance(info.get("id"), str) and info["id"] else default_id
    text = doc.text
    if not text:
        yield Problem(path, f"doc {i}: empty text")
        return
    extra: dict[tuple[Any, ...], list[Any]] = {}
    for x in info.get("spans", []):
        if isinstance(x, list | tuple) and len(x) == 7:  # msgpack gives tuples back
            extra.setdefault((x[0], x[1], x[2]), []).append(x)
    group = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else list(doc.ents)
    spans: list[Span] = []
    for sp in group:
        start, end, label = sp.start_char, sp.end_char, sp.label_
        if not label or start >= end:
            yield Problem(path, f"doc {i}: span {start}..{end} without a label or text; skipped")
            continue
        same = extra.get((start, end, label))
        x = same.pop(0) if same else None
        kw: dict[str, Any] = {}
        if x and all(isinstance(v, str) for v in x[3:]) and x[5] in STATUSES:
            kw = {"id": x[3], "annotator": x[4], "status": x[5], "note": x[6]}
        spans.append(Span(doc_id=doc_id, start=start, end=end, label=label, text=text[start:end], origin="import",
                          **kw))  # fmt: skip
    if not spans:
        text = normalise(text, drop_bom=False)  # as every reader does: without spans no offset can shift
    document = Document(id=doc_id, text=text, source=path, title=str(info.get("title") or ""))
    ids = {s.id for s in spans}
    relations = []
    for j, r in enumerate(info.get("relations", []), 1):
        ok = isinstance(r, list | tuple) and len(r) == 5 and all(isinstance(v, str) for v in r) and r[4] in STATUSES
        if not ok or r[0] not in ids or r[1] not in ids or r[0] == r[1]:
            yield Problem(path, f"doc {i}: relation {j} does not join two spans of this doc; skipped")
            continue
        relations.append(Relation(doc_id=doc_id, head=r[0], tail=r[1], label=r[2], annotator=r[3], status=r[4],
                                  origin="import"))  # fmt: skip
    yield Record(document, spans, relations=relations)

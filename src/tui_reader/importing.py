"""Import: paths (text files, folders, JSON-lines in any known format) into the store. Shared by CLI and TUI.

Transactions: text files are written in batches (up to BATCH_FILES files or BATCH_CHARS characters of text per
transaction: one fsync per batch instead of one per file makes a folder of 50,000 files fast); each JSON-lines
file is one transaction. A crash part-way through leaves the database as it was before the current batch or
JSON-lines file; batches and files already committed stay imported. A bad file is found while reading, before
its batch is written, so it is reported (one line) and the rest of the batch still imports.

Edited sources: a text file re-imported from the same path with other text updates its document in place; the
spans are re-anchored (`reanchor`), and the ones that cannot be placed are kept, flagged stale and reported.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui_reader.corpus import (
    MAX_FILE_BYTES,
    DecodeError,
    Problem,
    decode,
    doc_id_for,
    iter_files,
    looks_like_json_lines,
    read_bytes,
)
from tui_reader.importing_big import (  # noqa: F401 - re-exported: the big-file import lives there
    _PIECE,
    READ_WHILE_IMPORTING,
    SETTLED_NS,
    STREAM_BYTES,
    TEXT_SUFFIXES,
    FileStat,
    _known_file,
    _let_others_write,
    _remember,
    _Scan,
    _scan_plain_utf8,
    _settled,
    _spellings,
    _stat,
    _stat_rows,
    _stream_text,
    defer_import,
    text_head,
)
from tui_reader.models import Document
from tui_reader.store import AnnotationStore, StoreError

BATCH_FILES = 500
BATCH_CHARS = 16 * 2**20


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # edited sources: text replaced, spans re-anchored
    spans: int = 0
    relations: int = 0
    reanchored: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # imported, but a span needs a look (stale)
    doc_ids: list[str] = field(default_factory=list)  # every document the paths stand for, in input order

    def summary(self) -> str:
        parts = [f"{len(self.added) + len(self.renamed)} documents added", f"{len(self.unchanged)} unchanged",
                 f"{self.spans} spans added"]  # fmt: skip
        if self.updated:
            parts.insert(2, f"{len(self.updated)} updated ({self.reanchored} spans re-anchored, "
                            f"{len(self.warnings)} stale)")  # fmt: skip
        if self.relations:
            parts.append(f"{self.relations} relations added")
        if self.problems:
            parts.append(f"{len(self.problems)} problems")
        return ", ".join(parts)


def detect_format(path: Path) -> str:
    """The JSON-lines format of a file, from its first object; brat for a folder with .ann files."""
    if path.is_dir():
        return "brat"
    from tui_reader import formats  # the format modules load when a file needs them, not at start-up
    from tui_reader.formats.common import iter_json_lines

    for name, mod in formats.FORMATS.items():  # a whole-file format (a JSON array of Label Studio tasks)
        if hasattr(mod, "sniff_file") and mod.sniff_file(path):
            return name
    for item in iter_json_lines(path):
        if isinstance(item, Problem):
            continue
        _, obj = item
        for name, mod in formats.FORMATS.items():
            if name != "jsonl" and hasattr(mod, "sniff") and mod.sniff(obj):
                return name
        return "jsonl"
    return "jsonl"


def import_paths(
    store: AnnotationStore,
    paths: Iterable[str | Path],
    *,
    fmt: str = "auto",
    offsets: str = "codepoint",
    on_file: Callable[[Path], None] | None = None,
    on_document: Callable[[str, str], None] | None = None,
) -> ImportReport:
    """Import every path; problems are collected in the report (one per bad file or line), never raised."""
    report = ImportReport()
    batch: list[Path] = []
    for item in _expand(paths, fmt):
        if isinstance(item, Problem):
            if batch:  # report problems in input order
                _import_texts(store, batch, report, on_document)
                batch = []
            report.problems.append(item)
            continue
        path, kind = item
        if on_file:
            on_file(path)
        if kind == "text":
            batch.append(path)
            if len(batch) >= BATCH_FILES:
                _import_texts(store, batch, report, on_document)
                batch = []
            continue
        if batch:  # keep input order: the text files before this one are written first
            _import_texts(store, batch, report, on_document)
            batch = []
        _import_records(store, path, kind, offsets, report, on_document)
    if batch:
        _import_texts(store, batch, report, on_document)
    return report


def _has_brat() -> bool:
    """Whether the brat format is there. The format modules (urllib, xml, email: ~50 ms) load only for a folder
    with .ann files, not for a text file (`tui-reader open BIG.txt`, already imported: its re-open)."""
    from tui_reader import formats

    return "brat" in formats.FORMATS


# A file named as text is a text whatever its first line (an article may open with `{"`); any other name is
# looked at: JSON lines are recognised by content (`out.doccano`).
def _expand(paths: Iterable[str | Path], fmt: str) -> Iterator[tuple[Path, str] | Problem]:
    dirs_as_brat = fmt == "brat"
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and (dirs_as_brat or (fmt == "auto" and any(p.glob("*.ann")) and _has_brat())):
            yield p, "brat"
            continue
        for f in iter_files([p]):
            if isinstance(f, Problem):
                yield f
            elif f.suffix.lower() == ".csv" and fmt == "auto":
                yield f, "csv"
            elif f.suffix.lower() == ".spacy" and fmt == "auto":
                yield f, "spacy"
            elif f.suffix.lower() in (".jsonl", ".ndjson", ".json") or fmt not in ("auto", "text") or (
                fmt == "auto" and f.suffix.lower() not in TEXT_SUFFIXES
                and looks_like_json_lines(f)  # by content, whatever the name (`out.doccano`)
            ):
                yield f, (detect_format(f) if fmt == "auto" else fmt)
            else:
                yield f, "text"


def _import_texts(store: AnnotationStore, paths: list[Path], report: ImportReport,
                  on_document: Callable[[str, str], None] | None) -> None:  # fmt: skip
    """Read and check every file first (a bad one is one Problem), then write the good ones in few transactions."""
    pending: list[Document] = []
    stats: list[FileStat | None] = []
    size = 0
    for path in paths:
        try:
            before = _stat(path)
            if not pending and (known := _known_file(store, before)) is not None:
                _unchanged(report, known, on_document)  # nothing queued before it: the report keeps input order
                continue
            if STREAM_BYTES < before.size <= MAX_FILE_BYTES and (scan := _scan_plain_utf8(path)) is not None:
                if pending:  # input order: the files before it are written first
                    _write_texts(store, pending, stats, report, on_document)
                    pending, stats, size = [], [], 0
                if (known := _known_file(store, before)) is not None:
                    _unchanged(report, known, on_document)
                elif not _stream_text(store, path, before, scan, report, on_document):
                    pending.append(_read_text(path))  # an edited source: re-anchoring needs both texts
                    stats.append(before if _settled(path, before) else None)
                continue
            data = read_bytes(path)
            stat = before if _settled(path, before) else None
            if not pending and (known := _unchanged_file(store, path, data)) is not None:
                _unchanged(report, known, on_document)
                if stat is not None:
                    _remember(store, [(stat, known)])
                continue
            doc = Document(id=doc_id_for(path), text=decode(data), source=str(path))  # = read_text_file
        except DecodeError as e:
            report.problems.append(Problem(str(path), str(e)))
            continue
        except OSError as e:
            report.problems.append(Problem(str(path), e.strerror or str(e)))
            continue
        pending.append(doc)
        stats.append(stat)
        size += len(doc.text)
        if size >= BATCH_CHARS:
            _write_texts(store, pending, stats, report, on_document)
            pending, stats, size = [], [], 0
    if pending:
        _write_texts(store, pending, stats, report, on_document)


def _read_text(path: Path) -> Document:
    return Document(id=doc_id_for(path), text=decode(read_bytes(path)), source=str(path))


def _unchanged(report: ImportReport, doc_id: str, on_document: Callable[[str, str], None] | None) -> None:
    report.unchanged.append(doc_id)
    report.doc_ids.append(doc_id)
    if on_document:
        on_document(doc_id, "unchanged")


def _unchanged_file(store: AnnotationStore, path: Path, data: bytes) -> str | None:
    """The stored document this file's bytes are, found without decoding them; None: take the full path.

    With nothing to normalise (no BOM, CR or NUL) the stored text's UTF-8 IS the file's bytes, so their sha256
    finds it: re-opening an unchanged 50 MB article skips decoding and re-encoding it (bench/bench_open.py).
    Same choice as `_store_text` among several versions: the one from this source path first.
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\r" in data or b"\x00" in data:
        return None
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    spellings = _spellings(str(path))
    same = [v for v in store.document_versions(doc_id_for(path), sha256=sha, sources=spellings) if v[1] == sha]
    if not same:
        return None
    same.sort(key=lambda v: v[2] not in spellings)
    return same[0][0]


def _write_texts(store: AnnotationStore, docs: list[Document], stats: list[FileStat | None], report: ImportReport,
                 on_document: Callable[[str, str], None] | None) -> None:  # fmt: skip
    try:
        t0 = time.monotonic()
        with store.write():
            results = [_store_text(store, doc) for doc in docs]
            known = [(stat, r[0]) for stat, r in zip(stats, results, strict=True) if stat is not None]
            if known:  # in the same transaction: the documents now hold exactly these files' text
                store.remember_files(_stat_rows(known))
        _let_others_write(time.monotonic() - t0)
    except StoreError as e:
        if len(docs) == 1:
            report.problems.append(Problem(docs[0].source, f"{e}; not imported"))
            return
        for doc, stat in zip(docs, stats, strict=True):  # the batch failed as a whole: one at a time names the bad one
            _write_texts(store, [doc], [stat], report, on_document)
        return
    for doc, (doc_id, outcome, moved, stale) in zip(docs, results, strict=True):
        getattr(report, outcome).append(doc_id)
        report.doc_ids.append(doc_id)
        report.reanchored += moved
        report.warnings.extend(Problem(doc.source, msg) for msg in stale)
        if on_document:
            on_document(doc_id, outcome)


def _store_text(store: AnnotationStore, doc: Document) -> tuple[str, str, int, list[str]]:
    """(doc id, outcome, spans moved, stale messages) for one decoded file; runs inside the batch transaction.

    Same text as a version of this stem: unchanged. Same source path, other text: the document is updated in
    place and its spans re-anchored. Otherwise a new document (suffixed id when the stem is taken).
    """
    spellings = _spellings(doc.source)
    versions = store.document_versions(doc.id, sha256=doc.sha256, sources=spellings)
    same = [v for v in versions if v[1] == doc.sha256]
    if same:
        same.sort(key=lambda v: v[2] not in spellings)
        return same[0][0], "unchanged", 0, []
    edited = [v for v in versions if v[2] in spellings]
    if not edited:
        taken = {v[0] for v in store.document_versions(doc.id)}
        free = next(i for i in itertools.count(1) if (f"{doc.id}_{i}" if i > 1 else doc.id) not in taken)
        doc_id, outcome = store.add_document(replace(doc, id=f"{doc.id}_{free}" if free > 1 else doc.id))
        return doc_id, ("renamed" if free > 1 else outcome), 0, []
    doc_id = edited[0][0]
    old = store.get_document(doc_id)
    spans = store.spans(doc_id)
    from tui_reader.reanchor import reanchor  # rapidfuzz: only when an edited source comes back

    placements = reanchor(old.text, doc.text, spans)
    counts = store.replace_document_text(Document(id=doc_id, text=doc.text, source=doc.source), placements)
    by_id = {s.id: s for s in spans}
    stale = [
        f"document {doc_id!r} changed: {by_id[p.span_id].label} span {by_id[p.span_id].text[:40]!r} "
        f"(id {p.span_id}) could not be re-anchored ({p.reason}); kept and flagged stale"
        for p in placements if not p.placed
    ]  # fmt: skip
    return doc_id, "updated", counts["moved"], stale


def _document_lookup(store: AnnotationStore) -> Callable[[str], Document | None]:
    """For formats that point at documents without holding their text (w3c, csv): by id, then by source path."""

    def lookup(key: str) -> Document | None:
        if store.has_document(key):
            return store.get_document(key)
        found = store.find_documents(source=key)
        return store.get_document(found[0]) if found else None

    return lookup


def _import_records(store: AnnotationStore, path: Path, kind: str, offsets: str, report: ImportReport,
                    on_document: Callable[[str, str], None] | None) -> None:  # fmt: skip
    from tui_reader import formats

    try:
        reader = formats.get(kind)
    except ValueError as e:
        report.problems.append(Problem(str(path), str(e)))
        return

    kw: dict[str, Any] = {"documents": _document_lookup(store)} if getattr(reader, "NEEDS_DOCUMENTS", False) else {}
    dedupe = not getattr(reader, "SPAN_IDS", True)
    if getattr(reader, "ROWS", False) and not dedupe:
        kw["rows"] = True  # spans as store rows, checked once by the reader, no Span per span (SpanRows)

    def records() -> Iterator[tuple[Any, ...]]:
        for item in reader.read(path, offsets=offsets, **kw):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            spans, relations = item.spans, item.relations
            if dedupe and spans and store.has_document(item.doc.id):
                # no span ids in this format: a span equal to a stored one is the same span, not a new one
                # (a format that carries no annotator matches a stored span of any annotator); relations that
                # point at such a span point at the stored one, and one equal to a stored relation is skipped
                have: dict[tuple[int, int, str, str], str] = {}
                for s in store.spans(item.doc.id):
                    have.setdefault((s.start, s.end, s.label, s.annotator), s.id)
                    have.setdefault((s.start, s.end, s.label, ""), s.id)
                same = {s.id: have[k] for s in spans if (k := (s.start, s.end, s.label, s.annotator)) in have}
                spans = [s for s in spans if s.id not in same]
                if relations and same:
                    old = store.relations(item.doc.id)
                    known = {(r.head, r.tail, r.label, r.annotator) for r in old}
                    known |= {(r.head, r.tail, r.label, "") for r in old}
                    relations = [replace(r, head=same.get(r.head, r.head), tail=same.get(r.tail, r.tail))
                                 for r in relations]  # fmt: skip
                    relations = [r for r in relations if (r.head, r.tail, r.label, r.annotator) not in known]
            yield item.doc, spans, item.progress, item.links, relations

    in_file: set[str] = set()

    def seen(doc_id: str, outcome: str, added: int) -> None:
        if outcome == "conflict":
            report.problems.append(Problem(str(path), f"document {doc_id!r} exists with different text; skipped"))
            return
        if doc_id in in_file:  # several records on one document (prodigy: a task per annotator): count it once
            return
        in_file.add(doc_id)
        getattr(report, outcome).append(doc_id)
        report.doc_ids.append(doc_id)
        if on_document:
            on_document(doc_id, outcome)

    import gc

    collect = gc.isenabled()
    gc.disable()  # a million spans make millions of short-lived, acyclic objects: freed as they go, never cycles
    try:
        t0 = time.monotonic()
        totals = store.import_records(records(), on_record=seen)
        _let_others_write(time.monotonic() - t0)
    except StoreError as e:  # SpanError, or the database refused a row (DatabaseError)
        report.problems.append(Problem(str(path), f"{e}; nothing from this file was imported"))
        return
    finally:
        if collect:
            gc.enable()
    report.spans += totals["spans"]
    report.relations += totals.get("relations", 0)


def import_for_reading(db_path: str | Path, path: str | Path) -> tuple[ImportReport, Document | None]:
    """Import one file on a connection of its own (for a worker thread: a connection belongs to its thread),
    then read its document back; (report, None) when it was not imported (the report's problem says why)."""
    with AnnotationStore(db_path) as store:
        report = import_paths(store, [path])
        if report.problems or not report.doc_ids:
            return report, None
        return report, store.get_document_compact(report.doc_ids[0])  # a big text held compactly (textchunks)

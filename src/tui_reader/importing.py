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
import os
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
    normalise,
    read_bytes,
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


# A file named as text is a text whatever its first line (an article may open with `{"`); any other name is
# looked at: JSON lines are recognised by content (`out.doccano`).
TEXT_SUFFIXES = (".txt", ".text", ".md")


def _expand(paths: Iterable[str | Path], fmt: str) -> Iterator[tuple[Path, str] | Problem]:
    from tui_reader import formats

    dirs_as_brat = fmt == "brat"
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and (dirs_as_brat or (fmt == "auto" and "brat" in formats.FORMATS and any(p.glob("*.ann")))):
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


def _let_others_write(held: float) -> None:
    """Pause briefly after a bulk transaction that held the write lock for `held` seconds.

    SQLite's lock is not fair: a waiting writer polls (every 100 ms at most), and a bulk import that begins its
    next transaction the instant it commits can starve an annotator until the whole import is done. A gap of a
    quarter of the time held (at most 0.1 s, the longest poll interval) lets waiting writers in; the import
    runs at most ~25% longer while the lock is contended, and not measurably so for small batches.
    """
    if held > 0.004:
        time.sleep(min(0.1, held / 4))


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


# -- a big plain UTF-8 file: imported in pieces, never whole in memory ----------------------------------------------
# A text file over STREAM_BYTES whose stored text is its bytes as they are (UTF-8 without BOM, CR or NUL: the
# usual case) is read twice in 1 MiB pieces: once to check it (what `decode` checks) and hash it, once to write
# it into its row (store.add_document_from_file). Importing a 200 MB article then holds no copy of it in Python
# (it used to hold the bytes, a 4-byte-per-character str, its UTF-8 and SQLite's copies: ~8x its size); SQLite
# holds it about twice while making the row. Any other file (UTF-16, CR LF, a BOM) takes the whole-file path.
STREAM_BYTES = 8 << 20
_PIECE = 1 << 20


@dataclass(frozen=True)
class _Scan:
    size: int
    sha256: str
    head: str  # the text's first HEAD_CHARS + 1 characters at least (its title comes from them)


def _scan_plain_utf8(path: Path) -> _Scan | None:
    """The file's size, sha256 and beginning, if its text is stored as its bytes are; None otherwise (also when
    it is not valid UTF-8 or only white space: the whole-file path then says why, as it always did)."""
    import codecs
    import hashlib

    from tui_reader.titles import HEAD_CHARS

    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head: list[str] = []
    head_chars = 0
    blank = True
    size = 0
    with open(path, "rb") as f:
        while piece := f.read(_PIECE):
            if size == 0 and piece.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                return None
            if b"\r" in piece or b"\x00" in piece:
                return None
            try:
                chars = decoder.decode(piece)
            except UnicodeDecodeError:
                return None
            if blank and chars.strip():
                blank = False
            if head_chars <= HEAD_CHARS:
                head.append(chars)
                head_chars += len(chars)
            digest.update(piece)
            size += len(piece)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return None if blank else _Scan(size, digest.hexdigest(), "".join(head))


def _read_text(path: Path) -> Document:
    return Document(id=doc_id_for(path), text=decode(read_bytes(path)), source=str(path))


def _stream_text(store: AnnotationStore, path: Path, before: FileStat, scan: _Scan, report: ImportReport,
                 on_document: Callable[[str, str], None] | None) -> bool:  # fmt: skip
    """Import a scanned file in pieces (same outcomes as `_store_text`); False: it is an edited source (its
    document's spans must be re-anchored: the caller takes the whole-file path)."""
    from tui_reader.models import default_title

    stem, source = doc_id_for(path), str(path)
    spellings = _spellings(source)
    try:
        t0 = time.monotonic()
        with store.write():
            versions = store.document_versions(stem, sha256=scan.sha256, sources=spellings)
            same = sorted((v for v in versions if v[1] == scan.sha256), key=lambda v: v[2] not in spellings)
            if same:
                doc_id, outcome = same[0][0], "unchanged"
            elif any(v[2] in spellings for v in versions) or not store.utf8_database():
                return False
            else:
                taken = {v[0] for v in store.document_versions(stem)}
                free = next(i for i in itertools.count(1) if (f"{stem}_{i}" if i > 1 else stem) not in taken)
                doc_id = f"{stem}_{free}" if free > 1 else stem
                store.add_document_from_file(doc_id, title=default_title(scan.head, stem), source=source,
                                             path=path, size=scan.size, sha256=scan.sha256)  # fmt: skip
                outcome = "renamed" if free > 1 else "added"
            if _settled(path, before):
                store.remember_files(_stat_rows([(before, doc_id)]))
        _let_others_write(time.monotonic() - t0)
    except StoreError as e:
        report.problems.append(Problem(source, f"{e}; not imported"))
        return True
    getattr(report, outcome).append(doc_id)
    report.doc_ids.append(doc_id)
    if on_document:
        on_document(doc_id, outcome)
    return True


def _unchanged(report: ImportReport, doc_id: str, on_document: Callable[[str, str], None] | None) -> None:
    report.unchanged.append(doc_id)
    report.doc_ids.append(doc_id)
    if on_document:
        on_document(doc_id, "unchanged")


# -- files already imported: found by their size, mtime and inode (store.m004_file_stats) -------------------------
# A file modified in the last 2 s is not remembered: it could change again within the same mtime tick at the same
# size (the "racy git" problem), so it is read and hashed again next time. (Coarse filesystem clocks tick in 1 s.)
SETTLED_NS = 2_000_000_000


@dataclass(frozen=True)
class FileStat:
    path: str  # absolute
    size: int
    mtime_ns: int
    inode: int


def _stat(path: Path) -> FileStat:
    st = path.stat()
    return FileStat(os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino)


def _known_file(store: AnnotationStore, stat: FileStat) -> str | None:
    """The document this file became when it was last imported, if neither the file (size, mtime, inode) nor the
    document's text changed since: re-opening an unchanged 50 MB article reads nothing of it."""
    return store.file_document(stat.path, stat.size, stat.mtime_ns, stat.inode)


def _settled(path: Path, before: FileStat) -> bool:
    """Whether the bytes just read are the file as `before` describes it, for good: it did not change while it
    was read, and its last change is old enough that a new one would show in its mtime."""
    return _stat(path) == before and before.mtime_ns < time.time_ns() - SETTLED_NS


def _remember(store: AnnotationStore, files: list[tuple[FileStat, str]]) -> None:
    """Best effort: a busy database only means the file is read again next time."""
    try:
        store.remember_files(_stat_rows(files))
    except StoreError:
        pass


def _stat_rows(files: list[tuple[FileStat, str]]) -> list[tuple[str, int, int, int, str]]:
    return [(f.path, f.size, f.mtime_ns, f.inode, doc_id) for f, doc_id in files]


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


def _spellings(source: str) -> list[str]:
    """The ways the same source path may have been stored: as given, absolute, relative to here."""
    if not source:
        return []
    absolute = os.path.abspath(source)
    out = [source, absolute]
    try:
        out.append(os.path.relpath(absolute))
    except ValueError:  # another drive (Windows)
        pass
    return list(dict.fromkeys(out))


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


# -- opening a big file never imported: its first screen from the file while the import runs (tui/loading.py) ------
READ_WHILE_IMPORTING = 1 << 20  # a text file over this many bytes, not imported yet, opens before its import ends


def defer_import(store: AnnotationStore, path: str | Path) -> bool:
    """Whether `tui-reader open PATH` may show PATH before importing it: a text file (named or found as one, as
    `import` decides) over READ_WHILE_IMPORTING bytes that the store does not know by its size, mtime and inode.
    Anything else (a folder, JSON lines, a small or known file, one that cannot be read) is imported first."""
    p = Path(path)
    try:
        if not p.is_file():
            return False
        stat = _stat(p)
        if not READ_WHILE_IMPORTING < stat.size <= MAX_FILE_BYTES:
            return False
        if p.suffix.lower() not in TEXT_SUFFIXES and (p.suffix.lower() in (".jsonl", ".ndjson", ".json", ".csv",
                                                                           ".spacy") or looks_like_json_lines(p)):
            return False  # fmt: skip
        return _known_file(store, stat) is None
    except OSError:
        return False


def text_head(path: str | Path, max_bytes: int) -> str:
    """The beginning of the text `import` stores for this file, read from the file itself: at most `max_bytes`,
    decoded and normalised exactly as `decode` does the whole (BOM dropped, CR LF and CR to LF), cut after the
    last line break (else the last space) so that no character, CR LF pair or cluster is split. So the stored
    text starts with it (if the import succeeds). "" when that cannot be promised cheaply (UTF-16, a NUL byte,
    invalid UTF-8, no break at all): the pane then waits for the import."""
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    whole = len(data) <= max_bytes
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return ""
    if not whole:
        data = data[:max_bytes]
        cut = data.rfind(b"\n") + 1 or data.rfind(b" ") + 1
        data = data[:cut]
    try:
        return normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        return ""


def import_for_reading(db_path: str | Path, path: str | Path) -> tuple[ImportReport, Document | None]:
    """Import one file on a connection of its own (for a worker thread: a connection belongs to its thread),
    then read its document back; (report, None) when it was not imported (the report's problem says why)."""
    with AnnotationStore(db_path) as store:
        report = import_paths(store, [path])
        if report.problems or not report.doc_ids:
            return report, None
        return report, store.get_document(report.doc_ids[0])

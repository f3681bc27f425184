"""Import: paths (text files, folders, JSON-lines in any known format) into the store. Shared by CLI and TUI.

Transactions: one per text file, one per JSON-lines file. A crash or error part-way through a file leaves the
database as it was before that file; files already imported stay imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader import formats
from tui_reader.corpus import DecodeError, Problem, decode, doc_id_for, iter_files, read_bytes
from tui_reader.formats.common import iter_json_lines
from tui_reader.models import Document
from tui_reader.store import AnnotationStore, StoreError


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    spans: int = 0
    problems: list[Problem] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)  # every document the paths stand for, in input order

    def summary(self) -> str:
        parts = [f"{len(self.added) + len(self.renamed)} documents added", f"{len(self.unchanged)} unchanged",
                 f"{self.spans} spans added"]  # fmt: skip
        if self.problems:
            parts.append(f"{len(self.problems)} problems")
        return ", ".join(parts)


def detect_format(path: Path) -> str:
    """The JSON-lines format of a file, from its first object; brat for a folder with .ann files."""
    if path.is_dir():
        return "brat"
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
    for item in _expand(paths, fmt):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        path, kind = item
        if on_file:
            on_file(path)
        if kind == "text":
            _import_text(store, path, report, on_document)
        else:
            _import_records(store, path, kind, offsets, report, on_document)
    return report


def _expand(paths: Iterable[str | Path], fmt: str) -> Iterator[tuple[Path, str] | Problem]:
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
            elif f.suffix.lower() in (".jsonl", ".ndjson", ".json") or fmt not in ("auto", "text"):
                yield f, (detect_format(f) if fmt == "auto" else fmt)
            else:
                yield f, "text"


def _import_text(store: AnnotationStore, path: Path, report: ImportReport,
                 on_document: Callable[[str, str], None] | None) -> None:  # fmt: skip
    try:
        data = read_bytes(path)
        doc_id = _stored_unchanged(store, path, data)
        if doc_id is None:
            doc = Document(id=doc_id_for(path), text=decode(data), source=str(path))
    except DecodeError as e:
        report.problems.append(Problem(str(path), str(e)))
        return
    except OSError as e:
        report.problems.append(Problem(str(path), e.strerror or str(e)))
        return
    if doc_id is not None:
        outcome = "unchanged"
    else:
        doc_id, outcome = _stored_same(store, doc.id, doc.sha256) or store.add_document(doc)
    getattr(report, outcome).append(doc_id)
    report.doc_ids.append(doc_id)
    if on_document:
        on_document(doc_id, outcome)


def _stored_same(store: AnnotationStore, stem: str, sha256: str) -> tuple[str, str] | None:
    same = [i for i in store.find_documents(sha256=sha256) if i == stem or i.startswith(stem + "_")]
    return (same[0], "unchanged") if same else None


def _stored_unchanged(store: AnnotationStore, path: Path, data: bytes) -> str | None:
    """The id of the stored document this file's bytes are, found without decoding them; None to decode.

    When there is nothing to normalise (no BOM, no CR, no NUL) the normalised text's UTF-8 IS the file's bytes,
    so their hash is the stored sha256: re-opening an unchanged 50 MB file skips decoding and re-encoding it
    (0.75 s -> 0.15 s here, bench/bench_open.py). Anything else takes the full path.
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\r" in data or b"\x00" in data:
        return None
    found = _stored_same(store, doc_id_for(path), hashlib.sha256(data).hexdigest())
    return found[0] if found else None


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
    try:
        reader = formats.get(kind)
    except ValueError as e:
        report.problems.append(Problem(str(path), str(e)))
        return

    kw: dict[str, Any] = {"documents": _document_lookup(store)} if getattr(reader, "NEEDS_DOCUMENTS", False) else {}
    dedupe = not getattr(reader, "SPAN_IDS", True)

    def records() -> Iterator[tuple[Any, ...]]:
        for item in reader.read(path, offsets=offsets, **kw):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            spans = item.spans
            if dedupe and spans and store.has_document(item.doc.id):
                # no span ids in this format: a span equal to a stored one is the same span, not a new one
                # (a format that carries no annotator matches a stored span of any annotator)
                stored = store.spans(item.doc.id)
                have = {(s.start, s.end, s.label, s.annotator) for s in stored}
                have |= {(s.start, s.end, s.label, "") for s in stored}
                spans = [s for s in spans if (s.start, s.end, s.label, s.annotator) not in have]
            yield item.doc, spans, item.progress, item.links

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

    try:
        totals = store.import_records(records(), on_record=seen)
    except StoreError as e:
        report.problems.append(Problem(str(path), f"{e}; nothing from this file was imported"))
        return
    report.spans += totals["spans"]

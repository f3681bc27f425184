"""Importing big text files: a big plain UTF-8 file imported in pieces (never whole in memory), files already
imported found by their size, mtime and inode, and what `tui-reader open BIG.txt` shows before the import ends.

Split from importing.py, which re-exports every name (`importing.defer_import`, `importing.STREAM_BYTES`...) and
calls these from `import_paths`. Nothing here imports importing.py (no cycle).
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.corpus import (
    MAX_FILE_BYTES,
    Problem,
    doc_id_for,
    looks_like_json_lines,
    normalise,
)
from tui_reader.store import StoreError

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

    from tui_reader.store import AnnotationStore

TEXT_SUFFIXES = (".txt", ".text", ".md")


def _let_others_write(held: float) -> None:
    """Pause briefly after a bulk transaction that held the write lock for `held` seconds.

    SQLite's lock is not fair: a waiting writer polls, and a bulk import that begins its next transaction the
    instant it commits can starve an annotator until the whole import is done. SQLite's busy handler sleeps 1,
    2, 5, 10, 15, 20, 25, 25, 25 ms, then 50 ms twice (from 128 ms of waiting), then 100 ms (from 228 ms): a writer
    that has waited as long as the transaction held the lock polls at most that far apart. So the gap is a
    quarter of the time held for short transactions (many of them: a writer waits a few at most), and for longer
    ones the whole poll interval, 50 ms from 128 ms held and 100 ms from 228 ms: a gap of held / 4 there (57-100
    ms between 228 and 400 ms) could fall between two polls of a writer waiting every 100 ms, and with a few big
    transactions (one per JSONL file) it could miss them all. The import runs at most ~45% longer while the lock
    is contended (25% beyond 400 ms held), and not measurably so for small batches.
    """
    if held > 0.004:
        time.sleep(held / 4 if held < 0.128 else 0.05 if held < 0.228 else 0.1)


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


# -- a big plain UTF-8 file: imported in pieces, never whole in memory ----------------------------------------------
# A UTF-8 text file over STREAM_BYTES (with or without a BOM, LF, CR LF or CR line ends; no NUL) is read twice
# in 1 MiB pieces, normalised piece by piece as `decode` does the whole (`_pieces`): once to check it and hash the
# text, once to write the text into its row (store.add_document_from_file). Importing a 200 MB article then holds no copy of it in Python
# (it used to hold the bytes, a 4-byte-per-character str, its UTF-8 and SQLite's copies: ~8x its size); SQLite
# holds it about twice while making the row. Any other file (UTF-16, NUL, invalid UTF-8) takes the whole-file path.
STREAM_BYTES = 8 << 20
_PIECE = 1 << 20


@dataclass(frozen=True)
class _Scan:
    size: int
    sha256: str
    head: str  # the text's first HEAD_CHARS + 1 characters at least (its title comes from them)


class _NotPlain(Exception):
    """The file is UTF-16 or holds a NUL byte: the whole-file path decides (and says why)."""


def _pieces(path: Path) -> Generator[bytes, None, None]:
    """The UTF-8 bytes of the text `decode` makes of this file, in pieces of about _PIECE bytes, never whole: a
    leading UTF-8 BOM dropped, CR LF and lone CR to LF (as `normalise` does; in UTF-8 the byte 0x0D is only ever
    a CR). A CR that ends a piece is held back until the next piece shows whether LF follows. Raises _NotPlain
    for a UTF-16 BOM or a NUL byte (validity as UTF-8 is the caller's check)."""
    held = b""
    first = True
    with open(path, "rb") as f:
        while raw := f.read(_PIECE):
            if first:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise _NotPlain
                while len(raw) < 3 and raw == b"\xef\xbb\xbf"[: len(raw)] and (more := f.read(_PIECE)):
                    raw += more  # a BOM cut by a tiny piece size
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                first = False
            if b"\x00" in raw:
                raise _NotPlain
            data = held + raw
            held = b""
            if data.endswith(b"\r"):
                data, held = data[:-1], b"\r"
            if b"\r" in data:
                data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            if data:
                yield data
    if held:
        yield b"\n"


class _PieceReader:
    """`_pieces` as a file the store reads (store.add_document_from_file): each read gives the next piece."""

    def __init__(self, path: Path) -> None:
        self._it = _pieces(path)

    def read(self, _n: int = -1) -> bytes:
        return next(self._it, b"")

    def __enter__(self) -> _PieceReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._it.close()


def _scan_plain_utf8(path: Path) -> _Scan | None:
    """The size, sha256 and beginning of the text `decode` makes of this file (UTF-8, with or without a BOM,
    CR LF or CR line ends), read in pieces; None when it is not valid UTF-8, UTF-16, holds NUL or only white
    space: the whole-file path then says why, as it always did."""
    import codecs
    import hashlib

    from tui_reader.titles import HEAD_CHARS

    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head: list[str] = []
    head_chars = 0
    blank = True
    size = 0
    try:
        for piece in _pieces(path):
            chars = decoder.decode(piece)
            if blank and chars.strip():
                blank = False
            if head_chars <= HEAD_CHARS:
                head.append(chars)
                head_chars += len(chars)
            digest.update(piece)
            size += len(piece)
        decoder.decode(b"", final=True)
    except (_NotPlain, UnicodeDecodeError):
        return None
    return None if blank or not size else _Scan(size, digest.hexdigest(), "".join(head))


def _stream_text(store: AnnotationStore, path: Path, before: FileStat, scan: _Scan, report: Any,
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
                                             path=_PieceReader(path), size=scan.size, sha256=scan.sha256)  # fmt: skip
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

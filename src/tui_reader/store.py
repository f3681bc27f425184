"""AnnotationStore: the only module with SQL. Schema, migrations, documents, spans, events, undo/redo.

Every write runs in `BEGIN IMMEDIATE` (a deferred transaction that reads then writes fails with
SQLITE_BUSY_SNAPSHOT under concurrency whatever the busy timeout), WAL, foreign keys on, busy timeout 10 s.
Every change to a span appends an `events` row in the same transaction: undo/redo replay that log.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite-utils is imported only when a schema step must run (~90 ms off every start)
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

from tui_reader.models import PROGRESS, STATUSES, Document, Span, default_title, now_iso, uuid7

BUSY_TIMEOUT_MS = 10_000
UNDOABLE = ("create", "delete", "update")
SPAN_COLUMNS = (
    "id", "doc_id", "start", "end", "label", "text", "note", "attrs",
    "annotator", "status", "origin", "created_at", "updated_at", "stale",
)  # fmt: skip


class StoreError(Exception):
    """A problem the user can act on; the message is one clear line."""


class SpanError(StoreError):
    """A span that would break `text[start:end] == span.text` or name an unknown document."""


class BusyError(StoreError):
    """The database stayed locked by another writer longer than the busy timeout."""


def m001_initial(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL, sha256 TEXT NOT NULL, added_at TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}')"""
    )
    db.execute(
        """CREATE TABLE spans (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT NOT NULL, text TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '', attrs TEXT NOT NULL DEFAULT '{}', annotator TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'accepted', origin TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start))"""
    )
    db.execute("CREATE INDEX spans_doc ON spans(doc_id, start, \"end\")")
    db.execute(
        """CREATE TABLE progress (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, annotator TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'todo', updated_at TEXT NOT NULL, PRIMARY KEY (doc_id, annotator))"""
    )
    db.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, annotator TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL, span_id TEXT, before TEXT, after TEXT)"""
    )
    db.execute("CREATE INDEX events_annotator ON events(annotator, seq)")


def m002_links_stale_undo(db: sqlite_utils.Database) -> None:
    """Cross-document links, a `stale` flag for spans that could not be re-anchored, undo references."""
    db.execute(
        """CREATE TABLE links (
            group_id TEXT NOT NULL, span_id TEXT NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL DEFAULT '', annotator TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (group_id, span_id))"""
    )
    db.execute("CREATE INDEX links_span ON links(span_id)")
    db.execute("ALTER TABLE spans ADD COLUMN stale INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE events ADD COLUMN ref INTEGER")
    db.execute("CREATE INDEX spans_label ON spans(label)")


def m003_events_origin(db: sqlite_utils.Database) -> None:
    """Merged events: `origin` names the database an event was merged from (NULL: made here, so undoable
    here); an index on (at, annotator, action) lets a merge recognise events it already holds."""
    db.execute("ALTER TABLE events ADD COLUMN origin TEXT")
    db.execute("CREATE INDEX events_at ON events(at, annotator, action)")


def m004_file_stats(db: sqlite_utils.Database) -> None:
    """What each imported text file looked like on disk (size, mtime, inode) and the document it became, so that
    re-opening an unchanged file finds its document without reading or hashing it (`importing._known_file`).
    The trigger forgets a file as soon as its document's text changes (re-import, another program), so the
    shortcut never names a document whose text is not the file's; deleting the document forgets it too."""
    db.execute(
        """CREATE TABLE file_stats (
            path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE)"""
    )
    db.execute("CREATE INDEX file_stats_doc ON file_stats(doc_id)")
    db.execute(
        """CREATE TRIGGER file_stats_text_changed AFTER UPDATE OF text ON documents
            BEGIN DELETE FROM file_stats WHERE doc_id = OLD.id; END"""
    )


# Schema steps in order; each runs once per database through sqlite-utils `Migrations` (see `_migrations`).
MIGRATION_STEPS = (m001_initial, m002_links_stale_undo, m003_events_origin, m004_file_stats)
KNOWN_MIGRATIONS = [f.__name__ for f in MIGRATION_STEPS]


def _migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    steps = Migrations("tui_reader")
    for fn in MIGRATION_STEPS:
        steps()(fn)
    return steps


def __getattr__(name: str) -> Any:  # `from tui_reader.store import migrations` still works, lazily
    if name == "migrations":
        return _migrations()
    raise AttributeError(name)


@dataclass
class Event:
    seq: int
    at: str
    annotator: str
    action: str
    span_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ref: int | None = None


@dataclass(frozen=True)
class DocumentHead:
    """The beginning of a document's text (`AnnotationStore.document_head`); `size` is the whole text in UTF-8."""

    id: str
    title: str
    text: str
    size: int
    complete: bool


@dataclass
class DocSummary:
    id: str
    title: str
    spans: int
    status: str  # progress of the annotator asked about: todo | in-progress | done


def _span_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Span:
    # Unpacked by position (the order of SPAN_COLUMNS) and '{}' not parsed: this runs once per span on every
    # export, 6x faster than a dict(zip()) and json.loads per row (bench/bench_bulk.py).
    sid, doc_id, start, end, label, text, note, attrs, annotator, status, origin, created_at, updated_at, stale = row
    return Span(
        doc_id=doc_id, start=start, end=end, label=label, text=text, id=sid, note=note,
        attrs={} if attrs == "{}" or not attrs else json.loads(attrs), annotator=annotator, status=status,
        origin=origin, created_at=created_at, updated_at=updated_at, stale=bool(stale),
    )  # fmt: skip


def _span_values(s: Span) -> tuple[Any, ...]:
    return (
        s.id, s.doc_id, s.start, s.end, s.label, s.text, s.note,
        json.dumps(s.attrs, ensure_ascii=False, sort_keys=True), s.annotator, s.status, s.origin,
        s.created_at, s.updated_at, int(s.stale),
    )  # fmt: skip


_SPAN_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in SPAN_COLUMNS) + " FROM spans"
_SPAN_INSERT = (
    "INSERT INTO spans (" + ", ".join(f'"{c}"' for c in SPAN_COLUMNS) + ") VALUES ("
    + ", ".join("?" for _ in SPAN_COLUMNS) + ")"
)  # fmt: skip


_SPAN_INSERT_OR_IGNORE = _SPAN_INSERT.replace("INSERT", "INSERT OR IGNORE", 1)
_encode_attrs = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # what json.dumps(...) does, built once


def _bulk_span_values(s: Span) -> tuple[Any, ...]:
    """`_span_values` for bulk imports: same tuple, without building a JSON encoder per span (7x faster)."""
    return (
        s.id, s.doc_id, s.start, s.end, s.label, s.text, s.note, _encode_attrs(s.attrs) if s.attrs else "{}",
        s.annotator, s.status, s.origin, s.created_at, s.updated_at, int(s.stale),
    )  # fmt: skip


class AnnotationStore:
    """One SQLite file. Open one store per thread (sqlite3 connections are bound to their thread)."""

    def __init__(self, path: str | Path, *, create: bool = True, synchronous: str = "FULL") -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        parent = self.path.resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{self.path}: folder {parent} does not exist")
        if not self.path.exists() and not os.access(parent, os.W_OK):
            raise StoreError(f"{self.path}: cannot create the database, folder {parent} is not writable")
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise StoreError(f"{self.path}: database is read-only (annotations could not be saved)")
        _check_location(self.path, parent)  # trust: read-only folder beside an existing file, network filesystems
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable SQLite database ({e})") from None
        if str(mode).lower() != "wal":
            raise StoreError(
                f"{self.path}: SQLite could not use WAL mode here ({mode}); "
                "a network or read-only filesystem cannot hold the database safely, use a local disk"
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        self.conn = conn
        self._texts: dict[str, tuple[int, str, str]] = {}  # doc_id -> (data_version, sha256, text)
        self._db: sqlite_utils.Database | None = None
        self._encoding: str | None = None
        self._migrate()

    # -- lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection (schema work); built on first use."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _applied_migrations(self) -> list[str]:
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
            return []
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'tui_reader' ORDER BY rowid"
        )
        return [r[0] for r in rows]

    def _migrate(self) -> None:
        applied = self._applied_migrations()
        unknown = [n for n in applied if n not in KNOWN_MIGRATIONS]
        if unknown:
            raise StoreError(
                f"{self.path}: made by a newer tui-reader (schema step {unknown[-1]!r}); upgrade tui-reader to open it"
            )
        if len(applied) == len(KNOWN_MIGRATIONS):
            return
        with self.write():
            _migrations().apply(self.db)
            self.conn.execute(f"PRAGMA user_version = {len(KNOWN_MIGRATIONS)}")

    @property
    def schema_version(self) -> int:
        return len(self._applied_migrations())

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE so readers-turned-writers never deadlock."""
        if self.conn.in_transaction:  # nested: join the outer transaction
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise BusyError(f"{self.path}: database is busy (another writer held it for over "
                                f"{BUSY_TIMEOUT_MS // 1000} s)") from None
            raise
        try:
            yield self.conn
        except BaseException:
            self._texts.clear()  # a text read inside the rolled-back transaction may never have existed
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _event(self, annotator: str, action: str, span_id: str | None, before: Any, after: Any,
               ref: int | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO events (at, annotator, action, span_id, before, after, ref) VALUES (?,?,?,?,?,?,?)",
            (now_iso(), annotator, action, span_id,
             None if before is None else json.dumps(before, ensure_ascii=False),
             None if after is None else json.dumps(after, ensure_ascii=False), ref),
        )  # fmt: skip
        return int(cur.lastrowid or 0)

    # -- documents ---------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def get_document(self, doc_id: str) -> Document:
        row = self.conn.execute(
            "SELECT id, title, source, text, sha256, added_at, meta FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id!r}")
        self._remember_text(doc_id, row[4], row[3])
        return Document(id=row[0], title=row[1], source=row[2], text=row[3], sha256=row[4], added_at=row[5],
                        meta=json.loads(row[6] or "{}"))  # fmt: skip

    def document_head(self, doc_id: str, max_bytes: int) -> DocumentHead:
        """The title, size and first lines of a document, without reading its whole text (SQLite's incremental
        blob I/O reads only the first pages of a long value; columns after `text` are not touched).

        `text` is `document.text[:len(text)]`: at most `max_bytes` of UTF-8, cut after the last line break in
        them (a paragraph boundary), else after the last space, else at the last whole character.
        `complete` says it is the whole text.
        """
        row = self.conn.execute("SELECT rowid, title FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id!r}")
        if self._encoding is None:
            self._encoding = str(self.conn.execute("PRAGMA encoding").fetchone()[0])
        if self._encoding != "UTF-8":  # blob bytes are the text in the database's encoding: read it whole
            return self._whole_head(doc_id)
        try:
            with self.conn.blobopen("documents", "text", row[0], readonly=True) as blob:
                size = len(blob)
                data = blob.read(max_bytes)
        except sqlite3.OperationalError:  # the row changed between the two statements: read it the usual way
            return self._whole_head(doc_id)
        if len(data) < size:  # after the last line break (always a grapheme boundary), else the last space
            cut = data.rfind(b"\n") + 1 or data.rfind(b" ") + 1 or len(data)
            data = data[:cut]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:  # no break or space at all: end at the last whole character
            data = data[: e.start]
            text = data.decode("utf-8")
        return DocumentHead(doc_id, row[1], text, size, len(data) == size)

    def _whole_head(self, doc_id: str) -> DocumentHead:
        doc = self.get_document(doc_id)
        return DocumentHead(doc_id, doc.title, doc.text, len(doc.text.encode("utf-8")), True)

    def document_text(self, doc_id: str) -> str:
        return self.get_document(doc_id).text

    # -- files already imported (importing._known_file) ---------------------------------------------------------
    def file_document(self, path: str, size: int, mtime_ns: int, inode: int) -> str | None:
        """The document the file at `path` became when it last had this size, mtime and inode, if its text has
        not changed since (m004_file_stats)."""
        row = self.conn.execute(
            "SELECT doc_id FROM file_stats WHERE path = ? AND size = ? AND mtime_ns = ? AND inode = ?",
            (path, size, mtime_ns, inode),
        ).fetchone()
        return None if row is None else str(row[0])

    def remember_files(self, rows: Iterable[tuple[str, int, int, int, str]]) -> None:
        """Record (path, size, mtime_ns, inode, doc_id) of files whose document now holds exactly their text."""
        with self.write():
            self.conn.executemany(
                "INSERT OR REPLACE INTO file_stats (path, size, mtime_ns, inode, doc_id) VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def count_documents(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def find_documents(self, *, source: str | None = None, sha256: str | None = None) -> list[str]:
        sql, args = "SELECT id FROM documents WHERE 1", []
        if source is not None:
            sql += " AND source = ?"
            args.append(source)
        if sha256 is not None:
            sql += " AND sha256 = ?"
            args.append(sha256)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY id", args)]

    def document_summaries(self, annotator: str | None = None) -> list[DocSummary]:
        """Every document with its accepted span count and progress (of `annotator`, else anyone's).

        No column after `title` is read: `text` can be 50 MB, and reading past it (or its length) walks its
        whole overflow chain, for every document, at every start of the app.
        """
        rows = self.conn.execute(
            """SELECT d.id, d.title,
                 (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status = 'accepted'),
                 COALESCE((SELECT p.status FROM progress p WHERE p.doc_id = d.id
                           AND (? IS NULL OR p.annotator = ?)
                           ORDER BY CASE p.status WHEN 'done' THEN 0 WHEN 'in-progress' THEN 1 ELSE 2 END
                           LIMIT 1), 'todo')
               FROM documents d ORDER BY d.id""",
            (annotator, annotator),
        )
        return [DocSummary(*r) for r in rows]

    def add_document(self, doc: Document) -> tuple[str, str]:
        """Insert `doc`. Returns (id, outcome): outcome is 'added', 'unchanged' or 'renamed' (id suffixed).

        Same id and same sha256: nothing changes (import is idempotent). Same id, other text: the document is
        stored under a suffixed id (`stem_2`, ...) unless the same text already exists under such an id.
        """
        with self.write():
            base, n, doc_id = doc.id, 1, doc.id
            while True:
                row = self.conn.execute("SELECT sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    break
                if row[0] == doc.sha256:
                    return doc_id, "unchanged"
                n += 1
                doc_id = f"{base}_{n}"
            self._insert_document(doc, doc_id)
            self._event("", "import", None, None, {"doc_id": doc_id, "sha256": doc.sha256, "spans": 0})
            return doc_id, ("added" if doc_id == base else "renamed")

    def _insert_document(self, doc: Document, doc_id: str) -> None:
        self.conn.execute(
            "INSERT INTO documents (id, title, source, text, sha256, added_at, meta) VALUES (?,?,?,?,?,?,?)",
            (doc_id, doc.title, doc.source, doc.text, doc.sha256, doc.added_at or now_iso(),
             json.dumps(doc.meta, ensure_ascii=False, sort_keys=True)),
        )  # fmt: skip

    def import_records(
        self,
        records: Iterable[tuple[Document, Sequence[Span], Sequence[dict[str, Any]], Sequence[dict[str, Any]]]],
        on_record: Callable[[str, str, int], None] | None = None,
    ) -> dict[str, int]:
        """Bulk import in ONE transaction: documents with their spans, progress rows and link groups.

        A document whose id exists with the same sha256 is kept and only new spans (by id) are added; one
        whose id exists with other text is skipped and reported through `on_record(doc_id, 'conflict', 0)`.
        Spans are inserted with `executemany` (sqlite-utils' per-row insert is ~6x slower); one `import`
        event per document. A crash or error leaves the database as it was before the call.
        """
        totals = {"documents": 0, "unchanged": 0, "conflicts": 0, "spans": 0}
        links: list[tuple[str, str]] = []
        with self.write() as conn:
            for doc, spans, progress, doc_links in records:
                for g in doc_links:
                    links.extend((str(g.get("group")), str(sid)) for sid in g.get("spans", []))
                row = conn.execute("SELECT sha256 FROM documents WHERE id = ?", (doc.id,)).fetchone()
                if row is None:
                    self._insert_document(doc, doc.id)
                    outcome = "added"
                    totals["documents"] += 1
                elif row[0] == doc.sha256:
                    outcome = "unchanged"
                    totals["unchanged"] += 1
                else:
                    totals["conflicts"] += 1
                    if on_record:
                        on_record(doc.id, "conflict", 0)
                    continue
                for s in spans:
                    _check_span(doc.text, s)
                before = conn.total_changes
                conn.executemany(_SPAN_INSERT_OR_IGNORE, map(_bulk_span_values, spans))
                added = conn.total_changes - before
                totals["spans"] += added
                for p in progress:
                    conn.execute(
                        "INSERT OR REPLACE INTO progress (doc_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                        (doc.id, p.get("annotator", ""), p.get("status", "todo"), p.get("updated_at") or now_iso()),
                    )
                if outcome == "added" or added:
                    self._event("", "import", None, None, {"doc_id": doc.id, "sha256": doc.sha256, "spans": added})
                if on_record:
                    on_record(doc.id, outcome, added)
            if links:
                conn.executemany(
                    "INSERT OR IGNORE INTO links (group_id, span_id, created_at) "
                    "SELECT ?, id, ? FROM spans WHERE id = ?",
                    ((g, now_iso(), sid) for g, sid in links),
                )
        return totals

    # -- spans -------------------------------------------------------------------------------------
    def add_span(
        self,
        doc_id: str,
        start: int,
        end: int,
        label: str,
        *,
        annotator: str = "",
        note: str = "",
        attrs: dict[str, Any] | None = None,
        status: str = "accepted",
        origin: str = "manual",
    ) -> Span:
        """Validate `0 <= start < end <= len(text)`, store `text[start:end]`, log a `create` event."""
        if status not in STATUSES:
            raise SpanError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
        if not label:
            raise SpanError("a span needs a label")
        with self.write():
            text = self._text_or_error(doc_id)
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise SpanError(f"span {start}..{end} is outside document {doc_id!r} (length {len(text)})")
            span = Span(doc_id=doc_id, start=start, end=end, label=label, text=text[start:end], note=note,
                        attrs=dict(attrs or {}), annotator=annotator, status=status, origin=origin)  # fmt: skip
            self.conn.execute(_SPAN_INSERT, _span_values(span))
            self._event(annotator, "create", span.id, None, span.to_dict())
        return span

    def _text_or_error(self, doc_id: str) -> str:
        """The document's text, from a small cache when no other connection has committed since it was read.

        Every save checks offsets against the text; reading a 50 MB text back from SQLite costs ~0.2-0.5 s, so
        the text is kept (the same str object the app shows) and trusted while `PRAGMA data_version` says no
        other connection wrote; after another connection's commit its sha256 is compared before reuse.
        """
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        hit = self._texts.get(doc_id)
        if hit is not None:
            if hit[0] == version:
                return hit[2]
            row = self.conn.execute("SELECT sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is not None and row[0] == hit[1]:
                self._texts[doc_id] = (version, hit[1], hit[2])
                return hit[2]
        row = self.conn.execute("SELECT text, sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            self._texts.pop(doc_id, None)
            raise SpanError(f"no document with id {doc_id!r}")
        self._remember_text(doc_id, row[1], row[0], version)
        return str(row[0])

    def _remember_text(self, doc_id: str, sha256: str, text: str, version: int | None = None) -> None:
        if version is None:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        self._texts.pop(doc_id, None)
        self._texts[doc_id] = (version, sha256, text)
        while len(self._texts) > 4:  # the two panes' documents and a little history
            self._texts.pop(next(iter(self._texts)))

    def get_span(self, span_id: str) -> Span | None:
        row = self.conn.execute(_SPAN_SELECT + " WHERE id = ?", (span_id,)).fetchone()
        return _span_from_row(row) if row else None

    def spans(
        self,
        doc_id: str | None = None,
        *,
        labels: Sequence[str] = (),
        annotators: Sequence[str] = (),
        statuses: Sequence[str] = (),
        doc_ids: Sequence[str] = (),
    ) -> list[Span]:
        """Spans matching every filter given (an empty filter matches all), sorted by (start, end, label)."""
        return list(self.iter_spans(doc_id, labels=labels, annotators=annotators, statuses=statuses,
                                    doc_ids=doc_ids))  # fmt: skip

    def iter_spans(
        self,
        doc_id: str | None = None,
        *,
        labels: Sequence[str] = (),
        annotators: Sequence[str] = (),
        statuses: Sequence[str] = (),
        doc_ids: Sequence[str] = (),
    ) -> Iterator[Span]:
        where, args = [], []  # type: ignore[var-annotated]
        if doc_id is not None:
            where.append("doc_id = ?")
            args.append(doc_id)
        for col, values in (("label", labels), ("annotator", annotators), ("status", statuses),
                            ("doc_id", doc_ids)):  # fmt: skip
            if values:
                where.append(f"{col} IN ({', '.join('?' for _ in values)})")
                args.extend(values)
        sql = _SPAN_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += ' ORDER BY doc_id, start, "end", label, id'
        for row in self.conn.execute(sql, args):
            yield _span_from_row(row)

    def update_span(self, span_id: str, *, annotator: str = "", **changes: Any) -> Span:
        """Change note, label, status, attrs or stale of a span; logs an `update` event with before/after."""
        allowed = {"note", "label", "status", "attrs", "stale", "annotator"}
        bad = set(changes) - allowed
        if bad:
            raise SpanError(f"cannot change {', '.join(sorted(bad))} of a span")
        if "status" in changes and changes["status"] not in STATUSES:
            raise SpanError(f"unknown status {changes['status']!r}")
        with self.write():
            old = self.get_span(span_id)
            if old is None:
                raise SpanError(f"no span with id {span_id!r}")
            if old.status == "suggested" and changes.get("status") in ("accepted", "rejected") and annotator:
                changes.setdefault("annotator", annotator)  # deciding on a suggestion makes it the decider's
            new = Span(**{**old.to_dict(), **changes, "updated_at": now_iso()})
            self._replace_span(new)
            self._event(annotator, "update", span_id, old.to_dict(), new.to_dict())
        return new

    def move_span(self, span_id: str, start: int, end: int, *, annotator: str = "", action: str = "reanchor") -> Span:
        """Re-anchor a span to new offsets in its document's current text (an event records both)."""
        with self.write():
            old = self.get_span(span_id)
            if old is None:
                raise SpanError(f"no span with id {span_id!r}")
            text = self._text_or_error(old.doc_id)
            if not 0 <= start < end <= len(text):
                raise SpanError(f"span {start}..{end} is outside document {old.doc_id!r}")
            new = Span(**{**old.to_dict(), "start": start, "end": end, "text": text[start:end],
                          "stale": False, "updated_at": now_iso()})  # fmt: skip
            self._replace_span(new)
            self._event(annotator, action, span_id, old.to_dict(), new.to_dict())
        return new

    def _replace_span(self, s: Span) -> None:
        self.conn.execute(
            'UPDATE spans SET doc_id=?, start=?, "end"=?, label=?, text=?, note=?, attrs=?, annotator=?, '
            "status=?, origin=?, created_at=?, updated_at=?, stale=? WHERE id = ?",
            (*_span_values(s)[1:], s.id),
        )

    def delete_span(self, span_id: str, *, annotator: str = "") -> Span:
        with self.write():
            old = self.get_span(span_id)
            if old is None:
                raise SpanError(f"no span with id {span_id!r}")
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._event(annotator, "delete", span_id, old.to_dict(), None)
        return old

    def spans_at(self, doc_id: str, offset: int) -> list[Span]:
        rows = self.conn.execute(
            _SPAN_SELECT + ' WHERE doc_id = ? AND start <= ? AND "end" > ? ORDER BY start, "end", label',
            (doc_id, offset, offset),
        )
        return [_span_from_row(r) for r in rows]

    # -- undo / redo -------------------------------------------------------------------------------
    def _stacks(self, annotator: str) -> tuple[list[int], list[int]]:
        undo: list[int] = []
        redo: list[int] = []
        rows = self.conn.execute(
            "SELECT seq, action, ref FROM events WHERE annotator = ? AND action IN "
            "('create', 'delete', 'update', 'undo', 'redo') AND origin IS NULL ORDER BY seq",
            (annotator,),
        )
        for seq, action, ref in rows:
            if action in UNDOABLE:
                undo.append(seq)
                redo.clear()
            elif action == "undo" and undo and undo[-1] == ref:
                redo.append(undo.pop())
            elif action == "redo" and redo and redo[-1] == ref:
                undo.append(redo.pop())
        return undo, redo

    def get_event(self, seq: int) -> Event:
        row = self.conn.execute(
            "SELECT seq, at, annotator, action, span_id, before, after, ref FROM events WHERE seq = ?", (seq,)
        ).fetchone()
        return Event(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]) if row[5] else None,
                     json.loads(row[6]) if row[6] else None, row[7])  # fmt: skip

    def events(self, *, annotator: str | None = None, since: int = 0) -> list[Event]:
        sql = "SELECT seq FROM events WHERE seq > ?" + (" AND annotator = ?" if annotator is not None else "")
        args: list[Any] = [since] + ([annotator] if annotator is not None else [])
        return [self.get_event(r[0]) for r in self.conn.execute(sql + " ORDER BY seq", args).fetchall()]

    def undo(self, annotator: str = "") -> Event | None:
        """Revert this annotator's latest change still in effect (works across restarts: it reads the log)."""
        return self._travel(annotator, "undo")

    def redo(self, annotator: str = "") -> Event | None:
        return self._travel(annotator, "redo")

    def _travel(self, annotator: str, direction: str) -> Event | None:
        with self.write():
            undo, redo = self._stacks(annotator)
            stack = undo if direction == "undo" else redo
            if not stack:
                return None
            ev = self.get_event(stack[-1])
            want_now, target = (ev.after, ev.before) if direction == "undo" else (ev.before, ev.after)
            assert ev.span_id is not None
            current = self.get_span(ev.span_id)
            now = current.to_dict() if current else None
            if (now is None) != (want_now is None) or (now and want_now and _content(now) != _content(want_now)):
                raise StoreError("cannot " + direction + ": the span was changed since (by another session)")
            if target is not None and not target.get("stale") and not _fits(self._text_or_error(target["doc_id"]), target):
                raise StoreError("cannot " + direction + ": the document's text was changed since (source re-imported)")
            if target is None:
                self.conn.execute("DELETE FROM spans WHERE id = ?", (ev.span_id,))
            elif current is None:
                self.conn.execute(_SPAN_INSERT, _span_values(_span_from_dict(target)))
            else:
                self._replace_span(_span_from_dict(target))
            seq = self._event(annotator, direction, ev.span_id, now, target, ref=ev.seq)
            return self.get_event(seq)

    # -- progress ----------------------------------------------------------------------------------
    def set_progress(self, doc_id: str, annotator: str, status: str) -> None:
        if status not in PROGRESS:
            raise StoreError(f"unknown progress status {status!r}")
        with self.write():
            self._text_or_error(doc_id)
            old = self.conn.execute(
                "SELECT status FROM progress WHERE doc_id = ? AND annotator = ?", (doc_id, annotator)
            ).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO progress (doc_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                (doc_id, annotator, status, now_iso()),
            )
            self._event(annotator, "progress", None, {"doc_id": doc_id, "status": old[0] if old else "todo"},
                        {"doc_id": doc_id, "status": status})  # fmt: skip

    def progress(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT doc_id, annotator, status, updated_at FROM progress"
        rows = self.conn.execute(sql + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, annotator",
                                 (doc_id,) if doc_id else ())  # fmt: skip
        return [dict(zip(("doc_id", "annotator", "status", "updated_at"), r, strict=True)) for r in rows]

    # -- links -------------------------------------------------------------------------------------
    def link_spans(self, span_ids: Sequence[str], *, annotator: str = "", group_id: str | None = None) -> str:
        """Put spans in one cross-document group (joining any group one of them is already in)."""
        with self.write():
            if group_id is None:
                q = f"SELECT group_id FROM links WHERE span_id IN ({', '.join('?' for _ in span_ids)}) LIMIT 1"
                row = self.conn.execute(q, list(span_ids)).fetchone()
                group_id = row[0] if row else uuid7()
            for sid in span_ids:
                if self.get_span(sid) is None:
                    raise SpanError(f"no span with id {sid!r}")
                self.conn.execute(
                    "INSERT OR IGNORE INTO links (group_id, span_id, created_at, annotator) VALUES (?,?,?,?)",
                    (group_id, sid, now_iso(), annotator),
                )
            self._event(annotator, "link", None, None, {"group": group_id, "spans": list(span_ids)})
        return group_id

    def links(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Groups (`{"group", "spans"}`) with at least one span in `doc_id` (all groups when None)."""
        if doc_id is None:
            rows = self.conn.execute("SELECT group_id, span_id FROM links ORDER BY group_id, span_id")
        else:
            rows = self.conn.execute(
                "SELECT group_id, span_id FROM links WHERE group_id IN (SELECT l.group_id FROM links l "
                "JOIN spans s ON s.id = l.span_id WHERE s.doc_id = ?) ORDER BY group_id, span_id",
                (doc_id,),
            )
        groups: dict[str, list[str]] = {}
        for g, s in rows:
            groups.setdefault(g, []).append(s)
        return [{"group": g, "spans": s} for g, s in groups.items()]

    # -- stats -------------------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        q = self.conn.execute
        docs = int(q("SELECT count(*) FROM documents").fetchone()[0])
        done = int(q("SELECT count(DISTINCT doc_id) FROM progress WHERE status = 'done'").fetchone()[0])
        by_label = dict(q("SELECT label, count(*) FROM spans WHERE status = 'accepted' GROUP BY label ORDER BY label"))
        by_annotator = dict(
            q("SELECT annotator, count(*) FROM spans WHERE status = 'accepted' GROUP BY annotator ORDER BY annotator")
        )
        by_status = dict(q("SELECT status, count(*) FROM spans GROUP BY status ORDER BY status"))
        stale = [
            {"id": r[0], "doc_id": r[1], "label": r[2], "text": r[3]}
            for r in q("SELECT id, doc_id, label, text FROM spans WHERE stale = 1 ORDER BY doc_id, start")
        ]
        per_annotator_done = dict(
            q("SELECT annotator, count(*) FROM progress WHERE status = 'done' GROUP BY annotator ORDER BY annotator")
        )
        return {
            "documents": docs,
            "spans": int(sum(by_label.values())),
            "spans_per_label": by_label,
            "spans_per_annotator": by_annotator,
            "spans_per_status": by_status,
            "progress": {"done": done, "total": docs, "done_per_annotator": per_annotator_done},
            "stale": stale,
            "links": len(self.links()),
            "link_groups": self.link_groups(),
        }

    # -- assist: link groups for stats, bulk suggestions (suggest.py) ---------------------------------
    def link_groups(self) -> list[dict[str, Any]]:
        """Each link group with how far it travelled: {"group", "label", "text" (its first span's), "spans",
        "documents" (how many distinct documents), "doc_ids"}; most documents first."""
        rows = self.conn.execute(
            "SELECT l.group_id, s.doc_id, s.label, s.text FROM links l JOIN spans s ON s.id = l.span_id "
            "ORDER BY l.group_id, s.created_at, s.id"
        )
        groups: dict[str, dict[str, Any]] = {}
        for group, doc_id, label, text in rows:
            g = groups.setdefault(group, {"group": group, "label": label, "text": text, "spans": 0, "doc_ids": []})
            g["spans"] += 1
            if doc_id not in g["doc_ids"]:
                g["doc_ids"].append(doc_id)
        out = [{**g, "documents": len(g["doc_ids"]), "doc_ids": sorted(g["doc_ids"])} for g in groups.values()]
        return sorted(out, key=lambda g: (-g["documents"], -g["spans"], g["text"]))

    def add_spans_if_new(
        self,
        doc_id: str,
        items: Sequence[tuple[int, int, str, str, dict[str, Any]]],
        *,
        annotator: str = "",
        status: str = "suggested",
    ) -> list[Span]:
        """Add (start, end, label, origin, attrs) spans to one document in ONE transaction, skipping any whose
        (start, end, label) already exists there in any status (a rejected suggestion is not brought back).

        Offsets are validated like `add_span`. Each added span gets a `suggest` event: logged, but not on the
        undo stack (undo after a suggestion run should undo the annotator's last edit, not one suggestion).
        """
        if status not in STATUSES:
            raise SpanError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
        added: list[Span] = []
        with self.write():
            text = self._text_or_error(doc_id)
            seen = {tuple(r) for r in self.conn.execute(
                'SELECT start, "end", label FROM spans WHERE doc_id = ?', (doc_id,))}  # fmt: skip
            for start, end, label, origin, attrs in items:
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                    raise SpanError(f"span {start}..{end} is outside document {doc_id!r} (length {len(text)})")
                if not label:
                    raise SpanError("a span needs a label")
                if (start, end, label) in seen:
                    continue
                seen.add((start, end, label))
                added.append(Span(doc_id=doc_id, start=start, end=end, label=label, text=text[start:end],
                                  attrs=dict(attrs or {}), annotator=annotator, status=status, origin=origin))
            self.conn.executemany(_SPAN_INSERT, map(_span_values, added))
            for span in added:
                self._event(annotator, "suggest", span.id, None, span.to_dict())
        return added

    # -- merge -------------------------------------------------------------------------------------
    # Teams (issue 8): merging another annotator's database into this one, and the queries agreement and
    # adjudication need. The source is read through its own read-only connection, in one read transaction
    # (a consistent snapshot even while its owner keeps annotating); everything is written here in ONE
    # `BEGIN IMMEDIATE` transaction, so a failed merge changes nothing and the app may stay open meanwhile.
    def merge_from(self, source: str | Path) -> MergeReport:
        """Union of `source`'s documents, spans, progress, links and events into this database.

        Documents by id: new ones are added; same id and sha256 is the same document; same id with another
        text is a conflict: this database's document is kept and none of the source's spans, progress,
        links or events on it are merged. Spans by id: new ones are added; an identical copy is nothing; a
        span whose content differs is a conflict: this database's copy is kept. Progress: the later
        `updated_at` wins. Links: added for spans present here. Events: appended unless this database holds
        the same event already (same at, annotator, action, span_id, before, after), their `origin` set to
        the source's file name so undo here never replays them. Merging twice adds nothing.
        """
        src = Path(source)
        report = MergeReport(source=str(src))
        sconn = _open_source(src, self.path)
        try:
            with self.write() as conn:
                skip = self._merge_documents(sconn, report)
                self._merge_spans(sconn, skip, report)
                tables = _source_tables(sconn)
                self._merge_progress(sconn, skip, report)
                if "links" in tables:
                    before = conn.total_changes
                    conn.executemany(
                        "INSERT OR IGNORE INTO links (group_id, span_id, created_at, annotator) "
                        "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM spans WHERE id = ?)",
                        ((g, sid, at, who, sid) for g, sid, at, who in sconn.execute(
                            "SELECT group_id, span_id, created_at, annotator FROM links ORDER BY group_id, span_id")),
                    )  # fmt: skip
                    report.links_added = conn.total_changes - before
                self._merge_events(sconn, skip, report)
                if report.changed:
                    self._event("", "merge", None, None, {"source": str(src), **report.counts()})
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e)):
                raise BusyError(f"{self.path}: database is busy (another writer held it too long)") from None
            raise StoreError(f"{src}: cannot read it as a tui-reader database ({e})") from None
        finally:
            sconn.close()
        return report

    def check_merge_source(self, source: str | Path) -> None:
        """Raise StoreError (one clear line) if `source` cannot be merged here; changes nothing."""
        _open_source(Path(source), self.path).close()

    def _merge_documents(self, sconn: sqlite3.Connection, report: MergeReport) -> set[str]:
        skip: set[str] = set()
        rows = sconn.execute("SELECT id, title, source, text, sha256, added_at, meta FROM documents ORDER BY id")
        for doc_id, title, source, text, sha, added_at, meta in rows:
            mine = self.conn.execute("SELECT sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if mine is None:
                self.conn.execute(
                    "INSERT INTO documents (id, title, source, text, sha256, added_at, meta) VALUES (?,?,?,?,?,?,?)",
                    (doc_id, title, source, text, sha, added_at, meta),
                )
                report.documents_added += 1
            elif mine[0] == sha:
                report.documents_same += 1
            else:
                skip.add(doc_id)
                report.document_conflicts.append(doc_id)
        return skip

    def _merge_spans(self, sconn: sqlite3.Connection, skip: set[str], report: MergeReport) -> None:
        # Rows go through a temp table and set-based SQL: a per-span round trip in Python held the write lock
        # ~9x longer than a raw copy (bench/merge_bench.py). Offsets are checked here, one document text at a
        # time (SQLite's substr() would walk a long text from its start for every span).
        have = {r[1] for r in sconn.execute("PRAGMA table_info(spans)")}
        cols = ", ".join(f'"{c}"' if c in have else "0" for c in SPAN_COLUMNS)  # schema 1 had no `stale`
        names = ", ".join(f'"{c}"' for c in SPAN_COLUMNS)
        self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS merge_spans AS SELECT {names} FROM spans WHERE 0")
        self.conn.execute("DELETE FROM temp.merge_spans")
        state: dict[str, Any] = {"doc": None, "text": ""}

        def valid_rows() -> Iterator[tuple[Any, ...]]:
            for row in sconn.execute(f"SELECT {cols} FROM spans ORDER BY doc_id"):
                sid, doc_id, start, end, text = row[0], row[1], row[2], row[3], row[5]
                if doc_id in skip:
                    report.spans_skipped += 1
                    continue
                if doc_id != state["doc"]:
                    found = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
                    state["doc"], state["text"] = doc_id, (found[0] if found else None)
                doc_text = state["text"]
                if doc_text is None:
                    report.problems.append(f"span {sid}: its document {doc_id!r} is missing from the source")
                elif not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc_text)
                          and (doc_text[start:end] == text or row[13])):  # a stale span is kept as flagged
                    report.problems.append(f"span {sid}: text does not match document {doc_id!r} at {start}..{end}")
                else:
                    yield row

        self.conn.executemany(f"INSERT INTO temp.merge_spans ({names}) VALUES ({', '.join('?' * len(SPAN_COLUMNS))})",
                              valid_rows())  # fmt: skip
        differs = " OR ".join(f't."{c}" IS NOT s."{c}"' for c in SPAN_COLUMNS[1:])
        both = self.conn.execute(
            f"SELECT t.id, {differs} FROM temp.merge_spans t JOIN spans s ON s.id = t.id ORDER BY t.id"
        ).fetchall()
        report.span_conflicts.extend(sid for sid, changed in both if changed)
        report.spans_same += sum(1 for _sid, changed in both if not changed)
        before = self.conn.total_changes
        self.conn.execute(
            f"INSERT INTO spans ({names}) SELECT {names} FROM temp.merge_spans t "
            "WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = t.id) ORDER BY t.id"
        )
        report.spans_added += self.conn.total_changes - before
        self.conn.execute("DROP TABLE temp.merge_spans")

    def _merge_progress(self, sconn: sqlite3.Connection, skip: set[str], report: MergeReport) -> None:
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO progress (doc_id, annotator, status, updated_at) SELECT ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?) "
            "ON CONFLICT (doc_id, annotator) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at "
            "WHERE excluded.updated_at > progress.updated_at",
            ((d, a, st, at, d) for d, a, st, at in
             sconn.execute("SELECT doc_id, annotator, status, updated_at FROM progress") if d not in skip),
        )  # fmt: skip
        report.progress_updated = self.conn.total_changes - before

    def _merge_events(self, sconn: sqlite3.Connection, skip: set[str], report: MergeReport) -> None:
        have = {r[1] for r in sconn.execute("PRAGMA table_info(events)")}
        ref = "ref" if "ref" in have else "NULL"
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS merge_events (src_seq INTEGER PRIMARY KEY, at, annotator, action, "
            "span_id, before, after, ref, dest_seq INTEGER, new INTEGER NOT NULL DEFAULT 0)"
        )
        self.conn.execute("DELETE FROM temp.merge_events")
        rows = sconn.execute(f"SELECT seq, at, annotator, action, span_id, before, after, {ref} FROM events ORDER BY seq")
        self.conn.executemany(
            "INSERT INTO temp.merge_events (src_seq, at, annotator, action, span_id, before, after, ref) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (r for r in rows if not skip or _event_doc(r[5], r[6]) not in skip),
        )
        # an event this database already holds (same at, annotator, action, span_id, before, after) maps to it
        self.conn.execute(
            "UPDATE temp.merge_events SET dest_seq = (SELECT e.seq FROM events e WHERE e.at = merge_events.at "
            "AND e.annotator = merge_events.annotator AND e.action = merge_events.action "
            "AND e.span_id IS merge_events.span_id AND e.before IS merge_events.before "
            "AND e.after IS merge_events.after LIMIT 1)"
        )
        # the others get the next seqs in source order, so undo/redo `ref`s can be mapped before inserting
        base = self.conn.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), "
            "coalesce((SELECT max(seq) FROM events), 0))"
        ).fetchone()[0]
        self.conn.execute(
            "UPDATE temp.merge_events SET new = 1, dest_seq = ? + r.n FROM (SELECT src_seq, row_number() OVER "
            "(ORDER BY src_seq) AS n FROM temp.merge_events WHERE dest_seq IS NULL) AS r "
            "WHERE merge_events.src_seq = r.src_seq",
            (base,),
        )
        before = self.conn.total_changes
        self.conn.execute(
            "INSERT INTO events (seq, at, annotator, action, span_id, before, after, ref, origin) "
            "SELECT t.dest_seq, t.at, t.annotator, t.action, t.span_id, t.before, t.after, "
            "(SELECT r.dest_seq FROM temp.merge_events r WHERE r.src_seq = t.ref), ? "
            "FROM temp.merge_events t WHERE t.new = 1 ORDER BY t.src_seq",
            (report.source,),
        )
        report.events_added += self.conn.total_changes - before
        self.conn.execute("DROP TABLE temp.merge_events")

    def team_annotators(self) -> list[str]:
        """Names with an accepted span or a progress row (the unnamed '' layer of imports and rules excluded)."""
        rows = self.conn.execute(
            "SELECT annotator FROM spans WHERE status = 'accepted' AND annotator != '' "
            "UNION SELECT annotator FROM progress WHERE annotator != '' ORDER BY 1"
        )
        return [r[0] for r in rows]

    def touched_documents(self, annotators: Sequence[str] = ()) -> dict[str, set[str]]:
        """annotator -> ids of the documents they touched: an accepted span there, or a progress row."""
        out: dict[str, set[str]] = {a: set() for a in annotators}
        rows = self.conn.execute(
            "SELECT DISTINCT annotator, doc_id FROM spans WHERE status = 'accepted' "
            "UNION SELECT annotator, doc_id FROM progress"
        )
        for who, doc_id in rows:
            if not annotators or who in out:
                out.setdefault(who, set()).add(doc_id)
        return out

    def document_lengths(self) -> dict[str, int]:
        """Document id -> length of its text in code points (SQLite's length() counts characters)."""
        return dict(self.conn.execute("SELECT id, length(text) FROM documents"))


    # -- trust: edited sources (a document's text replaced, its spans re-anchored) ---------------------------
    def document_versions(self, stem: str, *, sha256: str | None = None,
                          sources: Sequence[str] = ()) -> list[tuple[str, str, str]]:  # fmt: skip
        """(id, sha256, source) of the document `stem` and its suffixed namesakes (`stem_2`, ...), found by primary
        key; with `sha256`/`sources`, only those with that text or from one of those source paths."""
        sql = "SELECT id, sha256, source FROM documents WHERE (id = ? OR (id > ? AND id < ?))"
        args: list[Any] = [stem, stem + "_", stem + "`"]  # '`' sorts right after '_': a primary-key range scan
        if sha256 is not None or sources:
            sql += f" AND (sha256 = ? OR source IN ({', '.join('?' for _ in sources) or 'NULL'}))"
            args += [sha256, *sources]
        return [(r[0], r[1], r[2]) for r in self.conn.execute(sql + " ORDER BY length(id), id", args)]

    def replace_document_text(self, doc: Document, placements: Sequence[Any], *, annotator: str = "") -> dict[str, int]:
        """Give document `doc.id` the text of `doc` and put each span where `placements` says, in ONE transaction.

        `placements` are `reanchor.Placement`s (span_id, start, end, how, placed). The old text is kept in a
        `document-update` event (before: text and sha256; after: sha256), each moved span gets a `reanchor`
        event, each span that could not be placed keeps its stored text, is flagged stale and gets a `stale`
        event. Nothing is deleted. Returns counts: moved, stale, same.
        """
        counts = {"moved": 0, "stale": 0, "same": 0}
        with self.write():
            old = self.get_document(doc.id)
            title = doc.title if old.title == default_title(old.text, old.id) else old.title
            self._event(annotator, "document-update", None,
                        {"doc_id": old.id, "sha256": old.sha256, "source": old.source, "title": old.title,
                         "text": old.text},
                        {"doc_id": old.id, "sha256": doc.sha256, "source": doc.source, "title": title})  # fmt: skip
            self._texts.pop(old.id, None)
            self.conn.execute("UPDATE documents SET text = ?, sha256 = ?, source = ?, title = ? WHERE id = ?",
                              (doc.text, doc.sha256, doc.source or old.source, title, old.id))  # fmt: skip
            for p in placements:
                span = self.get_span(p.span_id)
                if span is None or span.doc_id != old.id:
                    raise SpanError(f"no span with id {p.span_id!r} in document {old.id!r}")
                if p.placed:
                    if (span.start, span.end, span.stale) == (p.start, p.end, False):
                        counts["same"] += 1
                        continue
                    self.move_span(span.id, p.start, p.end, annotator=annotator, action="reanchor")
                    counts["moved"] += 1
                    continue
                counts["stale"] += 1
                if (span.start, span.end, span.stale) == (p.start, p.end, True):
                    continue
                if not 0 <= p.start < p.end <= len(doc.text):
                    raise SpanError(f"span {span.id}: stale position {p.start}..{p.end} outside the new text")
                new = Span(**{**span.to_dict(), "start": p.start, "end": p.end, "stale": True,
                              "updated_at": now_iso()})  # fmt: skip
                self._replace_span(new)
                self._event(annotator, "stale", span.id, span.to_dict(), {**new.to_dict(), "reason": p.reason})
        return counts


def _content(d: dict[str, Any]) -> dict[str, Any]:
    d = {"stale": False, **d}  # events logged before schema step m002 have no "stale" field
    return {k: v for k, v in d.items() if k != "updated_at"}


def _span_from_dict(d: dict[str, Any]) -> Span:
    return Span(**{k: v for k, v in d.items() if k in Span.__dataclass_fields__})


def _fits(text: str, d: dict[str, Any]) -> bool:
    """A span (as a dict) still describes `text`: undo/redo never restores offsets into a replaced text."""
    return 0 <= d["start"] < d["end"] <= len(text) and text[d["start"] : d["end"]] == d["text"]


def _check_span(text: str, s: Span) -> None:
    if not 0 <= s.start < s.end <= len(text):
        raise SpanError(f"span {s.id}: offsets {s.start}..{s.end} outside document {s.doc_id!r} (length {len(text)})")
    if text[s.start : s.end] != s.text:
        raise SpanError(f"span {s.id}: text does not match the document at {s.start}..{s.end}")


def _check_location(path: Path, parent: Path) -> None:
    """WAL keeps `-wal` and `-shm` files beside the database: the folder must be writable and local."""
    from tui_reader.fscheck import network_filesystem

    if path.exists() and not os.access(parent, os.W_OK) and not Path(f"{path}-wal").exists():
        raise StoreError(f"{path}: folder {parent} is read-only; SQLite needs to create {path.name}-wal and "
                         f"{path.name}-shm beside the database (copy it to a writable folder)")  # fmt: skip
    fs = network_filesystem(parent)
    if fs and not os.environ.get("TUI_READER_ALLOW_NETWORK_FS"):
        raise StoreError(f"{path}: folder {parent} is on a network filesystem ({fs}); SQLite's WAL mode cannot "
                         "work there and concurrent writes could corrupt it: use a local disk")  # fmt: skip


def retry_busy(fn: Callable[[], Any], *, attempts: int = 5, first_delay: float = 0.05) -> Any:
    """Call `fn`, retrying with exponential backoff while the database reports busy (for the UI side)."""
    delay = first_delay
    for i in range(attempts):
        try:
            return fn()
        except (BusyError, sqlite3.OperationalError) as e:
            if i == attempts - 1 or not ("busy" in str(e) or "locked" in str(e)):
                raise
            time.sleep(delay)
            delay *= 2
    return None


# -- merge -----------------------------------------------------------------------------------------------
@dataclass
class MergeReport:
    """What one `merge_from` did; conflicts are listed, never silently resolved."""

    source: str
    documents_added: int = 0
    documents_same: int = 0
    document_conflicts: list[str] = field(default_factory=list)
    spans_added: int = 0
    spans_same: int = 0
    spans_skipped: int = 0  # on a conflicting document
    span_conflicts: list[str] = field(default_factory=list)
    progress_updated: int = 0
    links_added: int = 0
    events_added: int = 0
    problems: list[str] = field(default_factory=list)  # source spans that break text[start:end] == span.text

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.spans_added or self.progress_updated or self.links_added
                    or self.events_added)  # fmt: skip

    def counts(self) -> dict[str, int]:
        return {
            "documents_added": self.documents_added, "documents_same": self.documents_same,
            "document_conflicts": len(self.document_conflicts), "spans_added": self.spans_added,
            "spans_same": self.spans_same, "spans_skipped": self.spans_skipped,
            "span_conflicts": len(self.span_conflicts), "progress_updated": self.progress_updated,
            "links_added": self.links_added, "events_added": self.events_added,
        }  # fmt: skip


_SOURCE_TABLES = ("documents", "spans", "progress", "events")


def _open_source(src: Path, dest: Path) -> sqlite3.Connection:
    """A read-only connection to a database to merge from, inside a read transaction; clear errors first."""
    if not src.exists():
        raise StoreError(f"{src}: no such database")
    if src.is_dir():
        raise StoreError(f"{src}: is a folder, not a database")
    if dest.exists() and os.path.samefile(src, dest):
        raise StoreError(f"{src}: is the destination database itself; nothing to merge")
    try:
        conn = sqlite3.connect(src.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None)  # fmt: skip
        conn.execute("BEGIN")  # one snapshot for every table read below
        tables = _source_tables(conn)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{src}: not a usable SQLite database ({e})") from None
    missing = [t for t in _SOURCE_TABLES if t not in tables]
    if missing:
        conn.close()
        raise StoreError(f"{src}: not a tui-reader database (no {missing[0]} table)")
    if "_sqlite_migrations" in tables:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'tui_reader'")]
        unknown = [n for n in names if n not in KNOWN_MIGRATIONS]
        if unknown:
            conn.close()
            raise StoreError(f"{src}: made by a newer tui-reader (schema step {unknown[-1]!r}); upgrade to merge it")
    return conn


def _source_tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _event_doc(before: str | None, after: str | None) -> str | None:
    """The document an event is about (span events and import/progress events carry `doc_id`)."""
    for raw in (after, before):
        if raw:
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("doc_id"), str):
                return obj["doc_id"]
    return None


# === learned suggestion models (issue 15; assist-learn branch) ==============================================
# One block on purpose: schema step m005 and the few store methods `tui_reader.learn` needs. A model trained from
# one annotator's decisions is stored here (bytes + JSON metadata, one row per annotator and model name), so it
# lives in the database and travels with `merge` (the newer `trained_at` wins).


def m005_models(db: sqlite_utils.Database) -> None:
    """Trained suggestion models per annotator: the model's bytes and what it was trained on."""
    db.execute(
        """CREATE TABLE models (
            annotator TEXT NOT NULL, name TEXT NOT NULL, model BLOB NOT NULL, meta TEXT NOT NULL DEFAULT '{}',
            trained_at TEXT NOT NULL, PRIMARY KEY (annotator, name))"""
    )


MIGRATION_STEPS = (*MIGRATION_STEPS, m005_models)
KNOWN_MIGRATIONS = [f.__name__ for f in MIGRATION_STEPS]


def _save_model(self: AnnotationStore, annotator: str, name: str, model: bytes, meta: dict[str, Any]) -> str:
    """Store (or replace) `annotator`'s model `name`; returns its trained_at."""
    at = now_iso()
    with self.write():
        self.conn.execute(
            "INSERT INTO models (annotator, name, model, meta, trained_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (annotator, name) DO UPDATE SET model = excluded.model, meta = excluded.meta, "
            "trained_at = excluded.trained_at",
            (annotator, name, sqlite3.Binary(model), json.dumps(meta, ensure_ascii=False), at),
        )
        self._event(annotator, "learn", None, None, {"model": name, **{k: v for k, v in meta.items() if k != "features"}})
    return at


def _load_model(self: AnnotationStore, annotator: str, name: str) -> tuple[bytes, dict[str, Any]] | None:
    row = self.conn.execute(
        "SELECT model, meta, trained_at FROM models WHERE annotator = ? AND name = ?", (annotator, name)
    ).fetchone()
    if row is None:
        return None
    return bytes(row[0]), {**json.loads(row[1]), "trained_at": row[2]}


def _models(self: AnnotationStore) -> list[dict[str, Any]]:
    """Every stored model without its bytes: annotator, name, trained_at, size, meta."""
    rows = self.conn.execute(
        "SELECT annotator, name, trained_at, length(model), meta FROM models ORDER BY annotator, name"
    )
    return [{"annotator": a, "name": n, "trained_at": t, "size": size, "meta": json.loads(m)} for a, n, t, size, m in rows]


_merge_events_without_models = AnnotationStore._merge_events


def _merge_events_and_models(self: AnnotationStore, sconn: sqlite3.Connection, skip: set[str], report: MergeReport) -> None:
    """Inside merge_from's one transaction: events as before, then models (the newer trained_at wins)."""
    _merge_events_without_models(self, sconn, skip, report)
    if "models" not in _source_tables(sconn):
        return
    before = self.conn.total_changes
    self.conn.executemany(
        "INSERT INTO models (annotator, name, model, meta, trained_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (annotator, name) DO UPDATE SET model = excluded.model, meta = excluded.meta, "
        "trained_at = excluded.trained_at WHERE excluded.trained_at > models.trained_at",
        sconn.execute("SELECT annotator, name, model, meta, trained_at FROM models ORDER BY annotator, name"),
    )
    report.models_merged = self.conn.total_changes - before  # type: ignore[attr-defined]


AnnotationStore.save_model = _save_model  # type: ignore[attr-defined]
AnnotationStore.load_model = _load_model  # type: ignore[attr-defined]
AnnotationStore.models = _models  # type: ignore[attr-defined]
AnnotationStore._merge_events = _merge_events_and_models  # type: ignore[method-assign]
# === end of the learned-models block ========================================================================

"""AnnotationStore: the only package with SQL. One facade composed of parts, one module each:

- `schema`: the migrations (m001..m009, m011) and the schema-version checks;
- `documents`: documents, their text cache, imports, edited sources; `spans`: spans and bulk suggestions;
- `relations`: typed relations between two spans of one document (deleted with their spans);
- `events`: the event log, undo/redo; `progress`: progress and stats; `links`: cross-document links;
- `learned`: trained suggestion models; `positions`: where each annotator left each document (resume);
- `catalog`: the corpus a page at a time (start-up, the document list, the picker's indexed filter);
- `merge`: `merge_from` and `MergeReport`; `team`: the team queries;
- `rows`: how a span is laid out in a row; `errors`: the StoreError types and the one function that turns
  sqlite3 errors into them, applied to every public method here (`sqlite_boundary`).

Every write runs in `BEGIN IMMEDIATE` (a deferred transaction that reads then writes fails with
SQLITE_BUSY_SNAPSHOT under concurrency whatever the busy timeout), WAL, foreign keys on, busy timeout 10 s
unless the caller gives another (`busy_timeout_ms`; the app uses 1 s and retries, `retry_busy`).
Every change to a span appends an `events` row in the same transaction: undo/redo replay that log.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.models import DocSummary, DocumentHead, Event
from tui_reader.store.catalog import CatalogMixin, TitleSearch
from tui_reader.store.documents import DocumentsMixin
from tui_reader.store.errors import (
    BusyError,
    CorruptError,
    DatabaseError,
    ReadOnlyError,
    SpanError,
    StoreError,
    maps_own_errors,
    retry_busy,
    sqlite_boundary,
    store_error,
)
from tui_reader.store.events import UNDOABLE, EventsMixin
from tui_reader.store.learned import LearnedModelsMixin
from tui_reader.store.links import LinksMixin
from tui_reader.store.merge import MergeMixin, MergeReport
from tui_reader.store.positions import Position, PositionsMixin
from tui_reader.store.progress import ProgressMixin
from tui_reader.store.relations import RelationError, RelationsMixin
from tui_reader.store.rows import SPAN_COLUMNS
from tui_reader.store.schema import (
    KNOWN_MIGRATIONS,
    MIGRATION_STEPS,
    SchemaMixin,
    m001_initial,
    m002_links_stale_undo,
    m003_events_origin,
    m004_file_stats,
    m005_models,
    m006_relations,
    m007_event_groups,
    m008_positions,
    m009_spans_lean,
    m011_title_index,
    m012_text_body,
)
from tui_reader.store.spans import SpansMixin
from tui_reader.store.team import TeamMixin

if TYPE_CHECKING:  # sqlite-utils is imported only when a schema step must run (~90 ms off every start)
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

__all__ = [
    "BUSY_TIMEOUT_MS", "KNOWN_MIGRATIONS", "MIGRATION_STEPS", "SPAN_COLUMNS", "UNDOABLE", "AnnotationStore",
    "BusyError", "CorruptError", "DatabaseError", "DocSummary", "DocumentHead", "Event", "MergeReport",
    "ReadOnlyError", "RelationError", "SpanError", "StoreError", "m001_initial", "m002_links_stale_undo",
    "m003_events_origin", "m004_file_stats", "m005_models", "m006_relations", "m007_event_groups", "m008_positions",
    "m009_spans_lean", "m011_title_index", "m012_text_body", "migrations", "Position", "retry_busy", "TitleSearch",
]  # fmt: skip

BUSY_TIMEOUT_MS = 10_000  # the default; read when a store is opened


def __getattr__(name: str) -> Any:  # `from tui_reader.store import migrations` still works, lazily
    if name == "migrations":
        from tui_reader.store.schema import build_migrations

        steps: Migrations = build_migrations()
        return steps
    raise AttributeError(name)


@sqlite_boundary
class AnnotationStore(SchemaMixin, DocumentsMixin, SpansMixin, RelationsMixin, EventsMixin, ProgressMixin,
                      LinksMixin, LearnedModelsMixin, MergeMixin, TeamMixin, PositionsMixin, CatalogMixin):  # fmt: skip
    """One SQLite file. Open one store per thread (sqlite3 connections are bound to their thread).

    A public method raises only StoreError subclasses for database problems (BusyError, ReadOnlyError,
    CorruptError, DatabaseError), never sqlite3 exceptions.
    """

    def __init__(self, path: str | Path, *, create: bool = True, synchronous: str = "FULL",
                 busy_timeout_ms: int | None = None) -> None:  # fmt: skip
        self.path = Path(path)
        self.busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else int(busy_timeout_ms)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        parent = self.path.resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{self.path}: folder {parent} does not exist")
        if not self.path.exists() and not os.access(parent, os.W_OK):
            raise ReadOnlyError(f"{self.path}: cannot create the database, folder {parent} is not writable")
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise ReadOnlyError(f"{self.path}: database is read-only (annotations could not be saved)")
        _check_location(self.path, parent)  # trust: read-only folder beside an existing file, network filesystems
        try:
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout_ms / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.Error as e:
            raise store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms,
                              message=f"{self.path}: not a usable SQLite database ({e})") from None  # fmt: skip
        if str(mode).lower() != "wal":
            raise StoreError(
                f"{self.path}: SQLite could not use WAL mode here ({mode}); "
                "a network or read-only filesystem cannot hold the database safely, use a local disk"
            )
        self.conn = conn
        self._texts: dict[str, tuple[int, str, str]] = {}  # doc_id -> (data_version, sha256, text)
        self._db: sqlite_utils.Database | None = None
        self._encoding: str | None = None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            self._migrate()
        except sqlite3.Error as e:
            raise self._store_error(e) from e

    # -- lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _store_error(self, e: sqlite3.Error) -> StoreError:
        return store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms)

    @maps_own_errors
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE so readers-turned-writers never deadlock.

        A sqlite3 error in it (taking the lock, the body, the commit) leaves as a StoreError subclass.
        """
        if self.conn.in_transaction:  # nested: join the outer transaction
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise self._store_error(e) from None
        try:
            yield self.conn
        except BaseException as e:
            self._texts.clear()  # a text read inside the rolled-back transaction may never have existed
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise self._store_error(e) from e
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise self._store_error(e) from e


def _check_location(path: Path, parent: Path) -> None:
    """WAL keeps `-wal` and `-shm` files beside the database: the folder must be writable and local."""
    from tui_reader.fscheck import network_filesystem

    if path.exists() and not os.access(parent, os.W_OK) and not Path(f"{path}-wal").exists():
        raise ReadOnlyError(f"{path}: folder {parent} is read-only; SQLite needs to create {path.name}-wal and "
                            f"{path.name}-shm beside the database (copy it to a writable folder)")  # fmt: skip
    fs = network_filesystem(parent)
    if fs and not os.environ.get("TUI_READER_ALLOW_NETWORK_FS"):
        raise StoreError(f"{path}: folder {parent} is on a network filesystem ({fs}); SQLite's WAL mode cannot "
                         "work there and concurrent writes could corrupt it: use a local disk")  # fmt: skip

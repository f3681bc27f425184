"""The schema: each step a function run once per database, in order, through sqlite-utils `Migrations`
(kept apart from the queries, as sqlite-utils keeps its migrations.py). sqlite-utils is imported only when a
step must run: opening an up-to-date database reads `_sqlite_migrations` with plain sqlite3 (~90 ms off every
start)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.store.base import StoreBase
from tui_reader.store.catalog import m011_title_index
from tui_reader.store.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations


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


def m005_models(db: sqlite_utils.Database) -> None:
    """Trained suggestion models per annotator (tui_reader.learn): the model's bytes and what it was trained on,
    one row per annotator and model name; they travel with `merge` (the newer `trained_at` wins)."""
    db.execute(
        """CREATE TABLE models (
            annotator TEXT NOT NULL, name TEXT NOT NULL, model BLOB NOT NULL, meta TEXT NOT NULL DEFAULT '{}',
            trained_at TEXT NOT NULL, PRIMARY KEY (annotator, name))"""
    )


def m006_relations(db: sqlite_utils.Database) -> None:
    """Typed, directed relations between two spans of one document (docs/relations.md). `head` and `tail`
    reference spans without ON DELETE CASCADE: a span is deleted together with its relations by
    `delete_span` (logged, one undo step), and any other path that would orphan a relation fails loudly.
    One relation per (head, tail, label, annotator)."""
    db.execute(
        """CREATE TABLE relations (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            head TEXT NOT NULL REFERENCES spans(id), tail TEXT NOT NULL REFERENCES spans(id),
            label TEXT NOT NULL, annotator TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'accepted',
            origin TEXT NOT NULL DEFAULT 'manual', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            CHECK (head != tail AND label != ''))"""
    )
    db.execute("CREATE INDEX relations_doc ON relations(doc_id)")
    db.execute("CREATE INDEX relations_head ON relations(head)")
    db.execute("CREATE INDEX relations_tail ON relations(tail)")
    db.execute("CREATE UNIQUE INDEX relations_key ON relations(head, tail, label, annotator)")
    db.execute("CREATE INDEX events_span ON events(span_id, seq)")  # merge: the log of one span or relation


def m007_event_groups(db: sqlite_utils.Database) -> None:
    """One user action, one undo step: the events written by one action (accept all, an adjudication decision,
    a link with its echo span) share `grp`, the `seq` of the group's first event (NULL: a group of its own).
    Undo and redo replay a whole group in one transaction (`EventsMixin._travel`)."""
    db.execute("ALTER TABLE events ADD COLUMN grp INTEGER")


def m008_positions(db: sqlite_utils.Database) -> None:
    """Where each annotator left each document, per pane ("left", "right", "review"): the cursor and the offset
    of the pane's top line (store/positions.py). Deleting the document forgets it."""
    db.execute(
        """CREATE TABLE positions (
            annotator TEXT NOT NULL, pane TEXT NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            cursor INTEGER NOT NULL, top INTEGER NOT NULL, updated_at TEXT NOT NULL,
            PRIMARY KEY (annotator, pane, doc_id))"""
    )
    db.execute("CREATE INDEX positions_latest ON positions(annotator, pane, updated_at)")


def m009_spans_lean(db: sqlite_utils.Database) -> None:
    """A span row costs one B-tree fewer: the index on `label` alone goes. Every bulk import maintained it for
    every span (a fifth of the store's SQLite time at 1M spans, bench/bench_bulk.py) and it served one query,
    the distinct labels (`span_labels`, a `tui-reader` command's label list), which a scan answers; label
    filters always come with a document (the (doc_id, start, end) index) or scan anyway (stats). Columns and
    ids are unchanged: exports, merges and the event log read the same rows."""
    db.execute("DROP INDEX IF EXISTS spans_label")


def m012_text_body(db: sqlite_utils.Database) -> None:
    """A text imported in pieces is stored as its UTF-8 bytes in a last column, `body` (`text` left ''): a zero
    blob in a row's last column is the only value SQLite writes without holding it whole in memory (twice, for
    a TEXT value: bench/bench_row_copies.py), so `import` of a 200 MB file peaks under 2x its size. Readers go
    through rows.DOC_TEXT and get the same str. Adding a last column is O(1): no row is rewritten."""
    db.execute("ALTER TABLE documents ADD COLUMN body BLOB")


# Schema steps in order; each runs once per database through sqlite-utils `Migrations` (see `build_migrations`).
MIGRATION_STEPS = (m001_initial, m002_links_stale_undo, m003_events_origin, m004_file_stats, m005_models,
                   m006_relations, m007_event_groups, m008_positions, m009_spans_lean, m011_title_index,
                   m012_text_body)
KNOWN_MIGRATIONS = [f.__name__ for f in MIGRATION_STEPS]


def _load_sqlite_utils() -> None:
    """Import sqlite-utils without pandas and numpy: it imports both when they are installed (label-studio-sdk
    installs pandas), ~0.5 s paid by the first run on a new database (`tui-reader open BIG.txt` first time,
    bench/bench_open.py). It only uses them to store their value types, which no schema step passes. A module
    already imported stays; one blocked here can be imported normally afterwards."""
    import sys

    if "sqlite_utils.db" in sys.modules:
        return
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def build_migrations() -> Migrations:
    _load_sqlite_utils()
    from sqlite_utils.migrations import Migrations

    steps = Migrations("tui_reader")
    for fn in MIGRATION_STEPS:
        steps()(fn)
    return steps

class SchemaMixin(StoreBase):
#MIXIN
    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection (schema work); built on first use."""
        if self._db is None:
            _load_sqlite_utils()
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
            build_migrations().apply(self.db)
            self.conn.execute(f"PRAGMA user_version = {len(KNOWN_MIGRATIONS)}")

    @property
    def schema_version(self) -> int:
        return len(self._applied_migrations())


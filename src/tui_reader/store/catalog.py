"""The corpus as the app's lists see it, a page at a time: nothing here reads every document.

Start-up, the document list and the picker ask only for what a screen shows: the first documents by id
(`first_document_ids`), a page of summaries (`summary_page`, keyset after the last id of the page before, or an
offset), one document's row number (`document_position`), the header's totals (`progress_totals`), and the
picker's filter (`filter_documents`): documents whose id or title contains a text (case-insensitive), the first
`limit` by id, through a trigram full-text index on ids and titles (m011_title_index) kept in step with the
documents table by triggers (an import, a rename, its undo, a deleted document), whoever writes it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.models import DocSummary
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import store_error

if TYPE_CHECKING:
    import sqlite_utils

FTS = "documents_fts"
TITLES = "documents_titles"  # index on documents (id, title)
GRAM = 3  # the trigram index finds substrings of at least 3 characters; shorter ones scan in id order
SCAN_CHUNK = 512

_SUMMARY = """SELECT d.id, d.title,
    (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.annotator = :who AND s.status = 'accepted'),
    COALESCE((SELECT p.status FROM progress p WHERE p.doc_id = d.id AND p.annotator = :who), 'todo')
  FROM documents d"""


def m011_title_index(db: sqlite_utils.Database) -> None:
    """An index on (id, title): the documents in list order with their titles, without reading their texts. A trigram full-text index on documents' ids and titles (the picker's filter, `filter_documents`): its
    rowid is the document's; triggers keep it in step on insert, rename and delete. Built in place from the
    documents already there. An SQLite without FTS5's trigram tokenizer gets no index (the filter then scans)."""
    db.execute(f"CREATE INDEX {TITLES} ON documents(id, title)")  # the list in id order, titles without texts
    try:
        db.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(doc_id, title, tokenize = 'trigram')")
    except sqlite3.OperationalError:
        return
    db.execute(f"INSERT INTO {FTS} (rowid, doc_id, title) SELECT rowid, id, title FROM documents")
    db.execute(f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON documents BEGIN
        INSERT INTO {FTS} (rowid, doc_id, title) VALUES (new.rowid, new.id, new.title); END""")
    db.execute(f"""CREATE TRIGGER {FTS}_update AFTER UPDATE OF id, title ON documents BEGIN
        DELETE FROM {FTS} WHERE rowid = old.rowid;
        INSERT INTO {FTS} (rowid, doc_id, title) VALUES (new.rowid, new.id, new.title); END""")
    db.execute(f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON documents BEGIN
        DELETE FROM {FTS} WHERE rowid = old.rowid; END""")


def _contains(q: str, doc_id: str, title: str) -> bool:
    return q in doc_id.casefold() or q in title.casefold()


def _summaries_for(conn: sqlite3.Connection, annotator: str, doc_ids: Sequence[str]) -> list[DocSummary]:
    """Titles from the (id, title) index, not the table: a table row holds the text too, so 300 titles would read
    ~50 table pages against ~3 index pages."""
    found: dict[str, DocSummary] = {}
    for lo in range(0, len(doc_ids), 500):
        part = list(doc_ids[lo : lo + 500])
        sql = _SUMMARY.replace(":who", "?") + f" INDEXED BY {TITLES} WHERE d.id IN ({','.join('?' * len(part))})"
        try:
            rows = conn.execute(sql, [annotator, annotator, *part]).fetchall()
        except sqlite3.OperationalError as e:  # no such index (a database whose m011 could not make it)
            if TITLES not in str(e):
                raise
            rows = conn.execute(sql.replace(f" INDEXED BY {TITLES}", ""), [annotator, annotator, *part]).fetchall()
        for r in rows:
            found[r[0]] = DocSummary(r[0], r[1], int(r[2]), r[3])
    return [found[d] for d in doc_ids if d in found]


def _has_index(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS,)).fetchone() is not None


def _filter(conn: sqlite3.Connection, query: str, limit: int, cap: int, indexed: bool,
            wanted: Callable[[], bool] = lambda: True) -> tuple[list[str], int | None]:  # fmt: skip
    q = query.casefold().strip()
    if not q:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id LIMIT ?", (limit,))]
        return ids, int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    if len(q) >= GRAM and indexed:
        phrase = '"' + q.replace('"', '""') + '"'
        probe = conn.execute(f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?)",
                             (phrase, cap + 1)).fetchone()[0]  # fmt: skip  # the index only, no titles read
        if probe <= cap:
            rows = conn.execute(f"SELECT doc_id, title FROM {FTS} WHERE {FTS} MATCH ?", (phrase,)).fetchall()
            matches = sorted(d for d, t in rows if _contains(q, d, t))
            return matches[:limit], len(matches)
    found: list[str] = []  # a common or a short query: walk the documents in id order (titles from the index)
    after = ""
    while len(found) <= limit and wanted():
        rows = conn.execute(
            "SELECT id, title FROM documents WHERE id > ? ORDER BY id LIMIT ?", (after, SCAN_CHUNK)
        ).fetchall()
        found.extend(d for d, t in rows if _contains(q, d, t))
        if len(rows) < SCAN_CHUNK:
            return found[:limit], len(found)  # walked to the end: the count is exact
        after = rows[-1][0]
    return found[:limit], None


class TitleSearch:
    """The picker's filter on a connection of its own, for a worker thread: one query at a time (a lock);
    `interrupt()` (from the UI thread, on the next key) stops the one running, so the latest key wins."""

    def __init__(self, path: str | Path, annotator: str, *, busy_timeout_ms: int = 1000) -> None:
        self.path = Path(path)
        self.annotator = annotator
        self.busy_timeout_ms = busy_timeout_ms
        self._lock = threading.Lock()
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=busy_timeout_ms / 1000, check_same_thread=False,
                                        isolation_level=None)  # fmt: skip
            self.conn.execute("PRAGMA query_only = 1")
            self._indexed = _has_index(self.conn)
        except sqlite3.Error as e:
            raise store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms) from None

    def search(self, query: str, limit: int, *, cap: int = 1000,
               wanted: Callable[[], bool] = lambda: True) -> tuple[list[DocSummary], int | None] | None:  # fmt: skip
        """`filter_documents`' rows as summaries; None when interrupted (a newer query wants the connection)."""
        with self._lock:
            try:
                ids, count = _filter(self.conn, query, limit, cap, self._indexed, wanted)
                if not wanted():
                    return None
                return _summaries_for(self.conn, self.annotator, ids), count
            except sqlite3.OperationalError as e:
                if "interrupt" in str(e):
                    return None
                raise store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms) from None
            except sqlite3.Error as e:
                raise store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms) from None

    def interrupt(self) -> None:
        self.conn.interrupt()

    def close(self) -> None:
        self.conn.interrupt()
        with self._lock:
            self.conn.close()


class CatalogMixin(StoreBase):
    _title_index: bool | None = None

    def first_document_ids(self, limit: int, *, exclude: Sequence[str] = ()) -> list[str]:
        """The first `limit` document ids in the list's order (by id), leaving out `exclude`."""
        rows = self.conn.execute("SELECT id FROM documents ORDER BY id LIMIT ?", (limit + len(exclude),))
        skip = set(exclude)
        return [r[0] for r in rows if r[0] not in skip][:limit]

    def summaries_for(self, annotator: str, doc_ids: Sequence[str]) -> list[DocSummary]:
        """The list rows of `doc_ids` (in that order; unknown ids left out): `annotator`'s accepted spans and
        progress, as `review.summaries` counts them."""
        return _summaries_for(self.conn, annotator, doc_ids)

    def summary_page(self, annotator: str, *, after: str | None = None, offset: int = 0,
                     limit: int = 64) -> list[DocSummary]:  # fmt: skip
        """`limit` list rows in id order: those after id `after` (cheap at any depth), else from row `offset`."""
        if after is not None:
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?", (after, limit))]  # fmt: skip
        else:
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?", (limit, max(0, offset)))]  # fmt: skip
        return self.summaries_for(annotator, ids)

    def document_position(self, doc_id: str) -> int | None:
        """The row of `doc_id` in the list (documents by id), None if there is no such document."""
        if self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
            return None
        return int(self.conn.execute("SELECT count(*) FROM documents WHERE id < ?", (doc_id,)).fetchone()[0])

    def progress_totals(self, annotator: str) -> tuple[int, int, int]:
        """(documents, documents `annotator` marked done, `annotator`'s accepted spans): the header's line."""
        q = self.conn.execute
        docs = int(q("SELECT count(*) FROM documents").fetchone()[0])
        done = int(q("SELECT count(*) FROM progress WHERE annotator = ? AND status = 'done'", (annotator,)).fetchone()[0])
        spans = int(q("SELECT count(*) FROM spans WHERE annotator = ? AND status = 'accepted'",
                      (annotator,)).fetchone()[0])  # fmt: skip
        return docs, done, spans

    # -- the picker's filter -------------------------------------------------------------------------------------
    def has_title_index(self) -> bool:
        if self._title_index is None:
            self._title_index = _has_index(self.conn)
        return self._title_index

    def filter_documents(self, query: str, limit: int, *, cap: int = 1000) -> tuple[list[str], int | None]:
        """Documents whose id or title contains `query` (casefolded, surrounding blanks ignored): the first
        `limit` ids in list order, and how many match (None: more than could be counted cheaply).

        A query of 3+ characters asks the trigram index; when it finds at most `cap` candidates they are checked
        and sorted here (cost: the matches, not the corpus). A commoner query, or a shorter one, walks the
        (id, title) index in id order and stops at `limit + 1` matches (cost: `limit` over the share that
        matches; a rare 1-2 character query walks them all)."""
        return _filter(self.conn, query, limit, cap, self.has_title_index())

    def rebuild_title_index(self) -> None:
        """Rebuild the filter's index from the documents (after a VACUUM renumbered rowids, say)."""
        if not self.has_title_index():
            return
        with self.write():
            self.conn.execute(f"DELETE FROM {FTS}")
            self.conn.execute(f"INSERT INTO {FTS} (rowid, doc_id, title) SELECT rowid, id, title FROM documents")

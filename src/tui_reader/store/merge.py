"""Merging another annotator's database into this one (`tui-reader merge`), and the report of what it did.

The source is read through its own read-only connection, in one read transaction (a consistent snapshot even
while its owner keeps annotating); everything is written here in ONE `BEGIN IMMEDIATE` transaction, so a
failed merge changes nothing and the app may stay open meanwhile.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.store.base import StoreBase
from tui_reader.store.errors import BusyError, StoreError, error_class, store_error
from tui_reader.store.relations import (
    RELATION_COLUMNS,
    RELATION_INSERT,
    relation_content,
    relation_from_dict,
    relation_from_row,
    relation_values,
)
from tui_reader.store.rows import DOC_TEXT, SPAN_COLUMNS, span_content, span_from_dict
from tui_reader.store.schema import KNOWN_MIGRATIONS


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
    relations_added: int = 0
    models_merged: int = 0  # trained suggestion models new here or newer than ours
    relations_same: int = 0
    relation_conflicts: list[str] = field(default_factory=list)
    spans_deleted: int = 0  # deleted in the source: deleted here too (the same version, or one the source saw)
    relations_deleted: int = 0
    deleted_here: int = 0  # the source still has spans or relations deleted here: not brought back
    delete_conflicts: list[str] = field(default_factory=list)  # a delete on one side, another version on the other

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.spans_added or self.progress_updated or self.links_added
                    or self.events_added or self.relations_added or self.spans_deleted
                    or self.relations_deleted or self.models_merged)  # fmt: skip

    def counts(self) -> dict[str, int]:
        return {
            "documents_added": self.documents_added, "documents_same": self.documents_same,
            "document_conflicts": len(self.document_conflicts), "spans_added": self.spans_added,
            "spans_same": self.spans_same, "spans_skipped": self.spans_skipped,
            "span_conflicts": len(self.span_conflicts), "progress_updated": self.progress_updated,
            "links_added": self.links_added, "events_added": self.events_added,
            "relations_added": self.relations_added, "relations_same": self.relations_same,
            "relation_conflicts": len(self.relation_conflicts), "spans_deleted": self.spans_deleted,
            "relations_deleted": self.relations_deleted, "deleted_here": self.deleted_here,
            "delete_conflicts": len(self.delete_conflicts), "models_merged": self.models_merged,
        }  # fmt: skip




class MergeMixin(StoreBase):
    def merge_from(self, source: str | Path) -> MergeReport:
        """Union of `source`'s documents, spans, progress, links and events into this database.

        Documents by id: new ones are added; same id and sha256 is the same document; same id with another
        text is a conflict: this database's document is kept and none of the source's spans, progress,
        links or events on it are merged. Spans by id: new ones are added; an identical copy is nothing; a
        span whose content differs is a conflict: this database's copy is kept. Progress: the later
        `updated_at` wins. Links: added for spans present here. Relations by id, like spans (both ends must
        be here). Events: appended unless this database holds the same event already (same at, annotator,
        action, span_id, before, after), their `origin` set to the source's file name so undo here never
        replays them. Merging twice adds nothing.

        Deletes travel whole: a span or relation the source deleted (absent there, a delete in its log) is
        deleted here when the copy here is a version the source's log knows (it saw it, then deleted it);
        otherwise, or when a relation here still rests on the span, it is kept and reported in
        `delete_conflicts`. A source copy of something deleted here is not brought back (`deleted_here`;
        a version this database never saw is reported).
        """
        src = Path(source)
        report = MergeReport(source=str(src))
        sconn = _open_source(src, self.path, self.busy_timeout_ms)
        try:
            with self.write() as conn:
                try:
                    skip = self._merge_documents(sconn, report)
                    self._merge_spans(sconn, skip, report)
                    tables = _source_tables(sconn)
                    if "relations" in tables:
                        self._merge_relations(sconn, skip, report)
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
                    if "models" in tables:
                        report.models_merged = self._merge_models(sconn)
                    self._apply_source_deletes(sconn, skip, report, "relations" in tables)
                    if report.changed:
                        self._event("", "merge", None, None, {"source": str(src), **report.counts()})
                except sqlite3.Error as e:  # inside the transaction: it rolls back
                    raise self._merge_error(e, src) from e
        finally:
            sconn.close()
        return report

    def check_merge_source(self, source: str | Path) -> None:
        """Raise StoreError (one clear line) if `source` cannot be merged here; changes nothing."""
        _open_source(Path(source), self.path, self.busy_timeout_ms).close()

    def _merge_error(self, e: sqlite3.Error, src: Path) -> StoreError:
        if error_class(e) is BusyError:
            return BusyError(f"{self.path}: database is busy (another writer held it too long)")
        return store_error(e, src, busy_timeout_ms=self.busy_timeout_ms,
                           message=f"{src}: cannot read it as a tui-reader database ({e})")  # fmt: skip

    def _merge_documents(self, sconn: sqlite3.Connection, report: MergeReport) -> set[str]:
        skip: set[str] = set()
        # a source made before m012_text_body has no `body`
        has_body = any(r[1] == "body" for r in sconn.execute("PRAGMA table_info(documents)"))
        text_sql = DOC_TEXT if has_body else "text"
        rows = sconn.execute(f"SELECT id, title, source, {text_sql}, sha256, added_at, meta FROM documents ORDER BY id")
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
                    found = self.conn.execute(f"SELECT {self._doc_text()} FROM documents WHERE id = ?", (doc_id,)).fetchone()
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
        gone = self.conn.execute(  # new to this table, but deleted here once: not brought back
            f"SELECT {names} FROM temp.merge_spans t WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = t.id) "
            "AND EXISTS (SELECT 1 FROM events e WHERE e.span_id = t.id AND e.after IS NULL AND e.before IS NOT NULL)"
        ).fetchall()
        for row in gone:
            mine = _versions(self.conn, row[0], _span_key)
            if _span_key(dict(zip(SPAN_COLUMNS, row, strict=True))) in mine:
                report.deleted_here += 1
            else:
                report.delete_conflicts.append(f"span {row[0]} was deleted here; the source holds a version this "
                                               "database never had (kept deleted)")  # fmt: skip
            self.conn.execute("DELETE FROM temp.merge_spans WHERE id = ?", (row[0],))
        before = self.conn.total_changes
        self.conn.execute(
            f"INSERT INTO spans ({names}) SELECT {names} FROM temp.merge_spans t "
            "WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = t.id) ORDER BY t.id"
        )
        report.spans_added += self.conn.total_changes - before
        self.conn.execute("DROP TABLE temp.merge_spans")

    def _merge_relations(self, sconn: sqlite3.Connection, skip: set[str], report: MergeReport) -> None:
        """Relations by id, like spans: new ones added when both their spans are here; same is nothing; a
        different copy, or another id for the same (head, tail, label, annotator), is a conflict (ours kept)."""
        rows = sconn.execute("SELECT " + ", ".join(RELATION_COLUMNS) + " FROM relations ORDER BY id").fetchall()
        for row in rows:
            rel = relation_from_row(row)
            if rel.doc_id in skip:
                continue
            mine = self.get_relation(rel.id)
            if mine is not None:
                if _relation_key(mine.to_dict()) == _relation_key(rel.to_dict()):
                    report.relations_same += 1
                else:
                    report.relation_conflicts.append(rel.id)
                continue
            if self.conn.execute("SELECT 1 FROM events WHERE span_id = ? AND after IS NULL AND before IS NOT NULL",
                                 (rel.id,)).fetchone():  # fmt: skip
                if _relation_key(rel.to_dict()) in _versions(self.conn, rel.id, _relation_key):
                    report.deleted_here += 1
                else:
                    report.delete_conflicts.append(f"relation {rel.id} was deleted here; the source holds a version "
                                                   "this database never had (kept deleted)")  # fmt: skip
                continue
            ends = [self.get_span(rel.head), self.get_span(rel.tail)]
            if any(e is None or e.doc_id != rel.doc_id for e in ends):
                report.problems.append(f"relation {rel.id}: its spans are not both in document {rel.doc_id!r} here")
                continue
            dup = self.conn.execute(
                "SELECT id FROM relations WHERE head = ? AND tail = ? AND label = ? AND annotator = ?",
                (rel.head, rel.tail, rel.label, rel.annotator),
            ).fetchone()
            if dup is not None:
                report.relation_conflicts.append(rel.id)
                continue
            self.conn.execute(RELATION_INSERT, relation_values(rel))
            report.relations_added += 1

    def _apply_source_deletes(self, sconn: sqlite3.Connection, skip: set[str], report: MergeReport,
                              has_relations: bool) -> None:  # fmt: skip
        """Delete here what the source deleted (see `merge_from`): relations first, then spans."""
        ids = [r[0] for r in sconn.execute(
            "SELECT DISTINCT span_id FROM events WHERE span_id IS NOT NULL AND after IS NULL AND before IS NOT NULL "
            "ORDER BY span_id")]  # fmt: skip
        if not ids:
            return
        in_source = {r[0] for r in sconn.execute("SELECT id FROM spans")}
        if has_relations:
            in_source |= {r[0] for r in sconn.execute("SELECT id FROM relations")}
        rels = [r for i in ids if i not in in_source and (r := self.get_relation(i)) is not None and r.doc_id not in skip]
        spans = [s for i in ids if i not in in_source and (s := self.get_span(i)) is not None and s.doc_id not in skip]
        if not rels and not spans:
            return
        logged = _logged(sconn, {r.id for r in rels} | {s.id for s in spans})  # one pass over the source's log
        for rel in rels:
            if _relation_key(rel.to_dict()) in _keys(logged.get(rel.id, []), _relation_key):
                self.conn.execute("DELETE FROM relations WHERE id = ?", (rel.id,))
                report.relations_deleted += 1
            else:
                report.delete_conflicts.append(f"relation {rel.id} was deleted in the source but changed here (kept)")
        for span in spans:
            if _span_key(span.to_dict()) not in _keys(logged.get(span.id, []), _span_key):
                report.delete_conflicts.append(f"span {span.id} was deleted in the source but changed here (kept)")
                continue
            resting = self.relations_of(span.id)
            if resting:
                report.delete_conflicts.append(f"span {span.id} was deleted in the source but {len(resting)} "
                                               "relation(s) here rest on it (kept)")  # fmt: skip
                continue
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span.id,))
            report.spans_deleted += 1

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


_SOURCE_TABLES = ("documents", "spans", "progress", "events")


def _open_source(src: Path, dest: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A read-only connection to a database to merge from, inside a read transaction; clear errors first."""
    if not src.exists():
        raise StoreError(f"{src}: no such database")
    if src.is_dir():
        raise StoreError(f"{src}: is a folder, not a database")
    if dest.exists() and os.path.samefile(src, dest):
        raise StoreError(f"{src}: is the destination database itself; nothing to merge")
    try:
        conn = sqlite3.connect(src.resolve().as_uri() + "?mode=ro", uri=True, timeout=busy_timeout_ms / 1000,
                               isolation_level=None)  # fmt: skip
        conn.execute("BEGIN")  # one snapshot for every table read below
        tables = _source_tables(conn)
    except sqlite3.Error as e:
        raise store_error(e, src, busy_timeout_ms=busy_timeout_ms,
                          message=f"{src}: not a usable SQLite database ({e})") from None  # fmt: skip
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


def _span_key(d: dict[str, Any]) -> str:
    """A span version as a comparable string: its content without `updated_at` (rows.span_content)."""
    d = dict(d)
    d["stale"] = bool(d.get("stale", False))
    d["attrs"] = json.loads(d["attrs"]) if isinstance(d.get("attrs"), str) else d.get("attrs") or {}
    return json.dumps(span_content(span_from_dict(d).to_dict()), sort_keys=True, ensure_ascii=False)


def _relation_key(d: dict[str, Any]) -> str:
    return json.dumps(relation_content(relation_from_dict(d).to_dict()), sort_keys=True, ensure_ascii=False)


def _versions(conn: sqlite3.Connection, item_id: str, key: Any) -> set[str]:
    """Every version of one span or relation that this database's event log shows (before or after a change)."""
    return _keys(_logged(conn, {item_id}, by_index=True).get(item_id, []), key)


def _keys(versions: list[dict[str, Any]], key: Any) -> set[str]:
    out = set()
    for d in versions:
        try:
            out.add(key(d))
        except (TypeError, KeyError, ValueError):  # a malformed logged version is no version
            continue
    return out


def _logged(conn: sqlite3.Connection, ids: set[str], *, by_index: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The versions (before/after dicts) of the spans or relations `ids` in a database's event log. A source
    database may predate the index on events(span_id): read its log in one pass rather than once per id."""
    out: dict[str, list[dict[str, Any]]] = {}
    if by_index or len(ids) == 1:
        rows: Iterator[tuple[Any, ...]] = (
            (i, *r) for i in ids for r in conn.execute("SELECT before, after FROM events WHERE span_id = ?", (i,))
        )
    else:
        rows = (r for r in conn.execute("SELECT span_id, before, after FROM events WHERE span_id IS NOT NULL")
                if r[0] in ids)  # fmt: skip
    for item_id, before, after in rows:
        for raw in (before, after):
            if not raw:
                continue
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            if isinstance(obj, dict):
                out.setdefault(item_id, []).append(obj)
    return out


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

"""Documents: reading them (whole, or only the head of a long text), listing and summarising them, importing
them (one at a time or in bulk), the files they came from, and replacing a document's text when its source
was edited (its spans re-anchored in the same transaction). Also the cache of document texts that every span
write checks offsets against."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from tui_reader.models import DocSummary, Document, DocumentHead, Event, Span, default_title, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import SpanError, StoreError


class DocumentsMixin(StoreBase):
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def get_document(self, doc_id: str) -> Document:
        row = self.conn.execute(
            f"SELECT id, title, source, {self._doc_text()}, sha256, added_at, meta FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id!r}")
        self._remember_text(doc_id, row[4], row[3])
        return Document(id=row[0], title=row[1], source=row[2], text=row[3], sha256=row[4], added_at=row[5],
                        meta=json.loads(row[6] or "{}"))  # fmt: skip

    COMPACT_BYTES = 1 << 20  # a text over this many bytes of UTF-8 is read compactly (get_document_compact)

    def get_document_compact(self, doc_id: str) -> Document:
        """`get_document`, but a text over COMPACT_BYTES comes as a `textchunks.ChunkedText` (a str stand-in held
        in about its UTF-8 size, where a str of it would take 4 bytes per character with a single emoji), read
        from SQLite in pieces of textchunks.CHUNK bytes (incremental blob I/O), never whole as one str. The app's
        panes hold it."""
        row = self.conn.execute(
            f"SELECT rowid, id, title, source, sha256, added_at, meta, {self._in_body()} FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id!r}")
        if not self.utf8_database():
            return self.get_document(doc_id)
        from tui_reader.textchunks import CHUNK, ChunkedText

        try:
            with self.conn.blobopen("documents", "body" if row[7] else "text", row[0], readonly=True) as blob:
                size = len(blob)
                if size <= self.COMPACT_BYTES:
                    return self.get_document(doc_id)
                text = ChunkedText.from_utf8(iter(lambda: blob.read(CHUNK), b""))
        except sqlite3.OperationalError:  # the row changed between the two statements: read it the usual way
            return self.get_document(doc_id)
        self._remember_text(doc_id, row[4], cast("str", text))
        return Document(id=row[1], title=row[2], source=row[3], text=cast("str", text), sha256=row[4],
                        added_at=row[5], meta=json.loads(row[6] or "{}"))  # fmt: skip

    def document_head(self, doc_id: str, max_bytes: int) -> DocumentHead:
        """The title, size and first lines of a document, without reading its whole text (SQLite's incremental
        blob I/O reads only the first pages of a long value; columns after `text` are not touched).

        `text` is `document.text[:len(text)]`: at most `max_bytes` of UTF-8, cut after the last line break in
        them (a paragraph boundary), else after the last space, else at the last whole character.
        `complete` says it is the whole text.
        """
        row = self.conn.execute(f"SELECT rowid, title, {self._in_body()} FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()  # fmt: skip
        if row is None:
            raise StoreError(f"no document with id {doc_id!r}")
        if not self.utf8_database():  # blob bytes are the text in the database's encoding: read it whole
            return self._whole_head(doc_id)
        try:
            with self.conn.blobopen("documents", "body" if row[2] else "text", row[0], readonly=True) as blob:
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

    def rename_document(self, doc_id: str, title: str, *, annotator: str = "") -> str:
        """Give `doc_id` the title `title` (white space collapsed; not empty). One `rename` event: `undo` puts the
        old title back (and `redo` the new one). Returns the old title."""
        title = " ".join(title.split())
        if not title:
            raise StoreError("a document's title cannot be empty")
        with self.write():
            row = self.conn.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise StoreError(f"no document with id {doc_id!r}")
            self.conn.execute("UPDATE documents SET title = ? WHERE id = ?", (title, doc_id))
            self._event(annotator, "rename", None, _title_state(doc_id, row[0]), _title_state(doc_id, title))
            return str(row[0])

    def _travel_rename(self, annotator: str, direction: str, ev: Event) -> Event:
        """Undo / redo a `rename` event (EventsMixin._travel): the title back, unless changed since."""
        now, target = (ev.after, ev.before) if direction == "undo" else (ev.before, ev.after)
        assert now is not None and target is not None
        row = self.conn.execute("SELECT title FROM documents WHERE id = ?", (target["doc_id"],)).fetchone()
        if row is None or row[0] != now["title"]:
            raise StoreError("cannot " + direction + ": the document was renamed or deleted since (by another session)")
        self.conn.execute("UPDATE documents SET title = ? WHERE id = ?", (target["title"], target["doc_id"]))
        seq = self._event(annotator, direction, None, now, target, ref=ev.seq)
        return self.get_event(seq)

    def span_labels(self) -> list[str]:
        """Every label a span in the database has (any status, any annotator), sorted."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT label FROM spans ORDER BY label")]

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

    def document_summaries(self, annotator: str | None = None, *, doc_id: str | None = None) -> list[DocSummary]:
        """Every document (or just `doc_id`) with its accepted span count and progress (of `annotator`, else anyone's).

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
               FROM documents d WHERE (? IS NULL OR d.id = ?) ORDER BY d.id""",
            (annotator, annotator, doc_id, doc_id),
        )
        return [DocSummary(*r) for r in rows]

    def document_summary(self, doc_id: str, annotator: str | None = None) -> DocSummary | None:
        """`document_summaries`' row for one document (after a change: a key press does not recount every one)."""
        found = self.document_summaries(annotator, doc_id=doc_id)
        return found[0] if found else None

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

    def utf8_database(self) -> bool:
        """Whether text is stored as UTF-8 (a text value's bytes are its UTF-8: `document_head`, and
        `add_document_from_file`)."""
        if self._encoding is None:
            self._encoding = str(self.conn.execute("PRAGMA encoding").fetchone()[0])
        return self._encoding == "UTF-8"

    def add_document_from_file(self, doc_id: str, *, title: str, source: str, path: str | Any, size: int,
                               sha256: str) -> None:  # fmt: skip
        """Insert a document whose text is the file at `path` byte for byte (UTF-8 that import stores as it is:
        no BOM, CR or NUL, checked by the caller), or read from `path` if it has `read` (the file's text normalised
        piece by piece: importing_big._PieceReader), written into the row in pieces with SQLite's blob I/O, so the
        text is never whole in this process nor in SQLite: the row is made with a zero blob of `size` bytes in its
        last column, `body` (m012_text_body: SQLite writes it without holding it; readers see it as the text
        through rows.DOC_TEXT), then filled 1 MiB at a time. The bytes written are hashed again: a file
        that changed since `sha256` was taken raises StoreError. Call inside `write()` (so a failure leaves
        nothing); a database whose text is not UTF-8 raises StoreError (use `add_document`)."""
        import hashlib

        if not self.utf8_database():
            raise StoreError("text is not stored as UTF-8 in this database")
        column = "body" if self._doc_text() != "text" else "text"  # "text" before m012: SQLite holds it twice
        cur = self.conn.execute(
            "INSERT INTO documents (id, title, source, text, sha256, added_at, meta, body) "
            "VALUES (?, ?, ?, '', ?, ?, '{}', zeroblob(?))" if column == "body" else
            "INSERT INTO documents (id, title, source, sha256, added_at, meta, text) "
            "VALUES (?, ?, ?, ?, ?, '{}', CAST(zeroblob(?) AS TEXT))",
            (doc_id, title, source, sha256, now_iso(), size),
        )
        digest = hashlib.sha256()
        written = 0
        source_file: Any = path if hasattr(path, "read") else open(path, "rb")  # or a reader of the normalised text
        with source_file as f, self.conn.blobopen("documents", column, cur.lastrowid or 0) as blob:
            while chunk := f.read(1 << 20):
                if written + len(chunk) > size:
                    break
                blob.write(chunk)
                digest.update(chunk)
                written += len(chunk)
        if written != size or digest.hexdigest() != sha256:
            raise StoreError(f"{source}: the file changed while it was imported")
        self._event("", "import", None, None, {"doc_id": doc_id, "sha256": sha256, "spans": 0})

    def _insert_document(self, doc: Document, doc_id: str) -> None:
        self.conn.execute(
            "INSERT INTO documents (id, title, source, text, sha256, added_at, meta) VALUES (?,?,?,?,?,?,?)",
            (doc_id, doc.title, doc.source, doc.text, doc.sha256, doc.added_at or now_iso(),
             json.dumps(doc.meta, ensure_ascii=False, sort_keys=True)),
        )  # fmt: skip

    def import_records(
        self,
        records: Iterable[tuple[Any, ...]],
        on_record: Callable[[str, str, int], None] | None = None,
    ) -> dict[str, int]:
        """Bulk import in ONE transaction: documents with their spans, progress rows, link groups and (a fifth,
        optional item) relations between its spans.

        A document whose id exists with the same sha256 is kept and only new spans (by id) are added; one
        whose id exists with other text is skipped and reported through `on_record(doc_id, 'conflict', 0)`.
        Spans are inserted with `executemany` (sqlite-utils' per-row insert is ~6x slower); one `import`
        event per document. A crash or error leaves the database as it was before the call.
        """
        totals = {"documents": 0, "unchanged": 0, "conflicts": 0, "spans": 0, "relations": 0}
        links: list[tuple[str, str]] = []
        with self.write() as conn:
            for doc, spans, progress, doc_links, *more in records:
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
                added = self._insert_imported_spans(doc, spans)  # store/spans.py
                totals["spans"] += added
                rels = self._import_relations(doc.id, more[0]) if more and more[0] else 0
                totals["relations"] += rels
                for p in progress:
                    conn.execute(
                        "INSERT OR REPLACE INTO progress (doc_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                        (doc.id, p.get("annotator", ""), p.get("status", "todo"), p.get("updated_at") or now_iso()),
                    )
                if outcome == "added" or added or rels:
                    self._event("", "import", None, None, {"doc_id": doc.id, "sha256": doc.sha256, "spans": added,
                                                           **({"relations": rels} if rels else {})})  # fmt: skip
                if on_record:
                    on_record(doc.id, outcome, added)
            if links:
                conn.executemany(
                    "INSERT OR IGNORE INTO links (group_id, span_id, created_at) "
                    "SELECT ?, id, ? FROM spans WHERE id = ?",
                    ((g, now_iso(), sid) for g, sid in links),
                )
        return totals

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
        row = self.conn.execute(f"SELECT {self._doc_text()}, sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            self._texts.pop(doc_id, None)
            raise SpanError(f"no document with id {doc_id!r}")
        self._remember_text(doc_id, row[1], row[0], version)
        return str(row[0])

    def adopt_text(self, doc: Document) -> None:
        """A document as another connection read it (the app's import worker): its text kept for the offset checks
        as if read here, but checked against the stored sha256 before its first use (as after any other
        connection's commit), so a text changed since is never trusted."""
        self._remember_text(doc.id, doc.sha256, doc.text, -1)

    def _remember_text(self, doc_id: str, sha256: str, text: str, version: int | None = None) -> None:
        if version is None:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        self._texts.pop(doc_id, None)
        self._texts[doc_id] = (version, sha256, text)
        while len(self._texts) > 4:  # the two panes' documents and a little history
            self._texts.pop(next(iter(self._texts)))

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
            body = ", body = NULL" if self._doc_text() != "text" else ""
            self.conn.execute(f"UPDATE documents SET text = ?{body}, sha256 = ?, source = ?, title = ? WHERE id = ?",
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


def _title_state(doc_id: str, title: str) -> dict[str, str]:
    """A rename event's before / after (label and text: what the undo message names)."""
    return {"doc_id": doc_id, "title": title, "label": "title", "text": title}

"""Spans: adding one (offsets checked against the document's text), reading and filtering them, changing,
moving and deleting them, and adding many suggested spans at once (suggest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from tui_reader.models import STATUSES, Document, Relation, Span, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import SpanError
from tui_reader.store.rows import (
    SPAN_INSERT,
    SPAN_INSERT_OR_IGNORE,
    SPAN_SELECT,
    SpanRows,
    bulk_span_values,
    check_span,
    span_from_row,
    span_values,
)

# One exported document: the document, its spans (filtered, sorted), progress rows, link groups, relations.
ExportRow = tuple[Document, list[Span], list[dict[str, Any]], list[dict[str, Any]], list[Relation]]


class SpansMixin(StoreBase):
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
            self.conn.execute(SPAN_INSERT, span_values(span))
            self._event(annotator, "create", span.id, None, span.to_dict())
        return span

    def _insert_imported_spans(self, doc: Document, spans: Sequence[Span] | SpanRows) -> int:
        """Inside `import_records`: insert one document's imported spans (a span whose id is stored already is
        kept as it is); returns how many were added. `SpanRows` made from this very text were checked by the
        reader that built them and go in as they are; `Span` objects are checked here (offsets, text)."""
        conn = self.conn
        before = conn.total_changes
        if isinstance(spans, SpanRows):
            if spans.text is not doc.text:  # made from another text (an equal one, at best): checked here
                for row in spans:
                    sid, _, start, end, _, covered = row[:6]
                    check_span(doc.text, Span(doc_id=doc.id, start=start, end=end, label="", text=covered, id=sid))
            conn.executemany(SPAN_INSERT_OR_IGNORE, spans)
        else:
            for s in spans:
                check_span(doc.text, s)
            conn.executemany(SPAN_INSERT_OR_IGNORE, map(bulk_span_values, spans))
        return conn.total_changes - before

    def get_span(self, span_id: str) -> Span | None:
        row = self.conn.execute(SPAN_SELECT + " WHERE id = ?", (span_id,)).fetchone()
        return span_from_row(row) if row else None

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
        sql = SPAN_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += ' ORDER BY doc_id, start, "end", label, id'
        for row in self.conn.execute(sql, args):
            yield span_from_row(row)

    def iter_export(
        self,
        *,
        labels: Sequence[str] = (),
        annotators: Sequence[str] = (),
        statuses: Sequence[str] = (),
        include_stale: bool = False,
    ) -> Iterator[ExportRow]:
        """Every document (by id) with what an export writes of it, as `spans(doc_id, ...)`, `progress(doc_id)`,
        `links(doc_id)` (restricted to the exported spans, empty groups dropped) and `relations(doc_id, ...)`
        (both ends exported) give it, but read in ONE ordered pass per table, merged by document: five queries
        per document cost more than writing the document does once there are tens of thousands of them
        (bench/bench_export_docs.py). All cursors are open at once: they read one snapshot."""
        from tui_reader.store.relations import RELATION_SELECT, relation_from_row

        def where(filters: Sequence[tuple[str, Sequence[str]]]) -> tuple[str, list[str]]:
            parts: list[str] = []
            args: list[str] = []
            for col, values in filters:
                if values:
                    parts.append(f"{col} IN ({', '.join('?' for _ in values)})")
                    args.extend(values)
            return (" WHERE " + " AND ".join(parts) if parts else ""), args

        conn = self.conn
        docs = conn.execute(f"SELECT id, title, source, {self._doc_text()}, sha256, added_at, meta FROM documents ORDER BY id")
        sw, sargs = where((("label", labels), ("annotator", annotators), ("status", statuses)))
        span_rows = conn.execute(SPAN_SELECT + sw + ' ORDER BY doc_id, start, "end", label, id', sargs)
        prog_rows = conn.execute("SELECT doc_id, annotator, status, updated_at FROM progress "
                                 "ORDER BY doc_id, annotator")  # fmt: skip
        link_rows = conn.execute("SELECT s.doc_id, l.group_id, l.span_id FROM links l JOIN spans s ON s.id = l.span_id "
                                 "ORDER BY s.doc_id, l.group_id, l.span_id")  # fmt: skip
        rw, rargs = where((("annotator", annotators), ("status", statuses)))
        rel_rows = conn.execute(RELATION_SELECT + rw + " ORDER BY doc_id, created_at, id", rargs)
        nxt = {"spans": next(span_rows, None), "progress": next(prog_rows, None), "links": next(link_rows, None),
               "relations": next(rel_rows, None)}  # fmt: skip
        cursors = {"spans": span_rows, "progress": prog_rows, "links": link_rows, "relations": rel_rows}
        doc_col = {"spans": 1, "progress": 0, "links": 0, "relations": 1}

        def take(name: str, doc_id: str) -> list[Any]:
            """The rows of `name` on `doc_id` (rows of a document before it, orphans, are passed over)."""
            out = []
            row, col, cur = nxt[name], doc_col[name], cursors[name]
            while row is not None and row[col] < doc_id:
                row = next(cur, None)
            while row is not None and row[col] == doc_id:
                out.append(row)
                row = next(cur, None)
            nxt[name] = row
            return out

        loads = json.loads
        for doc_id, title, source, text, sha, added_at, meta in docs:
            doc = Document(id=doc_id, title=title, source=source, text=text, sha256=sha, added_at=added_at,
                           meta=loads(meta or "{}"))  # fmt: skip
            spans = [span_from_row(r) for r in take("spans", doc_id)]
            if not include_stale:
                spans = [sp for sp in spans if not sp.stale]
            wanted = {sp.id for sp in spans}
            progress = [{"doc_id": d, "annotator": a, "status": st, "updated_at": at}
                        for d, a, st, at in take("progress", doc_id)]  # fmt: skip
            groups: dict[str, list[str]] = {}
            for _d, group, sid in take("links", doc_id):
                if sid in wanted:
                    groups.setdefault(group, []).append(sid)
            links = [{"group": g, "spans": members} for g, members in groups.items()]
            relations = [rel for rel in map(relation_from_row, take("relations", doc_id))
                         if rel.head in wanted and rel.tail in wanted]  # fmt: skip
            yield doc, spans, progress, links, relations

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

    def relabel_span(self, span_id: str, label: str, *, annotator: str = "") -> Span:
        """Change a span's label; a suggestion is accepted by it (and becomes `annotator`'s). ONE `update` event."""
        if not label:
            raise SpanError("a span needs a label")
        with self.write():
            old = self.get_span(span_id)
            if old is None:
                raise SpanError(f"no span with id {span_id!r}")
            changes: dict[str, Any] = {"label": label}
            if old.status != "accepted":
                changes["status"] = "accepted"
            return self.update_span(span_id, annotator=annotator, **changes)

    def accepted_counts(self, annotator: str, doc_id: str | None = None) -> dict[str, int]:
        """doc_id -> how many accepted spans `annotator` has there (as `stats` counts them per annotator)."""
        rows = self.conn.execute(
            "SELECT doc_id, count(*) FROM spans WHERE annotator = ? AND status = 'accepted' "
            "AND (? IS NULL OR doc_id = ?) GROUP BY doc_id",
            (annotator, doc_id, doc_id),
        )
        return {d: int(n) for d, n in rows}

    def suggestion_counts(self) -> dict[str, int]:
        """doc_id -> how many suggestions wait there."""
        rows = self.conn.execute("SELECT doc_id, count(*) FROM spans WHERE status = 'suggested' GROUP BY doc_id")
        return {d: int(n) for d, n in rows}

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
            (*span_values(s)[1:], s.id),
        )

    def delete_span(self, span_id: str, *, annotator: str = "") -> Span:
        """Delete a span and, in the same transaction, the relations it is head or tail of: one `delete` event,
        and a `relation-delete` event per relation that names it (`ref`), so one undo restores them all."""
        with self.write():
            old = self.get_span(span_id)
            if old is None:
                raise SpanError(f"no span with id {span_id!r}")
            seq = self._event(annotator, "delete", span_id, old.to_dict(), None)
            self._delete_relations_of(span_id, annotator, seq)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
        return old

    def spans_overlapping(self, doc_id: str, start: int, end: int, *, labels: Sequence[str] = ()) -> list[Span]:
        """Spans of `doc_id` sharing at least one character with [start, end) (of `labels`, when given)."""
        sql = SPAN_SELECT + ' WHERE doc_id = ? AND start < ? AND "end" > ?'
        args: list[Any] = [doc_id, end, start]
        if labels:
            sql += f" AND label IN ({', '.join('?' for _ in labels)})"
            args.extend(labels)
        return [span_from_row(r) for r in self.conn.execute(sql + ' ORDER BY start, "end", label', args)]

    def spans_at(self, doc_id: str, offset: int) -> list[Span]:
        rows = self.conn.execute(
            SPAN_SELECT + ' WHERE doc_id = ? AND start <= ? AND "end" > ? ORDER BY start, "end", label',
            (doc_id, offset, offset),
        )
        return [span_from_row(r) for r in rows]

    # -- bulk suggestions (suggest.py) -------------------------------------------------------------------
    def add_spans_if_new(
        self,
        doc_id: str,
        items: Sequence[tuple[int, int, str, str, dict[str, Any]]],
        *,
        annotator: str = "",
        status: str = "suggested",
    ) -> list[Span]:
        """Add (start, end, label, origin, attrs) spans to one document in ONE transaction, skipping any whose
        (start, end, label) already exists there in any status (a rejected suggestion is not brought back), or
        was suggested there with that label and relabelled (attrs "suggested_as": `review.relabel`).

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
            for start, end, attrs in self.conn.execute(  # relabelled suggestions: not again under the old label
                    'SELECT start, "end", attrs FROM spans WHERE doc_id = ? AND attrs LIKE \'%"suggested_as"%\'',
                    (doc_id,)):  # fmt: skip
                was = json.loads(attrs).get("suggested_as")
                if isinstance(was, str):
                    seen.add((start, end, was))
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
            self.conn.executemany(SPAN_INSERT, map(span_values, added))
            for span in added:
                self._event(annotator, "suggest", span.id, None, span.to_dict())
        return added


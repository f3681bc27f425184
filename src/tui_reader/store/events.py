"""The event log and undo/redo. Every change to a span appends an `events` row in the same transaction; undo
and redo replay that log (per annotator, across restarts), never events merged from another database."""

from __future__ import annotations

import json
from typing import Any

from tui_reader.models import Event, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import StoreError
from tui_reader.store.rows import SPAN_INSERT, fits, span_content, span_from_dict, span_values

UNDOABLE = ("create", "delete", "update", "rename")  # rename: a document's title (store/documents.py)


class EventsMixin(StoreBase):
    def _event(self, annotator: str, action: str, span_id: str | None, before: Any, after: Any,
               ref: int | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO events (at, annotator, action, span_id, before, after, ref) VALUES (?,?,?,?,?,?,?)",
            (now_iso(), annotator, action, span_id,
             None if before is None else json.dumps(before, ensure_ascii=False),
             None if after is None else json.dumps(after, ensure_ascii=False), ref),
        )  # fmt: skip
        return int(cur.lastrowid or 0)

    # -- undo / redo -------------------------------------------------------------------------------
    def _stacks(self, annotator: str) -> tuple[list[int], list[int]]:
        undo: list[int] = []
        redo: list[int] = []
        rows = self.conn.execute(
            "SELECT seq, action, ref FROM events WHERE annotator = ? AND action IN "
            "('create', 'delete', 'update', 'rename', 'undo', 'redo') AND origin IS NULL ORDER BY seq",
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
            if ev.action == "rename":
                return self._travel_rename(annotator, direction, ev)
            want_now, target = (ev.after, ev.before) if direction == "undo" else (ev.before, ev.after)
            assert ev.span_id is not None
            current = self.get_span(ev.span_id)
            now = current.to_dict() if current else None
            if (now is None) != (want_now is None) or (now and want_now and span_content(now) != span_content(want_now)):
                raise StoreError("cannot " + direction + ": the span was changed since (by another session)")
            if target is not None and not target.get("stale") and not fits(self._text_or_error(target["doc_id"]), target):
                raise StoreError("cannot " + direction + ": the document's text was changed since (source re-imported)")
            if target is None:
                self.conn.execute("DELETE FROM spans WHERE id = ?", (ev.span_id,))
            elif current is None:
                self.conn.execute(SPAN_INSERT, span_values(span_from_dict(target)))
            else:
                self._replace_span(span_from_dict(target))
            seq = self._event(annotator, direction, ev.span_id, now, target, ref=ev.seq)
            return self.get_event(seq)


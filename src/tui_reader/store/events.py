"""The event log and undo/redo. Every change to a span appends an `events` row in the same transaction; undo
and redo replay that log (per annotator, across restarts), never events merged from another database."""

from __future__ import annotations

import json
from typing import Any

from tui_reader.models import Event, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import StoreError
from tui_reader.store.rows import SPAN_INSERT, fits, span_content, span_from_dict, span_values

UNDOABLE = ("create", "delete", "update", "relation-create", "relation-update", "relation-delete")
SPAN_STEPS = ("create", "delete", "update")


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
    # A step is one UNDOABLE event; a `relation-*` event with a `ref` is part of the step it names (the relations
    # a span's delete took with it), undone and redone with that step, never on its own.
    def _stacks(self, annotator: str) -> tuple[list[int], list[int]]:
        undo: list[int] = []
        redo: list[int] = []
        rows = self.conn.execute(
            "SELECT seq, action, ref FROM events WHERE annotator = ? AND action IN "
            f"({', '.join(repr(a) for a in (*UNDOABLE, 'undo', 'redo'))}) AND origin IS NULL ORDER BY seq",
            (annotator,),
        )
        for seq, action, ref in rows:
            if action in UNDOABLE:
                if ref is not None:  # part of another step
                    continue
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
        """Revert this annotator's latest change still in effect (works across restarts: it reads the log).

        Deleting a span that had relations is one step: undo restores the span and its relations together."""
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
            if ev.action in SPAN_STEPS:
                parts = [self.get_event(r[0]) for r in self.conn.execute(
                    "SELECT seq FROM events WHERE ref = ? AND action = 'relation-delete' AND origin IS NULL "
                    "ORDER BY seq", (ev.seq,))]  # fmt: skip
                seq = self._travel_span(ev, direction, annotator, parts)
            else:
                seq = self._travel_relation(ev, direction, annotator)
            return self.get_event(seq)

    def _travel_span(self, ev: Event, direction: str, annotator: str, parts: list[Event]) -> int:
        want_now, target = (ev.after, ev.before) if direction == "undo" else (ev.before, ev.after)
        assert ev.span_id is not None
        current = self.get_span(ev.span_id)
        now = current.to_dict() if current else None
        if (now is None) != (want_now is None) or (now and want_now and span_content(now) != span_content(want_now)):
            raise StoreError("cannot " + direction + ": the span was changed since (by another session)")
        if target is not None and not target.get("stale") and not fits(self._text_or_error(target["doc_id"]), target):
            raise StoreError("cannot " + direction + ": the document's text was changed since (source re-imported)")
        if target is None:
            taken = {p.span_id for p in parts}
            others = [r for r in self.relations_of(ev.span_id) if r.id not in taken]
            if others:
                raise StoreError(f"cannot {direction}: {len(others)} relation(s) rest on this span since "
                                 "(delete them, or the span, first)")  # fmt: skip
            for p in parts:  # redo of a delete: its relations go first (they reference the span)
                self._travel_relation(p, direction, annotator)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (ev.span_id,))
        elif current is None:
            self.conn.execute(SPAN_INSERT, span_values(span_from_dict(target)))
        else:
            self._replace_span(span_from_dict(target))
        seq = self._event(annotator, direction, ev.span_id, now, target, ref=ev.seq)
        if target is not None:
            for p in parts:  # undo of a delete: the relations it took come back with the span
                self._travel_relation(p, direction, annotator)
        return seq

    def _travel_relation(self, ev: Event, direction: str, annotator: str) -> int:
        from tui_reader.store.relations import (
            RELATION_INSERT,
            relation_content,
            relation_from_dict,
            relation_values,
        )

        want_now, target = (ev.after, ev.before) if direction == "undo" else (ev.before, ev.after)
        assert ev.span_id is not None
        current = self.get_relation(ev.span_id)
        now = current.to_dict() if current else None
        if (now is None) != (want_now is None) or (now and want_now and relation_content(now) != relation_content(want_now)):
            raise StoreError("cannot " + direction + ": the relation was changed since (by another session)")
        if target is not None:
            for end in ("head", "tail"):
                if self.get_span(target[end]) is None:
                    raise StoreError(f"cannot {direction}: the {end} span of the relation was deleted since")
        if target is None:
            self.conn.execute("DELETE FROM relations WHERE id = ?", (ev.span_id,))
        elif current is None:
            self.conn.execute(RELATION_INSERT, relation_values(relation_from_dict(target)))
        else:
            self._replace_relation(relation_from_dict(target))
        return self._event(annotator, direction, ev.span_id, now, target, ref=ev.seq)

"""The event log and undo/redo. Every change to a span appends an `events` row in the same transaction; undo
and redo replay that log (per annotator, across restarts), never events merged from another database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tui_reader.models import Event, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import StoreError
from tui_reader.store.rows import SPAN_INSERT, fits, span_content, span_from_dict, span_values

UNDOABLE = ("create", "delete", "update", "link", "relation-create", "relation-update", "relation-delete",
            "rename")  # rename: a document's title (store/documents.py)
SPAN_STEPS = ("create", "delete", "update")


class EventsMixin(StoreBase):
    _group_first: int | None = None  # inside `event_group`: the seq of the group's first event (0: none yet)
    _group_depth = 0

    def _event(self, annotator: str, action: str, span_id: str | None, before: Any, after: Any,
               ref: int | None = None) -> int:
        grp = self._group_first or None  # the group's first event has none: its own seq names the group
        cur = self.conn.execute(
            "INSERT INTO events (at, annotator, action, span_id, before, after, ref, grp) VALUES (?,?,?,?,?,?,?,?)",
            (now_iso(), annotator, action, span_id,
             None if before is None else json.dumps(before, ensure_ascii=False),
             None if after is None else json.dumps(after, ensure_ascii=False), ref, grp),
        )  # fmt: skip
        seq = int(cur.lastrowid or 0)
        if self._group_depth and not self._group_first:
            self._group_first = seq
        return seq

    @contextmanager
    def event_group(self) -> Iterator[None]:
        """One user action: every event written inside (one transaction) is ONE undo step and ONE redo step.
        Nested groups join the outer one."""
        with self.write():
            outer = self._group_depth > 0
            if not outer:
                self._group_first = 0
            self._group_depth += 1
            try:
                yield
            finally:
                self._group_depth -= 1
                if not outer:
                    self._group_first = None

    # -- undo / redo -------------------------------------------------------------------------------
    def _steps(self, annotator: str) -> tuple[list[int], list[int], dict[int, list[int]]]:
        """(undo stack, redo stack, step -> its events' seqs). A step is a group of events (`grp`, or an event of
        its own); an undo or redo is itself a group whose events refer (`ref`) to the step's events."""
        undo: list[int] = []
        redo: list[int] = []
        members: dict[int, list[int]] = {}
        step_of: dict[int, int] = {}  # an undoable event's seq -> its step
        seen: set[int] = set()  # groups already handled (an undo group is handled at its first event)
        rows = self.conn.execute(
            "SELECT seq, action, ref, grp, action = 'link' AND instr(after, '\"added\"') = 0 FROM events "
            "WHERE annotator = ? AND action IN "
            f"({', '.join(repr(a) for a in (*UNDOABLE, 'undo', 'redo'))}) AND origin IS NULL ORDER BY seq",
            (annotator,),
        )
        for seq, action, ref, grp, old_link in rows:
            key = grp or seq
            if action in UNDOABLE:
                if old_link:
                    continue  # a link logged before links were undoable (no "added" rows): not on the stack
                if ref is not None and action.startswith("relation-") and ref in step_of:
                    key = step_of[ref]  # a relation its span's delete took with it: part of that step
                    step_of[seq] = key
                    members[key].append(seq)
                    continue
                step_of[seq] = key
                members.setdefault(key, []).append(seq)
                if key not in seen:
                    seen.add(key)
                    undo.append(key)
                    redo.clear()
                continue
            if key in seen:
                continue
            seen.add(key)
            target = step_of.get(ref or 0)
            if action == "undo" and undo and undo[-1] == target:
                redo.append(undo.pop())
            elif action == "redo" and redo and redo[-1] == target:
                undo.append(redo.pop())
        return undo, redo, members

    def _stacks(self, annotator: str) -> tuple[list[int], list[int]]:
        undo, redo, _ = self._steps(annotator)
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
        """Revert this annotator's latest step still in effect (works across restarts: it reads the log).
        Returns the last undo event written (`undo_step` returns all of them)."""
        done = self._travel(annotator, "undo")
        return done[-1] if done else None

    def redo(self, annotator: str = "") -> Event | None:
        done = self._travel(annotator, "redo")
        return done[-1] if done else None

    def undo_step(self, annotator: str = "") -> list[Event]:
        """Revert this annotator's latest step (every event of one action, in one transaction); [] if none."""
        return self._travel(annotator, "undo")

    def redo_step(self, annotator: str = "") -> list[Event]:
        return self._travel(annotator, "redo")

    def can_undo(self, annotator: str = "") -> bool:
        return bool(self._stacks(annotator)[0])

    def _travel(self, annotator: str, direction: str) -> list[Event]:
        with self.event_group():
            undo, redo, members = self._steps(annotator)
            stack = undo if direction == "undo" else redo
            if not stack:
                return []
            seqs = members[stack[-1]]
            events = [self.get_event(seq) for seq in (reversed(seqs) if direction == "undo" else seqs)]
            # Relations and links reference spans: what they lose goes first, the spans change, then what they
            # gain comes back (undoing a span's delete restores the span before the relations it took).
            def removes(ev: Event) -> bool:
                if ev.action == "link":
                    return direction == "undo"
                return (ev.before if direction == "undo" else ev.after) is None

            spans = [ev for ev in events if ev.action in SPAN_STEPS]
            others = [ev for ev in events if ev.action not in SPAN_STEPS]
            out: list[Event] = []
            for ev in [e for e in others if removes(e)] + spans + [e for e in others if not removes(e)]:
                if ev.action == "link":
                    out.append(self._travel_link(annotator, direction, ev))
                elif ev.action in SPAN_STEPS:
                    out.append(self._travel_span(annotator, direction, ev))
                elif ev.action == "rename":
                    out.append(self._travel_rename(annotator, direction, ev))
                else:
                    out.append(self._travel_relation(annotator, direction, ev))
            return out

    def _travel_span(self, annotator: str, direction: str, ev: Event) -> Event:
        want_now, target = (ev.after, ev.before) if direction == "undo" else (ev.before, ev.after)
        assert ev.span_id is not None
        current = self.get_span(ev.span_id)
        now = current.to_dict() if current else None
        if (now is None) != (want_now is None) or (now and want_now and span_content(now) != span_content(want_now)):
            raise StoreError("cannot " + direction + ": the span was changed since (by another session)")
        if target is not None and not target.get("stale") and not fits(self._text_or_error(target["doc_id"]), target):
            raise StoreError("cannot " + direction + ": the document's text was changed since (source re-imported)")
        if target is None:
            if rest := self.relations_of(ev.span_id):  # those this step took are gone already
                raise StoreError(f"cannot {direction}: {len(rest)} relation(s) rest on this span since "
                                 "(delete them, or the span, first)")  # fmt: skip
            self.conn.execute("DELETE FROM spans WHERE id = ?", (ev.span_id,))
        elif current is None:
            self.conn.execute(SPAN_INSERT, span_values(span_from_dict(target)))
        else:
            self._replace_span(span_from_dict(target))
        return self.get_event(self._event(annotator, direction, ev.span_id, now, target, ref=ev.seq))

    def _travel_link(self, annotator: str, direction: str, ev: Event) -> Event:
        """Undo: the link rows the `link` event added go; redo: they come back (their spans must exist)."""
        info = ev.after or {}
        group, added = str(info.get("group", "")), [str(s) for s in info.get("added", [])]
        if direction == "undo":
            self.conn.executemany("DELETE FROM links WHERE group_id = ? AND span_id = ?", [(group, s) for s in added])
        else:
            for sid in added:
                if self.get_span(sid) is None:
                    raise StoreError("cannot redo: a linked span is gone (changed by another session)")
            self.conn.executemany(
                "INSERT OR IGNORE INTO links (group_id, span_id, created_at, annotator) VALUES (?,?,?,?)",
                [(group, s, now_iso(), annotator) for s in added],
            )
        return self.get_event(self._event(annotator, direction, None, None, info, ref=ev.seq))

    def _travel_relation(self, annotator: str, direction: str, ev: Event) -> Event:
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
        return self.get_event(self._event(annotator, direction, ev.span_id, now, target, ref=ev.seq))

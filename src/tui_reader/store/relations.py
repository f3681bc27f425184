"""Relations: a typed, directed link from one span (head) to another (tail) of the same document
(schema step m006_relations; docs/relations.md).

Every change appends an `events` row in the same transaction, as spans do: actions `relation-create`,
`relation-update`, `relation-delete`, with the relation's id in the `span_id` column and the relation as a
dict in before/after. Undo/redo replay them (events.py). Deleting a span deletes its relations in the same
transaction: their `relation-delete` events carry `ref` = the span's `delete` event, so the pair is one undo step.
Which labels a relation type may join is checked above the store (tui_reader.relations), not here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from tui_reader.models import STATUSES, Relation, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import SpanError

RELATION_COLUMNS = (
    "id", "doc_id", "head", "tail", "label", "annotator", "status", "origin", "created_at", "updated_at",
)  # fmt: skip
RELATION_SELECT = "SELECT " + ", ".join(RELATION_COLUMNS) + " FROM relations"
RELATION_INSERT = (
    "INSERT INTO relations (" + ", ".join(RELATION_COLUMNS) + ") VALUES (" + ", ".join("?" for _ in RELATION_COLUMNS)
    + ")"
)  # fmt: skip
RELATION_ACTIONS = ("relation-create", "relation-update", "relation-delete")


class RelationError(SpanError):
    """A relation that cannot be stored: an unknown span, ends in two documents, a relation to itself, a duplicate."""


def relation_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Relation:
    rid, doc_id, head, tail, label, annotator, status, origin, created_at, updated_at = row
    return Relation(doc_id=doc_id, head=head, tail=tail, label=label, id=rid, annotator=annotator, status=status,
                    origin=origin, created_at=created_at, updated_at=updated_at)  # fmt: skip


def relation_values(r: Relation) -> tuple[Any, ...]:
    return (r.id, r.doc_id, r.head, r.tail, r.label, r.annotator, r.status, r.origin, r.created_at, r.updated_at)


def relation_from_dict(d: dict[str, Any]) -> Relation:
    return Relation(**{k: v for k, v in d.items() if k in Relation.__dataclass_fields__})


def relation_content(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "updated_at"}


class RelationsMixin(StoreBase):
    def add_relation(self, head: str, tail: str, label: str, *, annotator: str = "", status: str = "accepted",
                     origin: str = "manual", event: str = "relation-create") -> Relation:  # fmt: skip
        """Store a relation `head -> tail`; logs a `relation-create` event (`event="relation-suggest"` for the
        rules' suggestions: logged, not on the undo stack, as `add_spans_if_new` logs `suggest`).

        Raises RelationError when a span is unknown, the two spans are in different documents, head is tail,
        or this annotator already has a relation with this label between these spans."""
        if status not in STATUSES:
            raise RelationError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
        if not isinstance(label, str) or not label.strip():
            raise RelationError("a relation needs a label")
        with self.write():
            rel = self._check_new_relation(Relation(doc_id="", head=head, tail=tail, label=label,
                                                    annotator=annotator, status=status, origin=origin))  # fmt: skip
            self.conn.execute(RELATION_INSERT, relation_values(rel))
            self._event(annotator, event, rel.id, None, rel.to_dict())
        return rel

    def _check_new_relation(self, rel: Relation) -> Relation:
        """`rel` with its document set from its ends, or RelationError naming what is wrong."""
        if rel.head == rel.tail:
            raise RelationError("a relation joins two different spans (head and tail are the same span)")
        head, tail = self.get_span(rel.head), self.get_span(rel.tail)
        if head is None:
            raise RelationError(f"no span with id {rel.head!r} (relation head)")
        if tail is None:
            raise RelationError(f"no span with id {rel.tail!r} (relation tail)")
        if head.doc_id != tail.doc_id:
            raise RelationError(f"a relation joins spans of one document (head is in {head.doc_id!r}, "
                                f"tail in {tail.doc_id!r})")  # fmt: skip
        if rel.doc_id and rel.doc_id != head.doc_id:
            raise RelationError(f"relation {rel.id}: its spans are in document {head.doc_id!r}, not {rel.doc_id!r}")
        dup = self.conn.execute(
            "SELECT id FROM relations WHERE head = ? AND tail = ? AND label = ? AND annotator = ?",
            (rel.head, rel.tail, rel.label, rel.annotator),
        ).fetchone()
        if dup is not None:
            who = f" by {rel.annotator!r}" if rel.annotator else ""
            raise RelationError(f"this relation already exists ({rel.label!r}{who}, id {dup[0]})")
        rel.doc_id = head.doc_id
        return rel

    def get_relation(self, relation_id: str) -> Relation | None:
        row = self.conn.execute(RELATION_SELECT + " WHERE id = ?", (relation_id,)).fetchone()
        return relation_from_row(row) if row else None

    def relations(self, doc_id: str | None = None, *, annotators: Sequence[str] = (), statuses: Sequence[str] = (),
                  labels: Sequence[str] = (), doc_ids: Sequence[str] = ()) -> list[Relation]:  # fmt: skip
        """Relations matching every filter given (an empty filter matches all), in creation order."""
        where, args = [], []  # type: ignore[var-annotated]
        if doc_id is not None:
            where.append("doc_id = ?")
            args.append(doc_id)
        for col, values in (("annotator", annotators), ("status", statuses), ("label", labels),
                            ("doc_id", doc_ids)):  # fmt: skip
            if values:
                where.append(f"{col} IN ({', '.join('?' for _ in values)})")
                args.extend(values)
        sql = RELATION_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY doc_id, created_at, id"
        return [relation_from_row(r) for r in self.conn.execute(sql, args)]

    def relations_of(self, span_id: str) -> list[Relation]:
        """Relations with `span_id` as head or tail (both directions), in creation order."""
        rows = self.conn.execute(
            RELATION_SELECT + " WHERE head = ? UNION " + RELATION_SELECT + " WHERE tail = ? ORDER BY created_at, id",
            (span_id, span_id),
        )
        return [relation_from_row(r) for r in rows]

    def update_relation(self, relation_id: str, *, annotator: str = "", **changes: Any) -> Relation:
        """Change the status or label of a relation; logs a `relation-update` event (undoable)."""
        bad = set(changes) - {"status", "label", "annotator"}
        if bad:
            raise RelationError(f"cannot change {', '.join(sorted(bad))} of a relation")
        if "status" in changes and changes["status"] not in STATUSES:
            raise RelationError(f"unknown status {changes['status']!r}")
        if "label" in changes and (not isinstance(changes["label"], str) or not changes["label"].strip()):
            raise RelationError("a relation needs a label")
        with self.write():
            old = self.get_relation(relation_id)
            if old is None:
                raise RelationError(f"no relation with id {relation_id!r}")
            if old.status == "suggested" and changes.get("status") in ("accepted", "rejected") and annotator:
                changes.setdefault("annotator", annotator)  # deciding on a suggestion makes it the decider's
            new = Relation(**{**old.to_dict(), **changes, "updated_at": now_iso()})
            key = (new.head, new.tail, new.label, new.annotator)
            if key != (old.head, old.tail, old.label, old.annotator) and self.conn.execute(
                "SELECT 1 FROM relations WHERE head = ? AND tail = ? AND label = ? AND annotator = ?", key
            ).fetchone():
                raise RelationError(f"this relation already exists ({new.label!r})")
            self._replace_relation(new)
            self._event(annotator, "relation-update", relation_id, old.to_dict(), new.to_dict())
        return new

    def _replace_relation(self, r: Relation) -> None:
        self.conn.execute(
            "UPDATE relations SET doc_id=?, head=?, tail=?, label=?, annotator=?, status=?, origin=?, created_at=?, "
            "updated_at=? WHERE id = ?",
            (*relation_values(r)[1:], r.id),
        )

    def delete_relation(self, relation_id: str, *, annotator: str = "") -> Relation:
        """Delete one relation; logs a `relation-delete` event (undoable)."""
        with self.write():
            old = self.get_relation(relation_id)
            if old is None:
                raise RelationError(f"no relation with id {relation_id!r}")
            self.conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))
            self._event(annotator, "relation-delete", relation_id, old.to_dict(), None)
        return old

    def _delete_relations_of(self, span_id: str, annotator: str, ref: int) -> list[Relation]:
        """Inside a span's delete: delete its relations, each logged as part of the span's event `ref`."""
        gone = self.relations_of(span_id)
        for r in gone:
            self.conn.execute("DELETE FROM relations WHERE id = ?", (r.id,))
            self._event(annotator, "relation-delete", r.id, r.to_dict(), None, ref=ref)
        return gone

    def _import_relations(self, doc_id: str, relations: Iterable[Relation]) -> int:
        """Inside `import_records`: insert relations (by id, an existing one is kept) whose ends are spans of
        `doc_id` here; returns how many were added. The readers already dropped (and reported) bad ones."""
        added = 0
        for r in relations:
            if self.get_relation(r.id) is not None:
                continue
            ends = self.conn.execute(
                "SELECT count(*) FROM spans WHERE id IN (?, ?) AND doc_id = ?", (r.head, r.tail, doc_id)
            ).fetchone()[0]
            if r.head == r.tail or ends != 2:
                raise RelationError(f"relation {r.id}: its spans {r.head!r} and {r.tail!r} are not both in "
                                    f"document {doc_id!r}")  # fmt: skip
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO relations (" + ", ".join(RELATION_COLUMNS) + ") VALUES ("
                + ", ".join("?" for _ in RELATION_COLUMNS) + ")",
                relation_values(Relation(**{**r.to_dict(), "doc_id": doc_id})),
            )  # fmt: skip
            added += cur.rowcount
        return added

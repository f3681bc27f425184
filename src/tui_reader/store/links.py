"""Cross-document links: groups of spans that say the same thing in several documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui_reader.models import now_iso, uuid7
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import SpanError


class LinksMixin(StoreBase):
    def link_spans(self, span_ids: Sequence[str], *, annotator: str = "", group_id: str | None = None) -> str:
        """Put spans in one cross-document group (joining any group one of them is already in). The `link` event
        names the rows it added: undo removes them (`EventsMixin._travel_link`)."""
        with self.write():
            if group_id is None:
                q = f"SELECT group_id FROM links WHERE span_id IN ({', '.join('?' for _ in span_ids)}) LIMIT 1"
                row = self.conn.execute(q, list(span_ids)).fetchone()
                group_id = row[0] if row else uuid7()
            added: list[str] = []  # the rows this call adds (undo takes away these, not the group's older ones)
            for sid in span_ids:
                if self.get_span(sid) is None:
                    raise SpanError(f"no span with id {sid!r}")
                cur = self.conn.execute(
                    "INSERT OR IGNORE INTO links (group_id, span_id, created_at, annotator) VALUES (?,?,?,?)",
                    (group_id, sid, now_iso(), annotator),
                )
                if cur.rowcount:
                    added.append(sid)
            self._event(annotator, "link", None, None, {"group": group_id, "spans": list(span_ids), "added": added})
        return group_id

    def links(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Groups (`{"group", "spans"}`) with at least one span in `doc_id` (all groups when None)."""
        if doc_id is None:
            rows = self.conn.execute("SELECT group_id, span_id FROM links ORDER BY group_id, span_id")
        else:
            rows = self.conn.execute(
                "SELECT group_id, span_id FROM links WHERE group_id IN (SELECT l.group_id FROM links l "
                "JOIN spans s ON s.id = l.span_id WHERE s.doc_id = ?) ORDER BY group_id, span_id",
                (doc_id,),
            )
        groups: dict[str, list[str]] = {}
        for g, s in rows:
            groups.setdefault(g, []).append(s)
        return [{"group": g, "spans": s} for g, s in groups.items()]

    # -- link groups with how far each travelled (stats) ---------------------------------------------------
    def link_groups(self) -> list[dict[str, Any]]:
        """Each link group with how far it travelled: {"group", "label", "text" (its first span's), "spans",
        "documents" (how many distinct documents), "doc_ids"}; most documents first."""
        rows = self.conn.execute(
            "SELECT l.group_id, s.doc_id, s.label, s.text FROM links l JOIN spans s ON s.id = l.span_id "
            "ORDER BY l.group_id, s.created_at, s.id"
        )
        groups: dict[str, dict[str, Any]] = {}
        for group, doc_id, label, text in rows:
            g = groups.setdefault(group, {"group": group, "label": label, "text": text, "spans": 0, "doc_ids": []})
            g["spans"] += 1
            if doc_id not in g["doc_ids"]:
                g["doc_ids"].append(doc_id)
        out = [{**g, "documents": len(g["doc_ids"]), "doc_ids": sorted(g["doc_ids"])} for g in groups.values()]
        return sorted(out, key=lambda g: (-g["documents"], -g["spans"], g["text"]))


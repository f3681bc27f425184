"""Per-annotator progress on each document (todo, in-progress, done) and the counts `tui-reader stats` shows."""

from __future__ import annotations

from typing import Any

from tui_reader.models import PROGRESS, now_iso
from tui_reader.store.base import StoreBase
from tui_reader.store.errors import StoreError


class ProgressMixin(StoreBase):
    def set_progress(self, doc_id: str, annotator: str, status: str) -> None:
        if status not in PROGRESS:
            raise StoreError(f"unknown progress status {status!r}")
        with self.write():
            self._text_or_error(doc_id)
            old = self.conn.execute(
                "SELECT status FROM progress WHERE doc_id = ? AND annotator = ?", (doc_id, annotator)
            ).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO progress (doc_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                (doc_id, annotator, status, now_iso()),
            )
            self._event(annotator, "progress", None, {"doc_id": doc_id, "status": old[0] if old else "todo"},
                        {"doc_id": doc_id, "status": status})  # fmt: skip

    def progress(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT doc_id, annotator, status, updated_at FROM progress"
        rows = self.conn.execute(sql + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, annotator",
                                 (doc_id,) if doc_id else ())  # fmt: skip
        return [dict(zip(("doc_id", "annotator", "status", "updated_at"), r, strict=True)) for r in rows]

    # -- stats -------------------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        q = self.conn.execute
        docs = int(q("SELECT count(*) FROM documents").fetchone()[0])
        done = int(q("SELECT count(DISTINCT doc_id) FROM progress WHERE status = 'done'").fetchone()[0])
        by_label = dict(q("SELECT label, count(*) FROM spans WHERE status = 'accepted' GROUP BY label ORDER BY label"))
        by_annotator = dict(
            q("SELECT annotator, count(*) FROM spans WHERE status = 'accepted' GROUP BY annotator ORDER BY annotator")
        )
        by_status = dict(q("SELECT status, count(*) FROM spans GROUP BY status ORDER BY status"))
        stale = [
            {"id": r[0], "doc_id": r[1], "label": r[2], "text": r[3]}
            for r in q("SELECT id, doc_id, label, text FROM spans WHERE stale = 1 ORDER BY doc_id, start")
        ]
        per_annotator_done = dict(
            q("SELECT annotator, count(*) FROM progress WHERE status = 'done' GROUP BY annotator ORDER BY annotator")
        )
        return {
            "documents": docs,
            "spans": int(sum(by_label.values())),
            "spans_per_label": by_label,
            "spans_per_annotator": by_annotator,
            "spans_per_status": by_status,
            "progress": {"done": done, "total": docs, "done_per_annotator": per_annotator_done},
            "stale": stale,
            "links": len(self.links()),
            "link_groups": self.link_groups(),
        }


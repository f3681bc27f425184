"""The queries agreement and adjudication need about a team: who annotated, which documents each touched."""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.store.base import StoreBase


class TeamMixin(StoreBase):
    def team_annotators(self) -> list[str]:
        """Names with an accepted span or a progress row (the unnamed '' layer of imports and rules excluded)."""
        rows = self.conn.execute(
            "SELECT annotator FROM spans WHERE status = 'accepted' AND annotator != '' "
            "UNION SELECT annotator FROM progress WHERE annotator != '' ORDER BY 1"
        )
        return [r[0] for r in rows]

    def touched_documents(self, annotators: Sequence[str] = ()) -> dict[str, set[str]]:
        """annotator -> ids of the documents they touched: an accepted span there, or a progress row."""
        out: dict[str, set[str]] = {a: set() for a in annotators}
        rows = self.conn.execute(
            "SELECT DISTINCT annotator, doc_id FROM spans WHERE status = 'accepted' "
            "UNION SELECT annotator, doc_id FROM progress"
        )
        for who, doc_id in rows:
            if not annotators or who in out:
                out.setdefault(who, set()).add(doc_id)
        return out

    def document_lengths(self) -> dict[str, int]:
        """Document id -> length of its text in code points (SQLite's length() counts characters)."""
        return dict(self.conn.execute(f"SELECT id, length({self._doc_text()}) FROM documents"))



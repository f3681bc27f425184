"""Where each annotator left each document: the cursor and the line at the top of the pane (m008_positions).

One row per (annotator, pane, doc_id): `pane` is "left" / "right" for the reading panes, "review" for the corpus
review queue (`tui_reader.review_queue`). Not undoable and not in the event log: a position is a bookmark, not an
annotation. The app saves it on a document switch, on quit and (debounced) after the cursor rests.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.models import now_iso
from tui_reader.store.base import StoreBase


@dataclass(frozen=True)
class Position:
    annotator: str
    pane: str
    doc_id: str
    cursor: int
    top: int  # offset of the first character on the pane's top line
    updated_at: str


_COLUMNS = "annotator, pane, doc_id, cursor, top, updated_at"


class PositionsMixin(StoreBase):
    def save_position(self, annotator: str, pane: str, doc_id: str, cursor: int, top: int) -> None:
        """Remember where `annotator` is in `doc_id` (one small upsert; a deleted document is ignored)."""
        with self.write():
            self.conn.execute(
                f"INSERT OR REPLACE INTO positions ({_COLUMNS}) SELECT ?, ?, id, ?, ?, ? FROM documents WHERE id = ?",
                (annotator, pane, max(0, int(cursor)), max(0, int(top)), now_iso(), doc_id),
            )

    def position(self, annotator: str, doc_id: str, pane: str | None = None) -> Position | None:
        """Where `annotator` last was in `doc_id` (in `pane`, or in whichever pane was last)."""
        sql = f"SELECT {_COLUMNS} FROM positions WHERE annotator = ? AND doc_id = ?"
        args: list[str] = [annotator, doc_id]
        if pane is not None:
            sql += " AND pane = ?"
            args.append(pane)
        row = self.conn.execute(sql + " ORDER BY updated_at DESC, rowid DESC LIMIT 1", args).fetchone()
        return None if row is None else Position(*row)

    def pane_position(self, annotator: str, pane: str) -> Position | None:
        """The document `annotator` had last in `pane`, and where in it."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM positions WHERE annotator = ? AND pane = ? "
            "ORDER BY updated_at DESC, rowid DESC LIMIT 1",
            (annotator, pane),
        ).fetchone()
        return None if row is None else Position(*row)

    # -- the corpus review queue (tui_reader.review_queue) -----------------------------------------------------
    def queue_rows(self, annotator: str) -> list[tuple[str, int, int, str, str]]:
        """(doc_id, start, end, span id, status) of every suggestion still open (rules', imported ones), and of
        the rule suggestions `annotator` (or nobody) decided, in document order."""
        rows = self.conn.execute(
            """SELECT doc_id, start, "end", id, status FROM spans
               WHERE status = 'suggested' OR (origin LIKE 'rule:%' AND annotator IN (?, ''))
               ORDER BY doc_id, start, "end", id""",
            (annotator,),
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

"""Resume: which documents the reading panes open on when the app starts without paths (no Textual, no SQL).

The annotator's last document in the left pane, then in the right one (store/positions.py), then the rest in
their usual order; a document deleted since is passed over. Two indexed look-ups, whatever the corpus holds. Where in each document is the app's part
(tui/loading.py applies the stored cursor and top line to whatever document a pane opens).
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.store import AnnotationStore

PANES = ("left", "right")


def resume_order(store: AnnotationStore, annotator: str, doc_ids: Sequence[str]) -> list[str]:
    """`doc_ids` with the annotator's last left-pane and right-pane documents first (in that order), whether
    or not `doc_ids` holds them (start-up passes the first few documents, not the corpus)."""
    first: list[str] = []
    for pane in PANES:
        pos = store.pane_position(annotator, pane)
        if pos is not None and pos.doc_id not in first and store.has_document(pos.doc_id):
            first.append(pos.doc_id)
    return first + [d for d in doc_ids if d not in first]

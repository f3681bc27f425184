"""Opening a document in a pane, big ones in two steps: its beginning first, the whole text right after.

A document over PREVIEW_BYTES opens on its first HEAD_BYTES (read without the rest: store.document_head), so its
first lines are on screen as soon as the app's are; the whole text is read and swapped in right after that
first frame, or before the first key or click if one comes sooner (the app calls `complete` then), so every key
acts on the whole document. (bench/bench_open.py: a 50 MB article.)
"""

from __future__ import annotations

from textual.content import Content

from tui_reader.sanitize import one_line
from tui_reader.store import StoreError
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.host import ReaderHost

PREVIEW_BYTES = 1 << 20
HEAD_BYTES = 64 << 10


class Loader:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self.pending: dict[str, str] = {}  # pane id -> document shown from its beginning only (a preview)

    def load(self, view: DocumentView, doc_id: str) -> bool:
        """Show `doc_id` in `view` (its beginning only, if big); False (and said why) if it cannot be read."""
        host = self.host
        self.pending.pop(view.id or "", None)
        try:
            head = host.store.document_head(doc_id, HEAD_BYTES)
            if head.size > PREVIEW_BYTES and not head.complete:
                view.load(doc_id, head.title, head.text, [s for s in host.spans_for(doc_id) if s.end <= len(head.text)])
                view.border_title = Content(f"{one_line(head.title or doc_id, 150)} · loading {head.size / 1e6:.0f} MB…")
                self.pending[view.id or ""] = doc_id
                host.call_after_refresh(self.complete)
            else:
                doc = host.store.get_document(doc_id)
                view.load(doc.id, doc.title, doc.text, host.spans_for(doc.id))
                host.pane_loaded(view)
        except StoreError as e:  # deleted by another program since the list was made
            host.say(f"Cannot open: {e}", severity="error")
            return False
        return True

    def complete(self) -> None:
        """Swap the whole text into panes that show a document's beginning only (see PREVIEW_BYTES)."""
        host = self.host
        while self.pending:
            view_id, doc_id = self.pending.popitem()
            view = next(v for v in host.views if v.id == view_id)
            if view.doc_id != doc_id:
                continue
            try:
                doc = host.store.get_document(doc_id)
            except StoreError as e:
                host.say(f"Cannot open: {e}", severity="error")
                continue
            view.extend_text(doc.text, host.spans_for(doc_id))
            host.pane_loaded(view)
            if view is host.active_view:
                host.show_span_list()
            host.update_status()

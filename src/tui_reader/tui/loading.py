"""Opening a document in a pane: big ones in two steps, and each where the annotator left it.

Big documents: a document over PREVIEW_BYTES opens on its first HEAD_BYTES (read without the rest:
store.document_head), so its first lines are on screen as soon as the app's are; the whole text is read and
swapped in right after that first frame, or before the first key or click if one comes sooner (the app calls
`complete` then), so every key acts on the whole document. (bench/bench_open.py: a 50 MB article.)

A big file never imported (`tui-reader open BIG.txt`, importing.defer_import): the pane shows the file's own
first HEAD_BYTES at once (importing.text_head: decoded and normalised exactly as the import stores them, so
every offset is the stored text's), while a worker thread imports it on a connection of its own and reads it
back. Nothing can be annotated before the import has committed: the first key or click waits for it (as it
waits for a big document's whole text), then acts on the stored document, so no keystroke is lost and no span
points into text that is not stored. A failed import is said (why) and the pane says "not imported".

Resume: a document opens at the annotator's stored cursor and top line (store/positions.py, any pane's latest).
A position beyond the beginning shown of a big document is applied once the whole text is in (`complete`).
Positions are saved, never one write per key: when a pane switches document (the one it showed), on quit
(`save_all`), and every SAVE_EVERY seconds while the cursor has moved since (`cursor_moved` only sets a flag).
A position is a bookmark: a failed save (a busy database) is retried at the next chance, never reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.css.query import NoMatches

from tui_reader.models import Document
from tui_reader.sanitize import one_line
from tui_reader.store import StoreError
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.host import FAILED, ReaderHost

if TYPE_CHECKING:  # imported when a file is opened while it is imported, not at every start
    from concurrent.futures import Future, ThreadPoolExecutor

    from tui_reader import importing

PREVIEW_BYTES = 1 << 20
HEAD_BYTES = 64 << 10
SAVE_EVERY = 1.0  # seconds: how often a moved cursor is saved (at most one small write per pane)


class Loader:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self.pending: dict[str, str] = {}  # pane id -> document shown from its beginning only (a preview)
        self.positions: dict[str, tuple[str, int, int]] = {}  # pane id -> (doc, cursor, top) still to apply
        self._saved: dict[str, tuple[str, int, int]] = {}  # pane id -> the last position saved
        self._moved = False
        self._timer: Any = None
        self.imports: dict[str, tuple[Path, Future[tuple[importing.ImportReport, Document | None]] | None]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._poll: Any = None

    # -- a big file shown while it is imported -------------------------------------------------------------------
    def start_import(self, view: DocumentView, path: Path) -> None:
        """Show `path`'s beginning in `view` now and import it in a worker thread (see the module's doc)."""
        from tui_reader import importing

        host = self.host
        try:
            head = importing.text_head(path, HEAD_BYTES)
            size = path.stat().st_size
        except OSError:
            head, size = "", 0
        view.load("", path.name, head, [])
        view.border_title = Content(f"{one_line(path.name, 150)} · importing {size / 1e6:.0f} MB…")
        self.imports[view.id or ""] = (path, None)
        self.pending[view.id or ""] = ""  # every key first waits for it (`complete`)
        host.call_after_refresh(self._started, view.id or "")  # after the first frame: the import holds the GIL
        # for a while at a time (decoding, normalising and encoding 50 MB), which would delay that frame

    def _started(self, view_id: str) -> None:
        if view_id not in self.imports:  # a key before the first frame already waited for it (`complete`)
            return
        self._future(view_id)
        if self._poll is None:
            self._poll = self.host.set_interval(0.05, self._import_done)

    def _future(self, view_id: str) -> Future[tuple[importing.ImportReport, Document | None]]:
        """The import of the file shown in pane `view_id`, started now if it was not yet."""
        from tui_reader import importing

        path, future = self.imports[view_id]
        if future is None:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(1, thread_name_prefix="import")
            future = self._pool.submit(importing.import_for_reading, self.host.db_path, path)
            self.imports[view_id] = (path, future)
        return future

    def _import_done(self) -> None:
        """Polled: the pane shows the stored document as soon as its import has committed."""
        if any(future is not None and future.done() for _, future in self.imports.values()):
            self.complete(imports=False)

    def _finish_import(self, view: DocumentView) -> None:
        """The import of the file shown in `view` is over (waited for): show the stored document, or say why not."""
        host = self.host
        path, future = self.imports[view.id or ""][0], self._future(view.id or "")
        del self.imports[view.id or ""]
        if not self.imports and self._poll is not None:
            self._poll.stop()
            self._poll = None
        report: importing.ImportReport | None = None
        doc: Document | None = None
        try:
            report, doc = future.result()
            why = "; ".join(p.reason for p in report.problems) or "nothing imported"
        except Exception as e:  # noqa: BLE001 - anything the worker met is said, never a traceback
            why = f"{type(e).__name__}: {e}"
        if doc is None:
            view.load("", path.name, "", [])
            view.border_title = Content(f"{one_line(path.name, 150)} · not imported")
            host.say(f"Could not import {path}: {why}", severity="error", timeout=15)
            return
        host.store.adopt_text(doc)  # the first tag checks its offsets without reading 50 MB again
        host.document_added(doc.id)
        view.doc_id, view.title = doc.id, doc.title
        view.extend_text(doc.text, host.spans_for(doc.id))
        host.pane_loaded(view)
        self._saved[view.id or ""] = (doc.id, 0, 0)
        if (stored := host.store.position(host.annotator, doc.id)) is not None and (stored.cursor or stored.top):
            self.positions[view.id or ""] = (doc.id, stored.cursor, stored.top)  # a file imported before
            self._apply(view)
        for p in report.warnings if report else ():
            host.say(f"warning: {p}", severity="warning")

    def load(self, view: DocumentView, doc_id: str) -> bool:
        """Show `doc_id` in `view` (its beginning only, if big) where the annotator left it; False (and said why)
        if it cannot be read."""
        host = self.host
        if view.doc_id and view.doc_id != doc_id:
            self.save(view)  # the document it showed: where the annotator left it
        self.pending.pop(view.id or "", None)
        self.positions.pop(view.id or "", None)
        try:
            head = host.store.document_head(doc_id, HEAD_BYTES)
            stored = host.store.position(host.annotator, doc_id)
            if head.size > PREVIEW_BYTES and not head.complete:
                view.load(doc_id, head.title, head.text, [s for s in host.spans_for(doc_id) if s.end <= len(head.text)])
                view.border_title = Content(f"{one_line(head.title or doc_id, 150)} · loading {head.size / 1e6:.0f} MB…")
                self.pending[view.id or ""] = doc_id
                host.call_after_refresh(self.complete, False)
            else:
                doc = host.store.get_document(doc_id)
                view.load(doc.id, doc.title, doc.text, host.spans_for(doc.id))
                host.pane_loaded(view)
        except StoreError as e:  # deleted by another program since the list was made
            host.say(f"Cannot open: {e}", severity="error")
            return False
        self._saved[view.id or ""] = (doc_id, 0, 0)  # opened at the top: nothing to save until it moves
        if stored is not None and (stored.cursor or stored.top):
            self._saved[view.id or ""] = (doc_id, stored.cursor, stored.top)
            self.positions[view.id or ""] = (doc_id, stored.cursor, stored.top)
            if view.id not in self.pending:  # a big document's: once its whole text is in (`complete`)
                self._apply(view)
        return True

    def complete(self, imports: bool = True) -> None:
        """Swap the whole text into panes that show a document's beginning only (see PREVIEW_BYTES); with
        `imports`, wait for a file's import still running (before a key acts), else only take finished ones."""
        host = self.host
        for view_id in list(self.pending):
            if view_id in self.imports and not imports:
                future = self.imports[view_id][1]
                if future is None or not future.done():
                    continue
            doc_id = self.pending.pop(view_id)
            view = next(v for v in host.views if v.id == view_id)
            if view_id in self.imports:
                self._finish_import(view)
                if view is host.active_view:
                    host.show_span_list()
                host.update_status()
                continue
            if view.doc_id != doc_id:
                continue
            try:
                doc = host.store.get_document_compact(doc_id)  # held compactly (textchunks.ChunkedText)
            except StoreError as e:
                host.say(f"Cannot open: {e}", severity="error")
                continue
            view.extend_text(doc.text, host.spans_for(doc_id))
            host.pane_loaded(view)
            self._apply(view)
            if view is host.active_view:
                host.show_span_list()
            host.update_status()

    # -- titles ------------------------------------------------------------------------------------------------
    def rename(self) -> None:
        """Palette "rename document": a new title for the active pane's document (one undoable change)."""
        host = self.host
        view = host.active_view
        doc_id = view.doc_id
        if not doc_id:
            return

        def save(title: str | None) -> None:
            if title is None:
                return
            if not title.strip():
                host.say("A title cannot be empty: not renamed.", severity="warning")
                return
            if host.write(lambda: host.store.rename_document(doc_id, title, annotator=host.annotator)) is FAILED:
                return
            host.refresh_summary(doc_id)
            host.say(f"Renamed to “{one_line(' '.join(title.split()), 60)}” (u undoes).")

        from tui_reader.tui.screens.rename import RenameScreen

        host.push_screen(RenameScreen(view.title or doc_id), save)

    def retitle(self, doc_id: str) -> None:
        """The stored title into the panes showing `doc_id` (after a rename, its undo or redo)."""
        summary = self.host.summaries.get(doc_id)
        for view in self.host.views:
            if summary is not None and view.doc_id == doc_id and view.title != summary.title:
                view.title = summary.title
                if view.id not in self.pending:
                    view.border_title = Content(one_line(summary.title or doc_id, 200))

    # -- resume ------------------------------------------------------------------------------------------------
    def _apply(self, view: DocumentView, tries: int = 20) -> None:
        """Put the cursor and the top line where they were stored, once the pane has its size (and its text)."""
        want = self.positions.get(view.id or "")
        if want is None or want[0] != view.doc_id or view.id in self.pending:
            return
        if not view.size.width:  # not laid out yet: the top line depends on the width
            if tries:
                self.host.call_after_refresh(self._apply, view, tries - 1)
            return
        del self.positions[view.id or ""]
        _, cursor, top = want
        n = len(view.text)
        view.scroll_to_offset(min(top, n))
        view.move_to(min(cursor, n))  # on screen: scrolls only if the width changed since
        self.host.update_status()

    def where(self, view: DocumentView) -> tuple[str, int, int] | None:
        """(doc, cursor, top) of a pane now; the stored one while it is still to be applied."""
        if not view.doc_id:
            return None
        if (want := self.positions.get(view.id or "")) is not None and want[0] == view.doc_id:
            return want
        top = view.visible_range()[0] if view.size.width else 0
        return view.doc_id, view.cursor, top

    def save(self, view: DocumentView) -> None:
        """Store where the annotator is in the pane's document (if it changed since the last save)."""
        pane = view.id or ""
        now = self.where(view)
        if now is None or self._saved.get(pane) == now:
            return
        try:
            self.host.store.save_position(self.host.annotator, pane, *now)
        except StoreError:  # busy or read-only: a bookmark, tried again at the next save
            return
        self._saved[pane] = now

    def save_all(self) -> None:
        """Both panes (on quit, and from the timer after the cursor moved)."""
        self._moved = False
        try:
            views = self.host.views
        except NoMatches:  # the app is closing: its panes are gone (quit saved them first)
            return
        for view in views:
            if view.display:
                self.save(view)

    def cursor_moved(self) -> None:
        """A cursor moved: saved within SAVE_EVERY seconds (a flag per key, one write per interval at most)."""
        self._moved = True
        if self._timer is None:
            self._timer = self.host.set_interval(SAVE_EVERY, self._tick)

    def _tick(self) -> None:
        if self._moved:
            self.save_all()

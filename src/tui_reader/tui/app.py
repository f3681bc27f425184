"""ReaderApp: two reading panes side by side, the corpus and span lists, status line; keys and palette commands.

Thin by design: every change goes to the AnnotationStore first (committed, through `retry_busy`), then the panes
re-read their spans from the store, so the screen never shows something the database does not hold.
No SQL here; text from files reaches the screen only as Content built from plain strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content

from tui_reader.models import LabelSet, Span
from tui_reader.sanitize import one_line
from tui_reader.startup import release_gc
from tui_reader.store import AnnotationStore, BusyError, DocSummary, StoreError, retry_busy
from tui_reader.tui.assist import ASSIST_ACTIONS, AssistMixin
from tui_reader.tui.clipboard import copy_text
from tui_reader.tui.commands import Command, ReaderCommands
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.team_layer import OthersLayer
from tui_reader.tui.widgets.document_list import DocumentList
from tui_reader.tui.widgets.span_list import SpanList
from tui_reader.tui.widgets.status_line import StatusLine, status_content

T = TypeVar("T")
_FAILED = object()

# Writes run on the UI thread: while another program holds the write lock the screen cannot repaint, so the app
# waits at most ~1 s per attempt (3 attempts with back-off, ~3 s in all) and then says the database is busy,
# instead of the store's 10 s x 5 attempts of frozen screen. The CLI keeps the long timeout.
UI_BUSY_TIMEOUT_MS = 1000
UI_WRITE_ATTEMPTS = 3

# Actions that only make sense on the main screen: a modal on top (help, note editor, ...) switches them off.
MAIN_ACTIONS = frozenset({
    "tag", "delete_span", "edit_note", "accept", "reject", "accept_all", "reject_all", "undo", "redo", "copy",
    "search", "search_again", "open_document", "toggle_done", "help",
    "toggle_others", "adjudicate",  # team (issue 8)
})  # fmt: skip
MAIN_ACTIONS |= ASSIST_ACTIONS

# A document over PREVIEW_BYTES opens on its first HEAD_BYTES (read without the rest: store.document_head), so its
# first lines are on screen as soon as the app's are; the whole text is read and swapped in right after that
# first frame, or before the first key or click if one comes sooner (`_complete_loads`), so every key acts on
# the whole document. (bench/bench_open.py: a 50 MB article.)
PREVIEW_BYTES = 1 << 20
HEAD_BYTES = 64 << 10


def quoted(s: str, limit: int = 40) -> str:
    return f"“{one_line(s, limit)}”"


class ReaderApp(AssistMixin, App[None]):  # AssistMixin: suggest, echoes, links (tui/assist.py)
    CSS_PATH = "app.tcss"
    TITLE = "tui-reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}

    BINDINGS = [
        Binding("1", "tag('1')", "tag", key_display="1-9"),
        *(Binding(str(k), f"tag('{k}')", "tag", show=False) for k in range(2, 10)),
        Binding("x,delete", "delete_span", "delete", key_display="x"),
        Binding("e", "edit_note", "note"),
        Binding("a", "accept", "accept", show=False),
        Binding("r", "reject", "reject", show=False),
        Binding("A", "accept_all", "accept all", show=False),
        Binding("R", "reject_all", "reject all", show=False),
        Binding("u", "undo", "undo"),
        Binding("ctrl+r", "redo", "redo", show=False),
        Binding("y", "copy", "copy"),
        Binding("slash", "search", "search", key_display="/"),
        Binding("n", "search_again(True)", "next match", show=False),  # the pane passes n/N on when no search
        Binding("N,shift+n", "search_again(False)", "previous match", show=False),
        Binding("o", "open_document", "open"),
        Binding("d", "toggle_done", "done"),
        Binding("question_mark", "help", "help", key_display="?"),
        Binding("q", "quit", "quit"),
        Binding("L", "link_echo", "link echo", show=False),
        Binding("T,shift+t", "toggle_others", "others", key_display="T", show=False),  # team (issue 8)
        Binding("J,shift+j", "adjudicate", "adjudicate", key_display="J", show=False),
    ]

    def __init__(
        self,
        *,
        db_path: str | Path,
        doc_ids: Sequence[str],
        annotator: str,
        labels: LabelSet | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.db_path = Path(db_path)
        self.doc_ids = list(doc_ids)
        self.annotator = annotator
        self.labels = labels or LabelSet.default()
        self.store = AnnotationStore(self.db_path, busy_timeout_ms=UI_BUSY_TIMEOUT_MS)
        self.summaries: dict[str, DocSummary] = {}
        self._active_id = "left"
        self._last_search = ""
        self.others = OthersLayer(self.labels)  # team: other annotators' spans, shown with T
        self._pending_loads: dict[str, str] = {}  # pane id -> document shown from its beginning only (a preview)
        self._started = self._chrome = False  # _finish_startup begun / the lists and bars are mounted
        self._second = ""  # the document the right pane shows once the first frame is out

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """The first frame holds the text you read first; the header, the second article, the lists and the
        footer follow right after it, in the space kept for them (`_finish_startup`)."""
        yield Container(id="header-slot")
        with Horizontal(id="main"):
            yield DocumentView(labels=self.labels, id="left")
            yield DocumentView(labels=self.labels, id="right")
            yield Vertical(id="sidebar")
        yield StatusLine(self.labels, id="statusline")
        yield Container(id="footer-slot")

    def on_mount(self) -> None:
        self.summaries = {s.id: s for s in self.store.document_summaries(self.annotator)}
        left, right = self.views
        shown = [d for d in self.doc_ids if d in self.summaries][:2]
        if shown:
            self._load(left, shown[0])
        if len(shown) > 1:
            self._second = shown[1]
        else:
            right.display = False
        left.focus()
        self._update_header()
        self._update_status()
        self.call_after_refresh(self._finish_startup)

    async def _finish_startup(self) -> None:
        """After the first frame (or before the first key, if that comes sooner): the rest of the screen."""
        if self._started:
            return
        self._started = True
        from textual.widgets import Footer, Header  # after the first frame, like the widgets themselves

        await self.query_one("#header-slot").mount(Header(icon="≡"))
        await self.query_one("#sidebar").mount(DocumentList(id="docs"), SpanList(self.labels, id="spans"))
        await self.query_one("#footer-slot").mount(Footer())
        self._chrome = True
        doc_list = self.query_one(DocumentList)
        doc_list.show(list(self.summaries.values()))
        if self._second:
            self._load(self.views[1], self._second)
        if doc_id := getattr(self.active_view, "doc_id", ""):
            doc_list.highlight_doc(doc_id)
        self._show_span_list()
        self.refresh_link_marks()
        self._update_status()
        release_gc()  # off since launch (tui_reader.startup)

    def _doc_list(self) -> DocumentList | None:
        return self.query_one(DocumentList) if self._chrome else None

    def _span_list(self) -> SpanList | None:
        return self.query_one(SpanList) if self._chrome else None

    def on_unmount(self) -> None:
        self.store.close()

    # -- helpers -----------------------------------------------------------------------------------
    @property
    def views(self) -> tuple[DocumentView, DocumentView]:
        return self.query_one("#left", DocumentView), self.query_one("#right", DocumentView)

    @property
    def active_view(self) -> DocumentView:
        """The pane the keys act on: the focused one, or the one focused last (when a list has focus)."""
        return self.query_one(f"#{self._active_id}", DocumentView)

    def say(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
        """A notification whose text is shown as written: never parsed as markup, control characters as
        placeholders (error messages can quote file names and document text)."""
        self.notify(one_line(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def _write(self, fn: Callable[[], T]) -> T | Any:
        """Run a store write (retried while busy). A failure becomes a notification and returns _FAILED."""
        try:
            return retry_busy(fn, attempts=UI_WRITE_ATTEMPTS)
        except BusyError:
            self.say(f"Not saved: the database {self.db_path} is busy (another program is writing to it). "
                     "Try again in a moment.", severity="error", timeout=10)  # fmt: skip
        except StoreError as e:  # ReadOnlyError, CorruptError, DatabaseError ("database error: ..."), SpanError
            self.say(f"Not saved: {e}", severity="error", timeout=10)
        return _FAILED

    def spans_for(self, doc_id: str) -> list[Span]:
        """What a pane shows: this annotator's spans, unattributed ones and suggestions; rejected ones stay hidden."""
        return [s for s in self.store.spans(doc_id)
                if s.status != "rejected" and (s.annotator in (self.annotator, "") or s.status == "suggested")]  # fmt: skip

    def _load(self, view: DocumentView, doc_id: str) -> None:
        self._pending_loads.pop(view.id or "", None)
        try:
            head = self.store.document_head(doc_id, HEAD_BYTES)
            if head.size > PREVIEW_BYTES and not head.complete:
                view.load(doc_id, head.title, head.text, [s for s in self.spans_for(doc_id) if s.end <= len(head.text)])
                view.border_title = Content(f"{one_line(head.title or doc_id, 150)} · loading {head.size / 1e6:.0f} MB…")
                self._pending_loads[view.id or ""] = doc_id
                self.call_after_refresh(self._complete_loads)
            else:
                doc = self.store.get_document(doc_id)
                view.load(doc.id, doc.title, doc.text, self.spans_for(doc.id))
                self.assist_document_loaded(view)
                self._paint_others(view)
        except StoreError as e:  # deleted by another program since the list was made
            self.say(f"Cannot open: {e}", severity="error")
            return
        if view.id == self._active_id and (doc_list := self._doc_list()) is not None:
            self._show_span_list()
            doc_list.highlight_doc(doc_id)

    def _complete_loads(self) -> None:
        """Swap the whole text into panes that show a document's beginning only (see PREVIEW_BYTES)."""
        while self._pending_loads:
            view_id, doc_id = self._pending_loads.popitem()
            view = self.query_one(f"#{view_id}", DocumentView)
            if view.doc_id != doc_id:
                continue
            try:
                doc = self.store.get_document(doc_id)
            except StoreError as e:
                self.say(f"Cannot open: {e}", severity="error")
                continue
            view.extend_text(doc.text, self.spans_for(doc_id))
            self.assist_document_loaded(view)
            self._paint_others(view)
            if view.id == self._active_id:
                self._show_span_list()
            self._update_status()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            if not self._started and self.is_mounted:
                await self._finish_startup()  # a key or click right after start-up acts on the whole screen
            if self._pending_loads:
                self._complete_loads()  # ... and on the whole document
        await super().on_event(event)

    def refresh_document(self, doc_id: str) -> None:
        """After the store changed: re-read this document's spans into every pane showing it, and the lists."""
        spans = self.spans_for(doc_id)
        for view in self.views:
            if view.display and getattr(view, "doc_id", None) == doc_id:
                view.set_spans(spans)
                self._paint_others(view)
        if getattr(self.active_view, "doc_id", None) == doc_id:
            self._show_span_list(spans)
        self._refresh_summary(doc_id)
        self.assist_spans_changed()
        self._update_status()

    def _refresh_summary(self, doc_id: str) -> None:
        old = self.summaries.get(doc_id)
        if old is None:
            return
        count = len(self.store.spans(doc_id, statuses=("accepted",)))
        mine = [p["status"] for p in self.store.progress(doc_id) if p["annotator"] == self.annotator]
        new = DocSummary(old.id, old.title, count, mine[0] if mine else "todo")
        self.summaries[doc_id] = new
        if (doc_list := self._doc_list()) is not None:
            doc_list.update_one(new)
        self._update_header()

    def _show_span_list(self, spans: Sequence[Span] | None = None) -> None:
        if not self._chrome:
            return
        view = self.active_view
        if spans is None:
            spans = self.spans_for(view.doc_id) if getattr(view, "doc_id", None) else []
        self.query_one(SpanList).show(spans)

    def _update_header(self) -> None:
        docs = list(self.summaries.values())
        done = sum(1 for s in docs if s.status == "done")
        spans = sum(s.spans for s in docs)
        self.sub_title = (f"{one_line(self.annotator, 30)} · {done}/{len(docs)} documents done · "
                          f"{spans} span{'s' if spans != 1 else ''}")

    def span_under_cursor(self, view: DocumentView | None = None, *, status: str | None = None) -> Span | None:
        """The innermost span at the cursor (the one the status line names); with `status`, only such spans.

        With the span list focused, the span highlighted there (x, e, a, r act on the row you are on).
        """
        span_list = self._span_list()
        if span_list is not None and span_list.has_focus and span_list.highlighted_key in span_list.spans:
            chosen = span_list.spans[span_list.highlighted_key or ""]
            return chosen if status is None or chosen.status == status else None
        view = view or self.active_view
        spans = [s for s in view.spans_at_cursor() if status is None or s.status == status]
        return min(spans, key=lambda s: (s.end - s.start, s.start, s.label)) if spans else None

    def _update_status(self) -> None:
        view = self.active_view
        if not getattr(view, "doc_id", None):
            return
        span = self.span_under_cursor(view)
        content = status_content(
            self.labels, span=span, visual=bool(view.visual), selection=view.selection,
            cursor=view.cursor, length=len(view.text), others=self.others.at(view, view.cursor),
        )  # fmt: skip
        content = Content.assemble(content, self.link_status(span))
        self.query_one(StatusLine).show(content)
        span_list = self._span_list()
        if span is not None and span_list is not None and not span_list.has_focus:
            span_list.highlight_span(span.id)  # the list follows the cursor (not while you move in the list)

    # -- events ------------------------------------------------------------------------------------
    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget if hasattr(event, "widget") else None
        if isinstance(widget, DocumentView) and widget.id and widget.id != self._active_id:
            self._active_id = widget.id
            self._show_span_list()
            if getattr(widget, "doc_id", None):
                if (doc_list := self._doc_list()) is not None:
                    doc_list.highlight_doc(widget.doc_id)
            self._update_status()

    def on_document_view_cursor_moved(self, event: Any) -> None:
        self._update_status()

    def on_document_view_selection_changed(self, event: Any) -> None:
        self._update_status()

    def on_span_list_chosen(self, event: SpanList.Chosen) -> None:
        span = self.query_one(SpanList).spans.get(event.key)
        if span is not None:
            view = self.active_view
            view.clear_selection()
            view.move_to(span.start)
            view.focus()
            self._update_status()

    def on_document_list_chosen(self, event: DocumentList.Chosen) -> None:
        view = self.active_view
        self._load(view, event.doc_id)
        view.focus()
        self._update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MAIN_ACTIONS and len(self.screen_stack) > 1:
            return False  # a modal is open: its own keys apply, not the reader's
        return True

    # -- actions: tagging and editing --------------------------------------------------------------
    def action_tag(self, key: str) -> None:
        label = self.labels.by_key(key)
        if label is None:
            self.say(f"No label on key {key}.", severity="warning")
            return
        view = self.active_view
        if view.selection is None:
            self.say(f"Nothing selected: press v, move the cursor, then {key} to tag it as {one_line(label.name)}.",
                     severity="warning")  # fmt: skip
            return
        trimmed = view.trimmed(*view.selection)  # the view's rule: white space at either end left out
        if trimmed is None:
            self.say("The selection is only white space: nothing tagged.", severity="warning")
            return
        start, end = trimmed
        doc_id = view.doc_id
        span = self._write(lambda: self.store.add_span(doc_id, start, end, label.name, annotator=self.annotator))
        if span is _FAILED:
            return
        view.clear_selection()
        view.move_to(start)  # as vim does after a visual operator: the cursor on the new span (e edits its note)
        self.refresh_document(doc_id)

    def action_delete_span(self) -> None:
        view = self.active_view
        span = self.span_under_cursor(view)
        if span is None:
            if not self._refuse_others_span(view):
                self.say("No span under the cursor.", severity="warning")
            return
        if self._write(lambda: self.store.delete_span(span.id, annotator=self.annotator)) is _FAILED:
            return
        self.refresh_document(span.doc_id)
        self.say(f"Deleted {one_line(span.label)} {quoted(span.text)} (u undoes).")

    def action_edit_note(self) -> None:
        span = self.span_under_cursor()
        if span is None:
            if not self._refuse_others_span(self.active_view):
                self.say("No span under the cursor: move onto a span to write its note.", severity="warning")
            return
        heading = Content.assemble(("Note for ", "bold"), (one_line(span.label), "bold"), " ", quoted(span.text, 60))

        def save(note: str | None) -> None:
            if note is None:
                return
            if self._write(lambda: self.store.update_span(span.id, annotator=self.annotator, note=note)) is _FAILED:
                return
            self.refresh_document(span.doc_id)
            self.say("Note saved.")

        from tui_reader.tui.screens.note_editor import NoteEditor  # TextArea: imported when first used
        self.push_screen(NoteEditor(heading, span.note), save)

    def _set_status(self, status: str) -> None:
        span = self.span_under_cursor(status="suggested")
        if span is None:
            if not self._refuse_others_span(self.active_view):
                self.say("No suggestion under the cursor.", severity="warning")
            return
        done = self._write(lambda: self.store.update_span(span.id, annotator=self.annotator, status=status))
        if done is _FAILED:
            return
        self.refresh_document(span.doc_id)
        self.say(f"{status.capitalize()}: {one_line(span.label)} {quoted(span.text)}")

    def action_accept(self) -> None:
        self._set_status("accepted")

    def action_reject(self) -> None:
        self._set_status("rejected")

    def _set_status_all(self, status: str) -> None:
        view = self.active_view
        doc_id = view.doc_id
        pending = [s for s in self.store.spans(doc_id, statuses=("suggested",))]
        verb = "Accept" if status == "accepted" else "Reject"
        if not pending:
            self.say("No suggestions in this document.", severity="warning")
            return

        def apply(yes: bool | None) -> None:
            if not yes:
                return

            def write_all() -> int:
                with self.store.write():  # one transaction: all or nothing
                    for s in pending:
                        self.store.update_span(s.id, annotator=self.annotator, status=status)
                return len(pending)

            if self._write(write_all) is _FAILED:
                return
            self.refresh_document(doc_id)
            self.say(f"{status.capitalize()}: {len(pending)} suggestions.")

        question = Content.assemble(f"{verb} all {len(pending)} suggestions in ", (one_line(view.title, 60), "bold"),
                                    "?")  # fmt: skip
        from tui_reader.tui.screens.confirm import ConfirmScreen
        self.push_screen(ConfirmScreen(question), apply)

    def action_accept_all(self) -> None:
        self._set_status_all("accepted")

    def action_reject_all(self) -> None:
        self._set_status_all("rejected")

    def _travel(self, direction: str) -> None:
        store = self.store
        ev = self._write(lambda: store.undo(self.annotator) if direction == "undo" else store.redo(self.annotator))
        if ev is _FAILED:
            return
        if ev is None:
            self.say(f"Nothing to {direction}.", severity="warning")
            return
        state = ev.after or ev.before or {}
        doc_id = str(state.get("doc_id", ""))
        self.refresh_document(doc_id)
        original = store.get_event(ev.ref).action if ev.ref else "change"
        what = f"{one_line(str(state.get('label', '')))} {quoted(str(state.get('text', '')))}"
        where = "" if any(getattr(v, "doc_id", None) == doc_id for v in self.views) else f" in {one_line(doc_id)}"
        self.say(f"{direction.capitalize()}: {original} of {what}{where}.")

    def action_undo(self) -> None:
        self._travel("undo")

    def action_redo(self) -> None:
        self._travel("redo")

    # -- actions: clipboard, search, documents -----------------------------------------------------
    def action_copy(self) -> None:
        view = self.active_view
        rng = view.selection_or_span()
        if rng is None:
            self.say("Nothing to copy: select text or move onto a span.", severity="warning")
            return
        text = view.text[rng[0] : rng[1]]
        how = copy_text(self, text)
        if how == "system":
            self.say(f"Copied {len(text)} characters.")
        else:
            self.say(f"No system clipboard (pyperclip could not copy): asked the terminal to copy {len(text)} "
                     "characters instead (OSC 52).", severity="warning")  # fmt: skip

    def action_search(self) -> None:
        view = self.active_view

        def find(pattern: str | None) -> None:
            if not pattern:
                return
            self._last_search = pattern
            if not view.search(pattern):
                self.say(f"Not found: {quoted(pattern)}", severity="warning")
            view.focus()
            self._update_status()

        from tui_reader.tui.screens.search import SearchScreen
        self.push_screen(SearchScreen(self._last_search), find)

    def action_search_again(self, forward: bool) -> None:
        view = self.active_view
        if not getattr(view, "search_pattern", None):
            self.say("No search yet: press / to search.", severity="warning")
            return
        found = view.search_next() if forward else view.search_prev()
        if not found:
            self.say(f"Not found: {quoted(view.search_pattern or '')}", severity="warning")
        self._update_status()

    def action_open_document(self) -> None:
        view = self.active_view

        def open_(doc_id: str | None) -> None:
            if doc_id:
                self._load(view, doc_id)
                view.focus()
                self._update_status()

        from tui_reader.tui.screens.doc_picker import DocumentPicker
        self.push_screen(DocumentPicker(list(self.summaries.values()), getattr(view, "doc_id", None)), open_)

    def action_toggle_done(self) -> None:
        view = self.active_view
        doc_id = view.doc_id
        old = self.summaries[doc_id].status if doc_id in self.summaries else "todo"
        new = "in-progress" if old == "done" else "done"
        if self._write(lambda: self.store.set_progress(doc_id, self.annotator, new)) is _FAILED:
            return
        self._refresh_summary(doc_id)
        self.say(f"{one_line(view.title, 50)}: {'done' if new == 'done' else 'back in progress'}.")

    def action_help(self) -> None:
        from tui_reader.tui.screens.help import HelpScreen
        self.push_screen(HelpScreen(self.labels))

    # -- export ------------------------------------------------------------------------------------
    def action_export(self, fmt: str) -> None:
        self.say(f"Exporting {fmt}…")
        self._export(fmt)

    @work(thread=True, group="export")
    def _export(self, fmt: str) -> None:
        from tui_reader.tui.export_task import run_export  # lazy: format modules load on first export

        try:
            path, n = run_export(self.db_path, fmt)
        except (StoreError, ValueError, OSError) as e:
            self.say(f"Export {fmt} failed: {e}", severity="error", timeout=10)
            return
        self.say(f"Exported {n} spans ({fmt}) to {path}", timeout=10)

    # -- command palette ---------------------------------------------------------------------------
    def reader_commands(self) -> list[Command]:
        cmds: list[Command] = []
        for lb in self.labels.labels:
            if lb.key:
                cmds.append(Command(f"tag: {lb.name} ({lb.key})", f"Tag the selection as {lb.name}",
                                    partial(self.action_tag, lb.key)))  # fmt: skip
        cmds += [
            Command("delete span (x)", "Delete the span under the cursor", self.action_delete_span),
            Command("edit note (e)", "Edit the note of the span under the cursor", self.action_edit_note),
            Command("accept suggestion (a)", "Accept the suggestion under the cursor", self.action_accept),
            Command("reject suggestion (r)", "Reject the suggestion under the cursor", self.action_reject),
            Command("accept all suggestions (A)", "Accept every suggestion in this pane", self.action_accept_all),
            Command("reject all suggestions (R)", "Reject every suggestion in this pane", self.action_reject_all),
            Command("undo (u)", "Undo your last change (also after a restart)", self.action_undo),
            Command("redo (ctrl+r)", "Redo what was undone", self.action_redo),
            Command("copy (y)", "Copy the selection or the span under the cursor", self.action_copy),
            Command("search (/)", "Find text in this pane", self.action_search),
            Command("next match (n)", "The next match of the search", partial(self.action_search_again, True)),
            Command("previous match (N)", "The previous match of the search",
                    partial(self.action_search_again, False)),  # fmt: skip
            Command("open document (o)", "Open another document in this pane", self.action_open_document),
            Command("toggle done (d)", "Mark this document done, or back in progress", self.action_toggle_done),
            Command("help (?)", "Keys and labels", self.action_help),
        ]
        cmds += self.assist_commands()
        cmds += self._team_commands()
        cmds += self._view_commands()
        from tui_reader import formats  # lazy: the format modules are needed once the palette opens

        for fmt in formats.FORMATS:
            cmds.append(Command(f"export: {fmt}", f"Write exports/{self.db_path.stem}-{fmt}… beside the database",
                                partial(self.action_export, fmt)))  # fmt: skip
        return cmds

    def _view_commands(self) -> list[Command]:
        """The reading pane's own keys (motions, selection, search next/previous), run on the active pane."""
        cmds: list[Command] = []
        seen: set[str] = set()
        for binding in getattr(DocumentView, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or binding.key.split(",")[0]
            cmds.append(Command(f"pane: {binding.description} ({key})", f"In the active pane: {binding.description}",
                                partial(self._run_in_view, binding.action)))  # fmt: skip
        return cmds

    def _run_in_view(self, action: str) -> None:
        view = self.active_view
        view.focus()
        self.call_later(view.run_action, action)

    # -- team (issue 8): other annotators' spans beside one's own (T), adjudication into gold (J) --------------
    def _paint_others(self, view: DocumentView) -> None:
        """Fill (or clear) the pane's "others" layers: other annotators' accepted spans, read-only."""
        doc_id = getattr(view, "doc_id", "")
        others: list[Span] = []
        if self.others.shown and doc_id:
            from tui_reader.team import other_spans
            by = other_spans(self.store, doc_id, self.annotator)
            others = [s for name, spans in by.items() if name for s in spans]  # unattributed spans are shown anyway
        self.others.paint(view, others)

    def _refuse_others_span(self, view: DocumentView) -> bool:
        """When the cursor is on another annotator's span (and on none of one's own): say it is read-only."""
        doc_id = getattr(view, "doc_id", "")
        if not doc_id:
            return False
        theirs = [s for s in self.store.spans_at(doc_id, view.cursor)
                  if s.status == "accepted" and s.annotator not in ("", self.annotator)]  # fmt: skip
        if not theirs:
            return False
        s = min(theirs, key=lambda s: (s.end - s.start, s.start, s.label))
        hint = "" if self.others.shown else " (T shows the other annotators' spans)"
        self.say(f"{s.annotator}'s {s.label} {quoted(s.text)} is read-only: you change only your own spans "
                 f"({self.annotator}){hint}.", severity="warning")  # fmt: skip
        return True

    def action_toggle_others(self) -> None:
        self.others.shown = not self.others.shown
        for view in self.views:
            if view.display:
                self._paint_others(view)
        self._update_status()
        if not self.others.shown:
            self.say("Other annotators' spans hidden.")
            return
        names = sorted({s.annotator for v in self.views if v.display for s in self.others.spans(v)})
        if names:
            self.say(f"Showing {', '.join(names)}'s spans: tinted and underlined, read-only (T hides them).")
        else:
            self.say("No other annotator has spans on the documents shown (T hides the layer again).")

    def action_adjudicate(self) -> None:
        view = self.active_view
        doc_id = getattr(view, "doc_id", "")
        if not doc_id:
            self.say("No document open.", severity="warning")
            return
        from tui_reader.tui.screens.adjudicate import AdjudicateScreen
        screen = AdjudicateScreen(self.store, doc_id, view.title, view.text, self.labels,
                                  lambda fn: self._write(fn) is not _FAILED, self.say)  # fmt: skip
        if not screen.items:
            self.say(f"No disagreements in {one_line(view.title or doc_id, 50)}: it needs spans by two or more "
                     "annotators who differ (merge their databases first).", severity="warning")  # fmt: skip
            return
        self.push_screen(screen, lambda _r: self.refresh_document(doc_id))

    def _team_commands(self) -> list[Command]:
        return [
            Command("show other annotators (T)", "Show or hide the other annotators' spans (read-only) beside yours",
                    self.action_toggle_others),
            Command("adjudicate (J)", "Settle this document's disagreements into the gold layer",
                    self.action_adjudicate),
        ]  # fmt: skip

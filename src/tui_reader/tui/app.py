"""ReaderApp: two reading panes side by side, the corpus and span lists, status line; keys and palette commands.

The app wires, it does not decide: its keys, palette and help come from the action table (tui_reader.actions),
the rules about spans from the core (tui_reader.review), and the behaviour of groups of keys from the components
it composes: `editing` (tag, delete, note, accept/reject, undo), `reading` (copy, search, open, done), `loader`
(big documents in two steps, resume, titles), `team` (O, J), `assist` (suggestions, echoes, links; its
`learning` part trains the annotator's model), `relating` (relations: m, %, X) and `review_mode` (the corpus
review queue). Workers report through messages (tui.messages), handled here with `@on(...)`.
Every change goes to the AnnotationStore first (committed, through `retry_busy`), then the panes re-read their
spans from it (the screen never shows what the database does not hold). No SQL here; file text is shown as Content.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on
from textual.actions import parse as parse_action
from textual.app import App, ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import MountError

from tui_reader import review
from tui_reader.actions import Scope, main_actions
from tui_reader.actions import actions as actions_for
from tui_reader.catalog import Catalog
from tui_reader.gc_hold import release_gc
from tui_reader.models import LabelSet, Span
from tui_reader.sanitize import one_line
from tui_reader.store import AnnotationStore, BusyError, StoreError, retry_busy
from tui_reader.tui.assist import Assist
from tui_reader.tui.commands import Command, ReaderCommands, bindings_for, palette_commands
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.editing import Editing
from tui_reader.tui.host import FAILED
from tui_reader.tui.loading import Loader
from tui_reader.tui.messages import (
    EchoesFound,
    ExportFinished,
    LearnFinished,
    LearnProgress,
    SuggestionsReady,
    WorkerFailed,
)
from tui_reader.tui.reading import Reading
from tui_reader.tui.relating import Relating
from tui_reader.tui.review_mode import ReviewMode
from tui_reader.tui.team_layer import OthersLayer
from tui_reader.tui.team_view import TeamView
from tui_reader.tui.widgets.status_line import StatusLine, status_content

if TYPE_CHECKING:  # the lists are mounted after the first frame, their modules imported then (_finish_startup)
    from tui_reader.tui.widgets.document_list import DocumentList
    from tui_reader.tui.widgets.span_list import SpanList

T = TypeVar("T")
_FAILED = FAILED

# Writes run on the UI thread: while another program holds the write lock the screen cannot repaint, so the app
# waits at most ~1 s per attempt (3 attempts with back-off, ~3 s in all) and then says the database is busy,
# instead of the store's 10 s x 5 attempts of frozen screen. The CLI keeps the long timeout.
UI_BUSY_TIMEOUT_MS = 1000
UI_WRITE_ATTEMPTS = 3

# Actions that only make sense on the main screen: a modal on top (help, note editor, ...) switches them off.
MAIN_ACTIONS = main_actions()


class ReaderApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tui-reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS = bindings_for(Scope.APP)  # type: ignore[assignment]  # the action table's reader keys

    def __init__(self, *, db_path: str | Path, doc_ids: Sequence[str], annotator: str,
                 labels: LabelSet | None = None, review: bool = False, importing: Path | None = None,
                 **kw: Any) -> None:  # fmt: skip
        super().__init__(**kw)
        self._importing = importing  # a big file shown (left) while it is imported (tui/loading.py)
        self.db_path = Path(db_path)
        self.doc_ids = list(doc_ids)
        self.annotator = annotator
        self.labels = labels or LabelSet.default()
        self.store = AnnotationStore(self.db_path, busy_timeout_ms=UI_BUSY_TIMEOUT_MS)
        self.summaries = Catalog(self.store, annotator)  # read a page at a time (tui_reader.catalog)
        self._active_id = "left"
        self.others = OthersLayer(self.labels)  # team: other annotators' spans, shown with T
        self.loader = Loader(self)  # big documents: their beginning first (tui/loading.py)
        self._pending_loads = self.loader.pending  # panes showing a preview only
        self._started = self._chrome = self._mounted_once = False  # _finish_startup begun / the lists and bars are mounted
        self._second = ""  # the document the right pane shows once the first frame is out
        self._lists: tuple[DocumentList, SpanList] | None = None  # the sidebar's lists, once mounted
        self.editing = Editing(self)  # tag, delete, note, accept/reject, undo/redo
        self.reading = Reading(self)  # copy, search, open, done
        self.team = TeamView(self)  # O: other annotators' spans; J: adjudication
        self.assist = Assist(self)  # suggestions, echoes, links
        self.relating = Relating(self)  # relations: m, %, X; suggested ones settle with their spans
        self.review_mode = ReviewMode(self)  # the corpus review queue (palette, open --review)
        self._review_at_start = review

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
        left, right = self.views
        shown = list(islice((d for d in self.doc_ids if d in self.summaries), 2))
        if self._importing is not None:
            self.loader.start_import(left, self._importing)
            shown = ["", *shown][:2]
        elif shown:
            self._load(left, shown[0])
        if len(shown) > 1:
            self._second = shown[1]
        else:
            right.display = False
        left.focus()
        self.update_status()
        self._mounted_once = True  # the first frame is on its way: a key before it finishes the start-up
        self.call_after_refresh(self._finish_startup)

    async def _finish_startup(self) -> None:
        """After the first frame (or before the first key, if that comes sooner): the rest of the screen."""
        if self._started:
            return
        self._started = True
        from textual.widgets import Footer, Header  # after the first frame, like the widgets themselves

        from tui_reader.tui.widgets.document_list import DocumentList
        from tui_reader.tui.widgets.span_list import SpanList

        doc_list, span_list = DocumentList(id="docs"), SpanList(self.labels, id="spans")
        for slot, widgets in (("#header-slot", (Header(icon="≡"),)), ("#sidebar", (doc_list, span_list)),
                              ("#footer-slot", (Footer(),))):
            if self._exiting():  # told to quit (q, SIGTERM, a closed browser tab) while the chrome went up: leave it
                return
            try:
                await self.query_one(slot).mount(*widgets)
            except (NoMatches, MountError):
                if self._exiting():  # the screen went down under the mount
                    return
                raise
        if self._exiting():
            return
        self._lists = doc_list, span_list
        self._chrome = True
        doc_list.show(self.summaries.rows())
        self._update_header()
        if self._second:
            self._load(self.views[1], self._second)
        if doc_id := getattr(self.active_view, "doc_id", ""):
            doc_list.highlight_doc(doc_id)
        self.show_span_list()
        self.assist.refresh_link_marks()
        self.update_status()
        if self._review_at_start:
            self.review_mode.start()
        self.assist.started()  # the echo indexes of the shown texts, now that the screen is up
        release_gc()  # off since launch (tui_reader.startup)

    def _exiting(self) -> bool:
        """`exit()` was called: the screen is being taken down, so nothing more is mounted or retitled (the
        Header's title watcher fails on a half-removed header)."""
        return bool(getattr(self, "_exit", False))

    def _doc_list(self) -> DocumentList | None:
        return self._lists[0] if self._chrome and self._lists else None

    def span_list(self) -> SpanList | None:
        return self._lists[1] if self._chrome and self._lists else None

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

    write = _write  # the components' (and the adjudication screen's) way to the store

    def spans_for(self, doc_id: str) -> list[Span]:
        """What a pane shows (`review.is_visible`): own and unattributed spans and suggestions, not rejected ones."""
        return review.visible_spans(self.store, doc_id, self.annotator)

    def _load(self, view: DocumentView, doc_id: str) -> None:
        self.summaries.get(doc_id)  # its row is known before a change to it (the header's counts move by the change)
        if self.loader.load(view, doc_id) and view.id == self._active_id and (doc_list := self._doc_list()) is not None:
            self.show_span_list()
            doc_list.highlight_doc(doc_id)

    def document_added(self, doc_id: str) -> None:
        """A document imported while the app runs (tui/loading.py): into the summaries and the document list."""
        if self.summaries.added(doc_id) is None:
            return
        if (doc_list := self._doc_list()) is not None:
            doc_list.show(self.summaries.rows())
            if self.active_view.doc_id in ("", doc_id):
                doc_list.highlight_doc(doc_id)
        self._update_header()

    def pane_loaded(self, view: DocumentView) -> None:
        """A pane (re)loaded its document, which dropped its marks layers: links and the others layer again."""
        self.assist.document_loaded(view)
        self.team.paint_others(view)

    load = _load  # the components' way to open a document in a pane

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            if not self._started and self._mounted_once:
                await self._finish_startup()  # a key or click right after start-up acts on the whole screen
            if self._pending_loads:
                self.loader.complete()  # ... and on the whole document
        await super().on_event(event)

    def refresh_document(self, doc_id: str) -> None:
        """After the store changed: re-read this document's spans into every pane showing it, and the lists."""
        spans = self.spans_for(doc_id)
        for view in self.views:
            if view.display and getattr(view, "doc_id", None) == doc_id:
                view.set_spans(spans)
                self.team.paint_others(view)
        if getattr(self.active_view, "doc_id", None) == doc_id:
            self.show_span_list(spans)
        self.refresh_summary(doc_id)
        self.assist.spans_changed()
        self.review_mode.spans_changed()  # the review queue moves on from a decided suggestion
        self.update_status()

    def refresh_summary(self, doc_id: str) -> None:
        if (new := review.summary(self.store, doc_id, self.annotator)) is None:
            return
        self.summaries.update(new)  # the header's counts follow (tui_reader.catalog)
        self.loader.retitle(doc_id)  # a rename (or its undo) shows in the panes
        if (doc_list := self._doc_list()) is not None:
            doc_list.update_one(new)
        self._update_header()

    def show_span_list(self, spans: Sequence[Span] | None = None) -> None:
        if not self._chrome:
            return
        view = self.active_view
        if spans is None:
            spans = self.spans_for(view.doc_id) if getattr(view, "doc_id", None) else []
        if (span_list := self.span_list()) is not None:
            span_list.show(spans)

    def _update_header(self) -> None:
        if self._exiting() or not self._chrome:
            return  # the header comes after the first frame (`_finish_startup`), its counts with it
        docs, done, spans = self.summaries.totals()
        self.sub_title = (f"{one_line(self.annotator, 30)} · {done}/{docs} documents done · "
                          f"{spans} span{'s' if spans != 1 else ''}")

    def span_under_cursor(self, view: DocumentView | None = None, *, status: str | None = None) -> Span | None:
        """The innermost span at the cursor (the one the status line names); with `status`, only such spans.

        With the span list focused, the span highlighted there (x, e, a, r act on the row you are on).
        """
        span_list = self.span_list()
        if span_list is not None and span_list.has_focus and span_list.highlighted_key in span_list.spans:
            chosen = span_list.spans[span_list.highlighted_key or ""]
            return chosen if status is None or chosen.status == status else None
        view = view or self.active_view
        return review.innermost(s for s in view.spans_at_cursor() if status is None or s.status == status)

    def update_status(self) -> None:
        view = self.active_view
        if not getattr(view, "doc_id", None):
            return
        span = self.span_under_cursor(view)
        content = status_content(
            self.labels, span=span, visual=bool(view.visual), selection=view.selection,
            cursor=view.cursor, length=len(view.text), others=self.others.at(view, view.cursor),
            search=(view.search_pattern or "", count) if (count := view.search_count) else None,
            suggestion=self.assist.learning.span_note(span),
        )  # fmt: skip
        content = Content.assemble(content, self.assist.link_status(span), self.relating.status(span),
                                   self.assist.learning.status())
        self.query_one(StatusLine).show(content)
        span_list = self.span_list()
        if span is not None and span_list is not None and not span_list.has_focus:
            span_list.highlight_span(span.id)  # the list follows the cursor (not while you move in the list)

    # -- events ------------------------------------------------------------------------------------
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if not isinstance(widget, DocumentView):
            return
        if widget.id and widget.id != self._active_id:
            self._active_id = widget.id
            self.show_span_list()
            if getattr(widget, "doc_id", None) and (doc_list := self._doc_list()) is not None:
                doc_list.highlight_doc(widget.doc_id)
            self.update_status()
        self.assist.update_echoes()  # echoes follow the active pane: the other pane shows them

    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.loader.cursor_moved()  # saved where you are, debounced (tui/loading.py)
        self.update_status()
        self.assist.update_echoes()

    def on_document_view_selection_changed(self, event: DocumentView.SelectionChanged) -> None:
        self.update_status()

    @on(SuggestionsReady)
    def _suggestions_ready(self, message: SuggestionsReady) -> None:
        self.assist.suggestions_ready(message.totals)

    @on(EchoesFound)
    def _echoes_found(self, message: EchoesFound) -> None:
        self.assist.echoes_found(message)

    @on(LearnProgress)
    def _learn_progress(self, message: LearnProgress) -> None:
        self.assist.learning.progress(message)

    @on(LearnFinished)
    def _learn_finished(self, message: LearnFinished) -> None:
        self.assist.learning.finished(message)

    @on(ExportFinished)
    def _export_finished(self, message: ExportFinished) -> None:
        self.say(f"Exported {message.spans} spans ({message.fmt}) to {message.path}", timeout=10)

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        self.say(f"{message.task} failed: {message.error}", severity="error", timeout=10)

    def on_span_list_chosen(self, event: SpanList.Chosen) -> None:
        span_list = self.span_list()
        span = span_list.spans.get(event.key) if span_list is not None else None
        if span is not None:
            view = self.active_view
            view.clear_selection()
            view.move_to(span.start)
            view.focus()
            self.update_status()

    def on_document_list_chosen(self, event: DocumentList.Chosen) -> None:
        view = self.active_view
        self._load(view, event.doc_id)
        view.focus()
        self.update_status()

    def action_focus_next(self) -> None:
        """tab: the other pane; from a list, back to the pane. One pane shown, or a dialog: Textual's order."""
        left, right = self.views
        if len(self.screen_stack) > 1 or not right.display:
            return super().action_focus_next()
        focused = self.focused
        (self.active_view if not isinstance(focused, DocumentView) else right if focused is left else left).focus()

    def action_focus_previous(self) -> None:
        """shift+tab: the lists in turn (the pane's spans, then the documents), then back to the pane."""
        docs, spans = self._doc_list(), self.span_list()
        if len(self.screen_stack) > 1 or docs is None or spans is None:
            return super().action_focus_previous()
        (docs if self.focused is spans else self.active_view if self.focused is docs else spans).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MAIN_ACTIONS and len(self.screen_stack) > 1:
            return False  # a modal is open: its own keys apply, not the reader's
        return True

    # -- actions: the action table's reader keys (tui_reader.actions), each run by a component or here ------
    async def action_quit(self) -> None:
        self.loader.save_all()  # restarting reopens both panes where they are now
        await super().action_quit()

    def action_help(self) -> None:
        from tui_reader.tui.screens.help import HelpScreen
        self.push_screen(HelpScreen(self.labels))

    def action_export(self, fmt: str) -> None:
        from tui_reader.tui.export_task import export_worker  # lazy: format modules load on first export

        self.say(f"Exporting {fmt}…")
        self.run_worker(lambda: export_worker(self.post_message, self.db_path, fmt), thread=True, group="export")

    # -- command palette: the action table's entries --------------------------------------------------
    def reader_commands(self) -> list[Command]:
        from tui_reader import formats  # lazy: the format modules are needed once the palette opens

        return palette_commands(self._run_command, self.labels, list(formats.FORMATS), self.db_path.stem)

    def _run_command(self, scope: Scope, action: str) -> Any:
        if scope is Scope.PANE:  # the reading pane's own keys, run on the active pane
            view = self.active_view
            view.focus()
            return self.call_later(view.run_action, action)
        _, name, params = parse_action(action)  # the reader's: its handler, called as the palette always did
        return getattr(self, f"action_{name}")(*params)


def _delegate(component: str, method: str, *lead: str) -> Callable[..., Any]:
    path = component.split(".")  # "assist.learning": a part of a component

    def handler(self: ReaderApp, *args: Any) -> Any:
        owner: Any = self
        for name in path:
            owner = getattr(owner, name)
        return getattr(owner, method)(*lead, *args)

    handler.__name__ = f"action_{method}"
    handler.__doc__ = f"Run by app.{component}.{method} (the action table's `run`)."
    return handler


# The reader's actions that a component carries out: their handlers come from the action table's `run` field,
# so a new key is one line in tui_reader.actions plus the component's method.
for _action in actions_for(Scope.APP):
    if _action.run and not hasattr(ReaderApp, f"action_{_action.name}"):
        setattr(ReaderApp, f"action_{_action.name}", _delegate(*_action.run))

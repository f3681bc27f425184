"""`o`: choose a document to open in the active pane. Type to filter by id or title; enter opens.

The picker shows at most SHOWN rows whatever the corpus holds: on opening, the first documents (the catalog, by
id; the current one highlighted when among them); while typing, the first matches of the store's indexed filter
(`AnnotationStore.filter_documents`, a trigram index on ids and titles). Each key starts the filter in a worker
thread on a connection of its own (`TitleSearch`) and stops the one still running: keys are never held up by it,
and only the latest query's rows are shown. Enter (or a move) right after typing waits for the typed query's rows
first, so it acts on what was typed. Titles and ids are data: rows are Content, never markup.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui_reader.actions import Scope
from tui_reader.catalog import Catalog
from tui_reader.store import DocSummary, StoreError, TitleSearch
from tui_reader.tui.commands import bindings_for
from tui_reader.tui.widgets.document_list import summary_lines
from tui_reader.tui.widgets.row_list import RowList

SHOWN = 300  # rows read per keystroke: a 100,000-document corpus stays responsive; typing narrows it


class PickerRows(RowList[DocSummary]):
    """The picker's rows, drawn with the Line API (only the visible ones are built, however many match); the
    same two lines per document as the document list (not a DocumentList: the app looks that one up by type)."""

    ROW_HEIGHT = 2

    def row_key(self, row: DocSummary) -> str:
        return row.id

    def row_lines(self, row: DocSummary) -> tuple[Content, ...]:
        return summary_lines(row)


class DocumentPicker(ModalScreen[str | None]):
    """Dismisses with the chosen document id, or None."""

    BINDINGS = bindings_for(Scope.PICKER)  # type: ignore[assignment]  # from the action table
    DEFAULT_CSS = """
    DocumentPicker PickerRows { height: auto; max-height: 20; }
    DocumentPicker #more { color: $text-muted; }
    """

    def __init__(self, catalog: Catalog, current: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.current = current
        self._shown: str | None = None  # the query whose rows are on screen
        self._search: TitleSearch | None = None
        self._typed = ""  # the latest query typed (a worker's result for an older one is dropped)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Content("Open in this pane — type to filter, enter to open, escape to cancel"))
            yield Input(placeholder="filter by id or title", id="filter")
            yield PickerRows(id="docs")
            yield Static(Content(""), id="more")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#filter", Input).focus()

    def on_unmount(self) -> None:
        if self._search is not None:
            self._search.close()

    def settled(self, query: str) -> bool:
        """The rows on screen are those of `query` (the bench and the tests wait for this)."""
        return self._shown == query

    def _fill(self, query: str) -> None:
        """The rows of `query`, read here on the UI thread (opening, or enter right after a key)."""
        store = self.catalog.store
        try:
            if query.strip():
                ids, count = store.filter_documents(query, SHOWN)
            else:  # the first documents; their number is the catalog's (counted once, at start-up)
                ids, count = store.first_document_ids(SHOWN), len(self.catalog)
            rows = store.summaries_for(self.catalog.annotator, ids)
        except StoreError as e:
            self.app.notify(f"Cannot filter: {e}", severity="error", markup=False)
            return
        self._show(query, rows, count)

    def _show(self, query: str, shown: list[DocSummary], count: int | None) -> None:
        if self._shown == query or query != self._typed:
            return  # shown already, or a later key changed the query: only the latest query's rows are shown
        try:
            docs = self.query_one("#docs", PickerRows)
        except NoMatches:  # the picker closed while the worker ran
            return
        self._shown = query
        docs.show(shown)
        more = "" if count is not None and count <= len(shown) else "more" if count is None else f"{count - len(shown)} more"
        self.query_one("#more", Static).update(Content(f"… {more}: type to narrow" if more else ""))
        self.query_one("#more", Static).display = bool(more)
        if shown:
            ids = [s.id for s in shown]
            docs.highlighted = ids.index(self.current) if self.current in ids else 0

    @work(thread=True, exclusive=True, group="picker-filter")
    def _filter_in_worker(self, query: str) -> None:
        worker = get_current_worker()
        search = self._search
        if search is None:
            return

        def wanted() -> bool:
            return not worker.is_cancelled and query == self._typed

        try:
            found = search.search(query, SHOWN, wanted=wanted)
        except StoreError:
            found = None  # the query runs again on enter (`_fill`), which says what went wrong
        if found is not None and wanted():
            self.app.call_from_thread(self._show, query, *found)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed = event.value
        if self._shown == event.value:
            return
        if self._search is None:
            try:
                self._search = TitleSearch(self.catalog.store.path, self.catalog.annotator)
            except StoreError:
                self._fill(event.value)
                return
        else:
            self._search.interrupt()  # the latest key wins: the query still running stops
        self._filter_in_worker(event.value)

    def _settle(self) -> None:
        value = self._typed = self.query_one("#filter", Input).value
        if self._shown != value:
            self._fill(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._settle()
        key = self.query_one("#docs", PickerRows).highlighted_key
        if key is not None:
            self.dismiss(key)

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()  # the picker's own list: not the app's document list
        self.dismiss(event.key)

    def action_move(self, step: int) -> None:
        self._settle()
        self.query_one("#docs", PickerRows).action_move(step)

    def action_cancel(self) -> None:
        self.dismiss(None)

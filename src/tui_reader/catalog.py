"""The corpus as the app sees it, read a page at a time (no Textual, no SQL: store/catalog.py runs the queries).

`Catalog` is the app's `summaries`: a mapping doc id -> DocSummary (the annotator's accepted spans and progress)
whose rows are read from the store when asked for and kept in a bounded cache, so start-up and the document
list cost what the screen shows, not what the corpus holds. `rows()` is the document list's source (its length,
a row by number, a document's row number), `totals()` the header's counts, kept up to date by `update`.
Iterating the mapping reads every id (the "next document with suggestions" action does; start-up never).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from tui_reader.models import DocSummary
from tui_reader.store import AnnotationStore

PAGE = 64
MAX_PAGES = 128  # pages kept (8,192 rows); the oldest read is dropped first
MAX_SUMMARIES = 20_000


class Catalog(Mapping[str, DocSummary]):
    def __init__(self, store: AnnotationStore, annotator: str) -> None:
        self.store = store
        self.annotator = annotator
        self._count: int | None = None
        self._pages: dict[int, list[DocSummary]] = {}
        self._by_id: dict[str, DocSummary] = {}
        self._totals: tuple[int, int, int] | None = None

    # -- the mapping -----------------------------------------------------------------------------------------
    def __len__(self) -> int:
        if self._count is None:
            self._count = self.store.count_documents()
        return self._count

    def __getitem__(self, doc_id: str) -> DocSummary:
        found = self.get(doc_id)
        if found is None:
            raise KeyError(doc_id)
        return found

    def get(self, doc_id: str, default: DocSummary | None = None) -> DocSummary | None:  # type: ignore[override]
        found = self._by_id.get(doc_id)
        if found is None:
            rows = self.store.summaries_for(self.annotator, [doc_id])
            if not rows:
                return default
            found = self._remember(rows[0])
        return found

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self.get(doc_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.document_ids())

    def _remember(self, s: DocSummary) -> DocSummary:
        if len(self._by_id) >= MAX_SUMMARIES:
            self._by_id.clear()
        self._by_id[s.id] = s
        return s

    # -- rows by number (the document list) ------------------------------------------------------------------
    def row(self, i: int) -> DocSummary:
        if not 0 <= i < len(self):
            raise IndexError(i)
        n, k = divmod(i, PAGE)
        page = self._pages.get(n)
        if page is None:
            before = self._pages.get(n - 1)
            if before is not None and len(before) == PAGE:
                page = self.store.summary_page(self.annotator, after=before[-1].id, limit=PAGE)
            else:
                page = self.store.summary_page(self.annotator, offset=n * PAGE, limit=PAGE)
            if len(self._pages) >= MAX_PAGES:
                del self._pages[next(iter(self._pages))]
            self._pages[n] = page
            for s in page:
                self._remember(s)
        if k >= len(page):  # documents went away since the count: an empty row rather than an error
            return DocSummary("", "", 0, "todo")
        return page[k]

    def index_of(self, doc_id: str) -> int | None:
        for n, page in self._pages.items():
            for k, s in enumerate(page):
                if s.id == doc_id:
                    return n * PAGE + k
        return self.store.document_position(doc_id)

    def rows(self) -> CatalogRows:
        return CatalogRows(self)

    # -- changes -----------------------------------------------------------------------------------------------
    def update(self, new: DocSummary) -> None:
        """A document's row changed (a tag, `d`, an undo, a rename): the cached rows and the totals follow."""
        old = self._by_id.get(new.id)
        if self._totals is not None:
            if old is None:
                self._totals = None  # not seen before: its old counts are unknown, recount when next asked
            else:
                docs, done, spans = self._totals
                done += (new.status == "done") - (old.status == "done")
                self._totals = (docs, done, spans + new.spans - old.spans)
        self._remember(new)
        for page in self._pages.values():
            for k, s in enumerate(page):
                if s.id == new.id:
                    page[k] = new
                    return

    def added(self, doc_id: str) -> DocSummary | None:
        """A document was imported while the app runs: counts, pages and totals are read afresh; its row."""
        self._count = self._totals = None
        self._pages.clear()
        self._by_id.pop(doc_id, None)
        return self.get(doc_id)

    def totals(self) -> tuple[int, int, int]:
        """(documents, documents done, accepted spans) of the annotator: the header's counts."""
        if self._totals is None:
            self._totals = self.store.progress_totals(self.annotator)
            self._count = self._totals[0]
        return self._totals


class CatalogRows:
    """The catalog as the document list's rows (`tui.widgets.row_list.LazyRows`)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __len__(self) -> int:
        return len(self.catalog)

    def __getitem__(self, i: int) -> DocSummary:
        return self.catalog.row(i)

    def index_of(self, key: str) -> int | None:
        return self.catalog.index_of(key)

    def replace(self, i: int, row: DocSummary) -> None:
        self.catalog.update(row)

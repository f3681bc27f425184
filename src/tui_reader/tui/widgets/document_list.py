"""The corpus: one entry per document with its progress (spans, done); enter (or a click) opens it.

A Line API widget: only the visible rows are built, and changing one document's row repaints that row. An
OptionList measures every option on each change: bench/bench_doc_list.py shows it 31x slower on 10,000
documents than on 100 (seconds), while this list costs the same on both (about 1x).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui_reader.sanitize import one_line
from tui_reader.store import DocSummary

MARK = {"done": ("✓", "bold green"), "in-progress": ("…", "yellow"), "todo": ("·", "dim")}
ROW_HEIGHT = 2  # title line, then id and progress


def summary_prompt(s: DocSummary) -> Content:
    """Two lines: `✓ NewsBite` and `  000_f7313eefdddd6988 · 3 spans`; titles and ids are data (never markup)."""
    first, second = summary_lines(s)
    return Content.assemble(first, "\n", second)


def summary_lines(s: DocSummary) -> tuple[Content, Content]:
    mark, style = MARK.get(s.status, MARK["todo"])
    first = Content.assemble((mark, style), " ", (one_line(s.title, 200), "bold"))
    second = Content.assemble(
        "  ", (one_line(s.id, 80), "dim"), (f" · {s.spans} span{'s' if s.spans != 1 else ''}", "dim"),
        (" · done" if s.status == "done" else "", "green"),
    )  # fmt: skip
    return first, second


class DocumentList(ScrollView, can_focus=True):
    """Documents of the database, `ROW_HEIGHT` lines each; `highlighted` is the index of the chosen row."""

    BORDER_TITLE = "Documents"
    DEFAULT_CSS = """
    DocumentList { overflow-x: hidden; overflow-y: auto; }
    DocumentList > .document-list--highlight { background: $block-cursor-blurred-background; }
    DocumentList:focus > .document-list--highlight {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """
    COMPONENT_CLASSES = {"document-list--highlight"}
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G,shift+g", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    class Chosen(Message):
        """Enter or a click on a document: open it."""

        def __init__(self, doc_list: DocumentList, doc_id: str) -> None:
            super().__init__()
            self.doc_list = doc_list
            self.doc_id = doc_id

        @property
        def control(self) -> DocumentList:
            return self.doc_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[DocSummary] = []
        self._index: dict[str, int] = {}
        self._highlighted: int | None = None
        self._cache: dict[int, tuple[Content, Content]] = {}

    # -- content -----------------------------------------------------------------------------------
    def show(self, summaries: Sequence[DocSummary]) -> None:
        keep = self.highlighted_id
        self.rows = list(summaries)
        self._index = {s.id: i for i, s in enumerate(self.rows)}
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows) * ROW_HEIGHT)
        self._highlighted = self._index.get(keep) if keep else (0 if self.rows else None)
        self.refresh()

    def update_one(self, summary: DocSummary) -> None:
        i = self._index.get(summary.id)
        if i is None:
            return
        self.rows[i] = summary
        self._cache.pop(i, None)
        self._refresh_row(i)

    def row_text(self, doc_id: str) -> str:
        """What the row of `doc_id` says, as plain text (for tests and screen readers)."""
        first, second = self._lines(self._index[doc_id])
        return f"{first.plain}\n{second.plain}"

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(len(self.rows) - 1, index)) if self.rows else None
        old, self._highlighted = self._highlighted, index
        for i in (old, index):
            if i is not None:
                self._refresh_row(i)
        if index is not None:
            self.scroll_to_region(Region(0, index * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True)

    @property
    def highlighted_id(self) -> str | None:
        i = self._highlighted
        return self.rows[i].id if i is not None and i < len(self.rows) else None

    def highlight_doc(self, doc_id: str) -> None:
        if doc_id in self._index:
            self.highlighted = self._index[doc_id]

    # -- keys and mouse ----------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.rows:
            self.highlighted = (self._highlighted if self._highlighted is not None else -step) + step

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1))

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.rows) - 1

    def action_choose(self) -> None:
        doc_id = self.highlighted_id
        if doc_id is not None:
            self.post_message(self.Chosen(self, doc_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        i = (round(self.scroll_y) + offset.y) // ROW_HEIGHT
        if 0 <= i < len(self.rows):
            self.highlighted = i
            self.action_choose()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) * ROW_HEIGHT)

    # -- rendering ---------------------------------------------------------------------------------
    def _lines(self, i: int) -> tuple[Content, Content]:
        lines = self._cache.get(i)
        if lines is None:
            if len(self._cache) > 2000:
                self._cache.clear()
            lines = self._cache[i] = summary_lines(self.rows[i])
        return lines

    def _refresh_row(self, i: int) -> None:
        y = i * ROW_HEIGHT - round(self.scroll_y)
        self.refresh(Region(0, y, self.size.width, ROW_HEIGHT))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        i, part = divmod(line, ROW_HEIGHT)
        base = self.rich_style
        if i >= len(self.rows):
            return Strip.blank(width, base)
        content = self._lines(i)[part].truncate(width, ellipsis=True)
        style = Style.from_rich_style(base)
        if i == self._highlighted:
            style = style + Style.from_rich_style(self.get_component_rich_style("document-list--highlight"))
        segments: list[Segment] = content.render_segments(style)
        return Strip(segments).adjust_cell_length(width, style.rich_style)

"""A keyboard list drawn with the Line API: only visible rows are built; changing one row repaints that row.

Textual's OptionList measures every option on each change, which grows with the list (bench/bench_doc_list.py:
31x slower on 10,000 rows than on 100). The document list and the span list are both RowLists.

Rows are a list, or a `LazyRows` source (its length, a row by number, a key's row number, read on demand): the
document list of a 100,000-document corpus reads the rows on screen from the store, never the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar, runtime_checkable

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui_reader.actions import Scope
from tui_reader.tui.commands import bindings_for

R = TypeVar("R")


@runtime_checkable
class LazyRows(Protocol[R]):
    """Rows read on demand (`tui_reader.catalog.CatalogRows`): only the rows drawn are ever asked for."""

    def __len__(self) -> int: ...

    def __getitem__(self, i: int) -> R: ...

    def index_of(self, key: str) -> int | None: ...

    def replace(self, i: int, row: R) -> None: ...


class RowList(ScrollView, Generic[R], can_focus=True):
    """Rows of `ROW_HEIGHT` lines each; subclasses say how a row looks (`row_lines`) and what names it (`row_key`)."""

    ROW_HEIGHT = 1
    DEFAULT_CSS = """
    RowList { overflow-x: hidden; overflow-y: auto; }
    RowList > .row-list--highlight { background: $block-cursor-blurred-background; }
    RowList:focus > .row-list--highlight { background: $block-cursor-background; color: $block-cursor-foreground; }
    """
    COMPONENT_CLASSES = {"row-list--highlight"}
    BINDINGS = bindings_for(Scope.LIST)  # type: ignore[assignment]  # from the action table

    class Chosen(Message):
        """Enter or a click on a row."""

        def __init__(self, row_list: RowList, key: str) -> None:  # type: ignore[type-arg]
            super().__init__()
            self.row_list = row_list
            self.key = key

        @property
        def control(self) -> RowList:  # type: ignore[type-arg]
            return self.row_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[R] | LazyRows[R] = []
        self._index: dict[str, int] = {}
        self._highlighted: int | None = None
        self._cache: dict[int, tuple[Content, ...]] = {}

    # -- what subclasses define --------------------------------------------------------------------
    def row_key(self, row: R) -> str:
        raise NotImplementedError

    def row_lines(self, row: R) -> tuple[Content, ...]:
        raise NotImplementedError

    def chosen_message(self, key: str) -> Message:
        return self.Chosen(self, key)

    # -- content -----------------------------------------------------------------------------------
    def show(self, rows: Sequence[R] | LazyRows[R]) -> None:
        keep = self.highlighted_key
        if isinstance(rows, LazyRows) and not isinstance(rows, list | tuple):
            self.rows, self._index = rows, {}
        else:
            self.rows = list(rows)
            self._index = {self.row_key(r): i for i, r in enumerate(self.rows)}
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows) * self.ROW_HEIGHT)
        self._highlighted = self._find(keep) if keep is not None else None
        if self._highlighted is None and self.rows:
            self._highlighted = 0
        self.refresh()

    def _find(self, key: str) -> int | None:
        rows = self.rows
        return self._index.get(key) if isinstance(rows, list) else rows.index_of(key)

    def update_row(self, row: R) -> None:
        i = self._find(self.row_key(row))
        if i is None:
            return
        if isinstance(self.rows, list):
            self.rows[i] = row
        else:
            self.rows.replace(i, row)
        self._cache.pop(i, None)
        self._refresh_row(i)

    def row_text(self, key: str) -> str:
        """What the row named `key` says, as plain text (for tests and screen readers)."""
        i = self._find(key)
        if i is None:
            raise KeyError(key)
        return "\n".join(line.plain for line in self._lines(i))

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
            h = self.ROW_HEIGHT
            self.scroll_to_region(Region(0, index * h, 1, h), animate=False, immediate=True)

    @property
    def highlighted_key(self) -> str | None:
        i = self._highlighted
        return self.row_key(self.rows[i]) if i is not None and i < len(self.rows) else None

    def highlight_key(self, key: str) -> None:
        i = self._find(key)
        if i is not None and i != self._highlighted:
            self.highlighted = i

    # -- keys and mouse ----------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.rows:
            self.highlighted = (self._highlighted if self._highlighted is not None else -step) + step

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1))

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.rows) - 1

    def action_choose(self) -> None:
        key = self.highlighted_key
        if key is not None:
            self.post_message(self.chosen_message(key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        i = (round(self.scroll_y) + offset.y) // self.ROW_HEIGHT
        if 0 <= i < len(self.rows):
            self.highlighted = i
            self.action_choose()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) * self.ROW_HEIGHT)

    # -- rendering ---------------------------------------------------------------------------------
    def _lines(self, i: int) -> tuple[Content, ...]:
        lines = self._cache.get(i)
        if lines is None:
            if len(self._cache) > 2000:
                self._cache.clear()
            lines = self._cache[i] = self.row_lines(self.rows[i])
        return lines

    def _refresh_row(self, i: int) -> None:
        y = i * self.ROW_HEIGHT - round(self.scroll_y)
        self.refresh(Region(0, y, self.size.width, self.ROW_HEIGHT))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        i, part = divmod(round(self.scroll_y) + y, self.ROW_HEIGHT)
        base = self.rich_style
        if i >= len(self.rows):
            return Strip.blank(width, base)
        lines = self._lines(i)
        content = lines[part] if part < len(lines) else Content("")
        style = Style.from_rich_style(base)
        if i == self._highlighted:
            style = style + Style.from_rich_style(self.get_component_rich_style("row-list--highlight"))
        segments: list[Segment] = content.truncate(width, ellipsis=True).render_segments(style)
        return Strip(segments).adjust_cell_length(width, style.rich_style)

"""A ScrollView whose rows come from a lazily wrapped `Layout`: the scroll glue of the reading pane.

`layout.Layout` knows rows only as estimates until a unit is shown, so the scroll position has to be kept
honest as they become exact. This class does that and nothing else (no cursor, no text styles):

- `_keep_top(fn)`: run something that may wrap units above the top row without moving what the top row shows;
- `_show_offset(offset)`: scroll so that an offset is on screen (a far jump centres it), wrapping a screen's
  worth above it first so it lands exactly;
- scrolling up (wheel, scrollbar) into estimated rows steps back from what was on top, so rows appear in order
  instead of the view jumping by the estimate's error; every scroll is immediate (no smooth scrolling);
- a resize re-wraps for the new width and keeps the line at the top.

Subclasses set `self._layout` and get two hooks: `_after_user_scroll()` (the reader scrolled) and
`_after_relayout()` (the width changed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView

from .layout import Layout, scroll_for

T = TypeVar("T")


class WrappedScrollView(ScrollView):
    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._layout = Layout("", 80)
        self._adjusting_scroll = False

    # -- hooks ------------------------------------------------------------------------------------------------
    def _after_user_scroll(self) -> None:
        """Called after the reader scrolled (wheel, scrollbar), once the screen is refreshed."""

    def _after_relayout(self) -> None:
        """Called after a resize re-wrapped the text (the top line is kept)."""

    # -- for subclasses -----------------------------------------------------------------------------------------
    @property
    def _height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def visible_range(self) -> tuple[int, int]:
        """(start, end) offsets of the text on screen now (for marks computed only where the reader looks)."""
        return self._layout.visible_range(round(self.scroll_y), self._height)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so that the row holding `offset` is the top row (a pane reopened where it was left)."""
        if self.is_mounted and self.size.width:
            self._scroll_y_to(self._layout.screen_row(max(0, min(offset, len(self._layout.text)))))

    def _wrap_width(self) -> int:
        width = self.scrollable_content_region.width if self.is_mounted else 0
        return max(1, width - 1) if width else 79  # one column left for the cursor after a full row

    def _sync_virtual_size(self) -> None:
        if not self.is_mounted or not self.size.width:
            return  # laid out on the first resize, for the real width
        size = Size(self.scrollable_content_region.width if self.is_mounted else 80, self._layout.total_rows)
        if size != self.virtual_size:
            self.virtual_size = size

    def _scroll_y_to(self, y: int) -> None:
        """Scroll to row y as part of a cursor move (not a user scroll)."""
        self._adjusting_scroll = True
        try:
            self._sync_virtual_size()
            self.scroll_to(y=y, animate=False, immediate=True)
        finally:
            self._adjusting_scroll = False

    def _keep_top(self, fn: Callable[[], T]) -> T:
        """Run `fn` (which may wrap units above the top row) without moving what the top row shows."""
        top = round(self.scroll_y)
        u, r = self._layout.locate(top)
        result = fn()
        new_top = self._layout.unit_row(u) + r
        self._sync_virtual_size()
        if new_top != top:
            self._scroll_y_to(new_top)
        return result

    def _show_offset(self, offset: int) -> None:
        """Scroll so that `offset` is on screen (a far jump: search, ] [, g, a list, puts it mid-screen)."""
        if not self.is_mounted or not self.size.width:
            return  # not laid out yet: on_resize scrolls there
        height = self._height
        layout = self._layout
        self._keep_top(lambda: layout.settle_above(offset, height))  # a screen above it made exact
        top = scroll_for(layout.screen_row(offset), round(self.scroll_y), height)
        if top is not None:
            self._scroll_y_to(top)

    # -- Textual ------------------------------------------------------------------------------------------------
    def _scroll_to(self, x=None, y=None, *, animate=True, **kwargs):  # type: ignore[no-untyped-def, override]
        """Every scroll is immediate: no smooth scrolling (paging stays instant, rows map exactly)."""
        kwargs.pop("speed", None)
        kwargs.pop("duration", None)
        kwargs.pop("easing", None)
        return super()._scroll_to(x, y, animate=False, **kwargs)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        old, new = round(old_value), round(new_value)
        if not self._adjusting_scroll and new < old and self.is_mounted:
            # Scrolling up into rows that were only estimated: wrap them by stepping back from what was on top,
            # so the rows above the old top appear in order instead of the view jumping by the estimate's error.
            exact = self._layout.stepped_row(old, new - old)
            if exact != new:
                self._adjusting_scroll = True
                try:
                    self._sync_virtual_size()
                    self.scroll_target_y = exact
                    self.scroll_y = exact
                finally:
                    self._adjusting_scroll = False
                self.call_after_refresh(self._after_user_scroll)
                return
        super().watch_scroll_y(old_value, new_value)
        if old != new and not self._adjusting_scroll and self.is_mounted:
            self.call_after_refresh(self._after_user_scroll)

    def on_resize(self, event: events.Resize) -> None:
        first = self._layout.first_offset(round(self.scroll_y))
        self._layout.set_width(self._wrap_width())
        self._sync_virtual_size()
        self._scroll_y_to(self._layout.screen_row(first))
        self._after_relayout()
        self.refresh()

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        if self.size.width:
            self._layout.set_width(self._wrap_width())  # a render can come before on_resize: lay out once
        strips = super().render_lines(crop)
        if self._layout.total_rows != self.virtual_size.height:
            self.call_later(self._sync_virtual_size)
        return strips

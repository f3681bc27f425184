"""The reading pane: a Line API widget (ScrollView + render_line) that renders only the visible lines.

The widget keeps the state (text, cursor, selection anchor, visual mode, spans, marks layers, search), posts
the messages and holds the key bindings; the work is done by pure modules, as Textual splits its TextArea:

- `layout.py`: soft wrap, the screen-row <-> offset index, row stepping and the scroll maths;
- `textnav.py`: motions over graphemes, words, sentences, paragraphs, and the literal search;
- `paint.py`: one visible row + its spans / layers / matches / selection / cursor -> styled segments;
- `pane_search.py` (`/`, `n`, `N`) and `pane_keys.py` (f / t, text objects, the mouse): mixins of this class.
- `wrapped_scroll.py` (the base class): keeps the scroll position honest while row estimates become exact.

Public API (the app and other modules rely on exactly this; docs/reading-pane.md explains each part):
`load`, `extend_text`, `set_spans`, `add_span`, `remove_span`, `set_marks`; read-only `doc_id`, `title`,
`text`, `cursor`, `selection`, `selection_anchor`, `visual`, `spans`, `marks`, `search_pattern`,
`cursor_screen_row`, `search_count`; `move_to`, `select`, `clear_selection`, `trimmed`, `visible_range`, `spans_at_cursor`
(innermost first), `selection_or_span`, `next_span`, `prev_span`, `search`, `search_next`, `search_prev`.
Messages: `CursorMoved(view, offset)`, `SelectionChanged(view, selection)`; `.control` is the view.

Keys (docs/keymap-selection.md, with the selection rule: the character under the cursor is not in the
selection): arrows, h j k l, w b, W B, ( ), { }, g G, pgup pgdn, home end, f t F T + a character, ; ,, v,
shift+motions, s, a / i + a text object (visual mode), ] [, n N, mouse. escape, n and N only act when there is
a selection / a search, a and i only in visual mode; otherwise the key goes on to the app.
Everything that changes the store is the app's.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from textual.content import Content
from textual.message import Message
from textual.strip import Strip

from .. import textnav
from ..actions import Scope
from ..intervals import IntervalIndex
from ..models import LabelSet, Span
from ..review import innermost, innermost_first
from ..sanitize import one_line
from .commands import bindings_for
from .layout import Layout, row_into_view
from .paint import LabelStyles, PaintStyles, paint_row, row_strip, span_names
from .pane_keys import PaneKeys
from .pane_search import PaneSearch
from .wrapped_scroll import WrappedScrollView

_span_key = operator.attrgetter("start", "end")  # C-level: re-indexing 100,000 spans is key-bound


def _text_motion(target: Callable[[str, int], int], doc: str) -> Callable[[DocumentView], None]:
    """A key action moving the cursor to target(text, cursor)."""

    def action(self: DocumentView) -> None:
        self._set(target(self.text, self.cursor), False)

    action.__doc__ = doc
    return action


@dataclass
class _Layer:
    index: IntervalIndex[tuple[int, int]]
    style: Style


class DocumentView(PaneKeys, PaneSearch, WrappedScrollView, can_focus=True):
    """A read-only, soft-wrapped view of one document with a cursor, a selection and span highlights."""

    DEFAULT_CSS = """
    DocumentView {
        overflow-y: scroll;
        overflow-x: hidden;
        border: round $foreground 30%;
        border-title-color: $foreground;
        border-subtitle-color: $foreground 70%;
        height: 1fr;
    }
    DocumentView:focus {
        border: round $accent;
    }
    DocumentView > .document-view--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    DocumentView > .document-view--selection {
        text-style: reverse;
    }
    DocumentView > .document-view--search {
        text-style: bold underline;
    }
    DocumentView > .document-view--search-current {
        background: $warning;
        color: auto 90%;
    }
    """

    ALLOW_SELECT = False  # the pane has its own selection (offsets into the text), not Textual's screen selection

    COMPONENT_CLASSES = {
        "document-view--cursor",
        "document-view--selection",
        "document-view--search",
        "document-view--search-current",
    }

    BINDINGS = bindings_for(Scope.PANE)  # type: ignore[assignment]  # the action table (tui_reader.actions) is the one list of keys

    class CursorMoved(Message):
        """The cursor moved to `offset`."""

        def __init__(self, view: DocumentView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

        @property
        def control(self) -> DocumentView:
            return self.view

    class SelectionChanged(Message):
        """The selection changed (None: no selection)."""

        def __init__(self, view: DocumentView, selection: tuple[int, int] | None) -> None:
            super().__init__()
            self.view = view
            self.selection = selection

        @property
        def control(self) -> DocumentView:
            return self.view

    def __init__(
        self,
        *,
        labels: LabelSet,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.labels = labels
        self.doc_id = ""
        self.title = ""
        self.text = ""
        self.cursor = 0
        self.selection_anchor: int | None = None
        self.visual = False
        self._search: textnav.LiteralSearch | None = None
        self._search_current: tuple[int, int] | None = None
        self._ahead = textnav.SearchAhead()  # a query searched for while it is typed (prefetch_search)
        self._pending: tuple[str, str] | None = None  # a key waiting for its second: ("object", "a"), ("find", "t")
        self._last_find: tuple[str, str] | None = None  # the last f / t / F / T and its character (; and , repeat)
        self._span_index: IntervalIndex[Span] = IntervalIndex([], key=_span_key)
        self._layers: dict[str, _Layer] = {}
        self._goal_col: int | None = None
        self._last_selection: tuple[int, int] | None = None
        self._dragging = False
        self._styles_memo: PaintStyles | None = None
        self._label_styles = LabelStyles(labels)

    # ------------------------------------------------------------------ public API
    def load(self, doc_id: str, title: str, text: str, spans: Sequence[Span]) -> None:
        """Show a document: cursor at 0, no selection, no search, no marks layers, scrolled to the top."""
        self.doc_id = doc_id
        self.title = title
        self.text = text
        self._layout = Layout(text, self._wrap_width())
        self._search = None
        self._search_current = None
        self._pending = None
        self._layers.clear()
        self.cursor = 0
        self.selection_anchor = None
        self.visual = False
        self._goal_col = None
        self.border_title = Content(one_line(title or doc_id, 200))
        self.set_spans(spans)
        self._sync_virtual_size()
        self._scroll_y_to(0)
        self._after_move(force=True)

    def extend_text(self, text: str, spans: Sequence[Span]) -> None:
        """Show the whole of a document whose beginning is shown (the app opens a big document on its first
        lines): the cursor, the selection, the search, the marks layers and the line at the top of the pane stay
        where they are. A text that does not start with the one shown is loaded afresh instead."""
        if not text.startswith(self.text):
            self.load(self.doc_id, self.title, text, spans)
            return
        first = self._layout.first_offset(round(self.scroll_y))
        self.text = text
        self._layout = Layout(text, self._wrap_width())
        self.border_title = Content(one_line(self.title or self.doc_id, 200))
        self.set_spans(spans)
        self._sync_virtual_size()
        self._scroll_y_to(self._layout.screen_row(first))
        self._show_offset(self.cursor)
        self.refresh()

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Re-highlight after the store changed (rejected spans are kept out of the display)."""
        self._span_index = IntervalIndex([s for s in spans if s.status != "rejected"], key=_span_key)
        self._update_subtitle()
        self.refresh()

    def add_span(self, span: Span) -> None:
        """Show one more span without re-indexing the others (cheap with 100,000 spans)."""
        if span.status != "rejected":
            self._span_index.add(span)
        self._update_subtitle()
        self.refresh()

    def remove_span(self, span: Span) -> bool:
        """Stop showing `span` (matched by identity, else equality); False when it was not shown."""
        removed = self._span_index.remove(span)
        self._update_subtitle()
        self.refresh()
        return removed

    def set_marks(self, name: str, ranges: Sequence[tuple[int, int]], style: str) -> None:
        """An extra highlighted layer (rich style string such as "on #444444" or "underline"); [] removes it."""
        if not ranges:
            self._layers.pop(name, None)
        else:
            self._layers[name] = _Layer(
                IntervalIndex([(a, b) for a, b in ranges if b > a], key=lambda r: r), Style.parse(style)
            )
        self.refresh()

    @property
    def marks(self) -> dict[str, list[tuple[int, int]]]:
        """The marks layers shown, name -> their ranges in start order (read-only: change them with set_marks)."""
        return {name: layer.index.sorted_items() for name, layer in self._layers.items()}

    @property
    def cursor_screen_row(self) -> int:
        """The row of the pane the cursor is drawn on (0: the top row; outside 0..height-1: off screen)."""
        return self._layout.screen_row(self.cursor) - round(self.scroll_y)

    @property
    def spans(self) -> list[Span]:
        """The spans shown (not rejected), in start order."""
        return self._span_index.sorted_items()

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.selection_anchor is None or self.selection_anchor == self.cursor:
            return None
        return (min(self.selection_anchor, self.cursor), max(self.selection_anchor, self.cursor))

    def move_to(self, offset: int, *, extend: bool = False) -> None:
        """Move the cursor (snapped to a grapheme boundary); extend the selection when asked or in visual mode."""
        offset = textnav.grapheme_start(self.text, max(0, min(offset, len(self.text))))
        if extend or self.visual:
            if self.selection_anchor is None:
                self.selection_anchor = self.cursor
        else:
            self.selection_anchor = None
        self.cursor = offset
        self._after_move()

    def select(self, start: int, end: int) -> None:
        """Select [start, end): anchor at start, cursor at end, widened to whole grapheme clusters."""
        self.selection_anchor, self.cursor = textnav.cluster_range(self.text, start, end)
        self._after_move()

    def clear_selection(self) -> None:
        """Drop the selection and leave visual mode."""
        self.selection_anchor = None
        self.visual = False
        self._after_move()

    def trimmed(self, start: int, end: int) -> tuple[int, int] | None:
        """(start, end) without white space at either end; None when only white space is left."""
        return textnav.trimmed(self.text, start, end)

    def spans_at_cursor(self) -> list[Span]:
        """Spans covering the character under the cursor, innermost (shortest) first."""
        return innermost_first(self._span_index.containing(self.cursor))

    def selection_or_span(self) -> tuple[int, int] | None:
        sel = self.selection
        if sel is not None:
            return sel
        span = innermost(self._span_index.containing(self.cursor))
        return (span.start, span.end) if span is not None else None

    def next_span(self) -> Span | None:
        """Move the cursor to the start of the first span starting after it (suggestions included)."""
        span = self._span_index.first_after(self.cursor)
        if span is None:
            return None
        self.move_to(span.start)
        return span

    def prev_span(self) -> Span | None:
        """Move the cursor to the start of the last span starting before it."""
        span = self._span_index.last_before(self.cursor)
        if span is None:
            return None
        self.move_to(span.start)
        return span

    # ------------------------------------------------------------------ movement internals
    def _after_move(self, *, force: bool = False) -> None:
        """Keep the cursor visible, repaint, post messages and name the span under the cursor."""
        self._show_offset(self.cursor)
        self.refresh()
        self._update_subtitle()
        sel = self.selection
        if force or sel != self._last_selection:
            self._last_selection = sel
            self.post_message(self.SelectionChanged(self, sel))
        self.post_message(self.CursorMoved(self, self.cursor))

    def _update_subtitle(self) -> None:
        names = span_names(self.spans_at_cursor()) if len(self._span_index) else None
        names = " · ".join(n for n in (names, self._border_note) if n)  # the app's note: the span's relations
        self.border_subtitle = Content(names) if names else None

    _border_note = ""

    def _show_pending(self, key: str) -> None:
        """A command waiting for its second key: the bottom border shows its first (as vim's showcmd)."""
        self.border_subtitle = Content(f"{key}…")

    def set_border_note(self, note: str) -> None:
        """A line the app adds to the bottom border after the span names (already sanitised), e.g. relations."""
        if note != self._border_note:
            self._border_note = note
            self._update_subtitle()

    def _set(self, offset: int, extend: bool, *, keep_goal: bool = False) -> None:
        if not keep_goal:
            self._goal_col = None
        self.move_to(offset, extend=extend)

    def _goal(self) -> int:
        """The column vertical moves keep (set by the first of them, kept by the next: a sticky column)."""
        if self._goal_col is None:
            self._goal_col = self._layout.column_of(self.cursor)
        return self._goal_col

    def _row_offset(self, delta_rows: int, extend: bool) -> None:
        """Move the cursor `delta_rows` screen rows up/down, keeping the column it had."""
        layout = self._layout
        goal = self._goal()

        def target() -> int:
            offset, moved = layout.row_away(self.cursor, delta_rows, goal)
            return offset if moved else self.cursor

        self._set(self._keep_top(target), extend, keep_goal=True)

    # ------------------------------------------------------------------ actions (key bindings)
    def action_left(self, extend: bool = False) -> None:
        self._set(textnav.prev_grapheme(self.text, self.cursor), extend)

    def action_right(self, extend: bool = False) -> None:
        self._set(textnav.next_grapheme(self.text, self.cursor), extend)

    def action_up(self, extend: bool = False) -> None:
        self._row_offset(-1, extend)

    def action_down(self, extend: bool = False) -> None:
        self._row_offset(1, extend)

    # motions over the text (textnav): like any motion they extend the selection in visual mode, else drop it
    action_word_next = _text_motion(textnav.next_word, "Start of the next word (vim w).")
    action_word_prev = _text_motion(textnav.prev_word, "Start of this or the previous word (vim b).")
    action_sentence_next = _text_motion(textnav.next_sentence, "Start of the next sentence.")
    action_sentence_prev = _text_motion(textnav.prev_sentence, "Start of this or the previous sentence.")
    action_paragraph_next = _text_motion(textnav.next_paragraph, "Start of the next paragraph.")
    action_paragraph_prev = _text_motion(textnav.prev_paragraph, "Start of this or the previous paragraph.")
    action_big_word_next = _text_motion(textnav.next_WORD, "Start of the next WORD (vim W: U.S. is one WORD).")
    action_big_word_prev = _text_motion(textnav.prev_WORD, "Start of this or the previous WORD (vim B).")
    action_top = _text_motion(lambda text, i: 0, "The first character.")
    action_bottom = _text_motion(lambda text, i: textnav.last_grapheme(text), "The last character (the cursor on it).")

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def _page(self, direction: int) -> None:
        """Scroll a screen up/down; the cursor moves as many rows and keeps its place on the screen."""
        height = self._height
        layout = self._layout
        goal = self._goal()
        offset, moved = self._keep_top(lambda: layout.row_away(self.cursor, direction * height, goal))
        rel = layout.screen_row(self.cursor) - round(self.scroll_y)
        if moved == 0:  # already on the first / last row: go to the very start / the last character
            offset = 0 if direction < 0 else textnav.last_grapheme(self.text)
        self._set(offset, False, keep_goal=True)
        if 0 <= rel < height:
            self._scroll_y_to(max(0, layout.screen_row(self.cursor) - rel))
            self._show_offset(self.cursor)

    def action_line_home(self, extend: bool = False) -> None:
        self._set(self._layout.row_range(*self._layout.row_of(self.cursor))[0], extend)

    def action_line_end(self, extend: bool = False) -> None:
        self._set(self._layout.row_last(*self._layout.row_of(self.cursor)), extend)

    def action_toggle_visual(self) -> None:
        if self.visual:
            self.visual = False  # the selection stays until the next motion or escape
            self._after_move()  # CursorMoved tells the app to redraw its status (visual mode off)
            return
        self.visual = True
        self.selection_anchor = self.cursor
        self._after_move()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """escape / n / N only act when there is something to cancel / a search, a / i only in visual mode;
        otherwise the key goes on to the app (escape closing something there, `a` accepting a suggestion)."""
        if action == "text_object":
            return self.visual
        if action == "cancel":
            return self.visual or self.selection_anchor is not None
        if action in ("search_next", "search_prev"):
            return self.search_pattern is not None
        return True

    def action_cancel(self) -> None:
        if self.visual or self.selection_anchor is not None:
            self.clear_selection()

    # ------------------------------------------------------------------ layout & rendering
    def _after_user_scroll(self) -> None:
        """After a scroll by wheel or scrollbar, bring the cursor onto the screen (as vim does)."""
        layout = self._layout
        target = row_into_view(layout.screen_row(self.cursor), round(self.scroll_y), self._height, layout.total_rows)
        if target is None:
            return
        self._set(layout.offset_at(*layout.locate(target), self._goal()), False, keep_goal=True)

    def _after_relayout(self) -> None:
        self._show_offset(self.cursor)

    def on_focus(self) -> None:
        self.refresh()

    def on_unmount(self) -> None:
        self._ahead.close()

    def on_blur(self) -> None:
        self.refresh()

    def _paint_styles(self) -> PaintStyles:
        """The pane's styles, computed once per CSS/theme change (measured: looking them up per row was a third
        of the cost of drawing a screen)."""
        if self._styles_memo is None:
            get = self.get_component_rich_style
            self._styles_memo = PaintStyles(
                pane=self.rich_style,
                selection=get("document-view--selection", partial=True),
                cursor=get("document-view--cursor", partial=True) + Style(reverse=False),
                search=get("document-view--search", partial=True),
                search_current=get("document-view--search-current", partial=True),
            )
        return self._styles_memo

    def notify_style_update(self) -> None:
        self._styles_memo = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Row y of the pane: only what overlaps this row is looked up (never the whole document)."""
        width = self.scrollable_content_region.width
        styles = self._paint_styles()
        row = self._layout.shown_row(round(self.scroll_y) + y)
        if row is None:
            return Strip.blank(width, styles.pane)
        a, b, last = row
        hi = max(b, a + 1)
        layers = [(rs, layer.style) for layer in self._layers.values() if (rs := layer.index.overlapping(a, hi))]
        segments = paint_row(
            self.text, a, b, last, styles=styles, label_style=self._label_styles,
            spans=self._span_index.overlapping(a, hi), layers=layers,
            matches=self._search.matches_in(self.text, a, hi) if self._search else (),
            current_match=self._search_current, selection=self.selection,
            cursor=self.cursor, cursor_on=self.has_focus,
        )  # fmt: skip
        return row_strip(segments, styles.pane, width)

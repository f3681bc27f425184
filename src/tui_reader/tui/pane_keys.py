"""The reading pane's two-key commands (f / t / F / T + a character; a / i + a text object in visual mode) and
its mouse: a mixin of `DocumentView`, split from document_view.py."""

from __future__ import annotations

from typing import Any

from textual import events

from .. import textnav


class PaneKeys:  # methods typed `self: Any`: the state they use is DocumentView's
    """`DocumentView`'s two-key commands and mouse handlers (its state, `_pending`, `_last_find`, `_dragging`, is
    set up there)."""

    _pending: tuple[str, str] | None
    _last_find: tuple[str, str] | None
    _goal_col: int | None
    _dragging: bool
    selection_anchor: int | None
    visual: bool

    # -- two-key commands: f / t / F / T + a character, and in visual mode a / i + a text object
    def action_find_char(self: Any, kind: str) -> None:
        """f / t / F / T: the next key is the character to go to."""
        self._wait_for("find", kind)

    def action_repeat_find(self: Any, reverse: bool = False) -> None:
        """; repeats the last f / t / F / T, `,` repeats it the other way."""
        if self._last_find is None:
            self.app.bell()
            return
        kind, ch = self._last_find
        if reverse:
            kind = kind.swapcase()
        if not self._find(kind, ch, repeat=True):
            self.app.bell()

    def action_text_object(self: Any, around: bool) -> None:
        """a / i in visual mode: the next key names the text object (textnav.text_object)."""
        self._wait_for("object", "a" if around else "i")

    def _wait_for(self: Any, what: str, key: str) -> None:
        """A command waiting for its second key: the pane's bottom border shows its first (as vim's showcmd)."""
        self._pending = (what, key)
        self._show_pending(key)

    def action_select_object(self: Any, spec: str) -> None:
        """Select a text object at the cursor: `spec` is `a` or `i` + the object (`a"`, `is`); visual mode stays
        as it was (the palette's way to the text objects)."""
        if not self._select_object(spec[0] == "a", spec[1:]):
            self.app.bell()

    def _find(self: Any, kind: str, ch: str, *, repeat: bool = False) -> bool:
        target = textnav.find_char(self.text, self.cursor, ch, forward=kind in "ft", till=kind in "tT", repeat=repeat)
        if target is None:
            return False
        self._set(target, False)
        return True

    def _select_object(self: Any, around: bool, obj: str) -> bool:
        rng = textnav.text_object(self.text, self.cursor, obj, around=around)
        if rng is None:
            return False
        self._goal_col = None
        self.select(*rng)
        return True

    def on_key(self: Any, event: events.Key) -> None:
        """The second key of f / t / F / T or of a / i (visual mode): taken here, before any binding."""
        if self._pending is None:
            return
        (what, arg), self._pending = self._pending, None
        event.stop()
        event.prevent_default()
        self._update_subtitle()
        ch = event.character
        if event.key == "escape" or not ch or not ch.isprintable():
            return  # escape (or a key that types nothing) cancels the pending command
        if what == "find":
            self._last_find = (arg, ch)
            ok = self._find(arg, ch)
        else:
            ok = self._select_object(arg == "a", ch)
        if not ok:
            self.app.bell()

    # ------------------------------------------------------------------ mouse
    def _offset_at_mouse(self: Any, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return self._layout.offset_at_cell(round(self.scroll_y) + offset.y, offset.x)

    def on_mouse_down(self: Any, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        pos = self._offset_at_mouse(event)
        if pos is None:
            return
        self.focus()
        self._dragging = True
        self.capture_mouse()
        self.visual = False
        self._goal_col = None
        self.selection_anchor = None
        self.move_to(pos, extend=event.shift)

    def on_mouse_move(self: Any, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        pos = self._offset_at_mouse(event)
        if pos is None:
            return
        if self.selection_anchor is None:
            self.selection_anchor = self.cursor
        self.move_to(pos, extend=True)

    def on_click(self: Any, event: events.Click) -> None:
        """Double click: select the word under the pointer; triple click: the sentence."""
        if event.chain == 2:
            start, end = textnav.word_at(self.text, self.cursor)
            if end > start:
                self.select(start, end)
        elif event.chain >= 3:
            self.action_select_sentence()

    def on_mouse_up(self: Any, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def action_select_sentence(self: Any) -> None:
        start, end = textnav.sentence_at(self.text, self.cursor)
        if end > start:
            self.select(start, end)

    def action_next_span(self: Any) -> None:
        if self.next_span() is None:
            self.app.bell()

    def action_prev_span(self: Any) -> None:
        if self.prev_span() is None:
            self.app.bell()

"""Edit the plain-text note of a span: ctrl+s (or Save) keeps it, escape (or Cancel) leaves it as it was; when
something was typed, escape asks before throwing it away (n: back to the editor, the draft intact)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from tui_reader.actions import Scope
from tui_reader.sanitize import visible
from tui_reader.tui.commands import bindings_for


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the new note, or None when cancelled or unchanged.

    A note from an imported file may hold control characters; the editor shows them as placeholders (they never
    reach the terminal) and an untouched note is not written back with the placeholders in it.
    """

    BINDINGS = bindings_for(Scope.NOTE)  # type: ignore[assignment]  # from the action table

    def __init__(self, heading: Content, note: str) -> None:
        super().__init__()
        self.heading = heading
        self.original = note
        self.shown = visible(note)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static(self.heading, classes="heading")
            yield TextArea(self.shown, id="note", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss(None if text == self.shown else text)

    def action_cancel(self) -> None:
        area = self.query_one(TextArea)
        if area.text == self.shown:
            self.dismiss(None)
            return
        from tui_reader.tui.screens.confirm import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                area.focus()

        self.app.push_screen(ConfirmScreen(Content("Discard the note you typed? (n: back to editing, the draft "
                                                   "kept; ctrl+s there saves it)")), answer)  # fmt: skip

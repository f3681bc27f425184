"""Yes / no before an action that touches many spans at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui_reader.actions import Scope
from tui_reader.tui.commands import bindings_for


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (y / enter on Yes) or False (n / escape / No)."""

    BINDINGS = bindings_for(Scope.CONFIRM)  # type: ignore[assignment]  # from the action table

    def __init__(self, question: Content) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

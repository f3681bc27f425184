"""The "rename document" prompt: the new title of the document in the active pane."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.actions import Scope
from tui_reader.sanitize import one_line
from tui_reader.tui.commands import bindings_for


class RenameScreen(ModalScreen[str | None]):
    BINDINGS = bindings_for(Scope.SEARCH)  # type: ignore[assignment]  # escape cancels, as in search

    def __init__(self, title: str) -> None:
        super().__init__()
        self.old = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Static(Content("Rename document — enter to save, escape to cancel (u undoes)"))
            yield Input(value=one_line(self.old, 300), placeholder="the document's title", id="title")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The `/` prompt: a literal search pattern (smartcase: a capital makes case matter) for the active pane."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.actions import Scope
from tui_reader.tui.commands import bindings_for


class SearchScreen(ModalScreen[str | None]):
    BINDINGS = bindings_for(Scope.SEARCH)  # type: ignore[assignment]  # from the action table

    def __init__(self, previous: str = "", on_change: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.previous = previous
        self.on_change = on_change  # the query as it is typed (the pane searches a big text ahead)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Static(Content("Search (literal; a capital makes case matter) — enter to find, escape to cancel"))
            yield Input(value=self.previous, placeholder="text to find", id="pattern")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.on_change is not None:
            self.on_change(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

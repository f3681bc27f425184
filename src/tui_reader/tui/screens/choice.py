"""A numbered choice: which relation type to make, which relation to delete. Keys 1..9 choose, escape cancels."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_reader.actions import Scope
from tui_reader.tui.commands import bindings_for

MAX_CHOICES = 9


class ChoiceScreen(ModalScreen[int | None]):
    """Dismisses with the index (0-based) of the option chosen, or None (escape). Options are Content (shown as
    written, never parsed as markup); only the first nine are offered."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical { width: auto; max-width: 90%; height: auto; border: round $accent; padding: 0 1;
                              background: $panel; }
    ChoiceScreen .question { text-style: bold; margin-bottom: 1; }
    """
    BINDINGS = bindings_for(Scope.CHOICE)  # type: ignore[assignment]  # from the action table

    def __init__(self, question: Content, options: Sequence[Content]) -> None:
        super().__init__()
        self.question = question
        self.options = list(options)[:MAX_CHOICES]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            for i, option in enumerate(self.options, 1):
                yield Static(Content.assemble((f" {i} ", "bold reverse"), " ", option), classes="option")
        yield Footer()

    def action_choose(self, n: int) -> None:
        if n == 0:
            self.dismiss(None)
        elif n <= len(self.options):
            self.dismiss(n - 1)
        else:
            self.app.bell()

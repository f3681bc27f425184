"""`?`: the keymap (the help rows of the action table, as README shows them: tui_reader.actions) and the label set with its colours."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.actions import Scope, help_rows
from tui_reader.models import LabelSet
from tui_reader.sanitize import one_line
from tui_reader.tui.commands import bindings_for
from tui_reader.tui.text import label_chip


def keymap_table() -> Table:
    table = Table(show_edge=False, box=None, pad_edge=False, expand=True, header_style="bold")
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("action", ratio=1)
    for key, action in help_rows():
        table.add_row(Text(key), Text(action))
    return table


def labels_content(labels: LabelSet) -> Content:
    rows: list[Content | str] = []
    for lb in labels.labels:
        rows += [label_chip(lb, lb.name, key=True), " ", one_line(lb.description, 100), "\n"]
    return Content.assemble(*rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for(Scope.HELP)  # type: ignore[assignment]  # from the action table

    def __init__(self, labels: LabelSet) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled("Keys", "bold"), classes="heading")
            yield Static(keymap_table(), id="keymap")
            yield Static(Content.styled("Labels", "bold"), classes="heading")
            yield Static(labels_content(self.labels), id="labels")
            yield Static(Content.styled("escape, q or ? closes this help", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)

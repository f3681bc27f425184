"""`o`: choose a document to open in the active pane. Type to filter by id or title; enter opens."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.actions import Scope
from tui_reader.store import DocSummary
from tui_reader.tui.commands import bindings_for
from tui_reader.tui.widgets.document_list import summary_prompt

SHOWN = 300  # rows built per keystroke: a 10,000-document corpus stays responsive; typing narrows it


class DocumentPicker(ModalScreen[str | None]):
    """Dismisses with the chosen document id, or None."""

    BINDINGS = bindings_for(Scope.PICKER)  # type: ignore[assignment]  # from the action table

    def __init__(self, summaries: Sequence[DocSummary], current: str | None = None) -> None:
        super().__init__()
        self.summaries = list(summaries)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Content("Open in this pane — type to filter, enter to open, escape to cancel"))
            yield Input(placeholder="filter by id or title", id="filter")
            yield OptionList(id="docs")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#filter", Input).focus()

    def _fill(self, query: str) -> None:
        q = query.casefold().strip()
        matching = [s for s in self.summaries if not q or q in s.id.casefold() or q in s.title.casefold()]
        shown = matching[:SHOWN]
        docs = self.query_one("#docs", OptionList)
        options: list[Option] = [Option(summary_prompt(s), id=s.id) for s in shown]
        if len(matching) > SHOWN:
            options.append(Option(Content.styled(f"… {len(matching) - SHOWN} more: type to narrow", "dim"),
                                  disabled=True))  # fmt: skip
        docs.set_options(options)
        if shown:
            ids = [s.id for s in shown]
            docs.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        option = self.query_one("#docs", OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        docs = self.query_one("#docs", OptionList)
        if docs.option_count:
            docs.highlighted = max(0, min(docs.option_count - 1, (docs.highlighted or 0) + step))

    def action_cancel(self) -> None:
        self.dismiss(None)

"""A tiny app that mounts one DocumentView, for pilot and snapshot tests."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult

from tui_reader.models import LabelSet, Span
from tui_reader.tui.document_view import DocumentView


class Harness(App[None]):
    CSS = "Screen { layout: vertical; }"

    def __init__(self, text: str, spans: Sequence[Span] = (), title: str = "doc") -> None:
        super().__init__()
        self.doc_text = text
        self.doc_spans = list(spans)
        self.doc_title = title
        self.messages: list[object] = []

    def compose(self) -> ComposeResult:
        yield DocumentView(labels=LabelSet.default(), id="view")

    def on_mount(self) -> None:
        view = self.query_one(DocumentView)
        view.load("doc", self.doc_title, self.doc_text, self.doc_spans)
        view.focus()

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        self.messages.append(("cursor", message.offset))

    def on_document_view_selection_changed(self, message: DocumentView.SelectionChanged) -> None:
        self.messages.append(("selection", message.selection))


def span(text: str, piece: str, label: str, *, nth: int = 0, **kw: object) -> Span:
    """A span over the nth occurrence of `piece` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return Span("doc", start, start + len(piece), label, piece, **kw)  # type: ignore[arg-type]

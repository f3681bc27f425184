"""The spans of the active pane's document: label, text, note. Enter jumps to the span in the pane."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.models import LabelSet, Span
from tui_reader.sanitize import one_line
from tui_reader.tui.text import label_chip


def span_prompt(span: Span, labels: LabelSet) -> Content:
    parts: list[Content | str | tuple[str, str]] = [label_chip(labels.by_name(span.label), span.label)]
    if span.status == "suggested":
        parts.append((" suggested", "italic dim"))
    parts += [" ", one_line(span.text, 80)]
    if span.note:
        parts += ["\n  ", ("✎ " + one_line(span.note, 80), "italic dim")]
    return Content.assemble(*parts)


class SpanList(OptionList):
    """Option ids are span ids; `spans` keeps the Span objects by id for the app."""

    BORDER_TITLE = "Spans"

    def __init__(self, labels: LabelSet, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.labels = labels
        self.spans: dict[str, Span] = {}

    def show(self, spans: Sequence[Span]) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.spans = {s.id: s for s in spans}
        self.set_options(Option(span_prompt(s, self.labels), id=s.id) for s in spans)
        if keep in self.spans:
            self.highlighted = self.get_option_index(keep)

    def highlight_span(self, span_id: str) -> None:
        if span_id in self.spans and (self.highlighted_option is None or self.highlighted_option.id != span_id):
            self.highlighted = self.get_option_index(span_id)

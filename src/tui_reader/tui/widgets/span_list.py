"""The spans of the active pane's document, two lines each: label and text; offsets, status, note. Enter jumps."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from tui_reader.models import LabelSet, Span
from tui_reader.sanitize import one_line
from tui_reader.tui.text import label_chip
from tui_reader.tui.widgets.row_list import RowList


def span_lines(span: Span, labels: LabelSet, *, linked: bool = False) -> tuple[Content, Content]:
    """`quote  ‘Bad news’…` then `  120–168 suggested ⇄ linked ✎ the note`: label, text, where, status, whether
    it is in a cross-document link group, note (all data)."""
    first = Content.assemble(label_chip(labels.by_name(span.label), span.label), " ", one_line(span.text, 200))
    parts: list[Content | str | tuple[str, str]] = [(f"  {span.start}–{span.end}", "dim")]
    if span.status != "accepted":
        parts.append((f" {span.status}", "italic"))
    if span.stale:
        parts.append((" stale", "italic"))
    if linked:
        parts.append((" ⇄ linked", "bold"))
    if span.note:
        parts += [" ", ("✎ " + one_line(span.note, 200), "italic")]
    return first, Content.assemble(*parts)


class SpanList(RowList[Span]):
    """Keys are span ids; `spans` holds the Span objects by id for the app."""

    BORDER_TITLE = "Spans"
    ROW_HEIGHT = 2

    class Chosen(RowList.Chosen):
        """A span was chosen (enter or click): `key` is its id."""

    def __init__(self, labels: LabelSet, **kw: str | None) -> None:
        super().__init__(**kw)
        self.labels = labels
        self.spans: dict[str, Span] = {}
        self.linked: set[str] = set()  # ids of spans in a cross-document link group (the app keeps it current)

    def chosen_message(self, key: str) -> RowList.Chosen:
        return self.Chosen(self, key)

    def row_key(self, row: Span) -> str:
        return row.id

    def row_lines(self, row: Span) -> tuple[Content, ...]:
        return span_lines(row, self.labels, linked=row.id in self.linked)

    def show(self, spans: Sequence[Span]) -> None:  # type: ignore[override]
        self.spans = {s.id: s for s in spans}
        super().show(spans)

    def highlight_span(self, span_id: str) -> None:
        self.highlight_key(span_id)

    def refresh_rows(self) -> None:
        """Draw every row again (after `linked` changed)."""
        self._cache.clear()
        self.refresh()

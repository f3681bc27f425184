"""One line under the panes: the span under the cursor, the mode, the selection length; the label legend."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from tui_reader.models import LabelSet, Span
from tui_reader.sanitize import one_line
from tui_reader.tui.text import label_chip, legend


def status_content(labels: LabelSet, *, span: Span | None, visual: bool, selection: tuple[int, int] | None,
                   cursor: int, length: int, others: Sequence[Span] = (),
                   search: tuple[str, str] | None = None, suggestion: str = "") -> Content:  # fmt: skip
    """`search`: the active search and where the current match is among all (`("official", "3 of 17")`, from
    `DocumentView.search_pattern` / `search_count`), shown last as `/official 3 of 17`.
    `others`: other annotators' spans under the cursor (shown with `O`), innermost first: named with whose
    they are ("bob: quote 40%"); the same span by several annotators is named once with all their names.
    `suggestion`: on a suggestion, who made it and how precise its label's suggestions were (tui/learning.py)."""
    parts: list[Content | str | tuple[str, str]] = [
        (" VISUAL ", "bold reverse") if visual else (" NORMAL ", "reverse"), " ",
    ]  # fmt: skip
    if selection is not None:
        n = selection[1] - selection[0]
        parts += [(f"{n} selected", "bold"), " · "]
    parts.append((f"{cursor}/{length}", "dim"))
    if span is not None:
        parts += [" · ", label_chip(labels.by_name(span.label), span.label)]
        if span.status != "accepted":
            parts.append((f" {span.status}", "italic"))
            if suggestion:
                parts.append((f" {one_line(suggestion, 100)} ·", "italic"))
        if span.stale:  # its source changed and it could not be re-anchored: its text is not what is under it
            parts.append((" stale", "italic"))
        parts += [" ", one_line(span.text, 60)]
        if span.note:
            parts += [" ", ("✎ " + one_line(span.note, 40), "italic")]
    names: dict[tuple[int, int, str], list[str]] = {}
    first: dict[tuple[int, int, str], Span] = {}
    for o in others:
        key = (o.start, o.end, o.label)
        first.setdefault(key, o)
        if o.annotator not in names.setdefault(key, []):
            names[key].append(o.annotator)
    for key, o in first.items():
        parts += [" · ", (one_line(", ".join(names[key]), 40) + ":", "bold"),
                  label_chip(labels.by_name(o.label), o.label), one_line(o.text, 40)]  # fmt: skip
    if search is not None:  # last: what is under the cursor comes first where the line is too narrow for all
        parts += [" · ", ("/" + one_line(search[0], 30), "bold"), f" {search[1]}"]
    return Content.assemble(*parts)


class StatusLine(Horizontal):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; }
    StatusLine #status { width: 1fr; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine #legend { width: auto; height: 1; }
    """

    def __init__(self, labels: LabelSet, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.labels = labels

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="status")
        yield Static(legend(self.labels), id="legend")

    def show(self, content: Content) -> None:
        self.query_one("#status", Static).update(content, layout=False)  # one row: no re-layout per keystroke

    @property
    def text(self) -> str:
        """What the status part shows, as plain text (for tests and screen readers)."""
        content = self.query_one("#status", Static).content
        return content.plain if isinstance(content, Content) else str(content)

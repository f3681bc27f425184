"""Turning data (titles, article text, notes, labels) into Content for the screen, never through markup."""

from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.style import Style

from tui_reader.models import Label, LabelSet
from tui_reader.sanitize import one_line


def plain(s: str, limit: int | None = None) -> Content:
    """One safe display line as Content: controls as placeholders, newlines as spaces, never parsed as markup."""
    return Content(one_line(s, limit))


def label_chip(label: Label | None, name: str, *, key: bool = False) -> Content:
    """The label name on its colour (with a contrasting foreground), e.g. ` 2 quote `."""
    colour = Color.parse(label.colour) if label else Color.parse("#888888")
    text = f" {label.key} {one_line(name)} " if key and label and label.key else f" {one_line(name)} "
    return Content.styled(text, Style(background=colour, foreground=colour.get_contrast_text(1.0)))


def legend(labels: LabelSet) -> Content:
    """Every label with its key, on its colour: the key legend."""
    parts: list[Content] = []
    for lb in labels.labels:
        if parts:
            parts.append(Content(" "))
        parts.append(label_chip(lb, lb.name, key=True))
    return Content.assemble(*parts)

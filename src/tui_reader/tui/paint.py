"""Painting one row of the reading pane: its text, spans, marks layers, search matches, selection and cursor
turned into styled Rich segments and a Textual `Strip`. Pure: no widget, no app, no terminal (tested so).

The widget (`document_view.py`) decides which row is shown and gathers what overlaps it (spans from its
interval index, marks layers, search matches); `paint_row` only draws, bottom to top:

- the pane's own theme colours under everything (`row_strip`);
- accepted spans as backgrounds in their label colour with black or white text (`contrast_text`); where two or
  more overlap, the cells are striped with their colours, bold and underlined; `stale` spans struck through;
- `suggested` spans as label-coloured, dim, underlined text without a background (only underlined on top of an
  accepted span);
- marks layers, then search matches (the current one in its own style), then the selection, then the cursor
  (only when the pane has focus) and a one-cell end-of-row position for the cursor / selection on a "\\n".

Text is data: the row is drawn from `display_text` (control characters as one-cell placeholders, a tab as one
space; never markup), so offsets and cells line up code point for code point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from .. import textnav
from ..models import LabelSet, Span
from ..sanitize import one_line
from .layout import display_text

Ranges = Sequence[tuple[int, int]]

_NO_STYLE = Style()
_OVERLAP = Style(underline=True, bold=True)
_UNDERLINE = Style(underline=True)


def contrast_text(colour: str) -> str:
    """Black or white, whichever reads better on the background `colour` (#rrggbb)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#ffffff"


@dataclass(frozen=True)
class PaintStyles:
    """The pane's styles (from its CSS and theme): computed once per theme change, not per row."""

    pane: Style
    selection: Style
    cursor: Style
    search: Style
    search_current: Style


class LabelStyles:
    """The style of a span per (label, kind), kind = "accepted" / "suggested" / "stale"; memoised."""

    def __init__(self, labels: LabelSet) -> None:
        self.labels = labels
        self._memo: dict[tuple[str, str], Style] = {}

    def __call__(self, label: str, kind: str) -> Style:
        key = (label, kind)
        style = self._memo.get(key)
        if style is None:
            colour = self.labels.colour(label)
            if kind == "suggested":
                style = Style(color=colour, underline=True, dim=True)
            elif kind == "stale":
                style = Style(bgcolor=colour, color=contrast_text(colour), strike=True, italic=True)
            else:
                style = Style(bgcolor=colour, color=contrast_text(colour))
            self._memo[key] = style
        return style


def paint_row(
    text: str,
    a: int,
    b: int,
    last: int,
    *,
    styles: PaintStyles,
    label_style: LabelStyles,
    spans: Sequence[Span] = (),
    layers: Sequence[tuple[Ranges, Style]] = (),
    matches: Ranges = (),
    current_match: tuple[int, int] | None = None,
    selection: tuple[int, int] | None = None,
    cursor: int = -1,
    cursor_on: bool = False,
) -> list[Segment]:
    """Styled segments for the offsets [a, b) of `text` (one row), plus a cell for the row's end position when
    `last == b` (the row ends a line) and the cursor or the selection is there.

    `spans`, `layers` (ranges, style) and `matches` are what overlaps the row (anything else is ignored); spans
    in start order (where several accepted spans are on a cell and do not stripe, the last one shows).
    """
    d = display_text(text[a:b])
    sel = selection
    cur = cursor

    cuts = {a, b}
    for s in spans:
        cuts.add(max(a, min(b, s.start)))
        cuts.add(max(a, min(b, s.end)))
    for rs, _ in layers:
        for x, z in rs:
            cuts.add(max(a, min(b, x)))
            cuts.add(max(a, min(b, z)))
    for x, z in matches:
        cuts.add(max(a, min(b, x)))
        cuts.add(max(a, min(b, z)))
    if sel:
        cuts.add(max(a, min(b, sel[0])))
        cuts.add(max(a, min(b, sel[1])))
    if a <= cur < b:
        cuts.add(cur)
        cuts.add(min(b, textnav.next_grapheme(text, cur)))
    points = sorted(cuts)

    segments: list[Segment] = []
    col = 0
    for p, q in zip(points, points[1:], strict=False):
        if q <= p:
            continue
        piece = d[p - a : q - a]
        covering = [s for s in spans if s.start < q and s.end > p]
        accepted = [s for s in covering if s.status != "suggested"]
        suggested = [s for s in covering if s.status == "suggested"]
        extra = _NO_STYLE
        for rs, st in layers:
            if any(x < q and z > p for x, z in rs):
                extra += st
        for x, z in matches:
            if x < q and z > p:
                extra += styles.search_current if (x, z) == current_match else styles.search
        if sel and sel[0] < q and sel[1] > p:
            extra += styles.selection
        if cursor_on and p <= cur < q:
            extra += styles.cursor
        if suggested:
            sug = _UNDERLINE if accepted else label_style(suggested[0].label, "suggested")
        else:
            sug = _NO_STYLE
        if len(accepted) >= 2:
            # overlap: stripe the cells with the colours of the spans covering them, underlined
            order = sorted(accepted, key=lambda s: (s.start, -s.end, s.label))
            for g in textnav.graphemes(piece):
                s = order[col % len(order)]
                st = label_style(s.label, "stale" if s.stale else "accepted")
                segments.append(Segment(g, st + _OVERLAP + sug + extra))
                col += 1
            continue
        if accepted:
            s = accepted[-1]
            base = label_style(s.label, "stale" if s.stale else "accepted")
        else:
            base = _NO_STYLE
        segments.append(Segment(piece, base + sug + extra))
        col += len(piece)
    # the position after the row's text ("\n" or the end of the text): a cell for the cursor / selection
    if last == b:
        end_style = _NO_STYLE
        if sel and sel[0] <= b < sel[1]:
            end_style += styles.selection
        if cursor_on and cur == b:
            end_style += styles.cursor
        if end_style:
            segments.append(Segment(" ", end_style))
    return segments


def span_names(spans: Sequence[Span], shown: int = 3) -> str | None:
    """What the pane's bottom border says about the spans under the cursor (innermost first), one safe line:
    "claim: beta | quote (suggested): gamma +2"; None when there is none."""
    if not spans:
        return None
    parts = []
    for s in spans[:shown]:
        extra = f" ({s.status})" if s.status != "accepted" else ""
        extra += " (stale)" if s.stale else ""
        parts.append(f"{s.label}{extra}: {s.text}")
    more = f" +{len(spans) - shown}" if len(spans) > shown else ""
    return one_line(" | ".join(parts), 120) + more


def row_strip(segments: list[Segment], pane: Style, width: int) -> Strip:
    """The row as a Strip `width` cells wide, on the pane's own colours (under every span / selection style)."""
    strip = Strip(segments).apply_style(pane)
    return strip.adjust_cell_length(width, pane) if strip.cell_length != width else strip

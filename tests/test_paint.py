"""Painting a row of the reading pane, without a terminal: which style lands on which screen cell."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tui_reader.models import LabelSet, Span
from tui_reader.textnav import graphemes
from tui_reader.tui.paint import LabelStyles, PaintStyles, contrast_text, paint_row, row_strip, span_names

LABELS = LabelSet.default()
STYLES = PaintStyles(
    pane=Style(color="#eeeeee", bgcolor="#101010"),
    selection=Style(reverse=True),
    cursor=Style(color="#000000", bgcolor="#ffff00", bold=True),
    search=Style(bold=True, underline=True),
    search_current=Style(bgcolor="#ff0000"),
)
CLAIM = LABELS.colour("claim")
QUOTE = LABELS.colour("quote")


def span(text: str, piece: str, label: str, **kw: object) -> Span:
    start = text.index(piece)
    return Span("doc", start, start + len(piece), label, piece, **kw)  # type: ignore[arg-type]


def paint(text: str, width: int = 40, **kw: object) -> list[tuple[str, Style]]:
    """Paint the whole of `text` as one row ending its line; (what is drawn, style) per screen cell, a wide
    character's second cell as ("", style)."""
    segments = paint_row(text, 0, len(text), len(text), styles=STYLES, label_style=LabelStyles(LABELS), **kw)  # type: ignore[arg-type]
    return cells(row_strip(segments, STYLES.pane, width))


def cells(segments: list[Segment] | object) -> list[tuple[str, Style]]:
    out: list[tuple[str, Style]] = []
    for seg in segments:  # type: ignore[attr-defined]
        for g in graphemes(seg.text):
            out.append((g, seg.style or Style()))
            out.extend(("", seg.style or Style()) for _ in range(cell_len(g) - 1))
    return out


def bg(cell: tuple[str, Style]) -> str | None:
    colour = cell[1].bgcolor
    return colour.name if colour is not None else None


def test_a_span_colours_exactly_its_cells_with_contrasting_text() -> None:
    text = "Alpha beta gamma"
    row = paint(text, spans=[span(text, "beta", "claim")])
    assert "".join(c for c, _ in row[: len(text)]) == text
    assert [bg(c) for c in row[6:10]] == [CLAIM] * 4
    assert {c[1].color.name for c in row[6:10]} == {contrast_text(CLAIM)}  # type: ignore[union-attr]
    # the cells either side keep the pane's own colours, and the row is padded to the width on them
    assert bg(row[5]) == bg(row[10]) == "#101010"
    assert len(row) == 40 and bg(row[-1]) == "#101010" and row[-1][0] == " "


def test_overlapping_spans_are_striped_and_underlined_suggestions_dim_stale_struck() -> None:
    text = "beta gamma delta zeta theta"
    spans = [
        span(text, "beta gamma", "claim"),
        span(text, "gamma delta", "quote"),
        span(text, "zeta", "statistic", status="suggested"),
        span(text, "theta", "claim", stale=True),
    ]
    row = paint(text, spans=spans)
    gamma = row[5:10]
    # one colour per cell, alternating with the column (cell 5 is odd: the second span's colour)
    assert [bg(c) for c in gamma] == [QUOTE, CLAIM, QUOTE, CLAIM, QUOTE]
    assert all(c[1].underline and c[1].bold for c in gamma)
    assert [bg(c) for c in row[0:4]] == [CLAIM] * 4 and not any(c[1].underline for c in row[0:4])
    zeta = row[17:21]
    stat = LABELS.colour("statistic")
    assert all(bg(c) == "#101010" and c[1].color.name == stat and c[1].dim and c[1].underline for c in zeta)  # type: ignore[union-attr]
    assert all(c[1].strike and bg(c) == CLAIM for c in row[22:27])


def test_selection_over_spans_and_the_cursor_over_everything_only_when_focused() -> None:
    text = "Alpha beta gamma"
    spans = [span(text, "beta", "claim")]
    row = paint(text, spans=spans, selection=(3, 8), cursor=7, cursor_on=True)
    assert [bool(c[1].reverse) for c in row[:10]] == [False] * 3 + [True] * 5 + [False] * 2
    assert bg(row[6]) == CLAIM and row[6][1].reverse  # the selection shows on the span's colour
    assert bg(row[7]) == "#ffff00" and row[7][1].bold  # the cursor cell
    assert [i for i, c in enumerate(row) if bg(c) == "#ffff00"] == [7]
    unfocused = paint(text, spans=spans, selection=(3, 8), cursor=7, cursor_on=False)
    assert bg(unfocused[7]) == CLAIM


def test_the_position_after_a_line_gets_a_cell_for_the_cursor_or_the_selection() -> None:
    text = "abc"
    at_end = paint(text, cursor=3, cursor_on=True)
    assert at_end[3] == (" ", at_end[3][1]) and bg(at_end[3]) == "#ffff00"
    assert paint(text, selection=(1, 4))[3][1].reverse  # a selection running over the "\n"
    # a row cut by the soft wrap (its last offset is not its end) has no such cell: the next row owns it
    segments = paint_row("abc def", 0, 4, 3, styles=STYLES, label_style=LabelStyles(LABELS), cursor=4,
                         cursor_on=True)  # fmt: skip
    assert "".join(s.text for s in segments) == "abc "
    assert not any(s.style and s.style.bgcolor for s in segments)


def test_marks_layers_and_search_matches_with_the_current_one_apart() -> None:
    text = "one two one two"
    row = paint(
        text,
        layers=[([(0, 3)], Style(italic=True))],
        matches=[(4, 7), (12, 15)],
        current_match=(12, 15),
    )
    assert [bool(c[1].italic) for c in row[:5]] == [True, True, True, False, False]
    assert all(c[1].bold and c[1].underline and bg(c) != "#ff0000" for c in row[4:7])
    assert all(bg(c) == "#ff0000" for c in row[12:15])
    assert not row[8][1].bold


def test_wide_characters_take_two_cells_and_styles_follow_them() -> None:
    text = "漢字 and 👨\u200d👩\u200d👧 x"
    spans = [span(text, "字", "claim"), span(text, "x", "quote")]
    row = paint(text, spans=spans, cursor=text.index("a"), cursor_on=True)
    drawn = [c for c, _ in row]
    assert drawn[:4] == ["漢", "", "字", ""]
    assert [bg(c) for c in row[2:4]] == [CLAIM, CLAIM] and bg(row[1]) != CLAIM
    assert drawn[5] == "a" and bg(row[5]) == "#ffff00"  # the cursor on "a", after two two-cell characters
    family = drawn.index("👨\u200d👩\u200d👧")
    assert drawn[family + 1] == "" and drawn[family + 3] == "x" and bg(row[family + 3]) == QUOTE
    assert len(row) == 40


def test_hostile_control_characters_become_one_cell_placeholders_and_offsets_line_up() -> None:
    text = "a\x1b]52;c;cHduZWQ=\x07b\x9b2J\u202ec\td"
    row = paint(text, spans=[span(text, "c\td", "claim")])
    drawn = "".join(c for c, _ in row)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e" for ch in drawn)
    assert drawn.startswith("a\u241b]52;c;cHduZWQ=\u2407b\u24262J\u2426c d")
    start = text.index("c\td")
    assert [bg(c) for c in row[start : start + 3]] == [CLAIM] * 3  # one cell per code point: still in place
    assert bg(row[start - 1]) == "#101010"


def test_span_names_for_the_border_innermost_first_on_one_safe_line() -> None:
    text = "Alpha beta\n\x1b[2J gamma delta epsilon"
    spans = [
        span(text, "beta", "claim"),
        span(text, "beta\n\x1b[2J gamma", "quote", status="suggested"),
        span(text, "delta", "statistic", stale=True),
        span(text, "epsilon", "claim"),
    ]
    assert span_names([]) is None
    names = span_names(spans)
    assert names is not None
    assert names.startswith("claim: beta | quote (suggested): beta \u241b[2J gamma | statistic (stale): delta")
    assert names.endswith(" +1") and "\x1b" not in names and "\n" not in names


def test_contrast_text_reads_on_dark_and_light_colours() -> None:
    assert contrast_text("#000080") == "#ffffff"
    assert contrast_text("#ffff66") == "#000000"

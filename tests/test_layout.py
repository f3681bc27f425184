"""Soft wrap, the row index and the cell <-> offset mapping of the reading pane (no Textual needed)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui_reader.textnav import graphemes
from tui_reader.tui.layout import (
    CHUNK,
    Fenwick,
    Layout,
    display_text,
    row_into_view,
    scroll_for,
    unit_starts,
    wrap,
)


def rows_text(text: str, width: int) -> list[str]:
    starts = wrap(display_text(text), 0, width)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_wrap_breaks_at_spaces_and_keeps_every_character() -> None:
    text = "The quick brown fox jumps over the lazy dog again"
    rows = rows_text(text, 15)
    assert rows == ["The quick brown ", "fox jumps over ", "the lazy dog ", "again"]
    assert "".join(rows) == text
    assert all(len(r.rstrip(" ")) <= 15 for r in rows)


def test_long_words_are_hard_broken() -> None:
    rows = rows_text("ab " + "x" * 25 + " cd", 10)
    assert rows == ["ab ", "x" * 10, "x" * 10, "x" * 5 + " cd"]


def test_wide_characters_take_two_cells_and_clusters_stay_whole() -> None:
    text = "漢字漢字漢字漢字"  # 16 cells
    assert rows_text(text, 5) == ["漢字", "漢字", "漢字", "漢字"]
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    rows = rows_text(family * 4, 4)
    assert rows == [family * 2, family * 2]
    combining = "e\u0301" * 6
    assert rows_text(combining, 4) == ["e\u0301" * 4, "e\u0301" * 2]


def test_display_text_keeps_length_and_hides_controls() -> None:
    raw = "a\tb\x1b[31mc\x07"
    shown = display_text(raw)
    assert len(shown) == len(raw)
    assert shown == "a b\u241b[31mc\u2407"
    assert cell_len(shown) == len(raw)


def test_fenwick_prefix_and_find_match_a_plain_list() -> None:
    rng = random.Random(3)
    values = [rng.randint(1, 5) for _ in range(300)]
    fen = Fenwick(values)
    for _ in range(200):
        i = rng.randrange(len(values))
        v = rng.randint(1, 5)
        assert fen.set(i, v) == v - values[i]
        values[i] = v
        k = rng.randrange(len(values) + 1)
        assert fen.prefix(k) == sum(values[:k])
        y = rng.randrange(sum(values))
        u, r = fen.find(y)
        assert sum(values[:u]) <= y < sum(values[: u + 1]) and r == y - sum(values[:u])
    assert fen.total == sum(values)


def test_units_end_after_a_newline_or_a_space_and_stay_small() -> None:
    assert unit_starts("a\n\nb c\n") == [0]  # a short text is one unit
    rng = random.Random(1)
    lines = [" ".join("w" * rng.randint(1, 9) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    text = "\n".join(lines) + "\n" + ("word " * (3 * CHUNK // 5)).strip() + "\n" + "x" * (2 * CHUNK + 5)
    starts = unit_starts(text)
    assert len(starts) > 1
    assert starts == sorted(set(starts))
    ends = [*starts[1:], len(text)]
    assert all(b - a <= CHUNK for a, b in zip(starts, ends, strict=True))
    for s in starts[1:]:
        assert text[s - 1] in "\n " or text[s - 1] == "x"  # after a newline, a space, or inside a spaceless line
    assert sum(1 for s in starts[1:] if text[s - 1] == "\n") >= len(text) // CHUNK - 3


def test_many_short_lines_make_few_units() -> None:
    text = "\n".join(f"line {i}" for i in range(100_000))
    layout = Layout(text, 40)
    assert layout.unit_count < len(text) // (CHUNK // 2)
    assert layout.screen_row(text.index("line 99999")) == 99_999  # every line is one row, exactly
    assert layout.row_range(*layout.row_of(text.index("line 5\n"))) == (text.index("line 5\n"), text.index("line 5\n") + 6)


def test_layout_rows_become_exact_as_they_are_shown() -> None:
    rng = random.Random(5)
    paras = [" ".join(rng.choice(["alpha", "be", "漢字", "x" * 30]) for _ in range(rng.randint(0, 60))) for _ in range(50)]
    text = "\n".join(paras)
    layout = Layout(text, 20)
    # Walking every screen row from the top yields every row exactly once, in text order.
    seen = []
    y = 0
    while y < layout.total_rows:
        u, r = layout.locate(y)
        assert layout.unit_row(u) + r == y
        a, b = layout.row_range(u, r)
        seen.append((a, b))
        y += 1
    assert all(layout.is_exact(u) for u in range(layout.unit_count))
    assert layout.total_rows == len(seen)
    covered = "".join(text[a:b] for a, b in seen)
    assert covered == text.replace("\n", "")
    # a row ends a line exactly where the text has a newline
    assert sum(1 for a, b in seen if b < len(text) and text[b] == "\n") == text.count("\n")
    # and every offset maps to the row that shows it
    for off in range(0, len(text), 7):
        u, r = layout.row_of(off)
        a, b = layout.row_range(u, r)
        assert a <= off <= layout.row_last(u, r)


def test_cells_and_columns_line_up_for_wide_text() -> None:
    text = "ab漢字cd\nabcdefgh"
    layout = Layout(text, 40)
    assert layout.cells(0, 6) == [(0, 0, 1), (1, 1, 1), (2, 2, 2), (3, 4, 2), (4, 6, 1), (5, 7, 1)]
    assert layout.column_of(4) == 6
    u, r = layout.row_of(7)
    assert layout.offset_at(u, r, 6) == 7 + 6
    assert layout.offset_at(0, 0, 3) == 2  # the second cell of a wide character is that character
    assert layout.offset_at(0, 0, 99) == 6  # past the end: the row's last position (its "\n")


def test_width_change_relayouts_and_old_widths_are_kept() -> None:
    text = "one two three four five six seven eight nine ten " * 20
    layout = Layout(text, 30)
    rows30 = layout.rows(0)
    assert layout.set_width(60)
    assert len(layout.rows(0)) < len(rows30)
    assert layout.set_width(30)
    assert layout.rows(0) is rows30
    assert not layout.set_width(30)


PIECES = ["a", "bb", "ccc ", " ", "  ", "漢", "字 ", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "e\u0301", "\t", "\x1b", "\n", "\n\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(min_value=1, max_value=12), st.integers(4, 64))
def test_any_text_lays_out_into_rows_that_fit_and_cover_it(parts: list[str], width: int, chunk: int) -> None:
    text = "".join(parts)
    layout = Layout(text, width, chunk=chunk)
    shown = []
    y = 0
    while y < layout.total_rows:
        u, r = layout.locate(y)
        a, b, last = layout.row_info(u, r)
        drawn = display_text(text[a:b]).rstrip(" ")
        clusters = graphemes(drawn)
        # a row fits the width, unless it is a single cluster wider than the width
        assert cell_len(drawn) <= width or len(clusters) == 1
        assert "\n" not in text[a:b]
        assert last == b or last < b
        shown.append((a, b, last))
        y += 1
    # rows are in text order, cover every character but the newlines, and every offset has a row
    assert "".join(text[a:b] for a, b, _ in shown) == text.replace("\n", "")
    boundaries = [0]
    for g in graphemes(text):
        boundaries.append(boundaries[-1] + len(g))
    for off in boundaries:  # every place the cursor can be
        u, r = layout.row_of(off)
        a, b, last = layout.row_info(u, r)
        assert a <= off <= last


def test_stepping_rows_crosses_units_wraps_them_on_the_way_and_stops_at_the_ends() -> None:
    text = "\n".join(f"line {i} " + "word " * (i % 7) for i in range(300))
    layout = Layout(text, 12, chunk=64)  # many small units, only estimated until stepped over
    u, r, moved = layout.step(0, 0, 10**6)
    assert moved == layout.total_rows - 1 and layout.unit_row(u) + r == layout.total_rows - 1
    assert all(layout.is_exact(k) for k in range(layout.unit_count))
    assert layout.step(u, r, 5) == (u, r, 0)  # already on the last row
    assert layout.step(u, r, -(10**6))[:2] == (0, 0)
    assert layout.step(0, 0, -3) == (0, 0, 0)
    # stepping n rows from a row lands exactly n screen rows away, both ways
    y = layout.screen_row(text.index("line 150"))
    assert layout.stepped_row(y, 7) == y + 7 and layout.stepped_row(y, -7) == y - 7


def test_row_away_keeps_the_column_and_reports_the_rows_moved() -> None:
    text = "abcdefgh\nab\nabcdefgh"
    layout = Layout(text, 40)
    assert layout.row_away(5, 1, 5) == (9 + 2, 1)  # a short row: its end (the "\n")
    assert layout.row_away(5, 2, 5) == (12 + 5, 2)
    assert layout.row_away(12 + 5, -2, 5) == (5, -2)
    assert layout.row_away(2, -1, 2) == (2, 0)  # on the first row: nowhere to go


def test_screen_rows_offsets_and_the_visible_range() -> None:
    text = "one two three four five six\nseven"
    layout = Layout(text, 9)  # rows: "one two ", "three ", "four five ", "six", "seven"
    assert [layout.first_offset(y) for y in range(5)] == [0, 8, 14, 24, 28]
    assert layout.shown_row(1) == (8, 14, 13) and layout.shown_row(3) == (24, 27, 27)
    assert layout.shown_row(5) is None
    assert layout.offset_at_cell(2, 1) == 15 and layout.offset_at_cell(9, 0) == len(text)
    assert layout.visible_range(1, 2) == (8, 23)  # rows 1-2: up to the last character of "five"
    assert layout.visible_range(3, 10) == (24, len(text))
    assert layout.settle_above(text.index("seven"), 3) == 4


def test_scroll_maths_near_and_far_jumps() -> None:
    # on screen: nothing to do; just above / below: scroll just enough; far away: centre the row
    assert scroll_for(12, 10, 5) is None and scroll_for(10, 10, 5) is None
    assert scroll_for(8, 10, 5) == 8
    assert scroll_for(16, 10, 5) == 12
    assert scroll_for(2, 10, 5) == 0 and scroll_for(40, 10, 5) == 38
    assert scroll_for(20, 10, 5) == 18  # two screens below is far
    # the cursor brought back onto a scrolled screen: the nearest row of it (never past the text)
    assert row_into_view(12, 10, 5, 100) is None
    assert row_into_view(3, 10, 5, 100) == 10
    assert row_into_view(30, 10, 5, 100) == 14 and row_into_view(30, 10, 5, 12) == 11

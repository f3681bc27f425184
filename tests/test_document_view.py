"""The reading pane driven as a person would: keys and mouse through the pilot, then what the screen shows."""

from __future__ import annotations

import html
import random

from rich.style import Style

from docview_harness import Harness, span
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.paint import contrast_text

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
FLAG = "\U0001f1fa\U0001f1f8"

ARTICLE = (
    "The minister said growth would reach 3 percent. Officials who asked not to be named disagreed.\n"
    "\n"
    "A second paragraph [bold]with[/] markup-like text and [@click=app.quit] a link.\n"
)


def view_of(app: Harness) -> DocumentView:
    return app.query_one(DocumentView)


def screen_lines(view: DocumentView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def cell_styles(view: DocumentView, y: int) -> list[tuple[str, Style]]:
    """(character, style) for each character drawn on row y of the pane."""
    out = []
    for seg in view.render_line(y):
        for ch in seg.text:
            out.append((ch, seg.style or Style()))
    return out


def cursor_row(view: DocumentView) -> int | None:
    """The row of the pane the cursor is drawn on (None: not on screen), read off the screen itself."""
    cursor_bg = view.get_component_rich_style("document-view--cursor").bgcolor
    rows = [y for y in range(view.scrollable_content_region.height)
            if any(seg.style and seg.style.bgcolor == cursor_bg for seg in view.render_line(y))]  # fmt: skip
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def styles_of(view: DocumentView, y: int, piece: str) -> list[Style]:
    cells = cell_styles(view, y)
    line = "".join(c for c, _ in cells)
    i = line.index(piece)
    return [st for _, st in cells[i : i + len(piece)]]


async def test_first_screen_shows_text_literally_wrapped_at_words() -> None:
    app = Harness(ARTICLE, title="[bold]x[/] [@click=app.quit]")
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        view = view_of(app)
        lines = [line.rstrip() for line in screen_lines(view)]
        assert lines[:3] == [
            "The minister said growth would reach 3 percent.",
            "Officials who asked not to be named disagreed.",
            "",
        ]
        shown = "".join(lines)
        assert "[bold]with[/]" in shown and "[@click=app.quit]" in shown
        assert all(len(line) <= view.scrollable_content_region.width for line in screen_lines(view))
        # The title is shown as written (not parsed as markup) and did not quit the app.
        svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[bold]x[/] [@click=app.quit]" in svg
        assert app.is_running


async def test_control_characters_and_tabs_drawn_as_one_cell() -> None:
    text = "bell\x07 esc\x1b[2J here\ttab\n"
    app = Harness(text)
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        line = view_of(app).render_line(0).text
        assert line.startswith("bell\u2407 esc\u241b[2J here tab")
        assert "\x1b" not in line and "\x07" not in line
        # offsets still line up one to one: the cursor steps one cell per character
        await pilot.press("w", "w")
        assert view_of(app).cursor == text.index("esc")


async def test_v_w_w_w_selects_three_words_plus_the_space_after_them() -> None:
    app = Harness(ARTICLE)
    async with app.run_test(size=(60, 12)) as pilot:
        view = view_of(app)
        await pilot.press("v", "w", "w", "w")
        assert view.visual
        assert view.selection == (0, len("The minister said "))
        start, end = view.selection
        assert ARTICLE[start:end] == "The minister said "
        assert view.trimmed(start, end) == (0, len("The minister said"))
        assert ("selection", (0, len("The minister said "))) in app.messages
        # v again leaves visual mode and keeps the selection for tagging; escape drops it
        await pilot.press("v")
        assert not view.visual and view.selection == (0, 18)
        await pilot.press("escape")
        assert view.selection is None
        assert app.messages[-2:] == [("selection", None), ("cursor", 18)]


async def test_selection_excludes_the_character_under_the_cursor_both_ways() -> None:
    app = Harness(ARTICLE)
    async with app.run_test(size=(60, 12)) as pilot:
        view = view_of(app)
        view.move_to(ARTICLE.index("growth"))
        await pilot.press("v", "b")
        assert ARTICLE[slice(*view.selection)] == "said "
        await pilot.press("escape", "shift+right", "shift+right", "shift+right")
        assert ARTICLE[slice(*view.selection)] == "sai"
        await pilot.press("l")  # a motion without shift outside visual mode drops the selection
        assert view.selection is None


async def test_cursor_steps_over_whole_clusters() -> None:
    text = f"a{FAMILY}b{FLAG}ce\u0301d漢x\n"
    app = Harness(text)
    async with app.run_test(size=(40, 6)) as pilot:
        view = view_of(app)
        offsets = [view.cursor]
        for _ in range(9):
            await pilot.press("l")
            offsets.append(view.cursor)
        expected = [0, 1, 1 + len(FAMILY)]
        expected.append(expected[-1] + 1)  # after b
        expected.append(expected[-1] + 2)  # after the flag
        expected += [expected[-1] + 1, expected[-1] + 3, expected[-1] + 4, expected[-1] + 5, expected[-1] + 6]
        assert offsets == expected
        await pilot.press("shift+left", "shift+left", "shift+left", "shift+left")
        assert text[slice(*view.selection)] == "e\u0301d漢x"
        view.move_to(2)  # inside the ZWJ family: snapped to its start
        assert view.cursor == 1
        view.select(3, 4)  # inside the family: the whole cluster is selected
        assert view.selection == (1, 1 + len(FAMILY))


async def test_up_down_keep_the_column_across_wide_characters() -> None:
    text = "漢字漢字漢字\nabcdefghijkl\nab\nabcdefghijkl\n"
    app = Harness(text)
    async with app.run_test(size=(40, 8)) as pilot:
        view = view_of(app)
        await pilot.press("l", "l")  # on the third wide character: column 4
        assert view.cursor == 2
        await pilot.press("j")
        assert view.cursor == text.index("e")  # column 4 of the next row
        await pilot.press("j")  # a short row: the end of that row
        assert view.cursor == text.index("ab\n") + 2
        await pilot.press("j")  # the sticky column comes back
        assert view.cursor == text.rindex("e")
        await pilot.press("k", "k", "k")
        assert view.cursor == 2


async def test_motion_keys() -> None:
    text = "One two. Three four! Five.\n\nSecond para here.\nThird para."
    app = Harness(text)
    async with app.run_test(size=(60, 8)) as pilot:
        view = view_of(app)
        await pilot.press("right_parenthesis")
        assert view.cursor == text.index("Three")
        await pilot.press("right_parenthesis", "right_parenthesis")
        assert view.cursor == text.index("Second")
        await pilot.press("left_parenthesis")
        assert view.cursor == text.index("Five")
        await pilot.press("right_curly_bracket")
        assert view.cursor == text.index("Second")
        await pilot.press("right_curly_bracket")
        assert view.cursor == text.index("Third")
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert view.cursor == 0
        await pilot.press("G")
        assert view.cursor == len(text) - 1
        await pilot.press("home")
        assert view.cursor == text.index("Third")
        await pilot.press("end")
        assert view.cursor == len(text)
        await pilot.press("g", "w", "b")
        assert view.cursor == 0
        view.move_to(text.index("four"))
        await pilot.press("s")
        assert text[slice(*view.selection)] == "Three four!"


async def test_highlights_per_label_overlaps_suggestions_and_stale() -> None:
    text = "Alpha beta gamma delta epsilon zeta eta theta.\n"
    spans = [
        span(text, "beta gamma", "claim"),
        span(text, "gamma delta", "quote"),
        span(text, "zeta", "statistic", status="suggested"),
        span(text, "theta", "anonymous source", stale=True),
        span(text, "Alpha", "claim", status="rejected"),
    ]
    app = Harness(text, spans)
    async with app.run_test(size=(60, 6)) as pilot:
        await pilot.pause()
        view = view_of(app)
        claim, quote = view.labels.colour("claim"), view.labels.colour("quote")
        beta = styles_of(view, 0, "beta ")
        assert {st.bgcolor.name for st in beta} == {claim}
        assert {st.color.name for st in beta} == {contrast_text(claim)}
        both = styles_of(view, 0, "gamma")
        assert {st.bgcolor.name for st in both} == {claim, quote}  # striped with both colours
        assert all(st.underline for st in both)
        delta = styles_of(view, 0, "delta")
        assert {st.bgcolor.name for st in delta} == {quote} and not any(st.underline for st in delta)
        zeta = styles_of(view, 0, "zeta")
        stat = view.labels.colour("statistic")
        pane_bg = view.rich_style.bgcolor  # no span background: the pane's own (theme) background
        assert all(st.bgcolor == pane_bg and st.color.name == stat and st.underline and st.dim for st in zeta)
        assert all(st.strike for st in styles_of(view, 0, "theta"))
        # rejected spans are not drawn
        assert all(st.bgcolor == pane_bg for st in styles_of(view, 0, "lpha"))


async def test_contrast_text_reads_on_dark_and_light_colours() -> None:
    assert contrast_text("#000080") == "#ffffff"
    assert contrast_text("#ffff66") == "#000000"


async def test_span_navigation_names_the_span_and_selection_or_span() -> None:
    text = "Alpha beta gamma delta epsilon.\n"
    spans = [span(text, "gamma", "quote", status="suggested"), span(text, "beta", "claim")]
    app = Harness(text, spans)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        await pilot.press("right_square_bracket")
        assert view.cursor == text.index("beta")
        assert [s.label for s in view.spans_at_cursor()] == ["claim"]
        assert view.selection_or_span() == (6, 10)
        assert "claim: beta" in str(view.border_subtitle)
        await pilot.press("right_square_bracket")
        assert view.cursor == text.index("gamma")
        assert "quote (suggested): gamma" in str(view.border_subtitle)
        await pilot.press("right_square_bracket")  # no more: stays
        assert view.cursor == text.index("gamma")
        await pilot.press("left_square_bracket")
        assert view.cursor == text.index("beta")
        await pilot.press("v", "l", "l")
        assert view.selection_or_span() == (6, 8)
        view.set_spans([])
        view.clear_selection()
        assert view.spans_at_cursor() == [] and view.selection_or_span() is None


async def test_search_is_literal_smartcase_and_wraps() -> None:
    text = "A [b] one. a [B] two.\nAnd [b] three."
    app = Harness(text)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        assert view.search("[b]")  # no capital: case is ignored
        first = text.index("[b]")
        assert view.cursor == first and view.search_count == "1 of 3"
        await pilot.press("n")
        assert view.cursor == text.index("[B]") and view.search_count == "2 of 3"
        await pilot.press("n")
        assert view.cursor == text.rindex("[b]")
        await pilot.press("n")
        assert view.cursor == first
        await pilot.press("N")
        assert view.cursor == text.rindex("[b]")
        assert view.search("[B]")  # a capital: case matters (vim's smartcase), the only match
        assert view.cursor == text.index("[B]") and view.search_count == "1 of 1"
        assert not view.search("[c]")
        assert view.cursor == text.index("[B]") and view.search_count is None


async def test_set_marks_layer_and_selection_and_cursor_are_drawn() -> None:
    text = "Alpha beta gamma delta.\n"
    app = Harness(text)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        view.set_marks("echo", [(text.index("gamma"), text.index("gamma") + 5)], "underline")
        await pilot.press("l", "shift+right", "shift+right")
        await pilot.pause()
        assert all(st.underline for st in styles_of(view, 0, "gamma"))
        cur = view.get_component_rich_style("document-view--cursor", partial=True)
        cells = cell_styles(view, 0)
        assert [c for c, st in cells if st.reverse] == ["l", "p"]  # the selection, in reverse video
        assert cells[3][0] == "h" and cells[3][1].bgcolor == cur.bgcolor  # the cursor: not selected
        assert not cells[0][1].reverse and cells[0][1].bgcolor == view.rich_style.bgcolor
        view.set_marks("echo", [], "underline")
        assert not any(st.underline for st in styles_of(view, 0, "gamma"))


async def test_mouse_click_moves_and_drag_selects() -> None:
    text = "Alpha beta gamma delta.\nSecond line here.\n"
    app = Harness(text)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        region = view.scrollable_content_region
        x0, y0 = region.x - view.region.x, region.y - view.region.y
        await pilot.click(view, offset=(x0 + 6, y0))
        assert view.cursor == text.index("beta")
        await pilot.mouse_down(view, offset=(x0 + 6, y0))
        await pilot.hover(view, offset=(x0 + 3, y0 + 1))
        await pilot.mouse_up(view, offset=(x0 + 3, y0 + 1))
        assert view.selection == (text.index("beta"), text.index("ond"))


async def test_cursor_stays_visible_when_moving_down_a_long_text() -> None:
    text = "\n".join(f"line {i}" for i in range(200))
    app = Harness(text)
    async with app.run_test(size=(40, 10)) as pilot:
        view = view_of(app)
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        assert view.cursor == text.index("line 30")
        assert any(line.startswith("line 30") for line in screen_lines(view))
        await pilot.press("pagedown")
        await pilot.pause()
        height = view.scrollable_content_region.height
        assert view.cursor == text.index(f"line {30 + height}")
        assert any(line.startswith(f"line {30 + height}") for line in screen_lines(view))
        await pilot.press("pageup", "pageup")
        assert view.cursor == text.index(f"line {30 - height}")
        await pilot.press("G")
        await pilot.pause()
        assert screen_lines(view)[-1].rstrip() == "line 199"
        start, end = view.visible_range()
        assert text[start:end].split("\n") == [f"line {i}" for i in range(200 - height, 200)]


async def test_multi_megabyte_text_end_and_last_word_exact() -> None:
    rng = random.Random(7)
    words = ["minister", "“growth”", "officials", "3.4%", "said", "漢字", "🙂", "the", "named"]
    paras = [" ".join(rng.choice(words) for _ in range(rng.randint(40, 300))) + "." for _ in range(9000)]
    text = "\n\n".join(paras) + "\n\nThe very last words here."
    assert len(text) > 5_000_000
    app = Harness(text)
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        await pilot.press("pagedown", "G")
        await pilot.pause()
        assert view.cursor == len(text) - 1
        lines = [line.rstrip() for line in screen_lines(view)]
        assert lines[-1] == "The very last words here."
        await pilot.press("v", "b")
        start, end = view.selection
        assert (start, end) == (len(text) - len("here."), len(text) - 1)
        assert text[start:end] == "here"
        await pilot.press("escape", "G", "l", "v", "b", "b", "b")  # `.` is a word of its own, as in vim
        assert text[slice(*view.selection)] == "words here."
        assert view.search("the very")  # smartcase: no capital, any case
        assert view.cursor == len(text) - len("The very last words here.")
        await pilot.press("g")
        await pilot.pause()
        assert view.cursor == 0 and round(view.scroll_y) == 0
        assert screen_lines(view)[0].startswith(paras[0][:20])


async def test_resize_rewraps_and_keeps_cursor_visible() -> None:
    text = ("word " * 400).strip()
    app = Harness(text)
    async with app.run_test(size=(60, 10)) as pilot:
        view = view_of(app)
        view.move_to(len(text) // 2)
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        width = view.scrollable_content_region.width
        assert all(len(line.rstrip()) <= width for line in screen_lines(view))
        assert cursor_row(view) == view.cursor_screen_row
        assert 0 <= view.cursor_screen_row < view.scrollable_content_region.height


def test_snapshot_highlights_selection_and_wide_characters(snap_compare) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The minister said growth would reach 3 percent, officials who asked not to be named said.\n"
        f"漢字 and emoji {FAMILY} {FLAG} line up: café e\u0301 [bold]not bold[/]\n"
        "\nA suggested span and an overlap here.\n"
    )
    spans = [
        span(text, "The minister said", "claim"),
        span(text, "3 percent", "statistic"),
        span(text, "officials who asked not to be named", "anonymous source"),
        span(text, "asked not", "quote"),
        span(text, "suggested span", "quote", status="suggested"),
    ]

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        view = pilot.app.query_one(DocumentView)
        view.move_to(text.index("漢"))
        await pilot.press("v", "w", "w")

    assert snap_compare(Harness(text, spans, title="[b]Snapshot[/b] title"), terminal_size=(60, 12), run_before=run_before)


async def wheel(pilot, view: DocumentView, up: bool) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    kind = events.MouseScrollUp if up else events.MouseScrollDown
    await pilot._post_mouse_events([kind], view, offset=(5, 5))
    await pilot.pause()


async def test_wheel_scrolling_up_from_the_end_shows_rows_in_order_and_keeps_the_cursor_on_screen() -> None:
    rng = random.Random(2)
    # words of ~24 characters: one per row at this width, so the row estimates (length / width) are far off
    paras = [" ".join(f"p{i}w{j}".ljust(24, "x") for j in range(rng.randint(1, 12))) for i in range(400)]
    text = "\n".join(paras)
    app = Harness(text)
    async with app.run_test(size=(50, 12)) as pilot:
        view = view_of(app)
        await pilot.press("G")
        await pilot.pause()
        height = view.scrollable_content_region.height
        before = screen_lines(view)
        for _ in range(25):
            await wheel(pilot, view, up=True)
            after = screen_lines(view)
            # the rows that were on screen moved down by exactly the number of rows scrolled (no jump)
            shift = before.index(after[-1]) if after[-1] in before else None
            assert shift is not None and after[height - 1 - shift :] == before[: shift + 1]
            assert shift < height - 1  # it did scroll (row numbers themselves change as estimates get exact)
            # and the cursor was brought onto the screen
            y = cursor_row(view)
            assert y is not None and 0 <= y < height and y == view.cursor_screen_row
            before = after
        shown = [line.rstrip() for line in before]
        joined = " ".join(shown)
        assert joined.replace("  ", " ") in text.replace("\n", " ")
        await wheel(pilot, view, up=False)
        y = cursor_row(view)
        assert y is not None and 0 <= y < height and y == view.cursor_screen_row


async def test_load_before_mount_and_reload_reset_cursor_selection_and_scroll() -> None:
    from textual.app import App

    from tui_reader.models import LabelSet

    first = "\n".join(f"first {i}" for i in range(100))

    class Early(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            view = DocumentView(labels=LabelSet.default())
            view.load("a", "A", first, [])  # before the view is mounted
            yield view

    app = Early()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.focus()
        await pilot.pause()
        assert view.render_line(0).text.startswith("first 0")
        await pilot.press("G", "v", "k")
        assert view.selection is not None and round(view.scroll_y) > 0
        view.load("b", "B", "second doc\n", [])
        await pilot.pause()
        assert (view.doc_id, view.cursor, view.selection, view.visual) == ("b", 0, None, False)
        assert round(view.scroll_y) == 0
        assert view.render_line(0).text.startswith("second doc")
        assert view.virtual_size.height == 2


async def test_empty_text_and_cursor_at_the_very_end() -> None:
    app = Harness("")
    async with app.run_test(size=(30, 6)) as pilot:
        view = view_of(app)
        await pilot.press("G", "l", "w", "s", "j", "pagedown", "v", "right_square_bracket", "n")
        assert view.cursor == 0 and view.selection is None
        view.load("doc", "t", "ab", [])
        await pilot.press("l", "l", "l")
        assert view.cursor == 2  # after the last character
        await pilot.pause()
        cur = view.get_component_rich_style("document-view--cursor", partial=True)
        cells = cell_styles(view, 0)
        assert cells[2][0] == " " and cells[2][1].bgcolor == cur.bgcolor  # drawn after the text
        await pilot.press("v", "h", "h")
        assert view.selection == (0, 2)


async def test_escape_and_n_go_on_to_the_app_when_the_view_has_nothing_to_do() -> None:
    from textual.binding import Binding

    class WithEscape(Harness):
        BINDINGS = [Binding("escape", "note('escape')"), Binding("n", "note('n')")]

        def action_note(self, what: str) -> None:
            self.messages.append(("app", what))

    app = WithEscape("Alpha beta gamma.\n")
    async with app.run_test(size=(40, 6)) as pilot:
        view = view_of(app)
        await pilot.press("v", "w", "escape")
        assert view.selection is None and ("app", "escape") not in app.messages
        await pilot.press("escape", "n")
        assert ("app", "escape") in app.messages and ("app", "n") in app.messages
        view.search("gamma")
        app.messages.clear()
        await pilot.press("g", "n")
        assert view.cursor == view.text.index("gamma") and ("app", "n") not in app.messages


async def test_a_far_jump_puts_the_cursor_mid_screen_a_near_one_scrolls_a_row() -> None:
    text = "\n".join(f"line {i}" for i in range(300))
    app = Harness(text)
    async with app.run_test(size=(40, 12)) as pilot:
        view = view_of(app)
        height = view.scrollable_content_region.height
        assert view.search("line 150")
        await pilot.pause()
        lines = [line.rstrip() for line in screen_lines(view)]
        assert lines[height // 2] == "line 150"
        view.move_to(text.index(f"line {150 + height - height // 2}"))  # just below the screen
        await pilot.pause()
        assert screen_lines(view)[-1].rstrip() == f"line {150 + height - height // 2}"


async def test_double_click_selects_a_word_and_triple_click_the_sentence() -> None:
    text = "First one here. The minister's plan works.\n"
    app = Harness(text)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        region = view.scrollable_content_region
        x0, y0 = region.x - view.region.x, region.y - view.region.y
        col = text.index("minister") + 3
        await pilot.double_click(view, offset=(x0 + col, y0))
        assert text[slice(*view.selection)] == "minister"
        await pilot.triple_click(view, offset=(x0 + col, y0))
        assert text[slice(*view.selection)] == "The minister's plan works."


async def test_light_theme_draws_a_light_pane_with_readable_spans() -> None:
    text = "Alpha beta gamma.\n"
    app = Harness(text, [span(text, "beta", "claim")])
    app.theme = "textual-light"
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        view = view_of(app)

        def luminance(colour) -> float:  # type: ignore[no-untyped-def]
            r, g, b = colour.get_truecolor()
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

        plain = styles_of(view, 0, "gamma")
        assert all(luminance(st.bgcolor) > 0.6 and luminance(st.color) < 0.4 for st in plain)
        blank = styles_of(view, 2, " " * 10)
        assert all(luminance(st.bgcolor) > 0.6 for st in blank)
        beta = styles_of(view, 0, "beta")
        assert all(st.bgcolor.name == view.labels.colour("claim") for st in beta)
        assert all(abs(luminance(st.color) - luminance(st.bgcolor)) > 0.3 for st in beta)


async def test_random_keys_never_split_a_cluster_and_keep_the_cursor_on_screen() -> None:
    import regex

    rng = random.Random(42)
    pieces = ["word", "漢字", FAMILY, FLAG, "e\u0301", "\u2764\ufe0f", "Mr.", "It", "ends.", "x" * 70, "\t", "\x1b"]
    paras = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(60)]
    text = "\n".join(paras) + "\n"
    boundaries = {0}
    for m in regex.finditer(r"\X", text):
        boundaries.add(m.end())
    keys = ["h", "l", "j", "k", "w", "b", "left_parenthesis", "right_parenthesis", "left_curly_bracket",
            "right_curly_bracket", "pagedown", "pageup", "home", "end", "v", "s", "shift+right", "shift+left",
            "shift+down", "escape", "g", "G"]
    app = Harness(text)
    async with app.run_test(size=(37, 10)) as pilot:
        view = view_of(app)
        height = view.scrollable_content_region.height
        for _ in range(100):
            key = rng.choice(keys)
            await pilot.press(key)
            assert view.cursor in boundaries, key
            if view.selection:
                start, end = view.selection
                assert start in boundaries and end in boundaries and start < end
            y = cursor_row(view)
            assert y is not None and 0 <= y < height and y == view.cursor_screen_row, key
        await pilot.pause()
        # what is drawn is the text, row after row, with one-cell placeholders for control characters
        drawn = [line.rstrip() for line in screen_lines(view)]
        a = view.visible_range()[0]
        assert drawn[0] == text[a:].split("\n")[0].replace("\t", " ").replace("\x1b", "\u241b")[: len(drawn[0])]


async def test_search_in_visual_mode_extends_the_selection_like_any_motion() -> None:
    text = "Alpha beta gamma delta.\n"
    app = Harness(text)
    async with app.run_test(size=(40, 6)) as pilot:
        view = view_of(app)
        await pilot.press("v")
        assert view.search("gamma")
        assert text[slice(*view.selection)] == "Alpha beta "
        await pilot.press("escape")
        assert view.search("delta") and view.selection is None


# -- two-key commands (text objects in visual mode, f / t) -------------------------------------------

QUOTE_TEXT = 'He said "we will win" and left. Then “more, here” too.\n'


async def test_visual_a_quote_selects_the_quotation_with_its_marks_i_without() -> None:
    app = Harness(QUOTE_TEXT)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        view.move_to(QUOTE_TEXT.index("will"))
        await pilot.press("v", "a", '"')
        assert view.visual and QUOTE_TEXT[slice(*view.selection)] == '"we will win"'
        await pilot.press("escape")
        view.move_to(QUOTE_TEXT.index("here"))
        await pilot.press("v", "i", '"')
        assert QUOTE_TEXT[slice(*view.selection)] == "more, here"
        await pilot.pause()
        shown = "".join(ch for y in range(3) for ch, st in cell_styles(view, y) if st.reverse)
        assert shown == "more, here"  # what the screen shows selected (reverse video)


async def test_pending_text_object_takes_its_key_escape_cancels_a_non_object_rings() -> None:
    app = Harness(QUOTE_TEXT)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        view.move_to(QUOTE_TEXT.index("will"))
        await pilot.press("v", "l", "a")
        assert view.border_subtitle is not None and str(view.border_subtitle) == "a…"  # waiting, shown
        await pilot.press("escape")  # escape cancels the pending `a`, visual mode stays
        assert not view.border_subtitle
        assert view.visual and view.selection == (QUOTE_TEXT.index("will"), QUOTE_TEXT.index("will") + 1)
        await pilot.press("a", "w")  # the next `a` still starts an object: the word
        assert QUOTE_TEXT[slice(*view.selection)] == "will "
        before = view.selection
        await pilot.press("i", "x")  # no object `x`: nothing changes (a bell), and `x` is not a key of its own
        assert view.selection == before
        await pilot.press("escape", "a", "w")  # outside visual mode `a` is not the pane's: w moves on
        assert view.selection is None and view.cursor == QUOTE_TEXT.index("\" and")  # from `win` to the mark
        view.move_to(QUOTE_TEXT.index("Then"))
        await pilot.press("v", "a", '"')  # no quotation around `Then`: nothing is selected
        assert view.selection is None


async def test_f_t_in_visual_mode_extend_the_selection_by_the_selection_rule() -> None:
    app = Harness(QUOTE_TEXT)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        await pilot.press("v", "f", '"')  # f puts the cursor on the mark: the mark is not selected
        assert QUOTE_TEXT[slice(*view.selection)] == "He said "
        await pilot.press("semicolon", "l")  # ; the next one, l takes it in
        assert QUOTE_TEXT[slice(*view.selection)] == 'He said "we will win"'
        await pilot.press("escape", "g", "t", "w", "comma")  # t stops before; , goes back (nothing before)
        assert view.cursor == QUOTE_TEXT.index("we") - 1
        await pilot.press("F", "H")
        assert view.cursor == 0


async def test_palette_select_object_action_selects_outside_visual_mode() -> None:
    app = Harness(QUOTE_TEXT)
    async with app.run_test(size=(60, 6)) as pilot:
        view = view_of(app)
        view.move_to(QUOTE_TEXT.index("more"))
        await view.run_action("select_object('a\"')")
        await pilot.pause()
        assert QUOTE_TEXT[slice(*view.selection)] == "“more, here”" and not view.visual

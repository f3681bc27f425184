"""Motions: vim text objects in visual mode, f/t/F/T with ; and ,, W/B, and `/` like vim (smartcase,
a space finds a non-breaking space, a straight quote a curly one, "3 of 17", a notice when it wraps), driven
through the keys of the real reader on the seeds; what is checked is the store and the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, make_app, said, seed_db, stored
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.widgets.status_line import StatusLine

SEED_003 = "003_627dc8ff569bd4e9"


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def pane(app) -> DocumentView:
    return app.query_one("#left", DocumentView)


def status(app) -> str:
    return app.query_one(StatusLine).text


async def search(pilot, query: str) -> None:
    await pilot.press("slash", "ctrl+u", *query, "enter")
    await pilot.pause()


async def test_va_quote_2_tags_the_quotation_with_its_marks(corpus):
    db, _ = corpus
    app = make_app(db, [SEED_003])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = pane(app).text
        opening = text.index('"The Trump administration')
        await search(pilot, '"The Trump')
        assert pane(app).cursor == opening
        await pilot.press("v", "a", '"', "2")
        await pilot.pause()
        closing = text.index('citizens,"') + len('citizens,"')
        spans = [(s.start, s.end, s.label, s.annotator) for s in stored(db, SEED_003)]
        assert spans == [(opening, closing, "quote", ANNOTATOR)]
        assert text[opening] == '"' and text[closing - 1] == '"' and text[closing] == "\u00a0"


async def test_vis1_tags_the_sentence_and_vi_quote_leaves_the_marks_out(corpus):
    db, _ = corpus
    app = make_app(db, [SEED_003])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = pane(app).text
        await search(pilot, "intervention or")
        await pilot.press("v", "i", "s", "1")
        await pilot.pause()
        await search(pilot, "coordinates and")
        await pilot.press("v", "i", '"', "2")
        await pilot.pause()
        got = sorted((s.label, s.text) for s in stored(db, SEED_003))
        sentence = ('Mexican President Claudia Sheinbaum has publicly rejected any suggestion of U.S. "intervention or '
                    'interference,"\u00a0insisting that Mexico "coordinates and collaborates, but does not subordinate '
                    'itself."')  # fmt: skip
        assert sentence in text
        assert got == [("claim", sentence), ("quote", "coordinates and collaborates, but does not subordinate itself.")]


async def test_a_outside_visual_mode_still_accepts_a_suggestion(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "claim", status="suggested", origin="rule:test")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert [s.status for s in stored(db, ids[0])] == ["accepted"]
        # in visual mode `a` starts a text object instead: nothing is accepted or changed
        await pilot.press("v", "a", "w")
        await pilot.pause()
        assert pane(app).selection is not None and pane(app).visual
        assert [s.status for s in stored(db, ids[0])] == ["accepted"]


async def test_f_t_semicolon_comma_W_B_move_the_cursor(corpus):  # noqa: N802
    db, _ = corpus
    app = make_app(db, [SEED_003])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = pane(app)
        text = view.text
        await search(pilot, "two former U.S. officials")
        start = view.cursor
        await pilot.press("W", "W", "W")
        assert view.cursor == text.index("officials", start)  # U.S. is one WORD
        await pilot.press("B")
        assert view.cursor == text.index("U.S.", start)
        await pilot.press("w")
        assert view.cursor == text.index("U.S.", start) + 1  # and four words
        line_end = text.find("\n", start)
        first_o = text.index("o", view.cursor + 1)
        await pilot.press("f", "o")
        assert view.cursor == first_o < line_end
        await pilot.press("semicolon")
        second_o = text.index("o", first_o + 1)
        assert view.cursor == second_o
        await pilot.press("comma")
        assert view.cursor == first_o
        await pilot.press("t", "s")
        assert view.cursor == text.index("s", first_o + 1) - 1
        await pilot.press("T", "U")  # T: till backwards (the others layer moved to O)
        assert view.cursor == text.index("U.S.", start) + 1
        await pilot.press("F", "z", "z")  # no z before on this line: nothing moves, a bell; the next z is a key
        assert view.cursor == text.index("U.S.", start) + 1


async def test_search_smartcase_nbsp_counter_wrap_and_leading_space(corpus):
    db, _ = corpus
    app = make_app(db, [SEED_003])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = pane(app)
        text = view.text
        low = [i for i in range(len(text)) if text.lower().startswith("cartel", i)]
        capital = [i for i in range(len(text)) if text.startswith("Cartel", i)]
        assert len(capital) < len(low)
        await search(pilot, "cartel")
        assert view.cursor == low[0]
        assert f"/cartel 1 of {len(low)}" in status(app)
        await pilot.press("n")
        await pilot.pause()
        assert f"/cartel 2 of {len(low)}" in status(app)
        await search(pilot, "Cartel")  # a capital: case matters
        assert view.cursor in capital and f"of {len(capital)}" in status(app)
        # a typed space finds the non-breaking space after `citizens,"`; the cursor lands after a leading blank
        await search(pilot, '," a senior')
        assert view.cursor == text.index(',"\u00a0a senior')
        await pilot.press("g")
        await search(pilot, " a senior administration official told")  # the one match, after a NBSP
        hit = text.index("\u00a0a senior administration official told")
        assert view.cursor == hit + 1 and text[view.cursor] == "a"
        assert "1 of 1" in status(app)
        await pilot.press("n")  # n goes on from the match, not from inside it: the same one again, wrapped
        await pilot.pause()
        assert view.cursor == hit + 1 and "1 of 1" in status(app)
        # wrapping around the end says so
        said_before = len(said(app))
        await search(pilot, "cartel")
        for _ in range(len(low)):
            await pilot.press("n")
        await pilot.pause()
        assert any("continued at the TOP" in m for m in said(app)[said_before:])


def test_snapshot_search_counter_and_a_quotation_selected(corpus, snap_compare):
    """What the screen shows after `/"the trump` and `va"`: the quotation selected with its marks (reverse video,
    across rows), the match highlighted, VISUAL and "N selected" and `/"the trump 1 of 1` in the status line."""
    db, _ = corpus
    keys = ["slash", *'"the trump', "enter", "v", "a", '"']
    assert snap_compare(make_app(db, [SEED_003]), press=keys, terminal_size=(120, 30))

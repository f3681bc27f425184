"""Search, opening documents, progress, help, quit, focus and the command palette, driven through the keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, make_app, said, seed_db
from tui_reader.importing import import_paths
from tui_reader.keymap import KEYMAP, keymap_markdown
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def view(app, side: str = "left") -> DocumentView:
    return app.query_one(f"#{side}", DocumentView)


async def test_opens_first_two_documents_side_by_side_focus_left(corpus):
    db, ids = corpus
    app = make_app(db, [ids[3], ids[1], *ids])
    async with app.run_test(size=SIZE) as pilot:
        assert view(app).doc_id == ids[3]  # the first frame: the article you read first
        await pilot.pause()  # the second article, the lists and the bars follow it
        assert (view(app).doc_id, view(app, "right").doc_id) == (ids[3], ids[1])
        assert app.focused is view(app) and view(app).cursor == 0
        with AnnotationStore(db) as s:
            assert view(app).text == s.document_text(ids[3])


async def test_search_then_n_and_N(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert any("No search yet" in m for m in said(app))
        text = view(app).text.casefold()
        hits = [i for i in range(len(text)) if text.startswith("cartels", i)]
        assert len(hits) >= 3
        await pilot.press("slash", *"cartels", "enter")  # no capital: any case (smartcase)
        await pilot.pause()
        assert view(app).cursor == hits[0]
        await pilot.press("n")
        await pilot.pause()
        assert view(app).cursor == hits[1]
        await pilot.press("n")
        await pilot.pause()
        assert view(app).cursor == hits[2]
        await pilot.press("N")
        await pilot.pause()
        assert view(app).cursor == hits[1]
        await pilot.press("slash", "ctrl+u", *"zzqqxx-not-there", "enter")
        await pilot.pause()
        assert any("Not found" in m for m in said(app))
        assert view(app).cursor == hits[1]


async def test_o_opens_another_document_in_the_focused_pane(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")  # the right pane
        assert app.focused is view(app, "right")
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "DocumentPicker"
        await pilot.press(*ids[4][:3], "enter")
        await pilot.pause()
        assert view(app, "right").doc_id == ids[4] and view(app, "left").doc_id == ids[0]
        assert app.focused is view(app, "right")
        await pilot.press("o", "escape")
        await pilot.pause()
        assert view(app, "right").doc_id == ids[4]


async def test_d_marks_done_and_again_back_in_progress(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        with AnnotationStore(db) as s:
            assert [(p["annotator"], p["status"]) for p in s.progress(ids[0])] == [(ANNOTATOR, "done")]
        assert "1/5 documents done" in app.sub_title
        docs = app.query_one("DocumentList")
        assert "done" in docs.row_text(ids[0])
        await pilot.press("d")
        await pilot.pause()
        with AnnotationStore(db) as s:
            assert [p["status"] for p in s.progress(ids[0])] == ["in-progress"]
        assert "0/5 documents done" in app.sub_title


async def test_question_mark_shows_the_keymap_table(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        table = app.screen.query_one("#keymap").content
        rows = [(str(table.columns[0]._cells[i]), str(table.columns[1]._cells[i])) for i in range(table.row_count)]
        assert rows == list(KEYMAP)
        await pilot.press("1")  # the reader's keys are off while help is open
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "Screen"
        assert not any("Nothing selected" in m for m in said(app))


def test_keymap_markdown_is_the_same_table():
    lines = keymap_markdown().splitlines()
    assert lines[:2] == ["| key | action |", "|---|---|"]
    assert lines[2:] == [f"| {k} | {a} |" for k, a in KEYMAP]


async def test_q_quits_without_asking(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w", "1", "q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running
    with AnnotationStore(db) as s:
        assert len(s.spans()) == 1


async def test_tab_is_the_other_pane_and_shift_tab_the_lists_as_help_says(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        order = []
        for _ in range(3):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["left", "right", "left"]  # tab: the other pane, never the lists
        assert app.focused.id == "right"
        order = []
        for _ in range(3):
            await pilot.press("shift+tab")
            order.append(app.focused.id)
        assert order == ["spans", "docs", "right"]  # the lists in turn, then back to the pane they serve
        await pilot.press("shift+tab", "tab")
        assert app.focused.id == "right"  # tab from a list: back to the pane
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = " ".join(str(c) for c in app.screen.query_one("#keymap").content.columns[1]._cells)
        assert "focus the other pane" in help_text and "focus the lists" in help_text


async def test_span_list_enter_jumps_to_span(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 5, 8, "claim", annotator=ANNOTATOR)
        far = s.add_span(ids[0], 400, 420, "quote", annotator=ANNOTATOR, note="far")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab")  # from the left pane back to its span list
        assert app.focused.id == "spans"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.focused is view(app) and view(app).cursor == far.start
        assert "far" in app.query_one("StatusLine").text


async def test_document_list_enter_opens_in_active_pane(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "shift+tab", "shift+tab")
        assert app.focused.id == "docs"
        docs = app.query_one("DocumentList")
        assert docs.highlighted_id == ids[1]  # the list shows where the active (right) pane is
        await pilot.press("down", "enter")
        await pilot.pause()
        assert view(app, "right").doc_id == ids[2]


async def test_a_single_document_fills_one_pane(tmp_path):
    src = tmp_path / "only.txt"
    src.write_text("Only one article here.\n", encoding="utf-8")
    db = tmp_path / "one.db"
    with AnnotationStore(db) as s:
        import_paths(s, [src])
    app = make_app(db, ["only"])
    async with app.run_test(size=SIZE) as pilot:
        assert view(app).doc_id == "only" and not view(app, "right").display
        order = []
        for _ in range(3):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["left", "docs", "spans"]


async def test_click_on_a_document_opens_it_in_the_active_pane(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the list is mounted after the first frame
        await pilot.click("#docs", offset=(4, 1 + 2 * 3))  # below the border, the fourth two-line entry
        await pilot.pause()
        assert view(app).doc_id == ids[3] and app.focused is view(app)

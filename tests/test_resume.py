"""Resume: restarting reopens the same two documents, each at its cursor and top line, per annotator;
`o` opens a document where that annotator left it; a big document resumes deep inside once its whole text is in.
Restarts are what `tui-reader open` does without paths: `resume.resume_order` picks the documents."""

from __future__ import annotations

from pathlib import Path

from apphelp import ANNOTATOR, SIZE, make_app, seed_db
from test_big_document import SMALL, big_prefix, make_db
from tui_reader.resume import resume_order
from tui_reader.store import AnnotationStore
from tui_reader.tui import loading
from tui_reader.tui.document_view import DocumentView


def view(app, side: str = "left") -> DocumentView:
    return app.query_one(f"#{side}", DocumentView)


def restart(db: Path, annotator: str = ANNOTATOR):
    with AnnotationStore(db) as store:
        ids = resume_order(store, annotator, store.document_ids())
    return make_app(db, ids, annotator=annotator)


def screen(v: DocumentView) -> list[str]:
    return [v.render_line(y).text for y in range(v.scrollable_content_region.height)]


async def test_restart_reopens_the_same_two_documents_at_their_cursor_and_top_line(tmp_path: Path) -> None:
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o", *ids[3][:3], "enter")  # the left pane: another document, deep in it
        await pilot.pause()
        await pilot.press(*["pagedown"] * 3, "down", "down", "w")
        left = (view(app).doc_id, view(app).cursor, screen(view(app)))
        await pilot.press("tab")  # the right pane: the fifth document, a little way down
        await pilot.press("o", *ids[4][:3], "enter")
        await pilot.pause()
        await pilot.press("pagedown", "j", "j")
        right = (view(app, "right").doc_id, view(app, "right").cursor, screen(view(app, "right")))
        assert left[1] > 0 and right[1] > 0 and left[0] != right[0]
        await pilot.press("q")
    app = restart(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert (view(app).doc_id, view(app).cursor, screen(view(app))) == left
        assert (view(app, "right").doc_id, view(app, "right").cursor, screen(view(app, "right"))) == right
    other = restart(db, "someone-else")  # per annotator: another one starts where they were (nowhere yet)
    async with other.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert (view(other).doc_id, view(other).cursor, view(other, "right").doc_id) == (ids[0], 0, ids[1])


async def test_o_opens_a_document_where_the_annotator_left_it(tmp_path: Path) -> None:
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "j")
        where_first = (view(app).cursor, screen(view(app)))
        await pilot.press("o", *ids[2][:3], "enter")  # another document in this pane: the first one is saved
        await pilot.pause()
        assert view(app).doc_id == ids[2] and view(app).cursor == 0
        await pilot.press("pagedown", "l")
        where_third = view(app).cursor
        await pilot.press("o", *ids[0][:3], "enter")
        await pilot.pause()
        assert (view(app).doc_id, view(app).cursor, screen(view(app))) == (ids[0], *where_first)
        await pilot.press("o", *ids[2][:3], "enter")
        await pilot.pause()
        assert (view(app).doc_id, view(app).cursor) == (ids[2], where_third)


async def test_a_resting_cursor_is_saved_without_quitting(tmp_path: Path) -> None:
    """A crash or a killed terminal loses at most the last second of moves: the position is saved once the
    cursor rests (one write per interval, not one per key)."""
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["w"] * 30)
        cursor = view(app).cursor
        await pilot.pause(loading.SAVE_EVERY * 2.5)
        with AnnotationStore(db) as s:
            pos = s.position(ANNOTATOR, ids[0])
        assert pos is not None and (pos.pane, pos.cursor) == ("left", cursor)


async def test_a_big_document_resumes_deep_inside_once_its_whole_text_is_in(tmp_path: Path) -> None:
    text = big_prefix(2_500_000) + SMALL
    db, doc_id = make_db(tmp_path, "big", text)
    deep = text.index("Zoë")
    app = make_app(db, [doc_id])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view(app).move_to(deep)
        await pilot.press("q")
    app = restart(db)
    async with app.run_test(size=SIZE) as pilot:
        v = view(app)
        assert len(v.text) < len(text) and v.cursor == 0  # the first frame: the beginning, fast
        await pilot.pause()
        await pilot.pause()
        assert v.text == text and v.cursor == deep
        assert any("Zoë" in row for row in screen(v))
        await pilot.press("v", "right", "right")  # keys act on the whole text, at that place
        assert v.selection == (deep, deep + 2)

"""Notes and undo/redo (within a session and after a restart), driven through the keys; checked in the database."""

from __future__ import annotations

from apphelp import ANNOTATOR, SIZE, left, make_app, said, stored
from tui_reader.store import AnnotationStore


async def test_note_editor_saves_plain_text_and_cancel_keeps_it(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        span = s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditor"
        await pilot.press(*"[bold]check", "enter", *"this[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ != "NoteEditor"
        assert stored(db)[0].note == "[bold]check\nthis[/]"
        await pilot.press("e")
        await pilot.press(*"more")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert stored(db)[0].note == "[bold]check\nthis[/]"
    assert stored(db)[0].id == span.id


async def test_undo_redo_and_undo_after_restart(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w", "1")
        await pilot.pause()
        (span,) = stored(db)
        await pilot.press("u")
        await pilot.pause()
        assert stored(db) == [] and left(app).spans_at_cursor() == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [s.id for s in stored(db)] == [span.id]
        left(app).move_to(0)
        assert [s.id for s in left(app).spans_at_cursor()] == [span.id]
        await pilot.press("q")
    assert app.return_code == 0
    # a new session on the same database undoes the tag made in the last one (the events log)
    again = make_app(db, ids)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert stored(db) == []
        assert any("Undo: create of claim" in m for m in said(again))
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in m for m in said(again))
        await pilot.press("ctrl+r")
        await pilot.pause()
    assert [s.id for s in stored(db)] == [span.id]


async def test_undo_of_delete_and_of_note(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", *"n1", "ctrl+s")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert stored(db) == []
        await pilot.press("u")
        await pilot.pause()
        assert [s.note for s in stored(db)] == ["n1"]
        await pilot.press("u")
        await pilot.pause()
        assert [s.note for s in stored(db)] == [""]


async def test_keys_in_the_span_list_act_on_the_highlighted_span(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        first = s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
        second = s.add_span(ids[0], 300, 320, "quote", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab", "down")  # the left pane's span list, second row
        assert app.focused.id == "spans"
        await pilot.press("e", *"why", "ctrl+s")
        await pilot.pause()
        assert {s.id: s.note for s in stored(db)} == {first.id: "", second.id: "why"}
        await pilot.press("x")
        await pilot.pause()
        assert [s.id for s in stored(db)] == [first.id]

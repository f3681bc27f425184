"""Tagging, deleting, notes, accept/reject and undo/redo, driven through the keys; checked in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, make_app, said, seed_db, stored
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def left(app) -> DocumentView:
    return app.query_one("#left", DocumentView)


async def search(pilot, pattern: str) -> None:
    """Move the cursor the way a person does: `/`, the pattern, enter."""
    await pilot.press("slash")
    await pilot.press(*pattern)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("key,label", [("1", "claim"), ("2", "quote"), ("3", "statistic"), ("4", "anonymous source")])
async def test_visual_selection_then_digit_stores_span_with_exact_offsets(corpus, key, label):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        assert app.focused is view and view.doc_id == ids[0] and view.cursor == 0
        await pilot.press("v", "w", "w", "w")
        assert view.selection is not None and view.selection[0] == 0
        await pilot.press(key)
        await pilot.pause()
        assert view.selection is None  # the tag consumed the selection
    spans = stored(db, ids[0])
    assert len(spans) == 1
    span = spans[0]
    text = AnnotationStore(db).document_text(ids[0])
    assert (span.label, span.annotator, span.status, span.origin) == (label, ANNOTATOR, "accepted", "manual")
    assert span.start == 0 and text[span.start : span.end] == span.text
    # the view's word rule (vim's): a word is a run of letters/digits or a run of punctuation, so the first
    # three words of "NewsBite\n\n‘Bad news’:" are NewsBite, ‘ and Bad; white space at the ends is trimmed
    assert span.text == "NewsBite\n\n‘Bad"


async def test_tag_shows_in_pane_list_and_header_after_commit(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w", "2")
        await pilot.pause()
        view = left(app)
        (span,) = stored(db, ids[0])  # committed: another connection sees it
        view.move_to(0)
        assert [s.id for s in view.spans_at_cursor()] == [span.id]
        assert list(app.query_one("SpanList").spans) == [span.id]
        assert "1 span" in app.sub_title
        await pilot.pause()
        assert "quote" in app.query_one("StatusLine").text


async def test_digit_without_selection_tags_nothing_and_says_so(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert any("Nothing selected" in m for m in said(app))
        assert app.is_running
    assert stored(db) == []


async def test_selection_is_trimmed_of_white_space(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        text = view.text
        nl = text.index("\n\n")  # "NewsBite\n\n‘Bad…": select the title with the blank line after it
        view.select(0, nl + 2)
        await pilot.press("3")
        await pilot.pause()
    (span,) = stored(db, ids[0])
    assert (span.start, span.end, span.text) == (0, nl, text[:nl])


async def test_label_keys_come_from_the_label_file(corpus, tmp_path):
    db, ids = corpus
    toml = tmp_path / "labels.toml"
    toml.write_text('[[label]]\nname = "actor"\nkey = "7"\ncolour = "#aa3355"\n', encoding="utf-8")
    app = make_app(db, ids, labels=LabelSet.from_toml(toml))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w", "1")  # no label on 1 in this set
        await pilot.pause()
        assert any("No label on key 1" in m for m in said(app))
        await pilot.press("7")
        await pilot.pause()
    assert [s.label for s in stored(db)] == ["actor"]


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_delete_removes_span_under_cursor(corpus, key):
    db, ids = corpus
    with AnnotationStore(db) as s:
        keep = s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
        gone = s.add_span(ids[0], 10, 20, "quote", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        left(app).move_to(12)
        await pilot.press(key)
        await pilot.pause()
        assert left(app).spans_at_cursor() == []
        assert any("Deleted quote" in m for m in said(app))
    assert [s.id for s in stored(db)] == [keep.id]
    assert gone.id not in {s.id for s in stored(db)}


async def test_delete_with_no_span_says_so(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert any("No span under the cursor" in m for m in said(app))


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


async def test_accept_and_reject_suggestion_under_cursor(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        a = s.add_span(ids[0], 0, 8, "claim", status="suggested", origin="rule:test")
        r = s.add_span(ids[0], 10, 20, "quote", status="suggested", origin="rule:test")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        left(app).move_to(12)
        await pilot.press("r")
        await pilot.pause()
        assert left(app).spans_at_cursor() == []  # rejected suggestions leave the pane
        await pilot.press("a")
        await pilot.pause()
        assert any("No suggestion under the cursor" in m for m in said(app))
    by_id = {s.id: s for s in stored(db)}
    assert by_id[a.id].status == "accepted" and by_id[r.id].status == "rejected"  # kept, so rules skip it
    with AnnotationStore(db) as s:
        updates = [e for e in s.events() if e.action == "update"]
    assert [(e.span_id, e.annotator, e.after["status"]) for e in updates] == [
        (a.id, ANNOTATOR, "accepted"), (r.id, ANNOTATOR, "rejected")]


@pytest.mark.parametrize("key,answer,expected", [("A", "y", "accepted"), ("R", "y", "rejected"),
                                                 ("A", "n", "suggested")])
async def test_accept_or_reject_all_after_confirm(corpus, key, answer, expected):
    db, ids = corpus
    with AnnotationStore(db) as s:
        for start in (0, 10, 30):
            s.add_span(ids[0], start, start + 5, "statistic", status="suggested", origin="rule:test")
        other = s.add_span(ids[1], 0, 5, "statistic", status="suggested", origin="rule:test")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press(answer)
        await pilot.pause()
    assert [s.status for s in stored(db, ids[0])] == [expected] * 3
    assert [s.status for s in stored(db, ids[1])] == ["suggested"]  # only the focused pane's document
    assert stored(db, ids[1])[0].id == other.id


async def test_busy_database_is_a_visible_notice_not_a_crash(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        app.store.conn.execute("PRAGMA busy_timeout = 20")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            await pilot.press("v", "w", "2")
            await pilot.pause()
            assert any("busy" in m for m in said(app))
            assert app.is_running
        finally:
            other.execute("ROLLBACK")
            other.close()
        await pilot.press("2")  # the selection is kept, so trying again works once the lock is gone
        await pilot.pause()
    assert len(stored(db)) == 1


async def test_store_error_becomes_a_notification(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        span = s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        with AnnotationStore(db) as s:  # another session deletes it behind the app's back
            s.delete_span(span.id, annotator="someone-else")
        await pilot.press("x")
        await pilot.pause()
        assert any(m.startswith("Not saved") for m in said(app))
        assert app.is_running

"""The corpus review queue: palette "review: suggestions" and `open --review` walk every suggestion
of the corpus in document order in the reading pane; a / r / x act on each and the next one is shown (the next
document's when this one has no more); the border says "N of M reviewed"; a restart continues where it stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, listen, make_app, said, seed_db
from tui_reader import review
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.suggest import store_suggestions
from tui_reader.tui.app import ReaderApp
from tui_reader.tui.document_view import DocumentView


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        assert store_suggestions(s)["added"] > 20
    return db, ids


def pending(db: Path) -> list:
    """Open suggestions in document order, as the store holds them."""
    with AnnotationStore(db) as s:
        return sorted((x for x in s.spans(statuses=("suggested",))), key=lambda x: (x.doc_id, x.start, x.end, x.id))


def border(app) -> str:
    return str(app.query_one("#left", DocumentView).border_title)


async def palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)


async def test_the_queue_walks_the_suggestions_a_r_x_each_moving_on(corpus) -> None:
    db, ids = corpus
    todo = pending(db)
    total = len(todo)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "review: suggestions")
        v = app.query_one("#left", DocumentView)
        assert (v.doc_id, v.cursor) == (todo[0].doc_id, todo[0].start)  # the first suggestion, in its text
        assert f"0 of {total:,} reviewed" in border(app)
        await pilot.press("a")
        await pilot.pause()
        assert (v.doc_id, v.cursor) == (todo[1].doc_id, todo[1].start)
        assert f"1 of {total:,} reviewed" in border(app)
        await pilot.press("r")
        await pilot.pause()
        assert (v.doc_id, v.cursor) == (todo[2].doc_id, todo[2].start)
        await pilot.press("x")  # on a suggestion x rejects it (deleted, it would be suggested again): moves on
        await pilot.pause()
        assert (v.doc_id, v.cursor) == (todo[3].doc_id, todo[3].start)
        assert f"3 of {total:,} reviewed" in border(app)
    with AnnotationStore(db) as s:
        got = {x.id: (x.status, x.annotator) for x in s.spans()}
    assert got[todo[0].id] == ("accepted", ANNOTATOR) and got[todo[1].id] == ("rejected", ANNOTATOR)
    assert got[todo[2].id] == ("rejected", ANNOTATOR)


async def test_at_the_end_of_a_document_the_next_documents_first_suggestion_is_shown(corpus) -> None:
    db, ids = corpus
    todo = pending(db)
    first_doc = [x for x in todo if x.doc_id == todo[0].doc_id]
    later = next(x for x in todo if x.doc_id != todo[0].doc_id)
    with AnnotationStore(db) as s:  # all but the last suggestion of the first document already decided
        review.set_status_many(s, first_doc[:-1], "accepted", ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "review: suggestions")
        v = app.query_one("#left", DocumentView)
        assert (v.doc_id, v.cursor) == (first_doc[-1].doc_id, first_doc[-1].start)
        await pilot.press("a")
        await pilot.pause()
        assert (v.doc_id, v.cursor) == (later.doc_id, later.start)  # another document, opened at it
        assert f"{len(first_doc)} of {len(todo):,} reviewed" in border(app)


def reviewing(db: Path, ids: list[str], annotator: str = ANNOTATOR) -> ReaderApp:
    """The app as `tui-reader open --review` starts it."""
    return listen(ReaderApp(db_path=db, doc_ids=ids, annotator=annotator, labels=LabelSet.default(), review=True))


async def test_quitting_and_restarting_continues_where_the_review_stopped(corpus) -> None:
    db, ids = corpus
    todo = pending(db)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "review: suggestions")
        await pilot.press("a", "r", "a")
        await pilot.pause()
        await pilot.press("right_square_bracket")  # looking ahead does not move the queue
        await pilot.press("q")
    with AnnotationStore(db) as s:  # meanwhile a suggestion reappears before that point (suggest ran again)
        s.delete_span(todo[0].id)
        store_suggestions(s, [todo[0].doc_id])
    again = reviewing(db, ids)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        v = again.query_one("#left", DocumentView)
        assert (v.doc_id, v.cursor) == (todo[3].doc_id, todo[3].start)  # where it stopped, not the first open
        assert f"2 of {len(todo):,} reviewed" in border(again)
    other = reviewing(db, ids, "someone-else")  # per annotator: another one starts at the first open one
    async with other.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        v = other.query_one("#left", DocumentView)
        assert (v.doc_id, v.cursor) == (todo[0].doc_id, todo[0].start)
        assert "0 of " in border(other)


async def test_undo_brings_the_suggestion_back_on_screen(corpus) -> None:
    db, ids = corpus
    todo = pending(db)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "review: suggestions")
        await pilot.press("a", "a")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        v = app.query_one("#left", DocumentView)
        assert (v.doc_id, v.cursor) == (todo[1].doc_id, todo[1].start)
        assert f"1 of {len(todo):,} reviewed" in border(app)


async def test_review_with_nothing_to_review_says_so(tmp_path: Path) -> None:
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "review: suggestions")
        assert any("No suggestions to review" in m for m in said(app))
        assert "reviewed" not in border(app)


async def test_a_label_key_in_the_queue_relabels_accepts_and_moves_on(corpus) -> None:
    """A label key on the suggestion shown gives it that label and accepts it (one undo step); the queue goes on."""
    db, ids = corpus
    todo = pending(db)
    labels = LabelSet.default()
    other = next(lb for lb in labels.labels if lb.name != todo[0].label)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "review: suggestions")
        v = app.query_one("#left", DocumentView)
        assert (v.doc_id, v.cursor) == (todo[0].doc_id, todo[0].start)
        await pilot.press(other.key)
        await pilot.pause()
        assert (v.doc_id, v.cursor) == (todo[1].doc_id, todo[1].start)
    with AnnotationStore(db) as s:
        got = s.get_span(todo[0].id)
        assert (got.label, got.status) == (other.name, "accepted")
        s.undo(ANNOTATOR)
        back = s.get_span(todo[0].id)
        assert (back.label, back.status) == (todo[0].label, "suggested")

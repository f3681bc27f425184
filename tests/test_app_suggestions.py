"""Accepting/rejecting suggestions; a busy or failing database is a notice, never a crash."""

from __future__ import annotations

import sqlite3

import pytest

from apphelp import ANNOTATOR, SIZE, left, make_app, said, stored
from tui_reader.store import AnnotationStore
from tui_reader.tui.widgets.span_list import SpanList


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
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            await pilot.press("v", "w", "2")
            await pilot.pause()
            assert any(m.startswith("Not saved") and "busy" in m for m in said(app))
            assert app.is_running
            # nothing is shown as saved: no span in the pane, the span list or the header's count
            assert left(app).spans == [] and app.query_one(SpanList).rows == []
            assert app.sub_title.endswith("· 0 spans")
            assert stored(db) == [] and left(app).selection is not None
        finally:
            other.execute("ROLLBACK")
            other.close()
        notices = len(said(app))
        await pilot.press("2")  # the selection is kept, so trying again works once the lock is gone
        await pilot.pause()
        (span,) = stored(db)
        assert [s.id for s in left(app).spans] == [span.id] and list(app.query_one(SpanList).spans) == [span.id]
        assert app.sub_title.endswith("· 1 span")
        assert not any(m.startswith("Not saved") for m in said(app)[notices:])


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

"""Assist in the app: palette suggestions, ] onto a suggestion and a to accept it; echoes of the span under the
cursor marked in the other pane; L links them (stored, exported, counted by `tui-reader stats`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from apphelp import ANNOTATOR, SIZE, make_app, palette, said, seed_db, stored
from tui_reader.cli import main
from tui_reader.store import AnnotationStore
from tui_reader.suggest import DEFAULT_RULES, suggest_text
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.widgets.span_list import SpanList
from tui_reader.tui.widgets.status_line import StatusLine

PHRASE = "Mexico is run by the cartels"


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def pane(app, which: str) -> DocumentView:
    return app.query_one(f"#{which}", DocumentView)


def marks(view: DocumentView, layer: str) -> list[tuple[int, int]]:
    """The ranges a marks layer holds (what the pane draws over the text)."""
    return sorted(view.marks.get(layer, []))


async def settle(app, pilot) -> None:
    """Let thread workers (suggest, echo search) finish and their results reach the screen."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_palette_suggest_stores_and_shows_suggestions_then_bracket_and_a_accept_one(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        left = pane(app, "left")
        assert left.spans == []
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        expected = suggest_text(left.text, DEFAULT_RULES)
        shown = [(s.start, s.end, s.label, s.status) for s in left.spans]
        assert shown == [(g.start, g.end, g.label, "suggested") for g in expected]
        per_label = {lb: sum(1 for g in expected if g.label == lb) for lb in {g.label for g in expected}}
        note = said(app)[-1]
        for lb, n in per_label.items():
            assert f"{n} {lb}" in note
        assert len(app.query_one(SpanList).spans) == len(expected)  # the span list shows them too
        assert stored(db, ids[1]) == []  # only this document
        # ] lands on the first suggestion, a accepts it with the annotator recorded
        await pilot.press("right_square_bracket")
        await pilot.pause()
        first = expected[0]
        assert left.cursor == first.start
        assert "suggested" in app.query_one(StatusLine).text
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert left.cursor == expected[1].start
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert left.cursor == first.start
        await pilot.press("a")
        await pilot.pause()
    by_pos = {(s.start, s.end, s.label): s for s in stored(db, ids[0])}
    accepted = by_pos[(first.start, first.end, first.label)]
    assert (accepted.status, accepted.annotator, accepted.origin) == ("accepted", ANNOTATOR, f"rule:{first.rule}")
    assert sum(s.status == "suggested" for s in by_pos.values()) == len(expected) - 1


async def test_palette_suggest_all_documents_and_running_again_adds_nothing(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "suggest: all documents")
        await settle(app, pilot)
        assert all(stored(db, d) for d in ids)  # every seed got suggestions
        assert pane(app, "right").spans  # the other pane re-read its spans too
        before = len(stored(db))
        await palette(pilot, "suggest: all documents")
        await settle(app, pilot)
        assert "No new suggestions in 5 documents" in said(app)[-1]
    assert len(stored(db)) == before


async def on_the_first_suggestion(app, pilot, db: Path, doc_id: str):  # type: ignore[no-untyped-def]
    """"suggest: this document" from the palette, then ] onto the first suggestion: that span as stored."""
    await palette(pilot, "suggest: this document")
    await settle(app, pilot)
    await pilot.press("right_square_bracket")
    await pilot.pause()
    return next(s for s in stored(db, doc_id) if s.start == pane(app, "left").cursor)


async def test_x_on_a_suggestion_rejects_it_so_suggesting_again_does_not_bring_it_back(corpus):
    """x on a suggestion: deleted, the next "suggest" would store it again; so x rejects it (as r does) and a
    rejected suggestion stays rejected. x on an accepted span still deletes it."""
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        left = pane(app, "left")
        first = await on_the_first_suggestion(app, pilot, db, ids[0])
        n = len(stored(db, ids[0]))
        await pilot.press("x")
        await pilot.pause()
        assert any(m.startswith("Rejected:") for m in said(app))
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        assert "No new suggestions" in said(app)[-1]
        after = {s.id: s for s in stored(db, ids[0])}
        assert len(after) == n and after[first.id].status == "rejected"
        assert first.start not in [s.start for s in left.spans if s.label == first.label]  # hidden in the pane
        await pilot.press("v", "w", "1", "left_square_bracket", "x")  # a span of one's own: x deletes it
        await pilot.pause()
        assert any(m.startswith("Deleted claim") for m in said(app))
    assert [s for s in stored(db, ids[0]) if s.label == "claim"] == []


async def test_a_suggestion_relabelled_with_a_label_key_is_not_suggested_again_under_its_old_label(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        first = await on_the_first_suggestion(app, pilot, db, ids[0])
        other = next(k for k, lb in (("1", "claim"), ("3", "statistic")) if lb != first.label)
        await pilot.press(other)
        await pilot.pause()
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        assert "No new suggestions" in said(app)[-1]
    at = [(s.label, s.status) for s in stored(db, ids[0]) if (s.start, s.end) == (first.start, first.end)]
    assert len(at) == 1 and at[0][0] != first.label and at[0][1] == "accepted"


def phrase_span(db: Path, doc_id: str):
    with AnnotationStore(db) as s:
        text = s.document_text(doc_id)
        start = text.index(PHRASE)
        return s.add_span(doc_id, start, start + len(PHRASE), "quote", annotator=ANNOTATOR)


async def test_echo_of_the_span_under_the_cursor_is_marked_in_the_other_pane_and_L_links_it(corpus, tmp_path):
    db, ids = corpus
    span = phrase_span(db, ids[1])  # 001: “She's a very brave woman, but Mexico is run by the cartels.”
    app = make_app(db, [ids[1], ids[3]])  # 003: "Mexico is run by the cartels," he remarked
    async with app.run_test(size=SIZE) as pilot:
        left, right = pane(app, "left"), pane(app, "right")
        assert marks(right, "echoes") == []
        left.move_to(span.start + 3)
        await settle(app, pilot)
        ranges = marks(right, "echoes")
        assert len(ranges) == 1
        start, end = ranges[0]
        assert right.text[start:end] == PHRASE
        assert right.text.index(PHRASE) == start
        # off the span: the echo marks go
        left.move_to(span.end + 5)
        await settle(app, pilot)
        assert marks(right, "echoes") == []
        left.move_to(span.start)
        await settle(app, pilot)
        assert marks(right, "echoes") == [(start, end)]  # back on it (cached)
        await pilot.press("L")
        await pilot.pause()
        # linked in both panes, named in the status line, flagged in the span list
        assert marks(left, "links") == [(span.start, span.end)]
        assert marks(right, "links") == [(start, end)]
        assert "linked: appears in 2 of 5 articles" in app.query_one(StatusLine).text
        assert "⇄ linked" in app.query_one(SpanList).row_text(span.id)
    with AnnotationStore(db) as s:
        groups = s.links()
        assert len(groups) == 1
        members = [s.get_span(i) for i in groups[0]["spans"]]
    assert sorted((m.doc_id, m.start, m.end, m.text, m.status) for m in members) == [
        (ids[1], span.start, span.end, PHRASE, "accepted"), (ids[3], start, end, PHRASE, "accepted")]
    other = next(m for m in members if m.doc_id == ids[3])
    assert (other.label, other.annotator) == ("quote", ANNOTATOR)
    runner = CliRunner()
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert res.exit_code == 0, res.output
    lines = {d["id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    group = groups[0]["group"]  # each document carries its own part of the group
    assert lines[ids[1]]["links"] == [{"group": group, "spans": [span.id]}]
    assert lines[ids[3]]["links"] == [{"group": group, "spans": [other.id]}]
    res = runner.invoke(main, ["stats", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert f'quote "{PHRASE}" appears in 2 of 5 articles' in res.output


async def test_L_with_no_echo_says_so_and_stores_nothing(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        text = s.document_text(ids[1])
        start = text.index("Trump said last month")
        span = s.add_span(ids[1], start, start + len("Trump said last month"), "claim", annotator=ANNOTATOR)
    app = make_app(db, [ids[1], ids[3]])
    async with app.run_test(size=SIZE) as pilot:
        pane(app, "left").move_to(span.start)
        await settle(app, pilot)
        assert marks(pane(app, "right"), "echoes") == []
        await pilot.press("L")
        await pilot.pause()
        assert "No echo of claim" in said(app)[-1]
        pane(app, "left").move_to(0)  # no span under the cursor at all
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert "No span under the cursor" in said(app)[-1]
    with AnnotationStore(db) as s:
        assert s.links() == []
    assert [sp.id for sp in stored(db, ids[1])] == [span.id] and stored(db, ids[3]) == []


async def test_undo_after_L_removes_the_echo_span_and_with_it_the_link(corpus):
    db, ids = corpus
    span = phrase_span(db, ids[1])
    app = make_app(db, [ids[1], ids[3]])
    async with app.run_test(size=SIZE) as pilot:
        pane(app, "left").move_to(span.start)
        await settle(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        assert marks(pane(app, "right"), "links")
        await pilot.press("u")
        await pilot.pause()
        assert marks(pane(app, "right"), "links") == [] and marks(pane(app, "left"), "links") == []
        assert "linked" not in app.query_one(StatusLine).text
    assert stored(db, ids[3]) == []  # the span L made is gone, and the link with it: one step
    with AnnotationStore(db) as s:
        assert s.links() == [] and s.stats()["link_groups"] == []


async def test_L_is_one_undo_and_one_redo_step_link_included_after_a_restart_too(corpus):
    db, ids = corpus
    span = phrase_span(db, ids[1])
    app = make_app(db, [ids[1], ids[3]])
    async with app.run_test(size=SIZE) as pilot:
        pane(app, "left").move_to(span.start)
        await settle(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        (echo,) = stored(db, ids[3])
        with AnnotationStore(db) as s:
            linked = s.links()
        assert [sorted(g["spans"]) for g in linked] == [sorted([span.id, echo.id])]
        await pilot.press("u", "ctrl+r")
        await pilot.pause()
        assert marks(pane(app, "right"), "links") == [(echo.start, echo.end)]  # the link is back on screen
        assert "linked" in app.query_one(StatusLine).text
    with AnnotationStore(db) as s:
        assert [s.text for s in s.spans(ids[3])] == [echo.text] and s.links() == linked
    again = make_app(db, [ids[1], ids[3]])  # a restart: the steps come from the event log
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        with AnnotationStore(db) as s:
            assert s.spans(ids[3]) == [] and s.links() == []
        assert marks(pane(again, "left"), "links") == []
        await pilot.press("ctrl+r")
        await pilot.pause()
    with AnnotationStore(db) as s:
        assert [x.id for x in s.spans(ids[3])] == [echo.id] and s.links() == linked
        assert s.get_span(span.id) is not None  # the linked span itself was never touched


async def test_echoes_follow_the_active_pane(corpus):
    db, ids = corpus
    span = phrase_span(db, ids[1])
    there = phrase_span(db, ids[3])
    app = make_app(db, [ids[1], ids[3]])
    async with app.run_test(size=SIZE) as pilot:
        left, right = pane(app, "left"), pane(app, "right")
        left.move_to(span.start)
        await settle(app, pilot)
        assert marks(right, "echoes") == [(there.start, there.end)] and marks(left, "echoes") == []
        await pilot.press("tab")  # the right pane is active now; its cursor (at 0) is on no span
        await settle(app, pilot)
        assert app.focused is right
        assert marks(right, "echoes") == [] and marks(left, "echoes") == []
        right.move_to(there.start + 2)
        await settle(app, pilot)
        assert marks(left, "echoes") == [(span.start, span.end)] and marks(right, "echoes") == []


def test_snapshot_echo_and_link_marks(corpus, snap_compare):
    """The echo in the right pane (pink), both linked spans overlined, the status line naming the link."""
    db, ids = corpus
    span = phrase_span(db, ids[1])
    with AnnotationStore(db) as s:
        there = s.document_text(ids[3]).index(PHRASE)

    async def link_and_show(pilot) -> None:
        app = pilot.app
        left, right = pane(app, "left"), pane(app, "right")
        left.move_to(span.start)
        await settle(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        right.move_to(there)  # scroll the right pane to the echo; the left pane keeps the focus
        await settle(app, pilot)
        assert marks(right, "echoes") == [(there, there + len(PHRASE))]
        app.clear_notifications()

    assert snap_compare(make_app(db, [ids[1], ids[3]]), run_before=link_and_show, terminal_size=(160, 45))

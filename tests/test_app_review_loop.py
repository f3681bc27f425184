"""The editing loop of a long review session, driven through the keys; checked in the database and on
the screen: relabel, the cursor after tagging, a / r moving on and `>` to the next document with suggestions,
one undo step per action (A / R, relabel, adjudication), Esc in the note editor, per-annotator counts, the
palette's text sanitised."""

from __future__ import annotations

from pathlib import Path

from apphelp import ANNOTATOR, SIZE, left, make_app, said, stored
from tui_reader.models import Label, LabelSet
from tui_reader.store import AnnotationStore


def plain(db: Path, doc_id: str | None = None) -> list[tuple[int, int, str, str, str]]:
    """The spans as a user would describe them: offsets, label, status, note."""
    return [(s.start, s.end, s.label, s.status, s.note) for s in stored(db, doc_id)]


def snapshot(db: Path) -> list[dict]:
    """Everything undo / redo may touch: every span (all fields but updated_at) and every link row."""
    with AnnotationStore(db) as s:
        spans = [{k: v for k, v in x.to_dict().items() if k != "updated_at"} for x in s.spans()]
        return spans + s.links()


# -- relabel ------------------------------------------------------------------------------------------------
async def test_a_label_key_on_a_span_relabels_the_innermost_one_in_one_undo_step(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        outer = s.add_span(ids[0], 0, 30, "claim", annotator=ANNOTATOR)
        inner = s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # cursor at 0, on both spans, no selection
        await pilot.pause()
        assert plain(db, ids[0]) == [(0, 8, "quote", "accepted", ""), (0, 30, "claim", "accepted", "")]
        assert len(stored(db)) == 2  # relabelled, not a second span on the same offsets
        assert "quote" in app.query_one("StatusLine").text
        assert any("Relabelled claim → quote" in m for m in said(app))
        await pilot.press("u")
        await pilot.pause()
        assert {(s.id, s.label) for s in stored(db)} == {(outer.id, "claim"), (inner.id, "claim")}
        await pilot.press("ctrl+r")
        await pilot.pause()
    assert {(s.id, s.label) for s in stored(db)} == {(outer.id, "claim"), (inner.id, "quote")}
    with AnnotationStore(db) as s:
        assert [e.action for e in s.events(annotator=ANNOTATOR)][-3:] == ["update", "undo", "redo"]


async def test_a_label_key_on_a_suggestion_relabels_and_accepts_it(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "quote", status="suggested", origin="rule:test")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        (span,) = stored(db)
        assert (span.label, span.status, span.annotator) == ("anonymous source", "accepted", ANNOTATOR)
        assert "1 span" in app.sub_title
        await pilot.press("u")  # one undo: a suggestion again, with its label
        await pilot.pause()
    (span,) = stored(db)
    assert (span.label, span.status, span.annotator) == ("quote", "suggested", "")


async def test_a_label_key_on_a_suggestion_moves_on_to_the_next_one_as_a_does(corpus):
    """Deciding a suggestion with a label key (accept it as another label) moves on like a / r; relabelling an
    accepted span stays put."""
    db, ids = corpus
    await _suggest(db, ids[0], (10, 20), (40, 50))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        await pilot.press("right_square_bracket", "4")
        await pilot.pause()
        assert view.cursor == 40
        assert [(s.label, s.status) for s in stored(db, ids[0])] == [("anonymous source", "accepted"),
                                                                     ("statistic", "suggested")]  # fmt: skip
        await pilot.press("left_square_bracket", "1")  # back on the accepted span: relabel it, stay there
        await pilot.pause()
        assert view.cursor == 10
    assert [(s.label, s.status) for s in stored(db, ids[0])] == [("claim", "accepted"), ("statistic", "suggested")]


async def test_relabel_onto_an_existing_span_of_that_label_is_refused(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
        s.add_span(ids[0], 0, 8, "quote", status="suggested", origin="rule:test")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # the innermost (by label order) is the claim: already a claim, nothing to do
        await pilot.pause()
        assert any("Already claim" in m for m in said(app))
        await pilot.press("2")  # a quote is already on these words: no duplicate
        await pilot.pause()
        assert any("there is already a quote span on these words" in m for m in said(app))
    assert sorted(plain(db)) == [(0, 8, "claim", "accepted", ""), (0, 8, "quote", "suggested", "")]


# -- the cursor after tagging ----------------------------------------------------------------------------
async def test_after_tagging_the_cursor_stands_just_after_the_new_span(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w", "w", "1")
        await pilot.pause()
        (span,) = stored(db)
        view = left(app)
        assert view.cursor == span.end and view.selection is None
        assert view.text[span.end - 1] == span.text[-1]
        await pilot.press("v", "w", "2")  # the next passage starts from there
        await pilot.pause()
    first, second = stored(db)
    assert second.start >= first.end and second.label == "quote"


# -- review flow ---------------------------------------------------------------------------------------------
async def _suggest(db: Path, doc_id: str, *offsets: tuple[int, int]) -> None:
    with AnnotationStore(db) as s:
        text = s.document_text(doc_id)
        for a, b in offsets:
            s.add_span(doc_id, a, b, "statistic", status="suggested", origin="rule:test")
            assert text[a:b]


async def test_a_and_r_move_on_and_then_offer_the_next_document_with_suggestions(corpus):
    db, ids = corpus
    await _suggest(db, ids[0], (10, 20), (40, 50), (90, 99))
    await _suggest(db, ids[3], (100, 110), (200, 210))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        await pilot.press("right_square_bracket")
        assert view.cursor == 10
        await pilot.press("a")
        await pilot.pause()
        assert view.cursor == 40  # on the next suggestion, no `]` needed
        await pilot.press("r")
        await pilot.pause()
        assert view.cursor == 90
        assert "suggested" in app.query_one("StatusLine").text
        await pilot.press("a")
        await pilot.pause()
        assert any("No suggestions left here: > opens" in m and "(2 suggestions)" in m for m in said(app))
        await pilot.press("greater_than_sign")  # the key the notice names
        await pilot.pause()
        assert view.doc_id == ids[3] and view.cursor == 100
        await pilot.press("a", "a")
        await pilot.pause()
        assert any("No suggestions left in any document" in m for m in said(app))
    assert [s.status for s in stored(db, ids[0])] == ["accepted", "rejected", "accepted"]
    assert [s.status for s in stored(db, ids[3])] == ["accepted", "accepted"]


async def test_undo_puts_the_cursor_back_on_the_suggestion_a_mistaken_key_decided(corpus):
    """r pressed by mistake moves on to the next suggestion; u brings the cursor back to the one it rejected,
    so a accepts it there (as vim's u goes to the change); ctrl+r goes to the change again."""
    db, ids = corpus
    await _suggest(db, ids[0], (10, 20), (40, 50), (90, 99))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        await pilot.press("right_square_bracket", "a", "r")  # accept 10-20, reject 40-50 (by mistake): now at 90
        await pilot.pause()
        assert view.cursor == 90
        await pilot.press("u")
        await pilot.pause()
        assert view.cursor == 40
        assert "suggested" in app.query_one("StatusLine").text
        await pilot.press("a")
        await pilot.pause()
        assert [s.status for s in stored(db, ids[0])] == ["accepted", "accepted", "suggested"]
        await pilot.press("u", "u", "g", "ctrl+r")  # back to two suggestions; from the top, redo goes to 10
        await pilot.pause()
        assert view.cursor == 10
    assert [s.status for s in stored(db, ids[0])] == ["accepted", "suggested", "suggested"]


async def test_tagging_part_of_a_suggestion_replaces_it_so_the_review_does_not_come_back_to_it(corpus):
    """The annotator draws a suggestion's span their own way: v + a motion over part of it, the label key. The
    new span is stored, the suggestion is rejected in the same undo step (not left open beside it for > to
    bring up again), and the notice says so."""
    db, ids = corpus
    await _suggest(db, ids[0], (10, 40), (90, 99))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        await pilot.press("right_square_bracket", "v", "w", "3")
        await pilot.pause()
        mine = [s for s in stored(db, ids[0]) if s.status == "accepted"]
        assert len(mine) == 1 and mine[0].start == 10 and mine[0].end < 40
        assert [(s.start, s.end, s.status) for s in stored(db, ids[0]) if s.origin == "rule:test"] == [
            (10, 40, "rejected"), (90, 99, "suggested")]  # fmt: skip
        assert any("instead of the suggestion" in m and "now rejected" in m for m in said(app))
        await pilot.press("g", "greater_than_sign")  # the next suggestion from the top: the one still open
        await pilot.pause()
        assert view.cursor == 90
        await pilot.press("u")
        await pilot.pause()
    assert plain(db, ids[0]) == [(10, 40, "statistic", "suggested", ""), (90, 99, "statistic", "suggested", "")]


async def test_less_than_goes_back_through_suggestions_and_into_the_previous_document(corpus):
    """< is > backwards: the previous suggestion; before the document's first, the previous document that has
    suggestions opens at its last one (and from the first document, round to the last that has some)."""
    db, ids = corpus
    await _suggest(db, ids[0], (10, 20), (40, 50))
    await _suggest(db, ids[3], (100, 110), (200, 210))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        await pilot.press("G", "less_than_sign")
        await pilot.pause()
        assert (view.doc_id, view.cursor) == (ids[0], 40)
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert view.cursor == 10
        await pilot.press("less_than_sign")  # before the first: round to the last document with suggestions
        await pilot.pause()
        assert (view.doc_id, view.cursor) == (ids[3], 200)
        assert any("Opened" in m and "2 suggestions" in m for m in said(app))
        await pilot.press("less_than_sign", "less_than_sign")
        await pilot.pause()
        assert (view.doc_id, view.cursor) == (ids[0], 40)
        await pilot.press("greater_than_sign")  # and > forward again from there
        await pilot.pause()
        assert (view.doc_id, view.cursor) == (ids[3], 100)


async def test_greater_than_goes_to_the_other_pane_when_the_next_document_is_open_there(corpus):
    """> past the last suggestion: when the next document with suggestions is the one the other pane shows,
    the focus goes there (at its first suggestion) instead of opening it a second time in this pane."""
    db, ids = corpus
    await _suggest(db, ids[1], (10, 20), (40, 50))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        assert app.active_view is left(app) and left(app).doc_id == ids[0]
        await pilot.press("greater_than_sign")
        await pilot.pause()
        view = app.active_view
        assert view is not left(app) and (view.doc_id, view.cursor) == (ids[1], 10)
        assert left(app).doc_id == ids[0]  # the left pane still shows its own document
        assert any(m.startswith("In the other pane:") for m in said(app))
        await pilot.press("a")
        await pilot.pause()
        assert view.cursor == 40


async def test_accept_all_with_a_selection_takes_the_suggestions_inside_it_without_asking(corpus):
    """vipA: the suggestions inside the selection (here the headline's paragraph) are accepted, not the rest of
    the document's, with no question since the selection says which; one undo step."""
    db, ids = corpus
    await _suggest(db, ids[0], (10, 20), (40, 50), (90, 99))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "v", "i", "p", "A")
        await pilot.pause()
        assert type(app.screen).__name__ != "ConfirmScreen"
        assert [s.status for s in stored(db, ids[0])] == ["accepted", "accepted", "suggested"]
        assert any("Accepted: 2 suggestions in the selection" in m for m in said(app))
        assert left(app).selection is None
        await pilot.press("v", "l", "R")  # nothing inside a selection that holds no whole suggestion
        await pilot.pause()
        assert any("No suggestions inside the selection" in m for m in said(app))
        await pilot.press("escape", "u")
        await pilot.pause()
    assert [s.status for s in stored(db, ids[0])] == ["suggested", "suggested", "suggested"]


async def test_accept_all_is_one_undo_step_and_one_redo_step_after_a_restart_too(corpus):
    db, ids = corpus
    await _suggest(db, ids[0], *[(i * 20, i * 20 + 10) for i in range(15)])
    before = snapshot(db)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "y")
        await pilot.pause()
        assert [s.status for s in stored(db)] == ["accepted"] * 15
        after = snapshot(db)
        assert "15 spans" in app.sub_title
        await pilot.press("u")
        await pilot.pause()
        assert snapshot(db) == before  # all 15 come back as suggestions, not one
        assert "0 spans" in app.sub_title
        assert any("Undo: update of 15 spans" in m for m in said(app))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert snapshot(db) == after
        await pilot.press("q")
    again = make_app(db, ids)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert snapshot(db) == before
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert snapshot(db) == after
        await pilot.press("R", "y", "u")  # reject all of nothing: no suggestions left, nothing changes
        await pilot.pause()
    assert snapshot(db) == before  # the `u` after it undid the redo: one step again


async def test_an_adjudication_decision_is_one_undo_step_in_the_reader_too(corpus):
    from tui_reader.team import GOLD

    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "claim", annotator="ann")
        s.add_span(ids[0], 0, 8, "quote", annotator="bob")
        s.add_span(ids[0], 4, 20, "statistic", annotator="bob")
    app = make_app(db, ids, annotator=GOLD)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        await pilot.press("plus")  # both: three gold spans in one decision
        await pilot.pause()
        assert len(stored(db, ids[0])) == 6
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")  # in the reader, as gold: the whole decision
        await pilot.pause()
    assert sorted((s.annotator, s.label) for s in stored(db)) == [("ann", "claim"), ("bob", "quote"),
                                                                  ("bob", "statistic")]  # fmt: skip


# -- the note editor ------------------------------------------------------------------------------------------
async def test_escape_in_the_note_editor_asks_before_throwing_typed_text_away(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR, note="old")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", *" and new", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")  # keep editing: the draft is intact
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditor"
        await pilot.press(*"er", "ctrl+s")
        await pilot.pause()
        assert [s.note for s in stored(db)] == ["old and newer"]
        await pilot.press("e", *" gone", "escape", "y")  # asked, and the answer is to discard
        await pilot.pause()
        assert type(app.screen).__name__ != "NoteEditor"
        await pilot.press("e", "escape")  # nothing typed: escape just closes
        await pilot.pause()
        assert type(app.screen).__name__ not in ("NoteEditor", "ConfirmScreen")
    assert [s.note for s in stored(db)] == ["old and newer"]


# -- counts -------------------------------------------------------------------------------------------------------
async def test_the_header_and_document_list_count_the_annotators_own_spans_as_stats_does(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        for i in range(3):
            s.add_span(ids[0], i * 10, i * 10 + 5, "claim", annotator=ANNOTATOR)
        s.add_span(ids[0], 50, 60, "claim", annotator="someone else")
        s.add_span(ids[0], 70, 80, "claim", status="suggested")
        per_annotator = s.stats()["spans_per_annotator"]
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert per_annotator[ANNOTATOR] == 3
        assert "· 3 spans" in app.sub_title
        row = app.query_one("DocumentList").row_text(ids[0])
        assert "3" in row and "4" not in row
        await pilot.press("v", "w", "1")
        await pilot.pause()
        assert "· 4 spans" in app.sub_title


# -- sanitising --------------------------------------------------------------------------------------------------
async def test_the_palette_shows_a_label_name_with_escape_sequences_as_placeholders(corpus):
    db, ids = corpus
    evil = "quote\x1b]0;pwned\x07"
    labels = LabelSet([Label("claim", "1", "#4f7cff"), Label(evil, "2", "#2fa84f")])
    app = make_app(db, ids, labels=labels)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tag")
        await pilot.pause(0.3)
        palette = app.screen
        assert type(palette).__name__ == "CommandPalette"
        from textual.widgets import OptionList

        options = palette.query_one(OptionList)
        rows = ["".join(seg.text for seg in options.render_line(y)) for y in range(options.size.height)]
        shown = "\n".join(rows)
        assert "tag: quote" in shown  # the command is there...
        assert "\x1b" not in shown and "\x07" not in shown  # ...and no control byte reaches the terminal
        assert "\u241b" in shown  # ESC drawn as its control picture
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert all("\x1b" not in p and "\x07" not in p for p in prompts)
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x07" not in shot

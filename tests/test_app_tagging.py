"""Tagging and deleting, driven through the keys; checked in the database."""

from __future__ import annotations

import pytest

from apphelp import ANNOTATOR, SIZE, left, make_app, said, stored
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore


async def test_visual_selection_then_digit_stores_span_with_exact_offsets(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        assert app.focused is view and view.doc_id == ids[0] and view.cursor == 0
        await pilot.press("v", "w", "w", "w")
        assert view.selection is not None and view.selection[0] == 0
        await pilot.press("2")
        await pilot.pause()
        assert view.selection is None  # the tag consumed the selection
    spans = stored(db, ids[0])
    assert len(spans) == 1
    span = spans[0]
    text = AnnotationStore(db).document_text(ids[0])
    assert (span.label, span.annotator, span.status, span.origin) == ("quote", ANNOTATOR, "accepted", "manual")
    assert span.start == 0 and text[span.start : span.end] == span.text
    # the view's word rule (vim's): a word is a run of letters/digits or a run of punctuation, so the first
    # three words of "NewsBite\n\n‘Bad news’:" are NewsBite, ‘ and Bad; white space at the ends is trimmed
    assert span.text == "NewsBite\n\n‘Bad"


async def test_each_digit_tags_with_its_label(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    expected = []
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        for key, label in (("1", "claim"), ("3", "statistic"), ("4", "anonymous source")):
            await pilot.press("w", "v", "w", key)  # move on, select the next word, tag it
            await pilot.pause()
            expected.append(label)
            assert [s.label for s in stored(db)] == expected
        assert len({(s.start, s.end) for s in stored(db)}) == 3
        text = view.text
    for span in stored(db):
        assert text[span.start : span.end] == span.text and span.text.strip() == span.text


async def test_tag_shows_in_pane_list_and_header_after_commit(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w", "2")
        await pilot.pause()
        view = left(app)
        (span,) = stored(db, ids[0])  # committed: another connection sees it
        # the cursor stands just after the new span: the next passage is further on
        assert view.cursor == span.end
        assert span.id not in [s.id for s in view.spans_at_cursor()]
        assert list(app.query_one("SpanList").spans) == [span.id]
        assert "1 span" in app.sub_title
        await pilot.press("left")  # one step back: on the span's last character, the status line names it
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

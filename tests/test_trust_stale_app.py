"""Stale spans in the app: a span that could not be re-anchored after its source changed is shown (struck
through, marked "stale" in the span list and the status line), can be deleted, noted and undone like any span,
and `tui-reader open` of the edited file prints the same warning lines as `tui-reader import` does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, make_app, said, stored
from ptyapp import PtyApp
from test_trust_edited_sources import NEW, OLD
from trust_helpers import cli
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.widgets.span_list import SpanList
from tui_reader.tui.widgets.status_line import StatusLine

GONE = "Critics disagreed."  # in OLD, not in NEW: its span cannot be placed
KEPT = "The minister said"


def annotate_old(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """story.txt with OLD imported and two spans tagged on it; then the file on disk is edited to NEW."""
    src = tmp_path / "story.txt"
    src.write_text(OLD, encoding="utf-8")
    db = tmp_path / "a.db"
    with AnnotationStore(db) as store:
        assert not import_paths(store, [src]).problems
        ids = {}
        for phrase, label in ((KEPT, "claim"), (GONE, "quote")):
            i = OLD.index(phrase)
            ids[phrase] = store.add_span("story", i, i + len(phrase), label, annotator=ANNOTATOR).id
    src.write_text(NEW, encoding="utf-8")
    return src, db, ids


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    src, db, ids = annotate_old(tmp_path)
    with AnnotationStore(db) as store:
        assert len(import_paths(store, [src]).warnings) == 1  # re-imported: GONE is now stale
    return db, ids


def struck(view: DocumentView) -> str:
    """Every character the pane draws struck through, in screen order."""
    return "".join(seg.text for y in range(view.scrollable_content_region.height)
                   for seg in view.render_line(y) if seg.style and seg.style.strike)  # fmt: skip


def span_list_text(app) -> str:
    rows = app.query_one(SpanList)
    return "\n".join(rows.render_line(y).text for y in range(rows.scrollable_content_region.height))


async def test_stale_span_is_shown_struck_through_and_named_stale(edited) -> None:
    db, ids = edited
    app = make_app(db, ["story"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one("#left", DocumentView)
        stale = next(s for s in view.spans if s.id == ids[GONE])  # the pane shows it
        assert stale.stale and stale.text == GONE
        assert 0 <= stale.start < stale.end <= len(NEW)  # placed near where it was
        assert struck(view) == NEW[stale.start : stale.end].replace("\n", "")  # only it is struck through
        assert "stale" in span_list_text(app)
        assert span_list_text(app).count("stale") == 1  # the re-anchored one is not marked
        await pilot.press("]", "]")  # next span, next span: onto the stale one (it is after KEPT)
        await pilot.pause()
        assert view.cursor == stale.start
        status = app.query_one(StatusLine).text
        assert "stale" in status and GONE in status  # what was tagged, not what is under it now
        assert "(stale)" in str(view.border_subtitle)
        with AnnotationStore(db) as store:  # the store finds it where the pane shows it
            assert ids[GONE] in [s.id for s in store.spans_at("story", stale.start)]


async def test_stale_span_can_be_noted_deleted_undone_and_tagged_afresh(edited) -> None:
    db, ids = edited
    app = make_app(db, ["story"])
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        await pilot.press("]", "]")
        await pilot.press("e", *"check wording", "ctrl+s")  # a note on it: kept stale, offsets unchanged
        await pilot.pause()
        (noted,) = [s for s in stored(db) if s.id == ids[GONE]]
        assert (noted.note, noted.stale, noted.text) == ("check wording", True, GONE)
        await pilot.press("x")  # delete it
        await pilot.pause()
        assert ids[GONE] not in [s.id for s in stored(db)]
        assert ids[GONE] not in [s.id for s in view.spans] and "stale" not in span_list_text(app)
        assert any(m.startswith("Deleted quote") for m in said(app))
        await pilot.press("u")  # undo puts it back as it was: stale, same offsets (no check against the text)
        await pilot.pause()
        (back,) = [s for s in stored(db) if s.id == ids[GONE]]
        assert (back.start, back.end, back.stale, back.note) == (noted.start, noted.end, True, "check wording")
        assert "stale" in span_list_text(app)
        # tag the sentence as it now reads, then drop the stale one: the annotation is current again
        start = NEW.index("An official")
        view.move_to(start)
        await pilot.press("s", "2")  # the sentence under the cursor, as a quote
        await pilot.pause()
        assert view.cursor > start  # just after the new span; the stale one is two spans back
        await pilot.press("[", "[")
        await pilot.pause()
        assert view.cursor == back.start
        await pilot.press("x")
        await pilot.pause()
    spans = stored(db)
    assert ids[GONE] not in [s.id for s in spans] and not any(s.stale for s in spans)
    fresh = [s for s in spans if s.id not in ids.values()]
    sentence = NEW[start : NEW.index(".", NEW.index("arival")) + 1]
    assert [(s.start, s.text, s.label) for s in fresh] == [(start, sentence, "quote")]
    assert all(NEW[s.start : s.end] == s.text for s in spans)


def test_open_prints_the_same_stale_warnings_as_import(tmp_path: Path) -> None:
    src, db, ids = annotate_old(tmp_path)
    twin = tmp_path / "twin.db"  # the same database (same span ids): one is imported into, one opened
    with sqlite3.connect(db) as a, sqlite3.connect(twin) as b:
        a.backup(b)
    imported = cli("import", str(src), "--db", str(db), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    expected = [ln for ln in imported.stderr.splitlines() if ln.startswith("tui-reader: warning:")]
    assert len(expected) == 1 and ids[GONE] in expected[0] and "flagged stale" in expected[0]

    with PtyApp(["open", str(src), "--db", str(twin), "--annotator", ANNOTATOR], cwd=tmp_path) as app:
        app.wait_for("tui-reader: warning:", "UPDATED. The minister said")  # the line, then the app
        app.press("q")
        assert app.wait_exit() == 0
    printed = app.text[: app.text.index("\x1b[?1049h")]  # what was written before the app took the screen
    assert [ln for ln in printed.splitlines() if ln.startswith("tui-reader: warning:")] == expected
    with AnnotationStore(twin) as store:
        assert [s.id for s in store.spans("story") if s.stale] == [ids[GONE]]

"""Text from files is data: markup in titles, article text, notes and label names shows literally, never runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, listen, said
from tui_reader.importing import import_paths
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.app import ReaderApp

TITLE = "[@click=app.quit]Quit[/] [bold]Title[/]"
BODY = "Body [bold]not bold[/] then [/] and [@click=app.quit]click me[/] end.\n\nMore [red]text[/red].\n"
NOTE = "[/] note [@click=app.quit]x[/]"


@pytest.fixture
def marked(tmp_path: Path) -> tuple[Path, list[str]]:
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text(f"{TITLE}\n\n{BODY}", encoding="utf-8")
    (src / "b.txt").write_text("[i]second[/i] [link=https://example.com]doc[/link]\n", encoding="utf-8")
    db = tmp_path / "m.db"
    with AnnotationStore(db) as s:
        import_paths(s, [src])
        ids = s.document_ids()
        text = s.document_text(ids[0])
        start = text.index("[bold]not")
        end = text.index("[/] then") + 3
        s.add_span(ids[0], start, end, "[bold]odd", annotator=ANNOTATOR, note=NOTE)
    return db, ids


async def test_markup_in_title_text_note_and_label_is_shown_literally(marked, tmp_path):
    db, ids = marked
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = "[bold]odd"\nkey = "1"\ncolour = "#336699"\n'
                      '[[label]]\nname = "[@click=app.quit]q"\nkey = "2"\ncolour = "#993366"\n', encoding="utf-8")
    app = listen(ReaderApp(db_path=db, doc_ids=ids, annotator=ANNOTATOR, labels=LabelSet.from_toml(labels)))
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left")
        with AnnotationStore(db) as s:
            text = s.document_text(ids[0])
        assert view.title == TITLE
        # the span under the cursor is named in the status line, note included, literally
        await pilot.press("slash", *"not bold", "enter")
        await pilot.pause()
        status = app.query_one("StatusLine").text
        assert "[bold]odd" in status and "[bold]not bold[/]" in status and "[/] note [@click=app.quit]x[/]" in status
        # lists: document rows and span rows keep every bracket
        docs = app.query_one("DocumentList")
        doc_rows = [docs.row_text(d) for d in ids]
        assert any(TITLE in row for row in doc_rows)
        spans = app.query_one("SpanList")
        span_rows = [spans.row_text(k) for k in spans.spans]
        assert any("[bold]not bold[/]" in row and NOTE in row for row in span_rows)
        # the screen itself: title, text, legend are drawn with their brackets
        await pilot.pause()
        shot = app.export_screenshot().replace("&#160;", " ")
        for literal in ("[@click=app.quit]Quit[/]", "[bold]not", "[red]text[/red]", "[bold]odd", "[@click=app.quit]q"):
            assert literal.replace(" ", " ") in shot.replace("&#160;", " "), literal
        # clicking where a parsed [@click=app.quit] would have been does nothing
        for x in range(2, 30, 6):  # over the left pane's title and first lines
            await pilot.click(offset=(x, 1))
            await pilot.click(offset=(x, 3))
        assert app.is_running
        # notifications quote the text literally too
        await pilot.press("slash", "ctrl+u", *"not bold", "enter", "x")
        await pilot.pause()
        assert any("[bold]not bold[/]" in m for m in said(app))
        await pilot.press("u", "e")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditor"
        assert app.screen.query_one("TextArea").text == NOTE
        await pilot.press("escape")
        # the palette shows label names as written
        titles = [c.title for c in app.reader_commands()]
        assert "tag: [bold]odd (1)" in titles and "tag: [@click=app.quit]q (2)" in titles
        await pilot.press("ctrl+p", *"tag")
        await pilot.pause(0.3)
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert text.count("[") == BODY.count("[") + TITLE.count("[")


async def test_control_characters_never_reach_the_terminal(tmp_path):
    src = tmp_path / "c.txt"
    src.write_text("Title \x1b]0;pwned\x07 here\n\nText with \x1b[2J clear and \x9b C1.\n", encoding="utf-8")
    db = tmp_path / "c.db"
    with AnnotationStore(db) as s:
        import_paths(s, [src])
        ids = s.document_ids()
        s.add_span(ids[0], 0, 12, "claim", annotator=ANNOTATOR, note="note \x1b[31m red")
    app = listen(ReaderApp(db_path=db, doc_ids=ids, annotator=ANNOTATOR, labels=LabelSet.default()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x9b" not in shot and "\x07" not in shot
        assert "\u241b" in shot  # ESC drawn as its control picture
        status = app.query_one("StatusLine").text
        assert "\x1b" not in status and "\u241b" in status
        rows = [app.query_one("DocumentList").row_text(d) for d in ids]
        assert all("\x1b" not in r and "\x07" not in r for r in rows)


async def test_seed_004_bracketed_aside_is_shown_as_written(tmp_path):
    from apphelp import make_app, seed_db

    db, ids = seed_db(tmp_path)
    app = make_app(db, [ids[4], ids[0]])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("slash", *"[transnational", "enter")
        await pilot.pause()
        view = app.query_one("#left")
        assert view.text[view.cursor :].startswith("[transnational criminal organizations")
        rows = ["".join(seg.text for seg in view.render_line(y)) for y in range(view.scrollable_content_region.height)]
        assert any(row.startswith("[transnational criminal organizations") for row in rows), rows

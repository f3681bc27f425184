"""Titles a person recognises: on import the title is the headline, not the site chrome above it
(`corpus.headline`); the palette's "rename document" changes it, one undoable change, the title shown as text."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from apphelp import SIZE, make_app, said, seed_db
from tui_reader.corpus import decode, headline
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.widgets.document_list import DocumentList

ROOT = Path(__file__).resolve().parents[1]
DEV = Path("/work/shared/news-dev/texts")


def test_seed_titles_are_their_headlines_not_the_chrome_above() -> None:
    titles = {f.name[:3]: headline(decode(f.read_bytes()), f.stem) for f in sorted((ROOT / "seeds").glob("*.txt"))}
    assert titles == {
        "000": "‘Bad news’: Trump’s wild plan for Mexican drug cartels",  # below "NewsBite"
        "001": "The Trump administration is planning operations against the cartels in Mexico",  # "Featured"
        "002": "Trump Administration Considering 'Unprecedented' Action Against Mexican Drug Cartels",  # a menu
        "003": "Report: Trump Admin Trains Troops for Possible Targeting of Mexico Cartels",  # "Skip to main content"
        "004": "Trump Is About to Take Deadly Action Against Mexican Drug Cartels",  # "Tipsheet"
    }


def test_a_text_that_starts_with_its_headline_keeps_it() -> None:
    """The dev texts (not tuned on by the seeds' chrome) all start with their headline: it stays the title."""
    files = sorted(DEV.glob("*.txt"))
    assert len(files) == 12
    for f in files:
        text = decode(f.read_bytes())
        assert headline(text, f.stem) == text.split("\n", 1)[0].strip()


def test_headline_rules_menus_chrome_long_lines_and_fallbacks() -> None:
    assert headline("Menu\nHome\nWorld news today\n\nSkip to main content\n\nThe Real Headline Is Here\n\nBody.", "x") \
        == "The Real Headline Is Here"  # fmt: skip
    assert headline("Advertisement\nBy Jane Doe\nPrices rise for a third month\nBody text here.", "x") == \
        "Prices rise for a third month"  # fmt: skip
    long = "word " * 60
    assert headline(long, "x").endswith("…") and len(headline(long, "x")) <= 121
    assert headline("Featured\n\nNews\n", "fallback-id") == "Featured"  # nothing like a headline: the first line
    assert headline("   \n\n", "fallback-id") == "fallback-id"


def test_imported_seeds_get_headline_titles(tmp_path: Path) -> None:
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        titles = [x.title for x in s.document_summaries()]
    assert not {"NewsBite", "Featured", "Skip to main content", "Tipsheet"} & set(titles)


def listed(app) -> str:
    docs = app.query_one(DocumentList)
    return "\n".join(docs.row_text(d) for d in app.summaries)


def bordered(v: DocumentView) -> str:
    """The pane's title as drawn (Textual keeps a border title as markup: brackets come back escaped)."""
    return Content.from_markup(str(v.border_title)).plain


async def palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)


async def test_rename_document_is_stored_shown_and_undone(tmp_path: Path) -> None:
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        v = app.query_one("#left", DocumentView)
        old = v.title
        await palette(pilot, "rename document")
        assert type(app.screen).__name__ == "RenameScreen"
        await pilot.press("ctrl+u", *"Cartels: [bold]US plans[/bold]", "enter")  # markup is text in a title
        await pilot.pause()
        with AnnotationStore(db) as s:
            assert s.get_document(ids[0]).title == "Cartels: [bold]US plans[/bold]"
        assert "Cartels: [bold]US plans[/bold]" in bordered(v)
        assert "Cartels: [bold]US plans[/bold]" in listed(app)
        assert any("Renamed" in m for m in said(app))
        await pilot.press("u")
        await pilot.pause()
        with AnnotationStore(db) as s:
            assert s.get_document(ids[0]).title == old
        assert old in bordered(v) and "US plans" not in listed(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        with AnnotationStore(db) as s:
            assert s.get_document(ids[0]).title == "Cartels: [bold]US plans[/bold]"


async def test_a_title_with_control_characters_is_shown_sanitised(tmp_path: Path) -> None:
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        s.rename_document(ids[0], "Evil \x1b]52;c;aGk=\x07 title")
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = bordered(app.query_one("#left", DocumentView)) + listed(app)
        assert "\x1b" not in shown and "\x07" not in shown and "Evil" in shown

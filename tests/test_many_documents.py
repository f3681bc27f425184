"""A corpus of thousands of documents (issue 14, part 4): the picker's indexed filter shows the right rows, the
index follows imports, renames and deletions (and is built in place for an older database), start-up opens the
first documents with the header's counts right, and the document list pages through the whole corpus."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from apphelp import ANNOTATOR, make_app
from tui_reader.models import Document, Span
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.screens.doc_picker import SHOWN, DocumentPicker, PickerRows
from tui_reader.tui.widgets.document_list import DocumentList

N = 3000
PLACES = ("Zürich", "Gdańsk", "Leeds", "ÉVORA", "Porto")
TOPICS = ("council vote", "budget", "rail strike", "harbour fire")
ODD = "[bold]Mayor[/bold] quits \x1b[31mat once"  # markup and an escape sequence in a title: data, never codes


def title_of(i: int, rng: random.Random) -> str:
    if i == 1234:
        return ODD
    return f"{rng.choice(PLACES)} {rng.choice(TOPICS)} report {i}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """N documents (ids doc_0000..), a few of them with the annotator's spans and marked done."""
    db = tmp_path_factory.mktemp("many") / "many.db"
    rng = random.Random(5)
    titles: dict[str, str] = {}

    def records():  # type: ignore[no-untyped-def]
        for i in range(N):
            title = title_of(i, rng)
            text = f"Headline {i}\n\nBody of article {i}, a short text about things that happened.\n"
            doc = Document(id=f"doc_{i:04d}", text=text, title=title)
            titles[doc.id] = title
            spans = [Span(doc.id, 0, 8, "claim", text[0:8], annotator=ANNOTATOR)] if i % 100 == 0 else []
            progress = [{"annotator": ANNOTATOR, "status": "done"}] if i % 300 == 0 else []
            yield doc, spans, progress, []

    with AnnotationStore(db) as store:
        store.import_records(records())
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db, titles


@pytest.fixture
def many(built: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the built corpus for one test (tests change it)."""
    db, titles = built
    copy = tmp_path / "many.db"
    shutil.copyfile(db, copy)
    return copy, titles


def expected(titles: dict[str, str], query: str) -> list[str]:
    q = query.casefold().strip()
    return sorted(d for d, t in titles.items() if q in d.casefold() or q in t.casefold())


@pytest.mark.parametrize("query", ["report 12", "RAIL STRIKE report 2", "gdańsk", "évora council", "ou", "zz",
                                   "doc_29", "mayor", "[bold]"])  # fmt: skip
def test_the_store_filter_finds_what_a_plain_scan_finds(many, query: str) -> None:
    db, titles = many
    want = expected(titles, query)
    with AnnotationStore(db) as store:
        ids, count = store.filter_documents(query, SHOWN)
    assert ids == want[:SHOWN]
    assert count is None and len(want) > SHOWN or count == len(want)


def test_the_filter_index_follows_imports_renames_and_deletions(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with AnnotationStore(db) as store:
        store.add_document(Document(id="one", text="Harbour fire in Leeds\n\nText.\n"))
        store.add_document(Document(id="two", text="Council vote delayed\n\nText.\n"))
        assert store.filter_documents("harbour", 10) == (["one"], 1)
        store.rename_document("one", "Tram line reopens")
        assert store.filter_documents("harbour", 10) == ([], 0)
        assert store.filter_documents("tram line", 10) == (["one"], 1)
        store.undo("")  # the rename undone: the old title is found again
        assert store.filter_documents("harbour", 10) == (["one"], 1)
        store.conn.execute("DELETE FROM documents WHERE id = 'two'")  # another program deleting a document
        assert store.filter_documents("council", 10) == ([], 0)


def test_an_older_database_gets_the_index_built_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with AnnotationStore(db) as store:
        store.add_document(Document(id="one", text="Harbour fire in Leeds\n\nText.\n"))
    con = sqlite3.connect(db)  # as a database made before m011: no index, no triggers, no record of the step
    for name in ("documents_fts_insert", "documents_fts_update", "documents_fts_delete"):
        con.execute(f"DROP TRIGGER {name}")
    con.execute("DROP TABLE documents_fts")
    con.execute("DROP INDEX documents_titles")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_title_index'")
    con.commit()
    con.close()
    with AnnotationStore(db) as store:
        assert store.has_title_index()
        assert store.filter_documents("harbour fire", 10) == (["one"], 1)


async def shown(app, pilot, query: str) -> PickerRows:  # type: ignore[no-untyped-def]
    picker = app.screen
    assert isinstance(picker, DocumentPicker)
    for _ in range(200):
        if picker.settled(query):
            break
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert picker.settled(query)
    return picker.query_one(PickerRows)


def more_text(app) -> str:  # type: ignore[no-untyped-def]
    more = app.screen.query_one("#more")
    return str(more.render()) if more.display else ""


async def test_the_picker_on_thousands_of_documents_shows_the_matching_rows_and_opens_one(many) -> None:
    db, titles = many
    app = make_app(db, ["doc_0000", "doc_0001"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        rows = await shown(app, pilot, "")
        assert [rows.rows[i].id for i in range(3)] == ["doc_0000", "doc_0001", "doc_0002"]
        assert f"… {N - SHOWN} more: type to narrow" in more_text(app)
        await pilot.press(*"report 12")
        rows = await shown(app, pilot, "report 12")
        want = expected(titles, "report 12")
        assert [r.id for r in rows.rows] == want and more_text(app) == ""
        assert rows.row_text(want[0]).splitlines()[0] == f"· {titles[want[0]]}"
        await pilot.press("backspace", "backspace", "backspace")  # "report": every document but one
        rows = await shown(app, pilot, "report")
        assert len(rows.rows) == SHOWN and "more: type to narrow" in more_text(app)
        await pilot.press(*" 12", "down", "enter")  # enter acts on what was typed: the second match opens
        await pilot.pause()
        assert app.query_one("#left", DocumentView).doc_id == want[1]


async def test_titles_in_the_picker_are_shown_as_text(many) -> None:
    db, _ = many
    app = make_app(db, ["doc_0000"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o", *"mayor")
        rows = await shown(app, pilot, "mayor")
        assert [r.id for r in rows.rows] == ["doc_1234"]
        line = rows.row_text("doc_1234").splitlines()[0]
        assert "[bold]Mayor[/bold] quits" in line and "\x1b" not in line


async def test_start_up_on_thousands_of_documents_counts_and_lists_them_all(many) -> None:
    db, titles = many
    app = make_app(db, ["doc_0000", "doc_0001"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#left", DocumentView).doc_id == "doc_0000"
        assert f"{N // 300}/{N} documents done · {N // 100} spans" in app.sub_title
        docs = app.query_one(DocumentList)
        docs.focus()
        await pilot.press("G")  # the end of the list: the last document, read from the store when shown
        await pilot.pause()
        assert docs.highlighted_id == f"doc_{N - 1:04d}"
        assert docs.row_text(f"doc_{N - 1:04d}").splitlines()[0].endswith(titles[f"doc_{N - 1:04d}"])
        await pilot.press("enter")
        await pilot.pause()
        view = app.query_one("#left", DocumentView)
        assert view.doc_id == f"doc_{N - 1:04d}"
        view.focus()
        await pilot.press("v", "w", "2")  # tag a span: the header's count moves by one
        await pilot.pause()
        assert f"{N // 300}/{N} documents done · {N // 100 + 1} spans" in app.sub_title
        await pilot.press("d")  # done: the header's done count too
        await pilot.pause()
        assert f"{N // 300 + 1}/{N} documents done" in app.sub_title
        assert "done" in docs.row_text(f"doc_{N - 1:04d}")
        await pilot.press("d", "u")  # back in progress; the span undone
        await pilot.pause()
        assert f"{N // 300}/{N} documents done · {N // 100} spans" in app.sub_title


async def test_keys_go_on_while_a_filter_runs_and_only_the_latest_query_is_shown(many, monkeypatch) -> None:
    """The filter runs in a worker: held there, typing goes on; the rows shown are those of the last query."""
    import threading

    from tui_reader.store import TitleSearch

    db, titles = many
    release = threading.Event()
    asked: list[str] = []
    real = TitleSearch.search

    def held(self, query, limit, **kw):  # type: ignore[no-untyped-def]
        asked.append(query)
        release.wait(10)
        return real(self, query, limit, **kw)

    monkeypatch.setattr(TitleSearch, "search", held)
    app = make_app(db, ["doc_0000"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o")
        await shown(app, pilot, "")
        await pilot.press(*"report 12")
        await pilot.pause()
        picker = app.screen
        assert picker.query_one("#filter").value == "report 12"  # every key answered while the filter was held
        assert not release.is_set() and asked and picker.settled("")  # ... and its rows not in yet
        release.set()
        rows = await shown(app, pilot, "report 12")
        assert [r.id for r in rows.rows] == expected(titles, "report 12")


async def test_start_up_never_lists_every_document(many, monkeypatch) -> None:
    """What `tui-reader` does without paths, up to the whole screen: no call that reads every document's id or
    summary (start-up cost stays flat in the corpus); the panes, the list and the header still come out right."""
    from tui_reader.resume import resume_order
    from tui_reader.session import prepare_session

    db, titles = many
    with AnnotationStore(db) as s:
        s.save_position(ANNOTATOR, "left", "doc_2500", 5, 0)

    def whole(*args, **kw):  # type: ignore[no-untyped-def]
        raise AssertionError("start-up read every document")

    monkeypatch.setattr(AnnotationStore, "document_ids", whole)
    monkeypatch.setattr(AnnotationStore, "document_summaries", whole)
    with AnnotationStore(db) as store:
        doc_ids, problems, _ = prepare_session(store, (), seeds=None)
        doc_ids = resume_order(store, ANNOTATOR, doc_ids)
    assert not problems and doc_ids[:2] == ["doc_2500", "doc_0000"]
    app = make_app(db, doc_ids)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert [app.query_one(f"#{p}", DocumentView).doc_id for p in ("left", "right")] == ["doc_2500", "doc_0000"]
        docs = app.query_one(DocumentList)
        assert len(docs.rows) == N and docs.highlighted_id == "doc_2500"
        assert docs.row_text("doc_2500").splitlines()[0].endswith(titles["doc_2500"])
        assert f"{N // 300}/{N} documents done · {N // 100} spans" in app.sub_title

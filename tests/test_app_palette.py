"""The command palette (ctrl+p): every action, the pane's keys, and "export: <fmt>" for every registered format."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, make_app, said, seed_db
from tui_reader import formats
from tui_reader.store import AnnotationStore
from tui_reader.tui.app import ReaderApp
from tui_reader.tui.export_task import export_path


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def binding_keys(app_cls) -> set[str]:
    return {b.key for b in app_cls.BINDINGS}


async def test_palette_has_every_action_and_every_export_format(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.reader_commands()]
    for label in ("claim", "quote", "statistic", "anonymous source"):
        assert any(t.startswith(f"tag: {label}") for t in titles)
    for action in ("delete span (x)", "edit note (e)", "accept suggestion (a)", "reject suggestion (r)",
                   "accept all suggestions (A)", "reject all suggestions (R)", "undo (u)", "redo (ctrl+r)",
                   "copy (y)", "search (/)", "open document (o)", "toggle done (d)", "help (?)"):  # fmt: skip
        assert action in titles
    assert [t for t in titles if t.startswith("export: ")] == [f"export: {f}" for f in formats.FORMATS]
    # every key the app binds is reachable from the palette too
    unlabelled = {f"tag('{k}')" for k in "123456789" if app.labels.by_key(k) is None}  # no label, no command
    bound = {b.action for b in ReaderApp.BINDINGS} - {"quit"} - unlabelled
    assert bound <= {c.action for c in app.reader_commands()}


async def test_palette_runs_a_command_typed_by_name(corpus):
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle done")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        with AnnotationStore(db) as s:
            assert [p["status"] for p in s.progress(ids[0])] == ["done"]


async def test_palette_export_writes_beside_the_database(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        s.add_span(ids[1], 0, 8, "claim", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"export: jsonl")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = db.parent / "exports" / "annotations-jsonl.jsonl"
        assert any(str(out) in m for m in said(app))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in lines] == ids
    assert [(s["start"], s["end"], s["label"]) for s in lines[1]["spans"]] == [(0, 8, "claim")]


async def test_palette_runs_the_panes_own_keys_too(corpus):
    db, ids = corpus
    with AnnotationStore(db) as s:
        span = s.add_span(ids[0], 40, 50, "claim", annotator=ANNOTATOR)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.reader_commands()]
        assert any(t.startswith("pane: ") and "(v)" in t for t in titles)  # visual mode
        await pilot.press("ctrl+p", *"pane: next span")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.query_one("#left").cursor == span.start


def test_export_path_is_beside_the_database_and_a_folder_for_folder_formats(tmp_path, monkeypatch):
    db = tmp_path / "work" / "team.db"
    assert export_path(db, "jsonl") == tmp_path / "work" / "exports" / "team-jsonl.jsonl"
    folder_fmt = types.SimpleNamespace(NAME="folderfmt", DIRECTORY=True)
    csv_like = types.SimpleNamespace(NAME="tabby", DIRECTORY=False, EXTENSION="tsv")
    monkeypatch.setitem(formats.FORMATS, "folderfmt", folder_fmt)
    monkeypatch.setitem(formats.FORMATS, "tabby", csv_like)
    assert export_path(db, "folderfmt") == tmp_path / "work" / "exports" / "team-folderfmt"
    assert export_path(db, "tabby") == tmp_path / "work" / "exports" / "team-tabby.tsv"


async def test_palette_lists_formats_registered_later(corpus, monkeypatch):
    db, ids = corpus
    monkeypatch.setitem(formats.FORMATS, "tabby", types.SimpleNamespace(NAME="tabby", DIRECTORY=False))
    app = make_app(db, ids)
    async with app.run_test(size=SIZE):
        assert "export: tabby" in [c.title for c in app.reader_commands()]

"""`y`: pyperclip first; with no clipboard program it falls back to OSC 52 and says so; nothing over the screen."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyperclip
import pytest

from apphelp import ANNOTATOR, SIZE, make_app, said, seed_db
from tui_reader.store import AnnotationStore
from tui_reader.tui import clipboard


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def spy_osc52(app, monkeypatch) -> list[str]:
    sent: list[str] = []
    real = app.copy_to_clipboard

    def spy(text: str) -> None:
        sent.append(text)
        real(text)

    monkeypatch.setattr(app, "copy_to_clipboard", spy)
    return sent


async def test_no_clipboard_falls_back_to_osc52_and_says_so(corpus, monkeypatch):
    db, ids = corpus

    def broken(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        sent = spy_osc52(app, monkeypatch)
        view = app.query_one("#left")
        await pilot.press("v", "w", "w")
        start, end = view.selection
        await pilot.press("y")
        await pilot.pause()
        assert sent == [view.text[start:end]]
        assert app.clipboard == view.text[start:end]
        assert any("OSC 52" in m for m in said(app))
        assert app.is_running


async def test_copies_span_under_cursor_with_pyperclip(corpus, monkeypatch):
    db, ids = corpus
    with AnnotationStore(db) as s:
        span = s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        sent = spy_osc52(app, monkeypatch)
        await pilot.press("y")
        await pilot.pause()
        assert copied == [span.text] and sent == []
        assert any("Copied 8 characters" in m for m in said(app))


async def test_nothing_to_copy_says_so(corpus, monkeypatch):
    db, ids = corpus
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert any("Nothing to copy" in m for m in said(app))


def test_clipboard_helpers_never_write_to_the_terminal_stderr(capfd):
    """A broken xclip prints to stderr; Textual draws on stderr. pyperclip's children get stderr=DEVNULL."""
    quiet = clipboard._quiet_pyperclip().subprocess
    quiet.Popen(["sh", "-c", "echo 'Error: Can't open display' >&2"]).wait()
    quiet.check_call(["sh", "-c", "echo oops >&2"])
    assert capfd.readouterr().err == ""
    subprocess.Popen(["sh", "-c", "echo plain >&2"]).wait()  # the real module is untouched
    assert capfd.readouterr().err == "plain\n"

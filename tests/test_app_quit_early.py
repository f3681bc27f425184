"""Quitting while the screen is still going up: the annotator who opens the app and presses `q` at once (or a
closed browser tab under `serve`) gets a clean exit, never a traceback from the chrome mounted behind the first
frame."""

from __future__ import annotations

import pytest

from apphelp import make_app, seed_db

pytestmark = pytest.mark.asyncio


@pytest.fixture
def corpus(tmp_path):
    return seed_db(tmp_path)[0]


async def test_q_pressed_while_the_screen_goes_up_exits_cleanly(corpus):
    app = make_app(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app._exception  # noqa: SLF001 - the only place an unhandled error of the app is kept


async def test_exit_while_the_header_mounts_stops_the_rest_cleanly(corpus, monkeypatch):
    """The quit lands between two of the chrome's mounts (a SIGTERM or a closed tab at that moment)."""
    from textual.widgets import Header

    mounted = Header._on_mount

    def quit_on_mount(self, event) -> None:
        mounted(self, event)
        self.app.exit()

    monkeypatch.setattr(Header, "_on_mount", quit_on_mount)
    app = make_app(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert not app._exception  # noqa: SLF001

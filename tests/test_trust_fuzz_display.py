"""Property test through the app's display: random Unicode, control characters and markup-like strings as an
article, its title and a note, shown in the app (pilot), navigated, tagged, deleted, with the help open; what
the screen would send to a terminal never holds a control character, and every stored span still matches."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from apphelp import make_app, said, stored
from test_trust_fuzz import texts
from test_trust_pty import CSI, OSC, UNSAFE
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore


def terminal_output(app) -> str:  # type: ignore[no-untyped-def]
    """What the app would write to a terminal to draw its current screen in full (escape sequences and text)."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_safe(out: str) -> None:
    assert {m.group(1) for m in OSC.finditer(out)} <= {"22"}
    leftover = UNSAFE.findall(CSI.sub("", OSC.sub("", out)))
    assert not leftover, leftover


@settings(max_examples=10, deadline=None)
@given(text=texts, note=texts, keys=st.lists(st.sampled_from(list("jkwbl") + ["]", "G", "g"]), max_size=8))
def test_random_hostile_text_and_notes_never_reach_the_terminal_from_the_app(text: str, note: str,
                                                                            keys: list[str]) -> None:  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "story.txt"
        src.write_text("T " + text.replace("\x00", ""), encoding="utf-8", errors="surrogatepass")
        db = Path(tmp) / "a.db"
        with AnnotationStore(db) as store:
            assert not import_paths(store, [src]).problems
            stored_text = store.document_text("story")
            store.add_span("story", 0, 1, "claim", annotator="tester", note=note)
        asyncio.run(_drive(db, keys))
        for span in stored(db):
            assert stored_text[span.start : span.end] == span.text


async def _drive(db: Path, keys: list[str]) -> None:
    app = make_app(db, ["story"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_safe(terminal_output(app))  # the note is in the status line and the span list
        await pilot.press(*keys, "v", "w", "w", "1")  # move about, then tag two words
        await pilot.pause()
        assert_safe(terminal_output(app))
        await pilot.press("g", "x")  # delete the span at the start: a notification quotes its text
        await pilot.pause()
        assert any(re.match("Deleted|No span", m) for m in said(app))
        assert_safe(terminal_output(app))
        await pilot.press("question_mark")
        await pilot.pause()
        assert_safe(terminal_output(app))
        await pilot.press("escape", "q")
    assert app.return_code in (0, None)

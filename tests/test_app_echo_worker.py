"""Echo marking never holds up a key: the word index of a pane's text is built in a worker, and `L` pressed before
the span's echoes are found links them once they are (issue 14: the app's echo marking never blocks a key)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, make_app, seed_db
from tui_reader import echo_index
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView

PHRASE = "Mexico is run by the cartels"


class SlowBuild:
    """EchoIndex.__init__ held until `release` (with a timeout, so a build on the UI thread shows as a failure,
    not a hang): counts builds waiting and builds done, and on which thread they ran."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.waiting = 0
        self.done = 0
        self.threads: set[str] = set()
        real = echo_index.EchoIndex.__init__

        def slow_init(index, *args, **kw):  # type: ignore[no-untyped-def]
            self.threads.add(threading.current_thread().name)
            self.waiting += 1
            self.release.wait(10)
            real(index, *args, **kw)
            self.waiting -= 1
            self.done += 1

        monkeypatch.setattr(echo_index.EchoIndex, "__init__", slow_init)
        from tui_reader import align

        align._text_index.cache_clear()  # no index left over from another test


def pane(app, which: str) -> DocumentView:
    return app.query_one(f"#{which}", DocumentView)


async def test_keys_are_answered_while_the_echo_index_builds_and_the_marks_and_link_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        text = s.document_text(ids[1])
        start = text.index(PHRASE)
        span = s.add_span(ids[1], start, start + len(PHRASE), "quote", annotator=ANNOTATOR)
    slow = SlowBuild(monkeypatch)
    app = make_app(db, [ids[1], ids[3]])
    async with app.run_test(size=SIZE) as pilot:
        left, right = pane(app, "left"), pane(app, "right")
        await pilot.pause()
        left.move_to(span.start + 3)  # onto the span: its echoes are wanted in the right pane
        await pilot.pause()
        await pilot.press("L")  # link it with its echo, not found yet
        before = left.cursor
        await pilot.press("l", "l")
        await pilot.pause()
        assert left.cursor == before + 2  # the keys were answered ...
        assert slow.done == 0 and slow.waiting >= 1  # ... while the index was still being built
        assert right.marks.get("echoes", []) == [] and "links" not in {k for k, v in right.marks.items() if v}
        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        echo = right.text.index(PHRASE)
        assert sorted(right.marks.get("echoes", [])) == [(echo, echo + len(PHRASE))]  # the marks appear
        assert sorted(right.marks.get("links", [])) == [(echo, echo + len(PHRASE))]  # and L's link was made
    assert threading.main_thread().name not in slow.threads  # every build ran in a worker
    with AnnotationStore(db) as s:
        assert len(s.links()) == 1

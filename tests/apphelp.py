"""Shared set-up for the app tests: a temp database with the seeds imported, the app on it, what it said."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from tui_reader.importing import import_paths
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.app import ReaderApp
from tui_reader.tui.document_view import DocumentView

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
_SAID: WeakKeyDictionary[ReaderApp, list[str]] = WeakKeyDictionary()
SIZE = (100, 30)  # behaviour tests: small screen, fast repaints (snapshots use their own size)
ANNOTATOR = "tester"


def seed_db(tmp_path: Path) -> tuple[Path, list[str]]:
    db = tmp_path / "annotations.db"
    with AnnotationStore(db) as store:
        report = import_paths(store, [SEEDS])
        assert not report.problems
        return db, store.document_ids()


def make_app(db: Path, doc_ids: list[str] | None = None, *, annotator: str = ANNOTATOR,
             labels: LabelSet | None = None) -> ReaderApp:  # fmt: skip
    if doc_ids is None:
        with AnnotationStore(db) as store:
            doc_ids = store.document_ids()
    return listen(ReaderApp(db_path=db, doc_ids=doc_ids, annotator=annotator, labels=labels or LabelSet.default()))


def said(app: ReaderApp) -> list[str]:
    """Every notification the app has shown so far (oldest first), as `listen` recorded them."""
    return list(_SAID[app])


async def until_said(pilot, app: ReaderApp, fragment: str, seconds: float = 30) -> list[str]:  # type: ignore[no-untyped-def]
    """Wait (as a person watching the screen would) until a notification holding `fragment` was shown; what the
    app said so far. Fails after `seconds`."""
    import time

    end = time.monotonic() + seconds
    while not any(fragment in n for n in said(app)):
        assert time.monotonic() < end, said(app)
        await pilot.pause(0.05)
    return said(app)


def listen(app: ReaderApp) -> ReaderApp:
    """Record what `app` notifies: its public `notify`, wrapped (run_test hides the toasts themselves)."""
    notes = _SAID.setdefault(app, [])
    notify = app.notify

    def recording_notify(message: str, **kw: Any) -> None:
        notes.append(message)
        notify(message, **kw)

    app.notify = recording_notify  # type: ignore[method-assign]
    return app


def stored(db: Path, doc_id: str | None = None):
    """Spans as the database holds them (a fresh connection: what survives the app)."""
    with AnnotationStore(db) as store:
        return store.spans(doc_id)


def left(app: ReaderApp) -> DocumentView:
    return app.query_one("#left", DocumentView)


async def search(pilot, pattern: str) -> None:  # type: ignore[no-untyped-def]
    """Move the cursor the way a person does: `/`, the pattern, enter."""
    await pilot.press("slash")
    await pilot.press(*pattern)
    await pilot.press("enter")
    await pilot.pause()


async def palette(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    """Run a command from the palette as a person does: ctrl+p, type (part of) its name, enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()

"""Shared set-up for the app tests: a temp database with the seeds imported, the app on it, what it said."""

from __future__ import annotations

from pathlib import Path

from tui_reader.importing import import_paths
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.app import ReaderApp
from tui_reader.tui.document_view import DocumentView

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
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
    return ReaderApp(db_path=db, doc_ids=doc_ids, annotator=annotator, labels=labels or LabelSet.default())


def said(app: ReaderApp) -> list[str]:
    """Every notification message shown so far."""
    return [n.message for n in app._notifications]


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

"""Opening the picker many times in one session (issue 14): each escape leaves no picker screen and no filter
worker behind, and the fifth open shows the same first rows as the first and still opens a document."""

from __future__ import annotations

from pathlib import Path

from apphelp import make_app
from tui_reader.models import Document
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.screens.doc_picker import DocumentPicker, PickerRows


def filters(app):  # type: ignore[no-untyped-def]
    """The picker's filter workers the app still knows of."""
    return [w for w in app.workers if w.group == "picker-filter"]


async def test_five_opens_and_escapes_leave_no_picker_or_filter_worker_behind(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with AnnotationStore(db) as store:
        store.import_records((Document(id=f"doc_{i:03d}", text=f"Report {i} on the council vote\n\nText.\n"), [], [], [])
                             for i in range(40))  # fmt: skip
    app = make_app(db, ["doc_000"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        depth = len(app.screen_stack)
        first_rows: list[str] | None = None
        for round_ in range(5):
            await pilot.press("o")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, DocumentPicker)
            rows = picker.query_one(PickerRows)
            keys = [rows.highlighted_key]
            first_rows = first_rows or keys
            assert keys == first_rows  # the same first document highlighted, open after open
            await pilot.press("c", "o", "u")  # a filter started in a worker, escape before or after it ends
            if round_ % 2:
                await app.workers.wait_for_complete(filters(app))
            await pilot.press("escape")
            await app.workers.wait_for_complete(filters(app))
            await pilot.pause()
            assert len(app.screen_stack) == depth
            assert not any(isinstance(s, DocumentPicker) for s in app.screen_stack)
            assert not [w for w in filters(app) if not w.is_finished]
        await pilot.press("o")
        await pilot.pause()
        for ch in "doc_039":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DocumentPicker)
        assert app.query(DocumentView).first().doc_id == "doc_039"

"""Notifications never hide the status line or its label legend: toasts sit at the top right, below
the header. Checked by the regions on screen, and an SVG snapshot shows it."""

from __future__ import annotations

from apphelp import ANNOTATOR, make_app, seed_db
from tui_reader.store import AnnotationStore

SNAP_SIZE = (160, 45)


def _db(tmp_path):
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        s.add_span(ids[0], 0, 8, "claim", annotator=ANNOTATOR)
        s.add_span(ids[0], 10, 30, "quote", status="suggested", origin="rule:test")
    return db, ids


async def test_a_toast_never_covers_the_status_line_or_the_footer(tmp_path):
    from textual.widgets._toast import Toast

    db, ids = _db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("x")  # "Deleted claim …": a notification
        await pilot.pause()
        await pilot.press("right_square_bracket", "a")  # "Accepted …": another
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) >= 2
        status = app.query_one("StatusLine").region
        footer = app.query_one("Footer").region
        for toast in toasts:
            assert not toast.region.overlaps(status) and not toast.region.overlaps(footer)
            assert toast.region.y < app.size.height // 2  # at the top, away from the legend


def test_snapshot_a_toast_beside_the_status_line_legend(tmp_path, snap_compare):
    db, ids = _db(tmp_path)
    assert snap_compare(make_app(db, ids), press=["x"], terminal_size=SNAP_SIZE)

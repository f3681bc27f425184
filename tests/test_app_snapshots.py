"""What the screen shows: the main screen on the seeds (two panes, highlighted spans, status line) and help.

Deterministic: fixed terminal size and annotator, spans created in the store before the app starts, nothing
time- or id-dependent on screen. Update with `pytest tests/test_app_snapshots.py --snapshot-update` and look
at the report before committing a changed SVG.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import ANNOTATOR, make_app, seed_db
from tui_reader.store import AnnotationStore

SNAP_SIZE = (160, 45)


@pytest.fixture
def annotated(tmp_path: Path) -> tuple[Path, list[str]]:
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        a, b = s.document_text(ids[0]), s.document_text(ids[1])

        def at(text: str, phrase: str) -> tuple[int, int]:
            i = text.index(phrase)
            return i, i + len(phrase)

        s.add_span(ids[0], *at(a, "Trump’s wild plan for Mexican drug cartels"), "claim", annotator=ANNOTATOR)
        s.add_span(ids[0], *at(a, "thousands of troops"), "statistic", annotator=ANNOTATOR, note="how many?")
        s.add_span(ids[0], *at(a, "Mexican drug cartels."), "quote", annotator=ANNOTATOR)  # overlaps nothing
        s.add_span(ids[0], *at(a, "ready to roll"), "quote", status="suggested", origin="rule:test")
        s.add_span(ids[1], *at(b, "according to two U.S. officials"), "anonymous source", annotator=ANNOTATOR)
        s.add_span(ids[1], *at(b, "two U.S. officials"), "statistic", annotator=ANNOTATOR)  # overlapping spans
    return db, ids


def test_main_screen(annotated, snap_compare):
    db, ids = annotated
    # `]` moves to the first span: the status line names it, the span list highlights follow
    assert snap_compare(make_app(db, ids), press=["right_square_bracket"], terminal_size=SNAP_SIZE)


def test_main_screen_visual_selection(annotated, snap_compare):
    db, ids = annotated
    assert snap_compare(make_app(db, ids), press=["tab", "v", "w", "w"], terminal_size=SNAP_SIZE)


def test_help_screen(annotated, snap_compare):
    db, ids = annotated
    assert snap_compare(make_app(db, ids), press=["question_mark"], terminal_size=SNAP_SIZE)

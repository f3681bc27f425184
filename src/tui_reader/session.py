"""What `tui-reader [open]` does before the app starts: import the given paths (or the seeds into an empty db)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.store import AnnotationStore

if TYPE_CHECKING:
    from tui_reader.corpus import Problem

SHOWN = 2  # the reading panes


def prepare_session(
    store: AnnotationStore, paths: Sequence[str | Path], *, seeds: Path | None = None
) -> tuple[list[str], list[Problem], list[Problem]]:
    """Documents to show, in order (the paths' documents first, then the first others by id: the app shows two,
    the rest are in its list, read a page at a time), import problems (files not imported) and warnings (an
    edited source whose spans could not all be re-anchored: kept, flagged stale). Nothing here reads every id."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    first: list[str] = []
    if paths:
        from tui_reader.importing import import_paths  # lazy: a start without paths imports nothing

        report = import_paths(store, paths)
        problems, warnings = report.problems, report.warnings
        first = list(dict.fromkeys(report.doc_ids))
    elif seeds is not None and not store.first_document_ids(1):
        from tui_reader.importing import import_paths

        problems = import_paths(store, [seeds]).problems
    rest = store.first_document_ids(SHOWN, exclude=first)
    return first + rest, problems, warnings

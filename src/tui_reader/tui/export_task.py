"""Where the app's "export: <fmt>" commands write, and the export itself (run in a thread worker).

sqlite3 connections belong to the thread that opened them, so the worker opens its own AnnotationStore.
The worker reports as every worker of the app does: it posts `ExportFinished` or `WorkerFailed`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.message import Message

from tui_reader import formats
from tui_reader.exporting import export
from tui_reader.store import AnnotationStore, StoreError
from tui_reader.tui.messages import ExportFinished, WorkerFailed

# File extension per format when the format module does not name one (`EXTENSION`).
_DEFAULT_EXT = {"jsonl": "jsonl", "doccano": "jsonl", "prodigy": "jsonl", "w3c": "jsonld", "csv": "csv"}


def export_path(db_path: str | Path, fmt: str) -> Path:
    """`exports/<db-stem>-<fmt>.<ext>` beside the database; a folder `exports/<db-stem>-<fmt>` for brat-like formats."""
    mod = formats.get(fmt)
    db = Path(db_path)
    base = db.resolve().parent / "exports" / f"{db.stem}-{fmt}"
    if getattr(mod, "DIRECTORY", False):
        return base
    ext = getattr(mod, "EXTENSION", None) or _DEFAULT_EXT.get(fmt, fmt)
    return base.with_name(f"{base.name}.{str(ext).lstrip('.')}")


def run_export(db_path: str | Path, fmt: str) -> tuple[Path, int]:
    """Export the whole database (accepted spans) in `fmt`; returns (path written, spans written)."""
    path = export_path(db_path, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    with AnnotationStore(db_path, create=False) as store:
        n = export(store, fmt, path)
    return path, n


def export_worker(post: Callable[[Message], Any], db_path: str | Path, fmt: str) -> None:
    """`run_export` in a thread worker: posts ExportFinished, or WorkerFailed with the reason."""
    try:
        path, n = run_export(db_path, fmt)
    except (StoreError, ValueError, OSError) as e:
        post(WorkerFailed(f"Export {fmt}", str(e)))
        return
    post(ExportFinished(fmt, path, n))

"""What the app's workers report, as Textual messages posted to the app (`post_message` is thread-safe).

One convention for every background task (export, suggestions, echo search): the worker function ends by
posting either its result message or `WorkerFailed`; the app handles each with an `@on(...)` handler. A
message posted after the app closed is dropped (nothing runs on a closed app).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message


@dataclass
class WorkerFailed(Message):
    """A background task failed with an expected error (busy or damaged database, unwritable folder, ...)."""

    task: str  # "Export jsonl", "Suggest", ...: the notification says "<task> failed: <error>"
    error: str


@dataclass
class ExportFinished(Message):
    fmt: str
    path: Path
    spans: int


@dataclass
class SuggestionsReady(Message):
    totals: dict[str, Any]  # suggest.store_suggestions' counts


@dataclass
class EchoesFound(Message):
    key: tuple[str, int, int, str, int]  # span id, start, end, other doc id, other text length
    view_id: str  # the pane the echoes are in
    found: list[tuple[int, int, float]]

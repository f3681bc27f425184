"""What the app's workers report, as Textual messages posted to the app (`post_message` is thread-safe).

One convention for every background task (export, suggestions, echo search): the worker function ends by
posting either its result message or `WorkerFailed`; the app handles each with an `@on(...)` handler. A
message posted after the app closed is dropped (nothing runs on a closed app). Learning (tui/learning.py)
reports its progress with `LearnProgress` and ends with `LearnFinished` also when it failed or its child
process died (its `error`).
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


@dataclass
class LearnProgress(Message):
    """Training read one more document's decisions (`learn`'s on_document in the training's child process,
    relayed by the app's thread worker that waits on its pipe)."""

    done: int
    total: int


@dataclass
class LearnFinished(Message):
    """A training run ended. Unlike the other tasks, a failure comes here too (`error`), not as WorkerFailed:
    the learning component must know that no training runs any more, whatever happened."""

    summary: dict[str, Any] | None  # tui_reader.learn.TrainReport's figures; None when nothing was learnt
    auto: bool  # started by the app (after enough new decisions, or idle), not by the palette
    upto: int  # the last event seq the training had seen when it started
    error: str = ""

"""What the app's components (assist, editing, team view) use of the app: its state and a few services.

The components hold behaviour; the app composes them and passes itself as their host (`ReaderApp` satisfies
this protocol structurally). Store writes go through the host's `write` (retried while busy; a failure becomes
a notification and returns `FAILED`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.message import Message

    from tui_reader.models import LabelSet, Span
    from tui_reader.store import AnnotationStore, DocSummary
    from tui_reader.tui.document_view import DocumentView
    from tui_reader.tui.team_layer import OthersLayer
    from tui_reader.tui.widgets.span_list import SpanList

T = TypeVar("T")
FAILED: Any = object()  # what `write` returns when the change was not saved (the app has said why)
Write = Callable[[Callable[[], Any]], Any]


class ReaderHost(Protocol):
    db_path: Path
    annotator: str
    labels: LabelSet
    store: AnnotationStore
    summaries: dict[str, DocSummary]
    others: OthersLayer

    @property
    def views(self) -> tuple[DocumentView, DocumentView]: ...
    @property
    def active_view(self) -> DocumentView: ...
    def say(self, message: str, *, severity: str = ..., timeout: float | None = ...) -> None: ...
    def write(self, fn: Callable[[], T]) -> T | Any: ...
    def refresh_document(self, doc_id: str) -> None: ...
    def span_under_cursor(self, view: DocumentView | None = ..., *, status: str | None = ...) -> Span | None: ...
    def span_list(self) -> SpanList | None: ...
    def update_status(self) -> None: ...
    def push_screen(self, screen: Any, callback: Any = ...) -> Any: ...
    def post_message(self, message: Message) -> bool: ...
    def run_worker(self, work: Any, *args: Any, **kw: Any) -> Any: ...

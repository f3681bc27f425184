"""What every part of the store shares: the connection, its file, the text cache, and (for the type checker
only) the methods one part calls on another. `AnnotationStore` (store/__init__.py) sets these up and composes
the parts: schema, documents, spans, events, progress, links, merge, team."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.store.rows import DOC_TEXT

if TYPE_CHECKING:
    import sqlite_utils

    from tui_reader.models import Document, Event, Relation, Span


class StoreBase:
    path: Path
    conn: sqlite3.Connection
    busy_timeout_ms: int
    _texts: dict[str, tuple[int, str, str]]  # doc_id -> (data_version, sha256, text)
    _db: sqlite_utils.Database | None
    _encoding: str | None
    _has_body: bool = False  # documents has m012_text_body's column (known True once seen)

    def _doc_text(self) -> str:
        """The SQL of a document's text: rows.DOC_TEXT, or `text` in a database made before m012_text_body
        (opened read-only, or at an older step by a test): such a database has no `body` column."""
        if not self._has_body:
            self._has_body = any(r[1] == "body" for r in self.conn.execute("PRAGMA table_info(documents)"))
        return DOC_TEXT if self._has_body else "text"

    def _in_body(self) -> str:
        """SQL: whether the row's text is in `body` (blob I/O opens that column)."""
        return "typeof(body) = 'blob'" if self._doc_text() == DOC_TEXT else "0"

    if TYPE_CHECKING:  # defined by the facade and the mixins

        def write(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _event(self, annotator: str, action: str, span_id: str | None, before: Any, after: Any,
                   ref: int | None = None) -> int: ...  # fmt: skip

        def get_document(self, doc_id: str) -> Document: ...

        def get_event(self, seq: int) -> Event: ...

        def _travel_rename(self, annotator: str, direction: str, ev: Event) -> Event: ...

        def _text_or_error(self, doc_id: str) -> str: ...

        def get_span(self, span_id: str) -> Span | None: ...

        def _replace_span(self, s: Span) -> None: ...

        def move_span(self, span_id: str, start: int, end: int, *, annotator: str = "",
                      action: str = "reanchor") -> Span: ...  # fmt: skip

        def links(self, doc_id: str | None = None) -> list[dict[str, Any]]: ...

        def get_relation(self, relation_id: str) -> Relation | None: ...

        def relations_of(self, span_id: str) -> list[Relation]: ...
        def _merge_models(self, sconn: sqlite3.Connection) -> int: ...

        def _replace_relation(self, r: Relation) -> None: ...

        def _delete_relations_of(self, span_id: str, annotator: str, ref: int) -> list[Relation]: ...

        def _import_relations(self, doc_id: str, relations: Any) -> int: ...

        def _insert_imported_spans(self, doc: Document, spans: Any) -> int: ...

        def link_groups(self) -> list[dict[str, Any]]: ...

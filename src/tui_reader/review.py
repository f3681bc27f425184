"""The rules of reviewing spans, for the app and the CLI alike (no Textual here, no SQL: the store runs it).

- Whose spans are whose: `is_own` (the annotator's, or unattributed ones from imports and rules),
  `is_visible` (what a reading pane shows), `is_theirs` (another annotator's accepted span: read-only).
- `innermost(spans)`: the span the status line names and the keys act on where spans nest.
- `set_status_many`: accept or reject many suggestions in ONE transaction (all or nothing).
- `undo_group`: undo the annotator's last `n` changes in ONE transaction (a decision of several spans).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui_reader.models import Span
from tui_reader.store import AnnotationStore, DocSummary, Event


def _innermost_key(s: Span) -> tuple[int, int, str]:
    return (s.end - s.start, s.start, s.label)


def innermost(spans: Iterable[Span]) -> Span | None:
    """The shortest span (then the earliest, then by label): the one nested deepest at an offset. The choice
    never depends on the order the spans came in."""
    return min(spans, key=_innermost_key, default=None)


def innermost_first(spans: Iterable[Span]) -> list[Span]:
    """`spans` ordered as `innermost` chooses: the innermost first (a stable sort: ties keep their order)."""
    return sorted(spans, key=_innermost_key)


def is_own(span: Span, me: str) -> bool:
    """`me` may change it: their own span, or an unattributed one (imports, rule suggestions)."""
    return span.annotator in (me, "")


def is_visible(span: Span, me: str) -> bool:
    """A reading pane shows it: own and unattributed spans and every suggestion; rejected ones stay hidden."""
    return span.status != "rejected" and (is_own(span, me) or span.status == "suggested")


def is_theirs(span: Span, me: str) -> bool:
    """Another annotator's accepted span: shown in the others layer, read-only for `me`."""
    return span.status == "accepted" and not is_own(span, me)


def visible_spans(store: AnnotationStore, doc_id: str, me: str) -> list[Span]:
    return [s for s in store.spans(doc_id) if is_visible(s, me)]


def their_span_at(store: AnnotationStore, doc_id: str, offset: int, me: str) -> Span | None:
    """The innermost span of another annotator at `offset` (what `me` cannot change there), if any."""
    return innermost(s for s in store.spans_at(doc_id, offset) if is_theirs(s, me))


def suggestions(store: AnnotationStore, doc_id: str) -> list[Span]:
    return store.spans(doc_id, statuses=("suggested",))


def set_status_many(store: AnnotationStore, spans: Sequence[Span], status: str, annotator: str) -> int:
    """Accept or reject every span of `spans` as `annotator`, in one transaction; returns how many."""
    with store.write():
        for s in spans:
            store.update_span(s.id, annotator=annotator, status=status)
    return len(spans)


def undo_group(store: AnnotationStore, annotator: str, n: int) -> list[Event]:
    """Undo `annotator`'s last `n` changes in one transaction (all of them, or none); the undo events."""
    with store.write():
        return [ev for ev in (store.undo(annotator) for _ in range(n)) if ev is not None]


def summary(store: AnnotationStore, doc_id: str, annotator: str) -> DocSummary | None:
    """One document's line of the document list (accepted spans, `annotator`'s progress)."""
    return store.document_summary(doc_id, annotator)

"""The rules of reviewing spans, for the app and the CLI alike (no Textual here, no SQL: the store runs it).

- Whose spans are whose: `is_own` (the annotator's, or unattributed ones from imports and rules),
  `is_visible` (what a reading pane shows), `is_theirs` (another annotator's accepted span: read-only).
- `innermost(spans)`: the span the status line names and the keys act on where spans nest.
- `set_status_many`: accept or reject many suggestions in ONE transaction and ONE undo step.
- `relabel`: change a span's label (a suggestion is accepted by it): one event, one undo step.
- `tag`: tag a selection; a suggestion of that label on exactly those words is accepted instead of copied, and
  the annotator's other open suggestions of that label overlapping it are rejected (drawn their way): one step.
- `next_suggestion` / `prev_suggestion` / `next_document_with_suggestions`: the review flow (a / r move on, then
  the next document; `<` goes back).
- `summaries` / `summary`: the document list's lines, counting the annotator's own accepted spans (as `stats`
  counts them per annotator), never the other annotators'.
- `undo_group`: undo the annotator's last `n` steps in ONE transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tui_reader.models import Span
from tui_reader.store import AnnotationStore, DocSummary, Event, SpanError


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
    """Accept or reject every span of `spans` as `annotator`, in one transaction and one undo step. Suggested
    relations settle with their spans in the same step: accepted once both ends are accepted, rejected with a
    rejected end (`relations.settle_suggestions`)."""
    from tui_reader.relations import settle_suggestions

    with store.event_group():
        for s in spans:
            store.update_span(s.id, annotator=annotator, status=status)
        for doc_id in dict.fromkeys(s.doc_id for s in spans):
            settle_suggestions(store, doc_id, annotator)
    return len(spans)


def relabel(store: AnnotationStore, span: Span, label: str, annotator: str) -> Span | None:
    """Give `span` the label `label` (a suggestion is accepted by it, and becomes `annotator`'s; its attrs keep
    the label it was suggested with, "suggested_as"): one event.
    None when nothing changes (already an accepted span of that label). Refused (SpanError) when the annotator
    already has a span of that label on the same offsets (two identical spans)."""
    if span.label == label and span.status == "accepted":
        return None
    if span.label != label and any(
        o.id != span.id and (o.start, o.end, o.label) == (span.start, span.end, label) and is_own(o, annotator)
        and o.status != "rejected" for o in store.spans_at(span.doc_id, span.start)
    ):  # fmt: skip
        raise SpanError(f"there is already a {label} span on these words")
    if span.status == "suggested" and span.label != label:  # the suggestion's label was wrong: say which it was,
        # so it is not suggested again under it and counts as relabelled in how precise suggestions have been
        return store.update_span(span.id, annotator=annotator, label=label, status="accepted",
                                 attrs={**span.attrs, "suggested_as": span.label})  # fmt: skip
    return store.relabel_span(span.id, label, annotator=annotator)


@dataclass(frozen=True)
class Tagged:
    """What `tag` did: `span` (None: the annotator already had it; nothing changed), whether it was a suggestion
    or a rejected span there that is now accepted (`reused`), and the suggestions it `replaced` (rejected)."""

    span: Span | None
    reused: bool = False
    replaced: tuple[Span, ...] = ()


def tag(store: AnnotationStore, doc_id: str, start: int, end: int, label: str, annotator: str) -> Tagged:
    """Tag [start, end) with `label` as `annotator`, in one transaction and one undo step.

    A span of that label on exactly these offsets that the annotator may change is reused, not copied: a
    suggestion (or a span rejected before) is accepted; one already accepted means nothing to do. The open
    suggestions of that label that overlap it are rejected: the annotator drew that span their own way (as the
    simulated annotator of `learn.follow_gold` does: reject the suggestion, tag the gold span), so the review loop
    does not bring them up again. Suggestions of other labels are left alone."""
    from tui_reader.relations import settle_suggestions

    with store.event_group():
        near = [s for s in store.spans_overlapping(doc_id, start, end, labels=(label,)) if is_own(s, annotator)]
        same = [s for s in near if (s.start, s.end) == (start, end)]
        if any(s.status == "accepted" for s in same):
            return Tagged(None)
        if same:
            span = store.update_span(same[0].id, annotator=annotator, status="accepted")
        else:
            span = store.add_span(doc_id, start, end, label, annotator=annotator)
        replaced = tuple(s for s in near if s.status == "suggested" and s.id != span.id)
        for s in replaced:
            store.update_span(s.id, annotator=annotator, status="rejected", attrs={**s.attrs, "replaced_by": span.id})
        if same or replaced:
            settle_suggestions(store, doc_id, annotator)
    return Tagged(span, bool(same), replaced)


def next_suggestion(store: AnnotationStore, doc_id: str, after: int) -> Span | None:
    """The first suggestion of `doc_id` starting after offset `after` (None: none left after it)."""
    return next((s for s in suggestions(store, doc_id) if s.start > after), None)


def prev_suggestion(store: AnnotationStore, doc_id: str, before: int) -> Span | None:
    """The last suggestion of `doc_id` starting before offset `before` (None: none before it)."""
    return next((s for s in reversed(suggestions(store, doc_id)) if s.start < before), None)


def next_document_with_suggestions(store: AnnotationStore, doc_ids: Sequence[str], current: str, *,
                                   backward: bool = False) -> str | None:  # fmt: skip
    """The next document after `current` in `doc_ids` (document order, wrapping round) that has suggestions;
    `backward`: the previous one before it."""
    counts = store.suggestion_counts()
    ids = list(reversed(doc_ids)) if backward else list(doc_ids)
    if current in ids:
        i = ids.index(current)
        order = ids[i + 1 :] + ids[:i]
    else:
        order = ids
    return next((d for d in order if counts.get(d)), None)


def undo_group(store: AnnotationStore, annotator: str, n: int) -> list[Event]:
    """Undo `annotator`'s last `n` steps in one transaction (all of them, or none); the undo events."""
    with store.write():
        return [ev for _ in range(n) for ev in store.undo_step(annotator)]


def summaries(store: AnnotationStore, annotator: str) -> list[DocSummary]:
    """Every document's line of the document list: `annotator`'s accepted spans and progress."""
    counts = store.accepted_counts(annotator)
    return [replace(s, spans=counts.get(s.id, 0)) for s in store.document_summaries(annotator)]


def summary(store: AnnotationStore, doc_id: str, annotator: str) -> DocSummary | None:
    """One document's line of the document list (`annotator`'s accepted spans and progress)."""
    found = store.document_summary(doc_id, annotator)
    return None if found is None else replace(found, spans=store.accepted_counts(annotator, doc_id).get(doc_id, 0))

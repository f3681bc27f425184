"""Relations between spans, the domain side (no Textual, no SQL): what the CLI and the app call to create,
delete and list relations, the check against the label file's relation types, and the relation figures of
`tui-reader stats`. See docs/relations.md.

    create_relation(store, head, tail, label, annotator, labels) -> Relation
    delete_relation(store, relation_id, annotator) -> Relation
    relations_for_span(store, span_id) -> list[SpanRelation]      # both directions, with the other span
    check_relation(labels, label, head_label, tail_label)         # raises RelationNotAllowed
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui_reader.models import LabelSet, Relation, Span

if TYPE_CHECKING:
    from tui_reader.store import AnnotationStore

ATTRIBUTED_TO = "attributed to"
ANONYMOUS_SOURCE = "anonymous source"


class RelationNotAllowed(ValueError):
    """The label file's relation types do not allow this relation; the message says why and what is allowed."""


def check_relation(labels: LabelSet, label: str, head_label: str, tail_label: str) -> None:
    """Raise RelationNotAllowed unless a `label` relation may go from a `head_label` span to a `tail_label` one."""
    reason = labels.relation_refused(label, head_label, tail_label)
    if reason is not None:
        raise RelationNotAllowed(reason)


def _span(store: AnnotationStore, span: Span | str, end: str) -> Span:
    from tui_reader.store import RelationError

    found = store.get_span(span if isinstance(span, str) else span.id)
    if found is None:
        raise RelationError(f"no span with id {span if isinstance(span, str) else span.id!r} (relation {end})")
    return found


def create_relation(store: AnnotationStore, head: Span | str, tail: Span | str, label: str, annotator: str,
                    labels: LabelSet | None = None, *, status: str = "accepted",
                    origin: str = "manual") -> Relation:  # fmt: skip
    """A `label` relation from `head` to `tail` (spans or span ids) by `annotator`, checked against the relation
    types of `labels` (default: the default label set), stored with an undoable event.

    Raises RelationNotAllowed (the types refuse it) or the store's RelationError (unknown span, two documents,
    the same span twice, a duplicate)."""
    h, t = _span(store, head, "head"), _span(store, tail, "tail")
    check_relation(labels or LabelSet.default(), label, h.label, t.label)
    return store.add_relation(h.id, t.id, label, annotator=annotator, status=status, origin=origin)


def delete_relation(store: AnnotationStore, relation_id: str, annotator: str) -> Relation:
    """Delete one relation (undoable); returns what was deleted."""
    return store.delete_relation(relation_id, annotator=annotator)


@dataclass(frozen=True)
class SpanRelation:
    """A relation seen from one of its spans: `outgoing` when that span is the head; `other` is the far end."""

    relation: Relation
    outgoing: bool
    other: Span

    def describe(self) -> str:
        """e.g. `attributed to -> anonymous source "a senior official"` (not sanitised: a data string)."""
        arrow = "->" if self.outgoing else "<-"
        text = self.other.text if len(self.other.text) <= 40 else self.other.text[:39] + "…"
        return f"{self.relation.label} {arrow} {self.other.label} \"{text}\""


def relations_for_span(store: AnnotationStore, span_id: str, *, statuses: tuple[str, ...] = ()) -> list[SpanRelation]:
    """The relations `span_id` is head or tail of, each with the span at its other end, in creation order."""
    out = []
    for r in store.relations_of(span_id):
        if statuses and r.status not in statuses:
            continue
        outgoing = r.head == span_id
        other = store.get_span(r.tail if outgoing else r.head)
        if other is not None:
            out.append(SpanRelation(r, outgoing, other))
    return out


# -- stats ------------------------------------------------------------------------------------------------------
def relation_stats(store: AnnotationStore) -> dict[str, Any]:
    """Accepted relations per label, and per span label how many accepted spans rest on an anonymous source
    (head of an accepted `attributed to` relation whose tail is an accepted `anonymous source` span)."""
    spans = {s.id: s for s in store.iter_spans(statuses=["accepted"])}
    rels = store.relations(statuses=["accepted"])
    per_label = Counter(r.label for r in rels)
    resting: dict[str, set[str]] = {}
    for r in rels:
        h, t = spans.get(r.head), spans.get(r.tail)
        if r.label == ATTRIBUTED_TO and h is not None and t is not None and t.label == ANONYMOUS_SOURCE:
            resting.setdefault(h.label, set()).add(h.id)
    per_span_label = Counter(s.label for s in spans.values())
    return {
        "relations": sum(per_label.values()),
        "relations_per_label": dict(sorted(per_label.items())),
        "resting_on_anonymous": {
            lb: {"spans": n, "on_anonymous_source": len(resting.get(lb, ()))}
            for lb, n in sorted(per_span_label.items()) if lb != ANONYMOUS_SOURCE
        },
    }


def format_relation_stats(st: dict[str, Any]) -> list[str]:
    """The lines `tui-reader stats` adds for relations (names pass through sanitize.one_line)."""
    from tui_reader.sanitize import one_line

    lines = [f"relations (accepted): {st['relations']}"]
    for label, n in st["relations_per_label"].items():
        lines.append(one_line(f"  {label}: {n}"))
    if st["relations"] and st["resting_on_anonymous"]:
        lines.append("spans resting on an anonymous source (attributed to):")
        for label, c in st["resting_on_anonymous"].items():
            share = c["on_anonymous_source"] / c["spans"] if c["spans"] else 0.0
            lines.append(one_line(f"  {label}: {c['on_anonymous_source']} of {c['spans']} ({share:.0%})"))
    return lines


# -- for the app: what may join two spans, what a person sees of a span's relations, suggested relations ------
def types_between(labels: LabelSet, head_label: str, tail_label: str) -> list[str]:
    """The relation types that may go from a `head_label` span to a `tail_label` span, in the label file's order."""
    return [t.name for t in labels.relation_types if t.refuses(head_label, tail_label) is None]


def refusal(labels: LabelSet, head_label: str, tail_label: str | None = None) -> str:
    """Why no relation may start at a `head_label` span (or go from it to a `tail_label` span), naming what is
    allowed, e.g. `no relation goes from a 'quote' span to a 'claim' span ('attributed to' points to ...)`."""
    starts = labels.relation_types_from(head_label)
    if not labels.relation_types:
        return "the label file declares no relation types"
    if not starts:
        heads = sorted({h for t in labels.relation_types for h in t.heads})
        return f"no relation starts at a {head_label!r} span (relations start at {', '.join(heads)})"
    allowed = "; ".join(f"{t.name!r} points to {', '.join(t.tails) or 'any label'}" for t in starts)
    return f"no relation goes from a {head_label!r} span to a {tail_label!r} span ({allowed})"


def is_own_relation(r: Relation, me: str) -> bool:
    """`me` may change it (as `review.is_own` for spans): their own, or an unattributed one (rules, imports)."""
    return r.annotator in (me, "")


def shown_relations(store: AnnotationStore, span_id: str, me: str) -> list[SpanRelation]:
    """The relations a reader sees on a span: their own and unattributed ones, accepted or suggested."""
    return [sr for sr in relations_for_span(store, span_id, statuses=("accepted", "suggested"))
            if is_own_relation(sr.relation, me)]  # fmt: skip


def settle_suggestions(store: AnnotationStore, doc_id: str, annotator: str) -> tuple[list[Relation], list[Relation]]:
    """After spans were accepted or rejected: a suggested relation whose two ends are both accepted is accepted
    (by `annotator`); one whose end was rejected is rejected. Each change is an undoable event, all in one
    transaction.
    Returns (accepted, rejected)."""
    accepted: list[Relation] = []
    rejected: list[Relation] = []
    with store.write():  # one transaction: all of them or none
        for r in store.relations(doc_id, statuses=["suggested"]):
            if not is_own_relation(r, annotator):
                continue
            ends = [store.get_span(r.head), store.get_span(r.tail)]
            statuses = {s.status for s in ends if s is not None}
            if None in ends or "rejected" in statuses:
                rejected.append(store.update_relation(r.id, annotator=annotator, status="rejected"))
            elif statuses == {"accepted"}:
                accepted.append(store.update_relation(r.id, annotator=annotator, status="accepted"))
    return accepted, rejected


def describe_change(store: AnnotationStore, state: dict[str, Any]) -> str | None:
    """What an undo / redo message names for a relation event's before/after dict: `the relation quote “…”
    attributed to → anonymous source “…”`; None when `state` is not a relation (not sanitised: pass it through
    sanitize.one_line)."""
    if "head" not in state or "tail" not in state:
        return None
    ends = [store.get_span(str(state[k])) for k in ("head", "tail")]
    h, t = (f"{s.label} “{s.text if len(s.text) <= 40 else s.text[:39] + '…'}”" if s else "a deleted span"
            for s in ends)  # fmt: skip
    return f"the relation {h} {state.get('label', '')} → {t}"

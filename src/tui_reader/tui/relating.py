"""The reader's relation keys: make a relation from one span to another (`m` ... `m`), see a span's relations
(status line and the pane's border), jump between their ends (`%`), delete one (`X`); suggested relations settle
when their spans are accepted or rejected.

A component the app composes (`ReaderApp.relating`); the rules are the core's (`tui_reader.relations`: which
types may join two labels, which relations are one's own, how suggestions settle), every change goes through the
host's `write` (committed, retried while busy) before the panes re-read the store, and every change is one
undoable event (`u` / `ctrl+r`).

    m        on a span: it becomes the head ("relation from quote “…”: move to the other span, m again");
             on the other span: the relation is made, with the only type the label file allows between the two
             labels, or a numbered choice when several fit; none: a message naming what is allowed
    escape   cancels a relation begun with m (the pane's own escape, clearing a selection, comes first)
    %        the cursor to the other end of the span's relation; pressed again on the same span: the next one
    X        delete a relation of the span under the cursor (a numbered choice when it has several)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual.content import Content

from tui_reader.models import Span
from tui_reader.sanitize import one_line
from tui_reader.tui.host import FAILED, ReaderHost

if TYPE_CHECKING:
    from tui_reader.relations import SpanRelation


def _rel() -> Any:
    """`tui_reader.relations`, imported when a span's relations are first looked at rather than at start-up."""
    from tui_reader import relations

    return relations

SHOWN = 2  # relations named on the status line and the border (then "+N")


def quoted(s: str, limit: int = 40) -> str:
    return f"“{one_line(s, limit)}”"


def describe(sr: SpanRelation, limit: int = 40) -> str:
    """One relation as seen from one of its spans, safe to show: `attributed to → anonymous source “a senior
    official”` from the head, `← attributed to: quote “We will close…”` from the tail; `(suggested)` if it is."""
    other = f"{one_line(sr.other.label)} {quoted(sr.other.text, limit)}"
    label = one_line(sr.relation.label)
    text = f"{label} → {other}" if sr.outgoing else f"← {label}: {other}"
    return text + (" (suggested)" if sr.relation.status == "suggested" else "")


def span_name(span: Span) -> str:
    return f"{one_line(span.label)} {quoted(span.text)}"


class Relating:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self.head: Span | None = None  # the span a relation begun with `m` starts at
        self._turn: dict[str, int] = {}  # span id -> which of its relations `%` follows next

    # -- what is shown ---------------------------------------------------------------------------------------
    def relations_of(self, span: Span | None) -> list[SpanRelation]:
        if span is None:
            return []
        return _rel().shown_relations(self.host.store, span.id, self.host.annotator)

    def summary(self, span: Span | None) -> str:
        """The relations of `span` in one line ("" when none): what the status line and the border name."""
        rels = self.relations_of(span)
        text = " · ".join(describe(sr) for sr in rels[:SHOWN])
        return text + (f" +{len(rels) - SHOWN}" if len(rels) > SHOWN else "")

    def status(self, span: Span | None) -> Content:
        """The status line's relation part: the relation being made, then the span's relations. Also puts the
        span's relations on the active pane's border."""
        summary = self.summary(span)
        active = self.host.active_view
        for view in self.host.views:  # the focused pane's border names them; the other pane's names none
            view.set_border_note(summary if view is active else "")
        parts: list[Content | str | tuple[str, str]] = []
        if self.head is not None:
            parts += [" · ", (f"relation from {span_name(self.head)}: m on the other span, esc cancels", "bold")]
        if summary:
            parts += [" · ", summary]
        return Content.assemble(*parts)

    # -- m, escape -------------------------------------------------------------------------------------------
    def relate(self) -> None:
        host = self.host
        span = host.span_under_cursor()
        if self.head is None:
            self._begin(span)
            return
        head = host.store.get_span(self.head.id)
        if head is None:
            self.head = None
            host.say("The span the relation started at is gone: press m on a span to start again.", severity="warning")
            host.update_status()
            return
        if span is None:
            host.say(f"No span under the cursor: move onto the span {span_name(head)} rests on and press m "
                     "(esc cancels).", severity="warning")  # fmt: skip
            return
        if span.id == head.id:
            host.say("That is the span the relation starts at: move to the other span and press m (esc cancels).",
                     severity="warning")  # fmt: skip
            return
        if span.doc_id != head.doc_id:
            host.say("A relation joins two spans of one document: open the document of "
                     f"{span_name(head)} in this pane, or press esc.", severity="warning")  # fmt: skip
            return
        names = _rel().types_between(host.labels, head.label, span.label)
        if not names:
            host.say(f"Not related: {_rel().refusal(host.labels, head.label, span.label)}. Move to another span, or "
                     "press esc.", severity="warning")  # fmt: skip
            return
        if len(names) == 1:
            self._create(head, span, names[0])
            return
        options = [Content(f"{one_line(n)}: {span_name(head)} → {span_name(span)}") for n in names]
        self._choose(Content(f"Which relation from {span_name(head)}?"), options,
                     lambda i: self._create(head, span, names[i]))  # fmt: skip

    def _begin(self, span: Span | None) -> None:
        host = self.host
        if span is None:
            host.say("No span under the cursor: move onto the span the relation starts at (a quote, claim or "
                     "statistic) and press m.", severity="warning")  # fmt: skip
            return
        if not host.labels.relation_types_from(span.label):
            host.say(f"Not a relation's start: {_rel().refusal(host.labels, span.label)}.", severity="warning")
            return
        self.head = span
        host.say(f"Relation from {span_name(span)}: move to the other span and press m again; esc cancels.")
        host.update_status()

    def _create(self, head: Span, tail: Span, label: str) -> None:
        host = self.host
        me = host.annotator
        suggested = next((sr.relation for sr in self.relations_of(head) if sr.outgoing and sr.other.id == tail.id
                          and sr.relation.label == label and sr.relation.status == "suggested"), None)  # fmt: skip
        try:
            if suggested is not None:  # the rule suggested this very relation: making it accepts the suggestion
                done = host.write(lambda: host.store.update_relation(suggested.id, annotator=me, status="accepted"))
            else:
                done = host.write(lambda: _rel().create_relation(host.store, head, tail, label, me, host.labels))
        except _rel().RelationNotAllowed as e:  # the types changed under us (checked before): say so, keep the head
            host.say(f"Not related: {e}", severity="warning")
            return
        if done is FAILED:
            return
        self.head = None
        host.refresh_document(head.doc_id)
        host.say(f"Related: {span_name(head)} {one_line(label)} → {span_name(tail)} (u undoes, X deletes).")

    def cancel(self) -> None:
        if self.head is None:
            return
        self.head = None
        self.host.say("Relation cancelled.")
        self.host.update_status()

    # -- %, X ------------------------------------------------------------------------------------------------
    def _with_relations(self) -> tuple[Span, list[SpanRelation]] | None:
        """The span under the cursor and its relations, or a warning and None when there is none."""
        span = self.host.span_under_cursor()
        rels = self.relations_of(span)
        if span is None or not rels:
            self.host.say("No relation on the span under the cursor." if span else "No span under the cursor.",
                          severity="warning")  # fmt: skip
            return None
        return span, rels

    def jump(self) -> None:
        host = self.host
        if (found := self._with_relations()) is None:
            return
        span, rels = found
        turn = self._turn.get(span.id, 0) % len(rels)
        self._turn[span.id] = turn + 1
        target = rels[turn].other
        view = host.active_view
        if getattr(view, "doc_id", "") != target.doc_id:
            host.load(view, target.doc_id)
        view.clear_selection()
        view.move_to(target.start)
        view.focus()
        host.update_status()

    def delete(self) -> None:
        if (found := self._with_relations()) is None:
            return
        span, rels = found
        if len(rels) == 1:
            self._delete(span, rels[0])
            return
        self._choose(Content(f"Delete which relation of {span_name(span)}?"), [Content(describe(sr, 60)) for sr in rels],
                     lambda i: self._delete(span, rels[i]))  # fmt: skip

    def _delete(self, span: Span, sr: SpanRelation) -> None:
        host = self.host
        if host.write(lambda: _rel().delete_relation(host.store, sr.relation.id, host.annotator)) is FAILED:
            return
        host.refresh_document(span.doc_id)
        host.say(f"Deleted the relation {span_name(span)} {describe(sr)} (u undoes).")

    def _choose(self, question: Content, options: Sequence[Content], then: Callable[[int], None]) -> None:
        from tui_reader.tui.screens.choice import ChoiceScreen

        def chosen(i: int | None) -> None:
            if i is not None:
                then(i)

        self.host.push_screen(ChoiceScreen(question, options), chosen)

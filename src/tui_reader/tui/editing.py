"""The reader's editing keys: tag (or relabel), delete, note, accept / reject (one or all), undo / redo.

- A label key tags the selection; with no selection and the cursor on a span, it relabels that span (the
  innermost; a suggestion is accepted by it). After tagging, the cursor stands just after the new span.
- `a` / `r` decide the suggestion under the cursor and move to the next one; after the document's last, the
  notice names the next document with suggestions and `>` opens it there (`next_suggestion`; `<` goes back).
- Every key is one undo step (`store.event_group`): `u` after `A` on 15 suggestions brings back all 15.

A component the app composes (`ReaderApp.editing`): each method is one key's behaviour, the app's `action_...`
handler calls it. Rules about spans come from the core (`tui_reader.review`); every change is committed through
the host's `write` before the panes re-read the store (`refresh_document`).
"""

from __future__ import annotations

import sys

from textual.content import Content

from tui_reader import review
from tui_reader.models import Span
from tui_reader.sanitize import one_line
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.host import FAILED, ReaderHost


def quoted(s: str, limit: int = 40) -> str:
    return f"“{one_line(s, limit)}”"


class Editing:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host

    def tag(self, key: str) -> None:
        host = self.host
        label = host.labels.by_key(key)
        if label is None:
            host.say(f"No label on key {key}.", severity="warning")
            return
        view = host.active_view
        if view.selection is None:
            span = host.span_under_cursor(view)
            if span is not None:
                self.relabel(span, label.name)
            elif not self.refuse_others_span(view):
                host.say(f"Nothing selected: press v, move the cursor, then {key} to tag it as "
                         f"{one_line(label.name)} (on a span, {key} relabels it).", severity="warning")  # fmt: skip
            return
        trimmed = view.trimmed(*view.selection)  # the view's rule: white space at either end left out
        if trimmed is None:
            host.say("The selection is only white space: nothing tagged.", severity="warning")
            return
        start, end = trimmed
        doc_id = view.doc_id
        done = host.write(lambda: review.tag(host.store, doc_id, start, end, label.name, host.annotator))
        if done is FAILED:
            return
        view.clear_selection()
        view.move_to(end)  # just after the new span: the next one is usually further on
        host.refresh_document(doc_id)
        name, words = one_line(label.name), quoted(view.text[start:end])
        if done.span is None:
            host.say(f"Already {name}: {words}.")
        elif done.replaced:
            what = (quoted(done.replaced[0].text) if len(done.replaced) == 1
                    else f"{len(done.replaced)} suggestions")  # fmt: skip
            host.say(f"Tagged {name} {words} instead of the suggestion {what}, now rejected (u undoes).")
        elif done.reused:
            host.say(f"Accepted the {name} suggestion {words}.")

    def relabel(self, span: Span, label: str) -> None:
        host = self.host
        new = host.write(lambda: review.relabel(host.store, span, label, host.annotator))  # a duplicate: refused
        if new is FAILED:
            return
        if new is None:
            host.say(f"Already {one_line(label)}: {quoted(span.text)}.")
            return
        host.refresh_document(span.doc_id)
        was = "suggested " if span.status == "suggested" else ""
        done = f"Relabelled {was}{one_line(span.label)} → {one_line(label)}: {quoted(span.text)} (u undoes)"
        if span.status == "suggested":  # a decision on a suggestion, as a / r: on to the next one
            self._move_on(span, done)
        else:
            host.say(f"{done}.")

    def delete_span(self) -> None:
        host = self.host
        view = host.active_view
        span = host.span_under_cursor(view)
        if span is None:
            if not self.refuse_others_span(view):
                host.say("No span under the cursor.", severity="warning")
            return
        if span.status == "suggested":  # deleted, it would come back with the next `suggest`: rejected stays
            self.set_status("rejected")
            return
        if host.write(lambda: host.store.delete_span(span.id, annotator=host.annotator)) is FAILED:
            return
        host.refresh_document(span.doc_id)
        host.say(f"Deleted {one_line(span.label)} {quoted(span.text)} (u undoes).")

    def edit_note(self) -> None:
        host = self.host
        span = host.span_under_cursor()
        if span is None:
            if not self.refuse_others_span(host.active_view):
                host.say("No span under the cursor: move onto a span to write its note.", severity="warning")
            return
        heading = Content.assemble(("Note for ", "bold"), (one_line(span.label), "bold"), " ", quoted(span.text, 60))

        def save(note: str | None) -> None:
            if note is None:
                return
            if host.write(lambda: host.store.update_span(span.id, annotator=host.annotator, note=note)) is FAILED:
                return
            host.refresh_document(span.doc_id)
            host.say("Note saved.")

        from tui_reader.tui.screens.note_editor import NoteEditor  # TextArea: imported when first used
        host.push_screen(NoteEditor(heading, span.note), save)

    def set_status(self, status: str) -> None:
        host = self.host
        span = host.span_under_cursor(status="suggested")
        if span is None:
            if not self.refuse_others_span(host.active_view):
                host.say("No suggestion under the cursor (> goes to the next one).", severity="warning")
            return
        if host.write(lambda: review.set_status_many(host.store, [span], status, host.annotator)) is FAILED:
            return  # with the relations that settle with it: one undo step
        host.refresh_document(span.doc_id)
        self._move_on(span, f"{status.capitalize()}: {one_line(span.label)} {quoted(span.text)}")

    def _move_on(self, span: Span, done: str) -> None:
        """After a decision on the suggestion `span`: the cursor to the next suggestion of its document (else an
        earlier one left there), else a notice naming the next document with suggestions; `done` said either way."""
        host = self.host
        view = host.active_view
        following = review.next_suggestion(host.store, span.doc_id, span.start)
        if following is None:  # none after it: an earlier one left in this document, else the next document's
            following = review.next_suggestion(host.store, span.doc_id, -1)
        if following is not None and getattr(view, "doc_id", None) == span.doc_id:
            view.clear_selection()
            view.move_to(following.start)
            host.update_status()
            host.say(done)
            return
        host.say(f"{done}. {self.next_document_hint(span.doc_id)}")

    def next_document_hint(self, doc_id: str) -> str:
        host = self.host
        other = review.next_document_with_suggestions(host.store, list(host.summaries), doc_id)
        if other is None:
            return "No suggestions left in any document."
        n = host.store.suggestion_counts().get(other, 0)
        title = host.summaries[other].title or other
        return f"No suggestions left here: > opens {quoted(title)} ({n} suggestion{'s' if n != 1 else ''})."

    def next_suggestion(self, backward: bool = False) -> None:
        """`>`: the next suggestion after the cursor; after this document's last, the next document that has
        suggestions opens in this pane at its first one. `<` (backward): the previous one; before this
        document's first, the previous document that has suggestions opens at its last one."""
        host = self.host
        view = host.active_view
        doc_id = getattr(view, "doc_id", "")
        step, far = (review.prev_suggestion, sys.maxsize) if backward else (review.next_suggestion, -1)
        following = step(host.store, doc_id, view.cursor) if doc_id else None
        if following is not None:
            view.clear_selection()
            view.move_to(following.start)
            host.update_status()
            return
        other = review.next_document_with_suggestions(host.store, list(host.summaries), doc_id, backward=backward)
        if other is None or other == doc_id:
            first = step(host.store, doc_id, far) if doc_id else None
            if first is None:
                host.say("No suggestions left in any document.")
                return
            view.move_to(first.start)  # only this document has some, on the other side of the cursor: wrap round
            host.update_status()
            return
        beside = next((v for v in host.views if v is not view and v.display and v.doc_id == other), None)
        if beside is None:
            host.load(view, other)
        else:  # already open in the other pane: go there rather than show it twice
            view = beside
        view.focus()
        first = step(host.store, other, far)
        if first is not None:
            view.clear_selection()
            view.move_to(first.start)
        host.update_status()
        n = len(review.suggestions(host.store, other))
        host.say(f"{'Opened' if beside is None else 'In the other pane:'} {quoted(host.summaries[other].title or other)}: "
                 f"{n} suggestion{'s' if n != 1 else ''} to review (a / r).")  # fmt: skip

    def prev_suggestion(self) -> None:
        """`<`: the previous suggestion (`next_suggestion` backward)."""
        self.next_suggestion(backward=True)

    def set_status_all(self, status: str) -> None:
        """A / R: every suggestion of the focused pane's document, after a yes; with a selection, the suggestions
        inside it, without asking (the selection says which: `vipA` accepts a paragraph's). One undo step."""
        host = self.host
        view = host.active_view
        doc_id = view.doc_id
        pending = review.suggestions(host.store, doc_id)
        verb = "Accept" if status == "accepted" else "Reject"
        sel = view.selection
        if sel is not None:
            inside = [s for s in pending if sel[0] <= s.start and s.end <= sel[1]]
            if not inside:
                host.say("No suggestions inside the selection.", severity="warning")
                return
            if host.write(lambda: review.set_status_many(host.store, inside, status, host.annotator)) is FAILED:
                return
            view.clear_selection()
            host.refresh_document(doc_id)
            n = len(inside)
            host.say(f"{status.capitalize()}: {n} suggestion{'s' if n != 1 else ''} in the selection (u undoes).")
            return
        if not pending:
            host.say("No suggestions in this document.", severity="warning")
            return

        def apply(yes: bool | None) -> None:
            if not yes:
                return
            if host.write(lambda: review.set_status_many(host.store, pending, status, host.annotator)) is FAILED:
                return
            host.refresh_document(doc_id)
            host.say(f"{status.capitalize()}: {len(pending)} suggestions.")

        question = Content.assemble(f"{verb} all {len(pending)} suggestions in ", (one_line(view.title, 60), "bold"),
                                    "?")  # fmt: skip
        from tui_reader.tui.screens.confirm import ConfirmScreen
        host.push_screen(ConfirmScreen(question), apply)

    def travel(self, direction: str) -> None:
        """Undo or redo the annotator's last step (`direction`: "undo" / "redo"): every change one key made."""
        host = self.host
        store = host.store
        evs = host.write(lambda: store.undo_step(host.annotator) if direction == "undo"
                         else store.redo_step(host.annotator))  # fmt: skip
        if evs is FAILED:
            return
        if not evs:
            host.say(f"Nothing to {direction}.", severity="warning")
            return
        states = [ev.after or ev.before or {} for ev in evs if ev.span_id is not None]
        doc_ids = sorted({str(st.get("doc_id", "")) for st in states} - {""})
        for doc_id in doc_ids:
            host.refresh_document(doc_id)
        if not doc_ids:  # a link only: the panes' link marks follow
            for doc_id in {getattr(v, "doc_id", "") for v in host.views if v.display} - {""}:
                host.refresh_document(doc_id)
        self._cursor_to_change(states)
        originals = [store.get_event(ev.ref) for ev in evs if ev.ref]
        kinds = sorted({o.action for o in originals})
        shown = [d for d in doc_ids if any(getattr(v, "doc_id", None) == d for v in host.views)]
        where = "" if len(shown) == len(doc_ids) else f" in {one_line(', '.join(d for d in doc_ids if d not in shown))}"
        if not states:
            host.say(f"{direction.capitalize()}: link.")
        elif len(states) == 1:
            st = states[0]
            from tui_reader.relations import describe_change  # lazy: relations load on the first undo of one

            what = (one_line(relation) if (relation := describe_change(store, st)) is not None
                    else f"{one_line(str(st.get('label', '')))} {quoted(str(st.get('text', '')))}")  # fmt: skip
            extra = " and its link" if "link" in kinds else ""
            host.say(f"{direction.capitalize()}: {' and '.join(k for k in kinds if k != 'link') or 'link'} of "
                     f"{what}{extra}{where}.")  # fmt: skip
        else:
            n_rel = sum(1 for st in states if "head" in st and "tail" in st)
            parts = [f"{len(states) - n_rel} span{'s' if len(states) - n_rel != 1 else ''}"] if len(states) > n_rel else []
            parts += [f"{n_rel} relation{'s' if n_rel != 1 else ''}"] if n_rel else []
            host.say(f"{direction.capitalize()}: {' / '.join(kinds)} of {' and '.join(parts)}{where} (one step).")

    def _cursor_to_change(self, states: list[dict]) -> None:
        """After undo / redo the cursor goes to the first span the step changed (as vim's `u` does), in the pane
        that shows its document (the focused one first): a mistaken `r` undone leaves the suggestion under the
        cursor for `a`. Nothing moves in visual mode, nor when no pane shows the document."""
        host = self.host
        active = host.active_view
        for view in (active, *(v for v in host.views if v is not active)):
            doc_id = getattr(view, "doc_id", "")
            starts = [int(st["start"]) for st in states
                      if st.get("doc_id") == doc_id and "start" in st and "head" not in st]  # fmt: skip
            if doc_id and view.display and starts:
                if not view.visual:
                    view.move_to(min(starts))
                return

    def refuse_others_span(self, view: DocumentView) -> bool:
        """When the cursor is on another annotator's span (and on none of one's own): say it is read-only."""
        host = self.host
        doc_id = getattr(view, "doc_id", "")
        if not doc_id:
            return False
        s = review.their_span_at(host.store, doc_id, view.cursor, host.annotator)
        if s is None:
            return False
        hint = "" if host.others.shown else " (T shows the other annotators' spans)"
        host.say(f"{s.annotator}'s {s.label} {quoted(s.text)} is read-only: you change only your own spans "
                 f"({host.annotator}){hint}.", severity="warning")  # fmt: skip
        return True

"""The reader's editing keys: tag, delete, note, accept / reject (one or all), undo / redo.

A component the app composes (`ReaderApp.editing`): each method is one key's behaviour, the app's `action_...`
handler calls it. Rules about spans come from the core (`tui_reader.review`); every change is committed through
the host's `write` before the panes re-read the store (`refresh_document`).
"""

from __future__ import annotations

from textual.content import Content

from tui_reader import review
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
            host.say(f"Nothing selected: press v, move the cursor, then {key} to tag it as {one_line(label.name)}.",
                     severity="warning")  # fmt: skip
            return
        trimmed = view.trimmed(*view.selection)  # the view's rule: white space at either end left out
        if trimmed is None:
            host.say("The selection is only white space: nothing tagged.", severity="warning")
            return
        start, end = trimmed
        doc_id = view.doc_id
        if host.write(lambda: host.store.add_span(doc_id, start, end, label.name, annotator=host.annotator)) is FAILED:
            return
        view.clear_selection()
        view.move_to(start)  # as vim does after a visual operator: the cursor on the new span (e edits its note)
        host.refresh_document(doc_id)

    def delete_span(self) -> None:
        host = self.host
        view = host.active_view
        span = host.span_under_cursor(view)
        if span is None:
            if not self.refuse_others_span(view):
                host.say("No span under the cursor.", severity="warning")
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
                host.say("No suggestion under the cursor.", severity="warning")
            return
        if host.write(lambda: host.store.update_span(span.id, annotator=host.annotator, status=status)) is FAILED:
            return
        host.refresh_document(span.doc_id)
        host.say(f"{status.capitalize()}: {one_line(span.label)} {quoted(span.text)}")

    def set_status_all(self, status: str) -> None:
        host = self.host
        view = host.active_view
        doc_id = view.doc_id
        pending = review.suggestions(host.store, doc_id)
        verb = "Accept" if status == "accepted" else "Reject"
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
        """Undo or redo the annotator's last change (`direction`: "undo" / "redo")."""
        host = self.host
        store = host.store
        ev = host.write(lambda: store.undo(host.annotator) if direction == "undo" else store.redo(host.annotator))
        if ev is FAILED:
            return
        if ev is None:
            host.say(f"Nothing to {direction}.", severity="warning")
            return
        state = ev.after or ev.before or {}
        doc_id = str(state.get("doc_id", ""))
        host.refresh_document(doc_id)
        original = store.get_event(ev.ref).action if ev.ref else "change"
        what = f"{one_line(str(state.get('label', '')))} {quoted(str(state.get('text', '')))}"
        where = "" if any(getattr(v, "doc_id", None) == doc_id for v in host.views) else f" in {one_line(doc_id)}"
        host.say(f"{direction.capitalize()}: {original} of {what}{where}.")

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

"""The reader's keys that read rather than annotate: copy (y), search (/ n N), open a document (o), done (d).

A component the app composes (`ReaderApp.reading`); each method is one key's behaviour, the app's `action_...`
handler calls it.
"""

from __future__ import annotations

from tui_reader.sanitize import one_line
from tui_reader.tui.clipboard import copy_text
from tui_reader.tui.editing import quoted
from tui_reader.tui.host import FAILED, ReaderHost


class Reading:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self.last_search = ""

    def copy(self) -> None:
        host = self.host
        view = host.active_view
        rng = view.selection_or_span()
        if rng is None:
            host.say("Nothing to copy: select text or move onto a span.", severity="warning")
            return
        text = view.text[rng[0] : rng[1]]
        how = copy_text(host, text)  # type: ignore[arg-type]  # the host is the App
        if how == "system":
            host.say(f"Copied {len(text)} characters.")
        else:
            host.say(f"No system clipboard (pyperclip could not copy): asked the terminal to copy {len(text)} "
                     "characters instead (OSC 52).", severity="warning")  # fmt: skip

    def search(self) -> None:
        host = self.host
        view = host.active_view

        def find(pattern: str | None) -> None:
            if not pattern:
                return
            self.last_search = pattern
            if not view.search(pattern):
                host.say(f"Not found: {quoted(pattern)}", severity="warning")
            view.focus()
            host.update_status()

        from tui_reader.tui.screens.search import SearchScreen
        host.push_screen(SearchScreen(self.last_search, getattr(view, "prefetch_search", None)), find)

    def search_again(self, forward: bool) -> None:
        host = self.host
        view = host.active_view
        if not getattr(view, "search_pattern", None):
            host.say("No search yet: press / to search.", severity="warning")
            return
        found = view.search_next() if forward else view.search_prev()
        if not found:
            host.say(f"Not found: {quoted(view.search_pattern or '')}", severity="warning")
        host.update_status()

    def open_document(self) -> None:
        host = self.host
        view = host.active_view

        def open_(doc_id: str | None) -> None:
            if doc_id:
                host.load(view, doc_id)
                view.focus()
                host.update_status()

        from tui_reader.tui.screens.doc_picker import DocumentPicker
        host.push_screen(DocumentPicker(host.summaries, getattr(view, "doc_id", None)), open_)

    def toggle_done(self) -> None:
        host = self.host
        view = host.active_view
        doc_id = view.doc_id
        old = host.summaries[doc_id].status if doc_id in host.summaries else "todo"
        new = "in-progress" if old == "done" else "done"
        if host.write(lambda: host.store.set_progress(doc_id, host.annotator, new)) is FAILED:
            return
        host.refresh_summary(doc_id)
        host.say(f"{one_line(view.title, 50)}: {'done' if new == 'done' else 'back in progress'}.")

"""The corpus review queue in the reader (palette "review: suggestions", `tui-reader open --review`).

A component the app composes (`ReaderApp.review_mode`). It shows each open suggestion of the corpus in the active
reading pane, in document order, with its context, and the pane's border says "123 of 1,040 reviewed". The
keys are the usual ones (a, r, a label key, x, e): whenever the store changes (`spans_changed`, from the app's
`refresh_document`), if the suggestion shown was decided or deleted, the queue (tui_reader.review_queue)
shows the next one, opening its document if it is another. Where it stopped is stored per annotator: the next
review continues there. Running the command again ends the review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content

from tui_reader.sanitize import one_line
from tui_reader.store import StoreError
from tui_reader.tui.host import ReaderHost

if TYPE_CHECKING:
    from tui_reader import review_queue


def _queue() -> Any:
    """`tui_reader.review_queue`, imported when a review starts rather than at start-up."""
    from tui_reader import review_queue

    return review_queue


class ReviewMode:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self.active = False
        self.current: review_queue.Item | None = None
        self.queue: review_queue.Queue = None  # type: ignore[assignment]  # loaded by start(), read only while active

    def toggle(self) -> None:
        if self.active:
            self.stop("Review ended (review: suggestions continues where it stopped).")
        else:
            self.start()

    def start(self) -> None:
        host = self.host
        self.queue = _queue().load(host.store, host.annotator)
        doc_id, offset = _queue().resume_point(host.store, host.annotator)
        item = self.queue.next_pending(doc_id, offset, inclusive=True)
        if item is None:
            host.say("No suggestions to review (palette: suggest: all documents makes some)." if not self.queue.total
                     else f"Every suggestion is reviewed ({self.queue.progress()}).", severity="warning")  # fmt: skip
            return
        self.active = True
        host.say(f"Reviewing suggestions: {self.queue.progress()}. a / r / a label key / x / e on each.")
        self.show(item)

    def stop(self, message: str) -> None:
        self.active = False
        self.current = None
        view = self.host.active_view
        view.border_title = Content(one_line(view.title or view.doc_id, 200))
        self.host.say(message)

    def show(self, item: review_queue.Item) -> None:
        host = self.host
        view = host.active_view
        if view.doc_id != item.doc_id:
            host.load(view, item.doc_id)
        view.clear_selection()
        view.move_to(item.start)
        self.current = item
        try:
            _queue().remember(host.store, host.annotator, item)
        except StoreError:
            pass  # a bookmark: the next decision saves it again
        self.paint()
        host.update_status()

    def paint(self) -> None:
        view = self.host.active_view
        title = one_line(view.title or view.doc_id, 150)
        view.border_title = Content(f"{title} · review: {self.queue.progress()}")

    def spans_changed(self) -> None:
        """After any change: if the suggestion shown is decided (or gone), show the next one."""
        if not self.active or self.current is None:
            return
        host = self.host
        before = {i.span_id for i in self.queue.items if i.status == "suggested"}
        self.queue = _queue().load(host.store, host.annotator)
        back = [i for i in self.queue.items if i.status == "suggested" and i.span_id not in before]
        if back:  # undone (or a suggestion restored): show it again
            self.show(back[0])
            return
        now = self.queue.get(self.current.span_id)
        if now is not None and now.status == "suggested":
            self.paint()
            return
        nxt = self.queue.next_pending(self.current.doc_id, self.current.start)
        if nxt is None:
            self.stop(f"Review done: {self.queue.progress()}.")
            return
        self.show(nxt)

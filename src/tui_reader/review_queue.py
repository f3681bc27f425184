"""The corpus review queue: every rule suggestion of the corpus in document order (no Textual, no SQL).

Its items are the open suggestions and the ones this annotator has decided ("123 of 1,040 reviewed"). The
queue decides what comes next across documents (`next_pending`); where a review stopped is stored per
annotator (the `review` pane of store/positions.py) so that a restart continues there (`resume_point`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.store import AnnotationStore

PANE = "review"  # the positions row that remembers where the review stopped


@dataclass(frozen=True)
class Item:
    doc_id: str
    start: int
    end: int
    span_id: str
    status: str

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.doc_id, self.start, self.end, self.span_id)


@dataclass(frozen=True)
class Queue:
    items: tuple[Item, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def reviewed(self) -> int:
        return sum(1 for i in self.items if i.status != "suggested")

    def progress(self) -> str:
        """What the screen shows: "123 of 1,040 reviewed"."""
        return f"{self.reviewed:,} of {self.total:,} reviewed"

    def get(self, span_id: str) -> Item | None:
        return next((i for i in self.items if i.span_id == span_id), None)

    def next_pending(self, doc_id: str = "", offset: int = -1, *, inclusive: bool = False) -> Item | None:
        """The first open suggestion after (doc_id, offset) in document order (at it too with `inclusive`),
        wrapping round to the first; None when every one is reviewed."""
        pending = [i for i in self.items if i.status == "suggested"]
        for i in pending:
            if (i.doc_id, i.start) > (doc_id, offset) or (inclusive and (i.doc_id, i.start) == (doc_id, offset)):
                return i
        return pending[0] if pending else None


def load(store: AnnotationStore, annotator: str) -> Queue:
    return Queue(tuple(Item(*row) for row in store.queue_rows(annotator)))


def resume_point(store: AnnotationStore, annotator: str) -> tuple[str, int]:
    """Where `annotator`'s review stopped: (doc_id, offset of the suggestion then shown); ("", -1) if never."""
    pos = store.pane_position(annotator, PANE)
    return ("", -1) if pos is None else (pos.doc_id, pos.cursor)


def remember(store: AnnotationStore, annotator: str, item: Item) -> None:
    store.save_position(annotator, PANE, item.doc_id, item.start, item.start)

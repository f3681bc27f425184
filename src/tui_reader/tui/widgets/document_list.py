"""The corpus: one entry per document with its progress (spans, done); enter (or a click) opens it.

A RowList (Line API): 10,000 documents cost what 100 do (bench/bench_doc_list.py).
"""

from __future__ import annotations

from textual.content import Content

from tui_reader.sanitize import one_line
from tui_reader.store import DocSummary
from tui_reader.tui.widgets.row_list import RowList

MARK = {"done": ("✓", "bold green"), "in-progress": ("…", "yellow"), "todo": ("·", "dim")}


def summary_lines(s: DocSummary) -> tuple[Content, Content]:
    """`✓ NewsBite` and `  000_f7313eefdddd6988 · 3 spans`; titles and ids are data (never markup)."""
    mark, style = MARK.get(s.status, MARK["todo"])
    first = Content.assemble((mark, style), " ", (one_line(s.title, 200), "bold"))
    second = Content.assemble(
        "  ", (one_line(s.id, 80), "dim"), (f" · {s.spans} span{'s' if s.spans != 1 else ''}", "dim"),
        (" · done" if s.status == "done" else "", "green"),
    )  # fmt: skip
    return first, second


def summary_prompt(s: DocSummary) -> Content:
    first, second = summary_lines(s)
    return Content.assemble(first, "\n", second)


class DocumentList(RowList[DocSummary]):
    """Documents of the database, two lines each; keys are document ids."""

    BORDER_TITLE = "Documents"
    ROW_HEIGHT = 2

    class Chosen(RowList.Chosen):
        """A document was chosen (enter or click): `key` is its id."""

        @property
        def doc_id(self) -> str:
            return self.key

    def chosen_message(self, key: str) -> RowList.Chosen:
        return self.Chosen(self, key)

    def row_key(self, row: DocSummary) -> str:
        return row.id

    def row_lines(self, row: DocSummary) -> tuple[Content, ...]:
        return summary_lines(row)

    def update_one(self, summary: DocSummary) -> None:
        self.update_row(summary)

    @property
    def highlighted_id(self) -> str | None:
        return self.highlighted_key

    def highlight_doc(self, doc_id: str) -> None:
        self.highlight_key(doc_id)

"""The corpus: one row per document with its progress (spans, done); enter opens it in the active pane."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.sanitize import one_line
from tui_reader.store import DocSummary

MARK = {"done": ("✓", "bold green"), "in-progress": ("…", "yellow"), "todo": ("·", "dim")}


def summary_prompt(s: DocSummary) -> Content:
    """Two lines: `✓ NewsBite` and `  000_f7313eefdddd6988 · 3 spans`; titles and ids are data (never markup)."""
    mark, style = MARK.get(s.status, MARK["todo"])
    return Content.assemble(
        (mark, style), " ", (one_line(s.title, 80), "bold"), "\n  ", (one_line(s.id, 40), "dim"),
        (f" · {s.spans} span{'s' if s.spans != 1 else ''}", "dim"),
        (" · done" if s.status == "done" else "", "green"),
    )  # fmt: skip


class DocumentList(OptionList):
    """Documents of the database; option ids are document ids."""

    BORDER_TITLE = "Documents"

    def show(self, summaries: Sequence[DocSummary]) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.set_options(Option(summary_prompt(s), id=s.id) for s in summaries)
        if keep is not None:
            self.highlight_doc(keep)

    def update_one(self, summary: DocSummary) -> None:
        try:
            self.replace_option_prompt(summary.id, summary_prompt(summary))
        except Exception:  # noqa: BLE001 - OptionDoesNotExist: a document imported since; harmless
            pass

    def highlight_doc(self, doc_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(doc_id)
        except Exception:  # noqa: BLE001 - OptionDoesNotExist
            pass

"""The reader's team keys: other annotators' spans beside one's own (`O`), adjudication into gold (`J`).

A component the app composes (`ReaderApp.team`); which spans are another annotator's is the core's rule
(`tui_reader.review.is_theirs`, through `team.other_spans`), the layer's painting is `team_layer.OthersLayer`.
"""

from __future__ import annotations

from tui_reader.models import Span
from tui_reader.sanitize import one_line
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.host import FAILED, ReaderHost


class TeamView:
    def __init__(self, host: ReaderHost) -> None:
        self.host = host

    def paint_others(self, view: DocumentView) -> None:
        """Fill (or clear) the pane's "others" layers: other annotators' accepted spans, read-only."""
        host = self.host
        doc_id = getattr(view, "doc_id", "")
        others: list[Span] = []
        if host.others.shown and doc_id:
            from tui_reader.team import other_spans  # lazy: agreement maths are not needed at start-up

            others = [s for spans in other_spans(host.store, doc_id, host.annotator).values() for s in spans]
        host.others.paint(view, others)

    def toggle_others(self) -> None:
        host = self.host
        host.others.shown = not host.others.shown
        for view in host.views:
            if view.display:
                self.paint_others(view)
        host.update_status()
        if not host.others.shown:
            host.say("Other annotators' spans hidden.")
            return
        names = sorted({s.annotator for v in host.views if v.display for s in host.others.spans(v)})
        if names:
            host.say(f"Showing {', '.join(names)}'s spans: tinted and underlined, read-only (O hides them).")
        else:
            host.say("No other annotator has spans on the documents shown (O hides the layer again).")

    def adjudicate(self) -> None:
        host = self.host
        view = host.active_view
        doc_id = getattr(view, "doc_id", "")
        if not doc_id:
            host.say("No document open.", severity="warning")
            return
        from tui_reader.tui.screens.adjudicate import AdjudicateScreen
        screen = AdjudicateScreen(host.store, doc_id, view.title, view.text, host.labels,
                                  lambda fn: host.write(fn) is not FAILED, host.say)  # fmt: skip
        if not screen.items:
            host.say(f"No disagreements in {one_line(view.title or doc_id, 50)}: it needs spans by two or more "
                     "annotators who differ (merge their databases first).", severity="warning")  # fmt: skip
            return
        host.push_screen(screen, lambda _r: host.refresh_document(doc_id))

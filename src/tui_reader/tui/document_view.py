"""The reading pane: a Line API widget (ScrollView + render_line) that renders only the visible lines.

CONTRACT (the app and other modules rely on exactly this; the implementation fills it in):

    class DocumentView(ScrollView, can_focus=True):
        def __init__(self, *, labels: LabelSet, name=None, id=None, classes=None)
        def load(self, doc_id: str, title: str, text: str, spans: Sequence[Span]) -> None
            # show a document; cursor at 0, no selection, scroll to top
        def set_spans(self, spans: Sequence[Span]) -> None     # re-highlight after the store changed
        def set_marks(self, name: str, ranges: Sequence[tuple[int, int]], style: str) -> None
            # extra highlighted ranges (search matches, echoes, other annotators' spans), by layer name;
            # an empty list removes the layer
        doc_id: str; title: str; text: str                   # what is shown
        cursor: int                                          # code-point offset into text (0..len(text))
        selection: tuple[int, int] | None                    # (start, end), start < end, grapheme-aligned
        visual: bool                                         # `v` mode active
        def move_to(self, offset: int, *, extend: bool = False) -> None   # snaps to a grapheme boundary
        def select(self, start: int, end: int) -> None
        def clear_selection(self) -> None
        def selection_or_span(self) -> tuple[int, int] | None  # selection, else the span under the cursor
        def spans_at_cursor(self) -> list[Span]
        def search(self, pattern: str, *, forward: bool = True) -> bool  # literal, case-insensitive
        def search_next(self) -> bool; def search_prev(self) -> bool
        def next_span(self) -> Span | None; def prev_span(self) -> Span | None  # moves the cursor there

        Messages: DocumentView.CursorMoved(view, offset), DocumentView.SelectionChanged(view, selection)

    Keys handled inside the view (bindings, also shown in the footer/help): arrows, h j k l, w b, ( ), { },
    g G, pgup pgdn, home end, v, shift+arrows, s (sentence), ] [, n N, mouse drag. Everything that changes the
    store (1-9, x, e, a, r, u, ctrl+r, y, /, o, d) is the app's.

Text is data: every line is built as `rich.text.Text`/`textual.content.Content` from plain strings (never
markup), and control characters are drawn as one-cell control pictures (U+2400 block), never sent raw.
"""

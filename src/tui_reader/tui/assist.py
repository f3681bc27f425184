"""The app's assist parts (issue 7): rule suggestions from the palette, echoes in the other pane, `L` to link.

A mixin for ReaderApp, so app.py only lists it as a base, binds `L` and adds `assist_commands()` to the palette.
Textual calls every class's own `on_...` handler along the MRO, so `on_document_view_cursor_moved` here runs
after the app's own.

- "suggest: this document" / "suggest: all documents" run `suggest.store_suggestions` (the rules that fit the
  app's LabelSet) in a thread worker with its own AnnotationStore (sqlite connections belong to their thread),
  then re-read the shown documents and say how many were added per label.
- Echoes follow the active pane's cursor: on a span, the passages of the other pane's document that say the
  same (`align.find_echoes`) are marked there (marks layer "echoes"); off a span they are cleared. Results are
  cached per (span, other document), so moving within a span or coming back to it costs a dict lookup; a
  cache miss is computed in a thread worker (exclusive: a newer cursor move discards an older result), so the
  screen never waits for it. Texts over `ECHO_MAX_TEXT` code points or spans over `ECHO_MAX_WORDS` words are
  not searched (the matcher's word windows grow with text length x span words).
- `L` links the span under the cursor with its best echo (`align.link_echo`, in ONE transaction, committed
  before the panes re-read). Linked spans are marked in both panes (layer "links"), named in the status line
  ("linked: appears in 2 of 5 articles") and flagged in the span list.

Undo and links: `u` replays the annotator's span events only. If `L` created the echo span in the other
document (or accepted a suggestion there), `u` undoes that: the span goes (or is a suggestion again) and, when it
goes, its row in the link group goes with it (ON DELETE CASCADE), so the two spans are no longer linked; `ctrl+r`
brings the span back but not the link (press `L` again). A link between two spans that were both accepted
already is not on the undo stack: delete one of them (`x`) to undo it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.content import Content
from textual.worker import get_current_worker

from tui_reader.models import Span
from tui_reader.sanitize import one_line
from tui_reader.store import AnnotationStore, StoreError
from tui_reader.tui.commands import Command
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.widgets.span_list import SpanList

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from textual.app import App

    from tui_reader.models import LabelSet
    from tui_reader.store import DocSummary

    class _Base(App[None]):  # what the mixin uses of ReaderApp
        db_path: Path
        labels: LabelSet
        annotator: str
        store: AnnotationStore
        summaries: dict[str, DocSummary]

        @property
        def views(self) -> tuple[DocumentView, DocumentView]: ...
        @property
        def active_view(self) -> DocumentView: ...
        def say(self, message: str, *, severity: str = ..., timeout: float | None = ...) -> None: ...
        def _write(self, fn: Callable[[], Any]) -> Any: ...
        def refresh_document(self, doc_id: str) -> None: ...
        def span_under_cursor(self, view: DocumentView | None = ..., *, status: str | None = ...) -> Span | None: ...
        def _span_list(self) -> SpanList | None: ...
else:
    _Base = object

ASSIST_ACTIONS = frozenset({"link_echo", "suggest"})  # main-screen only, like the app's MAIN_ACTIONS
ECHO_STYLE = "bold #000000 on #e599f7"  # pink: not a label colour, distinct from spans, search and selection
LINK_STYLE = "bold italic overline"  # over the span's own colour: "in a link group" (overline where the terminal has it)
ECHO_MAX_TEXT = 300_000  # code points of the other document searched for echoes
ECHO_MAX_WORDS = 120  # words of a span searched for
ECHO_CACHE_SIZE = 10_000  # (span, other document) results kept

EchoKey = tuple[str, int, int, str, int]  # span id, start, end, other doc id, other text length


class AssistMixin(_Base):
    """Suggestions, echoes and links for ReaderApp (see the module docstring)."""

    _echo_cache: dict[EchoKey, list[tuple[int, int, float]]]
    _echo_shown: tuple[str, EchoKey | None]  # (pane id with the marks, what they show)
    _linked: dict[str, tuple[int, int]]  # span id -> (articles its group is in, spans in the group)

    def _assist_state(self) -> None:
        if not hasattr(self, "_echo_cache"):
            self._echo_cache = {}
            self._echo_shown = ("", None)
            self._linked = {}

    # -- palette -------------------------------------------------------------------------------------
    def assist_commands(self) -> list[Command]:
        return [
            Command("suggest: this document", "Store rule suggestions (quotes, statistics, anonymous sources) "
                    "for the document in the active pane", partial(self.action_suggest, False)),  # fmt: skip
            Command("suggest: all documents", "Store rule suggestions for every document in the database",
                    partial(self.action_suggest, True)),  # fmt: skip
            Command("link echo (L)", "Link the span under the cursor with its echo in the other pane",
                    self.action_link_echo),  # fmt: skip
        ]

    # -- suggestions ---------------------------------------------------------------------------------
    def action_suggest(self, all_documents: bool = False) -> None:
        from tui_reader.suggest import rules_for_labels  # lazy: keeps start-up lean

        rules = rules_for_labels(self.labels)
        if not any(rules.values()):
            self.say("No suggestion rule fits this label set (it has no quote, statistic or anonymous source "
                     "label).", severity="warning")  # fmt: skip
            return
        doc_id = getattr(self.active_view, "doc_id", "")
        if not all_documents and not doc_id:
            self.say("No document in this pane.", severity="warning")
            return
        self.say("Suggesting for all documents…" if all_documents else f"Suggesting for {one_line(doc_id, 40)}…")
        self._suggest(None if all_documents else [doc_id], rules)

    @work(thread=True, group="suggest")
    def _suggest(self, doc_ids: list[str] | None, rules: dict[str, str | None]) -> None:
        from tui_reader.suggest import store_suggestions

        try:
            with AnnotationStore(self.db_path, create=False) as store:  # this thread's own connection
                totals = store_suggestions(store, doc_ids, rules=rules)
        except (StoreError, ValueError, OSError) as e:  # the store's errors include busy, read-only, damaged
            self._from_thread(self.say, f"Suggest failed: {e}", severity="error", timeout=10)
            return
        self._from_thread(self._suggested, totals)

    def _from_thread(self, fn: Any, *args: Any, **kw: Any) -> None:
        """Run `fn` on the UI thread; nothing when the app has closed meanwhile (quit during a run)."""
        try:
            self.call_from_thread(fn, *args, **kw)
        except RuntimeError:
            pass

    def _suggested(self, totals: dict[str, Any]) -> None:
        for doc_id in {getattr(v, "doc_id", "") for v in self.views if v.display} - {""}:
            self.refresh_document(doc_id)
        per_label = totals["per_label"]
        n_docs = totals["documents"]
        where = f"{n_docs} document{'s' if n_docs != 1 else ''}"
        if not per_label:
            self.say(f"No new suggestions in {where} ({totals['existing']} already there).")
            return
        counts = ", ".join(f"{per_label[lb]} {one_line(lb)}" for lb in sorted(per_label))
        self.say(f"Suggested in {where}: {counts} (]/[ visit them, a/r accept/reject).", timeout=8)

    # -- echoes --------------------------------------------------------------------------------------
    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.update_echoes()

    def on_descendant_focus(self, event: Any) -> None:
        if isinstance(getattr(event, "widget", None), DocumentView):
            self.update_echoes()  # echoes follow the active pane: the other pane shows them

    def assist_document_loaded(self, view: DocumentView) -> None:
        """A document was (re)loaded into `view` (which dropped its marks layers): mark its links again."""
        self._assist_state()
        if self._echo_shown[0] == view.id:
            self._echo_shown = ("", None)
        self.refresh_link_marks()

    def assist_spans_changed(self) -> None:
        """The store changed (tag, delete, undo, link, suggestions): links and echoes follow."""
        self.refresh_link_marks()
        self.update_echoes()

    def _other_view(self, view: DocumentView) -> DocumentView | None:
        left, right = self.views
        other = right if view is left else left
        if not other.display or not getattr(other, "doc_id", "") or other.doc_id == view.doc_id:
            return None
        return other

    def _echo_source(self) -> tuple[DocumentView, Span, DocumentView, EchoKey] | None:
        view = self.active_view
        if not getattr(view, "doc_id", ""):
            return None
        other = self._other_view(view)
        spans = view.spans_at_cursor()
        if other is None or not spans:
            return None
        span = spans[0]  # innermost, as the status line names it
        return view, span, other, (span.id, span.start, span.end, other.doc_id, len(other.text))

    def update_echoes(self) -> None:
        """Mark the echoes of the span under the active pane's cursor in the other pane (or clear them)."""
        self._assist_state()
        src = self._echo_source()
        shown_in, shown = self._echo_shown
        if src is None:
            if shown is not None:
                self._show_echoes(shown_in, None, [])
            return
        view, span, other, key = src
        if (shown_in, shown) == (other.id, key):
            return
        cached = self._echo_cache.get(key)
        if cached is not None:
            self._show_echoes(other.id or "", key, cached)
            return
        if shown is not None:
            self._show_echoes(shown_in, None, [])  # the old span's echoes go at once; the new ones follow
        if len(other.text) > ECHO_MAX_TEXT or len(span.text.split()) > ECHO_MAX_WORDS:
            self._echo_cache[key] = []
            return
        self._find_echoes(span.text, other.text, key, other.id or "")

    @work(thread=True, group="echoes", exclusive=True)
    def _find_echoes(self, span_text: str, other_text: str, key: EchoKey, other_id: str) -> None:
        found = _align().find_echoes(span_text, other_text)
        if get_current_worker().is_cancelled:
            return
        self._from_thread(self._echoes_found, key, other_id, found)

    def _echoes_found(self, key: EchoKey, other_id: str, found: list[tuple[int, int, float]]) -> None:
        if len(self._echo_cache) > ECHO_CACHE_SIZE:
            self._echo_cache.clear()
        self._echo_cache[key] = found
        src = self._echo_source()
        if src is not None and src[3] == key:  # the cursor is still on that span
            self._show_echoes(other_id, key, found)

    def _show_echoes(self, view_id: str, key: EchoKey | None, found: list[tuple[int, int, float]]) -> None:
        for v in self.views:
            if v.id != view_id:
                v.set_marks("echoes", [], ECHO_STYLE)
        if view_id:
            self.query_one(f"#{view_id}", DocumentView).set_marks("echoes", [(a, b) for a, b, _ in found], ECHO_STYLE)
        self._echo_shown = (view_id, key) if key is not None else ("", None)

    def echoes_shown(self) -> list[tuple[int, int, float]]:
        """The echoes marked now (best first), in offsets of the other pane's text."""
        self._assist_state()
        _, key = self._echo_shown
        return list(self._echo_cache.get(key, [])) if key is not None else []

    # -- links ---------------------------------------------------------------------------------------
    def action_link_echo(self) -> None:
        self._assist_state()
        span = self.span_under_cursor()
        view = self.active_view
        if span is None or span.doc_id != getattr(view, "doc_id", None):
            self.say("No span under the cursor: move onto a span to link it with its echo.", severity="warning")
            return
        other = self._other_view(view)
        if other is None:
            self.say("No other document beside this one: open one in the other pane (tab, o).", severity="warning")
            return
        key = (span.id, span.start, span.end, other.doc_id, len(other.text))
        found = self._echo_cache.get(key)
        if found is None:  # not searched yet (the worker is still on it): search here, bounded by the caps
            too_big = len(other.text) > ECHO_MAX_TEXT or len(span.text.split()) > ECHO_MAX_WORDS
            found = [] if too_big else _align().find_echoes(span.text, other.text)
            self._echo_cache[key] = found
        if not found:
            self.say(f"No echo of {one_line(span.label)} “{one_line(span.text, 40)}” in {one_line(other.title, 40)}.",
                     severity="warning")  # fmt: skip
            return
        start, end, score = found[0]
        store = self.store

        def link() -> str:
            with store.write():  # the echo span and the link in one transaction
                return _align().link_echo(store, span.id, other.doc_id, start, end, annotator=self.annotator)

        if not isinstance(self._write(link), str):  # not saved: the app has said why
            return
        for doc_id in {span.doc_id, other.doc_id}:
            self.refresh_document(doc_id)
        n, _ = self._linked.get(span.id, (2, 2))
        self.say(f"Linked {one_line(span.label)} “{one_line(span.text, 40)}” with “{one_line(other.text[start:end], 40)}”"
                 f" ({score:.0f}%): appears in {n} of {len(self.summaries)} articles.")  # fmt: skip

    def refresh_link_marks(self) -> None:
        """Mark the linked spans in both panes and remember, per span, how many articles its group is in."""
        self._assist_state()
        shown = [v for v in self.views if v.display and v.doc_id]
        linked: dict[str, tuple[int, int]] = {}
        where: dict[str, list[tuple[int, int]]] = {}  # doc id -> linked spans' ranges
        for doc_id in {v.doc_id for v in shown}:
            for group in self.store.links(doc_id):
                members = [s for s in (self.store.get_span(i) for i in group["spans"]) if s is not None]
                if len(members) < 2:  # a group left with one span (its partner was deleted or undone)
                    continue
                n_docs = len({s.doc_id for s in members})
                for s in members:
                    if s.id not in linked:
                        linked[s.id] = (n_docs, len(members))
                        where.setdefault(s.doc_id, []).append((s.start, s.end))
        self._linked = linked
        for v in self.views:  # from the groups, not by walking every span of the pane
            v.set_marks("links", where.get(v.doc_id, []) if v in shown else [], LINK_STYLE)
        span_list = self._span_list()
        if span_list is not None:
            span_list.linked = set(linked)
            span_list.refresh_rows()

    def link_status(self, span: Span | None) -> Content:
        """"· linked: appears in 2 of 5 articles" for the status line, when the span is in a link group."""
        self._assist_state()
        if span is None or span.id not in self._linked:
            return Content("")
        n_docs, _ = self._linked[span.id]
        total = len(self.summaries)
        return Content.assemble(" · ", (f"linked: appears in {n_docs} of {total} article{'s' if total != 1 else ''}",
                                        "bold"))  # fmt: skip


def _align() -> Any:
    """`tui_reader.align` (rapidfuzz, regex), imported on the first echo search rather than at start-up."""
    from tui_reader import align

    return align

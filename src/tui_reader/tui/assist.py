"""The app's assist component: rule suggestions from the palette, echoes in the other pane, `L` to link.

`Assist` is composed by ReaderApp (`self.assist`), which calls it when a pane's cursor, focus or spans change and
hands it the workers' messages (`SuggestionsReady`, `EchoesFound`, `WorkerFailed`) from its `@on(...)` handlers.

- "suggest: this document" / "suggest: all documents" run `learn.store_learned_suggestions` for the app's
  annotator: the rules that fit the app's LabelSet, text the annotator tagged elsewhere (propagation) and their
  trained model, minus text they rejected. In a thread worker with its own AnnotationStore (sqlite connections
  belong to their thread), which posts `SuggestionsReady`; the app then re-reads the shown documents and says how
  many were added, per label and, for the learned ones, per origin.
- Learning (`self.learning`, tui/learning.py): the model trained in the background, from the palette and as the
  annotator works; how precise suggestions have been; who suggested the span under the cursor.
- Echoes follow the active pane's cursor: on a span, the passages of the other pane's document that say the
  same (`align.find_echoes`) are marked there (marks layer "echoes"); off a span they are cleared. Results are
  cached per (span, other document), so moving within a span or coming back to it costs a dict lookup; a
  cache miss is computed in a thread worker (exclusive: a newer cursor move discards an older result), so the
  screen never waits for it. Texts over `ECHO_MAX_TEXT` code points or spans over `ECHO_MAX_WORDS` words are
  not searched (the matcher's word windows grow with text length x span words).
- Every text a pane loads gets its word index built ahead in a thread worker (`align.prepare_echoes`), so the
  first echo search in it only searches; no echo search or index build ever runs on the UI thread. At start-up
  those builds wait until the rest of the screen is up (`started`): importing `align` (rapidfuzz) and building
  the index, even in a thread, hold the interpreter ~40 ms that the first frame would otherwise wait for.
- `L` links the span under the cursor with its best echo (`align.link_echo`, in ONE transaction, committed
  before the panes re-read); when that span's echoes are not found yet, they are searched in a worker and the
  link is made when they arrive (keys go on being answered meanwhile). Linked spans are marked in both panes (layer "links"), named in the status line
  ("linked: appears in 2 of 5 articles") and flagged in the span list.

Undo and links: `L` is one undo step (`store.event_group`): `u` takes away the link and the echo span it created
(or makes the accepted suggestion a suggestion again); `ctrl+r` brings back both, link included, also after a
restart (the event log holds the link rows it added).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.worker import get_current_worker

from tui_reader.models import Span
from tui_reader.sanitize import one_line
from tui_reader.store import AnnotationStore
from tui_reader.tui.host import FAILED, ReaderHost
from tui_reader.tui.learning import Learning
from tui_reader.tui.messages import EchoesFound, SuggestionsReady, WorkerFailed

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from textual.message import Message

    from tui_reader.tui.document_view import DocumentView

ECHO_STYLE = "bold #000000 on #e599f7"  # pink: not a label colour, distinct from spans, search and selection
LINK_STYLE = "bold italic overline"  # over the span's own colour: "in a link group" (overline where the terminal has it)
ECHO_MAX_TEXT = 300_000  # code points of the other document searched for echoes
ECHO_MAX_WORDS = 120  # words of a span searched for
ECHO_CACHE_SIZE = 10_000  # (span, other document) results kept

ORIGIN_WORDS = {"propagate": "as you tagged them elsewhere", "model": "by your model"}  # totals["per_origin"] keys

EchoKey = tuple[str, int, int, str, int]  # span id, start, end, other doc id, other text length


def suggest_worker(post: Callable[[Message], Any], db_path: Path, doc_ids: list[str] | None,
                   rules: dict[str, str | None], annotator: str) -> None:  # fmt: skip
    """Store suggestions: rules, propagation and the annotator's model (thread worker, its own connection);
    posts SuggestionsReady or WorkerFailed."""
    from tui_reader.learn import store_learned_suggestions

    try:
        with AnnotationStore(db_path, create=False) as store:  # this thread's own connection
            totals = store_learned_suggestions(store, doc_ids, rules=rules, annotator=annotator)
    except Exception as e:  # noqa: BLE001 - the store's errors (busy, read-only, damaged), a bad document id, and
        # a stored model that cannot be read (merged from elsewhere, damaged): a notice, never a crash
        post(WorkerFailed("Suggest", str(e) or type(e).__name__))
        return
    post(SuggestionsReady(totals))


def prepare_worker(text: str) -> None:
    """Build (and cache) the word index of a pane's text ahead of its first echo search (thread worker)."""
    _align().prepare_echoes(text)


def echo_worker(post: Callable[[Message], Any], span_text: str, other_text: str, key: EchoKey, other_id: str) -> None:
    """Find the echoes of a span in the other pane's text (thread worker); posts EchoesFound unless superseded."""
    found = _align().find_echoes(span_text, other_text)
    if not get_current_worker().is_cancelled:
        post(EchoesFound(key, other_id, found))


class Assist:
    """Suggestions, echoes and links for the reader's two panes (see the module docstring)."""

    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self._echo_cache: dict[EchoKey, list[tuple[int, int, float]]] = {}
        self._echo_shown: tuple[str, EchoKey | None] = ("", None)  # (pane id with the marks, what they show)
        self._linked: dict[str, tuple[int, int]] = {}  # span id -> (articles its group is in, spans in the group)
        self._pending_link: tuple[EchoKey, Span, str] | None = None  # L pressed before that search was done
        self._prepare_later: dict[str, str] | None = {}  # pane id -> text to index once started (None: started)
        self.learning = Learning(host)  # the model trained in the background, precision, origins

    # -- suggestions ---------------------------------------------------------------------------------
    def suggest(self, all_documents: bool = False) -> None:
        from tui_reader.suggest import rules_for_labels  # lazy: keeps start-up lean

        host = self.host
        rules = rules_for_labels(host.labels)
        doc_id = getattr(host.active_view, "doc_id", "")
        if not all_documents and not doc_id:
            host.say("No document in this pane.", severity="warning")
            return
        if not any(rules.values()):  # propagation and the model still suggest what the annotator tagged
            host.say("No suggestion rule fits this label set (it has no quote, statistic or anonymous source "
                     "label): suggesting from your own decisions only.", severity="warning")  # fmt: skip
        host.say("Suggesting for all documents…" if all_documents else f"Suggesting for {one_line(doc_id, 40)}…")
        post, db, who = host.post_message, host.db_path, host.annotator
        host.run_worker(lambda: suggest_worker(post, db, None if all_documents else [doc_id], rules, who),
                        thread=True, group="suggest")  # fmt: skip

    def suggestions_ready(self, totals: dict[str, Any]) -> None:
        host = self.host
        for doc_id in {getattr(v, "doc_id", "") for v in host.views if v.display} - {""}:
            host.refresh_document(doc_id)
        per_label = totals["per_label"]
        n_docs = totals["documents"]
        where = f"{n_docs} document{'s' if n_docs != 1 else ''}"
        if not per_label:
            host.say(f"No new suggestions in {where} ({totals['existing']} already there).")
            return
        counts = ", ".join(f"{per_label[lb]} {one_line(lb)}" for lb in sorted(per_label))
        per_origin = totals.get("per_origin", {})
        learned = [f"{per_origin[k]} {ORIGIN_WORDS[k]}" for k in ORIGIN_WORDS if per_origin.get(k)]
        of_them = f"; of them {', '.join(learned)}" if learned else ""
        host.say(f"Suggested in {where}: {counts}{of_them} (]/[ visit them, a/r accept/reject).", timeout=8)

    # -- echoes --------------------------------------------------------------------------------------
    def document_loaded(self, view: DocumentView) -> None:
        """A document was (re)loaded into `view` (which dropped its marks layers): mark its links again."""
        if self._echo_shown[0] == view.id:
            self._echo_shown = ("", None)
        self.refresh_link_marks()
        if getattr(view, "doc_id", "") and len(view.text) <= ECHO_MAX_TEXT:  # its word index, built off the UI thread
            if self._prepare_later is not None:  # still starting: after the first frame and the rest of the screen
                self._prepare_later[view.id or ""] = view.text
            else:
                self._prepare(view.text)

    def started(self) -> None:
        """The whole screen is up: build the word indexes of the texts loaded meanwhile."""
        later, self._prepare_later = self._prepare_later or {}, None
        for text in later.values():
            self._prepare(text)

    def _prepare(self, text: str) -> None:
        self.host.run_worker(lambda: prepare_worker(text), thread=True, group="echo-prepare")

    def spans_changed(self) -> None:
        """The store changed (tag, delete, undo, link, suggestions): links, echoes and learning follow."""
        self.refresh_link_marks()
        self.update_echoes()
        self.learning.spans_changed()

    def _other_view(self, view: DocumentView) -> DocumentView | None:
        left, right = self.host.views
        other = right if view is left else left
        if not other.display or not getattr(other, "doc_id", "") or other.doc_id == view.doc_id:
            return None
        return other

    def _echo_source(self) -> tuple[DocumentView, Span, DocumentView, EchoKey] | None:
        view = self.host.active_view
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
        post, text, other_text, other_id = self.host.post_message, span.text, other.text, other.id or ""
        self.host.run_worker(lambda: echo_worker(post, text, other_text, key, other_id), thread=True, group="echoes",
                             exclusive=True)  # fmt: skip

    def echoes_found(self, found: EchoesFound) -> None:
        if len(self._echo_cache) > ECHO_CACHE_SIZE:
            self._echo_cache.clear()
        self._echo_cache[found.key] = found.found
        pending = self._pending_link
        if pending is not None and pending[0] == found.key:  # L was pressed on that span: link it now
            self._pending_link = None
            other = next((v for v in self.host.views if v.id == pending[2] and v.doc_id == found.key[3]), None)
            if other is not None:
                self._link(pending[1], other, found.found)
        src = self._echo_source()
        if src is not None and src[3] == found.key:  # the cursor is still on that span
            self._show_echoes(found.view_id, found.key, found.found)

    def _show_echoes(self, view_id: str, key: EchoKey | None, found: list[tuple[int, int, float]]) -> None:
        for v in self.host.views:
            v.set_marks("echoes", [(a, b) for a, b, _ in found] if v.id == view_id else [], ECHO_STYLE)
        self._echo_shown = (view_id, key) if key is not None else ("", None)

    # -- links ---------------------------------------------------------------------------------------
    def link_echo(self) -> None:
        host = self.host
        span = host.span_under_cursor()
        view = host.active_view
        if span is None or span.doc_id != getattr(view, "doc_id", None):
            host.say("No span under the cursor: move onto a span to link it with its echo.", severity="warning")
            return
        other = self._other_view(view)
        if other is None:
            host.say("No other document beside this one: open one in the other pane (tab, o).", severity="warning")
            return
        key = (span.id, span.start, span.end, other.doc_id, len(other.text))
        found = self._echo_cache.get(key)
        if found is None:  # not searched yet: searched in a worker (never on the UI thread), linked when found
            if len(other.text) > ECHO_MAX_TEXT or len(span.text.split()) > ECHO_MAX_WORDS:
                found = self._echo_cache[key] = []
            else:
                self._pending_link = (key, span, other.id or "")
                post, text, other_text, other_id = host.post_message, span.text, other.text, other.id or ""
                host.run_worker(lambda: echo_worker(post, text, other_text, key, other_id), thread=True,
                                group="echo-link")  # fmt: skip
                return
        self._link(span, other, found)

    def _link(self, span: Span, other: DocumentView, found: list[tuple[int, int, float]]) -> None:
        host = self.host
        if not found:
            host.say(f"No echo of {one_line(span.label)} “{one_line(span.text, 40)}” in {one_line(other.title, 40)}.",
                     severity="warning")  # fmt: skip
            return
        start, end, score = found[0]
        store = host.store

        def link() -> str:
            with store.event_group():  # the echo span and the link: one transaction, one undo step
                return _align().link_echo(store, span.id, other.doc_id, start, end, annotator=host.annotator)

        if host.write(link) is FAILED:  # not saved: the app has said why
            return
        for doc_id in {span.doc_id, other.doc_id}:
            host.refresh_document(doc_id)
        n, _ = self._linked.get(span.id, (2, 2))
        host.say(f"Linked {one_line(span.label)} “{one_line(span.text, 40)}” with “{one_line(other.text[start:end], 40)}”"
                 f" ({score:.0f}%): appears in {n} of {len(host.summaries)} articles.")  # fmt: skip

    def refresh_link_marks(self) -> None:
        """Mark the linked spans in both panes and remember, per span, how many articles its group is in."""
        store = self.host.store
        views = self.host.views
        shown = [v for v in views if v.display and v.doc_id]
        linked: dict[str, tuple[int, int]] = {}
        where: dict[str, list[tuple[int, int]]] = {}  # doc id -> linked spans' ranges
        for doc_id in {v.doc_id for v in shown}:
            for group in store.links(doc_id):
                members = [s for s in (store.get_span(i) for i in group["spans"]) if s is not None]
                if len(members) < 2:  # a group left with one span (its partner was deleted or undone)
                    continue
                n_docs = len({s.doc_id for s in members})
                for s in members:
                    if s.id not in linked:
                        linked[s.id] = (n_docs, len(members))
                        where.setdefault(s.doc_id, []).append((s.start, s.end))
        self._linked = linked
        for v in views:  # from the groups, not by walking every span of the pane
            v.set_marks("links", where.get(v.doc_id, []) if v in shown else [], LINK_STYLE)
        span_list = self.host.span_list()
        if span_list is not None:
            span_list.linked = set(linked)
            span_list.refresh_rows()

    def link_status(self, span: Span | None) -> Content:
        """"· linked: appears in 2 of 5 articles" for the status line, when the span is in a link group."""
        if span is None or span.id not in self._linked:
            return Content("")
        n_docs, _ = self._linked[span.id]
        total = len(self.host.summaries)
        return Content.assemble(" · ", (f"linked: appears in {n_docs} of {total} article{'s' if total != 1 else ''}",
                                        "bold"))  # fmt: skip


def _align() -> Any:
    """`tui_reader.align` (rapidfuzz, regex), imported on the first echo search rather than at start-up."""
    from tui_reader import align

    return align

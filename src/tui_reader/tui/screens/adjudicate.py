"""`J`: adjudication. The focused document's disagreements one by one; each decision goes into the `gold` layer.

A disagreement (team.disagreements) is a region where the annotators who touched the document marked different
spans. The screen shows one at a time: the text around it, each side (annotator A, B, ...: their spans there,
label and text, or "nothing marked here"), and the decision already in gold. Keys:

    a / b / c / d   keep side A / B / C / D (what that annotator marked here; the other candidates are rejected)
    + (or =)        keep both (every candidate span; "all" with three or more annotators)
    - (or x)        keep neither (every candidate rejected in gold: remembered as decided)
    n / p           next / previous disagreement (also down / up, j / k); the list on the left follows (a click
                    on one of its rows shows that one)
    u               undo the last decision made in this screen (all of its gold spans, one transaction); with
                    none left, the gold layer's last step (one decision), as `u` does in the reader
    escape / q      back to the reader

Deciding writes through `team.decide` (committed before the screen shows it), re-reads the disagreements from
the store, and moves on to the next one. Deciding again on a decided place changes the decision.
Everything from the documents (text, labels, annotator names) is shown as Content built from plain strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui_reader import review
from tui_reader.actions import Scope
from tui_reader.models import LabelSet, Span
from tui_reader.sanitize import one_line, visible
from tui_reader.store import AnnotationStore
from tui_reader.team import GOLD, Disagreement, Key, decide, disagreements, key_of
from tui_reader.tui.commands import bindings_for
from tui_reader.tui.text import label_chip
from tui_reader.tui.widgets.row_list import RowList

CONTEXT = 160  # characters of text shown either side of a disagreement
SIDES = "abcd"


@dataclass
class Decision:
    """What gold holds for one disagreement: the kept candidates, and the choice they amount to."""

    kept: set[Key]
    decided: bool

    def name(self, d: Disagreement) -> str:
        if not self.decided:
            return ""
        names = [f"{SIDES[i].upper()}" for i, a in enumerate(d.annotators[: len(SIDES)])
                 if set(d.keys_of(a)) == self.kept]  # fmt: skip
        if self.kept and self.kept == set(d.candidates):
            names.append("both" if len(d.annotators) == 2 else "all")
        if not self.kept:
            names.append("neither")
        return " = ".join(names) if names else "own choice"


def decision_of(d: Disagreement) -> Decision:
    cands = set(d.candidates)
    kept = {key_of(g) for g in d.gold if g.status == "accepted" and key_of(g) in cands}
    return Decision(kept, d.decided)


def context_content(text: str, d: Disagreement) -> Content:
    """The text around the disagreement, the disputed region bold and underlined."""
    a, b = max(0, d.start - CONTEXT), min(len(text), d.end + CONTEXT)
    before, region, after = text[a : d.start], text[d.start : d.end], text[d.end : b]
    return Content.assemble(
        ("…" if a > 0 else ""), visible(before), (visible(region), "bold underline"), visible(after),
        ("…" if b < len(text) else ""),
    )  # fmt: skip


def side_content(d: Disagreement, labels: LabelSet, gold: dict[Key, Span]) -> Content:
    """Each side: its letter and annotator, then every span it marked here (label, text, offsets)."""
    parts: list[Content | str | tuple[str, str]] = []
    for i, who in enumerate(d.annotators[: len(SIDES)]):
        parts += [(f" {SIDES[i].upper()} ", "bold reverse"), " ", (one_line(who, 40), "bold"), "\n"]
        keys = d.keys_of(who)
        if not keys:
            parts += [("   nothing marked here", "italic dim"), "\n"]
        for key in keys:
            span = next(s for s in d.spans[who] if key_of(s) == key)
            parts += ["   ", label_chip(labels.by_name(span.label), span.label), " ", f"“{one_line(span.text, 200)}”",
                      (f"  {span.start}–{span.end}", "dim")]  # fmt: skip
            g = gold.get(key)
            if g is not None:
                parts.append(("  ✓ gold" if g.status == "accepted" else "  ✗ not gold", "bold"))
            parts.append("\n")
        parts.append("\n")
    return Content.assemble(*parts)


class DisagreementList(RowList[Disagreement], can_focus=False):
    """One row per disagreement: decided mark, offsets, labels. Follows the screen's current one."""

    BORDER_TITLE = "Disagreements"

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)

    def row_key(self, row: Disagreement) -> str:
        return f"{row.start}-{row.end}"

    def row_lines(self, row: Disagreement) -> tuple[Content, ...]:
        dec = decision_of(row)
        mark = ("✓ " + dec.name(row), "bold") if dec.decided else ("· open", "dim")
        labels = ", ".join(sorted({c[2] for c in row.candidates}))
        return (Content.assemble(mark, (f"  {row.start}–{row.end} ", "dim"), one_line(labels, 60)),)


class AdjudicateScreen(Screen[None]):
    """Dismisses with None; the reader then re-reads the document (gold spans appear in the others layer)."""

    DEFAULT_CSS = """
    AdjudicateScreen #adj-heading { height: 1; background: $panel; padding: 0 1; }
    AdjudicateScreen #adj-main { height: 1fr; }
    AdjudicateScreen DisagreementList {
        width: 30%; min-width: 24; max-width: 44; height: 1fr; border: round $panel-lighten-2;
    }
    AdjudicateScreen #adj-detail { width: 1fr; height: 1fr; border: round $accent; padding: 0 1; }
    AdjudicateScreen #adj-context { margin-bottom: 1; }
    """

    BINDINGS = bindings_for(Scope.ADJUDICATE)  # type: ignore[assignment]  # the action table's J screen keys

    def __init__(self, store: AnnotationStore, doc_id: str, title: str, text: str, labels: LabelSet,
                 write: Callable[[Callable[[], Any]], bool], say: Callable[..., None]) -> None:  # fmt: skip
        super().__init__()
        self.store = store
        self.doc_id = doc_id
        self.doc_title = title
        self.text = text
        self.labels = labels
        self.write = write
        self.say = say
        self.items: list[Disagreement] = disagreements(store, doc_id, include_decided=True)
        undecided = [i for i, d in enumerate(self.items) if not d.decided]
        self.index = undecided[0] if undecided else 0
        self.history: list[tuple[tuple[int, int], int]] = []  # (region, gold events it wrote), this session

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="adj-heading")
        with Horizontal(id="adj-main"):
            yield DisagreementList(id="adj-list")
            with VerticalScroll(id="adj-detail"):
                yield Static(id="adj-context")
                yield Static(id="adj-sides")
                yield Static(id="adj-decision")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DisagreementList).show(self.items)
        self._show()

    @property
    def current(self) -> Disagreement | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def _show(self) -> None:
        d = self.current
        done = sum(1 for x in self.items if x.decided)
        heading = Content.assemble(
            ("Adjudicating ", "bold"), (one_line(self.doc_title or self.doc_id, 60), "bold"),
            f" · disagreement {self.index + 1 if d else 0} of {len(self.items)} · {done} decided",
        )  # fmt: skip
        self.query_one("#adj-heading", Static).update(heading)
        lst = self.query_one(DisagreementList)
        lst.show(self.items)
        if d is None:
            for part in ("#adj-context", "#adj-sides", "#adj-decision"):
                self.query_one(part, Static).update(Content(""))
            return
        lst.highlighted = self.index
        gold = {key_of(g): g for g in d.gold}
        self.query_one("#adj-context", Static).update(context_content(self.text, d))
        self.query_one("#adj-sides", Static).update(side_content(d, self.labels, gold))
        dec = decision_of(d)
        if dec.decided:
            kept = [f"{k[2]} “{one_line(self.text[k[0]:k[1]], 40)}”" for k in d.candidates if k in dec.kept]
            line = Content.assemble(("Decided: ", "bold"), dec.name(d), " · gold keeps ",
                                    "; ".join(kept) if kept else "nothing here")  # fmt: skip
        else:
            line = Content.styled("Not decided: a / b keep a side, + both, - neither", "italic")
        self.query_one("#adj-decision", Static).update(line)

    def _reload(self) -> None:
        """Re-read the disagreements from the store (decisions are committed first), keeping the place."""
        region = (self.current.start, self.current.end) if self.current else None
        self.items = disagreements(self.store, self.doc_id, include_decided=True)
        regions = [(d.start, d.end) for d in self.items]
        if region in regions:
            self.index = regions.index(region)
        self.index = max(0, min(self.index, len(self.items) - 1))

    # -- actions -----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keep" and parameters and str(parameters[0]) in SIDES:
            d = self.current
            return d is not None and SIDES.index(str(parameters[0])) < len(d.annotators)
        return True

    def action_keep(self, choice: str) -> None:
        d = self.current
        if d is None:
            return
        if choice == "both":
            keep = d.candidates
        elif choice == "neither":
            keep = []
        else:
            keep = d.keys_of(d.annotators[SIDES.index(choice)])
        before = {key_of(g): g.status for g in d.gold}
        changes = sum(1 for k in d.candidates if before.get(k) != ("accepted" if k in keep else "rejected"))
        if not self.write(lambda: self._decide(d, keep)):
            return
        if changes:
            self.history.append(((d.start, d.end), changes))
        self._reload()
        following = [i for i in range(self.index + 1, len(self.items)) if not self.items[i].decided]
        if following:
            self.index = following[0]
        elif all(x.decided for x in self.items):
            self.say(f"All {len(self.items)} disagreements decided: `export --annotator gold` writes the gold layer.")
        self._show()

    def _decide(self, d: Disagreement, keep: Any) -> Any:
        with self.store.event_group():  # one decision: one undo step (also for `u` in the reader, as gold)
            return decide(self.store, d, keep)

    def action_move(self, step: int) -> None:
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + step))
            self._show()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        """A click on a row of the list: show that disagreement."""
        keys = [f"{d.start}-{d.end}" for d in self.items]
        if event.key in keys:
            self.index = keys.index(event.key)
            self._show()

    def action_undo(self) -> None:
        if self.history:
            region, _ = self.history[-1]  # one decision is one undo step (event_group)

            if not self.write(lambda: review.undo_group(self.store, GOLD, 1)):  # the whole decision, or nothing
                return
            self.history.pop()
            self._reload()
            regions = [(d.start, d.end) for d in self.items]
            if region in regions:
                self.index = regions.index(region)
            self.say(f"Undone: the decision on {region[0]}–{region[1]}.")
        else:
            undone: list[Any] = []
            if not self.write(lambda: undone.append(self.store.undo(GOLD))):
                return
            ev = undone[-1] if undone else None
            if ev is None:
                self.say("Nothing to undo in the gold layer.", severity="warning")
                return
            state = ev.after or ev.before or {}
            self._reload()
            self.say(f"Undone: gold {one_line(str(state.get('label', '')))} "
                     f"“{one_line(str(state.get('text', '')), 40)}”.")  # fmt: skip
        self._show()

    def action_leave(self) -> None:
        self.dismiss(None)

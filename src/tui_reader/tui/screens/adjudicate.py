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

Relations are adjudicated the same way (team.relation_disagreements, team.decide_relations): one item per span
whose relations differ between the annotators ("relation" in the list), each side the relations that annotator
made from it ("attributed to → anonymous source “a senior official”"); the same keys keep a side, both or
neither. A relation's two spans must be in gold: spans everyone marked are carried there, a span still disputed
is refused with a reason (decide that span's disagreement first).
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
from tui_reader.team import (
    GOLD,
    Disagreement,
    Key,
    RelationDisagreement,
    decide,
    decide_relations,
    disagreements,
    key_of,
    relation_disagreements,
)
from tui_reader.tui.commands import bindings_for
from tui_reader.tui.text import label_chip
from tui_reader.tui.widgets.row_list import RowList

CONTEXT = 160  # characters of text shown either side of a disagreement
SIDES = "abcd"
Item = Disagreement | RelationDisagreement  # a place where the spans differ, or the relations from one span


def item_key(d: Item) -> str:
    return f"r{d.start}-{d.end}-{d.head[2]}" if isinstance(d, RelationDisagreement) else f"{d.start}-{d.end}"


def load_items(store: AnnotationStore, doc_id: str) -> list[Item]:
    """The document's span and relation disagreements (decided ones too), in document order."""
    items: list[Item] = [*disagreements(store, doc_id, include_decided=True),
                         *relation_disagreements(store, doc_id, include_decided=True)]  # fmt: skip
    return sorted(items, key=lambda d: (d.start, isinstance(d, RelationDisagreement), d.end))


def span_words(text: str, key: Key) -> str:
    return f"{one_line(key[2])} “{one_line(text[key[0] : key[1]], 40)}”"


def relation_words(text: str, key: Any) -> str:
    """`attributed to → anonymous source “a senior official”` (the head is the item's own span)."""
    return f"{one_line(key[2])} → {span_words(text, key[1])}"


def relation_side_content(d: RelationDisagreement, text: str) -> Content:
    """Each side: its letter and annotator, then every relation it made from the span, with gold's decision."""
    parts: list[Content | str | tuple[str, str]] = [("From ", "bold"), span_words(text, d.head), "\n\n"]
    for i, who in enumerate(d.annotators[: len(SIDES)]):
        parts += [(f" {SIDES[i].upper()} ", "bold reverse"), " ", (one_line(who, 40), "bold"), "\n"]
        keys = d.keys_of(who)
        if not keys:
            parts += [("   no relation from this span", "italic dim"), "\n"]
        for key in keys:
            parts += ["   ", relation_words(text, key)]
            if key in d.gold:
                parts.append(("  ✓ gold" if d.gold[key] == "accepted" else "  ✗ not gold", "bold"))
            parts.append("\n")
        parts.append("\n")
    return Content.assemble(*parts)


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


def decision_of(d: Item) -> Decision:
    if isinstance(d, RelationDisagreement):
        return Decision(d.kept, d.decided)  # type: ignore[arg-type]
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


class DisagreementList(RowList[Item], can_focus=False):
    """One row per disagreement: decided mark, offsets, labels. Follows the screen's current one."""

    BORDER_TITLE = "Disagreements"

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)

    def row_key(self, row: Item) -> str:
        return item_key(row)

    def row_lines(self, row: Item) -> tuple[Content, ...]:
        dec = decision_of(row)
        mark = ("✓ " + dec.name(row), "bold") if dec.decided else ("· open", "dim")  # type: ignore[arg-type]
        labels = ", ".join(sorted({c[2] for c in row.candidates}))
        if isinstance(row, RelationDisagreement):
            labels = "relation: " + labels
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
        self.items: list[Item] = load_items(store, doc_id)
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
    def current(self) -> Item | None:
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
        self.query_one("#adj-context", Static).update(context_content(self.text, d))  # type: ignore[arg-type]
        if isinstance(d, RelationDisagreement):
            self._show_relations(d)
            return
        gold = {key_of(g): g for g in d.gold}
        self.query_one("#adj-sides", Static).update(side_content(d, self.labels, gold))
        dec = decision_of(d)
        if dec.decided:
            kept = [f"{k[2]} “{one_line(self.text[k[0]:k[1]], 40)}”" for k in d.candidates if k in dec.kept]
            line = Content.assemble(("Decided: ", "bold"), dec.name(d), " · gold keeps ",
                                    "; ".join(kept) if kept else "nothing here")  # fmt: skip
        else:
            line = Content.styled("Not decided: a / b keep a side, + both, - neither", "italic")
        self.query_one("#adj-decision", Static).update(line)

    def _show_relations(self, d: RelationDisagreement) -> None:
        self.query_one("#adj-sides", Static).update(relation_side_content(d, self.text))
        if d.decided:
            kept = [relation_words(self.text, k) for k in d.candidates if k in d.kept]
            line = Content.assemble(("Decided: ", "bold"), decision_of(d).name(d), " · gold keeps ",  # type: ignore[arg-type]
                                    "; ".join(kept) if kept else "no relation from this span")  # fmt: skip
        else:
            line = Content.styled("Not decided: a / b keep a side, + both, - neither", "italic")
        self.query_one("#adj-decision", Static).update(line)

    def _reload(self) -> None:
        """Re-read the disagreements from the store (decisions are committed first), keeping the place."""
        here = item_key(self.current) if self.current else None
        self.items = load_items(self.store, self.doc_id)
        keys = [item_key(d) for d in self.items]
        if here in keys:
            self.index = keys.index(here)
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
        keep: Any
        if choice == "both":
            keep = d.candidates
        elif choice == "neither":
            keep = []
        else:
            keep = d.keys_of(d.annotators[SIDES.index(choice)])
        if isinstance(d, RelationDisagreement):
            written: list[int] = []
            if not self.write(lambda: written.append(self._decide_relations(d, keep))):
                return
            changes = written[0]
        else:
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

    def _decide_relations(self, d: RelationDisagreement, keep: Any) -> int:
        """One decision on a relation: one undo step (the screen's `u` takes back one)."""
        with self.store.event_group():
            return min(1, decide_relations(self.store, d, keep))

    def _decide(self, d: Disagreement, keep: Any) -> Any:
        with self.store.event_group():  # one decision: one undo step (also for `u` in the reader, as gold)
            return decide(self.store, d, keep)

    def action_move(self, step: int) -> None:
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + step))
            self._show()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        """A click on a row of the list: show that disagreement."""
        keys = [item_key(d) for d in self.items]
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

"""Team work on one database: whose layers exist, agreement from the store, disagreements, gold decisions.

The functions the app (and the CLI) call; no SQL here (that is in store/), no Textual.

- `other_spans(store, doc_id, me)`: the other annotators' accepted spans on a document, by annotator.
- `disagreements(store, doc_id)`: places where the annotators' accepted spans differ, one by one.
- `decide(store, disagreement, keep)`: the adjudicator's decision, written into the `gold` layer: every
  candidate span kept becomes an accepted gold span, every other candidate a *rejected* gold span, so the
  decision "neither" is recorded too and the place is not listed again. `tui-reader export --annotator gold`
  exports the accepted ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui_reader.agreement import AgreementReport, agreement, relation_keys
from tui_reader.models import Span
from tui_reader.review import is_theirs
from tui_reader.store import AnnotationStore, StoreError

GOLD = "gold"
Key = tuple[int, int, str]  # (start, end, label) within one document


def key_of(s: Span) -> Key:
    return (s.start, s.end, s.label)


def agreement_report(store: AnnotationStore, annotators: Sequence[str] = (),
                     labels: Sequence[str] | None = None) -> AgreementReport:  # fmt: skip
    """Agreement between `annotators` (default: everyone with accepted spans or progress, gold included only
    when named) over their accepted spans; see agreement.py for the definitions."""
    names = list(dict.fromkeys(annotators)) or [a for a in store.team_annotators() if a != GOLD]
    known = set(store.team_annotators())
    unknown = [a for a in names if a not in known]
    if unknown:
        raise StoreError(f"annotator {unknown[0]!r} has no accepted spans or progress in {store.path}")
    spans = {a: store.spans(annotators=[a], statuses=["accepted"]) for a in names}
    touched = store.touched_documents(names)
    rels = {a: store.relations(annotators=[a], statuses=["accepted"]) for a in names}
    ends = {x for rs in rels.values() for r in rs for x in (r.head, r.tail)}
    by_id = {s.id: s for s in map(store.get_span, ends) if s is not None}
    relations = {a: relation_keys(rs, by_id) for a, rs in rels.items()}
    return agreement(spans, touched, store.document_lengths(), labels, relations)


def other_spans(store: AnnotationStore, doc_id: str, me: str, *, annotators: Sequence[str] = ()) -> dict[str, list[Span]]:
    """Accepted spans of every annotator but `me` on `doc_id` (only `annotators` if given), by annotator.

    Whose span is whose is `review.is_theirs`: the unattributed layer (imports, rules) is nobody else's."""
    out: dict[str, list[Span]] = {}
    for s in store.spans(doc_id, annotators=annotators, statuses=["accepted"]):
        if is_theirs(s, me):
            out.setdefault(s.annotator, []).append(s)
    return out


@dataclass
class Disagreement:
    """One region of a document (overlapping spans, any label) where the annotators' spans differ."""

    doc_id: str
    start: int
    end: int
    annotators: list[str]  # who touched the document, so whose silence here is a judgement too
    spans: dict[str, list[Span]] = field(default_factory=dict)  # annotator -> their spans in the region
    gold: list[Span] = field(default_factory=list)  # decisions already in the gold layer here

    @property
    def candidates(self) -> list[Key]:
        """Distinct (start, end, label) proposals, in document order."""
        return sorted({key_of(s) for ss in self.spans.values() for s in ss})

    def keys_of(self, annotator: str) -> list[Key]:
        """One side: what `annotator` marked here (accepting it = choosing that side)."""
        return sorted({key_of(s) for s in self.spans.get(annotator, [])})

    def who(self, key: Key) -> list[str]:
        return sorted(a for a, ss in self.spans.items() if any(key_of(s) == key for s in ss))

    @property
    def decided(self) -> bool:
        return set(self.candidates) <= {key_of(s) for s in self.gold}


def disagreements(store: AnnotationStore, doc_id: str, annotators: Sequence[str] = (), *,
                  include_decided: bool = False) -> list[Disagreement]:  # fmt: skip
    """Regions of `doc_id` where the annotators who touched it (all but gold, or `annotators`) differ.

    A region is a maximal run of overlapping accepted spans (any label, any annotator). It is a disagreement
    unless every annotator who touched the document marked exactly the same (start, end, label) set there.
    Regions whose every candidate already has a gold decision are left out unless `include_decided`.
    """
    touched = store.touched_documents(annotators)
    names = sorted(a for a, docs in touched.items() if doc_id in docs and a != GOLD)
    if len(names) < 2:
        return []
    spans = [s for s in store.spans(doc_id, annotators=names, statuses=["accepted"])]
    gold = store.spans(doc_id, annotators=[GOLD], statuses=["accepted", "rejected"])
    out: list[Disagreement] = []
    for start, end, group in _regions(spans):
        by: dict[str, list[Span]] = {}
        for s in group:
            by.setdefault(s.annotator, []).append(s)
        sets = [frozenset(key_of(s) for s in by.get(a, [])) for a in names]
        if all(x == sets[0] for x in sets):
            continue
        here = [g for g in gold if g.start < end and start < g.end]
        d = Disagreement(doc_id, start, end, names, by, here)
        if include_decided or not d.decided:
            out.append(d)
    return out


def _regions(spans: Iterable[Span]) -> Iterable[tuple[int, int, list[Span]]]:
    group: list[Span] = []
    start = end = 0
    for s in sorted(spans, key=lambda s: (s.start, s.end, s.label, s.annotator)):
        if group and s.start >= end:
            yield start, end, group
            group = []
        if not group:
            start, end = s.start, s.end
        group.append(s)
        end = max(end, s.end)
    if group:
        yield start, end, group


def decide(store: AnnotationStore, d: Disagreement, keep: Iterable[Key]) -> list[Span]:
    """Write the decision on `d` into the gold layer: `keep` (candidates; one side = `d.keys_of(name)`, both =
    `d.candidates`, neither = []) become accepted gold spans, the other candidates rejected ones. Deciding again
    changes the statuses (every change is an event of annotator `gold`: `store.undo('gold')` reverts the last one).
    Returns the gold spans, one per candidate."""
    keep = set(keep)
    bad = keep - set(d.candidates)
    if bad:
        raise StoreError(f"{sorted(bad)[0]} is not one of the spans in this disagreement")
    existing = {key_of(s): s for s in store.spans(d.doc_id, annotators=[GOLD], statuses=["accepted", "rejected"])}
    written: list[Span] = []
    with store.write():
        for key in d.candidates:
            status = "accepted" if key in keep else "rejected"
            old = existing.get(key)
            if old is None:
                written.append(store.add_span(d.doc_id, key[0], key[1], key[2], annotator=GOLD, status=status,
                                              origin="adjudication", attrs={"from": d.who(key)}))  # fmt: skip
            elif old.status != status:
                written.append(store.update_span(old.id, annotator=GOLD, status=status))
            else:
                written.append(old)
    return written


# -- relations: disagreements between annotators, decided into gold ------------------------------------------
RelKey = tuple[Key, Key, str]  # (head span's key, tail span's key, relation label)


@dataclass
class RelationDisagreement:
    """The relations that start at one span (by its offsets and label) where the annotators differ: which span
    a quote, claim or statistic rests on, and with which type."""

    doc_id: str
    head: Key
    annotators: list[str]  # who touched the document
    relations: dict[str, list[RelKey]] = field(default_factory=dict)  # annotator -> their relations from `head`
    gold: dict[RelKey, str] = field(default_factory=dict)  # gold's decision (status) per relation
    gold_spans: dict[Key, str] = field(default_factory=dict)  # gold's decision (status) per span

    @property
    def start(self) -> int:
        return self.head[0]

    @property
    def end(self) -> int:
        return self.head[1]

    @property
    def candidates(self) -> list[RelKey]:
        return sorted({k for ks in self.relations.values() for k in ks})

    def keys_of(self, annotator: str) -> list[RelKey]:
        return sorted(set(self.relations.get(annotator, [])))

    def who(self, key: RelKey) -> list[str]:
        return sorted(a for a, ks in self.relations.items() if key in ks)

    def decided_on(self, key: RelKey) -> bool:
        """Gold holds this relation (accepted or rejected), or gold rejected one of its spans."""
        return key in self.gold or "rejected" in (self.gold_spans.get(key[0]), self.gold_spans.get(key[1]))

    @property
    def decided(self) -> bool:
        return all(self.decided_on(k) for k in self.candidates)

    @property
    def kept(self) -> set[RelKey]:
        return {k for k in self.candidates if self.gold.get(k) == "accepted"}


def _relation_keys_by(store: AnnotationStore, doc_id: str, annotators: Sequence[str],
                      statuses: Sequence[str]) -> dict[str, dict[RelKey, str]]:  # fmt: skip
    """annotator -> {relation key: status} of their relations on `doc_id` (ends as (start, end, label))."""
    spans = {s.id: s for s in store.spans(doc_id)}
    out: dict[str, dict[RelKey, str]] = {}
    for r in store.relations(doc_id, annotators=annotators, statuses=statuses):
        h, t = spans.get(r.head), spans.get(r.tail)
        if h is not None and t is not None:
            out.setdefault(r.annotator, {})[(key_of(h), key_of(t), r.label)] = r.status
    return out


def relation_disagreements(store: AnnotationStore, doc_id: str, annotators: Sequence[str] = (), *,
                           include_decided: bool = False) -> list[RelationDisagreement]:  # fmt: skip
    """Spans of `doc_id` whose accepted relations (as head) differ between the annotators who touched it (all but
    gold, or `annotators`), one per head span (offsets and label), in document order. Unanimous heads are left
    out, and so are decided ones unless `include_decided`."""
    touched = store.touched_documents(annotators)
    names = sorted(a for a, docs in touched.items() if doc_id in docs and a != GOLD)
    if len(names) < 2:
        return []
    theirs = _relation_keys_by(store, doc_id, names, ["accepted"])
    gold = _relation_keys_by(store, doc_id, [GOLD], ["accepted", "rejected"]).get(GOLD, {})
    gold_spans = {key_of(s): s.status for s in store.spans(doc_id, annotators=[GOLD],
                                                            statuses=["accepted", "rejected"])}  # fmt: skip
    heads = sorted({k[0] for ks in theirs.values() for k in ks})
    out: list[RelationDisagreement] = []
    for head in heads:
        by = {a: [k for k in theirs.get(a, {}) if k[0] == head] for a in names}
        sets = [frozenset(by[a]) for a in names]
        if all(x == sets[0] for x in sets):
            continue
        d = RelationDisagreement(doc_id, head, names, {a: ks for a, ks in by.items() if ks},
                                 {k: v for k, v in gold.items() if k[0] == head}, gold_spans)  # fmt: skip
        if include_decided or not d.decided:
            out.append(d)
    return out


def decide_relations(store: AnnotationStore, d: RelationDisagreement, keep: Iterable[RelKey]) -> int:
    """Write the decision on `d` into gold: the `keep` candidates become accepted gold relations, the others
    rejected ones (so "neither" is remembered), in one transaction. A relation's two spans must be in gold:
    a span every annotator marked is carried into gold (accepted, origin "adjudication"); a span still in an
    undecided span disagreement, or kept out of gold, is refused with a reason (decide the spans first). A
    candidate whose span gold rejected needs nothing written. Returns how many gold events were written (what
    `review.undo_group(store, GOLD, n)` takes back)."""
    keep = set(keep)
    bad = keep - set(d.candidates)
    if bad:
        raise StoreError("that relation is not one of the relations in this disagreement")
    text = store.document_text(d.doc_id)
    events = 0
    with store.write():
        gold_spans = {key_of(s): s for s in store.spans(d.doc_id, annotators=[GOLD],
                                                        statuses=["accepted", "rejected"])}  # fmt: skip
        marked = {a: {key_of(s) for s in store.spans(d.doc_id, annotators=[a], statuses=["accepted"])}
                  for a in d.annotators}  # fmt: skip
        for key in d.candidates:
            head_key, tail_key, label = key
            kept = key in keep
            ends: list[Span] = []
            for end in (head_key, tail_key):
                g = gold_spans.get(end)
                where = f"{end[2]} “{text[end[0]:end[1]][:40]}” ({end[0]}–{end[1]})"
                if g is None and all(end in marked[a] for a in d.annotators):
                    g = store.add_span(d.doc_id, end[0], end[1], end[2], annotator=GOLD, status="accepted",
                                       origin="adjudication", attrs={"from": list(d.annotators)})  # fmt: skip
                    gold_spans[end] = g
                    events += 1
                if g is None:
                    raise StoreError(f"the {where} is not decided yet: decide its span disagreement first")
                if g.status == "rejected" and kept:
                    raise StoreError(f"the {where} was kept out of gold: keep the span first")
                ends.append(g)
            if any(g.status == "rejected" for g in ends):
                continue  # decided by its span: nothing to write
            status = "accepted" if kept else "rejected"
            old = next((r for r in store.relations_of(ends[0].id) if r.annotator == GOLD and r.tail == ends[1].id
                        and r.label == label), None)  # fmt: skip
            if old is None:
                store.add_relation(ends[0].id, ends[1].id, label, annotator=GOLD, status=status,
                                   origin="adjudication")  # fmt: skip
                events += 1
            elif old.status != status:
                store.update_relation(old.id, annotator=GOLD, status=status)
                events += 1
    return events

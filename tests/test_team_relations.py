"""Relation disagreements between annotators, and deciding them into gold (team.relation_disagreements,
team.decide_relations): one per span the relations start at, unanimous ones left out, decisions remembered
(also "neither"), the relation's spans carried into gold when everyone marked them, refused while a span is
still disputed, one undo group."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.models import Document
from tui_reader.review import undo_group
from tui_reader.store import AnnotationStore, StoreError
from tui_reader.team import GOLD, decide, decide_relations, disagreements, relation_disagreements

TEXT = "“We will close 40 schools,” a senior official said. Officials said 3 million pupils would move.\n"


def at(phrase: str) -> tuple[int, int]:
    i = TEXT.index(phrase)
    return i, i + len(phrase)


Q = (*at("“We will close 40 schools,”"), "quote")
S = (*at("a senior official"), "anonymous source")
STAT = (*at("3 million pupils"), "statistic")
OFF = (*at("Officials"), "anonymous source")


def add(store: AnnotationStore, who: str, spans, relations) -> None:  # type: ignore[no-untyped-def]
    ids = {key: store.add_span("art", *key, annotator=who).id for key in spans}
    for head, tail in relations:
        store.add_relation(ids[head], ids[tail], "attributed to", annotator=who)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with AnnotationStore(tmp_path / "team.db") as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        yield s


def gold_relations(store: AnnotationStore) -> list[tuple[tuple, tuple, str]]:
    out = []
    for r in store.relations("art", annotators=[GOLD]):
        h, t = store.get_span(r.head), store.get_span(r.tail)
        out.append(((h.start, h.end, h.label), (t.start, t.end, t.label), r.status))
    return sorted(out)


def test_differing_relations_from_one_span_are_one_disagreement(store: AnnotationStore) -> None:
    add(store, "alice", [Q, S, STAT, OFF], [(Q, S), (STAT, OFF)])
    add(store, "bob", [Q, S, STAT, OFF], [(Q, STAT), (STAT, OFF)])  # the statistic's source: both agree
    [d] = relation_disagreements(store, "art")
    assert d.head == Q[:3]
    assert d.candidates == sorted([(Q, S, "attributed to"), (Q, STAT, "attributed to")])
    assert d.keys_of("alice") == [(Q, S, "attributed to")] and d.keys_of("bob") == [(Q, STAT, "attributed to")]
    assert not d.decided
    assert disagreements(store, "art") == []  # the spans themselves agree


def test_the_same_relations_are_no_disagreement(store: AnnotationStore) -> None:
    add(store, "alice", [Q, S], [(Q, S)])
    add(store, "bob", [Q, S], [(Q, S)])
    assert relation_disagreements(store, "art") == []


def test_deciding_keeps_one_side_rejects_the_other_and_carries_the_agreed_spans(store: AnnotationStore) -> None:
    add(store, "alice", [Q, S, STAT], [(Q, S)])
    add(store, "bob", [Q, S, STAT], [(Q, STAT)])
    [d] = relation_disagreements(store, "art")
    n = decide_relations(store, d, d.keys_of("alice"))
    assert gold_relations(store) == sorted([(Q, S, "accepted"), (Q, STAT, "rejected")])
    assert sorted((s.start, s.end, s.label, s.status) for s in store.spans("art", annotators=[GOLD])) == sorted(
        [(*Q, "accepted"), (*S, "accepted"), (*STAT, "accepted")])  # fmt: skip
    assert relation_disagreements(store, "art") == []  # decided: not offered again
    [again] = relation_disagreements(store, "art", include_decided=True)
    assert again.decided and again.kept == {(Q, S, "attributed to")}
    decide_relations(store, again, [])  # neither: both rejected, still decided
    assert gold_relations(store) == sorted([(Q, S, "rejected"), (Q, STAT, "rejected")])
    assert relation_disagreements(store, "art") == []
    undo_group(store, GOLD, 1)  # the "neither" decision changed one relation
    assert gold_relations(store) == sorted([(Q, S, "accepted"), (Q, STAT, "rejected")])
    undo_group(store, GOLD, n)  # the first decision, spans and relations together
    assert store.relations("art", annotators=[GOLD]) == [] and store.spans("art", annotators=[GOLD]) == []


def test_a_relation_on_a_disputed_span_waits_for_the_span_decision(store: AnnotationStore) -> None:
    add(store, "alice", [Q, S], [(Q, S)])
    add(store, "bob", [Q], [])  # bob did not mark the source
    [d] = relation_disagreements(store, "art")
    with pytest.raises(StoreError, match=r"anonymous source “a senior official” \(28–45\) is not decided yet"):
        decide_relations(store, d, d.keys_of("alice"))
    assert store.spans("art", annotators=[GOLD]) == []  # nothing half-written
    [span_d] = disagreements(store, "art")
    decide(store, span_d, [])  # the source kept out of gold
    with pytest.raises(StoreError, match="was kept out of gold"):
        decide_relations(store, d, d.keys_of("alice"))
    [d] = relation_disagreements(store, "art", include_decided=True)
    assert d.decided  # decided by its span: nothing to write
    decide(store, span_d, span_d.candidates)  # the source in gold after all: the relation is open again
    [d] = relation_disagreements(store, "art")
    decide_relations(store, d, d.keys_of("alice"))
    assert gold_relations(store) == [(Q, S, "accepted")]


def test_an_undo_message_can_name_the_relation(store: AnnotationStore) -> None:
    from tui_reader.relations import describe_change

    add(store, "alice", [Q, S], [(Q, S)])
    [r] = store.relations("art")
    assert describe_change(store, r.to_dict()) == ("the relation quote ““We will close 40 schools,”” attributed to → "
                                                   "anonymous source “a senior official”")  # fmt: skip
    assert describe_change(store, store.get_span(r.head).to_dict()) is None  # a span's state: not a relation

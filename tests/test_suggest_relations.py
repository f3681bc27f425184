"""The rules suggest `attributed to` from a quote to the anonymous source its attribution names, as a suggested
relation (origin "rule") between the suggested spans: not on the annotator's undo stack, never twice, a rejected
one stays rejected, none where the label set has no such type or the annotator already decided both spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.models import Document, LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.suggest import (
    DEFAULT_RULES,
    rules_for_labels,
    store_suggestions,
    suggest_relations,
    suggest_text,
)


def pairs(text: str) -> list[tuple[str, str]]:
    found = suggest_text(text)
    return [(text[q.start : q.end], text[a.start : a.end]) for q, a in suggest_relations(text, found)]


@pytest.mark.parametrize(("text", "expected"), [
    ("“We will close 40 schools,” a senior official said.", [("“We will close 40 schools,”", "a senior official")]),
    ('"It is over," said two officials familiar with the talks.',
     [('"It is over,"', "two officials familiar with the talks")]),
    ("“Nothing changes,” according to one official.", [("“Nothing changes,”", "one official")]),
    ("A senior official said: “We are ready.”", [("“We are ready.”", "A senior official")]),
    # the speaker is named: the source later in the sentence is not the quote's
    ("“We are ready,” Trump said, according to a source.", []),
    # a source in the next sentence says something else
    ("“We are ready,” the mayor said. Officials said more.", []),
])  # fmt: skip
def test_the_attribution_names_the_source(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


TEXT = "“We will close 40 schools,” a senior official said. The minister denied it.\n"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with AnnotationStore(tmp_path / "s.db") as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        yield s


def test_stored_as_a_suggested_relation_between_the_suggested_spans(store: AnnotationStore) -> None:
    mine = store.add_span("art", 52, 75, "claim", annotator="alice")
    totals = store_suggestions(store, ["art"], annotator="")
    assert totals["relations"] == 1
    [r] = store.relations("art")
    head, tail = store.get_span(r.head), store.get_span(r.tail)
    assert (r.label, r.status, r.origin, r.annotator) == ("attributed to", "suggested", "rule", "")
    assert (head.label, head.text, head.status) == ("quote", "“We will close 40 schools,”", "suggested")
    assert (tail.label, tail.text, tail.status) == ("anonymous source", "a senior official", "suggested")
    undone = store.undo("alice")  # the annotator's own last edit, not the suggestion run
    assert undone is not None and undone.span_id == mine.id
    assert len(store.relations("art")) == 1
    assert store_suggestions(store, ["art"])["relations"] == 0  # never twice
    assert len(store.relations("art")) == 1


def test_a_rejected_suggested_relation_stays_rejected(store: AnnotationStore) -> None:
    store_suggestions(store, ["art"])
    [r] = store.relations("art")
    store.update_relation(r.id, annotator="alice", status="rejected")
    assert store_suggestions(store, ["art"])["relations"] == 0
    assert [x.status for x in store.relations("art")] == ["rejected"]


def test_no_type_for_the_labels_no_relation(store: AnnotationStore, tmp_path: Path) -> None:
    toml = tmp_path / "l.toml"
    toml.write_text('relation = []\n[[label]]\nname = "quote"\nkey = "1"\n[[label]]\nname = "anonymous source"\n'
                    'key = "2"\n', encoding="utf-8")  # fmt: skip
    labels = LabelSet.from_toml(toml)
    totals = store_suggestions(store, ["art"], rules=rules_for_labels(labels), labels=labels)
    assert totals["added"] == 2 and totals["relations"] == 0
    assert store.relations("art") == []


def test_no_relation_when_the_annotator_decided_both_spans_already(store: AnnotationStore) -> None:
    store.add_span("art", 0, 27, "quote", annotator="alice")
    store.add_span("art", 28, 45, "anonymous source", annotator="alice")
    totals = store_suggestions(store, ["art"], rules={**DEFAULT_RULES, "statistic": None})
    assert totals["added"] == 0 and totals["relations"] == 0

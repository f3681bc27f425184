"""One action, one undo step: events written in `store.event_group()` are undone and redone together,
links included; older logs (no group, links without "added") keep working."""

from __future__ import annotations

import json

from tui_reader.store import AnnotationStore


def state(store: AnnotationStore) -> tuple[list[dict], list[dict]]:
    spans = [{k: v for k, v in s.to_dict().items() if k != "updated_at"} for s in store.spans()]
    return spans, store.links()


def test_a_group_is_one_undo_and_one_redo_step_and_nested_groups_join(seeded: AnnotationStore) -> None:
    doc = seeded.document_ids()[0]
    single = seeded.add_span(doc, 0, 3, "claim", annotator="a")
    before = state(seeded)
    with seeded.event_group():
        s1 = seeded.add_span(doc, 4, 8, "claim", annotator="a")
        with seeded.event_group():
            seeded.update_span(single.id, annotator="a", note="n")
            seeded.add_span(doc, 9, 12, "quote", annotator="a")
        seeded.delete_span(s1.id, annotator="a")
    after = state(seeded)
    undone = seeded.undo_step("a")
    assert len(undone) == 4 and state(seeded) == before
    assert len(seeded.redo_step("a")) == 4 and state(seeded) == after
    assert seeded.undo("a") is not None and state(seeded) == before
    assert seeded.undo("a") is not None and seeded.spans() == []  # the single add: its own step
    assert seeded.undo("a") is None


def test_a_failing_group_writes_nothing(seeded: AnnotationStore) -> None:
    doc = seeded.document_ids()[0]
    try:
        with seeded.event_group():
            seeded.add_span(doc, 0, 3, "claim", annotator="a")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert seeded.spans() == [] and seeded.undo("a") is None
    seeded.add_span(doc, 0, 3, "claim", annotator="a")  # the next event is not in a stale group
    assert len(seeded.undo_step("a")) == 1


def test_undo_of_a_link_into_an_existing_group_removes_only_the_rows_it_added(seeded: AnnotationStore) -> None:
    doc = seeded.document_ids()[0]
    a, b, c = (seeded.add_span(doc, i * 10, i * 10 + 5, "claim", annotator="x") for i in range(3))
    group = seeded.link_spans([a.id, b.id], annotator="x")
    seeded.link_spans([b.id, c.id], annotator="x")  # joins the group: adds c only
    assert sorted(seeded.links()[0]["spans"]) == sorted([a.id, b.id, c.id])
    seeded.undo("x")
    assert seeded.links() == [{"group": group, "spans": sorted([a.id, b.id])}]
    seeded.redo("x")
    assert sorted(seeded.links()[0]["spans"]) == sorted([a.id, b.id, c.id])


def test_a_link_logged_before_links_were_undoable_is_not_on_the_stack(seeded: AnnotationStore) -> None:
    doc = seeded.document_ids()[0]
    a, b = (seeded.add_span(doc, i * 10, i * 10 + 5, "claim", annotator="x") for i in range(2))
    seeded.link_spans([a.id, b.id], annotator="x")
    with seeded.write():  # as the first releases logged it
        seeded.conn.execute("UPDATE events SET after = ? WHERE action = 'link'",
                            (json.dumps({"group": "g", "spans": [a.id, b.id]}),))  # fmt: skip
    seeded.undo("x")  # the link is skipped: the last span creation is undone
    assert [s.id for s in seeded.spans()] == [a.id]

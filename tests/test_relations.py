"""Relations between spans: store, undo/redo, cascade with span delete, merge (a delete
in a source is applied whole), label TOML relation types, agreement, stats, native JSONL, CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from team_helpers import make_db
from tui_reader.cli import main
from tui_reader.merge import conflict_lines, merge_databases
from tui_reader.models import Document, LabelError, LabelSet
from tui_reader.store import AnnotationStore, RelationError, StoreError

# TEXT: "The minister said 40% of schools will close. A source who asked not to be named disagreed.\n"
CLAIM = (0, 44, "claim")
STAT = (18, 21, "statistic")
ANON = (45, 90, "anonymous source")


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "a.db", "alice", [CLAIM, STAT, ANON])
    yield s
    s.close()


def spans_by_label(store: AnnotationStore) -> dict[str, str]:
    return {s.label: s.id for s in store.spans()}


def rel_keys(store: AnnotationStore) -> set[tuple[str, str, str, str]]:
    return {(r.head, r.tail, r.label, r.annotator) for r in store.relations()}


# -- store --------------------------------------------------------------------------------------------------
def test_add_and_list_relations_both_directions(store):
    ids = spans_by_label(store)
    r = store.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice")
    assert r.doc_id == "art"
    assert store.get_relation(r.id) == r
    assert [x.id for x in store.relations("art")] == [r.id]
    assert [x.id for x in store.relations_of(ids["claim"])] == [r.id]
    assert [x.id for x in store.relations_of(ids["anonymous source"])] == [r.id]
    assert store.relations_of(ids["statistic"]) == []
    assert store.relations("art", annotators=["bob"]) == []
    assert store.relations("art", statuses=["suggested"]) == []
    ev = store.events()[-1]
    assert (ev.action, ev.span_id, ev.after["head"]) == ("relation-create", r.id, ids["claim"])


def test_relation_validation_errors(store, tmp_path):
    ids = spans_by_label(store)
    with pytest.raises(RelationError, match="different spans"):
        store.add_relation(ids["claim"], ids["claim"], "attributed to")
    with pytest.raises(RelationError, match="no span with id 'nope'"):
        store.add_relation(ids["claim"], "nope", "attributed to")
    with pytest.raises(RelationError, match="needs a label"):
        store.add_relation(ids["claim"], ids["statistic"], " ")
    store.add_document(Document(id="other", text="Someone else said so.\n"))
    elsewhere = store.add_span("other", 0, 12, "anonymous source")
    with pytest.raises(RelationError, match="one document"):
        store.add_relation(ids["claim"], elsewhere.id, "attributed to")
    store.add_relation(ids["claim"], ids["statistic"], "cites", annotator="alice")
    with pytest.raises(RelationError, match="already exists"):
        store.add_relation(ids["claim"], ids["statistic"], "cites", annotator="alice")
    store.add_relation(ids["claim"], ids["statistic"], "cites", annotator="bob")  # another annotator's own
    assert len(store.relations()) == 2


def test_relation_undo_redo(store):
    ids = spans_by_label(store)
    r = store.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice")
    assert store.undo("alice").action == "undo"
    assert store.relations() == []
    store.redo("alice")
    assert [x.id for x in store.relations()] == [r.id]
    store.delete_relation(r.id, annotator="alice")
    assert store.relations() == []
    store.undo("alice")
    assert store.get_relation(r.id) == r
    store.update_relation(r.id, annotator="alice", status="rejected")
    assert store.get_relation(r.id).status == "rejected"
    store.undo("alice")
    assert store.get_relation(r.id).status == "accepted"


def test_deleting_a_span_deletes_its_relations_and_one_undo_restores_both(store):
    ids = spans_by_label(store)
    r1 = store.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice")
    r2 = store.add_relation(ids["statistic"], ids["anonymous source"], "attributed to", annotator="alice")
    keep = store.add_relation(ids["claim"], ids["statistic"], "cites", annotator="alice")
    store.delete_span(ids["anonymous source"], annotator="alice")
    assert store.get_span(ids["anonymous source"]) is None
    assert [x.id for x in store.relations()] == [keep.id]
    store.undo("alice")  # ONE undo: the span and both relations
    assert store.get_span(ids["anonymous source"]) is not None
    assert {x.id for x in store.relations()} == {r1.id, r2.id, keep.id}
    store.redo("alice")  # ONE redo: gone again, together
    assert store.get_span(ids["anonymous source"]) is None
    assert [x.id for x in store.relations()] == [keep.id]
    store.undo("alice")
    store.undo("alice")  # the next step back is the `cites` relation, not a part of the span's delete
    assert {x.id for x in store.relations()} == {r1.id, r2.id}


def test_undo_of_a_span_creation_refuses_while_another_annotator_relates_to_it(store):
    fresh = store.add_span("art", 4, 12, "quote", annotator="alice")
    other = spans_by_label(store)["anonymous source"]
    store.add_relation(fresh.id, other, "attributed to", annotator="bob")
    with pytest.raises(StoreError, match="relation"):
        store.undo("alice")
    assert store.get_span(fresh.id) is not None
    assert len(store.relations()) == 1


def test_a_span_with_relations_cannot_be_removed_behind_the_store(store):
    ids = spans_by_label(store)
    store.add_relation(ids["claim"], ids["anonymous source"], "attributed to")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("DELETE FROM spans WHERE id = ?", (ids["claim"],))


# -- merge ---------------------------------------------------------------------------------------------------
def copy_db(src: AnnotationStore, dest: Path) -> AnnotationStore:
    """Another annotator's database that starts from `src` (as after merging it)."""
    out = AnnotationStore(dest)
    merge_databases(out, [src.path])
    return out


def test_merge_applies_a_delete_whole(tmp_path):
    alice = make_db(tmp_path / "alice.db", "alice", [CLAIM, STAT])
    team = copy_db(alice, tmp_path / "team.db")
    bob = copy_db(alice, tmp_path / "bob.db")
    victim = spans_by_label(bob)["statistic"]
    bob.delete_span(victim, annotator="bob")
    bob.close()
    (rep,) = merge_databases(team, [tmp_path / "bob.db"])
    assert team.get_span(victim) is None  # the delete came with its event, and took effect
    assert any(e.action == "delete" and e.span_id == victim for e in team.events())
    assert rep.spans_deleted == 1 and rep.delete_conflicts == []
    (again,) = merge_databases(team, [tmp_path / "bob.db"])
    assert not again.changed
    # alice's own database still holds the span: merging it does not bring it back
    (back,) = merge_databases(team, [alice.path])
    assert team.get_span(victim) is None and back.deleted_here == 1 and not conflict_lines(back, "team.db")
    runner = CliRunner()
    res = runner.invoke(main, ["merge", str(alice.path), "--db", str(tmp_path / "team.db")])
    assert res.exit_code == 0, res.output
    alice.close()
    team.close()


def test_merge_keeps_a_span_deleted_in_the_source_but_changed_here_and_says_so(tmp_path):
    alice = make_db(tmp_path / "alice.db", "alice", [CLAIM, STAT])
    team = copy_db(alice, tmp_path / "team.db")
    bob = copy_db(alice, tmp_path / "bob.db")
    victim = spans_by_label(bob)["statistic"]
    bob.delete_span(victim, annotator="bob")
    bob.close()
    team.update_span(victim, annotator="carol", note="checked: 40% is right")
    (rep,) = merge_databases(team, [tmp_path / "bob.db"])
    assert team.get_span(victim).note == "checked: 40% is right"
    (line,) = conflict_lines(rep, "team.db")
    assert victim in line and "deleted in the source" in line
    team.close()
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "bob.db"), "--db", str(tmp_path / "team.db")])
    assert res.exit_code == 1 and "deleted in the source" in res.output
    alice.close()


def test_relations_merge_idempotently_with_conflicts_reported(tmp_path):
    alice = make_db(tmp_path / "alice.db", "alice", [CLAIM, STAT, ANON])
    ids = spans_by_label(alice)
    r = alice.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice")
    team = AnnotationStore(tmp_path / "team.db")
    (first,) = merge_databases(team, [alice.path])
    assert first.relations_added == 1 and team.get_relation(r.id) == r
    (again,) = merge_databases(team, [alice.path])
    assert not again.changed and again.relations_same == 1
    team.update_relation(r.id, annotator="judge", status="rejected")
    (third,) = merge_databases(team, [alice.path])
    assert third.relation_conflicts == [r.id] and team.get_relation(r.id).status == "rejected"
    assert any(r.id in line for line in conflict_lines(third, "team.db"))
    team.close()
    alice.close()


def test_a_cascaded_delete_merges_whole(tmp_path):
    alice = make_db(tmp_path / "alice.db", "alice", [CLAIM, STAT, ANON])
    ids = spans_by_label(alice)
    alice.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice")
    team = copy_db(alice, tmp_path / "team.db")
    bob = copy_db(alice, tmp_path / "bob.db")
    bob.delete_span(ids["anonymous source"], annotator="bob")  # takes the relation with it
    bob.close()
    (rep,) = merge_databases(team, [tmp_path / "bob.db"])
    assert (rep.spans_deleted, rep.relations_deleted, rep.delete_conflicts) == (1, 1, [])
    assert team.get_span(ids["anonymous source"]) is None and team.relations() == []
    team.close()
    alice.close()


# -- relation types in the label TOML, and the core API ------------------------------------------------------
def test_default_relation_type_attributed_to():
    labels = LabelSet.default()
    assert [t.name for t in labels.relation_types] == ["attributed to"]
    assert labels.relation_refused("attributed to", "quote", "anonymous source") is None
    assert labels.relation_refused("attributed to", "claim", "statistic") is None
    assert "cannot start at a 'anonymous source'" in labels.relation_refused("attributed to", "anonymous source",
                                                                               "claim")  # fmt: skip
    assert "unknown relation type 'cites'" in labels.relation_refused("cites", "claim", "quote")


def write_toml(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "labels.toml"
    top = body if not body.startswith("[[") and body else ""  # top-level keys come before any table
    p.write_text(top + '[[label]]\nname = "person"\nkey = "1"\n[[label]]\nname = "said"\nkey = "2"\n'
                 + ("" if top else body))
    return p


def test_relation_types_from_toml(tmp_path):
    p = write_toml(tmp_path, '[[relation]]\nname = "speaker"\nheads = ["said"]\ntails = ["person"]\nkey = "s"\n'
                             '[[relation]]\nname = "same as"\n')  # fmt: skip
    labels = LabelSet.from_toml(p)
    assert [(t.name, t.heads, t.tails, t.key) for t in labels.relation_types] == [
        ("speaker", ("said",), ("person",), "s"), ("same as", (), (), "")]
    assert labels.relation_refused("speaker", "said", "person") is None
    assert "cannot point to a 'said' span" in labels.relation_refused("speaker", "said", "said")
    assert labels.relation_refused("same as", "person", "person") is None  # no heads/tails: any label
    # a file without [[relation]] keeps the default type only where its labels exist: none here
    assert LabelSet.from_toml(write_toml(tmp_path, "")).relation_types == []


@pytest.mark.parametrize("body, message", [
    ('[[relation]]\nheads = ["said"]\n', "relation 1 has no name"),
    ('[[relation]]\nname = ["x"]\n', "relation 1 has no name"),
    ('[[relation]]\nname = "r"\nheads = ["nobody"]\n', "heads names 'nobody', which is not a label"),
    ('[[relation]]\nname = "r"\ntails = "person"\n', "tails must be a list of label names"),
    ('[[relation]]\nname = "r"\n[[relation]]\nname = "r"\n', "relation 'r' is defined twice"),
    ('[[relation]]\nname = "r"\nkey = "ab"\n', "key must be one character"),
    ('relation = 3\n', "expected [[relation]] tables"),
])  # fmt: skip
def test_relation_type_errors_name_the_file_and_the_problem(tmp_path, body, message):
    p = write_toml(tmp_path, body)
    with pytest.raises(LabelError) as e:
        LabelSet.from_toml(p)
    assert str(p) in str(e.value) and message in str(e.value)


def test_core_create_checks_types_and_lists_both_directions(store):
    from tui_reader.relations import RelationNotAllowed, create_relation, delete_relation, relations_for_span

    ids = spans_by_label(store)
    with pytest.raises(RelationNotAllowed, match="cannot start at a 'anonymous source'"):
        create_relation(store, ids["anonymous source"], ids["claim"], "attributed to", "alice")
    assert store.relations() == []
    r = create_relation(store, ids["claim"], ids["anonymous source"], "attributed to", "alice")
    (out,) = relations_for_span(store, ids["claim"])
    (inc,) = relations_for_span(store, ids["anonymous source"])
    assert (out.outgoing, out.other.id, inc.outgoing, inc.other.id) == (True, ids["anonymous source"], False,
                                                                        ids["claim"])  # fmt: skip
    assert out.describe() == 'attributed to -> anonymous source "A source who asked not to be named disa…"'
    delete_relation(store, r.id, "alice")
    assert relations_for_span(store, ids["claim"]) == []


# -- stats, native JSONL, CLI --------------------------------------------------------------------------------
def annotated(tmp_path: Path) -> AnnotationStore:
    """Two claims and a statistic; one claim and the statistic rest on the anonymous source, the other claim
    on the statistic; a rejected relation that counts nowhere."""
    s = make_db(tmp_path / "a.db", "alice", [CLAIM, STAT, ANON, (4, 17, "claim")])
    claims = [x for x in s.spans() if x.label == "claim"]
    ids = spans_by_label(s)
    s.add_relation(claims[0].id, ids["anonymous source"], "attributed to", annotator="alice")
    s.add_relation(ids["statistic"], ids["anonymous source"], "attributed to", annotator="alice")
    s.add_relation(claims[1].id, ids["statistic"], "attributed to", annotator="alice")
    s.add_relation(claims[1].id, ids["anonymous source"], "attributed to", annotator="alice", status="rejected")
    return s


def test_stats_count_spans_resting_on_an_anonymous_source(tmp_path):
    from tui_reader.relations import relation_stats

    s = annotated(tmp_path)
    st = relation_stats(s)
    assert st["relations"] == 3 and st["relations_per_label"] == {"attributed to": 3}
    assert st["resting_on_anonymous"] == {"claim": {"spans": 2, "on_anonymous_source": 1},
                                          "statistic": {"spans": 1, "on_anonymous_source": 1}}  # fmt: skip
    s.close()
    res = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "a.db")])
    assert res.exit_code == 0, res.output
    assert "relations (accepted): 3" in res.output
    assert "  claim: 1 of 2 (50%)" in res.output and "  statistic: 1 of 1 (100%)" in res.output
    res = CliRunner().invoke(main, ["stats", "--json", "--db", str(tmp_path / "a.db")])
    assert json.loads(res.output)["resting_on_anonymous"]["claim"]["on_anonymous_source"] == 1


def test_native_jsonl_round_trip_keeps_relations_byte_for_byte(tmp_path):
    s = annotated(tmp_path)
    s.close()
    runner = CliRunner()
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    args = ["--status", "accepted", "--status", "rejected"]
    assert runner.invoke(main, ["export", "--db", str(tmp_path / "a.db"), "-o", str(out1), *args]).exit_code == 0
    line = json.loads(out1.read_text())
    assert len(line["relations"]) == 4
    assert set(line["relations"][0]) == {"id", "head", "tail", "label", "annotator", "status", "origin",
                                         "created_at", "updated_at"}  # fmt: skip
    res = runner.invoke(main, ["import", str(out1), "--db", str(tmp_path / "b.db")])
    assert res.exit_code == 0, res.output
    assert "4 relations added" in res.output
    assert runner.invoke(main, ["export", "--db", str(tmp_path / "b.db"), "-o", str(out2), *args]).exit_code == 0
    assert out2.read_bytes() == out1.read_bytes()
    with AnnotationStore(tmp_path / "b.db") as b:
        assert len(b.relations()) == 4
        assert b.undo("") is None  # imported relations are not an annotator's undo step


def test_export_keeps_only_relations_whose_both_ends_are_exported(tmp_path):
    s = annotated(tmp_path)
    s.close()
    out = tmp_path / "claims.jsonl"
    res = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "a.db"), "-o", str(out), "--label", "claim",
                                    "--label", "anonymous source"])  # fmt: skip
    assert res.exit_code == 0, res.output
    (rel,) = json.loads(out.read_text())["relations"]  # claim -> statistic is left out with the statistic
    assert rel["label"] == "attributed to"


def test_jsonl_import_reports_bad_relations_per_line_and_skips_them(tmp_path):
    text = "A said B.\n"
    spans = [{"id": "s1", "start": 0, "end": 1, "label": "quote"}, {"id": "s2", "start": 2, "end": 6, "label": "claim"}]
    rels = [{"id": "r1", "head": "s1", "tail": "s2", "label": "attributed to"},
            {"id": "r2", "head": "s1", "tail": "s99", "label": "attributed to"},
            {"id": "r3", "head": "s1", "tail": "s2", "label": ["x"]},
            {"id": "r4", "head": "s2", "tail": "s2", "label": "attributed to"},
            "nope"]  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d", "text": text, "spans": spans, "relations": rels}) + "\n")
    res = CliRunner().invoke(main, ["import", str(src), "--db", str(tmp_path / "c.db")])
    assert "relation 2: tail 's99' is not a span of this document; skipped" in res.output
    assert "relation 3: \"label\" must be a non-empty string" in res.output
    assert "relation 4: head and tail are the same span" in res.output
    assert "relation 5: not an object" in res.output
    with AnnotationStore(tmp_path / "c.db") as c:
        assert [r.id for r in c.relations()] == ["r1"]
        assert len(c.spans()) == 2


# -- agreement -----------------------------------------------------------------------------------------------
def test_relation_agreement_exact_precision_recall_f1_by_hand():
    from tui_reader.agreement import relation_keys, relation_scores
    from tui_reader.models import Relation, Span

    def sp(sid, start, end, label, doc="d"):
        return Span(doc_id=doc, start=start, end=end, label=label, text="x" * (end - start), id=sid)

    spans = {s.id: s for s in [sp("c", 0, 10, "claim"), sp("q", 20, 30, "quote"), sp("a", 40, 50, "anonymous source"),
                               sp("c2", 0, 10, "claim"), sp("a2", 40, 50, "anonymous source"),
                               sp("e", 0, 5, "claim", doc="e"), sp("ea", 6, 9, "anonymous source", doc="e")]}
    a = relation_keys([Relation("d", "c", "a", "attributed to"), Relation("d", "q", "a", "attributed to"),
                       Relation("d", "c", "q", "attributed to"), Relation("e", "e", "ea", "attributed to"),
                       Relation("d", "c", "gone", "attributed to")], spans)  # fmt: skip
    # b marked the same claim -> source relation on its own (identical) spans, and one with another label
    b = relation_keys([Relation("d", "c2", "a2", "attributed to"), Relation("d", "c2", "a2", "cites")], spans)
    assert len(a) == 4  # the relation to an unknown span is left out
    sc = relation_scores(a, b, ["d"])  # document e was not touched by both
    assert (sc.tp, sc.n_a, sc.n_b) == (1, 3, 2)
    assert sc.precision == pytest.approx(1 / 3) and sc.recall == pytest.approx(1 / 2)
    assert sc.f1 == pytest.approx(2 * 1 / (3 + 2))
    empty = relation_scores(set(), set(), ["d"])
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)


def test_agree_reports_relation_agreement(tmp_path):
    alice = make_db(tmp_path / "t.db", "alice", [CLAIM, STAT, ANON])
    for start, end, label in (CLAIM, STAT, ANON):
        alice.add_span("art", start, end, label, annotator="bob")
    a = {s.label: s.id for s in alice.spans(annotators=["alice"])}
    b = {s.label: s.id for s in alice.spans(annotators=["bob"])}
    alice.add_relation(a["claim"], a["anonymous source"], "attributed to", annotator="alice")
    alice.add_relation(a["statistic"], a["anonymous source"], "attributed to", annotator="alice")
    alice.add_relation(b["claim"], b["anonymous source"], "attributed to", annotator="bob")
    alice.close()
    res = CliRunner().invoke(main, ["agree", "--db", str(tmp_path / "t.db")])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("relations (exact)"))
    assert lines[head].split()[-3:] == ["precision", "recall", "F1"]
    row = lines[head + 2]
    assert row.startswith("alice ~ bob")
    assert row.split()[-6:] == ["2", "1", "1", "0.500", "1.000", "0.667"]  # n_a n_b both P R F1
    res = CliRunner().invoke(main, ["agree", "--json", "--db", str(tmp_path / "t.db")])
    rel = json.loads(res.output)["pairs"][0]["relations"]
    assert (rel["tp"], rel["n_a"], rel["n_b"]) == (1, 2, 1) and rel["f1"] == pytest.approx(2 / 3)


def test_undo_that_would_orphan_a_relation_says_why(store):
    ids = spans_by_label(store)
    r = store.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice")
    store.delete_relation(r.id, annotator="alice")
    store.delete_span(ids["claim"], annotator="bob")
    with pytest.raises(StoreError, match="head span of the relation was deleted since"):
        store.undo("alice")
    assert store.relations() == []


def test_merge_does_not_bring_back_a_span_deleted_here_and_reports_a_newer_version(tmp_path):
    alice = make_db(tmp_path / "alice.db", "alice", [CLAIM, STAT])
    team = copy_db(alice, tmp_path / "team.db")
    victim = spans_by_label(team)["statistic"]
    team.delete_span(victim, annotator="judge")
    alice.update_span(victim, annotator="alice", note="source: ministry report")
    (rep,) = merge_databases(team, [alice.path])
    assert team.get_span(victim) is None
    (line,) = conflict_lines(rep, "team.db")
    assert victim in line and "deleted here" in line
    team.close()
    alice.close()


def test_stats_without_relations_says_so_and_lists_no_shares(tmp_path):
    make_db(tmp_path / "a.db", "alice", [CLAIM, ANON]).close()
    res = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "a.db")])
    assert res.exit_code == 0 and "relations (accepted): 0" in res.output
    assert "anonymous source (attributed to)" not in res.output


def test_accepting_the_last_end_of_a_suggested_relation_is_one_undo_step_with_it(store):
    """A suggested relation is accepted with the second of its spans: one key, one undo step, both back."""
    from tui_reader import review

    ids = spans_by_label(store)
    for sid in (ids["claim"], ids["anonymous source"]):
        store.update_span(sid, annotator="alice", status="suggested")
    store.add_relation(ids["claim"], ids["anonymous source"], "attributed to", annotator="alice",
                       status="suggested", origin="rule")  # fmt: skip
    claim, anon = store.get_span(ids["claim"]), store.get_span(ids["anonymous source"])
    review.set_status_many(store, [claim], "accepted", "alice")
    assert [r.status for r in store.relations()] == ["suggested"]  # one end accepted: not yet
    review.set_status_many(store, [anon], "accepted", "alice")
    assert [r.status for r in store.relations()] == ["accepted"]
    store.undo("alice")  # one step: the source is a suggestion again, and so is the relation
    assert store.get_span(ids["anonymous source"]).status == "suggested"
    assert store.get_span(ids["claim"]).status == "accepted"
    assert [r.status for r in store.relations()] == ["suggested"]
    store.redo("alice")
    assert [r.status for r in store.relations()] == ["accepted"]

"""`merge`: union of annotators' databases; idempotent; conflicts reported, never overwritten."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from team_helpers import TEXT, make_db, team_pair
from tui_reader.cli import main
from tui_reader.merge import merge_databases
from tui_reader.models import Document
from tui_reader.store import AnnotationStore, StoreError, migrations

team_dbs = pytest.fixture(team_pair)


def snapshot(store: AnnotationStore) -> tuple:
    """Everything a merge may add, in a comparable form."""
    spans = sorted((s.id, s.annotator, s.start, s.end, s.label, s.status) for s in store.spans())
    events = sorted((e.at, e.annotator, e.action, e.span_id) for e in store.events())
    return store.document_ids(), spans, store.progress(), store.links(), events


def test_merge_unions_two_annotators_and_merging_again_adds_nothing(tmp_path, team_dbs):
    alice, bob = team_dbs
    with AnnotationStore(tmp_path / "team.db") as team:
        first = merge_databases(team, [alice.path, bob.path])
        assert [r.spans_added for r in first] == [2, 2]
        assert [r.documents_added for r in first] == [1, 0]
        assert [r.documents_same for r in first] == [0, 1]
        once = snapshot(team)
        # every span of both, with its annotator; alice's progress; the two logs of span creations
        assert {(s[1], s[4]) for s in once[1]} == {("alice", "claim"), ("alice", "statistic"), ("bob", "claim"),
                                                   ("bob", "anonymous source")}  # fmt: skip
        assert [(p["annotator"], p["status"]) for p in once[2]] == [("alice", "done")]
        assert sum(1 for e in once[4] if e[2] == "create") == 4
        again = merge_databases(team, [alice.path, bob.path])
        assert all(not r.changed for r in again)
        assert [r.spans_same for r in again] == [2, 2]
        assert snapshot(team) == once


def test_merge_chain_and_round_trip_do_not_duplicate_events(tmp_path, team_dbs):
    alice, bob = team_dbs
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [alice.path])
    # bob merges the team db, then the team merges bob: alice's events reach the team a second way
    merge_databases(bob, [tmp_path / "team.db"])
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [bob.path])
        creates = [e for e in team.events() if e.action == "create"]
        assert len(creates) == 4
        assert len({e.span_id for e in creates}) == 4


def test_document_with_other_text_is_reported_not_overwritten(tmp_path, team_dbs):
    alice, _bob = team_dbs
    other = make_db(tmp_path / "carol.db", "carol", [(0, 5, "claim")], text="Other words, same file name.\n")
    other.set_progress("art", "carol", "done")
    other.close()
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [alice.path])
        (rep,) = merge_databases(team, [tmp_path / "carol.db"])
        assert rep.document_conflicts == ["art"]
        assert rep.spans_skipped == 1
        assert team.document_text("art") == TEXT
        assert [s.annotator for s in team.spans("art")] == ["alice", "alice"]
        assert all(p["annotator"] != "carol" for p in team.progress())
        assert not [e for e in team.events() if e.annotator == "carol"]


def test_span_with_same_id_and_other_content_keeps_destination(tmp_path, team_dbs):
    alice, _bob = team_dbs
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [alice.path])
        span = alice.spans(annotators=["alice"])[0]
        alice.update_span(span.id, annotator="alice", note="changed after the first merge")
        (rep,) = merge_databases(team, [alice.path])
        assert rep.span_conflicts == [span.id]
        assert team.get_span(span.id).note == ""
        # the edit's event still arrives: the log shows what alice did
        assert any(e.action == "update" and e.span_id == span.id for e in team.events())


def test_progress_latest_update_wins(tmp_path):
    a = make_db(tmp_path / "a.db", "x", [])
    b = make_db(tmp_path / "b.db", "x", [])
    a.set_progress("art", "x", "in-progress")
    b.set_progress("art", "x", "done")  # later
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [b.path, a.path])  # the older one last: must not win
        assert [p["status"] for p in team.progress()] == ["done"]
    a.close()
    b.close()


def test_links_merge_for_spans_that_arrive(tmp_path, team_dbs):
    alice, _ = team_dbs
    ids = [s.id for s in alice.spans()]
    group = alice.link_spans(ids, annotator="alice")
    with AnnotationStore(tmp_path / "team.db") as team:
        (rep,) = merge_databases(team, [alice.path])
        assert rep.links_added == 2
        assert team.links() == [{"group": group, "spans": sorted(ids)}]


def test_merged_events_are_not_undone_in_the_destination(tmp_path, team_dbs):
    alice, _ = team_dbs
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [alice.path])
        assert team.undo("alice") is None  # alice's changes were made elsewhere; undo is for this database's
        own = team.add_span("art", 45, 50, "claim", annotator="alice")
        ev = team.undo("alice")
        assert ev is not None and ev.span_id == own.id
        assert len(team.spans(annotators=["alice"])) == 2


def test_merge_while_the_destination_is_open_elsewhere(tmp_path, team_dbs):
    alice, bob = team_dbs
    team_path = tmp_path / "team.db"
    app_side = make_db(team_path, "dana", [(0, 3, "claim")])  # as the app would hold it, open
    app_side.conn.execute("BEGIN")  # and reading, mid-transaction
    app_side.spans("art")
    with AnnotationStore(team_path) as merger:
        merge_databases(merger, [alice.path, bob.path])
    app_side.conn.execute("COMMIT")
    # the open connection sees the merge and keeps writing
    assert len(app_side.spans("art")) == 5
    app_side.add_span("art", 4, 12, "quote", annotator="dana")
    assert len(app_side.spans("art")) == 6
    app_side.close()


def test_merge_waits_for_a_writer_then_succeeds(tmp_path, team_dbs):
    alice, _ = team_dbs
    team_path = tmp_path / "team.db"
    holder = make_db(team_path, "dana", [])
    holder.conn.execute("BEGIN IMMEDIATE")  # the app is writing
    result = {}

    def merge() -> None:
        with AnnotationStore(team_path) as merger:
            result["rep"] = merger.merge_from(alice.path)

    t = threading.Thread(target=merge)
    t.start()
    t.join(0.2)
    assert t.is_alive()  # blocked on the writer, not failed
    holder.conn.execute("COMMIT")
    t.join(10)
    assert result["rep"].spans_added == 2
    holder.close()


def test_older_schema_source_merges(tmp_path):
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    # the schema as migration 1 left it: no links table, no `stale`, no `ref`
    conn.executescript(
        """CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, source TEXT, text TEXT, sha256 TEXT,
             added_at TEXT, meta TEXT);
           CREATE TABLE spans (id TEXT PRIMARY KEY, doc_id TEXT, start INTEGER, "end" INTEGER, label TEXT,
             text TEXT, note TEXT, attrs TEXT, annotator TEXT, status TEXT, origin TEXT, created_at TEXT,
             updated_at TEXT);
           CREATE TABLE progress (doc_id TEXT, annotator TEXT, status TEXT, updated_at TEXT);
           CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, annotator TEXT, action TEXT,
             span_id TEXT, before TEXT, after TEXT);"""
    )
    doc = Document(id="art", text=TEXT)
    conn.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?)", ("art", "t", "", TEXT, doc.sha256, "x", "{}"))
    conn.execute("INSERT INTO spans VALUES ('s1','art',0,3,'claim','The','','{}','old','accepted','manual','a','a')")
    conn.execute("INSERT INTO events (at, annotator, action, span_id) VALUES ('a', 'old', 'create', 's1')")
    conn.commit()
    conn.close()
    with AnnotationStore(tmp_path / "team.db") as team:
        (rep,) = merge_databases(team, [old])
        assert (rep.spans_added, rep.events_added) == (1, 1)
        assert team.get_span("s1").text == "The"


def test_migration_3_opens_a_database_made_before_it(tmp_path):
    path = tmp_path / "v2.db"
    with AnnotationStore(path) as st:
        st.add_document(Document(id="art", text=TEXT))
        st.add_span("art", 0, 3, "claim", annotator="alice")
        st.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_events_origin'")
        st.conn.execute("DROP INDEX events_at")
        st.conn.execute("ALTER TABLE events DROP COLUMN origin")
    with AnnotationStore(path) as st:
        assert "m003_events_origin" in [m.name for m in migrations.applied(st.db)]
        assert st.undo("alice") is not None  # the old events stay this database's own


@pytest.mark.parametrize("content, message", [
    (None, "no such database"),
    (b"this is not sqlite at all, just some bytes" * 20, "not a usable SQLite database"),
    (b"", "not a tui-reader database (no documents table)"),
])  # fmt: skip
def test_bad_sources_give_one_clear_line(tmp_path, content, message):
    src = tmp_path / "src.db"
    if content is not None:
        src.write_bytes(content)
    res = CliRunner().invoke(main, ["merge", str(src), "--db", str(tmp_path / "team.db")])
    assert res.exit_code == 1
    assert message in res.stderr
    assert "Traceback" not in res.output + res.stderr


def test_refuses_to_merge_a_database_into_itself(tmp_path, team_dbs):
    alice, _ = team_dbs
    before = snapshot(alice)
    res = CliRunner().invoke(main, ["merge", str(alice.path), "--db", str(alice.path)])
    assert res.exit_code == 1
    assert "destination database itself" in res.stderr
    assert snapshot(alice) == before
    with pytest.raises(StoreError):
        alice.merge_from(Path(str(alice.path)).parent / "." / alice.path.name)


def test_cli_reports_conflicts_on_stderr_and_exits_1(tmp_path, team_dbs):
    alice, bob = team_dbs
    make_db(tmp_path / "carol.db", "carol", [(0, 5, "claim")], text="Other words.\n").close()
    team = str(tmp_path / "team.db")
    ok = CliRunner().invoke(main, ["merge", str(alice.path), str(bob.path), "--db", team])
    assert ok.exit_code == 0, ok.stderr
    assert "2 spans added" in ok.stderr
    bad = CliRunner().invoke(main, ["merge", str(tmp_path / "carol.db"), "--db", team])
    assert bad.exit_code == 1
    assert "document 'art' has other text" in bad.stderr
    again = CliRunner().invoke(main, ["merge", str(alice.path), "--db", team])
    assert again.exit_code == 0
    assert "0 spans added (2 already here)" in again.stderr


def test_undo_references_point_at_the_merged_events(tmp_path, team_dbs):
    alice, bob = team_dbs
    extra = alice.add_span("art", 45, 50, "claim", annotator="alice")
    alice.undo("alice")  # an `undo` event whose ref is the seq of extra's `create` in alice.db
    with AnnotationStore(tmp_path / "team.db") as team:
        merge_databases(team, [bob.path, alice.path])  # bob's events first: alice's land at other seqs
        undo = next(e for e in team.events() if e.action == "undo")
        target = team.get_event(undo.ref)
        assert (target.action, target.span_id) == ("create", extra.id)
        assert team.get_span(extra.id) is None  # the span was undone before the merge: not there


def test_a_source_span_that_breaks_the_text_invariant_is_reported_not_merged(tmp_path, team_dbs):
    alice, _ = team_dbs
    bad = alice.spans()[0]
    alice.conn.execute("UPDATE spans SET text = 'tampered' WHERE id = ?", (bad.id,))
    with AnnotationStore(tmp_path / "team.db") as team:
        (rep,) = merge_databases(team, [alice.path])
        assert rep.spans_added == 1
        assert rep.problems == [f"span {bad.id}: text does not match document 'art' at {bad.start}..{bad.end}"]
        assert team.get_span(bad.id) is None


def test_merging_from_a_database_its_owner_is_writing_to(tmp_path, team_dbs):
    alice, _ = team_dbs
    with alice.write():  # alice is mid-save in her app: the merge neither waits nor sees half a change
        alice.add_span("art", 45, 50, "claim", annotator="alice")
        with AnnotationStore(tmp_path / "team.db") as team:
            (rep,) = merge_databases(team, [alice.path])
            assert rep.spans_added == 2
    with AnnotationStore(tmp_path / "team.db") as team:
        (rep,) = merge_databases(team, [alice.path])
        assert rep.spans_added == 1  # committed since: the next merge brings it


def test_a_bad_source_named_last_stops_the_merge_before_anything_is_merged(tmp_path, team_dbs):
    alice, _ = team_dbs
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    res = CliRunner().invoke(main, ["merge", str(alice.path), str(junk), "--db", str(tmp_path / "team.db")])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "junk.db: not a usable SQLite database" in res.stderr
    with AnnotationStore(tmp_path / "team.db") as team:
        assert team.count_documents() == 0

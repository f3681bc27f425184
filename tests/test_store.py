"""The store: spans validated and logged, undo/redo from the events log, migrations, pragmas."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from tui_reader.models import Document
from tui_reader.store import KNOWN_MIGRATIONS, AnnotationStore, SpanError, StoreError, migrations

TEXT = "Café 👨‍👩‍👧 says “hello”.\nNext line 中文 ok."


@pytest.fixture
def doc(store: AnnotationStore) -> str:
    doc_id, outcome = store.add_document(Document(id="d1", text=TEXT, source="d1.txt"))
    assert outcome == "added"
    return doc_id


def test_pragmas_wal_foreign_keys_busy_timeout(store: AnnotationStore) -> None:
    q = store.conn.execute
    assert q("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert q("PRAGMA foreign_keys").fetchone()[0] == 1
    assert q("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_add_span_stores_exact_code_point_slice(store: AnnotationStore, doc: str) -> None:
    start = TEXT.index("👨")
    end = TEXT.index(" says")
    span = store.add_span(doc, start, end, "quote", annotator="ann")
    stored = store.get_span(span.id)
    assert stored is not None
    assert stored.text == "👨‍👩‍👧" == TEXT[stored.start : stored.end]
    assert (stored.start, stored.end) == (5, 10)  # code points, not bytes or UTF-16 units


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 3), (5, 2), (0, len(TEXT) + 1)])
def test_add_span_rejects_bad_offsets(store: AnnotationStore, doc: str, start: int, end: int) -> None:
    with pytest.raises(SpanError, match="outside"):
        store.add_span(doc, start, end, "claim")
    assert store.spans(doc) == []


def test_add_span_unknown_document(store: AnnotationStore) -> None:
    with pytest.raises(SpanError, match="no document"):
        store.add_span("nope", 0, 1, "claim")


def test_every_change_writes_an_event(store: AnnotationStore, doc: str) -> None:
    s = store.add_span(doc, 0, 4, "claim", annotator="a")
    store.update_span(s.id, note="check this", annotator="a")
    store.delete_span(s.id, annotator="a")
    actions = [e.action for e in store.events(annotator="a")]
    assert actions == ["create", "update", "delete"]
    last = store.events(annotator="a")[-1]
    assert last.before is not None and last.before["note"] == "check this" and last.after is None


def test_undo_redo_walks_the_log(store: AnnotationStore, doc: str) -> None:
    s = store.add_span(doc, 0, 4, "claim", annotator="a")
    store.update_span(s.id, note="n", annotator="a")
    store.undo("a")
    assert store.get_span(s.id).note == ""  # type: ignore[union-attr]
    store.undo("a")
    assert store.get_span(s.id) is None
    assert store.undo("a") is None  # nothing left to undo
    store.redo("a")
    assert store.get_span(s.id).text == "Café"  # type: ignore[union-attr]
    store.redo("a")
    assert store.get_span(s.id).note == "n"  # type: ignore[union-attr]
    assert store.redo("a") is None


def test_undo_is_per_annotator_and_new_change_clears_redo(store: AnnotationStore, doc: str) -> None:
    a = store.add_span(doc, 0, 4, "claim", annotator="a")
    b = store.add_span(doc, 5, 10, "quote", annotator="b")
    store.undo("a")
    assert store.get_span(a.id) is None and store.get_span(b.id) is not None
    store.add_span(doc, 0, 2, "claim", annotator="a")
    assert store.redo("a") is None  # a new change ends the redo chain, as in any editor


def test_undo_survives_restart(db_path, doc: str, store: AnnotationStore) -> None:
    s = store.add_span(doc, 0, 4, "claim", annotator="a")
    store.close()
    with AnnotationStore(db_path) as again:
        again.undo("a")
        assert again.get_span(s.id) is None
    with AnnotationStore(db_path) as third:
        third.redo("a")
        assert third.get_span(s.id) is not None


def test_undo_refuses_when_another_session_changed_the_span(db_path, store: AnnotationStore, doc: str) -> None:
    s = store.add_span(doc, 0, 4, "claim", annotator="a")
    with AnnotationStore(db_path) as other:
        other.update_span(s.id, note="theirs", annotator="b")
    with pytest.raises(StoreError, match="changed since"):
        store.undo("a")
    assert store.get_span(s.id).note == "theirs"  # type: ignore[union-attr]


def test_add_document_is_idempotent_and_suffixes_clashes(store: AnnotationStore) -> None:
    assert store.add_document(Document(id="x", text="one")) == ("x", "added")
    assert store.add_document(Document(id="x", text="one")) == ("x", "unchanged")
    assert store.add_document(Document(id="x", text="two")) == ("x_2", "renamed")
    assert store.count_documents() == 2


def test_deleting_a_document_is_not_possible_while_spans_reference_it(store: AnnotationStore, doc: str) -> None:
    store.add_span(doc, 0, 4, "claim")
    # foreign keys are on: a span cannot point at a missing document
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO spans (id, doc_id, start, \"end\", label, text, created_at, updated_at) "
                           "VALUES ('z', 'missing', 0, 1, 'claim', 'C', '', '')")


def test_old_schema_upgrades_in_place(tmp_path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m002_links_stale_undo")
    db.execute("INSERT INTO documents (id, text, sha256, added_at) VALUES ('d', 'hello world', 'x', 't')")
    db.execute("INSERT INTO spans (id, doc_id, start, \"end\", label, text, created_at, updated_at) "
               "VALUES ('s1', 'd', 0, 5, 'claim', 'hello', 't', 't')")
    db.conn.commit()
    db.close()
    with AnnotationStore(path) as store:
        assert store.schema_version == len(KNOWN_MIGRATIONS)
        span = store.get_span("s1")
        assert span is not None and span.text == "hello" and span.stale is False
        assert store.links() == []


def test_newer_schema_is_refused(db_path, store: AnnotationStore) -> None:
    store.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tui_reader', 'm999_future', 'x')"
    )
    store.close()
    with pytest.raises(StoreError, match="newer tui-reader"):
        AnnotationStore(db_path)


def test_not_a_database_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        AnnotationStore(bad)


def test_stats_counts_labels_annotators_progress(store: AnnotationStore, doc: str) -> None:
    store.add_span(doc, 0, 4, "claim", annotator="a")
    store.add_span(doc, 5, 10, "quote", annotator="b")
    store.add_span(doc, 11, 15, "quote", annotator="b", status="suggested")
    store.set_progress(doc, "a", "done")
    st = store.stats()
    assert st["spans_per_label"] == {"claim": 1, "quote": 1}
    assert st["spans_per_annotator"] == {"a": 1, "b": 1}
    assert st["spans_per_status"] == {"accepted": 2, "suggested": 1}
    assert st["progress"]["done"] == 1 and st["progress"]["total"] == 1


def test_accepting_a_suggestion_records_who_decided(store: AnnotationStore, doc: str) -> None:
    s = store.add_span(doc, 0, 4, "claim", status="suggested", origin="rule:test")
    assert s.annotator == ""
    accepted = store.update_span(s.id, status="accepted", annotator="alice")
    assert accepted.annotator == "alice" and accepted.origin == "rule:test"
    store.undo("alice")
    back = store.get_span(s.id)
    assert back is not None and back.status == "suggested" and back.annotator == ""


def test_span_offsets_follow_a_text_changed_by_another_connection(db_path, store: AnnotationStore) -> None:
    """The store keeps document texts to check offsets cheaply; another process editing the text must win."""
    store.add_document(Document(id="t", text="alpha beta"))
    store.add_span("t", 0, 5, "claim")  # the text is now remembered
    with AnnotationStore(db_path) as other:
        other.conn.execute("UPDATE documents SET text = 'gamma delta epsilon', sha256 = 'changed' WHERE id = 't'")
    span = store.add_span("t", 12, 19, "claim")
    assert span.text == "epsilon"


def test_a_rolled_back_text_is_not_remembered(store: AnnotationStore) -> None:
    store.add_document(Document(id="t", text="alpha beta"))
    with pytest.raises(RuntimeError), store.write():
        store.conn.execute("UPDATE documents SET text = 'zzzzz zzzz', sha256 = 'x' WHERE id = 't'")
        store.add_span("t", 0, 5, "claim")  # reads (and would remember) the uncommitted text
        raise RuntimeError("abort")
    assert store.add_span("t", 0, 5, "claim").text == "alpha"


@pytest.mark.parametrize(
    ("text", "limit", "head"),
    [
        ("First line 🙂\nSecond line\nThird", 30, "First line 🙂\nSecond line\n"),  # cut after the last line break
        ("one two three four", 12, "one two "),  # no line break: after the last space
        ("🙂🙂🙂🙂", 10, "🙂🙂"),  # neither: at the last whole character (4 bytes each)
        ("short", 64, "short"),
    ],
)
def test_document_head_reads_the_beginning_of_a_text_at_a_clean_cut(
    store: AnnotationStore, text: str, limit: int, head: str
) -> None:
    store.add_document(Document(id="d", text=text, title="T"))
    got = store.document_head("d", limit)
    assert (got.title, got.text, got.size, got.complete) == ("T", head, len(text.encode()), head == text)
    assert text.startswith(got.text)


def test_document_head_of_a_missing_document_is_a_store_error(store: AnnotationStore) -> None:
    with pytest.raises(StoreError, match="no document"):
        store.document_head("nope", 100)

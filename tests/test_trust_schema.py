"""Schema upgrades: the checked-in database of the first schema version opens and upgrades in place with its
data intact; a database from a newer tui-reader is refused with one clear line."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from trust_helpers import run_cli
from tui_reader.store import KNOWN_MIGRATIONS, AnnotationStore, StoreError

V1 = Path(__file__).with_name("data") / "schema_v1.db"


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    return path


def test_fixture_is_really_the_first_schema(v1: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(v1)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]
    assert "stale" not in [r[1] for r in conn.execute("PRAGMA table_info(spans)")]
    conn.close()


def test_v1_database_upgrades_in_place_with_data_intact(v1: Path) -> None:
    r = run_cli("stats", "--db", str(v1), "--json")
    assert r.exit_code == 0, r.stderr
    st = json.loads(r.stdout)
    assert st["documents"] == 2 and st["spans_per_status"] == {"accepted": 2, "suggested": 1}
    assert st["progress"]["done"] == 1 and st["stale"] == []
    with AnnotationStore(v1) as s:
        assert s.schema_version == len(KNOWN_MIGRATIONS)
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(KNOWN_MIGRATIONS)
        quote = s.get_span("0190a1b2-0000-7000-8000-000000000003")
        assert quote is not None and quote.text == "“we won”" and quote.note == "note [b]x[/b]"
        assert s.document_text("old_emoji")[quote.start : quote.end] == quote.text
        # the new features work on the upgraded file
        s.link_spans(["0190a1b2-0000-7000-8000-000000000001", quote.id], annotator="alice")
        assert len(s.links()) == 1
        ev = s.undo("alice")  # the link is one undo step (m007_event_groups)
        assert ev is not None and s.links() == []
        # undo reads events the first release logged (they have no "stale" field)
        ev = s.undo("alice")
        assert ev is not None and ev.action == "undo"
    out = run_cli("export", "--db", str(v1), "--status", "accepted", "--status", "suggested")
    recs = [json.loads(x) for x in out.stdout.splitlines()]
    assert sorted(r["id"] for r in recs) == ["old_emoji", "old_news"]
    assert sum(len(r["spans"]) for r in recs) == 2  # one of alice's undone above
    for rec in recs:
        for sp in rec["spans"]:
            assert rec["text"][sp["start"] : sp["end"]] == sp["text"]


def test_upgrade_is_done_once(v1: Path) -> None:
    with AnnotationStore(v1):
        pass
    digest = hashlib.sha256(v1.read_bytes()).hexdigest()
    with AnnotationStore(v1) as s:
        assert s.schema_version == len(KNOWN_MIGRATIONS)
    assert hashlib.sha256(v1.read_bytes()).hexdigest() == digest  # opening again changes nothing


def test_database_from_a_newer_version_is_refused(v1: Path) -> None:
    with AnnotationStore(v1) as s:
        s.conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                       "VALUES ('tui_reader', 'm099_from_the_future', '2030-01-01')")  # fmt: skip
        before = s.stats()
    for args in (["stats"], ["import", str(V1)], ["export"], ["open"]):
        r = run_cli(*args, "--db", str(v1))
        assert r.exit_code == 1, args
        assert r.stderr == (f"tui-reader: {v1}: made by a newer tui-reader (schema step 'm099_from_the_future'); "
                            "upgrade tui-reader to open it\n"), args
        assert r.stdout == ""
    with pytest.raises(StoreError, match="newer tui-reader"):
        AnnotationStore(v1)
    import sqlite3

    conn = sqlite3.connect(v1)  # nothing was migrated or written by the refused opens
    assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == sum(before["spans_per_status"].values())
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == before["documents"]
    conn.close()

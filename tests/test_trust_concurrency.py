"""Several processes on one database: no "database is locked" reaching the user, no lost or duplicated rows;
read-only and network locations refused at start with one clear line."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from trust_helpers import cli_unprivileged, run_cli
from tui_reader import fscheck
from tui_reader import store as store_mod
from tui_reader.store import AnnotationStore, BusyError, retry_busy

TEXT = "The minister said the budget would rise by 4% next year, officials confirmed on Monday."


def _writer(db: str, name: str, started, done, conn) -> None:
    """An annotator session: add spans and delete every third one, as fast as it can, with the UI's retry,
    until the bulk import has finished (and at least 100 rounds)."""
    try:
        created, deleted = [], []
        with AnnotationStore(db) as s:
            i = 0
            while i < 100 or not done.is_set():
                start = i % 40
                span = retry_busy(lambda start=start: s.add_span("doc", start, start + 5, "claim", annotator=name))
                created.append(span.id)
                if i == 0:
                    started.release()
                if i % 3 == 2:
                    victim = created[-2]
                    retry_busy(lambda v=victim: s.delete_span(v, annotator=name))
                    deleted.append(victim)
                i += 1
        conn.send(("ok", created, deleted))
    except BaseException:  # noqa: BLE001
        conn.send(("error", traceback.format_exc(), []))


def _importer(db: str, files: list[str], started, done, conn) -> None:
    try:
        from tui_reader.importing import import_paths

        for _ in range(2):  # both annotators are writing before the import begins
            started.acquire(timeout=60)
        with AnnotationStore(db) as s:
            reports = [import_paths(s, [f]) for f in files]
        done.set()
        conn.send(("ok", [r.added for r in reports], [str(p) for r in reports for p in r.problems]))
    except BaseException:  # noqa: BLE001
        done.set()
        conn.send(("error", traceback.format_exc(), []))


def test_two_writers_and_a_bulk_importer_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with AnnotationStore(db) as s:
        from tui_reader.models import Document

        s.add_document(Document(id="doc", text=TEXT))
    files = []
    for f in range(6):  # each file is one big transaction that holds the write lock for a while; five gaps
        path = tmp_path / f"bulk{f}.jsonl"  # between them for the writers (three files once left too few on a loaded CI)
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(500):
                fh.write(json.dumps({"id": f"b{f}-{i}", "text": f"Doc {i}. " + TEXT,
                                     "spans": [{"start": 0, "end": 3, "label": "claim"}]}) + "\n")  # fmt: skip
        files.append(str(path))
    ctx = multiprocessing.get_context("fork")
    started, done = ctx.Semaphore(0), ctx.Event()
    pipes, procs = [], []
    for target, args in ((_writer, (db, "alice")), (_writer, (db, "bob")), (_importer, (db, files))):
        parent, child = ctx.Pipe()
        p = ctx.Process(target=target, args=(*args, started, done, child))
        p.start()
        pipes.append(parent)
        procs.append(p)
    results = []
    for parent, p in zip(pipes, procs, strict=True):
        assert parent.poll(240), "a process hung"
        results.append(parent.recv())
        p.join()
    for status, detail, _ in results:
        assert status == "ok", detail  # no BusyError / "database is locked" escaped any process
    (_, a_created, a_deleted), (_, b_created, b_deleted), (_, added, problems) = results
    assert problems == []
    assert [len(x) for x in added] == [500] * 6
    with AnnotationStore(db) as s:
        for name, created, deleted in (("alice", a_created, a_deleted), ("bob", b_created, b_deleted)):
            rows = [sp.id for sp in s.spans("doc", annotators=[name])]
            assert len(rows) == len(set(rows))
            assert sorted(rows) == sorted(set(created) - set(deleted))
            actions = [e.action for e in s.events(annotator=name)]
            assert actions.count("create") == len(created) and actions.count("delete") == len(deleted)
        assert s.count_documents() == 1 + 6 * 500
        n_spans = s.conn.execute("SELECT count(*) FROM spans WHERE doc_id != 'doc'").fetchone()[0]
        assert n_spans == 6 * 500
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # they really ran at once: annotators' changes were committed between the importer's files
        imports = [e.seq for e in s.events() if e.action == "import" and e.after["doc_id"].startswith("b")]
        between = [e for e in s.events(since=min(imports)) if e.seq < max(imports) and e.annotator]
        assert between, "the writers never overlapped the import; the test proved nothing"


def test_retry_busy_waits_out_a_writer_that_outlasts_the_busy_timeout(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    db = tmp_path / "a.db"
    with AnnotationStore(db) as s:
        from tui_reader.models import Document

        s.add_document(Document(id="doc", text=TEXT))
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 100)  # a short timeout, so the hold below outlasts it
    s = AnnotationStore(db)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.6, lambda: holder.execute("COMMIT"))
    with pytest.raises(BusyError, match="database is busy"):
        s.add_span("doc", 0, 3, "claim")  # without the retry the user would see this
    release.start()
    t0 = time.monotonic()
    span = retry_busy(lambda: s.add_span("doc", 0, 3, "claim"), attempts=8, first_delay=0.05)
    assert span.text == "The" and time.monotonic() - t0 >= 0.3
    assert [sp.id for sp in s.spans("doc")] == [span.id]  # the failed attempts left nothing behind
    release.join()
    holder.close()
    s.close()


def test_retry_busy_gives_up_with_the_busy_error_and_passes_other_errors(tmp_path: Path) -> None:
    calls = []

    def always_busy() -> None:
        calls.append(1)
        raise BusyError("x.db: database is busy")

    with pytest.raises(BusyError):
        retry_busy(always_busy, attempts=3, first_delay=0.001)
    assert len(calls) == 3

    def broken() -> None:
        calls.append(2)
        raise sqlite3.OperationalError("no such table: spans")

    with pytest.raises(sqlite3.OperationalError):
        retry_busy(broken, attempts=3, first_delay=0.001)
    assert calls.count(2) == 1  # not a busy error: not retried


@pytest.fixture
def shared() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="trust-"))
    d.chmod(0o777)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_read_only_database_and_folders_are_refused_at_start(shared: Path) -> None:
    ro_file = shared / "rofile"
    ro_file.mkdir(mode=0o777)
    ro_file.chmod(0o777)
    with AnnotationStore(ro_file / "a.db"):
        pass
    (ro_file / "a.db").chmod(0o444)
    code, out, err = cli_unprivileged("stats", "--db", str(ro_file / "a.db"))
    assert (code, err) == (1, f"tui-reader: {ro_file / 'a.db'}: database is read-only (annotations could not be saved)\n")

    ro_dir = shared / "rodir"
    ro_dir.mkdir()
    ro_dir.chmod(0o555)
    code, _, err = cli_unprivileged("import", str(shared), "--db", str(ro_dir / "new.db"))
    assert code == 1 and err.startswith(f"tui-reader: {ro_dir / 'new.db'}: cannot create the database")
    assert err.count("\n") == 1

    # a writable file in a read-only folder: WAL could not create its -wal/-shm files beside it
    ro_dir.chmod(0o777)
    with AnnotationStore(ro_dir / "b.db"):
        pass
    (ro_dir / "b.db").chmod(0o666)
    ro_dir.chmod(0o555)
    code, _, err = cli_unprivileged("open", "--db", str(ro_dir / "b.db"))
    ro_dir.chmod(0o777)
    assert code == 1 and f"folder {ro_dir} is read-only; SQLite needs to create b.db-wal" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_network_filesystem_is_refused_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mounts = tmp_path / "mounts"
    share = tmp_path / "my share"  # spaces are escaped as \040 in the mount table
    share.mkdir()
    mounts.write_text("/dev/vda / ext4 rw 0 0\n"
                      f"server:/export {str(share).replace(' ', chr(92) + '040')} nfs4 rw,relatime 0 0\n")  # fmt: skip
    monkeypatch.setattr(fscheck, "MOUNTS", str(mounts))
    assert fscheck.filesystem_type(share / "a.db") == "nfs4" and fscheck.filesystem_type(tmp_path) == "ext4"
    r = run_cli("import", str(mounts), "--db", str(share / "a.db"))
    assert r.exit_code == 1
    assert r.stderr == (f"tui-reader: {share / 'a.db'}: folder {share} is on a network filesystem (nfs4); "
                        "SQLite's WAL mode cannot work there and concurrent writes could corrupt it: use a local disk\n")
    assert not (share / "a.db").exists()
    monkeypatch.setenv("TUI_READER_ALLOW_NETWORK_FS", "1")  # the documented escape hatch for one-user setups
    with AnnotationStore(share / "a.db") as s:
        assert s.count_documents() == 0
    assert os.path.exists(share / "a.db")

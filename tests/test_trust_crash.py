"""kill -9 at the worst moment: a bulk import leaves the database as before that file, an export leaves the
previous export file intact, and a span whose add_span returned is in the database."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from trust_helpers import run_cli
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore

BODY = ("The minister said the budget would rise by 4% next year. " * 8).strip()


def counts(db: Path) -> dict[str, int]:
    with AnnotationStore(db) as s:
        q = s.conn.execute
        assert q("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: q(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "spans", "events", "links")}


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(20_000):
            spans = [{"start": 4, "end": 12, "label": "claim", "text": "minister"},
                     {"start": 43, "end": 45, "label": "statistic", "text": "4%"}]  # fmt: skip
            fh.write(json.dumps({"id": f"big-{i}", "text": BODY, "spans": spans}) + "\n")
    return path


def wait_for(cond, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert proc.poll() is None, "the process finished before it could be interrupted"
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.005)


def test_kill_during_bulk_jsonl_import_leaves_the_database_as_before(tmp_path: Path, big_jsonl: Path) -> None:
    db = tmp_path / "a.db"
    seed = tmp_path / "before.txt"
    seed.write_text("Already here before the import.\n")
    assert run_cli("import", str(seed), "--db", str(db)).exit_code == 0
    with AnnotationStore(db) as s:
        s.add_span("before", 0, 7, "claim", annotator="a")
    before = counts(db)
    wal = Path(f"{db}-wal")
    wal_start = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "tui_reader", "import", str(big_jsonl), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    # it has started writing: the uncommitted transaction spills pages into the WAL file
    wait_for(lambda: wal.exists() and wal.stat().st_size > wal_start + 2_000_000, proc)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    assert counts(db) == before
    # nothing half-done blocks the next import
    small = tmp_path / "small.jsonl"
    small.write_text("".join(big_jsonl.open(encoding="utf-8").readline() for _ in range(1)))
    r = run_cli("import", str(small), "--db", str(db))
    assert r.exit_code == 0 and "1 documents added" in r.stderr and "2 spans added" in r.stderr


def test_kill_during_export_leaves_the_previous_export_intact(tmp_path: Path, big_jsonl: Path) -> None:
    db = tmp_path / "a.db"
    with AnnotationStore(db) as s:
        import_paths(s, [big_jsonl])
    out = tmp_path / "export.jsonl"
    out.write_text('{"previous": "export"}\n')
    previous = out.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "tui_reader", "export", "--db", str(db), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def half_written() -> bool:
        tmp = list(tmp_path.glob(".export.jsonl.*.tmp"))
        return bool(tmp) and tmp[0].stat().st_size > 1_000_000

    wait_for(half_written, proc)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    assert out.read_bytes() == previous  # readers of export.jsonl never see half a file
    # a finished export then replaces it whole
    r = run_cli("export", "--db", str(db), "--doc", "big-7", "-o", str(out))
    assert r.exit_code == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["id"] == "big-7"


def test_a_span_is_durable_the_moment_add_span_returns(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    doc = tmp_path / "d.txt"
    doc.write_text(BODY)
    assert run_cli("import", str(doc), "--db", str(db)).exit_code == 0
    script = textwrap.dedent(f"""
        import os, signal, sys
        from tui_reader.store import AnnotationStore
        s = AnnotationStore({str(db)!r})
        for i in range(25):
            span = s.add_span("d", i, i + 5, "claim", annotator="crash", note=str(i))
            print(span.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == -signal.SIGKILL
    reported = r.stdout.split()
    assert len(reported) == 25
    with AnnotationStore(db) as s:
        assert sorted(sp.id for sp in s.spans("d", annotators=["crash"])) == sorted(reported)
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: also survives power loss

"""The command line through click's CliRunner: exit codes, messages, JSONL shape, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.store import AnnotationStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "a.db")
    assert run("import", str(SEEDS), "--db", path).exit_code == 0
    return path


def test_import_seeds_then_again_changes_nothing(db: str) -> None:
    r = run("import", str(SEEDS), "--db", db)
    assert r.exit_code == 0
    assert "0 documents added, 5 unchanged" in r.stderr
    with AnnotationStore(db) as s:
        assert s.count_documents() == 5


def test_import_bad_files_exit_1_one_line_each(tmp_path: Path, db: str) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00")
    (tmp_path / "ok.txt").write_text("fine\n")
    r = run("import", str(tmp_path / "bin.txt"), str(tmp_path / "ok.txt"), str(tmp_path / "missing.txt"), "--db", db)
    assert r.exit_code == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("tui-reader: skipped")]
    assert len(lines) == 2
    assert "bin.txt: binary file" in lines[0] and "missing.txt: no such file" in lines[1]
    assert "Traceback" not in r.output
    with AnnotationStore(db) as s:
        assert s.has_document("ok")


def test_malformed_jsonl_names_the_line(tmp_path: Path, db: str) -> None:
    f = tmp_path / "in.jsonl"
    good = {"id": "j1", "text": "Hello world", "spans": [{"start": 0, "end": 5, "label": "claim", "text": "Hello"}]}
    f.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "j2", "text": "x", "spans": [
        {"start": 0, "end": 9, "label": "claim"}]}) + "\n")
    r = run("import", str(f), "--db", db)
    assert r.exit_code == 1
    assert f"{f}:2: malformed JSON" in r.stderr
    assert f"{f}:3: span 1: offsets 0..9 out of range" in r.stderr
    with AnnotationStore(db) as s:
        assert [sp.text for sp in s.spans("j1")] == ["Hello"]
        assert s.has_document("j2")


def test_export_jsonl_shape_and_invariant(db: str) -> None:
    with AnnotationStore(db) as s:
        text = s.document_text("000_f7313eefdddd6988")
        i = text.index("Donald Trump")
        s.add_span("000_f7313eefdddd6988", i, i + 12, "claim", annotator="alice", note="who")
    r = run("export", "--db", db)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 5
    rec = json.loads(lines[0])
    assert {"id", "title", "source", "sha256", "text", "offsets", "spans", "links"} <= rec.keys()
    assert rec["offsets"] == "codepoint"
    (span,) = rec["spans"]
    assert span["text"] == "Donald Trump" == rec["text"][span["start"] : span["end"]]
    assert span["annotator"] == "alice" and span["note"] == "who" and span["status"] == "accepted"


def test_export_filters_and_default_status(db: str) -> None:
    doc = "001_1f15dbbd00519135"
    with AnnotationStore(db) as s:
        s.add_span(doc, 0, 3, "claim", annotator="a")
        s.add_span(doc, 4, 8, "quote", annotator="b")
        s.add_span(doc, 9, 12, "quote", annotator="b", status="suggested")

    def spans(*args: str) -> list[tuple[str, str, str]]:
        r = run("export", "--db", db, "--doc", doc, *args)
        assert r.exit_code == 0, r.output
        return [(x["label"], x["annotator"], x["status"]) for x in json.loads(r.stdout)["spans"]]

    assert spans() == [("claim", "a", "accepted"), ("quote", "b", "accepted")]
    assert spans("--label", "quote") == [("quote", "b", "accepted")]
    assert spans("--annotator", "a") == [("claim", "a", "accepted")]
    assert spans("--status", "suggested") == [("quote", "b", "suggested")]


def test_export_escapes_line_separators(tmp_path: Path, db: str) -> None:
    f = tmp_path / "ls.txt"
    f.write_text("one\u2028two\u2029three\u0085four é\n", encoding="utf-8")
    run("import", str(f), "--db", db)
    r = run("export", "--db", db, "--doc", "ls")
    raw = r.stdout
    assert "\u2028" not in raw and "\\u2028" in raw and "\\u0085" in raw and "é" in raw
    assert len(raw.splitlines()) == 1  # str.splitlines would have split on U+2028 without the escape
    assert json.loads(raw)["text"].startswith("one\u2028two")


def test_export_to_file_is_atomic_and_roundtrips(tmp_path: Path, db: str) -> None:
    with AnnotationStore(db) as s:
        s.add_span("002_864af2513c4cf570", 0, 5, "statistic", annotator="z", note="n")
        s.set_progress("002_864af2513c4cf570", "z", "done")
    out = tmp_path / "out.jsonl"
    assert run("export", "--db", db, "-o", str(out)).exit_code == 0
    assert not list(tmp_path.glob(".out.jsonl.*"))  # no temp file left behind
    db2 = str(tmp_path / "b.db")
    assert run("import", str(out), "--db", db2).exit_code == 0
    out2 = tmp_path / "out2.jsonl"
    run("export", "--db", db2, "-o", str(out2))
    assert out.read_text() == out2.read_text()


def test_export_unknown_doc_and_missing_db(tmp_path: Path, db: str) -> None:
    r = run("export", "--db", db, "--doc", "nope")
    assert r.exit_code == 1 and "no document with id 'nope'" in r.stderr
    r = run("export", "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 1 and "no such database" in r.stderr
    assert not (tmp_path / "none.db").exists()


def test_stats_text_and_json(db: str) -> None:
    with AnnotationStore(db) as s:
        s.add_span("003_627dc8ff569bd4e9", 0, 5, "quote", annotator="a")
        s.set_progress("003_627dc8ff569bd4e9", "a", "done")
    r = run("stats", "--db", db, "--json")
    st = json.loads(r.stdout)
    assert st["documents"] == 5 and st["spans_per_label"] == {"quote": 1}
    assert st["progress"]["done"] == 1
    text = run("stats", "--db", db).stdout
    assert "documents: 5" in text and "done: 1 / 5" in text and "quote" in text


def test_usage_error_is_exit_2() -> None:
    r = CliRunner().invoke(main, ["export", "--status", "bogus"])
    assert r.exit_code == 2


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "tui_reader", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "tui-reader" in r.stdout

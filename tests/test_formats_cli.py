"""`tui-reader export --format X` and `tui-reader import` (format detected from the content) through click's
CliRunner, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from formats_corpus import fill
from tui_reader.cli import main
from tui_reader.store import AnnotationStore


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "a.db"
    with AnnotationStore(path) as s:
        fill(s)
    return str(path)


OUT = {"jsonl": "out.jsonl", "doccano": "out.jsonl", "prodigy": "out.jsonl", "w3c": "out.jsonl", "csv": "out.csv",
       "brat": "out"}  # fmt: skip


@pytest.mark.parametrize("fmt", list(OUT))
def test_export_then_import_detects_the_format(tmp_path: Path, db: str, fmt: str) -> None:
    out = tmp_path / fmt / OUT[fmt]
    out.parent.mkdir()  # export creates no folders: a typo in -o is an error, not a new tree
    r = run("export", "--db", db, "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == f"10 spans written to {out}"
    new_db = str(tmp_path / fmt / "b.db")
    args = ["import", "--db", new_db]
    if fmt in ("w3c", "csv"):  # these point at documents: give the texts first, on the same command line
        docs = tmp_path / fmt / "docs.jsonl"
        assert run("export", "--db", db, "-o", str(docs), "--status", "rejected").exit_code == 0  # texts, no spans
        args.append(str(docs))
    r = run(*args, str(out))
    assert r.exit_code == 0, r.stderr
    assert "10 spans added" in r.stderr
    again = tmp_path / fmt / ("again" + ("" if fmt == "brat" else Path(OUT[fmt]).suffix))
    assert run("export", "--db", new_db, "--format", fmt, "-o", str(again)).exit_code == 0
    if fmt == "brat":
        assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in out.iterdir())
        assert all((again / p.name).read_bytes() == p.read_bytes() for p in out.iterdir())
    else:
        assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("fmt", ["doccano", "prodigy", "w3c", "csv"])
def test_export_to_stdout(db: str, fmt: str) -> None:
    r = run("export", "--db", db, "--format", fmt)
    assert r.exit_code == 0
    assert "Nous gagnerons" in r.stdout  # a span's text (w3c, csv, prodigy) or the document's (doccano)


def test_brat_needs_a_folder_and_unknown_format_is_one_line(db: str) -> None:
    r = run("export", "--db", db, "--format", "brat")
    assert r.exit_code == 1
    assert r.stderr == "tui-reader: the brat format writes a folder: give one with -o DIR\n"
    r = run("export", "--db", db, "--format", "conll")
    assert r.exit_code == 2  # a usage error, like any bad option value
    assert r.stderr.endswith("Error: Invalid value for '--format': unknown format 'conll' "
                             "(choose from jsonl, doccano, prodigy, brat, w3c, csv)\n")  # fmt: skip
    r = run("import", "--db", db, "--format", "conll", db)
    assert r.exit_code == 2
    assert "unknown format 'conll' (choose from auto, text, jsonl, doccano" in r.stderr


def test_doccano_utf16_offsets_on_the_command_line(tmp_path: Path, db: str) -> None:
    out = tmp_path / "d.jsonl"
    assert run("export", "--db", db, "--format", "doccano", "--offsets", "utf16", "-o", str(out)).exit_code == 0
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    text = first["text"]
    for s, e, _ in first["label"]:
        assert text.encode("utf-16-le")[2 * s : 2 * e].decode("utf-16-le")  # a whole number of characters
    assert first["label"][0] == [12, 20, "claim"]  # the ZWJ family: 8 UTF-16 units
    r = run("import", "--db", str(tmp_path / "b.db"), "--offsets", "utf16", str(out))
    assert r.exit_code == 0 and "10 spans added" in r.stderr
    with AnnotationStore(tmp_path / "b.db") as b:
        assert b.spans("news-1")[0].text == "\U0001f468\u200d\U0001f469\u200d\U0001f467"


def test_w3c_without_documents_fails_with_one_line_per_annotation(tmp_path: Path, db: str) -> None:
    out = tmp_path / "w.jsonl"
    run("export", "--db", db, "--format", "w3c", "-o", str(out))
    r = run("import", "--db", str(tmp_path / "b.db"), str(out))
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0] == f"tui-reader: skipped {out}:1: document 'news-1' is not in the database (import its text first)"
    assert len(lines) == 11 and lines[-1].startswith("0 documents added")


def test_label_filter_applies_to_every_format(tmp_path: Path, db: str) -> None:
    for fmt in ("doccano", "csv"):
        r = run("export", "--db", db, "--format", fmt, "--label", "anonymous source")
        assert r.exit_code == 0
        assert "anonymous source" in r.stdout and "statistic" not in r.stdout


def test_prodigy_tasks_of_one_document_count_it_once(tmp_path: Path, db: str) -> None:
    out = tmp_path / "p.jsonl"
    run("export", "--db", db, "--format", "prodigy", "-o", str(out))
    assert len(out.read_text("utf-8").splitlines()) == 4  # news-1 has two tasks: alice's and bob's
    r = run("import", "--db", str(tmp_path / "b.db"), str(out))
    assert r.stderr.splitlines()[-1] == "3 documents added, 0 unchanged, 10 spans added"

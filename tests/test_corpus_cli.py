"""The corpus items through the CLI: JSON lines recognised by content whatever the file's name, an unknown
`export --label` is an error naming the known labels, imported titles are headlines, not site chrome."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.store import AnnotationStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_json_lines_export_imports_as_its_documents_whatever_its_extension(tmp_path: Path) -> None:
    db, out = str(tmp_path / "a.db"), tmp_path / "out.doccano"
    assert run("import", str(SEEDS), "--db", db).exit_code == 0
    with AnnotationStore(db) as s:
        doc = s.document_ids()[0]
        text = s.document_text(doc)
        start = text.index("Trump")
        s.add_span(doc, start, start + 5, "claim", annotator="ann")
    assert run("export", "--db", db, "--format", "doccano", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])  # JSON lines, named .doccano
    other = str(tmp_path / "b.db")
    r = run("import", str(out), "--db", other)
    assert r.exit_code == 0, r.output
    with AnnotationStore(other) as s:
        assert s.count_documents() == len(list(SEEDS.glob("*.txt")))  # its documents, not one text of JSON
        spans = s.spans()
        assert [(x.label, x.text) for x in spans] == [("claim", "Trump")]
        assert all(not s.document_text(d).lstrip().startswith("{") for d in s.document_ids())


def test_a_text_starting_with_a_brace_is_still_a_text(tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text("{not json} says the headline\n\nA body.\n", encoding="utf-8")
    db = str(tmp_path / "a.db")
    assert run("import", str(f), "--db", db).exit_code == 0
    with AnnotationStore(db) as s:
        assert s.document_text("note").startswith("{not json}")


def test_a_text_file_whose_first_line_is_a_json_object_is_a_text(tmp_path: Path) -> None:
    """Found by the fuzz test: `doc.txt` holding `{}` was read as JSON lines and refused; a file named as text
    is a text (content decides only for other names)."""
    f = tmp_path / "doc.txt"
    f.write_text('{"a": 1}\nand then prose.\n', encoding="utf-8")
    db = str(tmp_path / "a.db")
    assert run("import", str(f), "--db", db).exit_code == 0
    with AnnotationStore(db) as s:
        assert s.document_text("doc") == '{"a": 1}\nand then prose.\n'


def test_export_with_an_unknown_label_is_an_error_naming_the_known_ones(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert run("import", str(SEEDS), "--db", db).exit_code == 0
    out = tmp_path / "x.jsonl"
    r = CliRunner().invoke(main, ["export", "--db", db, "--label", "quotes", "-o", str(out)])
    assert r.exit_code == 2
    assert "unknown label 'quotes'" in r.output and "'quote'" in r.output and "'anonymous source'" in r.output
    assert not out.exists()
    r = run("export", "--db", db, "--label", "quote", "-o", str(out))
    assert r.exit_code == 0 and out.exists()


def test_open_review_starts_the_reader_on_the_review_queue(tmp_path: Path, monkeypatch) -> None:
    """`tui-reader open --review` hands the reader the review flag; without paths the annotator's last two
    documents come first (what the app then shows: tests/test_resume.py, tests/test_review_queue.py)."""
    from tui_reader.tui.app import ReaderApp

    db = str(tmp_path / "a.db")
    assert run("import", str(SEEDS), "--db", db).exit_code == 0
    with AnnotationStore(db) as s:
        ids = s.document_ids()
        s.save_position("ann", "left", ids[3], 10, 0)
        s.save_position("ann", "right", ids[1], 5, 0)
    seen: list[tuple[list[str], bool]] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self: seen.append((self.doc_ids, self._review_at_start)))
    monkeypatch.setattr("tui_reader.lifeline.terminal_problem", lambda: None)  # CliRunner has no terminal
    monkeypatch.setattr("tui_reader.lifeline.tie", lambda app: None)
    assert run("open", "--review", "--db", db, "--annotator", "ann").exit_code == 0
    assert run("open", "--db", db, "--annotator", "other").exit_code == 0
    # the documents the panes open first, not the corpus (the app's list reads it a page at a time, issue 14)
    assert seen[0] == ([ids[3], ids[1], ids[0]], True)
    assert seen[1] == (ids[:2], False)  # another annotator: the usual order

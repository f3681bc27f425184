"""No silent loss, no silent coercion on import.

A field of the wrong JSON type is reported per line (or per span), like a bad offset, and that line (span) is
skipped: never stored as `str(value)` or replaced by an empty default. Each case runs the CLI as a user does and
checks the line on stderr, the exit code and what the database holds; the good lines of the same file import.
"""

from __future__ import annotations

import json
from pathlib import Path

from trust_helpers import cli, run_cli
from tui_reader.store import AnnotationStore

TEXT = "Hello world here."


def skipped(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("tui-reader: skipped")]


def write_jsonl(path: Path, *objs: object) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


def good_line(doc_id: str = "good") -> dict[str, object]:
    return {"id": doc_id, "text": "A good line.", "spans": [{"start": 2, "end": 6, "label": "claim"}]}


def spans_of(db: Path) -> list[tuple[str, int, int, str, str, object]]:
    with AnnotationStore(db) as s:
        return [(x.doc_id, x.start, x.end, x.label, x.note, x.attrs) for x in s.spans()]


def docs_of(db: Path) -> list[str]:
    with AnnotationStore(db) as s:
        return s.document_ids()


def import_one_bad_span(tmp_path: Path, bad: dict[str, object]) -> tuple[list[str], Path]:
    """A line with one good span and one span carrying `bad`; the good line after it must import."""
    span = {"start": 6, "end": 11, "label": "claim", **bad}
    f = write_jsonl(tmp_path / "in.jsonl",
                    {"id": "d", "text": TEXT, "spans": [{"start": 0, "end": 5, "label": "quote"}, span]},
                    good_line())  # fmt: skip
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "2 documents added" in r.stderr and "2 spans added" in r.stderr, r.stderr
    return skipped(r.stderr), db


def test_a_list_as_note_is_reported_not_stored_as_its_repr(tmp_path: Path) -> None:
    lines, db = import_one_bad_span(tmp_path, {"note": ["x"]})
    assert lines == [f'tui-reader: skipped {tmp_path / "in.jsonl"}:1: span 2: "note" must be a string, not a list']
    assert spans_of(db) == [("d", 0, 5, "quote", "", {}), ("good", 2, 6, "claim", "", {})]


def test_a_list_as_span_id_is_reported_not_made_an_id(tmp_path: Path) -> None:
    lines, db = import_one_bad_span(tmp_path, {"id": ["x"]})
    assert lines == [f'tui-reader: skipped {tmp_path / "in.jsonl"}:1: span 2: "id" must be a string, not a list']
    with AnnotationStore(db) as s:
        assert "['x']" not in {x.id for x in s.spans()}
        assert len(s.spans("d")) == 1


def test_a_string_as_attrs_is_reported_not_emptied(tmp_path: Path) -> None:
    lines, db = import_one_bad_span(tmp_path, {"attrs": "zz"})
    assert lines == [f'tui-reader: skipped {tmp_path / "in.jsonl"}:1: span 2: "attrs" must be an object, '
                     "not a string"]  # fmt: skip
    assert [s[:4] for s in spans_of(db)] == [("d", 0, 5, "quote"), ("good", 2, 6, "claim")]


def test_a_string_as_meta_skips_the_line(tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": TEXT, "meta": "x", "spans": []}, good_line())
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [f'tui-reader: skipped {f}:1: "meta" must be an object, not a string; line skipped']
    assert docs_of(db) == ["good"]


def test_a_list_as_document_id_skips_the_line(tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "in.jsonl", {"id": ["x"], "text": TEXT}, good_line())
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [f'tui-reader: skipped {f}:1: "id" must be a string, not a list; line skipped']
    assert docs_of(db) == ["good"]


def test_prodigy_meta_of_the_wrong_type_is_reported(tmp_path: Path) -> None:
    task = {"text": TEXT, "meta": "x", "answer": "accept", "_input_hash": 1, "_task_hash": 2,
            "spans": [{"start": 0, "end": 5, "label": "claim"}]}  # fmt: skip
    ok = {**task, "meta": {"id": "p2"}, "text": "Other text."}
    f = write_jsonl(tmp_path / "p.jsonl", task, ok)
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [f'tui-reader: skipped {f}:1: "meta" must be an object, not a string; line skipped']
    assert docs_of(db) == ["p2"]


def test_toml_label_name_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = ["x"]\nkey = "1"\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text("Some text.\n")
    r = cli("open", str(tmp_path / "doc.txt"), "--db", str(tmp_path / "a.db"), "--labels", str(labels))
    assert r.returncode == 1
    assert r.stderr == f"tui-reader: {labels}: label 1: name must be a string, not an array\n"
    assert r.stdout == ""  # the app never started
    r = run_cli("suggest", "--db", str(tmp_path / "a.db"), "--labels", str(labels))  # the same file, same check
    assert r.exit_code == 1 and "name must be a string, not an array" in r.stderr


def test_doccano_label_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "d.jsonl", {"id": 1, "text": TEXT, "label": "x"},
                    {"id": 2, "text": "Second one.", "label": [[0, 6, "claim"]]})  # fmt: skip
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [f'tui-reader: skipped {f}:1: "label" must be a list of [start, end, "LABEL"], '
                                 "not a string; line skipped"]  # fmt: skip
    assert spans_of(db) == [("2", 0, 6, "claim", "", {})]


def test_doccano_label_that_is_not_a_list_is_reported_with_format_given(tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "d.jsonl", {"id": "a", "text": TEXT, "label": "x"})
    db = tmp_path / "a.db"
    r = run_cli("import", "--format", "doccano", str(f), "--db", str(db))
    assert r.exit_code == 1
    assert '"label" must be a list' in r.stderr
    assert "0 documents added" in r.stderr


def brat_folder(tmp_path: Path, ann: str) -> Path:
    b = tmp_path / "brat"
    b.mkdir()
    (b / "d.txt").write_text("Hello world\nand more\n", encoding="utf-8")
    (b / "d.ann").write_text(ann, encoding="utf-8")
    return b


def test_brat_discontinuous_span_is_reported_not_joined(tmp_path: Path) -> None:
    b = brat_folder(tmp_path, "T1\tclaim 0 5;6 11\tHello world\nT2\tquote 12 15\tand\n")
    db = tmp_path / "a.db"
    r = run_cli("import", str(b), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [f"tui-reader: skipped {b / 'd.ann'}:1: T1: discontinuous span (0 5;6 11, with ' ' "
                                 "between the fragments); a span here is one stretch of text"]  # fmt: skip
    assert spans_of(db) == [("d", 12, 15, "quote", "", {})]  # never 0..11


def test_brat_fragments_across_a_line_break_are_still_one_span(tmp_path: Path) -> None:
    b = brat_folder(tmp_path, "T1\tclaim 6 11;12 15\tworld and\n")  # what brat writes for a span over a line end
    db = tmp_path / "a.db"
    r = run_cli("import", str(b), "--db", str(db))
    assert r.exit_code == 0, r.stderr
    assert spans_of(db) == [("d", 6, 15, "claim", "", {})]


def test_brat_relation_to_a_missing_annotation_is_reported(tmp_path: Path) -> None:
    b = brat_folder(tmp_path, "T1\tclaim 0 5\tHello\nT2\tquote 12 15\tand\nR1\tSupports Arg1:T1 Arg2:T2\n"
                              "R2\tSupports Arg1:T1 Arg2:T99\nA1\tNegated T98\n")  # fmt: skip
    db = tmp_path / "a.db"
    r = run_cli("import", str(b), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [
        f"tui-reader: skipped {b / 'd.ann'}:4: R2 points at T99, which is not a text annotation here; skipped",
        f"tui-reader: skipped {b / 'd.ann'}:5: A1 points at T98, which is not an annotation here (events and "
        "attributes are not imported; this one is broken)",
    ]  # R1 is whole: imported as a relation (docs/formats.md), not a problem
    assert [s[3] for s in spans_of(db)] == ["claim", "quote"]
    assert "1 relations added" in r.stderr


def test_two_spans_with_one_id_on_a_line_are_reported(tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "in.jsonl",
                    {"id": "d1", "text": TEXT, "spans": [{"id": "x", "start": 0, "end": 5, "label": "a"},
                                                         {"id": "x", "start": 6, "end": 11, "label": "b"}]},
                    good_line())  # fmt: skip
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1  # as for any bad line: not "1 spans added" and exit 0
    assert skipped(r.stderr) == [f"tui-reader: skipped {f}:1: span 2: id 'x' is already span 1's on this line"]
    assert "2 spans added" in r.stderr
    assert [s[:4] for s in spans_of(db)] == [("d1", 0, 5, "a"), ("good", 2, 6, "claim")]


def test_w3c_annotations_with_one_id_are_reported(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert run_cli("import", str(write_jsonl(tmp_path / "docs.jsonl", {"id": "d", "text": TEXT})),
                   "--db", str(db)).exit_code == 0  # fmt: skip

    def anno(start: int, end: int) -> dict[str, object]:
        return {"type": "Annotation", "id": "urn:tui-reader:span:s1", "body": [{"purpose": "tagging", "value": "c"}],
                "target": {"source": "d", "selector": [{"type": "TextPositionSelector", "start": start, "end": end}]}}

    f = write_jsonl(tmp_path / "w.jsonl", anno(0, 5), anno(6, 11))
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1
    assert skipped(r.stderr) == [f"tui-reader: skipped {f}:2: annotation id 'urn:tui-reader:span:s1' is already "
                                 "on line 1"]  # fmt: skip
    assert [s[1:3] for s in spans_of(db)] == [(0, 5)]


def test_deeply_nested_json_is_one_line_and_the_valid_lines_import(tmp_path: Path) -> None:
    f = tmp_path / "deep.jsonl"
    f.write_text(json.dumps(good_line("first")) + "\n" + "[" * 100_000 + "\n"
                 + json.dumps({"id": "nested", "text": "x", "meta": {"a": json.loads("[" * 70 + "]" * 70)}}) + "\n"
                 + json.dumps(good_line("last")) + "\n", encoding="utf-8")  # fmt: skip
    db = tmp_path / "a.db"
    r = cli("import", str(f), "--db", str(db))  # a real process: a RecursionError would be a traceback here
    assert "Traceback" not in r.stderr and "RecursionError" not in r.stderr
    assert r.returncode == 1
    assert skipped(r.stderr) == [
        f"tui-reader: skipped {f}:2: JSON nested more than 64 levels deep",
        f"tui-reader: skipped {f}:3: JSON nested more than 64 levels deep",
    ]
    assert docs_of(db) == ["first", "last"]


def test_deeply_nested_first_line_does_not_stop_format_detection(tmp_path: Path) -> None:
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "\n" + json.dumps({"id": 7, "text": TEXT, "label": [[0, 5, "claim"]]}) + "\n")
    db = tmp_path / "a.db"
    r = cli("import", str(f), "--db", str(db))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert skipped(r.stderr) == [f"tui-reader: skipped {f}:1: JSON nested more than 64 levels deep"]
    assert spans_of(db) == [("7", 0, 5, "claim", "", {})]  # detected as doccano from the first good line

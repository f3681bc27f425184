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
       "brat": "out", "labelstudio": "out.json", "spacy": "out.spacy"}  # fmt: skip
WARNED = {  # the one-line warnings each export of the shared corpus gives before its summary
    "doccano": ['tui-reader: warning: doccano: 2 spans in 1 documents overlap another span; doccano\'s import keeps '
                'them only in a project created with "Allow overlapping spans" checked (otherwise it drops them '
                'without a word)'],
    "spacy": ["tui-reader: warning: spacy: 1 spans start or end inside a spaCy token; the token was split there so "
              "each keeps its exact offsets"],
}  # fmt: skip


@pytest.mark.parametrize("fmt", list(OUT))
def test_export_then_import_detects_the_format(tmp_path: Path, db: str, fmt: str) -> None:
    out = tmp_path / fmt / OUT[fmt]
    out.parent.mkdir()  # export creates no folders: a typo in -o is an error, not a new tree
    r = run("export", "--db", db, "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [*WARNED.get(fmt, []), f"10 spans written to {out}"]
    new_db = str(tmp_path / fmt / "b.db")
    args = ["import", "--db", new_db]
    if fmt in ("w3c", "csv"):  # these point at documents: give the texts first, on the same command line
        docs = tmp_path / fmt / "docs.jsonl"
        assert run("export", "--db", db, "-o", str(docs), "--status", "rejected").exit_code == 0  # texts, no spans
        args.append(str(docs))
    r = run(*args, str(out))
    assert r.exit_code == 0, r.stderr
    assert "10 spans added" in r.stderr
    if fmt not in ("prodigy", "csv"):  # the formats without relations
        assert "3 relations added" in r.stderr
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
                             "(choose from jsonl, doccano, prodigy, brat, w3c, csv, labelstudio, spacy)\n")  # fmt: skip
    r = run("import", "--db", db, "--format", "conll", db)
    assert r.exit_code == 2
    assert "unknown format 'conll' (choose from auto, text, jsonl, doccano" in r.stderr


def test_doccano_utf16_offsets_on_the_command_line(tmp_path: Path, db: str) -> None:
    out = tmp_path / "d.jsonl"
    assert run("export", "--db", db, "--format", "doccano", "--offsets", "utf16", "-o", str(out)).exit_code == 0
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    text = first["text"]
    spans = [(e["start_offset"], e["end_offset"], e["label"]) for e in first["entities"]]  # the relations shape
    for s, e, _ in spans:
        assert text.encode("utf-16-le")[2 * s : 2 * e].decode("utf-16-le")  # a whole number of characters
    assert spans[0] == (12, 20, "claim")  # the ZWJ family: 8 UTF-16 units
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
    # 10 span annotations, then 3 relations whose span annotations could not be taken
    assert lines[10].startswith(f"tui-reader: skipped {out}:11: links 'urn:uuid:")
    assert lines[10].endswith("which is not a span annotation earlier in this file")
    assert len(lines) == 14 and lines[-1].startswith("0 documents added")


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


@pytest.mark.parametrize("fmt", ["w3c", "labelstudio", "spacy"])
def test_utf16_offsets_refused_where_the_format_counts_code_points(tmp_path: Path, db: str, fmt: str) -> None:
    out = tmp_path / ("x" + {"w3c": ".jsonl", "labelstudio": ".json", "spacy": ".spacy"}[fmt])
    r = run("export", "--db", db, "--format", fmt, "--offsets", "utf16", "-o", str(out))
    assert r.exit_code == 2 and not out.exists()
    assert f"Error: --offsets utf16 does not apply to --format {fmt}: its offsets are code points (" in r.stderr
    r = run("import", "--db", db, "--format", fmt, "--offsets", "utf16", str(out))
    assert r.exit_code == 2 and "its offsets are code points" in r.stderr


def test_ents_is_for_spacy_only(tmp_path: Path, db: str) -> None:
    r = run("export", "--db", db, "--format", "doccano", "--ents")
    assert r.exit_code == 2 and "--ents is for --format spacy (doc.ents), not doccano" in r.stderr
    r = run("export", "--db", db, "--format", "spacy", "--ents", "-o", str(tmp_path / "x.spacy"))
    assert r.exit_code == 0, r.stderr
    assert "spacy: 1 spans overlap a longer one and are in doc.spans['sc'] only, not doc.ents" in r.stderr


def test_doccano_without_overlaps_does_not_warn(tmp_path: Path, db: str) -> None:
    r = run("export", "--db", db, "--format", "doccano", "--annotator", "bob", "-o", str(tmp_path / "d.jsonl"))
    assert r.exit_code == 0 and r.stderr.splitlines() == [f"3 spans written to {tmp_path / 'd.jsonl'}"]


def test_labelstudio_writes_its_config_beside_the_file_and_says_so_for_stdout(tmp_path: Path, db: str) -> None:
    r = run("export", "--db", db, "--format", "labelstudio", "-o", str(tmp_path / "tasks.json"))
    assert r.exit_code == 0
    assert '<Labels name="label" toName="text">' in (tmp_path / "labelstudio-config.xml").read_text("utf-8")
    r = run("export", "--db", db, "--format", "labelstudio")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["data"]["doc_id"] == "news-1"
    assert ("tui-reader: warning: labelstudio: no labelling config written (the tasks went to standard output); "
            "export with -o FILE to get labelstudio-config.xml beside it") in r.stderr.splitlines()


LS_TEXT = "A senior official said the plan was dead. 🐱 Officials denied it."


def _region(rid: str, piece: str, label: str, *, after: int = 0) -> dict:
    start = LS_TEXT.index(piece, after)  # offsets from the text (code points, as Label Studio counts them)
    return {"id": rid, "type": "labels", "from_name": "label", "to_name": "text",
            "value": {"start": start, "end": start + len(piece), "text": piece, "labels": [label]}}  # fmt: skip


LS_PROJECT_EXPORT = [  # the shape of a Label Studio project export (JSON): two annotators, a prediction, a skip
    {"id": 41, "data": {"text": LS_TEXT},
     "annotations": [
         {"id": 7, "completed_by": {"id": 1, "email": "ana@example.org", "first_name": "", "last_name": ""},
          "result": [
              _region("r1", "A senior official", "anonymous source"),
              _region("r2", "the plan was dead", "claim"),
              {"from_id": "r1", "to_id": "r2", "type": "relation", "direction": "left", "labels": ["attributed to"]},
          ], "was_cancelled": False, "created_at": "2026-01-02T10:00:00.000000Z", "updated_at": "2026-01-02T10:05:00Z"},
         {"id": 8, "completed_by": 2, "result": [
              _region("q1", "Officials", "anonymous source"),
              {"id": "q1", "type": "textarea", "from_name": "note", "to_name": "text",
               "value": {"start": 44, "end": 53, "text": ["who?"]}},
              {**_region("q2", "Officials", "claim"), "value": {"start": 44, "end": 99, "labels": ["claim"]}},
              {"from_id": "q1", "to_id": "zz", "type": "relation", "direction": "right", "labels": []},
          ]},
         {"id": 9, "completed_by": 3, "was_cancelled": True, "result": [_region("s1", "A", "claim")]},
     ],
     "predictions": [{"model_version": "rules-v2", "score": 0.5, "result": [_region("p1", "denied", "claim")]}]},
]  # fmt: skip


def test_import_a_label_studio_project_export_with_several_annotators(tmp_path: Path) -> None:
    f = tmp_path / "project-3-at-2026.json"
    f.write_text(json.dumps(LS_PROJECT_EXPORT, ensure_ascii=False, indent=2), encoding="utf-8")
    r = run("import", "--db", str(tmp_path / "b.db"), str(f))
    assert r.exit_code == 1  # the bad results are reported, the rest is imported
    assert LS_TEXT.index("Officials") == 44 and len(LS_TEXT) == 64  # 🐱 counts one
    assert r.stderr.splitlines() == [
        f"tui-reader: skipped {f}: task 1 annotation 3: cancelled (skipped) in Label Studio; not imported",
        f"tui-reader: skipped {f}: task 1 annotation 2 result 3: offsets 44..99 out of range (text length 64); skipped",
        f"tui-reader: skipped {f}: task 1 annotation 2 result 4: relation between 'q1' and 'zz', which are not two "
        "labelled regions of this annotation; skipped",
        "1 documents added, 0 unchanged, 4 spans added, 1 relations added, 3 problems",
    ]
    with AnnotationStore(tmp_path / "b.db") as b:
        (doc_id,) = b.document_ids()
        assert doc_id == "project-3-at-2026-41"
        got = sorted((s.text, s.label, s.annotator, s.status, s.note) for s in b.spans())
        assert got == [("A senior official", "anonymous source", "ana@example.org", "accepted", ""),
                       ("Officials", "anonymous source", "label-studio-user-2", "accepted", "who?"),
                       ("denied", "claim", "rules-v2", "suggested", ""),
                       ("the plan was dead", "claim", "ana@example.org", "accepted", "")]  # fmt: skip
        (rel,) = b.relations()
        by_id = {s.id: s.text for s in b.spans()}
        # direction "left": the arrow points from r2 to r1, so the claim rests on the anonymous source
        assert (by_id[rel.head], by_id[rel.tail], rel.label) == ("the plan was dead", "A senior official",
                                                                  "attributed to")  # fmt: skip


def test_spacy_needs_a_file(db: str) -> None:
    r = run("export", "--db", db, "--format", "spacy")
    assert r.exit_code == 1
    assert r.stderr == "tui-reader: the spacy format writes a binary file: give one with -o FILE\n"


def test_auto_detected_w3c_file_with_utf16_offsets_is_skipped_with_the_reason(tmp_path: Path, db: str) -> None:
    out = tmp_path / "w.jsonl"
    assert run("export", "--db", db, "--format", "w3c", "-o", str(out)).exit_code == 0
    r = run("import", "--db", db, "--offsets", "utf16", str(out))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"tui-reader: skipped {out}: w3c positions are code points (a TextPositionSelector counts Unicode "
        "characters): --offsets utf16 does not apply; file skipped")  # fmt: skip

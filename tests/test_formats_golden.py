"""Golden exports of the shared corpus (emoji, ZWJ family, flag, combining marks, CJK, a span across a newline,
labels with a space and with an underscore, notes with newlines and markup-like text), one per format.

The golden files were written by the exporter once and then checked line by line; these tests also re-check
every offset in them independently of the exporter (str slicing, UTF-16 by encoding), so a wrong golden file
cannot pass just because the code printed it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from formats_corpus import corpus, fill
from tui_reader.exporting import export, export_to_string
from tui_reader.store import AnnotationStore

GOLDEN = Path(__file__).parent / "data" / "golden"


@pytest.fixture
def filled(store: AnnotationStore) -> AnnotationStore:
    fill(store)
    return store


def expected_pairs() -> dict[str, set[tuple[str, str]]]:
    """(covered text, label) per document, straight from the corpus (built with str.index)."""
    return {r.doc.id: {(s.text, s.label) for s in r.spans} for r in corpus()}


def texts() -> dict[str, str]:
    return {r.doc.id: r.doc.text for r in corpus()}


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def utf16_index(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@pytest.mark.parametrize(("fmt", "name", "offsets"), [
    ("doccano", "doccano.jsonl", "codepoint"), ("doccano", "doccano.utf16.jsonl", "utf16"),
    ("prodigy", "prodigy.jsonl", "codepoint"), ("w3c", "w3c.jsonl", "codepoint"), ("csv", "spans.csv", "codepoint"),
])  # fmt: skip
def test_export_matches_golden(filled: AnnotationStore, fmt: str, name: str, offsets: str) -> None:
    got = export_to_string(filled, fmt, offsets=offsets)
    assert got == (GOLDEN / name).read_bytes().decode("utf-8")


def test_brat_export_matches_golden_folder(filled: AnnotationStore, tmp_path: Path) -> None:
    export(filled, "brat", tmp_path / "out")
    want = sorted(p.name for p in (GOLDEN / "brat").iterdir())
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == want
    for name in want:
        assert (tmp_path / "out" / name).read_bytes() == (GOLDEN / "brat" / name).read_bytes(), name


def test_golden_doccano_offsets_cover_the_right_text_in_both_units() -> None:
    cp_lines = [json.loads(x) for x in (GOLDEN / "doccano.jsonl").read_text("utf-8").splitlines()]
    u16_lines = [json.loads(x) for x in (GOLDEN / "doccano.utf16.jsonl").read_text("utf-8").splitlines()]
    want = expected_pairs()
    for cp, u16 in zip(cp_lines, u16_lines, strict=True):
        text = cp["text"]
        assert {(text[s:e], lb) for s, e, lb in cp["label"]} == want[cp["id"]]
        assert {(utf16_slice(text, s, e), lb) for s, e, lb in u16["label"]} == want[cp["id"]]
        for (s, e, _), (s16, e16, _) in zip(cp["label"], u16["label"], strict=True):
            assert (s16, e16) == (utf16_index(text, s), utf16_index(text, e))
    # the family emoji: 5 code points, 8 UTF-16 units; "Le ministre " before it is 12 of either
    first = cp_lines[0]["label"][0], u16_lines[0]["label"][0]
    assert first == ([12, 17, "claim"], [12, 20, "claim"])


def test_golden_doccano_notes_are_comments_naming_their_span() -> None:
    line = json.loads((GOLDEN / "doccano.jsonl").read_text("utf-8").splitlines()[0])
    assert line["Comments"] == [
        "26-44 quote: first line\nsecond [b]line[/b] <i>x</i> \\n literal\tand tab",
        "73-76 statistic: [/]",
    ]


def test_golden_prodigy_spans_hashes_and_tasks() -> None:
    tasks = [json.loads(x) for x in (GOLDEN / "prodigy.jsonl").read_text("utf-8").splitlines()]
    want = expected_pairs()
    seen: dict[str, set[tuple[str, str]]] = {}
    for t in tasks:
        for s in t["spans"]:
            assert t["text"][s["start"] : s["end"]] == s["text"]
        assert [(s["start"], s["end"], s["label"]) for s in t["spans"]] == sorted(
            (s["start"], s["end"], s["label"]) for s in t["spans"])
        seen.setdefault(t["meta"]["id"], set()).update((s["text"], s["label"]) for s in t["spans"])
        assert isinstance(t["_input_hash"], int) and -(2**31) <= t["_input_hash"] < 2**31
        assert isinstance(t["_task_hash"], int) and -(2**31) <= t["_task_hash"] < 2**31
    assert seen == want
    # one task per annotator: the two news-1 tasks share the input hash (same text), not the task hash
    n1 = [t for t in tasks if t["meta"]["id"] == "news-1"]
    assert [t["_annotator_id"] for t in n1] == ["alice", "bob"]
    assert n1[0]["_input_hash"] == n1[1]["_input_hash"] and n1[0]["_task_hash"] != n1[1]["_task_hash"]
    assert all(t["answer"] == "accept" for t in tasks)


def test_golden_w3c_selectors_agree_with_the_text() -> None:
    annos = [json.loads(x) for x in (GOLDEN / "w3c.jsonl").read_text("utf-8").splitlines()]
    docs = texts()
    got: dict[str, set[tuple[str, str]]] = {}
    for a in annos:
        assert a["@context"] == "http://www.w3.org/ns/anno.jsonld" and a["type"] == "Annotation"
        assert a["id"].startswith("urn:uuid:")
        text = docs[a["target"]["source"]]
        quote, pos = a["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and pos["type"] == "TextPositionSelector"
        s, e = pos["start"], pos["end"]
        assert text[s:e] == quote["exact"]
        assert quote["prefix"] == text[max(0, s - 32) : s] and quote["suffix"] == text[e : e + 32]
        tags = [b["value"] for b in a["body"] if b["purpose"] == "tagging"]
        got.setdefault(a["target"]["source"], set()).add((quote["exact"], tags[0]))
    assert got == {k: v for k, v in expected_pairs().items() if v}
    noted = [a for a in annos if len(a["body"]) == 2]
    assert [b["value"] for a in noted for b in a["body"] if b["purpose"] == "commenting"] == [
        "first line\nsecond [b]line[/b] <i>x</i> \\n literal\tand tab", "[/]", "why\n"]


def test_golden_csv_is_rfc4180_and_offsets_agree() -> None:
    raw = (GOLDEN / "spans.csv").read_bytes().decode("utf-8")
    assert raw.startswith("doc_id,start,end,label,text,note,annotator,status,created_at\r\n")
    assert raw.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    docs = texts()
    assert {(r["doc_id"], r["text"], r["label"]) for r in rows} == {
        (d, t, lb) for d, pairs in expected_pairs().items() for t, lb in pairs}
    for r in rows:
        assert docs[r["doc_id"]][int(r["start"]) : int(r["end"])] == r["text"]

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
    ("doccano", "doccano.relations.jsonl", "codepoint"), ("prodigy", "prodigy.jsonl", "codepoint"),
    ("w3c", "w3c.jsonl", "codepoint"), ("csv", "spans.csv", "codepoint"), ("labelstudio", "labelstudio.json", "codepoint"),
])  # fmt: skip
def test_export_matches_golden(filled: AnnotationStore, fmt: str, name: str, offsets: str) -> None:
    got = export_to_string(filled, fmt, offsets=offsets)
    assert got == (GOLDEN / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize(("name", "offsets"), [("doccano.jsonl", "codepoint"), ("doccano.utf16.jsonl", "utf16")])
def test_doccano_without_relations_keeps_the_label_shape(store: AnnotationStore, name: str, offsets: str) -> None:
    fill(store, relations=False)  # no relation in the database: the `label` shape doccano's plain projects read
    assert export_to_string(store, "doccano", offsets=offsets) == (GOLDEN / name).read_bytes().decode("utf-8")


def test_labelstudio_config_beside_the_export_matches_golden(filled: AnnotationStore, tmp_path: Path) -> None:
    export(filled, "labelstudio", tmp_path / "tasks.json")
    assert (tmp_path / "labelstudio-config.xml").read_bytes() == (GOLDEN / "labelstudio-config.xml").read_bytes()
    assert (tmp_path / "tasks.json").read_bytes() == (GOLDEN / "labelstudio.json").read_bytes()


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


def test_golden_doccano_relations_join_the_right_entities() -> None:
    lines = [json.loads(x) for x in (GOLDEN / "doccano.relations.jsonl").read_text("utf-8").splitlines()]
    by_id = {s.id: s for r in corpus() for s in r.spans}
    for line in lines:
        assert "label" not in line  # doccano's relation projects read entities + relations
        ents = {e["id"]: e for e in line["entities"]}
        assert {(line["text"][e["start_offset"] : e["end_offset"]], e["label"]) for e in ents.values()} == \
            expected_pairs()[line["id"]]
        got = sorted((r["type"], line["text"][ents[r["from_id"]]["start_offset"] : ents[r["from_id"]]["end_offset"]],
                      line["text"][ents[r["to_id"]]["start_offset"] : ents[r["to_id"]]["end_offset"]])
                     for r in line["relations"])  # fmt: skip
        want = sorted((r.label, by_id[r.head].text, by_id[r.tail].text) for rec in corpus() if rec.doc.id == line["id"]
                      for r in rec.relations)  # fmt: skip
        assert got == want


def test_golden_labelstudio_regions_agree_with_the_text_and_the_config() -> None:
    import xml.etree.ElementTree as ET

    tasks = json.loads((GOLDEN / "labelstudio.json").read_text("utf-8"))
    root = ET.fromstring((GOLDEN / "labelstudio-config.xml").read_text("utf-8"))
    names = {el.get("name"): el for el in root.iter() if el.get("name")}
    label_values = {el.get("value") for el in root.iter("Label")}
    relation_values = {el.get("value") for el in root.iter("Relation")}
    by_id = {s.id: s for r in corpus() for s in r.spans}
    got: dict[str, set[tuple[str, str]]] = {}
    for t in tasks:
        text = t["data"]["text"]
        assert text == texts()[t["data"]["doc_id"]]
        assert [a["completed_by"]["username"] for a in t["annotations"]] == sorted(
            {s.annotator for r in corpus() if r.doc.id == t["data"]["doc_id"] for s in r.spans})  # one per annotator
        for a in t["annotations"]:
            regions = set()
            for r in a["result"]:
                if r["type"] == "relation":
                    assert r["from_id"] in regions and r["to_id"] in regions and r["labels"][0] in relation_values
                    assert by_id[r["from_id"]].annotator == a["completed_by"]["username"]
                    continue
                assert names[r["from_name"]].get("toName") == r["to_name"] and r["to_name"] in names
                v = r["value"]
                assert by_id[r["id"]].start == v["start"] and by_id[r["id"]].end == v["end"]  # code points
                if r["type"] == "labels":
                    assert text[v["start"] : v["end"]] == v["text"] and v["labels"][0] in label_values
                    got.setdefault(t["data"]["doc_id"], set()).add((v["text"], v["labels"][0]))
                    regions.add(r["id"])
                else:
                    assert r["type"] == "textarea" and v["text"] == [by_id[r["id"]].note]
    assert got == {k: v for k, v in expected_pairs().items() if v}


def test_golden_w3c_selectors_agree_with_the_text() -> None:
    annos = [json.loads(x) for x in (GOLDEN / "w3c.jsonl").read_text("utf-8").splitlines()]
    docs = texts()
    got: dict[str, set[tuple[str, str]]] = {}
    links = [a for a in annos if a["motivation"] == "linking"]
    annos = [a for a in annos if a["motivation"] == "tagging"]
    for a in annos:
        assert a["@context"] == "http://www.w3.org/ns/anno.jsonld" and a["type"] == "Annotation"
        assert a["id"].startswith("urn:uuid:")
        assert a["target"]["source"].startswith("urn:tui-reader:doc:")  # an absolute IRI, not a bare id
        text = docs[a["target"]["source"].removeprefix("urn:tui-reader:doc:")]
        quote, pos = a["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and pos["type"] == "TextPositionSelector"
        s, e = pos["start"], pos["end"]
        assert text[s:e] == quote["exact"]
        assert quote["prefix"] == text[max(0, s - 32) : s] and quote["suffix"] == text[e : e + 32]
        tags = [b["value"] for b in a["body"] if b["purpose"] == "tagging"]
        got.setdefault(a["target"]["source"].removeprefix("urn:tui-reader:doc:"), set()).add((quote["exact"], tags[0]))
    assert got == {k: v for k, v in expected_pairs().items() if v}
    exact = {a["id"]: a["target"]["selector"][0]["exact"] for a in annos}
    by_id = {s.id: s for r in corpus() for s in r.spans}
    linked = sorted((b[0]["value"], exact[a["target"]], exact[b[1]["source"]]) for a in links for b in [a["body"]])
    assert linked == sorted((r.label, by_id[r.head].text, by_id[r.tail].text) for r in corpus()[0].relations)
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

"""export -> import into an empty database -> export gives the same output, for every format and both offset
units; what each format carries survives (labels with spaces included); importing twice adds nothing; and what
import does with other tools' files (doccano comments, Prodigy answers, W3C annotations that moved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formats_corpus import add_documents_only, corpus, fill
from tui_reader.exporting import Filters, export, export_to_string
from tui_reader.importing import detect_format, import_paths
from tui_reader.store import AnnotationStore

FILE_FORMATS = ("jsonl", "doccano", "prodigy", "w3c", "csv", "labelstudio", "spacy")
NEEDS_DOCS = ("w3c", "csv")
CODEPOINT_ONLY = ("w3c", "labelstudio", "spacy")
EXT = {"csv": ".csv", "labelstudio": ".json", "spacy": ".spacy"}
ALL_STATUSES = Filters(statuses=("accepted", "suggested", "rejected"))

# what each format carries, as span fields (doc id, offsets and label are carried by all)
CARRIED = {
    "jsonl": ("id", "note", "annotator", "status", "origin", "created_at", "updated_at", "attrs"),
    "doccano": ("note",),
    "prodigy": ("annotator", "status"),
    "brat": ("note",),
    "w3c": ("id", "note", "annotator", "created_at", "updated_at"),
    "csv": ("note", "annotator", "status", "created_at"),
    "labelstudio": ("id", "note", "annotator", "status"),
    "spacy": ("id", "note", "annotator", "status"),
}
# what each format carries of a relation (its two spans, as (start, end, label), are carried by all that have
# relations); prodigy and csv have none
RELATIONS_CARRIED: dict[str, tuple[str, ...]] = {
    "jsonl": ("id", "annotator", "status", "origin", "created_at", "updated_at"),
    "doccano": (),
    "brat": (),
    "w3c": ("id", "annotator", "created_at", "updated_at"),
    "labelstudio": ("annotator", "status"),
    "spacy": ("annotator", "status"),
}


def _out(tmp: Path, fmt: str, tag: str) -> Path:
    return tmp / (f"{tag}-{fmt}" + ("" if fmt == "brat" else EXT.get(fmt, ".jsonl")))


def _spans(store: AnnotationStore, fields: tuple[str, ...]) -> list[tuple[object, ...]]:
    return sorted((s.doc_id, s.start, s.end, s.label, s.text, *(getattr(s, f) for f in fields)) for s in store.spans())


def _relations(store: AnnotationStore, fields: tuple[str, ...]) -> list[tuple[object, ...]]:
    """Each relation as its two spans (doc, start, end, label), its label and the carried fields."""
    spans = {s.id: (s.doc_id, s.start, s.end, s.label) for s in store.spans()}
    return sorted((spans[r.head], spans[r.tail], r.label, *(getattr(r, f) for f in fields)) for r in store.relations())


ROUND_TRIPS = [(fmt, off) for fmt in (*FILE_FORMATS, "brat") for off in ("codepoint", "utf16")
               if off == "codepoint" or fmt not in CODEPOINT_ONLY]  # fmt: skip


@pytest.mark.parametrize(("fmt", "offsets"), ROUND_TRIPS)
def test_export_import_export_is_identical(tmp_path: Path, fmt: str, offsets: str) -> None:
    first, second = _out(tmp_path, fmt, "first"), _out(tmp_path, fmt, "second")
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        export(a, fmt, first, offsets=offsets)
        want = _spans(a, CARRIED[fmt])
        want_relations = _relations(a, RELATIONS_CARRIED.get(fmt, ()))
    with AnnotationStore(tmp_path / "b.db") as b:
        if fmt in NEEDS_DOCS:
            add_documents_only(b)
        rep = import_paths(b, [first], offsets=offsets)
        assert not rep.problems, rep.problems
        assert rep.spans == len(want)
        assert _spans(b, CARRIED[fmt]) == want  # every carried field, labels with spaces included
        assert {s.label for s in b.spans()} >= {"anonymous source", "my_label"}
        if fmt in RELATIONS_CARRIED:  # relations between the same spans, with what the format carries of them
            assert rep.relations == len(want_relations) == 3
            assert _relations(b, RELATIONS_CARRIED[fmt]) == want_relations
        else:
            assert not b.relations()
        export(b, fmt, second, offsets=offsets)
        again = import_paths(b, [first], offsets=offsets)  # importing the same export twice adds nothing
        assert again.spans == 0 and again.relations == 0 and not again.problems
        assert len(b.spans()) == len(want)
    if fmt == "brat":
        for p in sorted(first.iterdir()):
            assert (second / p.name).read_bytes() == p.read_bytes(), p.name
    else:
        assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("fmt", ["doccano", "prodigy", "brat", "csv"])
def test_export_imported_back_into_the_same_db_duplicates_nothing(tmp_path: Path, fmt: str) -> None:
    """These formats carry no span ids: the importer recognises spans it already has, and relations between them
    (which point at the stored spans, not at new ones)."""
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        before, relations = len(a.spans()), len(a.relations())
        export(a, fmt, _out(tmp_path, fmt, "x"))
        rep = import_paths(a, [_out(tmp_path, fmt, "x")])
        assert rep.spans == 0 and rep.relations == 0 and not rep.problems
        assert len(a.spans()) == before and len(a.relations()) == relations == 3


def test_statuses_survive_prodigy_and_csv(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        ids = [s.id for s in a.spans()]
        a.update_span(ids[0], status="suggested")
        a.update_span(ids[1], status="rejected")
        want = _spans(a, ("status",))
        for fmt in ("prodigy", "csv"):
            export(a, fmt, _out(tmp_path, fmt, "s"), filters=ALL_STATUSES)
    lines = [json.loads(x) for x in _out(tmp_path, "prodigy", "s").read_text("utf-8").splitlines()]
    assert {t.get("answer") for t in lines} == {"accept", "reject", None}  # suggested: not yet answered
    for fmt in ("prodigy", "csv"):
        with AnnotationStore(tmp_path / f"{fmt}.db") as b:
            add_documents_only(b)
            import_paths(b, [_out(tmp_path, fmt, "s")])
            assert _spans(b, ("status",)) == want


def test_format_is_detected_from_content(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        for fmt in (*FILE_FORMATS, "brat"):
            export(a, fmt, _out(tmp_path, fmt, "d"))
    for fmt in ("jsonl", "doccano", "prodigy", "w3c", "brat", "labelstudio"):
        assert detect_format(_out(tmp_path, fmt, "d")) == fmt


def test_doccano_utf16_import_and_foreign_comments(tmp_path: Path) -> None:
    text = "😀 Hello 👍 world"
    line = {"id": 7, "text": text, "label": [[3, 8, "greeting"], [12, 17, "thing"]],
            "Comments": ["12-17 thing: the world", "a comment about the whole example"]}  # fmt: skip
    f = tmp_path / "doccano.jsonl"
    f.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [f], offsets="utf16")
        assert not rep.problems
        assert [(x.text, x.label, x.note) for x in s.spans()] == [("Hello", "greeting", ""), ("world", "thing", "the world")]
        assert s.get_document("7").meta == {"comments": ["a comment about the whole example"]}
    with AnnotationStore(tmp_path / "b.db") as s:  # the same file read as code points: shifted, or out of range
        rep = import_paths(s, [f])
        assert [x.text for x in s.spans()] == ["ello "]
        assert [str(p) for p in rep.problems] == [f"{f}:1: label 2: offsets 12..17 out of range (text length 15)"]


def test_doccano_bad_label_entries_name_the_line(tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    f.write_text('{"text": "abc", "label": [[0, 1, "x"]]}\n{"text": "abcd", "label": [[0, 9, "x"], ["a", 1, "y"]]}\n')
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [f], fmt="doccano")
        assert len(s.spans()) == 1
    assert [str(p) for p in rep.problems] == [
        f"{f}:2: label 1: offsets 0..9 out of range (text length 4)",
        f'{f}:2: label 2: expected [start, end, "LABEL"]',
    ]


def test_utf16_offset_inside_a_surrogate_pair_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps({"text": "😀ab", "label": [[1, 3, "x"]]}) + "\n")
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [f], offsets="utf16")
        assert not s.spans()
    assert "splits a surrogate pair" in str(rep.problems[0])


def test_prodigy_from_prodigy_itself(tmp_path: Path) -> None:
    """A task as Prodigy writes it: no meta.id, an ignored task, a reject, token fields we do not need."""
    text = "Apple buys U.K. startup for $1 billion"
    tasks = [
        {"text": text, "spans": [{"start": 0, "end": 5, "label": "ORG", "token_start": 0, "token_end": 0}],
         "_input_hash": 1, "_task_hash": 2, "answer": "accept", "_annotator_id": "ds-alice", "_session_id": "ds-alice"},
        {"text": text, "spans": [{"start": 11, "end": 15, "label": "GPE"}], "answer": "reject"},
        {"text": text, "spans": [{"start": 28, "end": 38, "label": "MONEY"}], "answer": "ignore"},
        {"text": text, "spans": [{"start": 0, "end": 5, "label": "ORG", "text": "Apples"}], "answer": "accept"},
    ]  # fmt: skip
    f = tmp_path / "p.jsonl"
    f.write_text("".join(json.dumps(t) + "\n" for t in tasks))
    assert detect_format(f) == "prodigy"
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [f])
        assert s.count_documents() == 1  # same text, same document
        assert [(x.text, x.label, x.status, x.annotator) for x in s.spans()] == [
            ("Apple", "ORG", "accepted", "ds-alice"), ("U.K.", "GPE", "rejected", "")]
    assert [str(p) for p in rep.problems] == [
        f"{f}:4: span 1: text 'Apples' does not match the document at 0..5 ('Apple')"]


def test_prodigy_hashes_are_stable_and_depend_on_text_and_spans() -> None:
    from tui_reader.formats import prodigy

    rec = corpus()[1]
    a = prodigy.record_to_tasks(rec)[0]
    b = prodigy.record_to_tasks(rec)[0]
    assert (a["_input_hash"], a["_task_hash"]) == (b["_input_hash"], b["_task_hash"])
    assert a["_input_hash"] == prodigy.input_hash(rec.doc.text) == 305989634  # fixed across runs and machines
    rec.spans[0].label = "claim"
    c = prodigy.record_to_tasks(rec)[0]
    assert c["_input_hash"] == a["_input_hash"] and c["_task_hash"] != a["_task_hash"]


def test_w3c_needs_documents_and_names_the_missing_one(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        export(a, "w3c", tmp_path / "w.jsonl")
    with AnnotationStore(tmp_path / "b.db") as b:
        rep = import_paths(b, [tmp_path / "w.jsonl"])
        assert not b.spans()
    assert str(rep.problems[0]) == (f"{tmp_path / 'w.jsonl'}:1: document 'news-1' is not in the database "
                                    "(import its text first)")  # fmt: skip


def test_w3c_documents_and_annotations_in_one_import(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        export(a, "jsonl", tmp_path / "docs.jsonl", filters=Filters(statuses=("none",)))  # texts, no spans
        export(a, "w3c", tmp_path / "w.jsonl")
        want = _spans(a, CARRIED["w3c"])
    with AnnotationStore(tmp_path / "b.db") as b:
        rep = import_paths(b, [tmp_path / "docs.jsonl", tmp_path / "w.jsonl"])
        assert not rep.problems
        assert _spans(b, CARRIED["w3c"]) == want


def test_w3c_reanchors_by_quote_when_the_position_is_off(tmp_path: Path) -> None:
    text = "the cat sat. the cat ran. the dog sat."
    anno = {"type": "Annotation", "body": {"type": "TextualBody", "value": "animal", "purpose": "tagging"},
            "target": {"source": "d", "selector": [
                {"type": "TextQuoteSelector", "exact": "cat", "prefix": "sat. the ", "suffix": " ran"},
                {"type": "TextPositionSelector", "start": 0, "end": 3}]}}  # fmt: skip
    lost = json.loads(json.dumps(anno))
    lost["target"]["selector"][0]["exact"] = "bird"
    ambiguous = json.loads(json.dumps(anno))
    ambiguous["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "the", "prefix": "x", "suffix": "y"}]
    f = tmp_path / "w.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in (anno, lost, ambiguous)))
    with AnnotationStore(tmp_path / "a.db") as s:
        from tui_reader.models import Document

        s.add_document(Document(id="d", text=text))
        rep = import_paths(s, [f])
        assert [(x.start, x.end, x.text) for x in s.spans()] == [(17, 20, "cat")]  # the second cat, by its context
    assert [str(p) for p in rep.problems] == [
        f"{f}:2: quote 'bird' is not in the document (text changed?)",
        f"{f}:3: quote 'the' occurs 3 times and its prefix/suffix match none",
    ]


def test_csv_rows_checked_against_the_document(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("doc_id,start,end,label,text,note,annotator,status,created_at\r\n"
                 "news-2,0,1,x,A,,,accepted,\r\n"
                 "news-2,0,1,x,B,,,accepted,\r\n"
                 "nope,0,1,x,A,,,accepted,\r\n"
                 'news-2,0,"1",x,A,"multi\nline",,maybe,\r\n'
                 "news-2,a,1,x,A,,,accepted,\r\n", encoding="utf-8")  # fmt: skip
    with AnnotationStore(tmp_path / "a.db") as s:
        add_documents_only(s)
        rep = import_paths(s, [f])
        assert [(x.text, x.label) for x in s.spans()] == [("A", "x")]
    assert [str(p) for p in rep.problems] == [
        f"{f}:3: text 'B' does not match document 'news-2' at 0..1 ('A')",
        f"{f}:4: document 'nope' is not in the database (import its text first)",
        f"{f}:5: unknown status 'maybe'",
        f"{f}:7: start 'a' and end '1' must be integers",
    ]


def test_w3c_and_csv_leave_out_documents_without_spans(store: AnnotationStore) -> None:
    fill(store)
    assert "news-3" not in export_to_string(store, "w3c")
    assert "news-3" not in export_to_string(store, "csv")
    assert "news-3" in export_to_string(store, "doccano")  # a negative example for training


def test_csv_span_longer_than_the_csv_modules_field_limit(tmp_path: Path) -> None:
    from tui_reader.models import Document

    text = "word " * 60_000  # 300 000 characters, one span over all of it
    with AnnotationStore(tmp_path / "a.db") as a:
        a.add_document(Document(id="long", text=text))
        a.add_span("long", 0, len(text), "claim")
        export(a, "csv", tmp_path / "long.csv")
    with AnnotationStore(tmp_path / "b.db") as b:
        b.add_document(Document(id="long", text=text))
        rep = import_paths(b, [tmp_path / "long.csv"])
        assert not rep.problems
        assert [len(s.text) for s in b.spans()] == [len(text)]


@pytest.mark.parametrize("fmt", [*FILE_FORMATS, "brat"])
def test_seeds_corpus_round_trips(seeded: AnnotationStore, tmp_path: Path, fmt: str) -> None:
    """The five seed articles, with spans over each paragraph and across paragraph breaks, by two annotators."""
    from tui_reader.models import Span

    for doc_id in seeded.document_ids():
        doc = seeded.get_document(doc_id)
        text, spans = doc.text, []

        def add(a: int, b: int, label: str, **kw: str) -> None:
            spans.append(Span(doc_id=doc_id, start=a, end=b, label=label, text=text[a:b], **kw))  # noqa: B023

        starts = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]
        for k, (a, b) in enumerate(zip(starts, starts[1:], strict=False)):
            if b - 2 <= a + 1:
                continue
            add(a, b - 2, ("claim", "quote", "anonymous source")[k % 3], annotator="alice")
            if k % 4 == 0 and b + 10 < len(text):
                add(a + 1, b + 10, "statistic", annotator="bob", note=f"across {k}\nbreaks")
        seeded.import_records([(doc, spans, [], [])])
    first, second = _out(tmp_path, fmt, "first"), _out(tmp_path, fmt, "second")
    n = export(seeded, fmt, first)
    assert n == len(seeded.spans())
    with AnnotationStore(tmp_path / "b.db") as b:
        if fmt in NEEDS_DOCS:
            b.import_records((seeded.get_document(d), [], [], []) for d in seeded.document_ids())
        assert not import_paths(b, [first]).problems
        assert _spans(b, CARRIED[fmt]) == _spans(seeded, CARRIED[fmt])
        export(b, fmt, second)
    if fmt == "brat":
        assert all((second / p.name).read_bytes() == p.read_bytes() for p in first.iterdir())
    else:
        assert second.read_bytes() == first.read_bytes()


def test_w3c_source_is_a_urn_for_any_id_and_old_bare_ids_still_import(tmp_path: Path) -> None:
    from tui_reader.formats import w3c
    from tui_reader.models import Document

    odd = "dir/a b#c?é%"
    assert w3c.document_iri(odd) == "urn:tui-reader:doc:dir/a%20b%23c%3F%C3%A9%25"  # RFC 8141: no space, # or ?
    assert w3c.document_key(w3c.document_iri(odd)) == odd
    with AnnotationStore(tmp_path / "a.db") as a:
        a.add_document(Document(id=odd, text="Hello odd world"))
        a.add_span(odd, 6, 9, "x")
        export(a, "w3c", tmp_path / "w.jsonl")
    line = json.loads((tmp_path / "w.jsonl").read_text("utf-8"))
    assert line["target"]["source"] == w3c.document_iri(odd)
    old = dict(line, target=dict(line["target"], source=odd))  # what earlier versions wrote: the bare id
    (tmp_path / "old.jsonl").write_text(json.dumps(old) + "\n", encoding="utf-8")
    for f in ("w.jsonl", "old.jsonl"):
        with AnnotationStore(tmp_path / f"{f}.db") as b:
            b.add_document(Document(id=odd, text="Hello odd world"))
            rep = import_paths(b, [tmp_path / f])
            assert not rep.problems and [s.text for s in b.spans()] == ["odd"]


def test_w3c_linking_annotations_that_point_nowhere_are_reported(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        export(a, "w3c", tmp_path / "w.jsonl")
    lines = (tmp_path / "w.jsonl").read_text("utf-8").splitlines()
    link = json.loads(lines[9])
    assert link["motivation"] == "linking"
    lines[9] = json.dumps(dict(link, target="urn:uuid:00000000-0000-7000-8000-000000000099"))
    lines[10] = json.dumps({k: v for k, v in json.loads(lines[10]).items() if k != "body"})
    (tmp_path / "w.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with AnnotationStore(tmp_path / "b.db") as b:
        add_documents_only(b)
        rep = import_paths(b, [tmp_path / "w.jsonl"])
        assert rep.spans == 10 and rep.relations == 1
    f = tmp_path / "w.jsonl"
    assert [str(p) for p in rep.problems] == [
        f"{f}:10: links 'urn:uuid:00000000-0000-7000-8000-000000000099', which is not a span annotation earlier "
        "in this file",
        f'{f}:11: a linking annotation needs a body with purpose "tagging" (the relation type)',
    ]


def test_doccano_relations_from_doccano_and_bad_ones_reported(tmp_path: Path) -> None:
    """A line as doccano's relation projects export it (integer ids, entities/relations), and broken relations."""
    text = "Sources said the deal is off."
    line = {"id": 3, "text": text,
            "entities": [{"id": 11, "start_offset": 0, "end_offset": 7, "label": "anonymous source"},
                         {"id": 12, "start_offset": 13, "end_offset": 28, "label": "claim"}],
            "relations": [{"id": 5, "from_id": 12, "to_id": 11, "type": "attributed to"},
                          {"id": 6, "from_id": 12, "to_id": 99, "type": "attributed to"},
                          {"id": 7, "from_id": 12, "to_id": 11},
                          {"id": 8, "from_id": 11, "to_id": 11, "type": "x"}], "Comments": []}  # fmt: skip
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert detect_format(f) == "doccano"
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [f])
        by_id = {x.id: x.text for x in s.spans()}
        assert [(by_id[r.head], by_id[r.tail], r.label) for r in s.relations()] == [
            ("the deal is off", "Sources", "attributed to")]
    assert [str(p) for p in rep.problems] == [
        f'{f}:1: relation 2: "to_id" 99 is not the id of an entity of this line; skipped',
        f'{f}:1: relation 3: "type" must be a non-empty string; skipped',
        f"{f}:1: relation 4: from_id and to_id are the same entity; skipped",
    ]


def test_labelstudio_relation_across_annotators_is_left_out_with_a_warning(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        alice_quote = next(s for s in a.spans() if s.label == "quote" and s.annotator == "alice")
        bob_source = next(s for s in a.spans() if s.label == "anonymous source" and s.annotator == "bob")
        a.add_relation(alice_quote.id, bob_source.id, "attributed to", annotator="alice")
        warnings: list[str] = []
        export(a, "labelstudio", tmp_path / "t.json", warn=warnings.append)
    tasks = json.loads((tmp_path / "t.json").read_text("utf-8"))
    rels = [(r["from_id"], r["to_id"]) for t in tasks for an in t["annotations"] for r in an["result"]
            if r["type"] == "relation"]  # fmt: skip
    assert len(rels) == 3 and (alice_quote.id, bob_source.id) not in rels
    assert warnings == ["labelstudio: 1 relations join spans of two annotators (or of an accepted and a suggested "
                        "span) and were left out: a Label Studio relation joins regions of one annotation"]  # fmt: skip


def test_labelstudio_tasks_as_json_lines_are_detected_and_imported(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as a:
        fill(a)
        tasks = json.loads(export_to_string(a, "labelstudio"))
        want = _spans(a, CARRIED["labelstudio"])
    f = tmp_path / "tasks.jsonl"
    f.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    assert detect_format(f) == "labelstudio"
    with AnnotationStore(tmp_path / "b.db") as b:
        rep = import_paths(b, [f])
        assert not rep.problems and rep.relations == 3
        assert _spans(b, CARRIED["labelstudio"]) == want


def test_labelstudio_bad_files_are_one_problem_each(tmp_path: Path) -> None:
    empty, broken = tmp_path / "empty.json", tmp_path / "broken.json"
    empty.write_text("[]\n")
    broken.write_text('[{"data": {"text": "x"}, ')
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [empty, broken])
        assert s.count_documents() == 0
    assert [str(p) for p in rep.problems] == [
        f"{empty}: no tasks (an empty JSON array)",
        f"{broken}: not a JSON array of Label Studio tasks (Expecting property name enclosed in double quotes: "
        "line 1 column 26 (char 25))",
    ]

"""brat: the folder parsed back by a minimal standoff reader written here (not the module's reader), the label
mapping with and without tui-reader's annotation.conf, note escaping, and what import refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formats_corpus import FLAG, corpus, fill
from tui_reader.exporting import export
from tui_reader.formats import brat
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore

RELATION_LINE = re.compile(r"R[1-9][0-9]*\t[^\s]+ Arg1:T[1-9][0-9]* Arg2:T[1-9][0-9]*")  # brat standoff's R grammar


def minimal_brat_reader(folder: Path, relations: dict[str, list[tuple[str, str, str]]] | None = None,
                        ) -> dict[str, list[tuple[str, list[tuple[int, int]], str, str]]]:  # fmt: skip
    """Per document: (type, fragments, covered text, note) of every T line, checked against the .txt as brat does:
    the covered text must equal the fragments' texts joined by one space. R lines (`R1<TAB>TYPE Arg1:T1 Arg2:T2`,
    both ends T lines of the same file) go to `relations[doc]` as (type, Arg1's covered text, Arg2's)."""
    out = {}
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_bytes().decode("utf-8")
        notes = {}
        spans = []
        rels = []
        for line in (folder / (txt.stem + ".ann")).read_bytes().decode("utf-8").split("\n"):
            if not line:
                continue
            fields = line.split("\t")
            if line.startswith("#"):
                assert len(fields) == 3 and fields[1].startswith("AnnotatorNotes T")
                notes[fields[1].split(" ")[1]] = fields[2]
                continue
            if line.startswith("R"):
                assert RELATION_LINE.fullmatch(line), line
                rtype, arg1, arg2 = fields[1].split(" ")
                rels.append((rtype, arg1[len("Arg1:"):], arg2[len("Arg2:"):]))
                continue
            assert line.startswith("T") and len(fields) == 3, line
            ttype, locs = fields[1].split(" ", 1)
            assert " " not in ttype
            frags = [(int(a), int(b)) for a, b in (loc.split(" ") for loc in locs.split(";"))]
            assert fields[2] == " ".join(text[a:b] for a, b in frags), line
            spans.append((fields[0], ttype, frags, fields[2]))
        out[txt.stem] = [(t, f, c, notes.get(tid, "")) for tid, t, f, c in spans]
        covered = {tid: c for tid, _, _, c in spans}
        assert all(a in covered and b in covered for _, a, b in rels), "an R line names a T line the file lacks"
        if relations is not None:
            relations[txt.stem] = [(t, covered[a], covered[b]) for t, a, b in rels]
    return out


def test_independent_reader_agrees_with_the_corpus(store: AnnotationStore, tmp_path: Path) -> None:
    fill(store)
    export(store, "brat", tmp_path / "b")
    parsed = minimal_brat_reader(tmp_path / "b")
    for rec in corpus():
        assert (tmp_path / "b" / f"{rec.doc.id}.txt").read_text("utf-8") == rec.doc.text  # the stored text exactly
        want = sorted((s.label.replace(" ", "_"), s.text.replace("\n", " ")) for s in rec.spans)
        got = sorted((t, c) for t, _, c, _ in parsed[rec.doc.id])
        assert got == want
        for _, frags, _, _ in parsed[rec.doc.id]:  # no fragment ever holds a line break
            assert all("\n" not in rec.doc.text[a:b] for a, b in frags)
    flag_claim = [x for x in parsed["news-1"] if x[0] == "claim" and len(x[1]) == 2]
    start = corpus()[0].doc.text.index(FLAG)
    assert flag_claim[0][1] == [(start, start + 3), (start + 4, start + 9)]  # "🇫🇷." | \n | "Café"
    notes = {c: n for _, _, c, n in parsed["news-1"] if n}
    assert notes == {"« Nous gagnerons »": "first line\\nsecond [b]line[/b] <i>x</i> \\\\n literal\\tand tab",
                     "42%": "[/]"}  # fmt: skip


def test_annotation_conf_lists_types_and_allows_overlap(store: AnnotationStore, tmp_path: Path) -> None:
    fill(store)
    export(store, "brat", tmp_path / "b")
    conf = (tmp_path / "b" / "annotation.conf").read_text("utf-8").split("\n")
    ents = conf[conf.index("[entities]") + 1 : conf.index("[relations]")]
    assert [e for e in ents if e] == ["anonymous_source", "claim", "my_label", "quote", "statistic"]
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in conf
    assert "[events]" in conf and "[attributes]" in conf
    rels = conf[conf.index("[relations]") + 1 : conf.index("[events]")]
    # each relation type, with the entity types its heads (Arg1) and tails (Arg2) have in this export
    assert [r for r in rels if r and not r.startswith(("#", "<OVERLAP>"))] == [
        "attributed_to\tArg1:quote|statistic, Arg2:anonymous_source", "cites\tArg1:claim, Arg2:statistic"]
    assert '# tui-reader-label\tattributed_to\t"attributed to"' in conf


def test_relations_are_r_lines_between_the_right_spans_and_come_back(store: AnnotationStore, tmp_path: Path) -> None:
    fill(store)
    export(store, "brat", tmp_path / "b")
    rels: dict[str, list[tuple[str, str, str]]] = {}
    minimal_brat_reader(tmp_path / "b", rels)
    by_id = {s.id: s for r in corpus() for s in r.spans}
    want = sorted((r.label.replace(" ", "_"), by_id[r.head].text, by_id[r.tail].text) for r in corpus()[0].relations)
    assert sorted(rels["news-1"]) == want and rels["news-2"] == []
    with AnnotationStore(tmp_path / "c.db") as c:
        assert not import_paths(c, [tmp_path / "b"]).problems
        spans = {s.id: s for s in c.spans()}
        got = sorted((r.label, spans[r.head].text, spans[r.tail].text) for r in c.relations())
        assert got == sorted((r.label, by_id[r.head].text, by_id[r.tail].text) for r in corpus()[0].relations)


def test_bad_relation_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    b = tmp_path / "b"
    b.mkdir()
    (b / "d.txt").write_text("Hello brat world\n", encoding="utf-8")
    (b / "d.ann").write_text("T1\tx 0 5\tHello\nT2\tx 11 16\tworld\nR1\tr Arg1:T1 Arg2:T2\nR2\tr Arg1:T1 Arg2:T9\n"
                             "R3\tr Arg1:T1\nR4\tr Arg1:T1 Arg2:T1\nR5\tr Arg1:T1 Arg2:T2\n", encoding="utf-8")  # fmt: skip
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [b])
        assert [(r.label, r.head != r.tail) for r in s.relations()] == [("r", True)]
    ann = b / "d.ann"
    assert [str(p) for p in rep.problems] == [
        f"{ann}:4: R2 points at T9, which is not a text annotation here; skipped",
        f"{ann}:5: R3: expected R<n><TAB>TYPE Arg1:T<n> Arg2:T<n>; skipped",
        f"{ann}:6: R4: Arg1 and Arg2 are the same annotation; skipped",
        f"{ann}:7: R5 repeats a relation of an earlier line; skipped",
    ]


def test_labels_come_back_exactly_with_conf_and_by_rule_without(store: AnnotationStore, tmp_path: Path) -> None:
    fill(store)
    export(store, "brat", tmp_path / "b")
    with AnnotationStore(tmp_path / "one.db") as s1:
        assert not import_paths(s1, [tmp_path / "b"]).problems
        assert {s.label for s in s1.spans()} == {"claim", "quote", "statistic", "anonymous source", "my_label"}
    (tmp_path / "b" / "annotation.conf").unlink()  # a folder from brat itself: "_" reads back as a space
    with AnnotationStore(tmp_path / "two.db") as s2:
        assert not import_paths(s2, [tmp_path / "b"]).problems
        assert {s.label for s in s2.spans()} == {"claim", "quote", "statistic", "anonymous source", "my label"}


def test_colliding_types_are_kept_apart(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as s:
        s.import_records([(corpus()[1].doc, [], [], [])])
        s.add_span("news-2", 0, 1, "a b")
        s.add_span("news-2", 2, 7, "a_b")
        export(s, "brat", tmp_path / "b")
    assert sorted(t for t, *_ in minimal_brat_reader(tmp_path / "b")["news-2"]) == ["a_b", "a_b_2"]
    with AnnotationStore(tmp_path / "c.db") as s:
        import_paths(s, [tmp_path / "b"])
        assert sorted(x.label for x in s.spans()) == ["a b", "a_b"]


@pytest.mark.parametrize("note", ["a\nb", "tab\there", "back\\slash \\n", "line\u2028sep", "\\u2028 literal", ""])
def test_note_escaping_round_trips(note: str) -> None:
    escaped = brat.escape_note(note)
    assert not any(ch in escaped for ch in "\n\t\u2028")
    assert brat.unescape_note(escaped) == note


def test_span_edges_on_line_breaks_are_trimmed_and_line_only_spans_left_out(tmp_path: Path) -> None:
    text = "one\n\ntwo\n"
    with AnnotationStore(tmp_path / "a.db") as s:
        from tui_reader.models import Document

        s.add_document(Document(id="d", text=text))
        s.add_span("d", 2, 7, "x")  # "e\n\ntw"
        s.add_span("d", 3, 9, "y")  # "\n\ntwo\n": brat keeps "two"
        s.add_span("d", 3, 5, "z")  # only line breaks: cannot be written
        assert export(s, "brat", tmp_path / "b") == 2
    assert (tmp_path / "b" / "d.ann").read_text("utf-8") == "T1\tx 2 3;5 7\te tw\nT2\ty 5 8\ttwo\n"
    with AnnotationStore(tmp_path / "c.db") as s:
        import_paths(s, [tmp_path / "b"])
        assert [(x.start, x.end, x.label, x.text) for x in s.spans()] == [(2, 7, "x", "e\n\ntw"), (5, 8, "y", "two")]


def test_import_problems_name_file_and_line(tmp_path: Path) -> None:
    b = tmp_path / "b"
    b.mkdir()
    (b / "d.txt").write_text("Hello brat world\n", encoding="utf-8")
    (b / "d.ann").write_text("T1\tx 0 5\tHello\nT2\tx 0 5\tWrong\nT3\tx 0 99\tHello\nT4\tx 0 5;11 16\tHello world\n"
                             "T5\tx 0 5\n#1\tAnnotatorNotes T9\tlost\n", encoding="utf-8")  # fmt: skip
    with AnnotationStore(tmp_path / "a.db") as s:
        rep = import_paths(s, [b])
        assert [(x.start, x.end) for x in s.spans()] == [(0, 5), (0, 5)]  # T1, and T5 (no text column)
    msgs = [str(p) for p in rep.problems]
    assert any(m.startswith(f"{b / 'd.ann'}:2: T2: text 'Wrong'") for m in msgs)
    assert any(f"{b / 'd.ann'}:3: T3: offsets 0..99 out of range" in m for m in msgs)
    assert any(f"{b / 'd.ann'}:4: T4: discontinuous span (0 5;11 16, with ' brat ' between" in m for m in msgs)
    assert any(f"{b / 'd.ann'}:6: note for T9" in m for m in msgs)


def test_writes_leave_no_temp_files_and_refuse_a_file(store: AnnotationStore, tmp_path: Path) -> None:
    fill(store)
    export(store, "brat", tmp_path / "b")
    export(store, "brat", tmp_path / "b")  # again over the same folder: files replaced
    assert not [p for p in (tmp_path / "b").iterdir() if p.name.startswith(".")]
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValueError, match="writes a folder"):
        export(store, "brat", tmp_path / "f")


def test_unsafe_document_ids_become_safe_file_names() -> None:
    used: set[str] = set()
    assert [brat.file_stem(i, used) for i in ("a/b", "..", ".x", "a_b", "a\x00b")] == [
        "a_b", "_.", "_x", "a_b_2", "a_b_3"]

"""A big plain UTF-8 text file is imported in pieces (importing.STREAM_BYTES, store.add_document_from_file),
never whole in memory: what is stored must be exactly what the whole-file path stores, and exports byte-exact.
(The memory figures are bench/bench_import_peak.py's.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_big_document import SMALL, big_prefix
from tui_reader import importing, importing_big
from tui_reader.exporting import export
from tui_reader.store import AnnotationStore
from tui_reader.store.rows import DOC_TEXT

TEXT = "Council approves €3bn budget 🙂\n\n" + big_prefix(60_000) + SMALL + "\n🇫🇷 end 👨\u200d👩\u200d👧"


def stored(db: Path) -> list[tuple[object, ...]]:
    """Each document as the store reads it back (a text imported in pieces is kept in `body`, m012_text_body):
    the text a str by every reader, whole, compactly and by its head."""
    with AnnotationStore(db) as store:
        rows = list(store.conn.execute(
            f"SELECT id, title, source, {DOC_TEXT}, typeof({DOC_TEXT}), length({DOC_TEXT}), sha256, meta "
            "FROM documents ORDER BY id"))  # fmt: skip
        for row in rows:
            doc, compact = store.get_document(str(row[0])), store.get_document_compact(str(row[0]))
            head = store.document_head(str(row[0]), 4096)
            assert type(doc.text) is str and doc.text == row[3] == str(compact.text)
            assert doc.text.startswith(head.text) and head.size == len(doc.text.encode("utf-8"))
            assert store.document_lengths()[row[0]] == len(doc.text)
        return rows


def import_into(db: Path, *paths: Path) -> importing.ImportReport:
    with AnnotationStore(db) as store:
        return importing.import_paths(store, list(paths))


@pytest.fixture
def pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files over 1 KB take the in-pieces path (8 MiB by default), read 1 KB at a time: the tests stay small
    and a piece boundary falls inside multi-byte characters and emoji sequences."""
    monkeypatch.setattr(importing, "STREAM_BYTES", 1000)
    monkeypatch.setattr(importing_big, "_PIECE", 1000)


def test_a_big_emoji_text_imported_in_pieces_is_stored_and_exported_exactly_as_a_whole(
    tmp_path: Path, pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "article.txt"
    src.write_text(TEXT, encoding="utf-8")
    calls: list[int] = []
    real = AnnotationStore.add_document_from_file

    def counted(self, *a, **kw):  # type: ignore[no-untyped-def]
        calls.append(kw["size"])
        return real(self, *a, **kw)

    monkeypatch.setattr(AnnotationStore, "add_document_from_file", counted)
    streamed = tmp_path / "streamed.db"
    report = import_into(streamed, src)
    assert (report.added, report.problems, calls) == (["article"], [], [len(TEXT.encode("utf-8"))])
    monkeypatch.setattr(importing, "STREAM_BYTES", 1 << 30)
    whole = tmp_path / "whole.db"
    import_into(whole, src)
    assert len(calls) == 1  # the second went the whole-file way
    a, b = stored(streamed), stored(whole)
    assert a == b
    assert a[0][3] == TEXT and a[0][4] == "text" and a[0][5] == len(TEXT)
    assert a[0][1] == "Council approves €3bn budget 🙂"
    with AnnotationStore(streamed) as store:
        doc = store.get_document("article")
        start = doc.text.index("👨")
        assert store.add_span("article", start, start + 5, "quote", annotator="t").text == TEXT[start : start + 5]
        export(store, "jsonl", tmp_path / "a.jsonl")
        export(store, "brat", tmp_path / "brat")
    with AnnotationStore(whole) as store:
        store.add_span("article", start, start + 5, "quote", annotator="t")
        export(store, "jsonl", tmp_path / "b.jsonl")
    assert (tmp_path / "brat" / "article.txt").read_bytes() == src.read_bytes()

    def exported(name: str) -> list[object]:
        (doc,) = [json.loads(line) for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()]
        return [doc["text"], doc["sha256"], doc["title"], [(s["start"], s["end"], s["text"]) for s in doc["spans"]]]

    assert exported("a.jsonl") == exported("b.jsonl") == [TEXT, a[0][6], a[0][1], [(start, start + 5, "👨‍👩‍👧")]]
    assert import_into(streamed, src).unchanged == ["article"]


def test_crlf_bom_and_files_the_pieces_path_does_not_take_import_as_before(tmp_path: Path, pieces: None) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    bad = tmp_path / "bad.txt"
    good = TEXT.encode("utf-8")
    bad.write_bytes(good[:5000] + b"\xc3(" + good[5000:])
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\u00a0" * 2000, encoding="utf-8")
    db = tmp_path / "a.db"
    report = import_into(db, crlf, bom, bad, blank)
    assert sorted(report.added) == ["bom", "crlf"]
    with AnnotationStore(db) as store:  # CR LF and a BOM: normalised piece by piece into `body`
        assert store.conn.execute("SELECT id, typeof(body) FROM documents ORDER BY id").fetchall() == [
            ("bom", "blob"), ("crlf", "blob")]  # fmt: skip
    assert [(Path(p.path).name, p.reason) for p in report.problems] == [
        ("bad.txt", "not UTF-8 (invalid byte 0xc3 at byte offset 5000)"),
        ("blank.txt", "empty file (only whitespace)"),
    ]
    with AnnotationStore(db) as store:
        assert store.get_document("crlf").text == TEXT == store.get_document("bom").text


def test_an_edited_big_source_is_re_anchored_and_one_changing_while_imported_is_refused(
    tmp_path: Path, pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "article.txt"
    src.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "a.db"
    import_into(db, src)
    start = TEXT.index("Zoë")
    with AnnotationStore(db) as store:
        store.add_span("article", start, start + 3, "claim", annotator="t")
    src.write_text("A new first line.\n\n" + TEXT, encoding="utf-8")
    report = import_into(db, src)
    assert report.updated == ["article"] and not report.problems
    with AnnotationStore(db) as store:
        (span,) = store.spans("article")
        assert (span.start, span.text) == (start + len("A new first line.\n\n"), "Zoë")

    other = tmp_path / "other.txt"
    other.write_text(TEXT + " more", encoding="utf-8")
    real = importing._scan_plain_utf8

    def then_changed(path: Path):  # type: ignore[no-untyped-def]
        scan = real(path)
        path.write_text(TEXT + " MORE", encoding="utf-8")  # same size, other bytes
        return scan

    monkeypatch.setattr(importing, "_scan_plain_utf8", then_changed)
    report = import_into(db, other)
    assert [p.reason for p in report.problems] == [f"{other}: the file changed while it was imported; not imported"]
    with AnnotationStore(db) as store:
        assert store.document_ids() == ["article"]


def test_an_article_over_the_streaming_threshold_reads_exports_and_merges_as_the_same_text(tmp_path: Path) -> None:
    """Over importing.STREAM_BYTES (8 MiB) the file is imported in pieces into `body` (m012_text_body, so SQLite
    never holds it whole): every reader gives back the same str as the whole-file path, exports are
    byte-identical, a merge carries it, and the text is the same after the source is edited."""
    text = TEXT + (big_prefix(1 << 20) + "\n") * 9
    assert len(text.encode("utf-8")) > importing.STREAM_BYTES
    src = tmp_path / "article.txt"
    src.write_text(text, encoding="utf-8")
    streamed, whole, merged = tmp_path / "streamed.db", tmp_path / "whole.db", tmp_path / "merged.db"
    import_into(streamed, src)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(importing, "STREAM_BYTES", 1 << 40)
        import_into(whole, src)
    with AnnotationStore(streamed) as store:  # stored as bytes in `body`, read back as TEXT
        assert store.conn.execute("SELECT typeof(body), text FROM documents").fetchone() == ("blob", "")
    a, b = stored(streamed), stored(whole)
    assert a == b and a[0][3] == text and a[0][4] == "text"
    with AnnotationStore(streamed) as store:
        start = text.index("👨")
        store.add_span("article", start, start + 5, "quote", annotator="t")
        export(store, "jsonl", tmp_path / "streamed.jsonl")
    with AnnotationStore(merged) as store:  # a merge carries it into `text`: the same rows, the same export
        store.merge_from(streamed)
        assert store.get_document("article").text == text
        export(store, "jsonl", tmp_path / "merged.jsonl")
    assert (tmp_path / "streamed.jsonl").read_bytes() == (tmp_path / "merged.jsonl").read_bytes()
    record = json.loads((tmp_path / "streamed.jsonl").read_text(encoding="utf-8"))
    assert record["text"] == text and record["spans"][0]["text"] == "👨‍👩‍👧"
    src.write_text("Edited. " + text, encoding="utf-8")  # the source edited: its text replaced, `body` cleared
    import_into(streamed, src)
    with AnnotationStore(streamed) as store:
        assert store.get_document("article").text == "Edited. " + text
        assert store.conn.execute("SELECT typeof(body) FROM documents").fetchone() == ("null",)
        assert [(sp.start, sp.text) for sp in store.spans("article")] == [(start + 8, text[start : start + 5])]


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 64])
def test_line_ends_bom_and_characters_cut_by_pieces_are_stored_as_by_the_whole_file_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """Generated texts with CR LF, lone CR, CR CR LF, a BOM, multi-byte characters: with tiny pieces every
    boundary falls between a CR and its LF and inside characters somewhere; the pieces path stores the same
    text, sha256 and title as the whole-file path, and re-importing is "unchanged"."""
    import random

    rng = random.Random(piece)
    atoms = ["a", "Zoë ", "€", "🙂", "\r\n", "\r", "\n", "\r\r\n", "\n\r", " ", "e\u0301", "中文"]
    monkeypatch.setattr(importing_big, "_PIECE", piece)
    files = []
    for i in range(12):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(5, 60))) + rng.choice(["", "\r", "\r\n", "x"])
        data = ("\ufeff" if i % 3 == 0 else "").encode("utf-8") + ("T" + text).encode("utf-8")
        (tmp_path / f"t{i}.txt").write_bytes(data)
        files.append(tmp_path / f"t{i}.txt")
    monkeypatch.setattr(importing, "STREAM_BYTES", 0)
    report = import_into(tmp_path / "streamed.db", *files)
    assert (len(report.added), report.problems) == (12, [])
    with AnnotationStore(tmp_path / "streamed.db") as store:  # all of them went the pieces way
        assert {r[0] for r in store.conn.execute("SELECT typeof(body) FROM documents")} == {"blob"}
    assert import_into(tmp_path / "streamed.db", *files).unchanged == [f.stem for f in files]
    monkeypatch.setattr(importing, "STREAM_BYTES", 1 << 40)
    import_into(tmp_path / "whole.db", *files)
    assert stored(tmp_path / "streamed.db") == stored(tmp_path / "whole.db")


def test_a_crlf_article_over_the_threshold_is_imported_in_pieces_and_exports_as_the_whole_file_path(
    tmp_path: Path,
) -> None:
    text = TEXT + (big_prefix(1 << 20) + "\n") * 9
    data = text.replace("\n", "\r\n").encode("utf-8")
    assert len(data) > importing.STREAM_BYTES and data.count(b"\r\n") > 100
    src = tmp_path / "article.txt"
    src.write_bytes(data)
    streamed, whole = tmp_path / "streamed.db", tmp_path / "whole.db"
    import_into(streamed, src)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(importing, "STREAM_BYTES", 1 << 40)
        import_into(whole, src)
    with AnnotationStore(streamed) as store:  # in pieces: into `body`
        assert store.conn.execute("SELECT typeof(body), text FROM documents").fetchone() == ("blob", "")
    a, b = stored(streamed), stored(whole)
    assert a == b and a[0][3] == text
    for db, out in ((streamed, "s.jsonl"), (whole, "w.jsonl")):
        with AnnotationStore(db) as store:
            export(store, "jsonl", tmp_path / out)
    s_rec, w_rec = (json.loads((tmp_path / n).read_bytes()) for n in ("s.jsonl", "w.jsonl"))
    assert s_rec.pop("added_at") and w_rec.pop("added_at")  # the time of each import
    assert s_rec == w_rec and s_rec["text"] == text
    assert import_into(streamed, src).unchanged == ["article"]

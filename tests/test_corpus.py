"""Reading files: decoding, normalisation, per-file problems, idempotent import."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.corpus import DecodeError, decode, normalise
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore


def test_normalise_drops_bom_and_unifies_line_ends() -> None:
    assert normalise("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"abc\x00def", "binary file (NUL byte at byte offset 3)"),
        (b"caf\xe9 au lait", "not UTF-8 (invalid byte 0xe9 at byte offset 3)"),
    ],
)
def test_decode_reasons(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as e:
        decode(data)
    assert str(e.value).startswith(reason)


def test_decode_utf16_with_bom() -> None:
    assert decode("hé\r\nllo".encode("utf-16")) == "hé\nllo"


def test_import_reports_each_bad_file_and_imports_the_rest(tmp_path: Path, store: AnnotationStore) -> None:
    (tmp_path / "good.txt").write_text("A good article.\n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("naïve".encode("latin-1"))
    report = import_paths(store, [tmp_path])
    assert report.added == ["good"]
    msgs = sorted(str(p) for p in report.problems)
    assert len(msgs) == 3
    assert any("bin.txt" in m and "binary" in m for m in msgs)
    assert any("empty.md" in m and "empty" in m for m in msgs)
    assert any("latin1.txt" in m and "not UTF-8" in m and "byte offset 2" in m for m in msgs)


def test_crlf_bom_emoji_offsets_after_import(tmp_path: Path, store: AnnotationStore) -> None:
    f = tmp_path / "e.txt"
    f.write_bytes("\ufeffHi 😀\r\nthere 🇫🇷 e\u0301\r\n".encode())
    import_paths(store, [f])
    text = store.document_text("e")
    assert text == "Hi 😀\nthere 🇫🇷 e\u0301\n"
    start = text.index("there")
    span = store.add_span("e", start, start + 5, "claim")
    assert (span.start, span.end) == (5, 10)  # the emoji counts as one code point
    assert text[span.start : span.end] == "there"


def test_reimport_is_idempotent(tmp_path: Path, store: AnnotationStore) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Same text.\n")
    first = import_paths(store, [f])
    second = import_paths(store, [f])
    assert first.added == ["a"] and second.unchanged == ["a"] and second.added == []
    assert store.count_documents() == 1


def test_folders_are_recursive_and_sorted(tmp_path: Path, store: AnnotationStore) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "b" / "a.md").write_text("a")
    (tmp_path / "c.txt").write_text("c")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("h")
    report = import_paths(store, [tmp_path])
    assert report.doc_ids == ["a", "z", "c"]  # paths sorted: b/a.md, b/z.txt, c.txt
    assert not report.problems


def test_a_second_bom_is_text_and_survives_export_and_reimport(tmp_path: Path, store: AnnotationStore) -> None:
    from tui_reader.exporting import export

    f = tmp_path / "b.txt"
    f.write_bytes("\ufeff\ufeffHi".encode())  # the file's BOM, then a U+FEFF that is part of the text
    import_paths(store, [f])
    assert store.document_text("b") == "\ufeffHi"
    out = tmp_path / "b.jsonl"
    export(store, "jsonl", out)
    with AnnotationStore(tmp_path / "again.db") as again:
        import_paths(again, [out])
        assert again.document_text("b") == "\ufeffHi"

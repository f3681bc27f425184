"""Opening a file again: an unchanged file is recognised (whatever its line endings or BOM), a changed one
updates its document, a copy under another name is its own document, the order given is kept. (Re-opening
takes a fast path that hashes the bytes without decoding them when there is nothing to normalise.)"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tui_reader import importing
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore

TEXT = "“Prices rose,” said Zoë 🙂.\n\nSecond paragraph 🇫🇷.\n"


@pytest.mark.parametrize("raw", [TEXT.encode(), TEXT.replace("\n", "\r\n").encode(), b"\xef\xbb\xbf" + TEXT.encode(),
                                 TEXT.encode("utf-16")], ids=["plain", "crlf", "bom", "utf16"])  # fmt: skip
def test_an_unchanged_file_opens_the_stored_document(tmp_path: Path, raw: bytes) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(raw)
    with AnnotationStore(tmp_path / "x.db") as store:
        first = import_paths(store, [f])
        again = import_paths(store, [f])
        assert (first.added, again.unchanged, again.added, again.problems) == (["a"], ["a"], [], [])
        assert store.document_text("a") == TEXT


def test_a_changed_file_updates_its_document_and_a_copy_is_its_own_document(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    copy = tmp_path / "b.txt"
    copy.write_text(TEXT, encoding="utf-8")
    with AnnotationStore(tmp_path / "x.db") as store:
        import_paths(store, [f])
        f.write_text(TEXT + "A new last line.\n", encoding="utf-8")
        changed = import_paths(store, [f])
        assert changed.updated == ["a"] and changed.doc_ids == ["a"] and changed.unchanged == []
        assert store.document_text("a") == TEXT + "A new last line.\n"
        again = import_paths(store, [f])
        assert (again.unchanged, again.updated) == (["a"], [])
        assert import_paths(store, [copy]).added == ["b"]


def test_unchanged_files_keep_their_place_in_the_order_given(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{n}.txt" for n in "abc")
    for f in (a, b, c):
        f.write_text(f"{TEXT}{f.stem}\n", encoding="utf-8")
    with AnnotationStore(tmp_path / "x.db") as store:
        import_paths(store, [b])
        report = import_paths(store, [c, b, a])  # c and a are new, b is stored and unchanged
        assert report.doc_ids == ["c", "b", "a"]
        assert report.unchanged == ["b"] and sorted(report.added) == ["a", "c"]


def test_a_file_turned_binary_or_empty_is_still_reported(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    with AnnotationStore(tmp_path / "x.db") as store:
        import_paths(store, [f])
        f.write_bytes(TEXT.encode() + b"\x00")
        nul = len(TEXT.encode())
        assert [p.reason for p in import_paths(store, [f]).problems] == [f"binary file (NUL byte at byte offset {nul})"]
        f.write_bytes(b"")
        assert [p.reason for p in import_paths(store, [f]).problems] == ["empty file"]


# -- the shortcut for files already imported: size, mtime and inode (store.m004_file_stats) ----------------------
HOUR_AGO = time.time() - 3600


def settled(f: Path, text: str, when: float = HOUR_AGO) -> Path:
    f.write_text(text, encoding="utf-8")
    os.utime(f, (when, when))
    return f


def no_reading(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make every read of a file's bytes during import be recorded."""
    reads: list[Path] = []
    real = importing.read_bytes

    def read(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(importing, "read_bytes", read)
    return reads


def test_a_settled_unchanged_file_is_opened_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = settled(tmp_path / "a.txt", TEXT)
    with AnnotationStore(tmp_path / "x.db") as store:
        assert import_paths(store, [f]).added == ["a"]
        reads = no_reading(monkeypatch)
        again = import_paths(store, [f])
        assert (again.unchanged, again.doc_ids, reads) == (["a"], ["a"], [])
        assert store.document_text("a") == TEXT


def test_a_file_written_just_now_is_read_again_next_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It could change again within the same mtime tick and keep its size: only its bytes can tell."""
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    with AnnotationStore(tmp_path / "x.db") as store:
        import_paths(store, [f])
        reads = no_reading(monkeypatch)
        assert import_paths(store, [f]).unchanged == ["a"] and reads == [f]


def test_an_edited_file_is_read_even_with_its_old_size_and_an_old_mtime(tmp_path: Path) -> None:
    f = settled(tmp_path / "a.txt", TEXT)
    with AnnotationStore(tmp_path / "x.db") as store:
        import_paths(store, [f])
        settled(f, TEXT.replace("rose", "fell"), when=HOUR_AGO - 60)  # same size, another (old) mtime
        assert import_paths(store, [f]).updated == ["a"]
        assert store.document_text("a") == TEXT.replace("rose", "fell")
        other = settled(tmp_path / "new.txt", TEXT.replace("rose", "grew"), when=HOUR_AGO - 60)
        other.replace(f)  # the same size and mtime as the stored one, but another file (inode)
        assert import_paths(store, [f]).updated == ["a"]
        assert store.document_text("a") == TEXT.replace("rose", "grew")


def test_a_document_changed_by_another_program_is_not_taken_for_the_file(tmp_path: Path) -> None:
    f = settled(tmp_path / "a.txt", TEXT)
    with AnnotationStore(tmp_path / "x.db") as store:
        import_paths(store, [f])
        with AnnotationStore(tmp_path / "x.db") as other:  # e.g. an import of another a.txt elsewhere
            other.conn.execute("UPDATE documents SET text = 'Something else.', sha256 = 'x' WHERE id = 'a'")
        again = import_paths(store, [f])
        assert (again.updated, again.unchanged) == (["a"], [])
        assert store.document_text("a") == TEXT

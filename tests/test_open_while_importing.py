"""`tui-reader open BIG.txt` on a file never imported: the first screen comes from the file itself while the
import runs in a worker; keys wait for the import to commit, so nothing typed is lost and every offset stored is
the stored text's (tui/loading.py, importing.defer_import / text_head)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from apphelp import SIZE, listen, said, stored
from test_big_document import SMALL, big_prefix
from tui_reader import importing
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.app import ReaderApp
from tui_reader.tui.document_view import DocumentView


def app_importing(db: Path, path: Path) -> ReaderApp:
    return listen(ReaderApp(db_path=db, doc_ids=[], annotator="tester", labels=LabelSet.default(), importing=path))


@pytest.fixture
def slow_import(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The worker's import held back until the returned event is set (or 5 s pass): keys then certainly come
    while it is in flight (if they did not wait for it, they would all be handled before it is let go)."""
    gate = threading.Event()
    real = importing.import_for_reading

    def held(db_path, path):  # type: ignore[no-untyped-def]
        gate.wait(5.0)
        return real(db_path, path)

    monkeypatch.setattr(importing, "import_for_reading", held)
    return gate


async def test_keys_typed_while_a_big_file_imports_tag_the_stored_text_with_exact_offsets(
    tmp_path: Path, slow_import: threading.Event
) -> None:
    text = "\ufeffBudget talks\r\n\r\n" + big_prefix(1_500_000).replace("\n", "\r\n") + SMALL
    stored_text = text[1:].replace("\r\n", "\n")  # what import stores: BOM dropped, CR LF to LF
    src = tmp_path / "big.txt"
    src.write_bytes(text.encode("utf-8"))
    db = tmp_path / "a.db"
    app = app_importing(db, src)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        first = view.render_line(0).text
        assert "importing" in str(view.border_title) and view.doc_id == ""
        assert 0 < len(view.text) < len(stored_text) and stored_text.startswith(view.text)
        assert "Budget talks" in first
        assert not slow_import.is_set()  # (the import cannot have finished before the keys below)
        threading.Timer(1.5, slow_import.set).start()
        await pilot.press("w", "v", "w", "1", "G", "v", "b", "b", "2")  # pressed before the import is done
        await pilot.pause()
        assert view.doc_id == "big" and view.text == stored_text and "importing" not in str(view.border_title)
    spans = sorted(stored(db, "big"), key=lambda s: s.start)
    assert [(s.label, s.text) for s in spans] == [("claim", "talks"), ("quote", "words here")]
    for s in spans:
        assert stored_text[s.start : s.end] == s.text
    with AnnotationStore(db) as store:
        assert store.get_document("big").text == stored_text


async def test_a_big_file_that_cannot_be_imported_says_why_and_stores_nothing(tmp_path: Path) -> None:
    good = big_prefix(1_200_000).encode("utf-8")
    src = tmp_path / "broken.txt"
    src.write_bytes(good + b"\xff oops" + good[:1000])  # invalid UTF-8 after the first screen
    db = tmp_path / "a.db"
    app = app_importing(db, src)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        assert view.text and good.decode("utf-8").startswith(view.text)  # the head is shown meanwhile
        await pilot.press("j")
        await pilot.pause()
        assert view.text == "" and "not imported" in str(view.border_title)
        assert any(f"byte offset {len(good)}" in note and "Could not import" in note for note in said(app))
    with AnnotationStore(db) as store:
        assert store.document_ids() == []


def test_only_a_big_text_file_never_imported_is_shown_before_its_import(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(big_prefix(1_200_000), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(SMALL, encoding="utf-8")
    lines = tmp_path / "corpus.data"  # JSON lines by content: imported first, as before
    lines.write_text('{"id": "a", "text": "' + "x" * 1_100_000 + '"}\n', encoding="utf-8")
    with AnnotationStore(tmp_path / "a.db") as store:
        assert importing.defer_import(store, big)
        assert not importing.defer_import(store, small)
        assert not importing.defer_import(store, lines)
        assert not importing.defer_import(store, tmp_path)
        assert not importing.defer_import(store, tmp_path / "missing.txt")
        import os
        import time

        old = time.time() - 10  # settled: remembered by its size, mtime and inode once imported
        os.utime(big, (old, old))
        assert not importing.import_paths(store, [big]).problems
        assert not importing.defer_import(store, big)


def test_the_head_read_from_the_file_is_what_import_stores(tmp_path: Path) -> None:
    """Cut after a line break (else a space), never inside a character or a CR LF pair; normalised as import."""
    body = ("Zoë 🙂 “quoted” 漢字 family 👨\u200d👩\u200d👧\r\n" * 3000) + "end"
    src = tmp_path / "t.txt"
    for raw in (("\ufeff" + body).encode("utf-8"), body.replace("\r\n", "\r").encode("utf-8"),
                body.replace("\r\n", " ").encode("utf-8")):  # fmt: skip
        src.write_bytes(raw)
        with AnnotationStore(tmp_path / "h.db") as store:
            doc_id = importing.import_paths(store, [src]).doc_ids[0]
            whole = store.get_document(doc_id).text
            store.conn.execute("DELETE FROM documents")
            store.conn.execute("DELETE FROM files") if store.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'files'").fetchone() else None
        for limit in (1000, 1001, 1002, 1003, 4096, 65536, 10**6):
            head = importing.text_head(src, limit)
            assert whole.startswith(head), limit
            assert len(head.encode("utf-8")) <= limit
            assert head == whole or head.endswith(("\n", " "))
    src.write_bytes(b"\xff\xfeh\x00i\x00")
    assert importing.text_head(src, 4) == ""


def test_first_open_of_a_big_file_in_a_real_terminal_keys_at_once_then_quit(tmp_path: Path) -> None:
    """The installed command on a file never imported: its first line is on screen before the import ends; keys
    sent at once (before the import can have committed) tag the stored text; `q` ends it; export has the span."""
    import json
    import os
    import shutil
    import subprocess

    from test_tmux import Tmux, installed_command

    assert shutil.which("tmux"), "tmux is required for this test (`make test` installs it)"
    exe = installed_command()
    text = "Headline 🙂 here\n\n" + big_prefix(3_000_000) + SMALL
    src = tmp_path / "big.txt"
    src.write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    tmux = Tmux(f"tui-reader-first-open-{os.getpid()}")
    tmux.start_app(exe, ["open", str(src)], db, tmp_path)
    try:
        tmux.wait_for("Headline")
        tmux("send-keys", "-t", "reader", "v", "w", "w", "1", "q")
        tmux.wait_for("EXIT=0")
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, timeout=30)
    out = subprocess.run([exe, "export", "--db", str(db)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    (doc,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert doc["text"] == text
    assert [(s["label"], s["start"], s["end"], s["text"]) for s in doc["spans"]] == [("claim", 0, 10, "Headline 🙂")]
    assert text[0:10] == "Headline 🙂"

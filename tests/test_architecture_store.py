"""The store's boundary: nothing outside `tui_reader/store/` runs SQL, `tui/` never imports sqlite3, and what
goes wrong in SQLite reaches the callers as typed StoreErrors (observed through the public API).

Mutation checks done by hand: making `sqlite_boundary` return the class unchanged fails the damaged-file
read test; making `error_class` always answer DatabaseError fails the busy, read-only and damaged tests;
adding `import sqlite3` or a `store.conn.execute(...)` to tui/app.py fails the two AST tests.
"""

from __future__ import annotations

import ast
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import tui_reader
from trust_helpers import unprivileged
from tui_reader.models import Document
from tui_reader.store import AnnotationStore, BusyError, CorruptError, StoreError

PACKAGE = Path(tui_reader.__file__).parent
SQL_CALLS = {"execute", "executemany", "executescript"}
DB_MODULES = {"sqlite3", "sqlite_utils"}


def sql_uses(source: str) -> list[str]:
    """What in `source` talks to the database directly: imports of sqlite3/sqlite-utils, `.execute*(` calls,
    any use of a `.conn` attribute (the store's connection)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] in DB_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DB_MODULES:
            found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            found.append(f"{node.lineno}: .{node.func.attr}(...)")
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{node.lineno}: .conn")
    return found


def modules_outside_the_store() -> list[Path]:
    files = [p for p in PACKAGE.rglob("*.py") if (PACKAGE / "store") not in p.parents]
    assert len(files) > 20 and PACKAGE / "tui" / "app.py" in files  # the walk really sees the package
    return files


def test_the_checker_finds_each_kind_of_database_use() -> None:
    snippet = ("import sqlite3\nfrom sqlite_utils import Database\nimport os\n"
               "store.conn.commit()\ncur.executemany('x', [])\ndb.executescript('x')\nos.path.join('a')\n")  # fmt: skip
    assert sql_uses(snippet) == ["1: import sqlite3", "2: from sqlite_utils import ...", "5: .executemany(...)",
                                 "6: .executescript(...)", "4: .conn"]  # fmt: skip
    assert sql_uses("store.spans('d')\nrun(cmd)\n") == []


def test_nothing_outside_the_store_package_runs_sql() -> None:
    offenders = {str(p.relative_to(PACKAGE)): uses for p in modules_outside_the_store()
                 if (uses := sql_uses(p.read_text(encoding="utf-8")))}  # fmt: skip
    assert offenders == {}


def test_the_tui_never_imports_sqlite3() -> None:
    tui = [p for p in modules_outside_the_store() if PACKAGE / "tui" in p.parents]
    assert len(tui) > 10
    imports = {str(p.relative_to(PACKAGE)): [u for u in sql_uses(p.read_text(encoding="utf-8")) if "import" in u]
               for p in tui}  # fmt: skip
    assert {k: v for k, v in imports.items() if v} == {}


# -- errors, as a caller of the store sees them ------------------------------------------------------------
TEXT = "The minister said 40% of claims were false."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="doc", text=TEXT))
    return path


def test_a_write_while_another_connection_holds_the_write_lock_raises_busy_error(db: Path, tmp_path: Path) -> None:
    store = AnnotationStore(db, busy_timeout_ms=100)
    other = tmp_path / "b.db"
    with AnnotationStore(other) as s:
        s.add_document(Document(id="other", text="Another text."))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing
    for attempt in (lambda: store.add_span("doc", 0, 3, "claim"), lambda: store.set_progress("doc", "me", "done"),
                    lambda: store.merge_from(other)):  # fmt: skip
        with pytest.raises(BusyError, match="busy") as info:
            attempt()
        assert str(db) in str(info.value) and not isinstance(info.value, sqlite3.Error)
    holder.execute("COMMIT")
    holder.close()
    span = store.add_span("doc", 0, 3, "claim")  # the lock is gone: the same call works
    assert [s.id for s in store.spans("doc")] == [span.id]  # the failed attempts left nothing behind
    assert store.document_ids() == ["doc"]
    store.close()


def test_opening_a_database_another_program_holds_exclusively_raises_busy_error(db: Path) -> None:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM progress")
    with pytest.raises(BusyError, match="database is locked"):
        AnnotationStore(db, busy_timeout_ms=100)
    holder.execute("ROLLBACK")
    holder.close()


@pytest.fixture
def shared() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="store-errors-"))
    d.chmod(0o777)  # the unprivileged child must reach it
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _try_to_annotate(path: Path) -> tuple[str, str, int]:
    """In the unprivileged child: open the store, read, try one write; (outcome, message, spans read or -1)."""
    read = -1
    try:
        with AnnotationStore(path) as s:
            read = len(s.spans("doc"))
            s.add_span("doc", 0, 3, "claim")
            return ("saved", "", read)
    except StoreError as e:
        return (type(e).__name__, str(e), read)


def test_wal_files_another_user_owns_make_writes_fail_with_read_only_error(shared: Path) -> None:
    # The database file is writable, so the store opens it; its -wal and -shm files were created by another
    # user's session (mode 0644): SQLite opens them read-only and refuses the write (SQLITE_READONLY).
    path = shared / "a.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="doc", text=TEXT))
    path.chmod(0o666)
    owner = AnnotationStore(path)  # the other user's app, still open: its -wal and -shm stay on disk
    owner.spans("doc")
    for name in ("a.db-wal", "a.db-shm"):
        (shared / name).chmod(0o644)
    kind, message, read = unprivileged(_try_to_annotate, path)
    assert (kind, message) == ("ReadOnlyError", f"{path}: database is read-only (annotations could not be saved)")
    assert read == 0  # reading still worked: only the write was refused
    assert owner.spans("doc") == []  # and nothing was written
    owner.close()


def test_a_read_only_database_file_is_refused_with_read_only_error(shared: Path) -> None:
    path = shared / "a.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="doc", text=TEXT))
    path.chmod(0o444)
    kind, message, _ = unprivileged(_try_to_annotate, path)
    assert (kind, message) == ("ReadOnlyError", f"{path}: database is read-only (annotations could not be saved)")


def test_a_damaged_table_gives_corrupt_error_on_reads_and_writes(db: Path) -> None:
    with AnnotationStore(db) as s:
        root = s.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
        page = s.conn.execute("PRAGMA page_size").fetchone()[0]
    with open(db, "r+b") as f:  # the documents table's first page overwritten, as a failing disk would
        f.seek((root - 1) * page)
        f.write(b"\xff" * 64)
    store = AnnotationStore(db)  # the schema pages are intact: it opens
    # (a scan of the table: the document list's summaries read the (id, title) index since m011, not the table)
    for attempt in (lambda: store.get_document("doc"), lambda: store.find_documents(sha256="0" * 64),
                    lambda: store.add_span("doc", 0, 3, "claim")):  # fmt: skip
        with pytest.raises(CorruptError, match="database disk image is malformed") as info:
            attempt()
        assert str(info.value).startswith(f"{db}: the database file is damaged")
    store.close()

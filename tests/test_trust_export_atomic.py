"""Exports appear whole or not at all, with the permissions the user's umask gives.

Atomicity is checked on the mechanism itself, not by a proxy: every `os.fsync` and `os.replace` (and the folder
swap) is recorded with what the file or folder held at that moment. The final name must appear only through a
rename of a temp file (folder) in the same folder, fully written (its content then is the finished export) and
fsynced before the rename. Copying the temp file over the target (shutil.copyfile) or skipping the fsync fails
these tests.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tui_reader.atomic as atomic
from formats_corpus import fill
from trust_helpers import run_cli
from tui_reader.exporting import export, export_to_string
from tui_reader.store import AnnotationStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    with AnnotationStore(path) as s:
        fill(s)
    return path


def snapshot(p: str | Path) -> Any:
    """A file's bytes, a folder's {name: bytes}, or None when it does not exist."""
    p = Path(p)
    if p.is_dir():
        return {c.name: c.read_bytes() for c in sorted(p.iterdir()) if c.is_file()}
    return p.read_bytes() if p.exists() else None


class Recorder:
    """Records fsync (which file or folder, holding what) and renames (from, to, what `from` held)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[Any, ...]] = []
        real_fsync, real_replace, real_exchange = os.fsync, os.replace, atomic.exchange

        def fsync(fd: int) -> None:
            real_fsync(fd)
            path = os.readlink(f"/proc/self/fd/{fd}")
            self.events.append(("fsync", path, snapshot(path)))

        def replace(src: Any, dst: Any, **kw: Any) -> None:
            self.events.append(("rename", os.path.abspath(src), os.path.abspath(dst), snapshot(src), snapshot(dst)))
            real_replace(src, dst, **kw)

        def exchange(a: Path, b: Path) -> None:
            self.events.append(("rename", os.path.abspath(a), os.path.abspath(b), snapshot(a), snapshot(b)))
            real_exchange(a, b)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(atomic, "exchange", exchange)

    def renames_onto(self, target: Path) -> list[tuple[Any, ...]]:
        return [e for e in self.events if e[0] == "rename" and e[2] == str(target)]

    def fsynced_before(self, index: int, path: str) -> Any:
        """What `path` held when it was last fsynced before event `index` (KeyError if never)."""
        found = [e for e in self.events[:index] if e[0] == "fsync" and e[1] == path]
        if not found:
            raise KeyError(f"{path} was not fsynced before it was renamed into place")
        return found[-1][2]


def check_single_file(rec: Recorder, target: Path, expected: bytes, before: bytes | None) -> None:
    [ev] = rec.renames_onto(target)  # the target appears through exactly one rename, no copy
    _, src, _, content, old = ev
    assert Path(src).parent == target.parent and Path(src).name.startswith(f".{target.name}.")
    assert content == expected  # the temp file was complete when renamed
    assert rec.fsynced_before(rec.events.index(ev), src) == expected  # ...and fsynced with that content
    assert old == before  # until the rename the reader saw the previous export (or nothing)
    assert target.read_bytes() == expected
    assert [e for e in rec.events[rec.events.index(ev):] if e[0] == "fsync" and e[1] == str(target.parent)], \
        "the folder is fsynced after the rename, so the rename itself is durable"


def test_single_file_export_appears_only_by_renaming_a_fsynced_complete_temp(db: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    out = tmp_path / "out.jsonl"
    with AnnotationStore(db) as s:
        expected = export_to_string(s, "jsonl").encode("utf-8")
        rec = Recorder(monkeypatch)
        export(s, "jsonl", out)
        check_single_file(rec, out, expected, None)
        rec.events.clear()
        out.write_bytes(b"previous export\n")
        export(s, "csv", out)
    monkeypatch.undo()
    with AnnotationStore(db) as s:
        check_single_file(rec, out, export_to_string(s, "csv").encode("utf-8"), b"previous export\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def brat_expected(db: Path, tmp_path: Path) -> dict[str, bytes]:
    """The files of a brat export, written without any recording."""
    ref = tmp_path / "reference"
    with AnnotationStore(db) as s:
        export(s, "brat", ref)
    return snapshot(ref)


def check_brat(rec: Recorder, target: Path, expected: dict[str, bytes], before: Any) -> None:
    [ev] = rec.renames_onto(target)  # the folder appears by one rename (or one swap), not file by file
    i = rec.events.index(ev)
    _, src, _, content, old = ev
    assert Path(src).parent == target.parent and Path(src).name.startswith(f".{target.name}.")
    assert content == expected  # every file there, complete, when the folder was put in place
    for name, data in expected.items():
        assert rec.fsynced_before(i, os.path.join(src, name)) == data
    assert rec.fsynced_before(i, src) is not None  # the folder's entries too
    assert old == before
    assert snapshot(target) == expected
    assert "annotation.conf" in expected and any(n.endswith(".ann") for n in expected)


def test_brat_folder_appears_only_by_renaming_a_complete_fsynced_temp_folder(db: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    expected = brat_expected(db, tmp_path)
    out = tmp_path / "out"
    rec = Recorder(monkeypatch)
    with AnnotationStore(db) as s:
        assert export(s, "brat", out) == 10
    check_brat(rec, out, expected, None)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_brat_export_over_an_earlier_one_swaps_the_whole_folder(db: Path, tmp_path: Path, swap: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    expected = brat_expected(db, tmp_path)
    out = tmp_path / "out"
    with AnnotationStore(db) as s:
        s.delete_span(s.spans()[0].id)
        export(s, "brat", out)  # an earlier export with a span fewer
    before = snapshot(out)
    (out / "stale_doc.txt").write_text("from an export before that\n")  # gone after: the folder is replaced whole
    before["stale_doc.txt"] = b"from an export before that\n"
    with AnnotationStore(db) as s:
        s.undo("")
    rec = Recorder(monkeypatch)
    if swap == "two renames":  # a system without renameat2(RENAME_EXCHANGE)
        monkeypatch.setattr(atomic, "exchange", lambda a, b: (_ for _ in ()).throw(OSError(errno.ENOSYS, "no")))
    with AnnotationStore(db) as s:
        export(s, "brat", out)
    check_brat(rec, out, expected, before if swap == "exchange" else None)
    if swap == "two renames":  # the old folder was moved aside first, whole
        [aside] = [e for e in rec.events if e[0] == "rename" and e[1] == str(out)]
        assert aside[3] == before
    assert not (out / "stale_doc.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_brat_export_over_an_earlier_one_keeps_the_users_brat_configuration(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with AnnotationStore(db) as s:
        export(s, "brat", out)
        (out / "visual.conf").write_text("[labels]\nclaim | Claim\n")  # the user's brat set-up, not the export's
        (out / "visual.conf").chmod(0o640)
        (out / "old_document.ann").write_text("T1\tx 0 1\ta\n")  # a document of an earlier export: not kept
        export(s, "brat", out)
    assert (out / "visual.conf").read_text() == "[labels]\nclaim | Claim\n"
    assert modes(out)["visual.conf"] == "0o640"
    assert not (out / "old_document.ann").exists()


def test_brat_refuses_to_replace_a_folder_it_did_not_write(db: Path, tmp_path: Path) -> None:
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work\n")
    r = run_cli("export", "--db", str(db), "--format", "brat", "-o", str(mine))
    assert r.exit_code == 1
    assert r.stderr == (f"tui-reader: {mine}: folder exists and is not an earlier brat export by tui-reader; "
                        "give a new or empty folder\n")  # fmt: skip
    assert snapshot(mine) == {"thesis.txt": b"years of work\n"}


def full_disk_after(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """The disk fills up at the n-th fsync (where a delayed write reports ENOSPC)."""
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] >= n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_brat_export_on_a_full_disk_leaves_the_previous_export_whole(db: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    out = tmp_path / "out"
    with AnnotationStore(db) as s:
        export(s, "brat", out)
    before = snapshot(out)
    full_disk_after(monkeypatch, 3)  # the second document's .txt
    r = run_cli("export", "--db", str(db), "--format", "brat", "-o", str(out))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"tui-reader: {out}{os.sep}") and r.stderr.endswith(": No space left on device\n")
    assert r.stderr.count("\n") == 1
    assert snapshot(out) == before  # no partial .txt/.ann files, annotation.conf still there
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_new_brat_export_on_a_full_disk_leaves_nothing(db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    out = tmp_path / "out"
    full_disk_after(monkeypatch, 4)
    r = run_cli("export", "--db", str(db), "--format", "brat", "-o", str(out))
    assert r.exit_code == 1 and "No space left on device" in r.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_single_file_on_a_full_disk_names_the_file(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(b"old\n")
    full_disk_after(monkeypatch, 1)
    r = run_cli("export", "--db", str(db), "--format", "csv", "-o", str(out))
    assert r.exit_code == 1
    assert r.stderr == f"tui-reader: {out}: No space left on device\n"
    assert out.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _limit_file_size() -> None:  # in the child: files over 48 KiB cannot be written (EFBIG, as a quota would)
    resource.setrlimit(resource.RLIMIT_FSIZE, (49152, 49152))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_real_write_error_names_the_file_and_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    big = tmp_path / "big.txt"
    big.write_text("The minister said the budget rises. " * 2000)
    assert run_cli("import", str(big), "--db", str(db)).exit_code == 0
    for fmt, out in (("jsonl", tmp_path / "x.jsonl"), ("brat", tmp_path / "x")):
        r = subprocess.run([sys.executable, "-m", "tui_reader", "export", "--db", str(db), "--format", fmt,
                            "-o", str(out)], capture_output=True, text=True, preexec_fn=_limit_file_size)  # fmt: skip
        assert r.returncode == 1 and "Traceback" not in r.stderr
        named = out if fmt == "jsonl" else out / "big.txt"
        assert r.stderr == f"tui-reader: {named}: File too large\n"
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db", "big.txt"]  # no temp file or folder left


def test_export_to_a_full_standard_output_says_so(db: Path) -> None:
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "tui_reader", "export", "--db", str(db)], stdout=full,
                           stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert r.returncode == 1
    assert r.stderr == "tui-reader: standard output: No space left on device\n"


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def modes(root: Path) -> dict[str, str]:
    out = {".": oct(stat.S_IMODE(root.stat().st_mode))} if root.is_dir() else {}
    for p in ([root] if root.is_file() else sorted(root.iterdir())):
        out[p.name] = oct(stat.S_IMODE(p.stat().st_mode))
    return out


def test_exports_honour_the_umask(db: Path, tmp_path: Path, umask: Any) -> None:
    with AnnotationStore(db) as s:
        export(s, "jsonl", tmp_path / "a.jsonl")
        export(s, "brat", tmp_path / "b")
        assert modes(tmp_path / "a.jsonl") == {"a.jsonl": "0o644"}  # another user's importer can read it
        assert set(modes(tmp_path / "b").values()) == {"0o755", "0o644"}
        assert modes(tmp_path / "b")["."] == "0o755" and modes(tmp_path / "b")["annotation.conf"] == "0o644"
        umask(0o077)
        export(s, "csv", tmp_path / "c.csv")
        export(s, "brat", tmp_path / "d")
        assert modes(tmp_path / "c.csv") == {"c.csv": "0o600"}
        assert set(modes(tmp_path / "d").values()) == {"0o700", "0o600"}


def test_replacing_an_export_keeps_its_mode(db: Path, tmp_path: Path, umask: Any) -> None:
    out = tmp_path / "a.jsonl"
    out.write_text("old\n")
    out.chmod(0o640)  # the user made it group-readable only
    with AnnotationStore(db) as s:
        export(s, "jsonl", out)
    assert modes(out) == {"a.jsonl": "0o640"}


def test_export_creates_no_folders(db: Path, tmp_path: Path) -> None:
    for fmt, out in (("jsonl", tmp_path / "nonexistent" / "dir" / "x.jsonl"),
                     ("brat", tmp_path / "nonexistent" / "dir" / "x")):  # fmt: skip
        r = run_cli("export", "--db", str(db), "--format", fmt, "-o", str(out))
        assert r.exit_code == 1
        assert r.stderr == f"tui-reader: {out}: folder {out.parent} does not exist\n"
        assert not (tmp_path / "nonexistent").exists()


def test_the_format_modules_do_not_import_the_exporter(tmp_path: Path, db: Path) -> None:
    """formats -> brat -> exporting -> formats was a cycle (papered over by a late import)."""
    code = ("import sys; from pathlib import Path; from tui_reader.formats import brat; "
            "from tui_reader.corpus import Record; from tui_reader.store import AnnotationStore; "
            "s = AnnotationStore(sys.argv[1]); "
            "recs = [Record(s.get_document(d), s.spans(d)) for d in s.document_ids()]; "
            "print(brat.write(recs, Path(sys.argv[2])), 'tui_reader.exporting' in sys.modules)")  # fmt: skip
    r = subprocess.run([sys.executable, "-c", code, str(db), str(tmp_path / "b")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["10", "False"]
    src = Path(atomic.__file__).parent / "formats"
    assert not [p.name for p in src.glob("*.py") if "tui_reader.exporting" in p.read_text("utf-8")]

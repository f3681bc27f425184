"""Bad files and input through `tui-reader import`: one clear line each on stderr naming the file (and line),
the rest imported, exit code 1, never a traceback."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trust_helpers import cli, cli_unprivileged, run_cli
from tui_reader.corpus import MAX_FILE_BYTES
from tui_reader.store import AnnotationStore


def skipped_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("tui-reader: skipped")]


def doc_ids(db: Path) -> list[str]:
    with AnnotationStore(db) as s:
        return s.document_ids()


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder the unprivileged child can reach (pytest's own tmp folders are private to root)."""
    d = Path(tempfile.mkdtemp(prefix="trust-"))
    d.chmod(0o777)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_each_bad_file_is_one_line_and_the_rest_imports(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text("A good article about the budget.\n", encoding="utf-8")
    (src / "b_latin1.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    (src / "c_nul.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (src / "d_empty.txt").write_bytes(b"")
    (src / "e_blank.md").write_bytes(b" \n\t\r\n")
    (src / "f_utf16le.txt").write_bytes("No BOM here".encode("utf-16-le"))
    (src / "g_utf16.txt").write_bytes("\ufeffSaid \u201chi\u201d\r\nbye\r\n".encode("utf-16-le"))
    (src / "h_also_good.md").write_text("# Title\n\nBody.\n", encoding="utf-8")
    db = tmp_path / "a.db"
    r = run_cli("import", str(src), "--db", str(db))
    assert r.exit_code == 1
    lines = skipped_lines(r.stderr)
    assert lines == [
        f"tui-reader: skipped {src / 'b_latin1.txt'}: not UTF-8 (invalid byte 0xe9 at byte offset 3)",
        f"tui-reader: skipped {src / 'c_nul.txt'}: binary file (NUL byte at byte offset 4)",
        f"tui-reader: skipped {src / 'd_empty.txt'}: empty file",
        f"tui-reader: skipped {src / 'e_blank.md'}: empty file (only whitespace)",
        f"tui-reader: skipped {src / 'f_utf16le.txt'}: binary file (NUL byte at byte offset 1; looks like UTF-16 "
        "without a byte-order mark: save it as UTF-8)",
    ]
    assert "Traceback" not in r.stderr
    assert doc_ids(db) == ["a_good", "g_utf16", "h_also_good"]
    with AnnotationStore(db) as s:
        # UTF-16 with a BOM is decoded and normalised like any file: BOM dropped, CRLF -> LF
        assert s.document_text("g_utf16") == "Said \u201chi\u201d\nbye\n"


def test_utf16_big_endian_and_broken_utf16(tmp_path: Path) -> None:
    (tmp_path / "be.txt").write_bytes("\ufeffBig \U0001f600 end".encode("utf-16-be"))
    (tmp_path / "lone.txt").write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")  # unpaired surrogate
    (tmp_path / "u32.txt").write_bytes("hi".encode("utf-32"))  # UTF-32 LE starts with the UTF-16 LE BOM
    db = tmp_path / "a.db"
    r = run_cli("import", str(tmp_path / "be.txt"), str(tmp_path / "lone.txt"), str(tmp_path / "u32.txt"),
                "--db", str(db))  # fmt: skip
    assert r.exit_code == 1
    lines = skipped_lines(r.stderr)
    assert len(lines) == 2
    assert "lone.txt: UTF-16 (BOM) but invalid at byte offset" in lines[0]
    assert "u32.txt: binary file" in lines[1]
    with AnnotationStore(db) as s:
        assert s.document_text("be") == "Big \U0001f600 end"


def test_file_over_the_size_cap_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: no disk used, nothing read
        fh.truncate(MAX_FILE_BYTES + 1)
    (tmp_path / "small.txt").write_text("small\n")
    db = tmp_path / "a.db"
    r = run_cli("import", str(big), str(tmp_path / "small.txt"), "--db", str(db))
    assert r.exit_code == 1
    assert skipped_lines(r.stderr) == [f"tui-reader: skipped {big}: file is 256 MiB, over the 256 MiB limit"]
    assert doc_ids(db) == ["small"]


def test_unreadable_file_and_folder_are_named(shared: Path) -> None:
    src = shared / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "inside.txt").write_text("never seen\n")
    (src / "ok.txt").write_text("readable\n")
    (src / "secret.txt").write_text("secret\n")
    (src / "secret.jsonl").write_text(json.dumps({"id": "j", "text": "t"}) + "\n")
    for p in (src / "secret.txt", src / "secret.jsonl"):
        p.chmod(0o000)
    (src / "locked").chmod(0o000)
    src.chmod(0o755)
    db = shared / "a.db"
    code, _, err = cli_unprivileged("import", str(src), "--db", str(db))
    (src / "locked").chmod(0o755)
    assert "Traceback" not in err
    assert code == 1
    lines = skipped_lines(err)
    assert sorted(lines) == sorted([
        f"tui-reader: skipped {src / 'locked'}: cannot read folder (Permission denied)",
        f"tui-reader: skipped {src / 'secret.jsonl'}: Permission denied",
        f"tui-reader: skipped {src / 'secret.txt'}: Permission denied",
    ])  # fmt: skip
    assert doc_ids(db) == ["ok"]


def test_malformed_jsonl_and_bad_spans_one_line_each(tmp_path: Path) -> None:
    good_text = "The minister said the budget rises 4%."
    lines = [
        json.dumps({"id": "j1", "text": good_text, "spans": [
            {"start": 4, "end": 12, "label": "claim", "text": "minister"},
            {"start": 30, "end": 99, "label": "statistic", "text": "4%"},  # out of range
            {"start": 35, "end": 37, "label": "statistic", "text": "5%"},  # text does not match
            {"start": 35, "end": 37, "label": "statistic", "text": "4%"},
        ]}),  # fmt: skip
        '{"id": "j2", "text": "truncated',
        "[1, 2, 3]",
        json.dumps({"id": "j3", "text": ""}),
        json.dumps({"id": "j4", "text": "Fine.", "spans": [{"start": -1, "end": 2, "label": "claim"}]}),
        '{"id": "j5", "text": "bad \\ud800 half"}',
        json.dumps({"id": "j6", "text": "x y", "spans": [{"start": 0, "end": 1, "label": "claim"}],
                    "progress": [{"annotator": ["not", "a", "name"], "status": "done"}],
                    "links": [{"group": "g", "spans": 5}]}),  # fmt: skip
        json.dumps({"id": "j7", "text": "Last one.", "spans": [{"start": "0", "end": 4, "label": "claim"}]}),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "a.db"
    r = run_cli("import", str(f), "--db", str(db))
    assert r.exit_code == 1
    got = skipped_lines(r.stderr)
    expect_prefixes = [
        f"{f}:1: span 2: offsets 30..99 out of range (text length 38)",
        f"{f}:1: span 3: text '5%' does not match the document at 35..37 ('4%')",
        f"{f}:2: malformed JSON",
        f"{f}:3: expected a JSON object",
        f'{f}:4: missing or empty "text"',
        f"{f}:5: span 1: offsets -1..2 out of range",
        f"{f}:6: a string holds an unpaired UTF-16 surrogate escape",
        f"{f}:7: progress 1: expected",
        f"{f}:7: link 1: expected",
        f'{f}:8: span 1: "start" and "end" must be integers',
    ]
    assert len(got) == len(expect_prefixes), r.stderr
    for line, want in zip(got, expect_prefixes, strict=True):
        assert line.startswith("tui-reader: skipped " + want), (line, want)
    assert "Traceback" not in r.stderr
    assert doc_ids(db) == ["j1", "j4", "j6", "j7"]
    with AnnotationStore(db) as s:
        assert [(x.start, x.end, x.text) for x in s.spans("j1")] == [(4, 12, "minister"), (35, 37, "4%")]
        assert [x.text for x in s.spans("j6")] == ["x"]


def test_labels_file_errors_stop_open_before_the_app(tmp_path: Path) -> None:
    cases = {
        "syntax.toml": ('[[label]\nname = "claim"\n', "not valid TOML"),
        "key.toml": ('[[label]]\nname = "claim"\nkey = "10"\ncolour = "#ff0000"\n', "key must be one digit 1-9"),
        "colour.toml": ('[[label]]\nname = "claim"\nkey = "1"\ncolour = "red"\n', "colour 'red' is not #rrggbb"),
        "dup.toml": ('[[label]]\nname = "a"\nkey = "1"\n[[label]]\nname = "b"\nkey = "1"\n', "key '1' is used by two"),
        "none.toml": ('title = "no labels"\n', "expected one or more [[label]] tables"),
        "latin1.toml": (b'[[label]]\nname = "caf\xe9"\n', "not UTF-8"),
    }
    (tmp_path / "doc.txt").write_text("Some text.\n")
    for name, (content, reason) in cases.items():
        p = tmp_path / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode())
        db = tmp_path / f"{name}.db"
        r = cli("open", str(tmp_path / "doc.txt"), "--db", str(db), "--labels", str(p))
        assert r.returncode == 1, (name, r.stderr)
        assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"tui-reader: {p}: "), (name, r.stderr)
        assert reason in r.stderr, (name, r.stderr)
        assert r.stdout == ""  # the app (or its placeholder) never started
        assert not db.exists()  # nothing was imported either: the label file is checked first
    r = cli("open", "--labels", str(tmp_path / "missing.toml"), "--db", str(tmp_path / "m.db"))
    assert r.returncode == 1 and "label file not found" in r.stderr


def test_folder_of_50000_files_imports_all_with_progress_on_a_tty(tmp_path: Path) -> None:
    src = tmp_path / "many"
    n = 50_000
    for sub in range(50):
        d = src / f"{sub:02d}"
        d.mkdir(parents=True)
        for i in range(n // 50):
            (d / f"a{i:04d}.txt").write_text(f"Article {sub}-{i}: the minister said {i} jobs.\n")
    (src / "07" / "a0003.txt").write_bytes(b"\xff broken")  # one bad file among them
    db = tmp_path / "a.db"
    master, slave = pty.openpty()
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "tui_reader", "import", str(src), "--db", str(db)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)  # fmt: skip
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait(timeout=300)
    os.close(master)
    elapsed = time.monotonic() - started
    text = out.decode("utf-8", "replace")
    assert code == 1
    assert "importing " in text and "/s)" in text  # the progress line was drawn on the terminal
    assert f"skipped {src / '07' / 'a0003.txt'}: not UTF-8 (invalid byte 0xff at byte offset 0)" in text
    assert "49999 documents added" in text
    with AnnotationStore(db) as s:
        assert s.count_documents() == n - 1
    print(f"50,000 files imported in {elapsed:.1f} s")  # shown with -s; the figure is measured in bench/


def test_control_characters_in_names_labels_and_text_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "\x1b]0;owned\x07\x9b2J\u202e"
    (tmp_path / f"bad{evil}.txt").write_bytes(b"\xff")  # a file name is data too
    line = {"id": f"doc{evil}", "text": f"Text {evil} here.",
            "spans": [{"start": 0, "end": 4, "label": f"claim{evil}", "text": "Text"}]}  # fmt: skip
    (tmp_path / "in.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = tmp_path / "a.db"
    r = cli("import", str(tmp_path), "--db", str(db))
    assert r.returncode == 1
    assert "skipped" in r.stderr and "bad\u241b]0;owned\u2407" in r.stderr  # shown as control pictures
    for out in (r.stderr, cli("stats", "--db", str(db)).stdout, cli("export", "--db", str(db)).stdout):
        assert not any(ch in out for ch in "\x1b\x07\x9b\u202e"), out
    exported = json.loads(cli("export", "--db", str(db)).stdout)
    assert exported["id"] == f"doc{evil}" and exported["spans"][0]["label"] == f"claim{evil}"  # data unchanged

"""Every byte the command line sends to a terminal is safe, and the smaller CLI refusals.

A hostile string (OSC 0 window title, `ESC [2J`, a C1 CSI, an OSC 52 clipboard write, NEL, DEL) is put in every
field a user controls: file and folder names, database paths, annotator names, labels, notes, titles, document
ids, option values. Then every command is run in a real pseudo-terminal (stdout and stderr both on it, raw mode
so the bytes are the program's own), on its normal output and on its error paths. Whatever it prints, no code
point below 0x20 but newline and tab, and none from 0x7f to 0x9f, may reach the terminal (the progress line's own
`CR ESC [K` redraw aside); the hostile text must still be visible, as placeholders. Data written to a file or a
pipe stays byte-exact.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tty
from pathlib import Path

import pytest

from trust_helpers import cli, run_cli
from tui_reader.models import Document
from tui_reader.store import AnnotationStore

H = "\x1b]0;owned\x07\x1b[2J\x9b31m\x1b]52;c;aGk=\x07\x85\x7f"
SAID = 'The minister said "we will win the vote" on Monday.'


def on_tty(*args: str, cwd: Path) -> tuple[int, str]:
    """`tui-reader ARGS` with stdout and stderr on a pseudo-terminal in raw mode: (exit code, what it wrote)."""
    master, slave = pty.openpty()
    tty.setraw(slave)  # no output processing: the bytes read are exactly the bytes written
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_READER_")}
    proc = subprocess.Popen([sys.executable, "-m", "tui_reader", *args], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=slave, cwd=cwd, env=env)  # fmt: skip
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
    code = proc.wait(timeout=60)
    os.close(master)
    return code, out.replace(b"\r\x1b[K", b"").decode("utf-8")  # strict: the output is valid UTF-8 too


def unsafe(text: str) -> list[str]:
    return [repr(c) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a database whose every user-controlled field holds H, and hostile files around it."""
    d = tmp_path_factory.mktemp("say")
    with AnnotationStore(d / "db.db") as s:
        s.add_document(Document(id=f"doc{H}", text=f"{SAID}\nMore.\n", title=f"title{H}", source=f"src{H}"))
        s.add_document(Document(id="other", text=f"Later: {SAID}\n"))
        for who in (f"ann{H}", f"bob{H}"):
            s.add_span(f"doc{H}", 0, len(SAID), f"claim{H}", annotator=who, note=f"note{H}")
            s.set_progress(f"doc{H}", who, "done")
        s.add_span("other", 7, 19, f"claim{H}", annotator=f"bob{H}", note=f"note{H}")
    with AnnotationStore(d / "solo.db") as s:  # one annotator only: `agree` refuses, naming who it found
        s.add_document(Document(id="x", text="Some text here.\n"))
        s.add_span("x", 0, 4, "claim", annotator=f"solo{H}")
    with AnnotationStore(d / "conflict.db") as s:  # the same document id with other text: a merge conflict
        s.add_document(Document(id=f"doc{H}", text="Different text.\n"))
    (d / f"empty{H}.db").write_bytes(b"")
    (d / f"bad{H}.txt").write_bytes(b"\xff\xfe\x00broken")
    (d / "in.jsonl").write_text(json.dumps({"id": f"j{H}", "text": "Some text.", "spans": [
        {"start": 0, "end": 4, "label": f"claim{H}", "status": f"st{H}"},
        {"start": 0, "end": 4, "label": f"claim{H}", "note": [H]}]}) + "\n", encoding="utf-8")  # fmt: skip
    with open(d / "many.jsonl", "w", encoding="utf-8") as fh:  # enough to take > 0.1 s: the progress line names ids
        for i in range(6000):
            fh.write(json.dumps({"id": f"{i}{H}", "text": f"Document {i}."}) + "\n")
    (d / f"folder{H}").mkdir()
    (d / f"folder{H}" / "mine.txt").write_text("not an export\n")
    toml_h = json.dumps(H)[1:-1]  # JSON's \uXXXX escapes are TOML's too
    (d / "labels.toml").write_text(f'[[label]]\nname = "quote{toml_h}"\nkey = "1"\n[suggest]\nquote = "quote{toml_h}"\n')
    (d / "badlabels.toml").write_text(f'[[label]]\nname = "claim{toml_h}"\nkey = "12"\n')
    return d


# (name, arguments, expected exit code, whether the hostile text is echoed, as placeholders)
CASES = [
    ("stats", ["stats", "--db", "db.db"], 0, True),
    ("stats --json", ["stats", "--json", "--db", "db.db"], 0, True),
    ("stats: missing db path", ["stats", "--db", f"no{H}.db"], 1, True),
    ("stats: empty db", ["stats", "--db", f"empty{H}.db"], 1, True),
    ("stats: db is a folder", ["stats", "--db", f"folder{H}"], 2, True),
    ("export jsonl", ["export", "--db", "db.db"], 0, True),
    ("export csv", ["export", "--db", "db.db", "--format", "csv"], 0, True),
    ("export doccano", ["export", "--db", "db.db", "--format", "doccano"], 0, True),
    ("export prodigy", ["export", "--db", "db.db", "--format", "prodigy"], 0, True),
    ("export w3c", ["export", "--db", "db.db", "--format", "w3c"], 0, True),
    ("export to a file", ["export", "--db", "db.db", "-o", f"out{H}.jsonl"], 0, True),
    ("export: no folder", ["export", "--db", "db.db", "-o", f"none{H}/x.jsonl"], 1, True),
    ("export: unknown doc", ["export", "--db", "db.db", "--doc", f"nodoc{H}"], 1, True),
    ("export: unknown format", ["export", "--db", "db.db", "--format", f"fmt{H}"], 2, True),
    ("export: bad status", ["export", "--db", "db.db", "--status", f"st{H}"], 2, True),
    ("export: brat over a folder", ["export", "--db", "db.db", "--format", "brat", "-o", f"folder{H}"], 1, True),
    ("export: empty db", ["export", "--db", f"empty{H}.db"], 1, True),
    ("import: bad lines and files", ["import", "--db", "imp.db", "in.jsonl", f"bad{H}.txt", f"missing{H}.txt"], 1, True),
    ("import: progress names ids", ["import", "--db", "many.db", "many.jsonl"], 0, True),
    ("import: unknown format", ["import", "--db", "imp.db", "--format", f"fmt{H}", "in.jsonl"], 2, True),
    ("import: unknown option", ["import", f"--x{H}"], 2, True),
    ("suggest with labels", ["suggest", "--db", "sug.db", "--labels", "labels.toml"], 0, True),
    ("suggest: missing label file", ["suggest", "--db", "db.db", "--labels", f"none{H}.toml"], 1, True),
    ("suggest: bad label file", ["suggest", "--db", "db.db", "--labels", "badlabels.toml"], 1, True),
    ("suggest: empty db", ["suggest", "--db", f"empty{H}.db"], 1, True),
    ("echoes", ["echoes", "--db", "db.db", "--min-score", "50"], 0, True),
    ("echoes --json", ["echoes", "--db", "db.db", "--json", "--min-score", "50"], 0, True),
    ("echoes: missing db", ["echoes", "--db", f"no{H}.db"], 1, True),
    ("agree", ["agree", "--db", "db.db"], 0, True),
    ("agree --json", ["agree", "--db", "db.db", "--json"], 0, True),
    ("agree: unknown annotator", ["agree", "--db", "db.db", "--annotators", f"ann{H}", f"nobody{H}"], 1, True),
    ("agree: one annotator", ["agree", "--db", "solo.db"], 1, True),
    ("agree: bad argument", ["agree", "--db", "db.db", f"stray{H}"], 2, True),
    ("merge: missing source", ["merge", f"src{H}.db", "--db", "m.db"], 1, True),
    ("merge: empty source", ["merge", f"empty{H}.db", "--db", "m.db"], 1, True),
    ("merge: conflict", ["merge", "db.db", "--db", "conflict.db"], 1, True),
    ("open: missing label file", ["open", "--db", "db.db", "--labels", f"none{H}.toml"], 1, True),
    ("open: bad label file", ["open", "--db", "db.db", "--labels", "badlabels.toml"], 1, True),
    ("unknown option", ["export", f"--{H}"], 2, True),
]


@pytest.mark.parametrize(("name", "args", "code", "echoed"), CASES, ids=[c[0] for c in CASES])
def test_nothing_hostile_reaches_the_terminal(place: Path, name: str, args: list[str], code: int,
                                             echoed: bool) -> None:  # fmt: skip
    if name.startswith("suggest with"):
        (place / "sug.db").unlink(missing_ok=True)
        with AnnotationStore(place / "sug.db") as s:
            s.add_document(Document(id=f"s{H}", text=f"{SAID}\n"))
    got, out = on_tty(*args, cwd=place)
    assert got == code, out
    assert "Traceback" not in out
    assert unsafe(out) == [], (name, out)
    if echoed:  # the hostile text was shown (as placeholders), not dropped
        assert "owned" in out or "\\u001b]0;owned" in out, (name, out)


def test_data_to_a_pipe_or_file_stays_byte_exact(place: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "tui_reader", "export", "--db", "db.db", "--format", "csv"],
                       cwd=place, capture_output=True)  # fmt: skip
    assert r.returncode == 0
    assert f"note{H}".encode() in r.stdout and b"\r\n" in r.stdout  # the note's OSC 52 and CSV's CRLF, exact
    assert run_cli("export", "--db", str(place / "db.db"), "--format", "csv", "-o", str(place / "o.csv")).exit_code == 0
    assert (place / "o.csv").read_bytes() == r.stdout
    _, shown = on_tty("export", "--db", "db.db", "--format", "csv", cwd=place)
    shown = [line for line in shown.split("\n") if not line.startswith("exporting [")]  # stderr's progress
    piped = r.stdout.decode("utf-8").split("\r\n")
    # on the terminal: the same rows, line ends as newlines, the controls as their placeholders
    assert len(shown) == len(piped) and shown[0] == piped[0]
    assert "note\u241b]0;owned\u2407\u241b[2J\u242631m\u241b]52;c;aGk=\u2407\u2426\u2421" in shown[1]


def test_stats_json_on_a_pipe_is_the_data(place: Path) -> None:
    r = cli("stats", "--json", "--db", str(place / "db.db"))
    data = json.loads(r.stdout)
    assert data["spans_per_annotator"] == {f"ann{H}": 1, f"bob{H}": 2}


# -- item 9: refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["stats"], ["export"], ["suggest"], ["echoes"], ["agree"]])
def test_an_empty_database_file_is_refused_and_left_alone(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    r = run_cli(*command, "--db", str(db))
    assert r.exit_code == 1
    assert r.stderr == f"tui-reader: {db}: empty file, not a tui-reader database\n"
    assert db.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    (tmp_path / "a.txt").write_text("text\n")
    assert run_cli("import", str(tmp_path / "a.txt"), "--db", str(db)).exit_code == 0
    for args in (["export", "--db", str(db), "--format", "bogus"],
                 ["import", "--db", str(db), "--format", "bogus", str(tmp_path / "a.txt")]):  # fmt: skip
        r = run_cli(*args)
        assert r.exit_code == 2
        assert "Error: Invalid value for '--format': unknown format 'bogus' (choose from " in r.stderr


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_echoes_refuses_nan(tmp_path: Path, value: str) -> None:
    db = tmp_path / "a.db"
    (tmp_path / "a.txt").write_text("text\n")
    assert run_cli("import", str(tmp_path / "a.txt"), "--db", str(db)).exit_code == 0
    r = run_cli("echoes", "--db", str(db), "--min-score", value)
    assert r.exit_code == 2
    assert "Invalid value for '--min-score': nan is not a number from 0 to 100" in r.stderr


def test_terminal_output_drops_only_the_cr_that_ends_a_line() -> None:
    import io

    from tui_reader.report import TerminalSafe

    buf = io.StringIO()
    out = TerminalSafe(buf)  # type: ignore[arg-type]
    for part in ("row 1\r", "\nrow\r2\r\n", "x\x1b[2J\r"):  # a CRLF split across writes, a CR inside a field
        out.write(part)
    out.flush()
    assert buf.getvalue() == "row 1\nrow\u240d2\nx\u241b[2J\u240d"

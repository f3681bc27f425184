"""Hostile text reaches no terminal: the installed `tui-reader open` in a real pty, every byte it writes kept.

An article, a note, a label and a file name carry escape sequences (OSC 52 clipboard write, OSC 0/2 window
titles, clear screen, reset, C1 CSI, BEL, backspace, a bidi override) and markup-like text. We read what the
app writes while a person moves over the text, opens the help, the span list, deletes and undoes (two
notifications quoting the text), clicks on `[@click=app.quit]`, and quits with q. From the raw bytes: none of
the hostile sequences reached the terminal, their visible placeholders did, the markup was shown as written,
and the app kept running until q.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ptyapp import PtyApp
from tui_reader.importing import import_paths
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore

TITLE = "[bold]Big[/bold] [@click=app.quit]news[/] \x1b]2;pwned-window\x07"
LINES = [
    "clip \x1b]52;c;cHduZWQtY2xpcA==\x07 end",  # OSC 52: would write "pwned-clip" to the clipboard
    "title \x1b]0;pwned-title\x07 end",  # OSC 0: would set the window title
    "clear \x1b[2J end",  # erase the screen
    "reset \x1bc end",  # RIS: reset the terminal
    "csi \x9b31m red \x9b2J end",  # C1 CSI (one byte in 8-bit terminals)
    "bell \x07\x07 bs \x08\x08 end",
    "bidi \u202eevil\u202c end",  # right-to-left override: would reverse what follows on screen
    "m1 [@click=app.quit]quit[/] end",
    "m2 [bold]x[/bold] [/] end",
    "Plain closing sentence.",
]
NOTE = "note \x1b]52;c;bm90ZS1jbGlw\x07 [@click=app.quit]n[/]"
NAME = "other\x1b]0;pwned-name\x07"  # a file name is data too
LABELS = '''
[[label]]
name = "claim\\u001b]0;pwned-label\\u0007"
key = "1"
colour = "#ff8800"
description = "desc \\u001b[2J [@click=app.quit]d[/]"

[[label]]
name = "quote"
key = "2"
colour = "#0088ff"
'''

OSC = re.compile(r"\x1b\](\d*);[^\x07\x1b]*(?:\x07|\x1b\\)")
CSI = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])")
CUP = re.compile(r"\x1b\[(\d+);(\d+)H")
UNSAFE = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # all but \n \r


PICTURES = {i: 0x2400 + i for i in range(0x20)} | {0x7F: 0x2421}
PICTURES |= dict.fromkeys([*range(0x80, 0xA0), 0x202C, 0x202E], 0x2426)  # C1 and bidi controls: U+2426


def pictures(s: str) -> str:
    """What the screen must show instead: each control character as its one-cell placeholder (U+2400 block)."""
    return s.translate(PICTURES)


def cell_of(out: str, needle: str) -> tuple[int, int]:
    """(column, row), 1-based, where the app last drew `needle`: from the cursor move before it."""
    i = out.rindex(needle)
    move = list(CUP.finditer(out, 0, i))[-1]
    between = CSI.sub("", out[move.end() : i])
    assert "\n" not in between and all(unicodedata.east_asian_width(c) not in "WF" for c in between), between
    return int(move.group(2)) + len(between), int(move.group(1))


def test_hostile_text_note_label_and_file_name_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "HOSTILE.txt"
    text = TITLE + "\n" + "\n".join(LINES) + "\n"
    hostile.write_text(text, encoding="utf-8")
    other = tmp_path / f"{NAME}.txt"
    other.write_text("Other story [/] here.\n", encoding="utf-8")
    labels_file = tmp_path / "labels.toml"
    labels_file.write_text(LABELS, encoding="utf-8")
    label = LabelSet.from_toml(labels_file).labels[0].name
    db = tmp_path / "a.db"
    with AnnotationStore(db) as store:  # a span with a hostile note, made before the app starts
        assert not import_paths(store, [hostile, other]).problems
        start = text.index("title ")
        span = store.add_span("HOSTILE", start, start + len(LINES[1]), label, annotator="t", note=NOTE)

    with PtyApp(["open", str(hostile), str(other), "--db", str(db), "--annotator", "t", "--labels",
                 str(labels_file)], cwd=tmp_path, cols=140, rows=36) as app:  # fmt: skip
        app.wait_for("Plain closing sentence.", "Other story [/] here.")
        app.press("/", *"title", "\r")  # search: onto the span; the status line shows its text and note
        app.wait_for(pictures(NOTE)[:30])
        app.press("j", "j", "j", "w", "w", "l", "l", "j", "j", "j", "j", "k")  # over the rest of the text
        mark = len(app.out)
        app.press("?")
        app.wait_for("focus the other pane", since=mark)  # the help: the keys first ...
        app.press(b"\x1b[F")  # end: ... the labels at its foot
        app.wait_for(pictures("claim\x1b]0;pwned-label\x07"), pictures("desc \x1b[2J [@click=app.quit]d[/]"),
                     since=mark)  # fmt: skip
        app.press(b"\x1b", pause=0.4)  # escape closes the help
        app.press(b"\x1b[Z", "j", "k")  # shift+tab: the span list; move in it
        mark = len(app.out)
        app.press("x")  # delete the highlighted span: a notification quotes its label and text
        app.wait_for("Deleted claim", "“" + pictures("title \x1b]0;pwned-title\x07"), since=mark)
        mark = len(app.out)
        app.press("u")  # undo: another notification quoting them
        app.wait_for("Undo: delete", since=mark)
        app.press("\t")  # back to the left pane
        x, y = cell_of(app.text, "m1 [@click=app.quit]")  # click where the markup is shown: in the pane ...
        mark = len(app.out)
        app.click(x + 4, y)  # on the "@"
        app.wait_for(f"{text.index('m1 [@click') + 4}/{len(text)}", since=mark)  # the cursor went there
        x, y = cell_of(app.text, "[bold]Big[/bold] [@click=app.q…")  # ... and on the title in the document list
        assert x > 100, x  # (the sidebar: the title is cut to its width)
        app.click(x + 18, y)
        app.pump(1.0)
        assert app.proc.poll() is None, "the app quit: markup in the text was run as an action"
        app.press("q")
        assert app.wait_exit() == 0

    raw = bytes(app.out)
    out = raw.decode("utf-8")  # the app writes UTF-8: a stray byte would fail here
    # 1. none of the file's, the note's, the label's or the name's sequences reached the terminal
    for payload in (b"\x1b]52;", b"\x1b]0;pwned", b"\x1b]2;pwned", b"\x1b[2J", b"\x1bc", b"\x08", b"\xc2\x9b",
                    "\u202e".encode()):  # fmt: skip
        assert payload not in raw, payload
    # ... nor anything else: the app's own output is SGR/cursor/mode CSI sequences and OSC 22 (pointer shape);
    # once those are taken out, not one control character (but CR LF) is left
    assert {m.group(1) for m in OSC.finditer(out)} <= {"22"}, sorted({m.group(0) for m in OSC.finditer(out)})
    assert "J" not in {m.group(2) for m in CSI.finditer(out)}  # nothing erased the screen
    leftover = UNSAFE.findall(CSI.sub("", OSC.sub("", out)))
    assert not leftover, leftover
    # 2. each was shown as visible placeholders instead (the pane, the title, the note, the label, the name)
    for line in [*LINES[:7], TITLE[:20], "claim\x1b]0;pwned-label\x07", NAME]:
        assert pictures(line) in out, pictures(line)
    assert "␛]52;c;cHduZWQtY2xpcA==␇" in out and "␦31m red ␦2J" in out and "␇␇ bs ␈␈" in out
    # 3. markup was shown as written, nowhere interpreted (the app went on running after the clicks, until q)
    for literal in ("m1 [@click=app.quit]quit[/] end", "m2 [bold]x[/bold] [/] end", "[bold]Big[/bold]",
                    "Other story [/] here."):  # fmt: skip
        assert literal in out, literal
    with AnnotationStore(db) as store:  # the delete and its undo went to the database, unchanged
        (back,) = store.spans("HOSTILE")
        assert (back.id, back.note, back.label, back.text) == (span.id, NOTE, label, LINES[1])

"""The installed `tui-reader` command in a real terminal (tmux): open two seeds, `v w w w 2`, `q`, then export;
resume after a restart; a quotation by search and text object; reviewing suggestions (`> r u a x`).

tmux is required, not optional: `make test` installs it on a machine without it, so a missing tmux fails here.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_A = ROOT / "seeds" / "000_f7313eefdddd6988.txt"
SEED_B = ROOT / "seeds" / "001_1f15dbbd00519135.txt"


def installed_command() -> str:
    beside = Path(sys.executable).parent / "tui-reader"
    found = str(beside) if beside.exists() else shutil.which("tui-reader")
    assert found, "the tui-reader command is not installed (run `make setup`)"
    return found


class Tmux:
    def __init__(self, socket: str) -> None:
        self.base = ["tmux", "-L", socket, "-f", "/dev/null"]

    def __call__(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, command: str, cwd: Path) -> None:
        """A session "reader" (140x40, UTF-8 xterm) running the shell `command` in `cwd`."""
        # COLUMNS/LINES (set by pytest-xdist's workers, by some CI shells) would override the window's own size
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        subprocess.run([*self.base, "new-session", "-d", "-s", "reader", "-x", "140", "-y", "40", "-c", str(cwd),
                        command], check=True, env=env, timeout=30)  # fmt: skip

    def start_app(self, exe: str, args: list[str], db: Path, cwd: Path, annotator: str = "t") -> None:
        """`exe ARGS --db DB --annotator A` in the session; its exit status stays on screen as EXIT=n."""
        command = shlex.join([exe, *args, "--db", str(db), "--annotator", annotator])
        self.start(f"{command}; echo EXIT=$?; sleep 60", cwd)

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "reader")

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            assert time.monotonic() < deadline, f"waited {timeout}s for {texts!r}; the screen shows:\n{shown}"
            time.sleep(0.2)


def test_tag_three_words_in_a_real_terminal_then_export(tmp_path):
    assert shutil.which("tmux"), "tmux is required for this test (`make test` installs it)"
    exe = installed_command()
    db = tmp_path / "t.db"
    tmux = Tmux(f"tui-reader-test-{os.getpid()}")
    tmux.start_app(exe, ["open", str(SEED_A), str(SEED_B)], db, tmp_path)
    try:
        tmux.wait_for("NewsBite", "Featured", "0 spans")
        for key in ("v", "w", "w", "w", "2"):
            tmux("send-keys", "-t", "reader", key)
            time.sleep(0.05)
        tmux.wait_for("documents done · 1 span")  # the header counts the committed span
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait_for("EXIT=0")
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, timeout=30)

    out = subprocess.run([exe, "export", "--db", str(db)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    spans = [(d["id"], s) for d in docs for s in d["spans"]]
    assert len(spans) == 1
    doc_id, span = spans[0]
    text = SEED_A.read_text(encoding="utf-8")
    assert doc_id == SEED_A.stem
    assert (span["label"], span["start"], span["annotator"]) == ("quote", 0, "t")
    # the first three words by the documented rule (a word is a run of letters/digits or of punctuation:
    # NewsBite, ‘, Bad), white space at the ends trimmed
    assert span["text"] == text[: span["end"]] == "NewsBite\n\n‘Bad"


def test_restart_in_a_real_terminal_reopens_where_it_was_and_u_removes_the_span(tmp_path):
    """Resume, through the installed command: open two seeds, search deep into the first, tag two
    words, `q`; run `tui-reader` again without paths: the same two documents, the same cursor and lines on
    screen; `u` removes the span (undo reads the log, across the restart)."""
    assert shutil.which("tmux"), "tmux is required for this test (`make test` installs it)"
    exe = installed_command()
    db = tmp_path / "t.db"
    seed_c, seed_d = ROOT / "seeds" / "003_627dc8ff569bd4e9.txt", ROOT / "seeds" / "004_e55835728f6167c5.txt"
    tmux = Tmux(f"tui-reader-resume-{os.getpid()}")

    def start(args: str) -> None:
        tmux.start_app(exe, shlex.split(args), db, tmp_path)

    def keys(*pressed: str) -> None:
        for key in pressed:
            tmux("send-keys", "-t", "reader", key)
            time.sleep(0.05)

    def settled() -> str:
        last = ""
        while (shown := tmux.screen()) != last:
            last = shown
            time.sleep(0.5)
        return shown

    try:
        start(f"open {shlex.quote(str(seed_c))} {shlex.quote(str(seed_d))}")
        tmux.wait_for("Report: Trump Admin Trains Troops", "Trump Is About to Take Deadly Action", "0 spans")
        keys("/", *"Claudia Sheinbaum", "Enter")
        time.sleep(0.5)
        keys("v", "w", "w", "2")  # "Claudia Sheinbaum", two screens down the first article
        tmux.wait_for("documents done · 1 span")
        before = settled()
        left_pane = "\n".join(line[:52] for line in before.splitlines()[2:])
        assert "Claudia Sheinbaum" in left_pane and "Report: Trump" not in left_pane  # scrolled down
        keys("q")
        tmux.wait_for("EXIT=0")
        tmux("kill-session", "-t", "reader")
        start("")  # `tui-reader` again, no paths: where the annotator left off
        tmux.wait_for("documents done · 1 span")
        after = settled()
        # everything on screen is back; the status line holds the cursor, but not the search of the last session
        assert [ln for ln in after.splitlines() if "NORMAL" not in ln] == [
            ln for ln in before.splitlines() if "NORMAL" not in ln]  # fmt: skip
        assert cursor_of(status_line(after)) == cursor_of(status_line(before))
        keys("u")
        tmux.wait_for("documents done · 0 spans")
        keys("q")
        tmux.wait_for("EXIT=0")
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, timeout=30)
    text = seed_c.read_text(encoding="utf-8")
    status = next(line for line in before.splitlines() if "NORMAL" in line)  # "NORMAL  2905/5077 · quote ..."
    cursor = int(status.split()[1].split("/")[0])
    assert cursor >= text.index("Claudia Sheinbaum") > 2000  # the place restored was deep in the text
    out = subprocess.run([exe, "export", "--db", str(db)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [s for line in out.stdout.splitlines() for s in json.loads(line)["spans"]] == []


SEED_003 = ROOT / "seeds" / "003_627dc8ff569bd4e9.txt"


def test_search_to_a_quote_then_va_quote_2_in_a_real_terminal(tmp_path):
    """`/` to a quotation's opening mark, `va"2`, `q`: the stored span is the quotation, marks included
    (the quotation closes with a straight mark followed by a non-breaking space)."""
    assert shutil.which("tmux"), "tmux is required for this test (`make test` installs it)"
    exe = installed_command()
    db = tmp_path / "t.db"
    tmux = Tmux(f"tui-reader-test-q-{os.getpid()}")
    tmux.start_app(exe, ["open", str(SEED_003)], db, tmp_path)
    try:
        tmux.wait_for("0 spans", "NORMAL")
        tmux("send-keys", "-t", "reader", "/")
        tmux.wait_for("enter to find")
        tmux("send-keys", "-t", "reader", "-l", '"The Trump')
        tmux("send-keys", "-t", "reader", "Enter")
        tmux.wait_for('/"The Trump 1 of 1')  # the status line: the search and its count
        for key in ("v", "a", '"', "2"):
            tmux("send-keys", "-t", "reader", "-l", key)
            time.sleep(0.05)
        tmux.wait_for("documents done · 1 span")
        tagged_screen = tmux.screen()
        tagged = status_line(tagged_screen)
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait_for("EXIT=0")
        spans = exported_spans(exe, db, tmp_path)
        # restart without paths: the same document, the cursor where it was; then `u` takes the quote away
        tmux("kill-session", "-t", "reader")
        tmux.start_app(exe, [], db, tmp_path)
        tmux.wait_for("documents done · 1 span", "NORMAL")
        back_screen = tmux.screen()
        back = status_line(back_screen)
        tmux("send-keys", "-t", "reader", "u")
        tmux.wait_for("documents done · 0 spans")
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait_for("EXIT=0")
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, timeout=30)

    text = SEED_003.read_text(encoding="utf-8")
    start = text.index('"The Trump administration')
    end = text.index('citizens,"\u00a0a senior') + len('citizens,"')
    assert [(s["label"], s["start"], s["end"]) for s in spans] == [("quote", start, end)]
    assert spans[0]["text"] == text[start:end] and spans[0]["text"].startswith('"') and spans[0]["text"][-1] == '"'
    assert cursor_of(back) == cursor_of(tagged) == end  # after the tag the cursor stood just after the quote
    assert "Report: Trump Admin" in tagged_screen and "Report: Trump Admin" in back_screen  # the same document
    assert exported_spans(exe, db, tmp_path) == []  # `u` after the restart removed the quote


def status_line(screen: str) -> str:
    return next(line for line in screen.splitlines() if "NORMAL" in line)


def cursor_of(status: str) -> int:
    """The cursor's offset from the status line ("NORMAL  2905/5077 · ...")."""
    return int(status.split("NORMAL", 1)[1].split()[0].split("/")[0])


def exported_spans(exe: str, db: Path, cwd: Path) -> list[dict]:
    out = subprocess.run([exe, "export", "--db", str(db)], capture_output=True, text=True, timeout=60, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return [s for d in map(json.loads, out.stdout.splitlines()) for s in d["spans"]]


def test_review_suggestions_in_a_real_terminal_r_undone_then_a_and_x(tmp_path):
    """The review loop through the installed command: `tui-reader suggest`, then in the app `>` to the first
    suggestion, `r` by mistake (the cursor moves on), `u` (the cursor comes back to it), `a` (accepted; on to
    the next), `x` (a suggestion: rejected, not deleted), `q`. The store says so, and suggesting again adds
    nothing back."""
    assert shutil.which("tmux"), "tmux is required for this test (`make test` installs it)"
    exe = installed_command()
    db = tmp_path / "t.db"

    def cli(*args: str) -> str:
        done = subprocess.run([exe, *args, "--db", str(db)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("import", str(SEED_A), str(SEED_B))
    cli("suggest", "--doc", SEED_A.stem)
    tmux = Tmux(f"tui-reader-review-{os.getpid()}")
    tmux.start_app(exe, ["open", str(SEED_A), str(SEED_B)], db, tmp_path)
    try:
        tmux.wait_for("NewsBite", "Featured", "0 spans")
        for key in (">", "r", "u", "a", "x"):
            tmux("send-keys", "-t", "reader", key)
            time.sleep(0.3)
        tmux.wait_for("Rejected: statistic")
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait_for("EXIT=0")
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, timeout=30)
    out = [json.loads(line) for line in cli("export", "--status", "accepted", "--status", "rejected").splitlines()]
    decided = [(s["text"], s["label"], s["status"]) for d in out for s in d["spans"]]
    assert decided == [("‘Bad news’", "quote", "accepted"), ("thousands of troops", "statistic", "rejected")]
    assert cli("suggest", "--doc", SEED_A.stem).startswith("0 suggestions added")

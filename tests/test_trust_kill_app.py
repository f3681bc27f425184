"""`kill -9` of the app right after a tag leaves the tag in the database (docs/guarantees.md §1).

The installed `tui-reader open` runs in a real pty; a person selects three words and tags them; the moment the
screen shows the tag (the header counts it) the process gets SIGKILL: no quit, no close, no checkpoint.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

from ptyapp import PtyApp
from tui_reader.store import AnnotationStore

TEXT = "Alpha beta gamma delta.\nThe minister said the budget would rise.\n"


def test_kill_9_right_after_a_tag_keeps_the_tag(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(TEXT, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Another story.\n", encoding="utf-8")
    db = tmp_path / "a.db"
    with PtyApp(["open", str(src), str(other), "--db", str(db), "--annotator", "kim"], cwd=tmp_path) as app:
        app.wait_for("Alpha beta gamma delta.", "documents done · 0 spans")
        app.press("j", "w", "v", "w", "w", "w")  # "minister said the " from the second line
        mark = len(app.out)
        app.press("2", pause=0)
        app.wait_for("documents done · 1 span", since=mark)  # shown as done ...
        os.kill(app.proc.pid, signal.SIGKILL)  # ... and killed at once
        app.proc.wait(timeout=10)
        assert app.proc.returncode == -signal.SIGKILL
    assert Path(f"{db}-wal").exists()  # killed with its changes still in the write-ahead log, never checkpointed

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with AnnotationStore(db) as store:
        (span,) = store.spans()
        start = TEXT.index("minister")
        assert (span.doc_id, span.start, span.end, span.label, span.annotator, span.status) == (
            "story", start, start + len("minister said the"), "quote", "kim", "accepted")  # fmt: skip
        assert store.document_text("story")[span.start : span.end] == span.text == "minister said the"
        assert [(e.action, e.span_id) for e in store.events(annotator="kim")] == [("create", span.id)]

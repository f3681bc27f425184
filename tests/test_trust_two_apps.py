"""Two real app instances and a bulk importer write one database at once: nothing lost, nothing doubled.

docs/guarantees.md §2. The store-level version (tests/test_trust_concurrency.py) hammers the write path from
processes; this one is what annotators actually do: two people in two terminals tagging while a colleague runs
`tui-reader import` of a large JSON-lines file into the same database.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from ptyapp import PtyApp
from test_tmux import installed_command
from tui_reader.store import AnnotationStore

STORY = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu.\n"
TAGS = 5


def _bulk_jsonl(path: Path, docs: int = 100, spans_per_doc: int = 100, first: int = 0) -> int:
    words = "the minister said budget would rise sharply next year according to officials".split()
    with path.open("w", encoding="utf-8") as fh:
        for d in range(first, first + docs):
            text = " ".join(words[(d + i) % len(words)] for i in range(spans_per_doc * 2)) + "\n"
            starts, pos = [], 0
            for w in text.split(" "):
                starts.append((pos, pos + len(w.strip())))
                pos += len(w) + 1
            spans = [{"start": s, "end": e, "label": "claim", "text": text[s:e], "annotator": "bulk"}
                     for s, e in starts[:spans_per_doc] if e > s]  # fmt: skip
            fh.write(json.dumps({"id": f"bulk-{d:04d}", "text": text, "spans": spans}) + "\n")
    return docs


def _tag_words(app: PtyApp, other: PtyApp) -> None:
    """`v w 1` on a word, then `w` to the next one; the other terminal is read meanwhile so it never blocks."""
    for _ in range(TAGS):
        for key in ("v", "w", "1", "w"):
            app.press(key, pause=0.05)
            other.pump(0.05)


def test_two_apps_and_a_bulk_import_lose_and_double_nothing(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Another story.\n", encoding="utf-8")
    db = tmp_path / "team.db"
    # three files: one transaction each (docs/guarantees.md), so the importer lets go of the lock between them
    bulks = [tmp_path / f"bulk{i}.jsonl" for i in range(3)]
    n_docs = sum(_bulk_jsonl(b, first=100 * i) for i, b in enumerate(bulks))
    cmd = installed_command()
    subprocess.run([cmd, "import", str(story), str(other), "--db", str(db)], check=True, capture_output=True)

    args = ["open", str(story), str(other), "--db", str(db)]
    with PtyApp([*args, "--annotator", "kim"], cwd=tmp_path) as kim, \
            PtyApp([*args, "--annotator", "lee"], cwd=tmp_path) as lee:  # fmt: skip
        kim.wait_for("Alpha beta gamma")
        lee.wait_for("Alpha beta gamma")
        importer = subprocess.Popen([cmd, "import", *map(str, bulks), "--db", str(db)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        _tag_words(kim, lee)
        _tag_words(lee, kim)
        out, err = importer.communicate(timeout=120)
        assert importer.returncode == 0, err
        for app in (kim, lee):
            app.pump(0.5)
            assert "Not saved" not in app.text and "locked" not in app.text and "busy" not in app.text
            app.press("q", pause=0)
            assert app.wait_exit() == 0

    with AnnotationStore(db) as store:
        for who in ("kim", "lee"):
            mine = store.spans("story", annotators=[who])
            assert [s.text for s in mine] == STORY.split()[:TAGS]  # every tag, once, exactly the words
            assert len([e for e in store.events(annotator=who) if e.action == "create"]) == TAGS
        assert store.count_documents() == 2 + n_docs
        assert len(store.spans(annotators=["bulk"])) == sum(
            len(json.loads(line)["spans"]) for b in bulks for line in b.read_text().splitlines()
        )

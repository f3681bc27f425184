"""Helpers for the teams tests: small per-annotator databases (kept out of conftest.py, which others own)."""

from __future__ import annotations

from pathlib import Path

from tui_reader.models import Document
from tui_reader.store import AnnotationStore

TEXT = "The minister said 40% of schools will close. A source who asked not to be named disagreed.\n"


def make_db(path: Path, annotator: str, spans: list[tuple[int, int, str]], *, doc_id: str = "art",
            text: str = TEXT) -> AnnotationStore:  # fmt: skip
    store = AnnotationStore(path)
    store.add_document(Document(id=doc_id, text=text, source=f"{doc_id}.txt"))
    for start, end, label in spans:
        store.add_span(doc_id, start, end, label, annotator=annotator)
    return store


def team_pair(tmp_path: Path):
    """alice's and bob's own databases, the same article annotated differently."""
    alice = make_db(tmp_path / "alice.db", "alice", [(0, 44, "claim"), (18, 21, "statistic")])
    alice.set_progress("art", "alice", "done")
    bob = make_db(tmp_path / "bob.db", "bob", [(0, 44, "claim"), (45, 90, "anonymous source")])
    yield alice, bob
    alice.close()
    bob.close()

"""Importing native JSONL: each field of a span is checked (the well-formed case takes a fast path; anything
else the general one, which names the problem). A wrong type is reported for that span and never stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.corpus import Problem, Record
from tui_reader.formats import jsonl

TEXT = "The minister said “we won” 🙂 on Tuesday."
GOOD = {"id": "s1", "start": 4, "end": 12, "label": "claim", "text": "minister", "note": "n", "attrs": {"k": "v"},
        "annotator": "alice", "status": "suggested", "origin": "manual", "created_at": "2026-01-01T00:00:00.000Z",
        "updated_at": "2026-01-02T00:00:00.000Z", "stale": False}  # fmt: skip


def read_one(tmp_path: Path, span: dict[str, object]) -> tuple[list[Record], list[Problem]]:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d", "text": TEXT, "spans": [span]}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(jsonl.read(path))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, Problem)]


def test_a_well_formed_span_is_taken_as_written(tmp_path: Path) -> None:
    (rec,), problems = read_one(tmp_path, GOOD)
    assert problems == []
    (s,) = rec.spans
    assert (s.id, s.start, s.end, s.label, s.text, s.note, s.attrs, s.annotator, s.status, s.origin, s.created_at,
            s.updated_at, s.stale) == tuple(GOOD.values())  # fmt: skip


def test_missing_optional_fields_take_their_defaults(tmp_path: Path) -> None:
    (rec,), _ = read_one(tmp_path, {"start": 27, "end": 28, "label": "emoji", "id": 7, "note": None})
    (s,) = rec.spans
    assert (s.id, s.text, s.note, s.attrs, s.annotator, s.status, s.origin, s.stale) == (
        "7", "🙂", "", {}, "", "accepted", "import", False)
    assert s.created_at and s.updated_at == s.created_at


@pytest.mark.parametrize(("key", "value", "says"), [
    ("start", "4", "integers"), ("end", True, "integers"), ("label", 5, '"label"'), ("label", "", '"label"'),
    ("text", 5, '"text"'), ("text", "minister!", "does not match"), ("id", ["x"], '"id"'),
    ("created_at", 5, '"created_at"'), ("updated_at", {}, '"updated_at"'), ("note", ["x"], '"note"'),
    ("annotator", 5, '"annotator"'), ("origin", 1.5, '"origin"'), ("attrs", "zz", '"attrs"'),
    ("stale", "yes", '"stale"'), ("status", "done", "unknown status"), ("end", 999, "out of range"),
])  # fmt: skip
def test_a_span_with_a_wrong_field_is_reported_and_not_taken(tmp_path: Path, key: str, value: object,
                                                             says: str) -> None:  # fmt: skip
    (rec,), problems = read_one(tmp_path, {**GOOD, key: value})
    assert rec.spans == []
    (p,) = problems
    assert "span 1" in p.reason and says in p.reason, p.reason

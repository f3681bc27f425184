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


# -- the import's path: spans as store rows (`read(..., rows=True)`, no Span per span) -------------------------
# `tui-reader import` reads native JSONL this way; it must take and refuse exactly what the Span path does.
# Mutation checks done by hand: dropping the `given == covered` test, or the status check, from
# `jsonl._span_rows` fails the first test below; making the store trust SpanRows made from another text fails
# the last one.

ROW_CASES = [GOOD, {**GOOD, "attrs": {}, "note": "", "stale": True, "origin": None, "updated_at": None},
             {**GOOD, "id": "s2", "start": 27, "end": 28, "text": "🙂", "attrs": {"b": [1, {"z": "é"}], "a": 1}},
             {"start": 27, "end": 28, "label": "emoji", "id": 7, "note": None},
             *({**GOOD, k: v} for k, v, _ in [("start", "4", 0), ("end", True, 0), ("label", 5, 0), ("label", "", 0),
               ("text", 5, 0), ("text", "minister!", 0), ("id", ["x"], 0), ("created_at", 5, 0), ("note", ["x"], 0),
               ("annotator", 5, 0), ("origin", 1.5, 0), ("attrs", "zz", 0), ("stale", "yes", 0),
               ("status", "done", 0), ("end", 999, 0), ("start", -1, 0), ("id", "", 0), ("created_at", "", 0)]),
             [1, 2], "a span"]  # fmt: skip


def read_both(tmp_path: Path, spans: list[object]) -> tuple[list[object], list[tuple[object, ...]], list[str],
                                                              list[str]]:  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d", "text": TEXT, "spans": spans}, ensure_ascii=False) + "\n", encoding="utf-8")
    as_spans, as_rows = list(jsonl.read(path)), list(jsonl.read(path, rows=True))
    recs = [i for i in as_spans if isinstance(i, Record)], [i for i in as_rows if isinstance(i, Record)]
    return (recs[0][0].spans, list(recs[1][0].spans), [p.reason for p in as_spans if isinstance(p, Problem)],
            [p.reason for p in as_rows if isinstance(p, Problem)])  # fmt: skip


@pytest.mark.parametrize("span", ROW_CASES)
def test_the_import_rows_take_and_refuse_what_the_span_path_does(tmp_path: Path, span: object) -> None:
    from tui_reader.store.rows import bulk_span_values

    spans, rows, problems, row_problems = read_both(tmp_path, [span])
    assert row_problems == problems
    made = not (isinstance(span, dict) and span.get("id") and span.get("created_at"))  # defaults: a new id, now
    want = [bulk_span_values(s) for s in spans]
    if made:
        want, rows = [w[1:11] + w[13:] for w in want], [r[1:11] + r[13:] for r in rows]
    assert rows == want


def test_a_repeated_span_id_on_a_line_is_reported_by_the_rows_path_too(tmp_path: Path) -> None:
    spans, rows, problems, row_problems = read_both(tmp_path, [GOOD, {**GOOD, "start": 0, "end": 3, "text": "The"}])
    assert len(rows) == len(spans) == 1 and row_problems == problems and "already span 1's" in problems[0]


def test_the_store_checks_import_rows_made_from_another_text(tmp_path: Path) -> None:
    from tui_reader.models import Document
    from tui_reader.store import AnnotationStore, StoreError
    from tui_reader.store.rows import SpanRows

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d", "text": TEXT, "spans": [GOOD]}, ensure_ascii=False) + "\n", encoding="utf-8")
    (rec,) = jsonl.read(path, rows=True)
    assert isinstance(rec, Record) and isinstance(rec.spans, SpanRows)
    other = Document(id="d", text="An other text, long enough for the span's offsets.")
    with AnnotationStore(tmp_path / "a.db") as store:
        with pytest.raises(StoreError, match="does not match"):
            store.import_records([(other, rec.spans, [], [])])
        assert store.spans() == [] and not store.has_document("d")  # nothing from that call stays
        store.import_records([(rec.doc, rec.spans, [], [])])
        (s,) = store.spans()
        assert (s.id, s.text, s.attrs, s.annotator) == ("s1", "minister", {"k": "v"}, "alice")


def test_attrs_are_stored_as_json_dumps_writes_them() -> None:
    """The bulk import joins the usual attrs (strings to strings) itself: byte for byte what json.dumps writes,
    escapes (quotes, backslashes, control characters, U+2028, lone surrogates) included. Mutation check done by
    hand: dropping `sorted` from `rows._encode_attrs` fails it."""
    import random

    from tui_reader.store.rows import _encode_attrs

    rng = random.Random(5)
    pieces = ["a", "é", "\u2028", '"', "\\", "\n", "\x00", "🙂", "\ud800", "Z", " ", "\x7f", "\u0085", "/"]

    def word() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))

    for _ in range(3000):
        attrs = {word(): word() if rng.random() < 0.9 else rng.choice([1, None, [word()], {"x": word()}, 2.5, True])
                 for _ in range(rng.randint(1, 4))}  # fmt: skip
        assert _encode_attrs(attrs) == json.dumps(attrs, ensure_ascii=False, sort_keys=True)

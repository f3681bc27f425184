"""Property tests: random bytes, Unicode, control characters and markup-like strings go through import and export
without a crash, and every exported span satisfies `text[start:end] == span.text`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tui_reader.corpus import DecodeError, decode, normalise
from tui_reader.exporting import Filters, export_to_string
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore

HOSTILE = [
    "[@click=app.quit]", "[/]", "[bold red]x[/bold red]", "[The minister]", "\x1b]0;pwned\x07", "\x1b[2J",
    "\x1b]52;c;aGk=\x07", "\x9b31m", "\u202e", "\u2028", "\u0085", "\r\n", "\r", "\t", "\x00", "\ufeff",
    "e\u0301", "\U0001f1eb\U0001f1f7", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "中文", "\ud7ff", "{}", '"',
]  # fmt: skip
pieces = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=12),
                   st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Mn", "So"]).map(str))  # fmt: skip
texts = st.lists(pieces, min_size=1, max_size=30).map("".join)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check_export(store: AnnotationStore) -> list[dict]:
    out = export_to_string(store, "jsonl", filters=Filters(statuses=("accepted", "suggested", "rejected")))
    records = [json.loads(line) for line in out.split("\n") if line]
    assert len(records) == store.count_documents()
    for rec in records:
        for s in rec["spans"]:
            assert rec["text"][s["start"] : s["end"]] == s["text"]
    return records


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_as_a_text_file_import_or_are_refused_cleanly(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "doc.txt"
        f.write_bytes(data)
        with AnnotationStore(Path(d) / "a.db") as store:
            report = import_paths(store, [f])
            try:
                text = decode(data)
            except DecodeError as e:
                assert [str(p) for p in report.problems] == [f"{f}: {e}"]
                assert store.count_documents() == 0
            else:
                assert not report.problems and store.document_text("doc") == text
                assert "\r" not in text and not text.startswith("\ufeff")
            _check_export(store)


@FUZZ
@given(text=texts, cuts=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 40)), max_size=6),
       label=st.sampled_from(["claim", "[b]quote[/b]", "\x1b[31mred", "anonymous source"]),
       note=texts)  # fmt: skip
def test_hostile_text_and_spans_survive_export_and_reimport_unchanged(text: str, cuts: list[tuple[int, int]],
                                                                      label: str, note: str) -> None:  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "doc.txt"
        src.write_bytes(text.encode("utf-8", "surrogatepass"))
        with AnnotationStore(Path(d) / "a.db") as store:
            report = import_paths(store, [src])
            event("refused" if report.problems else "imported")
            if report.problems:  # only NUL, lone surrogates or an empty text may be refused
                assert "\x00" in text or not normalise(text).strip() or any(0xD800 <= ord(c) <= 0xDFFF for c in text)
                return
            stored = store.document_text("doc")
            for start, length in cuts:
                if start < len(stored):
                    end = min(len(stored), start + length)
                    span = store.add_span("doc", start, end, label, note=note, annotator=note[:10])
                    assert stored[span.start : span.end] == span.text
            first = export_to_string(store, "jsonl")
            records = _check_export(store)
            assert all("\u2028" not in line for line in first.split("\n"))
        out = Path(d) / "out.jsonl"
        out.write_text(first, encoding="utf-8")
        with AnnotationStore(Path(d) / "b.db") as again:
            report = import_paths(again, [out])
            assert not report.problems, [str(p) for p in report.problems]
            assert export_to_string(again, "jsonl") == first
            assert [len(r["spans"]) for r in records] == [len(again.spans("doc"))]


@FUZZ
@given(obj=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "text", "spans", "start", "end", "label", "status", "progress", "links",
                         "offsets", "group", "annotator", "meta", "attrs", "note"]), inner, max_size=6),
    max_leaves=25))  # fmt: skip
def test_arbitrary_json_lines_never_crash_the_import(obj: object) -> None:
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "in.jsonl"
        f.write_text(json.dumps(obj) + "\n" + json.dumps({"id": "ok", "text": "fine"}) + "\n", encoding="utf-8")
        with AnnotationStore(Path(d) / "a.db") as store:
            report = import_paths(store, [f])
            assert all(p.path == str(f) and p.line in (1, 2) for p in report.problems)
            assert store.has_document("ok") or any(p.line == 2 for p in report.problems)
            _check_export(store)

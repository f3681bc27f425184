"""Hypothesis: random spans on random Unicode text (astral emoji, ZWJ sequences, flags, combining marks, CJK,
line breaks of every kind, tabs, NUL) survive export and import in every format and both offset units, with
`text[start:end] == span.text`; and the UTF-16 conversion agrees with counting encoded units."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui_reader import formats
from tui_reader.corpus import Problem, Record, normalise
from tui_reader.formats.common import LINE_BREAKS
from tui_reader.models import Document, Span
from tui_reader.offsets import OffsetMap

PIECES = ["👨\u200d👩\u200d👧", "🇫🇷", "e\u0301", "東京", "😀", "\n", "\u2028", "\r", "\t", "\x00", " ", "a", "«", "\\n"]
chars = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(PIECES))
texts = st.lists(chars, min_size=1, max_size=30).map("".join).filter(lambda t: t.strip() != "")
labels = st.sampled_from(["claim", "anonymous source", "my_label", "x\ty z", "東京"])
notes = st.one_of(st.just(""), st.lists(chars, max_size=8).map("".join))
NOTES_KEPT = {"doccano", "brat", "w3c", "csv", "jsonl", "labelstudio", "spacy"}
CODEPOINT_ONLY = {"w3c", "labelstudio", "spacy"}  # formats whose offsets are code points by definition
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def documents(draw: st.DrawFn) -> Record:
    text = draw(texts)
    doc = Document(id="doc", text=text)
    spans = []
    for i in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Span(doc_id="doc", start=start, end=end, label=draw(labels), text=text[start:end],
                          note=draw(notes), id=f"018f0000-0000-7000-8000-{i:012d}"))  # fmt: skip
    return Record(doc, spans)


def brat_expected(text: str, s: Span) -> tuple[int, int] | None:
    """brat cannot start or end a span on a line break: those are trimmed (a span of only breaks is left out)."""
    a, b = s.start, s.end
    while a < b and text[a] in LINE_BREAKS:
        a += 1
    while b > a and text[b - 1] in LINE_BREAKS:
        b -= 1
    return (a, b) if a < b else None


def round_trip(fmt: str, rec: Record, offsets: str) -> list[Span]:
    mod = formats.get(fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("out" + mod.EXTENSION)
        if mod.DIRECTORY or getattr(mod, "BINARY", False):
            mod.write([rec], path, offsets=offsets)
        else:
            buf = io.StringIO(newline="")
            mod.write([rec], buf, offsets=offsets)
            path.write_bytes(buf.getvalue().encode("utf-8"))
        kw = {"documents": lambda key: rec.doc if key == rec.doc.id else None} if getattr(mod, "NEEDS_DOCUMENTS", False) else {}
        items = list(mod.read(path, offsets=offsets, **kw))
    problems = [i for i in items if isinstance(i, Problem)]
    assert not problems, problems
    spans = [s for r in items for s in r.spans]
    for r in items:
        # the text comes back as it was; a document without spans is normalised (CR -> LF; a leading U+FEFF is
        # text in every format: brat reads its .txt so too), nothing can shift
        assert r.doc.text == (rec.doc.text if r.spans else normalise(rec.doc.text, drop_bom=False))
        for s in r.spans:
            assert r.doc.text[s.start : s.end] == s.text
    return spans


@pytest.mark.parametrize(("fmt", "offsets"), [
    (fmt, off) for fmt in ("jsonl", "doccano", "prodigy", "brat", "w3c", "csv", "labelstudio", "spacy")
    for off in ("codepoint", "utf16") if off == "codepoint" or fmt not in CODEPOINT_ONLY])  # fmt: skip
def test_random_spans_survive(fmt: str, offsets: str) -> None:
    @SETTINGS
    @given(rec=documents())
    def check(rec: Record) -> None:
        assume(fmt != "w3c" or rec.spans)  # no span, no annotation: an empty w3c file is reported as empty
        got = round_trip(fmt, rec, offsets)
        text = rec.doc.text
        if fmt == "brat":
            want = [(*ab, s.label, s.note) for s in rec.spans if (ab := brat_expected(text, s))]
        else:
            want = [(s.start, s.end, s.label, s.note) for s in rec.spans]
        if fmt not in NOTES_KEPT:
            want = [(*w[:3], "") for w in want]
        if fmt == "doccano":  # several spans on the same offsets and label: notes are matched in order
            assert sorted(w[:3] for w in want) == sorted((s.start, s.end, s.label) for s in got)
            assert sorted(w[3] for w in want) == sorted(s.note for s in got)
            return
        assert sorted(want) == sorted((s.start, s.end, s.label, s.note) for s in got)

    check()


@settings(max_examples=200, deadline=None)
@given(text=texts, data=st.data())
def test_utf16_offsets_count_encoded_units(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text)))
    conv = OffsetMap(text)
    u16 = conv.to_utf16(i)
    assert u16 == len(text[:i].encode("utf-16-le")) // 2
    assert conv.from_utf16(u16) == i


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "prodigy", "brat"])
@pytest.mark.parametrize("text", ["\ufeff", "\ufeffNews"])
def test_a_leading_u_feff_is_text_in_every_format_even_without_spans(fmt: str, text: str) -> None:
    """Hypothesis found it: brat read a document's leading U+FEFF as a byte-order mark when the document had no
    spans (a text of only U+FEFF was then "empty"), though with spans the same file kept it."""
    mod = formats.get(fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("out" + mod.EXTENSION)
        rec = Record(Document(id="d1", text=text, title="t", source="s"), [])
        if mod.DIRECTORY:
            mod.write([rec], path, offsets="codepoint")
        else:
            buf = io.StringIO(newline="")
            mod.write([rec], buf, offsets="codepoint")
            path.write_bytes(buf.getvalue().encode("utf-8"))
        items = list(mod.read(path, offsets="codepoint"))
    assert [i.doc.text if isinstance(i, Record) else i for i in items] == [text]

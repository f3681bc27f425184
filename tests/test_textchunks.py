"""A big text held compactly (textchunks.ChunkedText): every motion, text object, f / t and search gives on it
exactly what it gives on the same text as a `str`, also across chunk edges; the app holds a big article with a
single emoji in about its UTF-8 size, and a span tagged after that emoji keeps exact code-point offsets through
the store and the export."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from apphelp import SIZE, make_app, stored
from test_big_document import big_prefix, make_db
from tui_reader import textchunks, textnav
from tui_reader.exporting import export_to_string
from tui_reader.store import AnnotationStore
from tui_reader.textchunks import ChunkedText
from tui_reader.textsearch import LiteralSearch
from tui_reader.tui.document_view import DocumentView

MOTIONS = ("grapheme_start", "next_grapheme", "prev_grapheme", "next_word", "prev_word", "word_at",
           "next_sentence", "sentence_start", "prev_sentence", "sentence_at", "next_paragraph", "prev_paragraph",
           "next_WORD", "prev_WORD")  # fmt: skip


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks, windows and search windows a few dozen code points long: every edge case falls inside a test."""
    monkeypatch.setattr(textchunks, "CHUNK", 64)
    monkeypatch.setattr(textchunks, "FIRST_RADIUS", 8)
    monkeypatch.setattr(LiteralSearch, "WINDOW", 50)


def sample() -> str:
    text = big_prefix(2500)[:2400]
    return text[:900] + " “Quoted (words),” she said 🙂 e\u0301 👨\u200d👩\u200d👧.\n\n" + text[900:] + "\n"


@pytest.mark.parametrize("build", ["from_str", "from_utf8"])
def test_every_motion_and_search_on_chunks_matches_the_str(small_chunks: None, build: str) -> None:
    text = sample()
    data = text.encode("utf-8")
    ct = (ChunkedText.from_str(text) if build == "from_str"
          else ChunkedText.from_utf8(data[i : i + 37] for i in range(0, len(data), 37)))  # fmt: skip
    assert len(ct) == len(text) and str(ct) == text and ct == text
    for i in range(0, len(text) + 1, 13):
        for name in MOTIONS:
            assert getattr(textnav, name)(ct, i) == getattr(textnav, name)(text, i), (name, i)
        j = min(len(text), i + 40)
        assert textnav.cluster_range(ct, i, j) == textnav.cluster_range(text, i, j)
        assert textnav.trimmed(ct, i, j) == textnav.trimmed(text, i, j)
        assert ct[i:j] == text[i:j] and ct.find("\n", i) == text.find("\n", i)
        assert ct.rfind(" s", 0, i) == text.rfind(" s", 0, i) and ct.count("\n", i, j + 300) == text.count("\n", i, j + 300)
        if i < len(text):
            for obj in textnav.TEXT_OBJECTS:
                for around in (True, False):
                    assert textnav.text_object(ct, i, obj, around=around) == textnav.text_object(text, i, obj, around=around)
            for ch, kw in (("a", {}), (" ", {"forward": False}), ('"', {"till": True})):
                assert textnav.find_char(ct, i, ch, **kw) == textnav.find_char(text, i, ch, **kw)
    assert textnav.last_grapheme(ct) == textnav.last_grapheme(text)
    for query in ("said", "🙂 e\u0301", "Quoted", "zzz", "the "):
        a, b = LiteralSearch(query), LiteralSearch(query)
        for i in range(0, len(text), 31):
            for forward in (True, False):
                assert a.next_from(ct, i, forward) == b.next_from(text, i, forward), (query, i, forward)
            assert a.matches_in(ct, i, i + 70) == b.matches_in(text, i, i + 70)
        assert a.count(ct, 0) == b.count(text, 0)


def test_a_match_across_a_chunk_edge_or_a_search_window_edge_is_found(small_chunks: None) -> None:
    search = LiteralSearch("needle")
    text = "x" * 60 + "needle" + "y" * 200
    ct = ChunkedText.from_str(text)  # chunks of 64: "needle" runs over the first chunk edge
    assert search.next_from(ct, 0) == (60, 66) == search.next_from(text, 0)
    assert ct.find("needle") == 60 and ct.rfind("needle") == 60
    text = "x" * 52 + "needle" + "y" * 124 + "needle" + "z" * 100
    ct = ChunkedText.from_str(text)  # search windows of 50 (+ 5): each match runs over a window's edge,
    assert search.next_from(ct, 0) == (52, 58)  # the first forwards ([0, 55) then [50, 105))
    assert search.find(ct, 0, 240, forward=False) == (182, 188)  # the second backwards ([185, 240), [135, 190))
    assert search.next_from(ct, 20, forward=False) == (182, 188)  # wrapping round to the last one


async def test_one_emoji_far_in_a_big_article_keeps_offsets_through_tag_and_export(tmp_path: Path) -> None:
    """1.5 MB of ASCII, one emoji 1.2 M characters in, a word tagged after it: the app holds the text in about
    its UTF-8 size (a str of it would take 4 bytes per character), and the stored span and the export carry
    the code-point offsets of the stored text."""
    rng = random.Random(3)
    words = ("the", "council", "said", "budget", "rose", "minister")
    body = " ".join(rng.choice(words) for _ in range(260_000))
    text = body[:1_200_000] + " 🙂 Zanzibar " + body[1_200_000:] + "\n"
    db, doc_id = make_db(tmp_path, "emoji", text)
    app = make_app(db, [doc_id])
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        await pilot.pause()
        assert view.text == text
        held = view.text.held_bytes() if isinstance(view.text, ChunkedText) else 4 * len(text)
        assert held < 1.1 * len(text.encode("utf-8"))
        await pilot.press("slash", *"zanzibar", "enter")
        await pilot.pause()
        assert view.cursor == text.index("Zanzibar")
        await pilot.press("v", "w", "1")  # select the word (to the next one; the blank is trimmed), tag it
        await pilot.pause()
    spans = stored(db, doc_id)
    assert [(s.start, s.end, s.text) for s in spans] == [(text.index("Zanzibar"), text.index("Zanzibar") + 8, "Zanzibar")]
    with AnnotationStore(db) as store:
        (line,) = [json.loads(x) for x in export_to_string(store, "jsonl").splitlines() if "Zanzibar" in x]
    (span,) = line["spans"]
    assert text[span["start"] : span["end"]] == span["text"] == "Zanzibar"

"""Echoes through the index: the same echoes as comparing every span with every window of every
other document, on generated corpora with near-duplicate passages, edits, reordering and unicode; the CLI
`echoes` output on the seeds the same as the exhaustive search's; the index follows changed documents."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.align import all_echoes, find_echoes, find_echoes_exhaustive, normalise, prepare_echoes
from tui_reader.cli import main
from tui_reader.echo_index import STEM, EchoIndex, tokens
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOLD = Path(__file__).resolve().parent / "data" / "gold_seeds.jsonl"

# news-like words: function words, names with accents, numbers, an abbreviation, CJK, a dotted capital I
VOCAB = ("the", "of", "and", "to", "said", "a", "in", "officials", "cartels", "troops", "border", "Mexico",
         "Sheinbaum", "Zürich", "İstanbul", "naïve", "Ökonomie", "U.S.", "10,000", "55", "four", "hundreds",
         "extradited", "leaders", "figures", "president", "administration", "committed", "threats", "中文報道",
         "minister", "rejected", "proposal", "budget", "she’s", "won’t", "Dubois", "Nguyễn", "ΣΟΦΊΑ", "drones")  # fmt: skip
GLUE = ("", "", "", ",", ".", " —", ":", " 🎉", " 👩‍👩‍👧", "”", "’")


@st.composite
def passage(draw: st.DrawFn, lo: int = 3, hi: int = 14) -> list[str]:
    return draw(st.lists(st.sampled_from(VOCAB), min_size=lo, max_size=hi))


@st.composite
def edited(draw: st.DrawFn, words: list[str]) -> list[str]:
    """A passage as another article repeats it: unchanged, or one edit (a word replaced, dropped or added,
    a typo, the halves swapped, another case)."""
    words = list(words)
    kind = draw(st.sampled_from(["same", "replace", "drop", "insert", "typo", "swap", "case"]))
    i = draw(st.integers(0, len(words) - 1))
    if kind == "replace":
        words[i] = draw(st.sampled_from(VOCAB))
    elif kind == "drop" and len(words) > 1:
        del words[i]
    elif kind == "insert":
        words.insert(i, draw(st.sampled_from(VOCAB)))
    elif kind == "typo" and len(words[i]) > 3:
        w = words[i]
        words[i] = w[:1] + w[2] + w[1] + w[3:]
    elif kind == "swap":
        words = words[i:] + words[:i]
    elif kind == "case":
        words = [w.upper() for w in words]
    return words


def render(draw: st.DrawFn, words: list[str]) -> str:
    return " ".join(w + draw(st.sampled_from(GLUE)) for w in words)


@st.composite
def corpora(draw: st.DrawFn) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """3-5 documents of prose, some of them repeating shared passages (edited); spans cut from them."""
    shared = [draw(passage(4, 14)) for _ in range(draw(st.integers(1, 3)))]
    docs: dict[str, str] = {}
    for d in range(draw(st.integers(3, 5))):
        parts = []
        for _ in range(draw(st.integers(1, 5))):
            if draw(st.booleans()):
                parts.append(render(draw, draw(edited(draw(st.sampled_from(shared))))))
            else:
                parts.append(render(draw, draw(passage(1, 12))))
        docs[f"d{d}"] = ". ".join(parts)
    spans = []
    for _ in range(draw(st.integers(1, 6))):
        doc = draw(st.sampled_from(sorted(docs)))
        text = docs[doc]
        if draw(st.booleans()):  # a shared passage as written there
            words = draw(st.sampled_from(shared))
            spans.append((doc, render(draw, words)))
        else:  # a cut of the document
            a = draw(st.integers(0, len(text) - 1))
            b = draw(st.integers(a + 1, min(len(text), a + 120)))
            spans.append((doc, text[a:b]))
    return docs, spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.sampled_from([75.0, 60.0, 90.0, 50.0]))
def test_indexed_echoes_are_the_exhaustive_echoes(corpus: tuple[dict[str, str], list[tuple[str, str]]],
                                                  min_score: float) -> None:  # fmt: skip
    docs, spans = corpus
    index = EchoIndex(docs)
    for own, span in spans:
        want = {d: found for d, text in docs.items() if d != own
                if (found := find_echoes_exhaustive(span, text, min_score))}  # fmt: skip
        got = index.echoes(span, min_score, exclude=own)
        assert set(got) <= set(want)  # never echoes in a document where the exhaustive search finds none
        for d, found in want.items():
            one_text = find_echoes(span, docs[d], min_score)  # the app's search: an index of that text alone
            if all(_shares_the_assumed_stems(span, docs[d][a:b]) for a, b, _ in found):
                assert got.get(d) == found == one_text, d  # what the index assumes holds: the exhaustive echoes
            else:  # the documented miss: a passage scoring high on few of the span's stems ("the the the"):
                # missed, or a window overlapping it found, never an echo where the exhaustive search has none
                for a, b, _ in got.get(d, []) + one_text:
                    assert any(a < fb and fa < b for fa, fb, _ in found), d
        for d in docs:
            if d != own and d not in want:
                assert find_echoes(span, docs[d], min_score) == []


def _shares_the_assumed_stems(span: str, passage: str) -> bool:
    """docs/assist.md "How echoes are found": a passage the index finds shares at least half of the span's
    distinct word stems (a span of 3 words or fewer: all of them, word for word)."""
    q = {w[:STEM] for w in tokens(span).words}
    p = {w[:STEM] for w in tokens(passage).words}
    if len(tokens(span).words) <= 3:
        return q <= p
    return len(q & p) >= max(1, math.ceil(len(q) / 2))  # "at least half", as documented


def test_the_index_misses_only_what_it_documents() -> None:
    """Hypothesis found it: a span of stop words ("the the the to. of t") scores 78.9 against "the. the. the
    the ..." while sharing one of its four stems; the index does not look there (documented), and finds
    nothing the exhaustive search does not."""
    docs = {"d0": "the the the to. of the the the the the the", "d1": "the. the. the the the the the the", "d2": "the"}
    span = "the the the to. of t"
    want = find_echoes_exhaustive(span, docs["d1"], 75.0)
    assert want and not _shares_the_assumed_stems(span, docs["d1"][want[0][0]:want[0][1]])
    assert EchoIndex(docs).echoes(span, 75.0, exclude="d0") == {}


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aZ İΣσς’'.,`´ 10éé\u0301中🎉-\n"), max_size=40))
def test_index_words_and_offsets_are_the_normalised_words(text: str) -> None:
    tok = tokens(text)
    nt = normalise(text)
    assert " ".join(tok.words) == nt.text
    assert list(tok.starts) == [nt.index[i] for i in nt.word_starts]
    assert list(tok.ends) == [nt.index[i - 1] + 1 for i in nt.word_ends]


def test_the_index_follows_replaced_added_and_removed_documents() -> None:
    claim = "extradited 55 top cartel figures to the US"
    index = EchoIndex({"a": f"Mexico {claim} last year.", "b": "Nothing about it here."})
    assert list(index.echoes(claim)) == ["a"]
    index.add("b", f"Officials said Mexico {claim}.")  # b now repeats the claim
    index.add("c", "Another article, another subject.")
    found = index.echoes(claim, exclude="a")
    assert list(found) == ["b"] and found["b"] == find_echoes_exhaustive(claim, index.text("b"))
    index.remove("b")
    assert index.echoes(claim, exclude="a") == {} and "b" not in index and len(index) == 2
    index.compact()
    assert list(index.echoes(claim)) == ["a"]


# --- the seeds, with the hand annotation as accepted spans: the CLI output is the exhaustive search's --------


@pytest.fixture
def gold_db(tmp_path: Path) -> Path:
    db = tmp_path / "a.db"
    with AnnotationStore(db) as st_:
        import_paths(st_, [SEEDS])
        for line in GOLD.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for s in doc["spans"]:
                st_.add_span(doc["id"], s["start"], s["end"], s["label"], annotator="gold")
    return db


def test_cli_echoes_on_the_seeds_are_the_exhaustive_search_s(gold_db: Path) -> None:
    with AnnotationStore(gold_db) as st_:
        want = all_echoes(st_, exhaustive=True)
        assert len(want) >= 6  # the seeds repeat several claims (docs/assist.md)
        assert all_echoes(st_) == want
        # a lower threshold finds twice as many (25 vs 12), still the exhaustive search's; 65, not 60: at 60 the
        # two searches cost ~6 s CPU of this test's ~7 (thresholds down to 50 are in the property test above)
        low = all_echoes(st_, 65.0, exhaustive=True)
        assert all_echoes(st_, 65.0) == low and len(low) > len(want)
    res = CliRunner().invoke(main, ["echoes", "--db", str(gold_db), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [asdict(e) for e in want]
    text = CliRunner().invoke(main, ["echoes", "--db", str(gold_db)]).output
    assert text.splitlines()[-1] == f"{len(want)} echoes of {len({e.span_id for e in want})} spans"
    first = want[0]
    assert f"{first.score:5.1f}  {first.doc_id} {first.start}-{first.end} {first.label}:" in text


def test_find_echoes_in_a_prepared_text_is_the_exhaustive_search_s() -> None:
    other = (SEEDS / "003_627dc8ff569bd4e9.txt").read_text(encoding="utf-8")
    prepare_echoes(other)
    for span in ("Mexico is run by the cartels", "10,000 troops", "extradited 55 top cartel figures to the US",
                 "coordinates and collaborates, but does not subordinate itself", "officials"):  # fmt: skip
        assert find_echoes(span, other) == find_echoes_exhaustive(span, other)
    assert find_echoes("coordinates and collaborates, but does not subordinate itself", other)  # a real echo

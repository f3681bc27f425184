"""Echoes: the same claim found in other articles (exact or near-exact wording), linking them into a group,
the group in stats and in the JSONL export, and the `echoes` CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.align import DEFAULT_MIN_SCORE, all_echoes, find_echoes, link_echo
from tui_reader.cli import main
from tui_reader.exporting import export_to_string
from tui_reader.importing import import_paths
from tui_reader.report import format_stats
from tui_reader.store import AnnotationStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NEWSBITE, FEATURED, TOWNHALL, NEWSMAX, TIPSHEET = (
    "000_f7313eefdddd6988", "001_1f15dbbd00519135", "002_864af2513c4cf570", "003_627dc8ff569bd4e9",
    "004_e55835728f6167c5",
)  # fmt: skip


def seed(doc_id: str) -> str:
    return (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")


def passages(span_text: str, other: str, min_score: float = DEFAULT_MIN_SCORE) -> list[str]:
    return [other[a:b] for a, b, _ in find_echoes(span_text, other, min_score)]


# --- find_echoes ------------------------------------------------------------------------------------------


def test_case_punctuation_and_quote_style_do_not_matter() -> None:
    other = 'Trump said: "MEXICO is run by the cartels!" Then he left.'
    ((a, b, score),) = find_echoes("“Mexico is run by the cartels,”", other)
    assert other[a:b] == "MEXICO is run by the cartels" and score == 100.0
    assert passages("the U.S. border", "troops went to the US border.") == ["the US border"]


def test_near_exact_wording_scores_below_100_but_is_found() -> None:
    span = "The Trump administration is committed to using a whole-of-government approach to address the threats"
    other = seed(NEWSMAX)
    ((a, b, score),) = find_echoes(span, other)
    assert other[a:b].startswith("The Trump administration is committed to utilizing an all-of-government")
    assert DEFAULT_MIN_SCORE <= score < 100


def test_offsets_are_code_points_after_emoji_cjk_and_combining_marks() -> None:
    other = "🎉👩‍👩‍👧 中文報道 e\u0301te\u0301: “Mexico is run by the cartels,” he said. 🎉"
    ((a, b, _),) = find_echoes("Mexico is run by the cartels", other)
    assert other[a:b] == "Mexico is run by the cartels"
    assert a == other.index("Mexico")


def test_every_place_is_found_without_overlaps() -> None:
    other = "Mexico is run by the cartels. Later: mexico is run by the cartels. And again, Mexico is run by the cartels."
    got = find_echoes("Mexico is run by the cartels", other)
    assert [other[a:b].lower() for a, b, _ in got] == ["mexico is run by the cartels"] * 3
    assert sorted(a for a, _, _ in got) == [0, other.index("mexico"), other.rindex("Mexico")]


def test_different_numbers_are_not_the_same_claim() -> None:
    assert passages("more than 4,000 Marines were sent", "more than 400,000 Mexicans were sent") == []
    assert passages("hundreds of thousands of Americans", "tens of thousands of Americans") == []
    assert passages("10,000 troops", "Mexico deployed 10,000 troops to the border") == ["10,000 troops"]


def test_short_generic_spans_do_not_echo_everywhere() -> None:
    assert passages("officials", "officials said, and officials added") == []
    assert passages("They are bad news,", "they are, and that is bad") == []


def test_unrelated_text_is_not_an_echo() -> None:
    assert passages("The cartels are waging war on America", seed(TIPSHEET)) == []


WORDS = st.sampled_from(["Mexico", "is", "run", "by", "the", "cartels", "“", "”", "U.S.", "10,000", ",", ".",
                         " ", "\n", "🎉", "İ", "e\u0301", "中文", "’s", "troops"])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30).map("".join), st.lists(WORDS, min_size=1, max_size=12).map("".join))
def test_echo_offsets_are_always_valid(other: str, span: str) -> None:
    for a, b, score in find_echoes(span, other, 50):
        assert 0 <= a < b <= len(other) and 50 <= score <= 100
        assert other[a].isalnum() and other[b - 1].isalnum()  # a passage starts and ends on a word


# --- the seeds: the claims the articles repeat ------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):
    st = AnnotationStore(tmp_path / "a.db")
    import_paths(st, [SEEDS])
    yield st
    st.close()


def mark(store: AnnotationStore, doc_id: str, text: str, label: str = "quote", annotator: str = "alice"):
    body = store.document_text(doc_id)
    i = body.index(text)
    return store.add_span(doc_id, i, i + len(text), label, annotator=annotator)


def test_seed_claims_echo_across_articles(store: AnnotationStore) -> None:
    run_by = mark(store, NEWSMAX, "Mexico is run by the cartels")
    extradited = mark(store, FEATURED, "extradited 55 top cartel figures to the US", label="claim")
    waging = mark(store, NEWSBITE, "The cartels are waging war on America, and it’s time for America to wage war on "
                                   "the cartels")  # fmt: skip
    echoes = all_echoes(store)
    found = {(e.span_id, e.other_doc_id, e.other_text) for e in echoes}
    assert (run_by.id, FEATURED, "Mexico is run by the cartels") in found
    assert (extradited.id, NEWSMAX, "extradited 55 cartel leaders to the United") in found
    assert (waging.id, TOWNHALL, "The cartels are waging war on America, and it’s time for America to wage war on "
                                 "the cartels") in found  # fmt: skip
    assert {e.span_id for e in echoes} == {run_by.id, extradited.id, waging.id}
    assert len(echoes) == 3  # and nowhere else: TIPSHEET says none of it
    for e in echoes:
        assert store.document_text(e.other_doc_id)[e.other_start : e.other_end] == e.other_text


def test_suggested_and_rejected_spans_are_not_searched_by_default(store: AnnotationStore) -> None:
    span = mark(store, NEWSMAX, "Mexico is run by the cartels")
    store.update_span(span.id, status="suggested")
    assert all_echoes(store) == []
    assert [e.span_id for e in all_echoes(store, statuses=("suggested",))] == [span.id]


def test_link_echo_groups_spans_for_stats_and_export(store: AnnotationStore) -> None:
    span = mark(store, NEWSMAX, "Mexico is run by the cartels")
    (echo,) = all_echoes(store)
    assert echo.other_span_ids == [] and not echo.linked
    group = link_echo(store, span.id, echo.other_doc_id, echo.other_start, echo.other_end, annotator="alice")
    there = store.spans(FEATURED)
    assert [(s.text, s.label, s.status) for s in there] == [("Mexico is run by the cartels", "quote", "accepted")]
    (again, back) = sorted(all_echoes(store), key=lambda e: e.span_id != span.id)
    assert again.other_span_ids == [there[0].id] and again.linked
    assert (back.span_id, back.other_span_ids, back.linked) == (there[0].id, [span.id], True)  # and back
    # a third article with the same words, already suggested there: accepted and joined to the same group
    body = store.document_text(NEWSBITE)
    store.add_span(NEWSBITE, 0, 8, "quote", status="suggested", origin="rule:quote")
    assert link_echo(store, span.id, NEWSBITE, 0, 8, annotator="alice") == group
    assert store.spans(NEWSBITE)[0].status == "accepted" and body[0:8] == "NewsBite"
    (g,) = store.stats()["link_groups"]
    assert (g["group"], g["documents"], g["spans"], g["text"]) == (group, 3, 3, "Mexico is run by the cartels")
    assert 'quote "Mexico is run by the cartels" appears in 3 of 5 articles (3 spans)' in format_stats(store.stats())
    # the export: each article's line names the group and its own spans in it; together, all three
    lines = [json.loads(x) for x in export_to_string(store, "jsonl").splitlines()]
    in_group = {sid: ln["id"] for ln in lines for g in ln["links"] if g["group"] == group for sid in g["spans"]}
    assert in_group == {span.id: NEWSMAX, there[0].id: FEATURED, store.spans(NEWSBITE)[0].id: NEWSBITE}


def test_link_echo_unknown_span(store: AnnotationStore) -> None:
    with pytest.raises(ValueError, match="no span with id 'nope'"):
        link_echo(store, "nope", FEATURED, 0, 5)


# --- CLI --------------------------------------------------------------------------------------------------


def test_cli_echoes_text_and_json(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(SEEDS), "--db", db]).exit_code == 0
    res = runner.invoke(main, ["echoes", "--db", db])
    assert res.exit_code == 0 and res.output.strip() == "no echoes found"
    with AnnotationStore(db) as st:
        span = mark(st, NEWSMAX, "Mexico is run by the cartels")
    res = runner.invoke(main, ["echoes", "--db", db])
    assert res.exit_code == 0, res.output
    assert f'{NEWSMAX} ' in res.output and f'-> {FEATURED} ' in res.output
    assert '"Mexico is run by the cartels"' in res.output and "1 echo of 1 span" in res.output
    res = runner.invoke(main, ["echoes", "--db", db, "--json"])
    (e,) = json.loads(res.output)
    assert (e["span_id"], e["other_doc_id"], e["other_text"], e["score"]) == (
        span.id, FEATURED, "Mexico is run by the cartels", 100.0)  # fmt: skip
    res = runner.invoke(main, ["echoes", "--db", db, "--status", "suggested"])
    assert res.output.strip() == "no echoes found"
    res = runner.invoke(main, ["echoes", "--db", db, "--min-score", "120"])
    assert res.exit_code == 2 and "120" in res.output + res.stderr
    res = runner.invoke(main, ["echoes", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 1 and "no such database" in res.stderr


def test_cli_stats_lists_link_groups(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    runner.invoke(main, ["import", str(SEEDS), "--db", db])
    with AnnotationStore(db) as st:
        span = mark(st, NEWSMAX, "Mexico is run by the cartels")
        (echo,) = all_echoes(st)
        link_echo(st, span.id, echo.other_doc_id, echo.other_start, echo.other_end, annotator="alice")
    res = runner.invoke(main, ["stats", "--db", db])
    assert res.exit_code == 0
    assert 'quote "Mexico is run by the cartels" appears in 2 of 5 articles (2 spans)' in res.output
    st_json = json.loads(runner.invoke(main, ["stats", "--db", db, "--json"]).output)
    assert st_json["link_groups"][0]["doc_ids"] == [FEATURED, NEWSMAX]


def test_cli_echoes_help_shows_the_real_default() -> None:
    res = CliRunner().invoke(main, ["echoes", "--help"])
    assert f"[default: {DEFAULT_MIN_SCORE:g}]" in " ".join(res.output.split())

"""`agree` on a real database, the layers the app shows, disagreements and gold decisions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from team_helpers import make_db, team_pair
from tui_reader.cli import main
from tui_reader.merge import merge_databases
from tui_reader.store import AnnotationStore
from tui_reader.team import GOLD, decide, disagreements, other_spans

team_dbs = pytest.fixture(team_pair)


@pytest.fixture
def team(tmp_path, team_dbs):
    alice, bob = team_dbs
    with AnnotationStore(tmp_path / "team.db") as st:
        merge_databases(st, [alice.path, bob.path])
        yield st


def test_agree_json_over_a_merged_database(team):
    res = CliRunner().invoke(main, ["agree", "--db", str(team.path), "--json"])
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    (p,) = out["pairs"]
    # alice: claim 0-44, statistic 18-21; bob: claim 0-44, anonymous source 45-90 -> exact TP 1: F1 = 2/4
    assert (p["a"], p["b"], p["n_a"], p["n_b"]) == ("alice", "bob", 2, 2)
    assert p["exact_f1"] == 0.5 and p["overlap_f1"] == 0.5
    # text length 91. alice: claim 0-18 and 21-44 (41), claim+statistic 18-21 (3), O 44-91 (47)
    # bob: claim 0-44 (44), anonymous source 45-90 (45), O 44-45 and 90-91 (2)
    # agree: claim 41 + O 2 = 43 -> p_o = 43/91; p_e = (41*44 + 47*2)/91^2 = 1898/8281
    # kappa = (43*91 - 1898)/(8281 - 1898) = 2015/6383
    assert p["kappa"] == pytest.approx(2015 / 6383)
    assert set(p["per_label"]) == {"claim", "statistic", "anonymous source"}
    assert p["per_label"]["claim"]["exact_f1"] == 1.0
    assert out["alpha"] is None  # two annotators


def test_agree_text_table_and_filters(team):
    res = CliRunner().invoke(main, ["agree", "--db", str(team.path), "--annotators", "alice", "bob", "--label", "claim"])
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split()[:3] == ["pair", "/", "label"]
    assert any(line.startswith("alice ~ bob") and "1.000" in line for line in lines)
    assert not any("statistic" in line for line in lines)


def test_agree_errors_are_one_line(tmp_path, team):
    r = CliRunner().invoke(main, ["agree", "--db", str(team.path), "--annotators", "alice", "zoe"])
    assert r.exit_code == 1 and "annotator 'zoe' has no accepted spans" in r.stderr
    r = CliRunner().invoke(main, ["agree", "--db", str(tmp_path / "nope.db")])
    assert r.exit_code == 1 and "no such database" in r.stderr
    r = CliRunner().invoke(main, ["agree", "--db", str(team.path), "alice"])
    assert r.exit_code == 2
    lonely = make_db(tmp_path / "one.db", "alice", [(0, 3, "claim")])
    lonely.close()
    r = CliRunner().invoke(main, ["agree", "--db", str(tmp_path / "one.db")])
    assert r.exit_code == 1 and "two or more annotators" in r.stderr
    assert "Traceback" not in r.output


def test_three_annotators_get_alpha(tmp_path, team):
    team.add_span("art", 0, 44, "claim", annotator="carol")
    res = CliRunner().invoke(main, ["agree", "--db", str(team.path), "--json"])
    out = json.loads(res.stdout)
    assert len(out["pairs"]) == 3
    assert out["alpha"] is not None and -1 <= out["alpha"] <= 1


def test_only_accepted_spans_count_and_gold_is_left_out_unless_named(team):
    team.add_span("art", 45, 90, "anonymous source", annotator="alice", status="suggested")
    team.add_span("art", 0, 44, "claim", annotator=GOLD)
    out = json.loads(CliRunner().invoke(main, ["agree", "--db", str(team.path), "--json"]).stdout)
    assert out["annotators"] == ["alice", "bob"]
    assert out["pairs"][0]["n_a"] == 2
    named = json.loads(CliRunner().invoke(main, ["agree", "--db", str(team.path), "--json", "--annotators",
                                                 "alice,gold"]).stdout)  # fmt: skip
    assert [(p["a"], p["b"]) for p in named["pairs"]] == [("alice", "gold")]


def test_other_spans_lists_the_other_layers(team):
    others = other_spans(team, "art", "alice")
    assert list(others) == ["bob"]
    assert sorted(s.label for s in others["bob"]) == ["anonymous source", "claim"]


def test_disagreements_then_gold_decisions(team):
    ds = disagreements(team, "art")
    # the shared claim 0-44 is agreed, but alice's statistic 18-21 lies inside it: region 0-44 differs;
    # bob's anonymous source 45-90 is a second region
    assert [(d.start, d.end) for d in ds] == [(0, 44), (45, 90)]
    first, second = ds
    assert first.candidates == [(0, 44, "claim"), (18, 21, "statistic")]
    assert first.keys_of("bob") == [(0, 44, "claim")]
    assert first.who((18, 21, "statistic")) == ["alice"]
    # accept alice's side for the first, neither for the second
    decide(team, first, first.keys_of("alice"))
    decide(team, second, [])
    gold = team.spans("art", annotators=[GOLD], statuses=["accepted", "rejected"])
    assert [(s.start, s.end, s.label, s.status) for s in gold] == [
        (0, 44, "claim", "accepted"), (18, 21, "statistic", "accepted"), (45, 90, "anonymous source", "rejected"),
    ]  # fmt: skip
    assert disagreements(team, "art") == []
    assert len(disagreements(team, "art", include_decided=True)) == 2
    # deciding again changes statuses, adds no duplicate; undo as gold reverts it
    decide(team, second, second.candidates)
    assert [s.status for s in team.spans("art", annotators=[GOLD], labels=["anonymous source"],
                                         statuses=["accepted", "rejected"])] == ["accepted"]  # fmt: skip
    team.undo(GOLD)
    assert [s.status for s in team.spans("art", annotators=[GOLD], labels=["anonymous source"],
                                         statuses=["accepted", "rejected"])] == ["rejected"]  # fmt: skip
    # the gold layer exports through the ordinary filter
    res = CliRunner().invoke(main, ["export", "--db", str(team.path), "--annotator", GOLD])
    spans = json.loads(res.stdout.splitlines()[0])["spans"]
    assert [(s["label"], s["annotator"]) for s in spans] == [("claim", GOLD), ("statistic", GOLD)]


def test_decide_rejects_a_span_not_in_the_disagreement(team):
    d = disagreements(team, "art")[0]
    with pytest.raises(Exception, match="not one of the spans"):
        decide(team, d, [(1, 2, "claim")])


def test_no_disagreement_when_identical_or_only_one_annotator(tmp_path):
    st = make_db(tmp_path / "x.db", "alice", [(0, 3, "claim")])
    assert disagreements(st, "art") == []
    st.add_span("art", 0, 3, "claim", annotator="bob")
    assert disagreements(st, "art") == []
    st.set_progress("art", "carol", "done")  # carol read it and marked nothing: that is a judgement
    assert [d.candidates for d in disagreements(st, "art")] == [[(0, 3, "claim")]]
    st.close()

"""The shipped anonymous-source model (suggest.base_model): what a user gets from `tui-reader suggest` without
having taught anything, and that the shipped weights are exactly what the training makes of the dev labels."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.store import AnnotationStore
from tui_reader.suggest import base_model, suggest_text

GOLD = Path(__file__).parent / "data" / "news_gold"

# "have long feared": a kind of phrase no hand rule suggests for "officials" (officials merely acting are no source
# to the rule); the model learnt it from kinds of phrase (a quantifier, a plural person noun, a verb of fearing)
SOURCE = "Many officials have long feared that the dam leaks."
# the same shape with a head that is no person: not a source
NOT_SOURCE = "Many cracks have long suggested that the dam leaks."
NEGATED = "Many officials did not say why the dam leaks."  # a negated verb: no source (the labels' convention)


def test_shipped_model_equals_a_rebuild_from_the_dev_labels() -> None:
    rebuilt = base_model.dumps(base_model.build_base_model(GOLD))
    shipped = base_model.MODEL_PATH.read_text(encoding="utf-8")
    assert shipped == rebuilt, "rebuild it: python bench/bench_base_model.py --write"
    model = json.loads(shipped)
    assert model["trained_on"] == list(base_model.BASE_TRAIN_IDS)
    test_ids = {json.loads(line)["id"] for line in (GOLD / "test.jsonl").read_text(encoding="utf-8").splitlines()}
    assert test_ids and not test_ids & set(model["trained_on"])  # never trained on the test split
    assert model["threshold"] == base_model.BASE_THRESHOLD


def test_a_source_no_rule_knows_is_suggested_by_the_model_with_its_score(tmp_path: Path) -> None:
    assert not [g for g in suggest_text(SOURCE, model=False) if g.label == "anonymous source"]  # the rules miss it
    src = tmp_path / "dam.txt"
    src.write_text(f"{SOURCE}\n{NOT_SOURCE}\n{NEGATED}\n", encoding="utf-8")
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(src), "--db", db]).exit_code == 0
    res = runner.invoke(main, ["suggest", "--db", db])
    assert res.exit_code == 0, res.output
    with AnnotationStore(db) as st:
        spans = [s for s in st.spans(statuses=["suggested"]) if s.label == "anonymous source"]
    assert [(s.text, s.origin) for s in spans] == [("Many officials", "rule:anonymous_model")]
    assert base_model.BASE_THRESHOLD <= spans[0].attrs["score"] <= 1


def test_the_model_follows_the_anonymous_source_rule_label_and_can_be_left_out() -> None:
    renamed = suggest_text(SOURCE, {"anonymous_source": "Quelle"})
    assert [(SOURCE[g.start : g.end], g.label, g.rule) for g in renamed] == [("Many officials", "Quelle",
                                                                              "anonymous_model")]  # fmt: skip
    assert suggest_text(SOURCE, {"anonymous_source": None, "quote": "quote"}) == []
    assert suggest_text(SOURCE, model=False) == []

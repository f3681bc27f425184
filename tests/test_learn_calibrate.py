"""The shipped anonymous-source model's threshold follows the annotator (learn.calibrate): an annotator who tags
the holders of findings and expectations ("Inspectors noticed that ...") gets the phrases the model scores
below its shipped 0.8 in new documents; one who rejects the model's additions stops getting them. Driven through
the store and the CLI as a user does (`tui-reader learn`, `tui-reader suggest --annotator`); observed in the
database and in what `learn` prints."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.models import Document
from tui_reader.store import AnnotationStore

LABEL = "anonymous source"
MODEL = "rule:anonymous_model"
# phrases the shipped model scores between 0.3 and 0.8 (so not suggested at its own threshold) and no rule takes
# (the rules take "Inspectors determined that", "were expecting", "Officials decided that" since their sixth pass)
BROAD = {"a": ("Inspectors noticed that the bridge was unsafe.\n", "Inspectors"),
         "b": ("Many analysts had anticipated a loss.\n", "Many analysts"),
         "c": ("Officials settled on a plan to send the alert.\n", "Officials")}  # fmt: skip
NEW = "Firefighters noticed that the blaze was arson.\n"
# phrases the shipped model adds at its own threshold (no rule takes them)
NARROW = {"p": ("Many officials have long feared that the dam leaks.\n", "Many officials"),
          "q": ("Several officials have long feared that the wall cracks.\n", "Several officials")}  # fmt: skip
NEW_NARROW = "Some officials have long feared that the road floods.\n"


def _store(db: Path, texts: dict[str, str]) -> AnnotationStore:
    st = AnnotationStore(db)
    for doc_id, text in texts.items():
        st.add_document(Document(id=doc_id, text=text, title=doc_id))
    return st


def _suggest(db: Path, doc_id: str, annotator: str | None) -> list[tuple[str, str]]:
    args = ["suggest", "--db", str(db), *(["--annotator", annotator] if annotator else [])]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    with AnnotationStore(db) as st:
        return [(sp.text, sp.origin) for sp in st.spans(doc_id, statuses=("suggested",)) if sp.label == LABEL]


def test_tagging_what_the_model_scores_low_lowers_its_threshold_for_that_annotator(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with _store(db, {d: t for d, (t, _p) in BROAD.items()} | {"new": NEW}) as st:
        for doc_id, (text, phrase) in BROAD.items():
            st.add_span(doc_id, text.index(phrase), text.index(phrase) + len(phrase), LABEL, annotator="ann")
    assert _suggest(db, "new", None) == []  # the shipped model alone: below its threshold
    res = CliRunner().invoke(main, ["learn", "--db", str(db), "--annotator", "ann"])
    assert res.exit_code == 0, res.output
    assert "anonymous-source model: threshold 0.4 instead of 0.8" in res.output
    with AnnotationStore(db) as st:
        st.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    assert _suggest(db, "new", "ann") == [("Firefighters", MODEL)]
    with AnnotationStore(db) as st:
        st.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    assert _suggest(db, "new", None) == []  # without the annotator's model: the shipped threshold

    other = tmp_path / "b.db"  # the threshold travels with the model
    with _store(other, {"new": NEW}) as st:
        st.merge_from(db)
        st.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    assert _suggest(other, "new", "ann") == [("Firefighters", MODEL)]


def test_rejecting_the_models_additions_raises_its_threshold_for_that_annotator(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with _store(db, {d: t for d, (t, _p) in NARROW.items()} | {"new": NEW_NARROW}):
        pass
    assert ("Some officials", MODEL) in _suggest(db, "new", None)
    with AnnotationStore(db) as st:
        st.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
        for doc_id, (_t, phrase) in NARROW.items():
            (sp,) = [sp for sp in st.spans(doc_id, statuses=("suggested",)) if sp.text == phrase]
            st.update_span(sp.id, status="rejected", annotator="ann")
        text = "Engineers said the dam was safe.\n"  # one accepted span: something positive to learn from
        st.add_document(Document(id="ok", text=text, title="ok"))
        st.add_span("ok", 0, len("Engineers"), LABEL, annotator="ann")
    res = CliRunner().invoke(main, ["learn", "--db", str(db), "--annotator", "ann"])
    assert res.exit_code == 0, res.output
    assert "anonymous-source model: threshold" in res.output and "instead of 0.8" in res.output
    assert _suggest(db, "new", "ann") == []


async def test_in_the_app_learning_says_the_threshold_and_suggest_uses_it(tmp_path: Path) -> None:
    """In the app, "learn: train" says what the decisions set the shipped model's threshold to, and "suggest:
    this document" then stores the phrase the shipped threshold held back."""
    from apphelp import ANNOTATOR, SIZE, make_app, palette, until_said

    db = tmp_path / "annotations.db"
    with _store(db, {d: t for d, (t, _p) in BROAD.items()} | {"new": NEW}) as st:
        for doc_id, (text, phrase) in BROAD.items():
            st.add_span(doc_id, text.index(phrase), text.index(phrase) + len(phrase), LABEL, annotator=ANNOTATOR)
    app = make_app(db, ["new"])
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "learn: train")
        notes = await until_said(pilot, app, "Anonymous-source model: threshold")
        assert any("Anonymous-source model: threshold 0.4 instead of 0.8" in n for n in notes), notes
        await palette(pilot, "suggest: this document")
        await app.workers.wait_for_complete()
        await pilot.pause()
    with AnnotationStore(db) as st:
        assert [(sp.text, sp.origin) for sp in st.spans("new", statuses=("suggested",)) if sp.label == LABEL] == [
            ("Firefighters", MODEL)]


def test_an_annotator_with_no_anonymous_source_decision_is_told_nothing_about_it(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    text = "The mill employs 40 people and 12 trucks.\n"
    with _store(db, {"m": text}) as st:
        st.add_span("m", text.index("40 people"), text.index("40 people") + len("40 people"), "statistic", annotator="ann")
    res = CliRunner().invoke(main, ["learn", "--db", str(db), "--annotator", "ann"])
    assert res.exit_code == 0, res.output
    assert "statistic" in res.output and "anonymous-source model" not in res.output

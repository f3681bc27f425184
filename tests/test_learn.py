"""Suggestions that learn from the annotator: propagation of tagged text, rejected text never
suggested again, a CRF trained from decisions that persists in the database across reopening and merge, the
`learn` command, and the per-label precision of suggestions in `stats`."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.evaluate import score_documents
from tui_reader.learn import (
    CUE_ORIGIN,
    FILTER_ORIGIN,
    MIN_SPANS_TO_SUGGEST,
    MODEL_ORIGIN,
    PROPAGATE_ORIGIN,
    CrfModel,
    Decisions,
    Memory,
    decisions,
    follow_gold,
    learn,
    learned_suggestions,
    load_learner,
    store_learned_suggestions,
    suggestion_decisions,
    train,
)
from tui_reader.models import Document
from tui_reader.store import AnnotationStore

DATA = Path(__file__).parent / "data"


def _store(tmp_path: Path, texts: dict[str, str], name: str = "a.db") -> AnnotationStore:
    st = AnnotationStore(tmp_path / name)
    for doc_id, text in texts.items():
        st.add_document(Document(id=doc_id, text=text, title=doc_id))
    return st


def _suggested(st: AnnotationStore, doc_id: str, label: str | None = None) -> list[tuple[str, str]]:
    return [(sp.text, sp.origin) for sp in st.spans(doc_id, statuses=("suggested",)) if label in (None, sp.label)]


# --- the gold news set --------------------------------------------------------------------------------------


def test_news_gold_is_rebuilt_exactly_from_its_sources() -> None:
    """dev.jsonl / test.jsonl / dev_anon.jsonl / fresh.jsonl / clean.jsonl are what build.py makes from spans.tsv and texts/:
    every span's offsets give its text, odd-numbered articles (and the extra ones added later) are dev,
    even-numbered ones (and the unseen ones added later) test; anon_*, fresh_* and clean_* hold anonymous sources only."""
    spec = importlib.util.spec_from_file_location("news_gold_build", DATA / "news_gold" / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    built = build.build()
    for split in ("dev", "test"):
        stored = [json.loads(line) for line in (DATA / "news_gold" / f"{split}.jsonl").read_text("utf-8").splitlines()]
        assert stored == built[split]
        for d in stored:
            assert d["text"] == (DATA / "news_gold" / "texts" / f"{d['id']}.txt").read_text("utf-8")
            if d["id"].startswith("unseen_"):  # added to the test split later, labelled before any rule ran
                assert split == "test"
            else:
                odd_or_extra = d["id"].startswith("extra_") or int(d["id"][-2:]) % 2 == 1
                assert odd_or_extra == (split == "dev")
            for sp in d["spans"]:
                assert d["text"][sp["start"] : sp["end"]] == sp["text"]
    for split, prefix in (("dev_anon", "anon_"), ("fresh", "fresh_"), ("clean", "clean_"), ("ndev", "ndev_")):  # anonymous sources only
        stored = [json.loads(line) for line in (DATA / "news_gold" / f"{split}.jsonl").read_text("utf-8").splitlines()]
        assert stored == built[split]
        for d in stored:
            assert d["id"].startswith(prefix)
            assert d["text"] == (DATA / "news_gold" / "texts" / f"{d['id']}.txt").read_text("utf-8")
            for sp in d["spans"]:
                assert d["text"][sp["start"] : sp["end"]] == sp["text"] and sp["label"] == "anonymous source"
    assert (len(built["dev"]), len(built["test"]), len(built["dev_anon"]), len(built["fresh"])) == (37, 18, 34, 12)


# --- propagation --------------------------------------------------------------------------------------------

DOC_A = "The ministry’s press office declined to comment. A villager said the Blue Lagoon deal was signed.\n"
DOC_B = "Later the Ministry's  Press Office said nothing. Press officers came. The blue lagoon deal was off.\n"


def test_tagged_text_is_suggested_wherever_else_it_occurs(tmp_path: Path) -> None:
    st = _store(tmp_path, {"a": DOC_A, "b": DOC_B})
    st.add_span("a", DOC_A.index("The ministry"), DOC_A.index(" declined"), "anonymous source", annotator="ann")
    st.add_span("a", DOC_A.index("Blue Lagoon deal"), DOC_A.index(" was signed"), "claim", annotator="ann")
    store_learned_suggestions(st, annotator="ann", rules={})
    got = _suggested(st, "b")
    # same text after case folding, curly/straight apostrophes and runs of spaces; whole words only
    assert ("the Ministry's  Press Office", PROPAGATE_ORIGIN) in got
    assert ("blue lagoon deal", PROPAGATE_ORIGIN) in got
    assert not any("officers" in text for text, _ in got)
    assert _suggested(st, "a") == []  # the tagged span itself is not doubled
    # another annotator's tags are not this one's
    st2 = _store(tmp_path, {"a": DOC_A, "b": DOC_B}, "b.db")
    st2.add_span("a", DOC_A.index("Blue Lagoon deal"), DOC_A.index(" was signed"), "claim", annotator="bob")
    store_learned_suggestions(st2, annotator="ann", rules={})
    assert _suggested(st2, "b") == []


def test_a_number_alone_is_not_propagated_a_figure_with_its_unit_is(tmp_path: Path) -> None:
    """"30" is a statistic in one sentence and part of a date in the next: tagged alone, it is not suggested
    elsewhere; "30%" and "30 ships" are."""
    a = "Emirates cut the order by 30 to 126. Sales rose 30% and 30 ships sailed.\n"
    b = "The talks ended on March 30. Exports fell 30% while 30 ships waited.\n"
    st = _store(tmp_path, {"a": a, "b": b})
    for span in ("30", "30%", "30 ships"):
        start = a.index(span + " ") if span == "30" else a.index(span)
        st.add_span("a", start, start + len(span), "statistic", annotator="ann")
    store_learned_suggestions(st, ["b"], annotator="ann", rules={})
    assert sorted(_suggested(st, "b")) == [("30 ships", PROPAGATE_ORIGIN), ("30%", PROPAGATE_ORIGIN)]


def test_rejected_text_stays_rejected_for_rule_and_propagated_suggestions(tmp_path: Path) -> None:
    text = "Police said 40 people were hurt. Hospitals took 40 people in. The Blue Lagoon deal was signed.\n"
    st = _store(tmp_path, {"a": text, "b": text.replace("Police", "Medics"), "c": "Then 40 people left.\n"})
    store_learned_suggestions(st, ["a"], annotator="ann")
    first = [sp for sp in st.spans("a", statuses=("suggested",)) if sp.text == "40 people"]
    assert len(first) == 2 and all(sp.origin == "rule:statistic" for sp in first)
    for sp in first:
        st.update_span(sp.id, status="rejected", annotator="ann")
    store_learned_suggestions(st, annotator="ann")
    assert ("40 people", "rule:statistic") not in _suggested(st, "b") + _suggested(st, "c")
    assert len(st.spans("a", statuses=("rejected",))) == 2  # and nothing came back where it was rejected
    # another annotator who never rejected it still gets it
    st.conn.execute("DELETE FROM spans WHERE doc_id = 'c'")
    store_learned_suggestions(st, ["c"], annotator="bob")
    assert ("40 people", "rule:statistic") in _suggested(st, "c")

    # a propagated text rejected as often as it was tagged is not propagated any more
    st.add_span("a", text.index("Blue Lagoon deal"), text.index(" was signed"), "claim", annotator="ann")
    store_learned_suggestions(st, ["b"], annotator="ann", rules={})
    (prop,) = [sp for sp in st.spans("b", statuses=("suggested",)) if sp.origin == PROPAGATE_ORIGIN]
    st.update_span(prop.id, status="rejected", annotator="ann")
    st.add_document(Document(id="d", text="The blue lagoon deal again.\n", title="d"))
    store_learned_suggestions(st, ["d"], annotator="ann", rules={})
    assert _suggested(st, "d") == []


# --- the model ----------------------------------------------------------------------------------------------

_NAMES = ["Acme", "Initech", "Umbrella", "Hooli", "Vandelay", "Dunder", "Wonka", "Stark", "Wayne", "Tyrell",
          "Cyberdyne", "Soylent", "Oscorp", "Gringotts", "Monarch", "Nakatomi", "Virtucon", "Zorg", "Prestige",
          "Sirius", "Massive", "Veidt", "Krusty", "Duff"]  # fmt: skip
_FRAMES = ["Shares of {} Corp rose on Monday.", "{} Corp said profits fell.", "Investors sold {} Corp after the report.",
           "The deal with {} Corp was announced today."]  # fmt: skip
# 24 companies in 6 documents of 4 sentences: "X Corp" is what the annotator tags as a company
COMPANY_TRAIN = [" ".join(_FRAMES[j].format(_NAMES[4 * i + j]) for j in range(4)) + "\nAnalysts were surprised.\n"
                 for i in range(6)]  # fmt: skip
N_COMPANIES = len(_NAMES)


def _company_decisions() -> Decisions:
    dec = Decisions()
    for i, text in enumerate(COMPANY_TRAIN):
        words = text.split()
        spans = []
        for j, w in enumerate(words[1:], 1):
            if w.rstrip(".") == "Corp":
                start = text.index(f"{words[j - 1]} Corp")
                spans.append((start, start + len(words[j - 1]) + 5, "company"))
        dec.texts[f"t{i}"] = text
        dec.positive[f"t{i}"] = spans
    return dec


def test_the_model_learns_what_the_annotator_tags_from_its_context() -> None:
    """No rule knows companies: the CRF trained on tagged "X Corp" suggests an unseen one, with a score."""
    model, report = train(_company_decisions(), rules={})
    assert model is not None and report.labels["company"]["spans"] == N_COMPANIES
    again = CrfModel.from_bytes(model.to_bytes())
    text = "Shares of Globex Corp fell sharply on Tuesday.\n"
    found = again.predict(text)
    assert [(text[g.start : g.end], g.rule) for g in found] == [("Globex Corp", MODEL_ORIGIN)]
    assert 0.5 <= found[0].attrs["score"] <= 1.0


def test_a_label_learnt_from_too_few_spans_makes_no_model_suggestions() -> None:
    """Below MIN_SPANS_TO_SUGGEST tagged spans the model may see the company (its tagger does) but suggests
    nothing of its own; with enough spans it does."""
    full = _company_decisions()
    few = Decisions({d: full.positive[d] for d in ("t0", "t1")}, {}, {d: full.texts[d] for d in ("t0", "t1")})
    assert sum(map(len, few.positive.values())) < MIN_SPANS_TO_SUGGEST <= N_COMPANIES
    text = "Shares of Globex Corp fell sharply on Tuesday.\n"
    small, report = train(few, rules={})
    assert small is not None and report.labels["company"]["spans"] == 8
    assert [text[g.start : g.end] for g in small.predict(text)] == ["Globex Corp"]
    assert learned_suggestions(text, rules={}, model=small) == []
    big, _ = train(full, rules={})
    assert [(text[g.start : g.end], g.rule) for g in learned_suggestions(text, rules={}, model=big)] == [
        ("Globex Corp", MODEL_ORIGIN)
    ]


def _half_tagged_companies() -> Decisions:
    """Six documents of four companies each; in the odd ones the annotator tagged only two of the four: a model
    trained on the even ones suggests companies there that the annotator left out."""
    names = [*_NAMES, *(n + "ex" for n in _NAMES)]
    dec = Decisions()
    for i in range(6):
        text = " ".join(_FRAMES[j].format(names[4 * i + j]) for j in range(4)) + "\nAnalysts were surprised.\n"
        dec.texts[f"t{i}"] = text
        dec.positive[f"t{i}"] = [(text.index(f"{n} Corp"), text.index(f"{n} Corp") + len(n) + 5, "company")
                                 for j, n in enumerate(names[4 * i : 4 * i + 4]) if not (i % 2 and j % 2)]  # fmt: skip
    return dec


def test_a_label_whose_additions_were_imprecise_on_the_annotators_own_decisions_suggests_nothing(
    tmp_path: Path,
) -> None:
    """The self-check: before its suggestions are used, a model trained on half of the annotator's documents
    suggests in the other half; where those additions were mostly not what the annotator tagged, the label's
    model holds back (and `learn` says so), though the model itself would suggest."""
    dec = _half_tagged_companies()
    text = "Shares of Globex Corp fell sharply on Tuesday.\n"
    model, report = train(dec, rules={})
    assert model is not None and report.labels["company"]["spans"] >= MIN_SPANS_TO_SUGGEST
    assert [text[g.start : g.end] for g in model.predict(text)] == ["Globex Corp"]  # the tagger sees it ...
    assert learned_suggestions(text, rules={}, model=model) == []  # ... the self-check holds it back
    assert report.checked["company"]["wrong"] > 0 and report.checked["company"]["min_score"] is None
    unchecked, _ = train(dec, rules={}, self_check=False)
    assert [text[g.start : g.end] for g in learned_suggestions(text, rules={}, model=unchecked)] == ["Globex Corp"]
    # consistent decisions pass it
    consistent, report = train(_company_decisions(), rules={})
    assert report.checked["company"] == {"right": report.checked["company"]["right"], "wrong": 0, "min_score": 0.7}
    assert [text[g.start : g.end] for g in learned_suggestions(text, rules={}, model=consistent)] == ["Globex Corp"]

    # the command line says which labels hold back
    db = tmp_path / "a.db"
    with AnnotationStore(db) as st:
        for doc_id, doc_text in dec.texts.items():
            st.add_document(Document(id=doc_id, text=doc_text, title=doc_id))
            for s, e, label in dec.positive[doc_id]:
                st.add_span(doc_id, s, e, label, annotator="ann")
    res = CliRunner().invoke(main, ["learn", "--db", str(db), "--annotator", "ann"])
    assert res.exit_code == 0, res.output
    assert re.search(r"company: 18 spans, holds back \(its additions were right (\d+) of (\d+) times on your own "
                     r"decisions\)", res.output), res.output


def test_training_beyond_its_word_budget_learns_from_a_sample_and_still_reads_every_document(monkeypatch) -> None:
    """A few hundred decided articles train in seconds: beyond MAX_TRAIN_WORDS the CRF learns from documents
    spread over them; the progress still counts every document, and the model still finds what was tagged."""
    import tui_reader.learn.crf as crf_module

    dec = _company_decisions()
    words = sum(len(t.split()) for t in dec.texts.values())
    monkeypatch.setattr(crf_module, "MAX_TRAIN_WORDS", words // 2)
    read: list[str] = []
    model, report = train(dec, rules={}, on_document=read.append)
    assert sorted(read) == dec.documents and report.documents == 6
    assert model is not None and MIN_SPANS_TO_SUGGEST <= report.labels["company"]["spans"] < N_COMPANIES
    text = "Shares of Globex Corp fell sharply on Tuesday.\n"
    assert [text[g.start : g.end] for g in learned_suggestions(text, rules={}, model=model)] == ["Globex Corp"]


# Groups no rule knows, with a verb no rule knows: "Beekeepers reckoned that ...". What the simulated annotator
# tags in the first articles must be found in a held-out one by the learned suggestions and not by the rules.
_GROUPS = ["Birdwatchers", "Stargazers", "Trainspotters", "Kayakers", "Beachcombers", "Rockhounds", "Potholers",
           "Morris dancers", "Bellringers", "Allotmenteers", "Falconers", "Orienteers", "Wild swimmers",
           "Cavers", "Hillwalkers", "Twitchers", "Anglers", "Stamp collectors", "Cyclists", "Gardeners"]  # fmt: skip
_THINGS = ["the new bridge", "the old mill", "the harbour wall", "the village fete", "the bypass"]


def _curve_doc(doc_id: str, groups: list[str]) -> dict:
    text, spans = "", []
    for i, group in enumerate(groups):
        thing = _THINGS[i % len(_THINGS)]
        spans.append({"start": len(text), "end": len(text) + len(group), "label": "anonymous source"})
        text += f"{group} reckoned that {thing} was a mistake. "
        text += f"{group} visited {_THINGS[(i + 2) % len(_THINGS)]} on Sunday.\n"
    return {"id": doc_id, "text": text, "spans": spans}


def test_the_learning_curve_rises_on_a_small_fixture() -> None:
    """k = 0 (rules alone) finds none of the held-out groups; after the annotator has tagged four articles the
    learned suggestions find most of them, at precision >= 0.9. Fails if the model is not trained or not used."""
    train_docs = [_curve_doc(f"c{i}", _GROUPS[4 * i : 4 * i + 4]) for i in range(4)]
    held_out = [_curve_doc("h", _GROUPS[16:])]

    def recall_precision(k: int) -> tuple[float, float]:
        dec = follow_gold(train_docs[:k])
        model = train(dec)[0] if k else None
        memory = Memory.from_decisions(dec)
        sc = score_documents(held_out, lambda d: [(g.start, g.end, g.label) for g in
                                                  learned_suggestions(d["text"], memory=memory, model=model)])  # fmt: skip
        return sc["anonymous source"].recall, sc["anonymous source"].precision

    assert recall_precision(0) == (0.0, 1.0)
    recall, precision = recall_precision(4)
    assert recall >= 0.75 and precision >= 0.9, (recall, precision)


def _train_in(st: AnnotationStore) -> None:
    dec = _company_decisions()
    for doc_id, text in dec.texts.items():
        st.add_document(Document(id=doc_id, text=text, title=doc_id))
        for s, e, label in dec.positive[doc_id]:
            st.add_span(doc_id, s, e, label, annotator="ann")


def test_model_persists_across_reopen_and_travels_with_merge(tmp_path: Path) -> None:
    st = AnnotationStore(tmp_path / "a.db")
    _train_in(st)
    report = learn(st, "ann", rules={})
    assert report.documents == 6 and report.positive == N_COMPANIES
    st.add_document(Document(id="new", text="Shares of Globex Corp fell.\n", title="new"))
    st.close()

    st = AnnotationStore(tmp_path / "a.db")  # reopened: the model came from the database
    assert [m["annotator"] for m in st.models()] == ["ann"]
    store_learned_suggestions(st, ["new"], annotator="ann", rules={})
    assert _suggested(st, "new") == [("Globex Corp", MODEL_ORIGIN)]
    st.close()

    other = AnnotationStore(tmp_path / "b.db")
    other.add_document(Document(id="new", text="Shares of Globex Corp fell.\n", title="new"))
    assert load_learner(other, "ann").model is None
    other.merge_from(tmp_path / "a.db")
    assert [(m["annotator"], m["name"]) for m in other.models()] == [("ann", "crf")]
    other.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    store_learned_suggestions(other, ["new"], annotator="ann", rules={})
    assert ("Globex Corp", MODEL_ORIGIN) in _suggested(other, "new")
    # merging again changes nothing; an older model never replaces a newer one
    trained_at = other.models()[0]["trained_at"]
    other.merge_from(tmp_path / "a.db")
    assert other.models()[0]["trained_at"] == trained_at
    other.close()


# --- learned cues: head nouns and verbs of anonymous sources ---------------------------------------------------

_MONKS = {"a": "Two monks said the abbey was cold in winter.\n",
          "b": "The roof leaked, and the monks complained about it for years.\n"}  # fmt: skip


def _tag_sources(st: AnnotationStore, phrases: dict[str, str]) -> None:
    for doc_id, phrase in phrases.items():
        text = st.document_text(doc_id)
        st.add_span(doc_id, text.index(phrase), text.index(phrase) + len(phrase), "anonymous source", annotator="ann")


def _cue_suggestions(st: AnnotationStore, doc_id: str) -> list[tuple[str, str]]:
    store_learned_suggestions(st, [doc_id], annotator="ann")
    return [(t, o) for t, o in _suggested(st, doc_id, "anonymous source")]


def test_a_head_noun_learned_from_two_tagged_sources_is_suggested_with_a_verb_the_rule_knows(tmp_path: Path) -> None:
    """"monks" is in no list of the rule: tagged twice as a source, a phrase with it before a verb of saying is
    suggested in a new document (origin model:cues), found by the rule's own phrase machinery."""
    new = "After the storm, several elderly monks warned that the bridge was unsafe.\n"
    st = _store(tmp_path, {**_MONKS, "new": new})
    assert _cue_suggestions(st, "new") == []  # the rules alone do not know monks
    st.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    _tag_sources(st, {"a": "Two monks", "b": "the monks"})
    learn(st, "ann")
    assert _cue_suggestions(st, "new") == [("several elderly monks", CUE_ORIGIN)]
    # a monk who is only mentioned (no verb of saying) is no source
    st.add_document(Document(id="quiet", text="The monks of the abbey grow grapes.\n", title="quiet"))
    assert _cue_suggestions(st, "quiet") == []


def test_a_rejected_head_and_verb_stop_the_learned_cue(tmp_path: Path) -> None:
    """Rejecting a learned suggestion teaches the pair: the head with that verb is not suggested again, the head
    with another verb still is."""
    st = _store(tmp_path, {**_MONKS, "new": "After the storm, several elderly monks warned that the bridge was unsafe.\n",
                           "later": "Some monks warned that the river was rising.\n",
                           "other": "Local monks said the road was closed.\n"})  # fmt: skip
    _tag_sources(st, {"a": "Two monks", "b": "the monks"})
    learn(st, "ann")
    store_learned_suggestions(st, ["new"], annotator="ann")
    (sp,) = [sp for sp in st.spans("new", statuses=("suggested",)) if sp.origin == CUE_ORIGIN]
    st.update_span(sp.id, status="rejected", annotator="ann")
    learn(st, "ann")
    assert _cue_suggestions(st, "later") == []
    assert _cue_suggestions(st, "other") == [("Local monks", CUE_ORIGIN)]


def test_learned_cues_persist_across_reopen_and_travel_with_merge(tmp_path: Path) -> None:
    st = _store(tmp_path, _MONKS)
    _tag_sources(st, {"a": "Two monks", "b": "the monks"})
    learn(st, "ann")
    st.close()
    new = "Three monks said the well had dried up.\n"
    st = AnnotationStore(tmp_path / "a.db")  # reopened: the cues came from the database
    st.add_document(Document(id="new", text=new, title="new"))
    assert _cue_suggestions(st, "new") == [("Three monks", CUE_ORIGIN)]
    st.close()

    other = _store(tmp_path, {"new": new}, name="b.db")
    assert _cue_suggestions(other, "new") == []
    other.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    other.merge_from(tmp_path / "a.db")
    other.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    assert _cue_suggestions(other, "new") == [("Three monks", CUE_ORIGIN)]
    other.close()


# --- the learned filter: candidates kept or dropped by what the annotator decided ---------------------------

# Groups of people no rule knows ("-ers", "-ists" and "-ians" are in the rule's fallback: these are not), with a
# verb of complaint the rule knows; beside each, a thing that "rusted" (a candidate of another kind, never tagged).
_CLERGY = ["monks", "pilgrims", "nuns", "ferrymen", "abbots", "masons", "smiths", "wheelwrights", "friars", "priests",
           "deacons", "vicars", "curates", "hermits", "squires", "knights", "heralds", "grooms", "stewards", "yeomen"]  # fmt: skip
_MACHINES = ["tractors", "barges", "lorries", "ferries", "cranes", "boilers", "pylons", "kilns", "sluices", "turbines"]


def _filter_doc(doc_id: str, groups: list[str], machines: list[str]) -> dict:
    text, spans = "", []
    for j, group in enumerate(groups):
        spans.append({"start": len(text), "end": len(text) + len(f"Some {group}"), "label": "anonymous source"})
        text += f"Some {group} complained that {_THINGS[j % len(_THINGS)]} was a mistake. "
        text += f"The {machines[j % len(machines)]} rusted beside {_THINGS[(j + 2) % len(_THINGS)]} on Sunday.\n"
    return {"id": doc_id, "text": text, "spans": spans}


def _filter_fixture() -> tuple[list[dict], dict]:
    train_docs = [_filter_doc(f"f{i}", _CLERGY[4 * i : 4 * i + 4], _MACHINES[2 * i : 2 * i + 2]) for i in range(4)]
    return train_docs, _filter_doc("held", _CLERGY[16:], _MACHINES[8:])


@pytest.fixture
def no_calibration(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped model at its own threshold: on these fixtures the threshold the decisions set (learn.calibrate,
    tests/test_learn_calibrate.py) finds the same groups, and would hide whether the filter does."""
    monkeypatch.setattr("tui_reader.learn.crf.train_calibration", lambda *_a, **_k: None)


def test_the_learned_filter_suggests_new_groups_like_the_tagged_ones_and_not_the_untagged_kind(no_calibration: None) -> None:
    """The rules find none of the held-out groups ("Some heralds complained"); after four tagged articles the
    filter suggests every one of them (origin model:filter, with a probability as score), though none of those
    words was ever tagged, and not the plural subjects of another kind of verb the annotator never tagged ("The
    kilns rusted"). Fails when the filter is not trained, not used, or keeps everything."""
    train_docs, held = _filter_fixture()
    gold = {(s["start"], s["end"]) for s in held["spans"]}
    assert [g for g in learned_suggestions(held["text"]) if g.label == "anonymous source"] == []
    dec = follow_gold(train_docs)
    model, _report = train(dec)
    assert model is not None and model.meta["filter"]["min_prob"] is not None
    found = [g for g in learned_suggestions(held["text"], memory=Memory.from_decisions(dec), model=model)
             if g.label == "anonymous source"]  # fmt: skip
    assert {(g.start, g.end) for g in found} == gold
    assert {g.rule for g in found} == {FILTER_ORIGIN} and all(0.5 <= g.attrs["score"] <= 1 for g in found)


def test_the_filter_is_trained_the_same_every_time_and_learns_from_what_was_left_untagged() -> None:
    """Deterministic: the same decisions give the same weights and threshold. And untagged candidates are
    negative: when the annotator left as many "Some monks complained ..." untagged as they tagged in the same
    articles, such a phrase is no longer likely enough a source, and the filter suggests none in the held-out
    article (where it suggested all four before)."""
    train_docs, held = _filter_fixture()
    dec = follow_gold(train_docs)
    assert train(dec)[0].meta["filter"] == train(dec)[0].meta["filter"]
    confusing = []
    for d in train_docs:  # the same groups complain again in a sentence the annotator did not tag
        extra = "".join(f"Some {g} complained that the mill was a mistake.\n" for g in _CLERGY[:16])
        confusing.append({**d, "text": d["text"] + extra})
    model, _report = train(follow_gold(confusing))
    assert model is not None and model.meta["filter"]["positives"] == 16
    assert not [g for g in learned_suggestions(held["text"], model=model) if g.rule == FILTER_ORIGIN]


def test_the_learned_filter_persists_across_reopen_and_travels_with_merge(tmp_path: Path, no_calibration: None) -> None:
    train_docs, held = _filter_fixture()
    st = _store(tmp_path, {d["id"]: d["text"] for d in train_docs})
    for d in train_docs:
        for sp in d["spans"]:
            st.add_span(d["id"], sp["start"], sp["end"], sp["label"], annotator="ann")
    learn(st, "ann")
    st.close()
    expected = [(held["text"][s["start"] : s["end"]], FILTER_ORIGIN) for s in held["spans"]]
    st = AnnotationStore(tmp_path / "a.db")  # reopened: the filter's weights came from the database
    st.add_document(Document(id="held", text=held["text"], title="held"))
    store_learned_suggestions(st, ["held"], annotator="ann")
    assert _suggested(st, "held", "anonymous source") == expected
    st.close()

    other = _store(tmp_path, {"held": held["text"]}, name="b.db")
    other.merge_from(tmp_path / "a.db")
    other.conn.execute("DELETE FROM spans WHERE doc_id = 'held'")
    store_learned_suggestions(other, ["held"], annotator="ann")
    assert _suggested(other, "held", "anonymous source") == expected
    other.close()


# --- the command line ---------------------------------------------------------------------------------------


def test_learn_command_trains_reports_and_suggest_uses_the_model(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    st = AnnotationStore(db)
    _train_in(st)
    st.add_document(Document(id="new", text="Shares of Globex Corp fell.\n", title="new"))
    st.close()
    labels = tmp_path / "labels.toml"
    labels.write_text('[suggest]\nquote = false\nstatistic = false\nanonymous_source = false\n\n'
                      '[[label]]\nname = "company"\nkey = "1"\ncolour = "#2fa84f"\n')  # fmt: skip
    runner = CliRunner()

    nobody = runner.invoke(main, ["learn", "--db", str(db), "--annotator", "zoe"])
    assert nobody.exit_code == 1 and "zoe has accepted or tagged no spans yet" in nobody.output
    assert "Traceback" not in nobody.output
    missing = runner.invoke(main, ["learn", "--db", str(tmp_path / "none.db"), "--annotator", "ann"])
    assert missing.exit_code == 1 and "no such database" in missing.output

    res = runner.invoke(main, ["learn", "--db", str(db), "--annotator", "ann", "--labels", str(labels)])
    assert res.exit_code == 0, res.output
    assert (f"learnt from ann's decisions in 6 documents: {N_COMPANIES} spans accepted or tagged, 0 rejected"
            in res.output)
    assert f"company: {N_COMPANIES} spans, suggests; strongest signs:" in res.output

    res = runner.invoke(main, ["suggest", "--db", str(db), "--annotator", "ann", "--labels", str(labels)])
    assert res.exit_code == 0, res.output
    assert "learned from ann: 1 model" in res.output
    with AnnotationStore(db) as st:
        assert _suggested(st, "new") == [("Globex Corp", MODEL_ORIGIN)]
        (sp,) = st.spans("new")
        st.update_span(sp.id, status="accepted", annotator="ann")
    res = runner.invoke(main, ["stats", "--db", str(db)])
    assert "suggestions decided by ann:" in res.output
    assert "company suggestions: 1 accepted, 0 rejected (100% precise)" in res.output
    res = runner.invoke(main, ["stats", "--db", str(db), "--json"])
    assert json.loads(res.output)["suggestion_decisions"]["ann"]["company"]["accepted"] == 1


def test_suggestion_precision_counts_this_annotators_decisions(tmp_path: Path) -> None:
    text = "Reuters said 40 people were hurt and 12 cars burned. Officials said 3 buses were hit.\n"
    st = _store(tmp_path, {"a": text})
    store_learned_suggestions(st, annotator="ann")
    stats = {sp.text: sp for sp in st.spans("a")}
    st.update_span(stats["40 people"].id, status="accepted", annotator="ann")
    st.update_span(stats["12 cars"].id, status="rejected", annotator="ann")
    st.update_span(stats["3 buses"].id, status="accepted", annotator="bob")
    st.add_span("a", 0, 7, "anonymous source", annotator="ann")  # manual: not a suggestion
    assert suggestion_decisions(st, "ann")["statistic"] == {"accepted": 1, "corrected": 0, "relabelled": 0, "rejected": 1,
                                                            "pending": 0}
    assert suggestion_decisions(st, "bob")["statistic"]["accepted"] == 1
    assert suggestion_decisions(st, "ann")["anonymous source"] == {"accepted": 0, "corrected": 0, "relabelled": 0,
                                                                   "rejected": 0, "pending": 1}  # fmt: skip
    assert decisions(st, "ann").count() == (2, 1)


@pytest.mark.parametrize("annotator", ["ann", None])
def test_without_decisions_suggestions_are_the_rules(tmp_path: Path, annotator: str | None) -> None:
    from tui_reader.suggest import suggest_text

    text = "Officials said 40 people were hurt, “a terrible day for the whole town,” the mayor said.\n"
    st = _store(tmp_path, {"a": text})
    store_learned_suggestions(st, annotator=annotator)
    assert sorted((sp.start, sp.end, sp.label) for sp in st.spans("a")) == sorted(
        (g.start, g.end, g.label) for g in suggest_text(text)
    )


def test_learn_output_never_sends_control_characters_to_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    evil = "ann\x1b]0;owned\x07\u202e"
    st = AnnotationStore(db)
    st.add_document(Document(id="d", text="Shares of Acme Corp rose.\n", title="d"))
    st.add_span("d", 10, 19, "company\x1b[2J", annotator=evil)
    st.close()
    res = CliRunner().invoke(main, ["learn", "--db", str(db), "--annotator", evil])
    assert res.exit_code == 0, res.output
    assert "learnt from ann" in res.output
    assert not any(c in res.output for c in "\x1b\x07\u202e")


def test_training_on_a_decision_in_a_big_document_costs_what_was_decided_not_the_document() -> None:
    """An annotator tags a few sources in a 1.5 MB article and the app retrains: the training reads the
    paragraphs around the decisions (core.excerpts), so its memory is a few MB, not the features of every
    token of the article (which ran to gigabytes on a 50 MB one), and the model still learns the sources."""
    import tracemalloc

    from tui_reader import learn as core

    paras = [f"Paragraph {i}: the weather was mild and {i} boats sailed past the harbour wall." for i in range(20_000)]
    tagged = {}
    for i in (50, 51, 7_000, 12_000, 19_990):
        paras[i] = f"Fishermen said the catch of {i} tonnes was the worst in years."
    text = "\n".join(paras)
    assert len(text) > core.BIG_TEXT
    for i in (50, 51, 7_000, 12_000, 19_990):
        s = text.index(f"Fishermen said the catch of {i} ")
        tagged[i] = (s, s + len("Fishermen"), "anonymous source")
    dec = core.Decisions({"big": list(tagged.values())}, {}, {"big": text})
    core.clear_feature_cache()
    tracemalloc.start()
    model, report = core.train(dec, self_check=False)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert model is not None and report.labels["anonymous source"]["spans"] == 5
    assert peak < 20 * 2**20, f"training peaked at {peak / 2**20:.0f} MiB for {len(text) / 2**20:.1f} MB of text"


# --- the learned suppressor of rule suggestions -----------------------------------------------------------------

_TOWNS = ["Harbour", "Mill", "River", "Castle", "Bridge", "Forest", "Valley", "Market"]


def _headline_doc(i: int) -> str:
    return (f"{_TOWNS[i]} town of {40 + i},000 people votes on a bridge\n\n"
            f"The bridge cost {12 + i} million dollars, officials said. \"It is done,\" Mayor Ann Lee{i} said.\n")  # fmt: skip


def test_a_kind_of_rule_suggestion_the_annotator_keeps_rejecting_is_no_longer_suggested(tmp_path: Path) -> None:
    """The annotator rejects the figure in every headline ("town of 40,000 people") and accepts the figures,
    sources and quotes of the body, in six articles. After training, a new article's headline figure is not
    suggested (a text never rejected before), while its body figure, source and quote still are; the same after
    reopening the database and in another database it was merged into. Deterministic."""
    st = _store(tmp_path, {f"t{i}": _headline_doc(i) for i in range(6)})
    for i in range(6):
        store_learned_suggestions(st, [f"t{i}"], annotator="ann")
        for sp in st.spans(f"t{i}", statuses=("suggested",)):
            st.update_span(sp.id, status="rejected" if "000 people" in sp.text else "accepted", annotator="ann")
    learn(st, "ann")
    assert load_learner(st, "ann").model.meta["suppress"] == train(decisions(st, "ann"))[0].meta["suppress"]
    st.close()
    new = _headline_doc(7)
    expected = [("19 million dollars", "rule:statistic"), ("officials", "rule:anonymous_source"),
                ('"It is done,"', "rule:quote")]  # fmt: skip
    assert "47,000 people" in [new[g.start : g.end] for g in learned_suggestions(new)]  # the rules alone show it
    st = AnnotationStore(tmp_path / "a.db")  # reopened: the suppressor came from the database
    st.add_document(Document(id="new", text=new, title="new"))
    store_learned_suggestions(st, ["new"], annotator="ann")
    assert _suggested(st, "new") == expected
    st.close()
    other = _store(tmp_path, {"new": new}, name="b.db")
    other.merge_from(tmp_path / "a.db")
    other.conn.execute("DELETE FROM spans WHERE doc_id = 'new'")
    store_learned_suggestions(other, ["new"], annotator="ann")
    assert "47,000 people" not in [t for t, _o in _suggested(other, "new")]
    assert ("officials", "rule:anonymous_source") in _suggested(other, "new")
    other.close()

"""Suggesting with everything learnt: rules + propagation + cues + model; training and storing."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tui_reader.learn.bounds import adjust
from tui_reader.learn.calibrate import threshold
from tui_reader.learn.checks import _model_additions
from tui_reader.learn.crf import CrfModel, TrainReport, train
from tui_reader.learn.cues import cue_additions
from tui_reader.learn.decisions import Decisions, decisions
from tui_reader.learn.filter import additions as filter_additions
from tui_reader.learn.propagate import Memory, propagate_text
from tui_reader.learn.settings import MODEL_NAME, PROPAGATE_ORIGIN
from tui_reader.learn.suppress import suppressed
from tui_reader.suggest import (
    DEFAULT_RULES,
    Suggestion,
    store_relation_suggestions,
    suggest_text,
)

# --- suggesting with everything ---------------------------------------------------------------------------------


def learned_suggestions(
    text: str,
    *,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    memory: Memory | None = None,
    model: CrfModel | None = None,
) -> list[Suggestion]:
    """Rules + propagation + model for one text, minus what the annotator rejected. Without memory and model
    this is `suggest_text`; with a model, the shipped anonymous-source model suggests from the threshold the
    annotator's decisions set (`learn.calibrate`). With a model, kinds of rule suggestion the annotator rejects are left out (the
    suppressor) and every suggestion's edges are drawn as the annotator draws them (`bounds.adjust`:
    attrs["bounds"] says what changed) before rejected text is left out. One suggestion per (start, end, label):
    rule first, then propagation, then model."""
    # the shipped model at the annotator's threshold (learn.calibrate), else at its own
    rule_found = suggest_text(text, rules, threshold=threshold(model.meta.get("calibration")) if model else None)
    prop_found = propagate_text(text, memory) if memory is not None else []
    cue_found = (cue_additions(text, model.meta.get("anon_cues"), [*rule_found, *prop_found], rules)
                 if model is not None else [])  # fmt: skip
    filter_found = (filter_additions(text, model.meta.get("filter"), [*rule_found, *prop_found, *cue_found])
                    if model is not None else [])  # fmt: skip
    model_found = (_model_additions(text, model, rule_found, [*prop_found, *cue_found, *filter_found], rules)
                   if model is not None else [])  # fmt: skip
    found = [*rule_found, *prop_found, *cue_found, *filter_found, *model_found]
    if model is not None:
        suppress = model.meta.get("suppress")
        found = [g for g in found if not suppressed(text, g, suppress)]  # kinds of rule suggestion rejected
        found = adjust(text, found, model.meta.get("bounds"))  # the annotator's span boundaries (learn.bounds)
    out: dict[tuple[int, int, str], Suggestion] = {}
    for g in found:
        if memory is not None and memory.is_rejected(text[g.start : g.end], g.label):
            continue
        out.setdefault((g.start, g.end, g.label), g)
    return sorted(out.values(), key=lambda g: (g.start, g.end, g.label))




def follow_gold(docs: Iterable[Mapping[str, Any]], *, model: CrfModel | None = None,
                labels: Collection[str] | None = None) -> Decisions:
    """The decisions of an annotator who follows a gold annotation, article after article: on each one they see
    the suggestions (rules + propagation from the articles before, + `model` if given), accept those identical to
    a gold span, reject the others, and tag the gold spans still missing. `docs`: {"id", "text", "spans":
    [{"start", "end", "label"}]} (the gold JSONL). `labels`: the annotator decides only suggestions of these
    labels (a project whose label set is these; gold labelled for them only), the others are not shown."""
    dec = Decisions()
    for d in docs:
        text = d["text"]
        gold = {(g["start"], g["end"], g["label"]) for g in d["spans"]}
        shown = learned_suggestions(text, memory=Memory.from_decisions(dec), model=model)
        dec.texts[d["id"]] = text
        dec.negative[d["id"]] = sorted({(g.start, g.end, g.label) for g in shown if labels is None or g.label in labels} - gold)
        dec.positive[d["id"]] = sorted(gold)  # accepted suggestions and manual tags alike
    return dec


@dataclass
class Learner:
    """What `suggest` uses for one annotator: their memory of decisions and their trained model (if any)."""

    memory: Memory
    model: CrfModel | None

    def suggest(self, text: str, rules: Mapping[str, str | None] = DEFAULT_RULES) -> list[Suggestion]:
        return learned_suggestions(text, rules=rules, memory=self.memory, model=self.model)


def load_learner(store: Any, annotator: str | None = None) -> Learner:
    """The annotator's current decisions (for propagation and rejections) and their stored model, if any.
    With annotator None: everyone's decisions, and the model of the only annotator who has one (if one)."""
    memory = Memory.from_decisions(decisions(store, annotator))
    model = None
    if annotator is not None:
        found = store.load_model(annotator, MODEL_NAME)
    else:
        rows = [m for m in store.models() if m["name"] == MODEL_NAME]
        found = store.load_model(rows[0]["annotator"], MODEL_NAME) if len(rows) == 1 else None
    if found is not None:
        model = CrfModel.from_bytes(found[0])
    return Learner(memory, model)


def learn(
    store: Any,
    annotator: str,
    *,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    on_document: Callable[[str], None] | None = None,
) -> TrainReport:
    """Train `annotator`'s CRF from their decisions and store it in the database (replacing the previous one)."""
    dec = decisions(store, annotator)
    model, report = train(dec, rules=rules, on_document=on_document)
    if model is not None:
        store.save_model(annotator, MODEL_NAME, model.to_bytes(),
                         {k: v for k, v in model.meta.items() if k != "memory"})  # fmt: skip
    return report


def store_learned_suggestions(
    store: Any,
    doc_ids: Iterable[str] | None = None,
    *,
    annotator: str | None = None,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    on_document: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Like `suggest.store_suggestions`, with propagation and the annotator's model added (and rejected text
    left out). Origins: "rule:<name>", "propagate", "model:crf"."""
    learner = load_learner(store, annotator)
    ids = list(doc_ids) if doc_ids is not None else store.document_ids()
    for d in ids:
        if not store.has_document(d):
            raise ValueError(f"no document with id {d!r}")
    totals: dict[str, Any] = {"documents": 0, "added": 0, "existing": 0, "per_label": {}, "per_origin": {},
                              "model": learner.model is not None}  # fmt: skip
    for d in ids:
        text = store.document_text(d)
        found = learner.suggest(text, rules)
        items = [(g.start, g.end, g.label, g.rule if g.rule == PROPAGATE_ORIGIN or g.rule.startswith("model:") else f"rule:{g.rule}",
                  g.attrs) for g in found]  # fmt: skip
        added = store.add_spans_if_new(d, items, annotator="", status="suggested")
        totals["documents"] += 1
        totals["added"] += len(added)
        totals["existing"] += len(found) - len(added)
        for sp in added:
            totals["per_label"][sp.label] = totals["per_label"].get(sp.label, 0) + 1
            kind = sp.origin.split(":")[0]
            totals["per_origin"][kind] = totals["per_origin"].get(kind, 0) + 1
        totals["relations"] = totals.get("relations", 0) + store_relation_suggestions(store, d, text, found)
        if on_document:
            on_document(d, len(added))
    return totals



"""The CRF: one per label, trained from the decisions, with a self-check on the annotator's held-out ones."""

from __future__ import annotations

import io
import json
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.learn.bounds import describe_bounds, train_bounds
from tui_reader.learn.calibrate import describe_calibration, train_calibration
from tui_reader.learn.checks import _cues, _model_additions
from tui_reader.learn.cues import CUE_CHECK_DOCS, CUE_SELF_CHECK, check_cues, cues_pass, learn_cues
from tui_reader.learn.decisions import Decisions, _sample, _subset, excerpts
from tui_reader.learn.features import _marks, text_items
from tui_reader.learn.filter import train_filter
from tui_reader.learn.propagate import Memory, propagate_text
from tui_reader.learn.settings import (
    C1,
    C2,
    FILTER_TRAIN_WORDS,
    MAX_ITERATIONS,
    MAX_TRAIN_WORDS,
    MIN_CRF_RIGHT,
    MIN_MODEL_SCORE,
    MIN_SELF_PRECISION,
    MIN_SPANS_TO_SUGGEST,
    MODEL_ORIGIN,
    QUIET_KEPT,
    SCORE_STEPS,
    SELF_CHECK_WORDS,
)
from tui_reader.learn.suppress import train_suppressor
from tui_reader.suggest import (
    DEFAULT_RULES,
    Suggestion,
    suggest_text,
)

# --- the model --------------------------------------------------------------------------------------------------


@dataclass
class TrainReport:
    labels: dict[str, dict[str, int]]  # label -> {"spans": positive spans, "tokens": positive tokens}
    documents: int
    positive: int
    negative: int
    seconds: float
    features: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # label -> strongest features
    # label -> {"right", "wrong": the model's additions on the annotator's held-out decisions (the self-check),
    # "min_score": the score from which it suggests, None when it holds back}
    checked: dict[str, dict[str, Any]] = field(default_factory=dict)
    bounds: str = ""  # what the learned span boundaries learnt, in words (`describe_bounds`)
    calibration: str = ""  # the shipped anonymous-source model's threshold for this annotator, in words


class CrfModel:
    """One CRF per label, (de)serialised as a zip of crfsuite files plus a JSON manifest."""

    def __init__(self, models: dict[str, bytes], meta: dict[str, Any] | None = None) -> None:
        self.models = models
        self.meta = meta or {}
        self._taggers: dict[str, Any] = {}
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    @property
    def labels(self) -> list[str]:
        return sorted(self.models)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            names = {label: f"label{i}.crfsuite" for i, label in enumerate(sorted(self.models))}
            z.writestr("manifest.json", json.dumps({"labels": names, "meta": self.meta}, ensure_ascii=False))
            for label, name in names.items():
                z.writestr(name, self.models[label])
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CrfModel:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            manifest = json.loads(z.read("manifest.json"))
            models = {label: z.read(name) for label, name in manifest["labels"].items()}
        return cls(models, manifest.get("meta", {}))

    def _tagger(self, label: str) -> Any:
        import pycrfsuite

        if label not in self._taggers:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="tui-reader-crf-")
            path = Path(self._tmp.name) / f"{len(self._taggers)}.crfsuite"
            path.write_bytes(self.models[label])
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            self._taggers[label] = tagger
        return self._taggers[label]

    def predict(self, text: str) -> list[Suggestion]:
        """The model's spans in `text` whose score (the mean marginal probability of their tokens' tags) is at
        least MIN_MODEL_SCORE, for every label."""
        found: list[Suggestion] = []
        taggers = [(label, self._tagger(label)) for label in self.labels]
        for toks, xseq in text_items(text):
            for label, tagger in taggers:
                tagger.set(xseq)
                tags = tagger.tag()
                i = 0
                while i < len(tags):
                    if tags[i] == "B" or (tags[i] == "I" and (i == 0 or tags[i - 1] == "O")):
                        j = i + 1
                        while j < len(tags) and tags[j] == "I":
                            j += 1
                        score = sum(1 - tagger.marginal("O", k) for k in range(i, j)) / (j - i)
                        if score >= MIN_MODEL_SCORE:
                            found.append(Suggestion(toks[i][0], toks[j - 1][1], label, MODEL_ORIGIN,
                                                    {"score": round(score, 3)}))  # fmt: skip
                        i = j
                    else:
                        i += 1
        return found


def _fit(
    dec: Decisions,
    labels: Sequence[str],
    tmp: str,
    on_document: Callable[[str], None] | None = None,
) -> tuple[dict[str, bytes], dict[str, dict[str, int]], dict[str, str]]:
    """One CRF per label on the decisions: (model bytes per label, {"spans", "tokens"} per label, file per label).
    Trained on the paragraphs with a decision of the label (a span accepted, tagged or rejected) and one in
    QUIET_KEPT of the others."""
    import pycrfsuite

    trainers = {lb: pycrfsuite.Trainer(verbose=False) for lb in labels}
    stats = {lb: {"spans": 0, "tokens": 0} for lb in labels}
    for doc_id in dec.documents:
        text = dec.texts[doc_id]
        positives = dec.positive.get(doc_id, [])
        busy: dict[str, list[tuple[int, int]]] = {lb: [] for lb in labels}
        for s, e, lb in (*positives, *dec.negative.get(doc_id, [])):
            busy.setdefault(lb, []).append((s, e))
        spans = {lb: [(s, e) for s, e, lab in positives if lab == lb] for lb in labels}
        for lb in labels:
            stats[lb]["spans"] += len(spans[lb])
        for p, (toks, xseq) in enumerate(text_items(text)):
            lo, hi = toks[0][0], toks[-1][1]
            for label in labels:
                # every paragraph where the annotator decided something for this label, one in QUIET_KEPT of
                # the others (they are all "outside"; a few keep the model honest about them at a fraction of
                # the cost; a suggestion nobody decided on is neither in nor out)
                if p % QUIET_KEPT and not any(s < hi and lo < e for s, e in busy[label]):
                    continue
                marks = _marks(spans[label], toks)
                stats[label]["tokens"] += sum(m != "O" for m in marks)
                trainers[label].append(xseq, marks)
        if on_document:
            on_document(doc_id)
    models: dict[str, bytes] = {}
    paths: dict[str, str] = {}
    for label in labels:
        if not stats[label]["tokens"]:
            continue
        trainer = trainers[label]
        trainer.select("lbfgs")
        trainer.set_params({"max_iterations": MAX_ITERATIONS, "c1": C1, "c2": C2,
                            "feature.possible_transitions": True})  # fmt: skip
        path = str(Path(tmp) / f"{len(list(Path(tmp).iterdir()))}.crfsuite")
        trainer.train(path)
        models[label] = Path(path).read_bytes()
        paths[label] = path
    return models, stats, paths


def _self_check(
    dec: Decisions,
    labels: Sequence[str],
    rules: Mapping[str, str | None],
    tmp: str,
) -> tuple[dict[str, float], dict[str, dict[str, int]]]:
    """How precise the model's own additions are on the annotator's decisions it did not learn from: the decided
    documents in two halves, a model trained on each half suggests in the other, and each addition (what the
    rules and propagation did not suggest) is right when it overlaps a span the annotator accepted or tagged.
    Returns (per label the lowest score threshold of SCORE_STEPS at which the additions were at least
    MIN_SELF_PRECISION precise, or none was left (too little to judge: the threshold rises above the wrong ones);
    labels whose additions were imprecise at every threshold are left out; per label {"right", "wrong"} at the
    lowest threshold)."""
    docs = _sample(dec, SELF_CHECK_WORDS).documents
    samples: dict[str, list[tuple[float, bool]]] = {lb: [] for lb in labels}
    found = {d: suggest_text(dec.texts[d], rules) for d in docs}
    if len(docs) >= 2:
        halves = [docs[0::2], docs[1::2]]
        for f in (0, 1):
            part = _subset(dec, halves[1 - f])
            memory = Memory.from_decisions(part)
            part_labels = sorted({lb for spans in part.positive.values() for _s, _e, lb in spans})
            models, _stats, _paths = _fit(part, part_labels, tmp)
            if not models:
                continue
            model = CrfModel(models, {"cues": _cues(part)})
            for d in halves[f]:
                text = dec.texts[d]
                gold = dec.positive.get(d, [])
                for g in _model_additions(text, model, found[d], propagate_text(text, memory), rules, gate=False):
                    right = any(lb == g.label and s < g.end and g.start < e for s, e, lb in gold)
                    samples.setdefault(g.label, []).append((float(g.attrs.get("score", 0.0)), right))
    chosen: dict[str, float] = {}
    checked: dict[str, dict[str, int]] = {}
    for label, xs in samples.items():
        checked[label] = {"right": sum(r for _s, r in xs), "wrong": sum(not r for _s, r in xs)}
        for t in SCORE_STEPS:
            kept = [r for sc, r in xs if sc >= t]
            if sum(kept) >= max(MIN_CRF_RIGHT, MIN_SELF_PRECISION * len(kept)):  # none kept: nothing against it
                chosen[label] = t
                break
    return chosen, checked


def train(
    dec: Decisions,
    *,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    on_document: Callable[[str], None] | None = None,
    self_check: bool = True,
) -> tuple[CrfModel | None, TrainReport]:
    """Train one CRF per label from an annotator's decisions. None when there is nothing positive to learn.
    With `self_check`, the model's additions are first tried on the annotator's own decisions (`_self_check`):
    a label whose additions were not precise there adds nothing (its model still exists, for the next training
    to compare)."""
    import pycrfsuite

    t0 = time.perf_counter()
    dec = excerpts(dec)
    memory = Memory.from_decisions(dec)
    n_pos, n_neg = dec.count()
    labels = sorted({lb for spans in dec.positive.values() for _s, _e, lb in spans})
    top: dict[str, list[tuple[str, float]]] = {}
    fit_on = _sample(dec, MAX_TRAIN_WORDS)
    with tempfile.TemporaryDirectory(prefix="tui-reader-crf-") as tmp:
        models, stats, paths = _fit(fit_on, labels, tmp, on_document)
        if on_document:  # the documents left out of the sample count as read too
            for d in dec.documents:
                if d not in fit_on.texts:
                    on_document(d)
        for label, path in paths.items():
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            weights = tagger.info().state_features
            tagger.close()
            best = sorted(((f"{attr} -> {tag}", w) for (attr, tag), w in weights.items() if tag != "O"),
                          key=lambda x: -x[1])[:5]  # fmt: skip
            top[label] = [(name, round(w, 2)) for name, w in best]
        min_score, checked = _self_check(fit_on, labels, rules, tmp) if self_check and models else ({}, {})
    filter_on = _sample(fit_on, FILTER_TRAIN_WORDS)  # the filter learns from fewer words than the CRF (it is pure Python)
    filter_meta = train_filter(filter_on, rules, (lambda t: suggest_text(t, rules)) if self_check else None,
                               _sample(filter_on, SELF_CHECK_WORDS))  # fmt: skip
    anon_cues = learn_cues(dec, rules)
    if self_check and CUE_SELF_CHECK and len(dec.documents) >= CUE_CHECK_DOCS:
        sample = _sample(fit_on, SELF_CHECK_WORDS)
        anon_cues["checked"] = check_cues(sample, rules, lambda t: suggest_text(t, rules))
        anon_cues["silent"] = not cues_pass(anon_cues["checked"])
    bounds_meta = train_bounds(fit_on, lambda t: suggest_text(t, rules), self_check)
    calibration = train_calibration(fit_on, rules) if self_check else None
    suppress_meta = (train_suppressor(_sample(fit_on, SELF_CHECK_WORDS), lambda t: suggest_text(t, rules))
                     if self_check else None)  # fmt: skip
    seconds = time.perf_counter() - t0
    report = TrainReport(labels=stats, documents=len(dec.documents), positive=n_pos, negative=n_neg,
                         seconds=seconds, features=top,
                         checked={lb: {**c, "min_score": min_score.get(lb)} for lb, c in checked.items()},
                         bounds=describe_bounds(bounds_meta), calibration=describe_calibration(calibration))  # fmt: skip
    if not models:
        return None, report
    rejected_per_label = Counter(lb for spans in dec.negative.values() for _s, _e, lb in spans)
    meta = {"labels": stats, "documents": len(dec.documents), "positive": n_pos, "negative": n_neg,
            "rejected_per_label": dict(rejected_per_label), "cues": _cues(dec), "anon_cues": anon_cues,
            "seconds": round(seconds, 3), "memory": _memory_to_json(memory)}  # fmt: skip
    if filter_meta is not None:
        meta["filter"] = filter_meta
    if suppress_meta is not None:
        meta["suppress"] = suppress_meta
    if bounds_meta is not None:
        meta["bounds"] = bounds_meta
    if calibration is not None:
        meta["calibration"] = calibration
    if self_check:
        meta["min_score"] = min_score
        meta["self_check"] = checked
    return CrfModel(models, meta), report


_PLACES = {"-2": "two words after", "-1": "right after", "1": "right before", "2": "two words before"}
_WHAT = {"rule": "a rule suggestion", "prop": "a propagated tag", "quote": "a quote mark", "speech": "a speech verb",
         "num": "a number", "title": "a capitalised word", "person": "a person noun", "para_start": "a paragraph start",
         "speech_ahead": "a speech verb just after", "speech_behind": "a speech verb just before",
         "in_quote": "inside quote marks", "numword": "a number word", "demonym": "a people's name (Tunisians)",
         "sent_start": "a sentence start"}  # fmt: skip


def describe_state(label: str, spans: int, checked: Mapping[str, Any] | None) -> str:
    """Whether a label's model suggests: "suggests", "suggests from 10 spans", or "holds back (its additions were
    right 3 of 9 times on your own decisions)"."""
    if spans < MIN_SPANS_TO_SUGGEST:
        return f"suggests from {MIN_SPANS_TO_SUGGEST} spans"
    if checked is not None and checked.get("min_score") is None:
        right, tried = checked.get("right", 0), checked.get("right", 0) + checked.get("wrong", 0)
        return f"holds back (its additions were right {right} of {tried} times on your own decisions)"
    if checked is not None and checked.get("min_score", MIN_MODEL_SCORE) > MIN_MODEL_SCORE:
        return f"suggests from a score of {checked['min_score']:.2f}"
    return "suggests"


def describe_feature(name: str) -> str:
    """A CRF feature in words: '-1:w:according -> B' -> 'right after "according"'."""
    feat = name.rsplit(" -> ", 1)[0]
    place = ""
    head, _, rest = feat.partition(":")
    if head.lstrip("+") in _PLACES and rest:
        place, feat = _PLACES[head.lstrip("+")], rest
    key, _, value = feat.partition(":")
    if key in ("w", "pre3", "suf3", "shape"):
        what = {"w": f'"{value}"', "pre3": f'a word starting "{value}"', "suf3": f'a word ending "{value}"',
                "shape": f"a word shaped {value}"}[key]  # fmt: skip
    elif key in ("verb_ahead", "verb_behind"):
        what = f'"{value}" ' + ("after it" if key == "verb_ahead" else "before it")
    elif key in ("rule", "prop"):
        what = _WHAT[key] + (" (its start)" if value == "B" else "")
    else:
        what = _WHAT.get(key, key)
    return f"{place} {what}".strip()


def _memory_to_json(mem: Memory) -> dict[str, list[list[Any]]]:
    return {"accepted": [[k, lb, n] for (k, lb), n in sorted(mem.accepted.items())],
            "rejected": [[k, lb, n] for (k, lb), n in sorted(mem.rejected.items())]}  # fmt: skip



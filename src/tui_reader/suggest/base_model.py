"""A shipped model for anonymous sources: broad candidates kept by a logistic regression trained on our dev labels.

The hand rule (`suggest.anonymous`) is tuned phrase by phrase; on news it had not seen it finds ~0.69 of the
anonymous sources. This model generalises by *kinds of phrase* instead: `suggest.candidates` proposes every phrase
that may be an unnamed source (the words before a verb of saying or thinking, after "according to", ...), and a
logistic regression over what it sees of each candidate (head word and its ending, plural, person noun, the verb
and its kind, determiner, the word after, ...) decides which to suggest. It was trained on the labelled dev text
(`BASE_TRAIN_IDS`: tests/data/news_gold dev.jsonl and dev_anon anon_01-34) without the rules' suggestions as a
feature (trained with one, it learnt from rules tuned on that text that what they miss is never a source).

`suggest_text` adds, for the label of the `anonymous_source` rule, every candidate that overlaps no rule
suggestion of that label and whose probability is at least the model's threshold: rule name BASE_RULE
("anonymous_model"; stored with origin "rule:anonymous_model"), attrs {"score": probability}. The weights and the
threshold are a small JSON file shipped with the package (`anonymous_model.json`), rebuilt deterministically by
`build_base_model` (bench/bench_base_model.py --write); tests/test_base_model.py checks the file equals a rebuild.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tui_reader.suggest.candidates import _candidates, candidate_features, fit, probability
from tui_reader.suggest.text import Suggestion

BASE_RULE = "anonymous_model"  # Suggestion.rule of its additions (origin "rule:anonymous_model" in the store)
MODEL_PATH = Path(__file__).with_name("anonymous_model.json")
GOLD_LABEL = "anonymous source"  # the label in the gold files it is trained on
BASE_THRESHOLD = 0.8  # the lowest probability suggested (chosen on bench/bench_base_model.py's protocols A and B)
BASE_L2 = 0.001  # regularisation (chosen likewise)
BASE_ITERATIONS = 1000
BASE_MIN_WEIGHT = 0.01  # smaller weights are left out of the shipped file (half of them; scores move < 0.01)
BASE_WIDE = True  # the wide candidate generator (suggest.candidates; chosen likewise)
BASE_RULE_FEATURE = False  # train with "rule=<the rules suggest it too>" (chosen likewise)
# the labelled dev text it is trained on: a fixed list (batches labelled later are for measuring, never for this)
BASE_TRAIN_IDS: tuple[str, ...] = (
    "dev_01", "dev_03", "dev_05", "dev_07", "dev_09", "dev_11", *(f"extra_{n:02d}" for n in range(1, 32)),
    *(f"anon_{n:02d}" for n in range(1, 35)),
)  # fmt: skip


_NAME_AFTER = re.compile(r"[^.!?\n]{0,60}?,\s+(?:[a-z][\w’'-]*\s+){0,3}[A-Z][a-z]+\s+[A-Z][a-z]+")


def base_features(text: str, start: int, end: int, info: Mapping[str, Any]) -> list[str]:
    """What the base model sees of one candidate (without the rule feature): the learner's features
    (`candidate_features`), + "via" ("who" between it and the verb), a definite singular ("the team", "the
    official": mostly someone named before), a name in apposition later in the clause ("said another witness in
    the probe, former adviser Fiona Hill")."""
    plural = info["head"].endswith("s") and not info["head"].endswith("ss")
    return [*candidate_features(text, start, end, info), f"via={info.get('via', '')}",
            f"the+sing={info['first'] in ('the', 'this', 'that') and not plural}",
            f"name_after={bool(_NAME_AFTER.match(text, end))}"]  # fmt: skip


def _spans(doc: Mapping[str, Any], label: str) -> list[tuple[int, int]]:
    return [(sp["start"], sp["end"]) for sp in doc["spans"] if sp["label"] == label]


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def training_examples(
    docs: Iterable[Mapping[str, Any]],
    rule_spans: Callable[[str], Sequence[tuple[int, int]]],
    rule_feature: bool = BASE_RULE_FEATURE,
) -> list[tuple[list[str], int]]:
    """Every candidate of every gold document: its features + "rule=<the rules suggest it too>", positive when it
    overlaps a gold anonymous source. `rule_spans`: text -> the rules' anonymous-source suggestions (start, end)."""
    out = []
    for d in docs:
        text, gold = d["text"], _spans(d, GOLD_LABEL)
        ruled = rule_spans(text) if rule_feature else []
        for s, e, info in _candidates.__wrapped__(text, (), BASE_WIDE):
            feats = base_features(text, s, e, info)
            if rule_feature:
                feats.append(f"rule={_overlaps(s, e, ruled)}")
            out.append((feats, int(_overlaps(s, e, gold))))
    return out


def train_base_model(
    docs: Iterable[Mapping[str, Any]],
    rule_spans: Callable[[str], Sequence[tuple[int, int]]],
    *,
    threshold: float = BASE_THRESHOLD,
    l2: float = BASE_L2,
    iterations: int = BASE_ITERATIONS,
    rule_feature: bool = BASE_RULE_FEATURE,
) -> dict[str, Any]:
    """The model (JSON-ready): {"threshold", "trained_on", "positives", "candidates", "weights", ...}."""
    docs = list(docs)
    data = training_examples(docs, rule_spans, rule_feature)
    return {
        "threshold": threshold,
        "trained_on": [d["id"] for d in docs],
        "positives": sum(y for _f, y in data),
        "candidates": len(data),
        "l2": l2,
        "iterations": iterations,
        "rule_feature": rule_feature,
        "weights": {f: w for f, w in fit(data, iterations=iterations, l2=l2).items() if abs(w) >= BASE_MIN_WEIGHT},
    }


def build_base_model(
    gold_dir: str | Path, rule_spans: Callable[[str], Sequence[tuple[int, int]]] | None = None
) -> dict[str, Any]:
    """The shipped model, rebuilt: trained on BASE_TRAIN_IDS of `gold_dir` (tests/data/news_gold). `rule_spans`
    (text -> the rules' anonymous-source suggestions) is needed only with BASE_RULE_FEATURE (off: the model does
    not depend on the rules, only on the candidates, their features and the person-noun list)."""
    docs: dict[str, dict[str, Any]] = {}
    for name in ("dev.jsonl", "dev_anon.jsonl"):
        for line in (Path(gold_dir) / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                docs[d["id"]] = d
    missing = [i for i in BASE_TRAIN_IDS if i not in docs]
    if missing:
        raise ValueError(f"training documents missing from {gold_dir}: {missing}")
    if rule_spans is None and BASE_RULE_FEATURE:
        raise ValueError("the rule feature needs the rules' suggestions (rule_spans)")
    return train_base_model([docs[i] for i in BASE_TRAIN_IDS], rule_spans or (lambda _t: []))


def dumps(model: Mapping[str, Any]) -> str:
    """The shipped file's text (stable: sorted keys, one weight a line)."""
    return json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@functools.lru_cache(maxsize=1)
def load_base_model() -> dict[str, Any] | None:
    """The shipped model, or None when its file is missing (then nothing is added)."""
    try:
        return json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _left_out(text: str, start: int, info: Mapping[str, Any]) -> bool:
    """Candidates the labels' conventions (and the rules) never take: "both" (of two people named before), "the"
    + a singular ("the team", "the official": someone named before), a negated verb ("officials did not say"),
    a headline (every word of the line capitalised: "Analysts Expect Record Profits")."""
    if info["first"] == "both" or info["aux"] in ("not", "never"):
        return True
    if info["first"] in ("the", "this", "that") and not (info["head"].endswith("s") and not info["head"].endswith("ss")):
        return True
    line = text[text.rfind("\n", 0, start) + 1 : (text.find("\n", start) + 1 or len(text) + 1) - 1]
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    return len(words) >= 3 and all(w[:1].isupper() for w in words if len(w) > 3)


def scored_candidates(text: str, model: Mapping[str, Any], ruled: Sequence[tuple[int, int]] = ()
                      ) -> list[tuple[int, int, float]]:  # fmt: skip
    """(start, end, probability) of every candidate the model may add, in text order: left-out kinds and those
    overlapping a rule suggestion (`ruled`) are dropped before their features are built."""
    weights = model["weights"]
    out = []
    for s, e, info in _candidates.__wrapped__(text, (), BASE_WIDE):
        if _overlaps(s, e, ruled) or _left_out(text, s, info):
            continue
        feats = base_features(text, s, e, info)
        if model.get("rule_feature"):
            feats.append("rule=False")  # an addition is what the rules do not suggest
        out.append((s, e, probability(weights, feats)))
    return out


def keep_above(scored: Sequence[tuple[int, int, float]], ruled: Sequence[tuple[int, int]], threshold: float
               ) -> list[tuple[int, int, float]]:  # fmt: skip
    """The scored candidates at or above `threshold`, each overlapping no rule suggestion nor one kept before it."""
    kept = list(ruled)
    out = []
    for s, e, p in scored:
        if p >= threshold and not _overlaps(s, e, kept):
            out.append((s, e, p))
            kept.append((s, e))
    return out


def base_additions(
    text: str,
    ruled: Sequence[tuple[int, int]],
    label: str,
    model: Mapping[str, Any] | None = None,
) -> list[Suggestion]:
    """The model's suggestions in `text`: candidates overlapping nothing in `ruled` (the rules' suggestions of
    `label`) whose probability is at least the threshold. Rule BASE_RULE, attrs {"score": probability}."""
    model = model if model is not None else load_base_model()
    if not model:
        return []
    return [Suggestion(s, e, label, BASE_RULE, {"score": round(p, 3)})
            for s, e, p in keep_above(scored_candidates(text, model, ruled), ruled, float(model["threshold"]))]  # fmt: skip

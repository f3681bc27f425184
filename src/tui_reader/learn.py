"""Suggestions that learn from the annotator: propagation, a trained CRF, and how precise suggestions have been.

Every decision is training data: an accepted suggestion and a manual tag are positive, a rejected suggestion is
negative (a relabelled span counts under its new label).

- *Propagation* (INCEpTION's string-matching recommender): text the annotator tagged with a label is suggested
  wherever else it occurs in the corpus (same normalised text: case, runs of white space and curly/straight quote
  marks do not matter; whole words only). Text rejected with a label at least as often as it was accepted is not
  propagated, and no suggestion of any origin (rule, propagation, model) with that text and label is made again:
  rejected stays rejected.
- *A CRF* (python-crfsuite), one per label, over the tokens of each paragraph. It sees for each token: the word
  lower-cased, its shape (Xxxx, dd,ddd, ...), prefix/suffix, whether it is a number or number word, capitalised,
  a quote mark, a speech verb, a person noun, the same for the two words on either side, which verb of saying
  governs it, whether it is inside quote marks. It does not see the rules' outputs (a model that did learnt to
  copy them and added nothing). Documents the annotator decided anything in are its training data: tokens
  inside their accepted spans are positive, every other token is outside. The model's suggestions carry origin
  "model:crf" and attrs {"score": mean marginal probability of the span}; it adds only what no rule or
  propagation suggests, for labels learnt from MIN_SPANS_TO_SUGGEST spans or more, keeping the rules'
  conventions (`_sane`), and only at a score where its additions were precise on the annotator's own decisions
  it did not learn from (the self-check, `_self_check`; MIN_MODEL_SCORE at least).
- Training is kept within seconds for a few hundred articles: features once per text (`text_items`, one crfsuite
  ItemSequence per paragraph, shared by every label and cached), paragraphs with a decision of the label and one
  in QUIET_KEPT of the others, MAX_ITERATIONS of L-BFGS, and beyond MAX_TRAIN_WORDS a sample of the documents.
- *Learned cues* (`learn_cues`, `cue_additions`): the head nouns and attributing verbs of the annotator's tagged
  anonymous sources that no list of the rule holds are added to the rule's group-source patterns
  (`suggest.rule_anonymous_source(heads=..., verbs=...)`); what that finds with a learned word is suggested
  (origin "model:cues"), except a head and verb rejected together. Kept in the model's meta ("anon_cues").
- `suggestion_decisions` counts, per label, the suggestions an annotator accepted and rejected.

Core only: no Textual, no SQL (the store's `save_model` / `load_model` hold the model bytes).
"""

from __future__ import annotations

import bisect
import functools
import io
import json
import re
import tempfile
import time
import zipfile
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.suggest import (
    _DEMONYMS,
    _FALLBACK_PERSON,
    _GROUP_VERBS,
    _NOT_PERSON,
    _PERSON_NOUNS,
    _PERSON_NOUNS_LISTED,
    _SRC_STOP,
    DEFAULT_RULES,
    SPEECH_VERBS,
    Suggestion,
    _is_scare_quote,
    _names_something,
    rule_anonymous_source,
    store_relation_suggestions,
    suggest_text,
)

MODEL_NAME = "crf"
MODEL_ORIGIN = f"model:{MODEL_NAME}"
CUE_ORIGIN = "model:cues"
MIN_CUE_SPANS = 1  # a head noun or verb is learned once it attributed this many tagged sources (dev-cv: 1 > 2 > 3)
PROPAGATE_ORIGIN = "propagate"
MAX_ITERATIONS = 30  # L-BFGS iterations per label
QUIET_KEPT = 3  # of paragraphs where nothing happened for a label, one in this many is trained on
C1, C2 = 0.5, 0.001  # L-BFGS regularisation (L1, L2), chosen by cross-validation on the dev split
MIN_MODEL_SCORE = 0.7  # chosen by cross-validation on dev (pre-issue rules): additions at the rules' precision or better
MIN_SPANS_TO_SUGGEST = 10  # a label's model adds suggestions of its own once it has learnt from this many spans
SCORE_STEPS = (0.7, 0.8, 0.9, 0.95)  # thresholds the self-check tries, lowest first
MAX_TRAIN_WORDS = 60_000  # beyond this many words of decided documents the CRF learns from a sample of them
SELF_CHECK_WORDS = 20_000  # the self-check uses decided documents of about this many words
MIN_SELF_PRECISION = 0.9  # a label's additions must have been this precise on the annotator's held-out decisions
# The model does not see the rules' outputs: it learns what the words look like, and so can add what the rules
# miss (a model that saw them learnt "copy the rule" and added nothing, as measured on the dev split).

# --- decisions --------------------------------------------------------------------------------------------------


@dataclass
class Decisions:
    """An annotator's decisions: positive spans per document, rejected spans, and the documents decided in."""

    positive: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    negative: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # doc_id -> text, for every document decided in

    @property
    def documents(self) -> list[str]:
        return sorted(self.texts)

    def count(self) -> tuple[int, int]:
        return sum(map(len, self.positive.values())), sum(map(len, self.negative.values()))


BIG_TEXT = 1_000_000  # characters: a decided document longer than this is trained on excerpts (`excerpts`)
EXCERPT_CONTEXT = 2  # paragraphs kept before and after each paragraph holding a decision


def excerpts(dec: Decisions, big: int = BIG_TEXT) -> Decisions:
    """The decisions with every document longer than `big` characters cut down to the paragraphs holding a
    decision and EXCERPT_CONTEXT paragraphs either side, joined by line breaks, the spans' offsets moved with
    them (`text[start:end]` is the same span text). A training then costs what was decided, not the size of the
    document: features, rules and propagation over a 50 MB article ran to gigabytes."""
    if all(len(t) <= big for t in dec.texts.values()):
        return dec
    out = Decisions({}, {}, {})
    for doc_id, text in dec.texts.items():
        pos, neg = dec.positive.get(doc_id, []), dec.negative.get(doc_id, [])
        if len(text) <= big:
            out.texts[doc_id] = text
            if pos:
                out.positive[doc_id] = pos
            if neg:
                out.negative[doc_id] = neg
            continue
        ranges: list[list[int]] = []
        for s, e, _lb in sorted((*pos, *neg)):
            a = text.rfind("\n", 0, s) + 1
            for _ in range(EXCERPT_CONTEXT):
                a = text.rfind("\n", 0, max(a - 1, 0)) + 1 if a else 0
            b = e
            for _ in range(EXCERPT_CONTEXT + 1):
                nl = text.find("\n", b)
                b = len(text) if nl == -1 else nl + 1
            b = min(b, len(text))
            if ranges and a <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], b)
            else:
                ranges.append([a, b])
        parts: list[str] = []
        starts: list[tuple[int, int, int]] = []
        at = 0
        for a, b in ranges:
            starts.append((a, b, at))
            piece = text[a:b]
            parts.append(piece if piece.endswith("\n") else piece + "\n")
            at += len(parts[-1])

        def moved(spans: list[tuple[int, int, str]], starts: list[tuple[int, int, int]] = starts
                  ) -> list[tuple[int, int, str]]:
            out_spans = []
            for s, e, lb in spans:
                a, _b, base = next(r for r in starts if r[0] <= s and e <= r[1])
                out_spans.append((s - a + base, e - a + base, lb))
            return out_spans

        out.texts[doc_id] = "".join(parts)
        if pos:
            out.positive[doc_id] = moved(pos)
        if neg:
            out.negative[doc_id] = moved(neg)
    return out


def decisions(store: Any, annotator: str | None = None) -> Decisions:
    """Accepted spans (manual or decided suggestions) and rejected ones of `annotator` (everyone when None)."""
    out = Decisions()
    annotators = [annotator] if annotator is not None else []
    for sp in store.iter_spans(annotators=annotators, statuses=("accepted", "rejected")):
        if sp.stale:
            continue
        bucket = out.positive if sp.status == "accepted" else out.negative
        bucket.setdefault(sp.doc_id, []).append((sp.start, sp.end, sp.label))
        if sp.doc_id not in out.texts:
            out.texts[sp.doc_id] = store.document_text(sp.doc_id)
    return out


def follow_gold(docs: Iterable[Mapping[str, Any]], *, model: CrfModel | None = None) -> Decisions:
    """The decisions of an annotator who follows a gold annotation, article after article: on each one they see
    the suggestions (rules + propagation from the articles before, + `model` if given), accept those identical to
    a gold span, reject the others, and tag the gold spans still missing. `docs`: {"id", "text", "spans":
    [{"start", "end", "label"}]} (the gold JSONL)."""
    dec = Decisions()
    for d in docs:
        text = d["text"]
        gold = {(g["start"], g["end"], g["label"]) for g in d["spans"]}
        shown = learned_suggestions(text, memory=Memory.from_decisions(dec), model=model)
        dec.texts[d["id"]] = text
        dec.negative[d["id"]] = sorted({(g.start, g.end, g.label) for g in shown} - gold)
        dec.positive[d["id"]] = sorted(gold)  # accepted suggestions and manual tags alike
    return dec


# --- propagation ------------------------------------------------------------------------------------------------

_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def norm_key(text: str) -> str:
    """The text a decision is remembered by: case-folded, quote marks straightened, white space collapsed."""
    return " ".join(text.translate(_QUOTE_CHARS).casefold().split())


@dataclass
class Memory:
    """What the annotator tagged and rejected, by (normalised text, label)."""

    accepted: Counter[tuple[str, str]] = field(default_factory=Counter)
    rejected: Counter[tuple[str, str]] = field(default_factory=Counter)
    _propagated: tuple[tuple[int, ...], dict[str, list[str]]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_decisions(cls, dec: Decisions) -> Memory:
        mem = cls()
        for bucket, counter in ((dec.positive, mem.accepted), (dec.negative, mem.rejected)):
            for doc_id, spans in bucket.items():
                text = dec.texts[doc_id]
                for s, e, label in spans:
                    counter[(norm_key(text[s:e]), label)] += 1
        return mem

    def is_rejected(self, text: str, label: str) -> bool:
        """Rejected with this label at least as often as accepted, and specific enough to judge out of context
        (like propagation: "officials" alone is a source in one sentence and not in the next)."""
        key = (norm_key(text), label)
        return self.rejected[key] > 0 and self.rejected[key] >= self.accepted[key] and _specific(key[0])

    def propagated(self) -> dict[str, list[str]]:
        """label -> normalised texts to propagate (tagged more often than rejected). Kept until the counts
        change (a suggestion run or a training asks once per document)."""
        version = (len(self.accepted), len(self.rejected), self.accepted.total(), self.rejected.total())
        if self._propagated is not None and self._propagated[0] == version:
            return self._propagated[1]
        out: dict[str, list[str]] = {}
        for (key, label), n in self.accepted.items():
            if n > self.rejected[(key, label)] and _specific(key):
                out.setdefault(label, []).append(key)
        self._propagated = (version, out)
        return out


_DETS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"}


def _specific(key: str) -> bool:
    """Worth propagating: two words or more besides a determiner, or a figure with its unit ("30%", "$8bn";
    "officials" alone is everywhere, and rarely a source; "the group" means whichever group the sentence before
    named; "30" alone is a statistic in one sentence and a date in the next)."""
    words = key.split()
    while len(words) > 1 and words[0] in _DETS:
        words = words[1:]
    # a number alone ("30", "1,000", "2019") is a figure only by its context, like a single common word
    figure = bool(re.search(r"\d", key)) and bool(re.search(r"[^\d\s.,:/-]", key))
    return bool(re.search(r"\w", key)) and (len(words) >= 2 or figure)


def _phrase_pattern(keys: Iterable[str]) -> re.Pattern[str] | None:
    return _compiled_phrases(tuple(sorted(set(keys), key=lambda k: (-len(k), k))))


@functools.lru_cache(maxsize=64)
def _compiled_phrases(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the phrases, longest first (compiled once per set of phrases: every document of a
    suggestion run or a training uses the same)."""
    parts = []
    for key in keys:
        words = []
        for tok in key.split(" "):
            piece = re.escape(tok)
            piece = piece.replace('"', "[\"“”„]").replace("'", "['‘’‚]")
            words.append(piece)
        parts.append(r"\s+".join(words))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)
def _longest_word(key: str) -> str:
    return max(_WORD.findall(key), key=len, default="")


def propagate_text(text: str, memory: Memory) -> list[Suggestion]:
    """Suggestions of every tagged text wherever it occurs in `text` (whole words, normalised match)."""
    out: list[Suggestion] = []
    words = set(_WORD.findall(text.casefold()))
    for label, keys in sorted(memory.propagated().items()):
        # only the phrases whose longest word is in the text: one small pattern instead of all of them
        pat = _phrase_pattern(k for k in keys if _longest_word(k) in words)
        if pat is None:
            continue
        for m in pat.finditer(text):
            key = (norm_key(m.group()), label)
            n_acc, n_rej = memory.accepted[key], memory.rejected[key]
            out.append(Suggestion(m.start(), m.end(), label, PROPAGATE_ORIGIN,
                                  {"score": round(n_acc / (n_acc + n_rej), 3)}))  # fmt: skip
    return out


# --- tokens and features ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[’'.,\-]\w+)*|[^\w\s]")
_SPEECH = set(SPEECH_VERBS.split("|")) | {"according", "saying", "believe", "believes", "estimated"}
_PERSON = set(re.findall(r"[a-z]+", _PERSON_NOUNS.replace("s?", "|s|").replace("?:", "")))


_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "dozen", "dozens", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
                 "thousands", "million", "millions", "billion", "billions", "trillion", "half", "third", "quarter",
                 "percent", "per", "cent", "%"}  # fmt: skip
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ians|ans|ese|is)")


def tokenize(text: str) -> list[list[tuple[int, int]]]:
    """Paragraphs (split at line breaks) as lists of (start, end) token offsets."""
    paras: list[list[tuple[int, int]]] = []
    pos = 0
    for line in text.split("\n"):
        toks = [(pos + m.start(), pos + m.end()) for m in _TOKEN.finditer(line)]
        if toks:
            paras.append(toks)
        pos += len(line) + 1
    return paras


def _shape(word: str) -> str:
    s = re.sub(r"[A-Z]", "X", word)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


@functools.lru_cache(maxsize=65536)
def _word_features(word: str) -> dict[str, Any]:
    """The features of one word (cached: words repeat); booleans as 0.0/1.0 as crfsuite wants them."""
    low = word.lower()
    f = {
        "w": low, "shape": _shape(word), "suf3": low[-3:], "pre3": low[:3],
        "num": any(c.isdigit() for c in word), "title": word[:1].isupper(), "upper": word.isupper() and len(word) > 1,
        "quote": word in "\"“”‘’'", "speech": low in _SPEECH, "punct": not word[:1].isalnum(),
        "person": low in _PERSON or low.rstrip("s") in _PERSON,
        "numword": low in _NUMBER_WORDS, "demonym": bool(_DEMONYM.fullmatch(word)),
    }  # fmt: skip
    return {k: (float(v) if isinstance(v, bool) else v) for k, v in f.items()}


_CONTEXT_KEYS = ("w", "shape", "num", "title", "quote", "speech")
_CONTEXT_NAMES = {off: [(k, f"{off}:{k}") for k in _CONTEXT_KEYS] for off in (-2, -1, 1, 2)}


def _marks(spans: Iterable[tuple[int, int]], toks: Sequence[tuple[int, int]]) -> list[str]:
    """Per token: "B" at the first token of a span, "I" inside, "O" outside."""
    out = ["O"] * len(toks)
    starts = [t[0] for t in toks]
    for s, e in spans:
        i = bisect.bisect_left(starts, s)
        if i > 0 and toks[i - 1][1] > s:
            i -= 1
        first = True
        while i < len(toks) and toks[i][0] < e:
            out[i] = "B" if first else "I"
            first = False
            i += 1
    return out


def token_features(text: str, toks: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """The label-independent features of one paragraph's tokens (a word and its neighbours)."""
    return [dict(f) for f in _token_pairs(text, toks)]


@functools.lru_cache(maxsize=65536)
def _word_pairs(word: str) -> tuple[tuple[tuple[str, Any], ...], dict[int, tuple[tuple[str, Any], ...]]]:
    """A word's features that are not 0, as itself and as the neighbour at each offset (cached: words repeat)."""
    base = _word_features(word)
    own = tuple((k, v) for k, v in base.items() if v)
    around = {off: tuple((name, base[k]) for k, name in names if base[k]) for off, names in _CONTEXT_NAMES.items()}
    return own, around


_EDGE = {off: ((f"{off}:edge", 1.0),) for off in _CONTEXT_NAMES}
_SENT_END = {".", "!", "?", ":", "“", '"'}


def _token_pairs(text: str, toks: Sequence[tuple[int, int]]) -> list[list[tuple[str, Any]]]:
    """Per token, its features that are not 0 as (name, value) pairs (features that are 0 weigh nothing in a
    CRF: leaving them out changes no score)."""
    words = [text[s:e] for s, e in toks]
    pairs = [_word_pairs(w) for w in words]
    speech = [any(k == "speech" for k, _v in own) for own, _a in pairs]
    in_quote = _inside_quotes(text, toks)
    n = len(toks)
    out: list[list[tuple[str, Any]]] = []
    for i in range(n):
        f: list[tuple[str, Any]] = [("bias", 1.0), *pairs[i][0]]
        for off in _CONTEXT_NAMES:
            j = i + off
            f.extend(pairs[j][1][off] if 0 <= j < n else _EDGE[off])
        if i == 0:
            f.append(("para_start", 1.0))
        if any(speech[i + 1 : i + 4]):
            f.append(("speech_ahead", 1.0))
        if any(speech[max(0, i - 3) : i]):
            f.append(("speech_behind", 1.0))
        # which verb of saying governs the phrase: the first one within six words after (or three before)
        ahead = next((j for j in range(i + 1, min(n, i + 7)) if speech[j]), None)
        if ahead is not None:
            f.append(("verb_ahead:" + words[ahead].lower(), 1.0))
        behind = next((j for j in range(i - 1, max(-1, i - 4), -1) if speech[j]), None)
        if behind is not None:
            f.append(("verb_behind:" + words[behind].lower(), 1.0))
        if in_quote[i]:
            f.append(("in_quote", 1.0))
        if i == 0 or words[i - 1] in _SENT_END:
            f.append(("sent_start", 1.0))
        out.append(f)
    return out


def _inside_quotes(text: str, toks: Sequence[tuple[int, int]]) -> list[bool]:
    """Per token: inside a double quotation (curly marks by direction, straight ones by parity)."""
    out = []
    inside = False
    for s, e in toks:
        w = text[s:e]
        if w == "“" or (w == '"' and not inside):
            inside = True
            out.append(True)
        elif w == "”" or (w == '"' and inside):
            out.append(True)
            inside = False
        else:
            out.append(inside)
    return out


FEATURE_CACHE_TEXTS = 256  # texts whose paragraph features are kept (a retraining reuses them)
_feature_cache: OrderedDict[str, list[tuple[list[tuple[int, int]], Any]]] = OrderedDict()


def text_items(text: str) -> list[tuple[list[tuple[int, int]], Any]]:
    """Per paragraph: its token offsets and their crfsuite ItemSequence. Computed once per text and kept for the
    FEATURE_CACHE_TEXTS texts used last: every label's model reads the same sequence, and a retraining or a
    suggestion run on a text already seen builds nothing again."""
    import pycrfsuite

    if len(text) > BIG_TEXT:  # a big text (suggesting in it): paragraph by paragraph, nothing kept
        return _items_lazily(text)  # type: ignore[return-value]
    found = _feature_cache.get(text)
    if found is not None:
        _feature_cache.move_to_end(text)
        return found
    items = [(toks, pycrfsuite.ItemSequence([dict(f) for f in _token_pairs(text, toks)])) for toks in tokenize(text)]
    _feature_cache[text] = items
    while len(_feature_cache) > FEATURE_CACHE_TEXTS:
        _feature_cache.popitem(last=False)
    return items


def _items_lazily(text: str) -> Iterator[tuple[list[tuple[int, int]], Any]]:
    import pycrfsuite

    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, pos, end)]
        if toks:
            yield toks, pycrfsuite.ItemSequence([dict(f) for f in _token_pairs(text, toks)])
        pos = end + 1


def clear_feature_cache() -> None:
    """Forget the cached paragraph features (benchmarks measure a cold training with it)."""
    _feature_cache.clear()


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


def _sample(dec: Decisions, words: int) -> Decisions:
    """The decided documents, or, when they hold more than `words` words, documents spread evenly over them (by
    id) up to about that many: the cost of a training stays bounded however much has been decided."""
    docs = dec.documents
    sizes = {d: len(dec.texts[d].split()) for d in docs}
    total = sum(sizes.values())
    if total <= words:
        return dec
    step = total / words
    kept = [d for i, d in enumerate(docs) if int(i / step) != int((i - 1) / step) or i == 0]
    return _subset(dec, kept)


def _subset(dec: Decisions, doc_ids: Iterable[str]) -> Decisions:
    ids = set(doc_ids)
    return Decisions({d: v for d, v in dec.positive.items() if d in ids},
                     {d: v for d, v in dec.negative.items() if d in ids},
                     {d: t for d, t in dec.texts.items() if d in ids})  # fmt: skip


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
            if sum(kept) >= MIN_SELF_PRECISION * len(kept):  # none kept: nothing against it
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
    seconds = time.perf_counter() - t0
    report = TrainReport(labels=stats, documents=len(dec.documents), positive=n_pos, negative=n_neg,
                         seconds=seconds, features=top,
                         checked={lb: {**c, "min_score": min_score.get(lb)} for lb, c in checked.items()})  # fmt: skip
    if not models:
        return None, report
    rejected_per_label = Counter(lb for spans in dec.negative.values() for _s, _e, lb in spans)
    meta = {"labels": stats, "documents": len(dec.documents), "positive": n_pos, "negative": n_neg,
            "rejected_per_label": dict(rejected_per_label), "cues": _cues(dec), "anon_cues": learn_cues(dec, rules),
            "seconds": round(seconds, 3), "memory": _memory_to_json(memory)}  # fmt: skip
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


# --- suggesting with everything ---------------------------------------------------------------------------------


def learned_suggestions(
    text: str,
    *,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    memory: Memory | None = None,
    model: CrfModel | None = None,
) -> list[Suggestion]:
    """Rules + propagation + model for one text, minus what the annotator rejected. Without memory and model
    this is `suggest_text`. One suggestion per (start, end, label): rule first, then propagation, then model."""
    rule_found = suggest_text(text, rules)
    prop_found = propagate_text(text, memory) if memory is not None else []
    cue_found = (cue_additions(text, model.meta.get("anon_cues"), [*rule_found, *prop_found], rules)
                 if model is not None else [])  # fmt: skip
    model_found = (_model_additions(text, model, rule_found, [*prop_found, *cue_found], rules)
                   if model is not None else [])  # fmt: skip
    out: dict[tuple[int, int, str], Suggestion] = {}
    for g in (*rule_found, *prop_found, *cue_found, *model_found):
        if memory is not None and memory.is_rejected(text[g.start : g.end], g.label):
            continue
        out.setdefault((g.start, g.end, g.label), g)
    return sorted(out.values(), key=lambda g: (g.start, g.end, g.label))


def _model_additions(
    text: str,
    model: CrfModel,
    rule_found: Sequence[Suggestion],
    prop_found: Sequence[Suggestion],
    rules: Mapping[str, str | None],
    *,
    gate: bool = True,
) -> list[Suggestion]:
    """The model's suggestions that add to the rules' and propagation's: not overlapping one of their label, in
    the rules' conventions (`_sane`), and (`gate`) only for labels learnt from MIN_SPANS_TO_SUGGEST spans or more
    whose additions passed the self-check, at the score threshold it chose (a model stored before the self-check
    existed: MIN_MODEL_SCORE)."""
    found = model.predict(text)
    kept = [(g.start, g.end, g.label) for g in (*rule_found, *prop_found)]
    found = [g for g in found if not any(lb == g.label and s < g.end and g.start < e for s, e, lb in kept)]
    if gate:
        learnt = {lb for lb, st in model.meta.get("labels", {}).items() if st.get("spans", 0) >= MIN_SPANS_TO_SUGGEST}
        checked = model.meta.get("min_score")
        threshold = {lb: (checked.get(lb) if checked is not None else MIN_MODEL_SCORE) for lb in learnt}
        found = [g for g in found if threshold.get(g.label) is not None
                 and float(g.attrs.get("score", 0.0)) >= threshold[g.label]]  # fmt: skip
    return _sane(text, found, rules, model.meta.get("cues", {}))


# --- what a model suggestion must look like ------------------------------------------------------------------------

_AUX = {"have", "has", "had", "also", "all", "both", "privately", "publicly", "later", "further", "previously",
        "who", "that", "were", "was", "are", "is", "not", "never", "did", "do", "does", "would", "will"}  # fmt: skip
_TRAILING = {"to", "of", "across", "by", "and", "or", "the", "a", "an", "in", "on", "at", "for", "from", "with",
             "—", "–", "-", ",", ";", ":", "(", "since", "than", "but", "who", "that", "which", "were", "was",
             "is", "are", "will", "would"}  # fmt: skip
_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                        r"fifty|hundred|thousand|million|billion|trillion|dozen|half|third|quarter)s?\b", re.I)  # fmt: skip
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _words(text: str, start: int, end: int) -> list[str]:
    return [m.group().lower() for m in _TOKEN.finditer(text, start, end)]


def _cue_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words that may attribute a span: up to three after it (past auxiliaries and adverbs) and up to two
    before it, in its sentence."""
    para_end = text.find("\n", end)
    after = [w for w in _words(text, end, para_end if para_end >= 0 else len(text))[:6]
             if w not in _AUX and not w.endswith("ly") and w not in (",", "’", "'")][:2]  # fmt: skip
    before = _words(text, max(text.rfind("\n", 0, start) + 1, start - 40), start)[-2:]
    return after, before


def _cues(dec: Decisions) -> dict[str, list[str]]:
    """label -> the words next to the annotator's tagged spans of that label (the verbs that attribute them)."""
    out: dict[str, set[str]] = {}
    for doc_id, spans in dec.positive.items():
        text = dec.texts[doc_id]
        for s, e, label in spans:
            after, before = _cue_words(text, s, e)
            out.setdefault(label, set()).update(w for w in (*after, *before) if w.isalpha())
    return {label: sorted(words) for label, words in out.items()}


def _sane(text: str, found: list[Suggestion], rules: Mapping[str, str | None],
          cues: Mapping[str, Sequence[str]]) -> list[Suggestion]:  # fmt: skip
    """Model suggestions that keep the conventions the rules keep: trailing connectors and punctuation trimmed; a
    quote starts and ends at quote marks; a statistic holds a number that is not only a year; an anonymous source
    is not followed by a name ("Farmer Chad Smith") and sits next to a word that attributed one of the
    annotator's tagged sources (their verbs: "said", "believe", "according to" ...), learnt, not listed."""
    quote, statistic, source = rules.get("quote"), rules.get("statistic"), rules.get("anonymous_source")
    out = []
    for g in found:
        s, e = g.start, g.end
        while True:  # trim
            toks = list(_TOKEN.finditer(text, s, e))
            if len(toks) > 1 and toks[-1].group().lower() in _TRAILING:
                e = toks[-2].end()
            elif len(toks) > 1 and g.label != quote and toks[0].group().lower() in _SENTENCE_START:
                s = toks[1].start()
            else:
                break
        span = text[s:e]
        if g.label == quote and (not (span[:1] in "“\"‘'" and span[-1:] in "”\"’'" and len(span) > 2)
                                 or _is_scare_quote(text, s, e) or _names_something(text, s, e)):
            continue  # fmt: skip
        if g.label == statistic:
            words = _words(text, s, e)
            if not _NUMBERISH.search(span) or (len(words) == 1 and not any(c.isdigit() for c in span)):
                continue  # no number, or a spelled number alone ("four who lives ...")
            numbers = [w for w in words if any(c.isdigit() for c in w)]
            spelled = [w for w in words if not any(c.isdigit() for c in w) and _NUMBERISH.search(w)]
            if numbers and not spelled and all(_YEAR.fullmatch(w) for w in numbers):
                continue  # years: "2011 to 2013", "2022 Senate"
            if re.search(r"\d:\d\d", span):
                continue  # a time of day
        if g.label == source:
            if re.match(r"\s+[A-Z][a-z]+\s+[A-Z][a-z]+", text[e : e + 40]):
                continue
            after, before = _cue_words(text, s, e)
            if not set(after[:1] + before) & (set(cues.get(g.label, ())) | _ATTRIBUTING):
                continue
        out.append(Suggestion(s, e, g.label, g.rule, g.attrs))
    return out


_ATTRIBUTING = _SPEECH | set(re.findall(r"[a-z]+", _GROUP_VERBS)) - {"s", "ed", "es", "y", "ies", "ied", "d",
                                                                    "are", "were", "is", "was", "very", "also"}
_SENTENCE_START = {"but", "and", "however", "so", "yet", "still", "meanwhile", "also", "now", "then"}


# --- learned cues: the anonymous-source rule's lexicon, extended from the annotator's decisions -------------------

_CUE_CUT = {"in", "at", "for", "from", "with", "of", "on", "to", "inside", "during", "across", "around", "who",
            "familiar", "close", "based", "working", "involved", "led", "representing", "affiliated", "near",
            "within", "outside", "throughout", "that", "which"}  # fmt: skip
_KNOWN_HEAD = re.compile(rf"(?:{_PERSON_NOUNS_LISTED}|{_DEMONYMS}|{_FALLBACK_PERSON})", re.I)
_KNOWN_VERB = re.compile(rf"(?:{_GROUP_VERBS})", re.I)
_NOT_VERB = {w for w in _SRC_STOP if not _KNOWN_VERB.fullmatch(w)} | _CUE_CUT | {"and", "or", "but"}


def anon_cue(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """(head noun, attributing verb) of an anonymous source: the last word of the phrase before a preposition,
    relative clause or comma ("chief" in "the chief of the local co-operative"), and the first word after the
    phrase past auxiliaries and adverbs ("lamented", "divulged"), lower-cased; None where there is none."""
    head = None
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        if w.lower() in _CUE_CUT or not w[:1].isalnum():
            break
        head = w.lower() if w.isalpha() else None
    after, _before = _cue_words(text, start, end)
    verb = after[0] if after and after[0].isalpha() and after[0] not in _NOT_VERB else None
    return head, verb


def _known_head(word: str) -> bool:
    """In the rule's own lists of people who can be sources (the dev-cv bench puts the earlier rule's in)."""
    return bool(_KNOWN_HEAD.fullmatch(word)) and word not in _NOT_PERSON


def _known_verb(word: str) -> bool:
    """In the rule's own list of verbs that attribute a group source."""
    return bool(_KNOWN_VERB.fullmatch(word))


def learn_cues(dec: Decisions, rules: Mapping[str, str | None] = DEFAULT_RULES) -> dict[str, Any]:
    """What the annotator's anonymous sources teach the rule: {"heads": {word: [tagged, rejected]}, "verbs":
    {...}, "pairs": {"head verb": [tagged, rejected]}} for the head nouns and verbs next to the sources they
    tagged or accepted (positive) and the suggestions they rejected (negative). `cue_lexicon` reads it."""
    label = rules.get("anonymous_source")
    heads: dict[str, list[int]] = {}
    verbs: dict[str, list[int]] = {}
    pairs: dict[str, list[int]] = {}
    for i, bucket in enumerate((dec.positive, dec.negative)):
        for doc_id, spans in bucket.items():
            text = dec.texts[doc_id]
            for s, e, lb in spans:
                if lb != label:
                    continue
                head, verb = anon_cue(text, s, e)
                if head:
                    heads.setdefault(head, [0, 0])[i] += 1
                if verb:
                    verbs.setdefault(verb, [0, 0])[i] += 1
                if head and verb:
                    pairs.setdefault(f"{head} {verb}", [0, 0])[i] += 1
    return {"label": label, "heads": heads, "verbs": verbs, "pairs": pairs}


def cue_lexicon(cues: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(head nouns, verbs) learned: not in the rule's own lists, tagged MIN_CUE_SPANS times or more and more
    often than rejected."""
    def kept(counts: Mapping[str, Sequence[int]], known: Callable[[str], bool]) -> list[str]:
        return sorted(w for w, (pos, neg) in counts.items() if pos >= MIN_CUE_SPANS and pos > neg and not known(w))

    return (kept(cues.get("heads", {}), _known_head),
            kept(cues.get("verbs", {}), _known_verb))  # fmt: skip


def cue_additions(
    text: str,
    cues: Mapping[str, Any] | None,
    found: Sequence[Suggestion],
    rules: Mapping[str, str | None],
) -> list[Suggestion]:
    """Anonymous sources the rule finds with the learned head nouns and verbs added to its lists, beyond what
    `found` (rules, propagation) already suggests of that label, and never a head and verb the annotator rejected
    together at least as often as they tagged them. Origin CUE_ORIGIN, attrs {"cue": "head verb"}."""
    label = rules.get("anonymous_source")
    if not cues or not label or cues.get("label", label) != label:
        return []
    heads, verbs = cue_lexicon(cues)
    if not (set(heads) | set(verbs)) & set(_WORD.findall(text.casefold())):
        return []  # no learned word in the text: the rule would find nothing more
    kept = [(g.start, g.end) for g in found if g.label == label]
    pairs = cues.get("pairs", {})
    out = []
    for s, e, _a in rule_anonymous_source(text, heads=heads, verbs=verbs):
        if any(ks < e and s < ke for ks, ke in kept):
            continue
        head, verb = anon_cue(text, s, e)
        if not ((head in heads and (verb is None or verb in verbs or _known_verb(verb)))
                or (verb in verbs and head is not None and (head in heads or _known_head(head)))):
            continue  # the rule's own words (a phrase it left out on purpose stays out), or a word nobody taught
        pos, neg = pairs.get(f"{head} {verb}", (0, 0))
        if neg and neg >= pos:
            continue  # the annotator rejected this head with this verb
        out.append(Suggestion(s, e, label, CUE_ORIGIN, {"cue": f"{head or ''} {verb or ''}".strip()}))
    return out


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
        items = [(g.start, g.end, g.label, g.rule if g.rule in (PROPAGATE_ORIGIN, MODEL_ORIGIN, CUE_ORIGIN) else f"rule:{g.rule}",
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


# --- how precise have suggestions been ------------------------------------------------------------------------------


def suggestion_decisions(store: Any, annotator: str | None = None) -> dict[str, dict[str, int]]:
    """Per label: suggestions (any origin but manual) the annotator accepted, rejected, and still pending.
    {"statistic": {"accepted": 41, "rejected": 3, "pending": 7}}"""
    out: dict[str, dict[str, int]] = {}
    for sp in store.iter_spans(annotators=[annotator] if annotator is not None else []):
        if sp.origin == "manual":
            continue
        c = out.setdefault(sp.label, {"accepted": 0, "rejected": 0, "pending": 0})
        c["pending" if sp.status == "suggested" else sp.status] += 1
    if annotator is not None:  # pending suggestions belong to nobody yet (annotator ""): count them too
        for sp in store.iter_spans(statuses=("suggested",), annotators=[""]):
            if sp.origin != "manual":
                out.setdefault(sp.label, {"accepted": 0, "rejected": 0, "pending": 0})["pending"] += 1
    return out


def suggestion_decisions_by_annotator(store: Any) -> dict[str, dict[str, dict[str, int]]]:
    """annotator -> label -> {"accepted", "rejected"}: every annotator who decided on a suggestion."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for sp in store.iter_spans(statuses=("accepted", "rejected")):
        if sp.origin == "manual":
            continue
        c = out.setdefault(sp.annotator, {}).setdefault(sp.label, {"accepted": 0, "rejected": 0, "pending": 0})
        c[sp.status] += 1
    return out


def format_suggestion_decisions(counts: Mapping[str, Mapping[str, int]]) -> list[str]:
    """'statistic suggestions: 41 accepted, 3 rejected (93% precise), 7 pending' per label."""
    lines = []
    for label in sorted(counts):
        c = counts[label]
        decided = c["accepted"] + c["rejected"]
        share = f" ({100 * c['accepted'] / decided:.0f}% precise)" if decided else ""
        pending = f", {c['pending']} pending" if c.get("pending") else ""
        lines.append(f"{label} suggestions: {c['accepted']} accepted, {c['rejected']} rejected{share}{pending}")
    return lines

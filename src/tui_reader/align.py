"""Echoes: passages in another document that say what a span says, in the same or nearly the same words.

Both texts are normalised the same way: words of letters and digits, lower-cased, joined through apostrophes,
full stops and digit commas which are dropped (“U.S.” = "US", she’s = she's, 10,000 = 10000); quote marks and
all other punctuation only separate words. For each normalised character its code-point offset in the original
is kept. The other text is cut into windows of whole words, about as
many words as the span has, and each window is scored against the span with rapidfuzz's `fuzz.ratio` (0-100).
The best windows that do not overlap, at or above `min_score`, are the echoes, in code-point offsets of the
other text. Spans of fewer than `MIN_FUZZY_WORDS` words only echo exactly: a short phrase fuzzily matches too
much, and a span of one or two words only echoes when it holds a number ("10,000 troops", not "officials").
Numbers must agree: every number of the span (digits or number words) must be in the passage.

Speed: `find_echoes` and `all_echoes` look through `echo_index.EchoIndex` (an inverted index of word stems)
for the places that share words with the span, and score only there; `find_echoes_exhaustive` scores every
window (the reference, and what runs under `echo_index.INDEX_MIN_SCORE`). A text's index is cached per text
(the app calls `find_echoes` on each cursor move onto a span; see bench/bench_align.py); `all_echoes` builds one
index for the corpus (bench/bench_echoes_scale.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from tui_reader.echo_words import (  # shared with echo_index: the words and numbers both compare
    DEFAULT_MIN_SCORE,
    MIN_FUZZY_WORDS,
    MIN_WORDS_WITHOUT_NUMBER,
    SHORT_MIN_SCORE,
    SHORT_WORDS,
    Normalised,
    _normalise,
    _numbers,
)


@lru_cache(maxsize=64)
def normalise(text: str) -> Normalised:
    """The normalised form of `text` (cached: the same document text is normalised once)."""
    return _normalise(text)


def _window(nt: Normalised, first: int, n_words: int) -> str:
    return nt.text[nt.word_starts[first] : nt.word_ends[first + n_words - 1]]


@lru_cache(maxsize=32)  # one word count: well under 1 MB for a 10 KB text, up to ~30 MB for 1 MB
def _windows(text: str, n_words: int) -> tuple[str, ...]:
    """Every run of `n_words` consecutive words of the normalised `text`, by first word."""
    nt = normalise(text)
    starts, ends = nt.word_starts, nt.word_ends
    return tuple(nt.text[starts[i] : ends[i + n_words - 1]] for i in range(len(starts) - n_words + 1))


def find_echoes(span_text: str, other_text: str, min_score: float = DEFAULT_MIN_SCORE,
                limit: int = 20) -> list[tuple[int, int, float]]:  # fmt: skip
    """Passages of `other_text` that say `span_text`: [(start, end, score)] in code-point offsets of
    `other_text`, best first, never overlapping; score 100 is the same words (ignoring case, punctuation and
    quote style). Found through `echo_index.EchoIndex` (the text's word index is cached per text)."""
    return _text_index(other_text).find_echoes(span_text, "", min_score, limit)


def prepare_echoes(text: str) -> None:
    """Build (and cache) `text`'s word index now, so that the next `find_echoes` in it only searches: call it
    from a worker when a document is opened (1-2 ms for a 10 KB article, ~linear in the text)."""
    _text_index(text)


@lru_cache(maxsize=64)
def _text_index(text: str) -> Any:
    from tui_reader.echo_index import EchoIndex

    return EchoIndex({"": text})


def find_echoes_exhaustive(span_text: str, other_text: str, min_score: float = DEFAULT_MIN_SCORE,
                limit: int = 20) -> list[tuple[int, int, float]]:  # fmt: skip
    """What `find_echoes` returns, found by scoring every word window of `other_text` (no index): the
    reference the indexed search is measured and tested against."""
    query = _normalise(span_text)
    n = len(query.word_starts)
    other = normalise(other_text)
    if n == 0 or not other.word_starts:
        return []
    numbers = _numbers(query.text)
    if n < MIN_WORDS_WITHOUT_NUMBER and not numbers:
        return []  # "officials", "the sources": everywhere, and not a claim
    if n < MIN_FUZZY_WORDS:  # short: the same words only
        candidates = [(100.0, i, n) for i, w in enumerate(_windows(other_text, n)) if w == query.text]
    else:
        cutoff = max(min_score, SHORT_MIN_SCORE) if n < SHORT_WORDS else min_score
        candidates = _fuzzy_candidates(query.text, n, other_text, cutoff)
    if numbers:  # "more than 4,000 Marines" is not "more than 400,000 Mexicans"
        candidates = [c for c in candidates if not numbers - _numbers(_window(other, c[1], c[2]))]
    # best first; on a tie the window closest to the span's length, then the earliest
    candidates.sort(key=lambda c: (-c[0], abs(c[2] - n), c[1]))
    taken: list[tuple[int, int]] = []
    result: list[tuple[int, int, float]] = []
    for score, i, k in candidates:
        if any(i < b and a < i + k for a, b in taken):
            continue
        taken.append((i, i + k))
        start = other.index[other.word_starts[i]]
        end = other.index[other.word_ends[i + k - 1] - 1] + 1
        result.append((start, end, round(score, 1)))
        if len(result) >= limit:
            break
    return result


def _fuzzy_candidates(query: str, n: int, other_text: str, min_score: float) -> list[tuple[float, int, int]]:
    """(score, first word, word count) of windows scoring >= min_score. One pass over n-word windows with a
    looser cut-off finds the places; only there are nearby starts and lengths (n +- n/5 words) tried."""
    windows = _windows(other_text, n)
    nt = normalise(other_text)
    n_words = len(nt.word_starts)
    spread = max(1, n // 5)
    rough = process.extract(query, windows, scorer=fuzz.ratio, score_cutoff=max(0.0, min_score - 20), limit=None)
    best: dict[tuple[int, int], float] = {}
    for _choice, _score, i in rough:
        for k in range(max(1, n - spread), n + spread + 1):
            for j in range(max(0, i - spread), min(i + spread, n_words - k) + 1):
                if (j, k) in best:
                    continue
                score = fuzz.ratio(query, _window(nt, j, k), score_cutoff=min_score)
                best[(j, k)] = score
    return [(float(sc), j, k) for (j, k), sc in best.items() if sc >= min_score]


@dataclass(frozen=True)
class Echo:
    span_id: str
    doc_id: str
    label: str
    start: int
    end: int
    text: str
    other_doc_id: str
    other_start: int
    other_end: int
    other_text: str
    score: float
    other_span_ids: list[str] = field(default_factory=list)  # accepted spans there that overlap the passage
    linked: bool = False  # the span and one of other_span_ids are already in one link group


def all_echoes(store: Any, min_score: float = DEFAULT_MIN_SCORE, *, statuses: Sequence[str] = ("accepted",),
               on_span: Callable[[str], None] | None = None, index: Any = None,
               exhaustive: bool = False) -> list[Echo]:  # fmt: skip
    """Echoes of every span (of `statuses`) in every other document, sorted by document and offset.

    The documents are indexed once (`echo_index.EchoIndex`, in memory; pass `index` to reuse one built for
    this store's current texts); each span is then compared only where the index finds its words.
    `exhaustive=True` compares every span with every window of every other document instead (the reference:
    quadratic in documents)."""
    doc_ids = store.document_ids()
    texts = {d: store.document_text(d) for d in doc_ids}
    spans = store.spans(statuses=list(statuses))
    by_doc: dict[str, list[Any]] = {}
    for s in spans:
        by_doc.setdefault(s.doc_id, []).append(s)
    group_of: dict[str, set[str]] = {}
    for g in store.links():
        for sid in g["spans"]:
            group_of.setdefault(sid, set()).add(g["group"])
    if not exhaustive:
        from tui_reader.echo_index import EchoIndex

        if index is None:
            index = EchoIndex(texts)
        else:
            index.update(texts)  # a no-op for the texts it holds already
    order = {d: i for i, d in enumerate(doc_ids)}
    echoes: list[Echo] = []
    for s in spans:
        if exhaustive:
            found = {d: find_echoes_exhaustive(s.text, texts[d], min_score) for d in doc_ids if d != s.doc_id}
        else:
            found = index.echoes(s.text, min_score, exclude=s.doc_id)
        for other_id in sorted(found, key=order.__getitem__) if not exhaustive else doc_ids:
            if other_id not in order:  # indexed earlier, no longer in the store
                continue
            other_text = texts[other_id]
            for a, b, score in found.get(other_id, ()):
                there = [o.id for o in by_doc.get(other_id, []) if o.start < b and a < o.end]
                linked = any(group_of.get(s.id, set()) & group_of.get(o, set()) for o in there)
                echoes.append(Echo(s.id, s.doc_id, s.label, s.start, s.end, s.text, other_id, a, b,
                                   other_text[a:b], score, there, linked))  # fmt: skip
        if on_span:
            on_span(s.id)
    echoes.sort(key=lambda e: (e.doc_id, e.start, e.end, e.other_doc_id, e.other_start))
    return echoes


def link_echo(store: Any, span_id: str, other_doc_id: str, start: int, end: int, *, annotator: str = "") -> str:
    """Link a span with the passage other_doc_id[start:end] that echoes it; returns the link group id.

    The passage becomes (or already is) a span of the same label: an existing span there with the same offsets
    and label is reused (a suggested or rejected one is accepted), otherwise an accepted span is created.
    """
    span = store.get_span(span_id)
    if span is None:
        raise ValueError(f"no span with id {span_id!r}")
    same = [o for o in store.spans(other_doc_id, labels=[span.label]) if (o.start, o.end) == (start, end)]
    if same:
        target = same[0]
        if target.status != "accepted":
            store.update_span(target.id, status="accepted", annotator=annotator)
    else:
        target = store.add_span(other_doc_id, start, end, span.label, annotator=annotator,
                                attrs=dict(span.attrs), origin="manual")  # fmt: skip
    return str(store.link_spans([span.id, target.id], annotator=annotator))

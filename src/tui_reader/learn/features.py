"""Tokens and the CRF's features per token, one crfsuite ItemSequence per paragraph (cached)."""

from __future__ import annotations

import bisect
import functools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tui_reader.learn.decisions import BIG_TEXT
from tui_reader.suggest import (
    _PERSON_NOUNS,
    SPEECH_VERBS,
)

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



def _words(text: str, start: int, end: int) -> list[str]:
    return [m.group().lower() for m in _TOKEN.finditer(text, start, end)]



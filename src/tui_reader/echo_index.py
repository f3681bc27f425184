"""Echoes through an index: which documents, and where in them, a span can echo, before any fuzzy comparison.

`align.find_echoes_exhaustive` scores a span against every word window of the other text (rapidfuzz
`fuzz.ratio`: a rough pass over the span-length windows, then nearby starts and lengths around each rough
hit). Over a corpus that is quadratic: every span against the whole text of every other document. `EchoIndex`
keeps, for every document, its normalised words (the words `align.normalise` makes) with their code-point
offsets, and an inverted index from each word's stem (its first `STEM` = 5 characters: "coordinates" and
"coordinating", "intervention" and "interventions" are one key) to (document, word position). A search:

1. normalises the span and ranks its distinct stems by how often they occur in the corpus (rarest first);
2. a span of fewer than `MIN_FUZZY_WORDS` words echoes only word for word, so a passage holds its rarest stem:
   every place of it is checked for the whole span there (nothing can be missed);
3. a longer span: a passage that says the same thing shares words with it. The index assumes that a passage
   scoring at or above the cut-off shares at least half of the span's distinct stems (`SHARED_WORDS`). Then
   it holds one of the span's `d - ceil(d / 2) + 1` rarest stems (d distinct stems), so only the places of
   those are looked at ("prefix filtering"), and only where the words around hold `ceil(d / 2)` of the stems;
4. around each such place, every window start that could put a window of n +- n/5 words over it (and the
   n/5 starts beyond, whose rough hits lead there) gets the same rough pass and the same fine scoring as the
   exhaustive search. Inside those regions the result is identical by construction; outside them lies only
   text that shares fewer than half of the span's stems.

So the indexed search returns exactly the exhaustive one unless a passage scores at or above the cut-off while
sharing fewer than half the span's stems (a misspelling early in most of its words, say). Under
`INDEX_MIN_SCORE` (a cut-off so low that unrelated text passes) the search is exhaustive.

The index is built in memory from the texts (nothing persisted); the build is linear in the corpus
(bench/bench_echoes_scale.py measures it apart). Documents can be added, replaced and removed; a replaced or
removed document's postings are skipped until `compact()` (or the next build).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui_reader.echo_words import (
    _INNER,
    _WORD,
    DEFAULT_MIN_SCORE,
    MIN_FUZZY_WORDS,
    MIN_WORDS_WITHOUT_NUMBER,
    SHORT_MIN_SCORE,
    SHORT_WORDS,
    _normalise,
    _numbers,
)

SHARED_WORDS = 0.5  # a passage at or above the cut-off is assumed to share this share of the span's distinct words
INDEX_MIN_SCORE = 70.0  # below this cut-off unrelated text passes too: search every window (no index)
STEM = 5  # words are indexed by their first 5 characters: "coordinates" and "coordinating" are one key
PIECES = 3  # windows over a place are checked for shared words in this many runs of starts
_SHIFT = 32  # a posting is slot << _SHIFT | word position
_MASK = (1 << _SHIFT) - 1
_MARKS = "'’‘`´.,"

Echoes = list[tuple[int, int, float]]


@dataclass(frozen=True)
class Tokens:
    """A text's normalised words and, for each, its code-point start and end in the text."""

    words: list[str]
    starts: array
    ends: array


def tokens(text: str) -> Tokens:
    """The words of `align.normalise(text)` (its `text` split on spaces) with their offsets in `text`."""
    words: list[str] = []
    starts = array("I" if len(text) < 1 << 32 else "Q")
    ends = array(starts.typecode)
    append, s_append, e_append = words.append, starts.append, ends.append
    for m in _WORD.finditer(text):
        raw = m.group()
        low = raw.lower()
        if len(low) != len(raw) or _INNER.search(raw):  # as align._normalise: character by character
            low = "".join(ch.lower() for ch in raw if ch not in _MARKS)
        append(low)
        s_append(m.start())
        e_append(m.end())
    return Tokens(words, starts, ends)


class EchoIndex:
    """Documents' words and an inverted index of them, for `echoes` over a corpus (see the module docstring).

    >>> ix = EchoIndex({"a": "Mexico is run by the cartels, he said.", "b": "Nothing here."})
    >>> ix.find_echoes("Mexico is run by the cartels", "a")
    [(0, 28, 100.0)]
    """

    def __init__(self, texts: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._slot_of: dict[str, int] = {}  # live documents
        self._doc_ids: list[str | None] = []  # by slot; None once replaced or removed
        self._texts: list[str] = []
        self._tokens: list[Tokens | None] = []
        self._stems: list[list[str] | None] = []  # by slot: each word's first `STEM` characters
        self._postings: dict[str, array] = {}  # stem -> slot << _SHIFT | word position
        self._intern: dict[str, str] = {}  # one str object per distinct word and stem
        self._dead = 0
        self.update(texts)

    # -- building ---------------------------------------------------------------------------------------------
    def add(self, doc_id: str, text: str) -> None:
        """Index `text` as document `doc_id` (replacing what was indexed under that id)."""
        if doc_id in self._slot_of:
            if self._texts[self._slot_of[doc_id]] == text:
                return
            self.remove(doc_id)
        slot = len(self._doc_ids)
        tok = tokens(text)
        self._slot_of[doc_id] = slot
        self._doc_ids.append(doc_id)
        self._texts.append(text)
        self._tokens.append(tok)
        postings, intern = self._postings, self._intern
        base = slot << _SHIFT
        words = tok.words
        stems: list[str] = []
        for pos, w in enumerate(words):
            iw = intern.get(w)
            if iw is None:
                iw = intern[w] = w
            words[pos] = iw
            st = w[:STEM]
            ist = intern.get(st)
            if ist is None:
                ist = intern[st] = st
            stems.append(ist)
            p = postings.get(ist)
            if p is None:
                p = postings[ist] = array("Q")
            p.append(base | pos)
        self._stems.append(stems)

    def remove(self, doc_id: str) -> None:
        slot = self._slot_of.pop(doc_id, None)
        if slot is not None:
            self._doc_ids[slot] = None
            self._tokens[slot] = None
            self._stems[slot] = None
            self._texts[slot] = ""
            self._dead += 1

    def update(self, texts: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Add or replace these documents (an unchanged text is a no-op)."""
        for doc_id, text in texts.items() if isinstance(texts, Mapping) else texts:
            self.add(doc_id, text)

    def compact(self) -> None:
        """Rebuild without the postings of replaced and removed documents."""
        if self._dead:
            live = [(d, self._texts[s]) for d, s in self._slot_of.items()]
            self.__init__(live)  # type: ignore[misc]

    @classmethod
    def from_store(cls, store: object) -> EchoIndex:
        """Every document of an `AnnotationStore` (read in the calling thread: give a worker its own store)."""
        return cls((d, store.document_text(d)) for d in store.document_ids())  # type: ignore[attr-defined]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot_of

    def __len__(self) -> int:
        return len(self._slot_of)

    def text(self, doc_id: str) -> str:
        return self._texts[self._slot_of[doc_id]]

    # -- searching --------------------------------------------------------------------------------------------
    def find_echoes(self, span_text: str, doc_id: str, min_score: float = DEFAULT_MIN_SCORE,
                    limit: int = 20) -> Echoes:  # fmt: skip
        """What `align.find_echoes(span_text, text of doc_id, min_score, limit)` returns, through the index."""
        return self.echoes(span_text, min_score, limit=limit, only=doc_id).get(doc_id, [])

    def echoes(self, span_text: str, min_score: float = DEFAULT_MIN_SCORE, *, exclude: str | None = None,
               only: str | None = None, limit: int = 20) -> dict[str, Echoes]:  # fmt: skip
        """{doc_id: [(start, end, score)]} for every indexed document (but `exclude`; or only `only`) where the
        span echoes: what `align.find_echoes` returns for each, best first, without overlaps."""
        query = _normalise(span_text)
        n = len(query.word_starts)
        if n == 0:
            return {}
        numbers = _numbers(query.text)
        if n < MIN_WORDS_WITHOUT_NUMBER and not numbers:
            return {}
        qwords = query.text.split(" ")
        if only is not None:
            slots = [self._slot_of[only]] if only in self._slot_of else []
        else:
            slots = None
        out: dict[str, Echoes] = {}
        if n < MIN_FUZZY_WORDS:
            found = self._exact(query.text, qwords, slots)
        else:
            cutoff = max(min_score, SHORT_MIN_SCORE) if n < SHORT_WORDS else min_score
            found = self._fuzzy(query.text, qwords, cutoff, slots)
        for slot, candidates in found:
            doc_id = self._doc_ids[slot]
            if doc_id is None or doc_id == exclude:
                continue
            tok = self._tokens[slot]
            assert tok is not None
            result = select(candidates, n, numbers, tok, limit)
            if result:
                out[doc_id] = result
        if slots is None:  # in the order documents were indexed
            return dict(sorted(out.items(), key=lambda kv: self._slot_of[kv[0]]))
        return out

    def _places(self, words: Iterable[str], slots: list[int] | None) -> dict[int, list[int]]:
        """{slot: word positions} of these words, in live documents (in `slots` if given)."""
        places: dict[int, list[int]] = {}
        want = None if slots is None else set(slots)
        for w in words:
            for key in self._postings.get(w, ()):
                slot = key >> _SHIFT
                if want is not None and slot not in want:
                    continue
                places.setdefault(slot, []).append(key & _MASK)
        if want is None:
            for slot in [s for s in places if self._doc_ids[s] is None]:
                del places[slot]
        return places

    def _exact(self, qtext: str, qwords: list[str], slots: list[int] | None) -> Iterator[tuple[int, list[Cand]]]:
        n = len(qwords)
        qstems = [w[:STEM] for w in qwords]
        rarest = min(set(qstems), key=lambda w: len(self._postings.get(w, ())))
        offsets = [t for t, w in enumerate(qstems) if w == rarest]
        for slot, positions in self._places([rarest], slots).items():
            words = self._tokens[slot].words  # type: ignore[union-attr]
            starts = sorted({p - t for p in positions for t in offsets if 0 <= p - t <= len(words) - n})
            found = [(100.0, j, n) for j in starts if words[j : j + n] == qwords]
            if found:
                yield slot, found

    def _fuzzy(self, qtext: str, qwords: list[str], cutoff: float,
               slots: list[int] | None) -> Iterator[tuple[int, list[Cand]]]:  # fmt: skip
        if cutoff < INDEX_MIN_SCORE:  # unrelated text passes: every window of every document
            live = [s for s, d in enumerate(self._doc_ids) if d is not None] if slots is None else slots
            for slot in live:
                all_words = self._tokens[slot].words  # type: ignore[union-attr]
                yield slot, fuzzy_candidates(qtext, len(qwords), all_words, range(len(all_words) - len(qwords) + 1),
                                             cutoff)  # fmt: skip
            return
        n = len(qwords)
        spread = max(1, n // 5)
        width = n + spread  # the longest window compared
        distinct = sorted({w[:STEM] for w in qwords}, key=lambda w: (len(self._postings.get(w, ())), w))
        must_share = max(1, math.ceil(len(distinct) * SHARED_WORDS))
        probes = distinct[: len(distinct) - must_share + 1]
        qset = set(distinct)
        # the windows over a place p start in [p - width + 1, p]: in `PIECES` runs, each checked on its own
        piece = max(1, -(-width // PIECES))
        keys = self._probe_keys(probes, slots)
        slot = -1
        words: list[str] = []
        starts: set[int] = set()
        last = -1
        for key in keys:
            if key >> _SHIFT != slot:
                if starts:
                    found = fuzzy_candidates(qtext, n, words, sorted(starts), cutoff)
                    if found:
                        yield slot, found
                slot = key >> _SHIFT
                tok = self._tokens[slot]
                words = tok.words if tok is not None else []
                stems = self._stems[slot] or []
                last = len(words) - n  # the last start of an n-word window
                starts = set()
            if last < 0:
                continue
            p = key & _MASK
            first = p - width + 1
            # no window of up to `width` words over p holds `must_share` of the span's words unless the words
            # around p do (one check in C, then run by run)
            if len(qset.intersection(stems[first if first > 0 else 0 : p + width])) < must_share:
                continue
            for a in range(first, p + 1, piece):
                b = a + piece - 1
                if b > p:
                    b = p
                # windows starting in [a, b] lie in words[a : b + width]
                if b < 0 or len(qset.intersection(stems[a if a > 0 else 0 : b + width])) < must_share:
                    continue
                # those windows, and the rough hits `spread` words away that lead to them
                lo, hi = a - spread, b + spread
                starts.update(range(lo if lo > 0 else 0, (hi if hi < last else last) + 1))
        if starts:
            found = fuzzy_candidates(qtext, n, words, sorted(starts), cutoff)
            if found:
                yield slot, found

    def _probe_keys(self, words: Iterable[str], slots: list[int] | None) -> list[int]:
        """The postings of these words in live documents (in `slots` if given), sorted: by document, then place."""
        keys: list[int] = []
        for w in words:
            keys.extend(self._postings.get(w, ()))
        if slots is not None:
            want = set(slots)
            keys = [k for k in keys if k >> _SHIFT in want]
        elif self._dead:
            keys = [k for k in keys if self._doc_ids[k >> _SHIFT] is not None]
        keys.sort()
        return keys


Cand = tuple[float, int, int]  # score, first word, word count


def fuzzy_candidates(qtext: str, n: int, words: list[str], rough_starts: Iterable[int],
                     cutoff: float) -> list[Cand]:  # fmt: skip
    """`align._fuzzy_candidates` on the rough windows starting at `rough_starts` (all starts: the same result)."""
    n_words = len(words)
    rough_starts = list(rough_starts)
    windows = [" ".join(words[i : i + n]) for i in rough_starts]
    rough = process.extract(qtext, windows, scorer=fuzz.ratio, score_cutoff=max(0.0, cutoff - 20), limit=None)
    if not rough:
        return []
    spread = max(1, n // 5)
    near: set[int] = set()
    for _choice, _score, x in rough:
        i = rough_starts[x]
        near.update(range(max(0, i - spread), i + spread + 1))
    found: list[Cand] = []
    ratio = fuzz.ratio
    for k in range(max(1, n - spread), n + spread + 1):
        for j in sorted(near):
            if j > n_words - k:
                break
            score = ratio(qtext, " ".join(words[j : j + k]), score_cutoff=cutoff)
            if score >= cutoff:
                found.append((float(score), j, k))
    return found


def select(candidates: list[Cand], n: int, numbers: object, tok: Tokens, limit: int) -> Echoes:
    """The best candidates that do not overlap (as `align.find_echoes`), in code-point offsets."""
    words = tok.words
    if numbers:  # "more than 4,000 Marines" is not "more than 400,000 Mexicans"
        candidates = [c for c in candidates if not numbers - _numbers(" ".join(words[c[1] : c[1] + c[2]]))]  # type: ignore[operator]
    candidates.sort(key=lambda c: (-c[0], abs(c[2] - n), c[1]))
    taken: list[tuple[int, int]] = []
    result: Echoes = []
    for score, i, k in candidates:
        if any(i < b and a < i + k for a, b in taken):
            continue
        taken.append((i, i + k))
        result.append((tok.starts[i], tok.ends[i + k - 1], round(score, 1)))
        if len(result) >= limit:
            break
    return result

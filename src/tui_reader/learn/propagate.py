"""Propagation: tagged text suggested wherever else it occurs; rejected text remembered."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui_reader.learn.decisions import Decisions
from tui_reader.learn.settings import PROPAGATE_ORIGIN
from tui_reader.suggest import (
    Suggestion,
)

# --- propagation ------------------------------------------------------------------------------------------------

UNTAGGED_AS_REJECTED = True  # dev-cv (today's rules): the propagated wrong additions at k = 4..8 were such texts
_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def norm_key(text: str) -> str:
    """The text a decision is remembered by: case-folded, quote marks straightened, white space collapsed."""
    return " ".join(text.translate(_QUOTE_CHARS).casefold().split())


@dataclass
class Memory:
    """What the annotator tagged and rejected, by (normalised text, label)."""

    accepted: Counter[tuple[str, str]] = field(default_factory=Counter)
    rejected: Counter[tuple[str, str]] = field(default_factory=Counter)
    # occurrences of a tagged text in the decided documents the annotator left untagged with that label (no span
    # of the label overlaps them): implicit rejections ("two people" tagged once, left alone three times)
    untagged: Counter[tuple[str, str]] = field(default_factory=Counter)
    _propagated: tuple[tuple[int, ...], dict[str, list[str]]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_decisions(cls, dec: Decisions) -> Memory:
        mem = cls()
        for bucket, counter in ((dec.positive, mem.accepted), (dec.negative, mem.rejected)):
            for doc_id, spans in bucket.items():
                text = dec.texts[doc_id]
                for s, e, label in spans:
                    counter[(norm_key(text[s:e]), label)] += 1
        if UNTAGGED_AS_REJECTED:
            by_label: dict[str, list[str]] = {}
            for key, label in mem.accepted:
                if _specific(key):
                    by_label.setdefault(label, []).append(key)
            for label, keys in by_label.items():
                pat = _phrase_pattern(keys)
                if pat is None:
                    continue
                for doc_id, text in dec.texts.items():
                    tagged = [(s, e) for s, e, lb in dec.positive.get(doc_id, []) if lb == label]
                    for m in pat.finditer(text):
                        if not any(s < m.end() and m.start() < e for s, e in tagged):
                            mem.untagged[(norm_key(m.group()), label)] += 1
        return mem

    def is_rejected(self, text: str, label: str) -> bool:
        """Rejected with this label at least as often as accepted, and specific enough to judge out of context
        (like propagation: "officials" alone is a source in one sentence and not in the next)."""
        key = (norm_key(text), label)
        return self.rejected[key] > 0 and self.rejected[key] >= self.accepted[key] and _specific(key[0])

    def propagated(self) -> dict[str, list[str]]:
        """label -> normalised texts to propagate (tagged more often than rejected or left untagged). Kept until the counts
        change (a suggestion run or a training asks once per document)."""
        version = (len(self.accepted), len(self.rejected), self.accepted.total(), self.rejected.total())
        if self._propagated is not None and self._propagated[0] == version:
            return self._propagated[1]
        out: dict[str, list[str]] = {}
        for (key, label), n in self.accepted.items():
            if n > self.rejected[(key, label)] + self.untagged[(key, label)] and _specific(key) and not _vague(key):
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


_QUANT = set("one two three four five six seven eight nine ten eleven twelve dozen dozens hundreds thousands millions "
               "several many some few another other more most all both each".split())


def _vague(key: str) -> bool:
    """A quantity word and a noun without a digit ("two people", "another person", "five years"): a figure or a
    source only by its sentence, so not propagated (dev-cv, today's rules: propagation's only wrong additions at
    k = 4..8 were such, and its right ones of this shape found nothing the rules had not)."""
    words = key.split()
    return len(words) == 2 and words[0] in _QUANT and not re.search(r"\d", key)


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


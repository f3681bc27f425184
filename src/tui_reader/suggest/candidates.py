"""Broad candidates for anonymous sources, what a classifier sees of each, and a small logistic regression.

`candidates(text)` proposes, with high recall and low precision, every phrase that may be an unnamed source: the
words before a verb of saying or thinking (past auxiliaries and adverbs: "Some farmers disagreed", "experts say"),
and the phrase after "according to" or after a verb of saying that follows a quotation ("..., said one person at
the meeting"). A phrase headed by a pronoun, a number or a capitalised word inside a sentence (a name) is no
candidate. `candidate_features` names what a classifier sees of one; `fit` is a deterministic logistic regression
(batch gradient descent from zero weights) and `probability` applies it.

Used by the shipped base model (`suggest.base_model`) and by the learner's filter (`learn.filter`, which re-exports
every name here); it lives in `suggest` because `learn` imports `suggest`, never the other way round.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from tui_reader.suggest.lexicon import _PERSON_NOUNS
from tui_reader.suggest.text import SPEECH_VERBS

ITERATIONS = 200  # gradient steps
RATE = 0.5  # step size
L2 = 0.01  # regularisation per step

_TOKEN = re.compile(r"\w+(?:[’'.,\-]\w+)*|[^\w\s]")  # as learn.features
_PERSON = set(re.findall(r"[a-z]+", _PERSON_NOUNS.replace("s?", "|s|").replace("?:", "")))
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ians|ans|ese|is)")

_SAY = set(SPEECH_VERBS.split("|")) | {
    "according", "believe", "believes", "believed", "think", "thinks", "thought", "worry", "worries", "worried",
    "fear", "fears", "feared", "say", "agree", "agreed", "agrees", "disagree", "disagreed", "disagrees",
    "complain", "complained", "complains", "predict", "predicted", "predicts", "expect", "expects", "expected",
    "estimate", "estimated", "estimates", "speculate", "speculated", "accuse", "accused", "acknowledge",
    "acknowledged", "concede", "conceded", "confirm", "confirmed", "confirms", "deny", "denied", "denies",
    "suggest", "suggested", "suggests", "found", "find", "finds", "report", "reported", "reports", "describe",
    "described", "describes", "regard", "regards", "see", "saw", "sees", "link", "highlight", "highlighted",
    "grumble", "grumbling", "urge", "urged", "urges", "caution", "cautioned", "doubt", "doubted", "hope",
    "hoped", "announced", "announce", "recommend", "recommended", "called", "criticised", "criticized",
    "question", "questioned", "questions", "contend", "contended", "contends", "maintain", "maintained",
    "maintains", "observe", "observed", "point", "pointed", "blame", "blamed", "blames", "praise", "praised",
    "welcome", "welcomed", "object", "objected", "oppose", "opposed", "insist", "reckon", "reckoned", "note",
    "advise", "wonder", "cite", "allege", "voice", "want", "wants", "feel", "feels", "felt", "know",
    "knew", "knows", "consider", "considers", "considered", "view", "views", "argue", "warn", "explain",
}  # fmt: skip
_SKIP = {"have", "has", "had", "also", "all", "both", "privately", "publicly", "later", "further", "previously",
         "were", "was", "are", "is", "not", "never", "did", "do", "does", "would", "will", "could", "may", "might",
         "can", "should", "must", "been", "often", "generally", "widely", "long", "still", "now", "too", "increasingly", "repeatedly", "already", "even", "very", "being", "just", "then", "be", "first", "recently", "themselves", "there"}  # fmt: skip
_BOUNDARY = {"that", "which", "when", "while", "because", "but", "if", "as", "than", "to", "so", "where", "after",
             "before", "since", "though", "although", "what", "whom", "whose", "how", "why", "said", "says", "and",
             "or", "with", "by", "on", "at", "from", "for", "in", "into", "about", "against"}  # fmt: skip
_NOT_HEAD = {"i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "that",
             "these", "those", "who", "which", "what", "there", "here", "one", "someone", "everyone", "anyone",
             "nobody", "somebody", "everybody", "each", "all", "both", "some", "many", "most", "few", "others",
             "other", "the", "a", "an", "also", "then", "now", "just", "only", "not"}  # fmt: skip
_DETS = {"the", "a", "an", "some", "many", "most", "several", "few", "two", "three", "four", "one", "other",
         "another", "his", "her", "its", "their", "our", "these", "those", "this", "that", "no", "any", "all",
         "both", "more", "numerous", "dozens", "hundreds", "thousands", "senior", "top", "local"}  # fmt: skip
_SENT_END = {".", "!", "?", "“", '"', "”", ":", ";", "—", "–", "(", ")", ",", "‘", "’", "'"}
_AFTER_VERB = {"said", "says", "told", "according", "added", "wrote", "explained", "noted", "warned", "argued"}
_PREP = {"in", "at", "for", "from", "of"}
_AUX_WORDS = {"have", "has", "had", "were", "was", "are", "is", "would", "will", "could", "may", "might", "can",
              "should", "must", "been", "be", "being", "did", "do", "does", "not", "never"}  # fmt: skip
_SPEECH_LIST = set(SPEECH_VERBS.split("|"))
_WIDE_BASES = ("claim", "suspect", "voice", "lament", "reiterate", "insist", "allege", "testify", "recount",
               "describe", "speculate", "concede", "assert", "contend", "acknowledge", "accuse", "recall",
               "complain", "fear", "worry", "believe", "predict", "argue", "tell", "add", "charge", "plead", "protest")  # fmt: skip


def _inflect(base: str) -> set[str]:
    """base, third person, past ("claim": claims, claimed; "worry": worries, worried; "voice": voices, voiced)."""
    if base.endswith("y"):
        return {base, base[:-1] + "ies", base[:-1] + "ied"}
    return {base, base + "s", base + ("d" if base.endswith("e") else "ed")}


_WIDE_VERBS = {f for b in _WIDE_BASES for f in _inflect(b)} - {"telled", "tells"} | {"told", "tells"}
_TOLD = {"told", "tell", "tells"}  # "..., told investors": who is told, not who tells (wide)
_QUANT_HEADS = {"some", "others", "many", "several", "few", "most", "someone", "somebody"}
MAX_WORDS = 5  # words of a candidate phrase before the verb (head included)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _is_word(w: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z\-’']*", w))


def _sentence_start(toks: Sequence[tuple[int, int, str]], i: int) -> bool:
    return i == 0 or toks[i - 1][2] in {".", "!", "?", "“", '"', "”", ":"}


def candidates(text: str, extra_verbs: Collection[str] = (), wide: bool = False) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, info) of every phrase that may be an anonymous source; info: head, verb, side, words.
    `extra_verbs`: verbs the annotator's sources were attributed with, beyond the list. (Kept for the last
    texts: the self-check's folds ask again for the same documents.) `wide`: also the kinds the base model
    takes (`_WIDE_VERBS`; "some/others/many said"; "..., who insisted"; "..., lamented one official";
    "according to <Capitalised> officials"); the learner's filter uses the narrow generator."""
    return _candidates(text, tuple(sorted(set(extra_verbs) - _SAY)), wide)


@functools.lru_cache(maxsize=256)
def _candidates(text: str, extra_verbs: tuple[str, ...], wide: bool = False) -> list[tuple[int, int, dict[str, Any]]]:
    say = _SAY | _WIDE_VERBS if wide else _SAY
    out: dict[tuple[int, int], dict[str, Any]] = {}
    pos = 0
    for line in text.split("\n"):
        toks = _tokens(text, pos, pos + len(line))
        pos += len(line) + 1
        for i, (_s, _e, w) in enumerate(toks):
            verb = w.lower()
            loose = verb not in say and verb not in extra_verbs
            kind = ("say" if verb in _SPEECH_LIST else "learned" if verb in extra_verbs else "think" if verb in say
                    else "other")  # fmt: skip
            if loose and not (len(verb) > 4 and verb.endswith(("ed", "ing")) and verb not in _SKIP):
                continue  # a verb of saying, or any past tense or -ing form (then only after a person noun)
            # before the verb: skip auxiliaries and adverbs, then the head and up to MAX_WORDS - 1 words before it
            j = i - 1
            aux = ""
            while j >= 0 and (toks[j][2].lower() in _SKIP or toks[j][2].lower().endswith("ly")) and j > i - 4:
                aux = aux or (toks[j][2].lower() if toks[j][2].lower() in _AUX_WORDS else "")
                j -= 1
            via = ""
            if wide and j >= 1 and toks[j][2].lower() == "who":  # "customers who accused", "a journalist, who insisted"
                via, j = "who", j - 1
                if j >= 1 and toks[j][2] == ",":
                    j -= 1
            if (j >= 2 and toks[j][2][:1].isupper() and toks[j - 1][2].lower() in _PREP
                    and toks[j - 2][2][:1].islower() and _is_word(toks[j - 2][2])):
                j -= 2  # "authorities in Beijing announced": the head before the place
            if verb != "according" and j >= 0 and _is_word(toks[j][2]):
                head = toks[j][2]
                low = head.lower()
                people = low in _PERSON or low.rstrip("s") in _PERSON or (low.endswith("s") and not low.endswith("ss"))
                named = head[:1].isupper() and not _sentence_start(toks, j) and not _DEMONYM.fullmatch(head)
                quantifier = wide and low in _QUANT_HEADS and not loose and not via  # "Some said", "others argued"
                if (low not in _NOT_HEAD or quantifier) and not named and (people or not loose):
                    a = j
                    while (a - 1 >= 0 and j - a + 1 < MAX_WORDS and _is_word(toks[a - 1][2])
                           and toks[a - 1][2].lower() not in _BOUNDARY and not _sentence_start(toks, a)):
                        a -= 1  # fmt: skip
                    out.setdefault((toks[a][0], toks[j][1]), {"head": head.lower(), "verb": verb, "side": "before", "aux": aux, "kind": kind,
                                                            "first": toks[a][2].lower(), "n": j - a + 1, "via": via,
                                                            "sent": _sentence_start(toks, a),
                                                            "next": toks[i + 1][2].lower() if i + 1 < len(toks) else ""})  # fmt: skip
            # after the verb: "according to X", "..., said X" (inverted after a quotation)
            k = i + 1
            if loose:
                continue
            if verb == "according" and k < len(toks) and toks[k][2].lower() == "to":
                k += 1
            elif not ((verb in _AFTER_VERB or (wide and verb in say)) and i > 0 and not (wide and verb in _TOLD)
                      and toks[i - 1][2] in {",", "”", '"', "’", "'"}):
                continue  # fmt: skip
            b = k
            while b < len(toks) and b - k < 8 and _is_word(toks[b][2]) and toks[b][2].lower() not in _BOUNDARY - {
                    "and"}:
                b += 1  # fmt: skip
            if b == k:
                continue
            words = [t[2] for t in toks[k:b]]
            head_i = next((x for x in range(len(words)) if words[x].lower() in {"who", "familiar", "close", "with",
                                                                                  "in", "at", "of", "for", "from",
                                                                                  "on"}), len(words)) - 1  # fmt: skip
            if head_i < 0:
                continue
            head = words[head_i]
            if (head.lower() in _NOT_HEAD and not (wide and head.lower() in _QUANT_HEADS)) or (
                    head[:1].isupper() and not head.isupper() and head_i > 0):
                continue  # fmt: skip
            if words[0][:1].isupper() and words[0].lower() not in _DETS and not (
                    wide and verb == "according" and head_i > 0 and head.islower()):
                continue  # a name: "said John Smith" (but "according to Department officials")  # fmt: skip
            out.setdefault((toks[k][0], toks[b - 1][1]), {"head": head.lower(), "verb": verb, "side": "after", "aux": "", "kind": kind,
                                                         "first": words[0].lower(), "n": b - k, "sent": False, "via": "",
                                                         "next": toks[b][2].lower() if b < len(toks) else ""})  # fmt: skip
    return [(s, e, info) for (s, e), info in sorted(out.items())]


def candidate_features(text: str, start: int, end: int, info: Mapping[str, Any]) -> list[str]:
    """What the filter sees of one candidate (names of binary features)."""
    head, verb = info["head"], info["verb"]
    words = [t[2] for t in _tokens(text, start, end)]
    inner_caps = any(w[:1].isupper() for w in words[1:]) or (words[:1] and words[0][:1].isupper() and not info["sent"])
    quotes_before = sum(text.count(q, max(0, text.rfind("\n", 0, start)), start) for q in '"“”')
    f = ["bias", f"head={head}", f"suf2={head[-2:]}", f"suf3={head[-3:]}", f"verb={verb}",
         f"side={info['side']}", f"n={min(info['n'], 4)}",
         f"first={info['first'] if info['first'] in _DETS else 'other'}",
         f"plural={head.endswith('s') and not head.endswith('ss')}",
         f"person={head in _PERSON or head.rstrip('s') in _PERSON}", f"caps={bool(inner_caps)}",
         f"kind={info.get('kind', '')}", f"aux={info.get('aux', '')}", f"kind+aux={info.get('kind', '')} {bool(info.get('aux'))}", f"next={info['next'] if info['next'] in ('who', 'that', ',', '.') else 'other'}",
         f"sent={info['sent']}", f"inquote={quotes_before % 2 == 1}", f"head+verb={head} {verb}"]  # fmt: skip
    return f


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x > -30 else 0.0


def fit(examples: Sequence[tuple[list[str], int]], iterations: int = ITERATIONS, rate: float = RATE,
        l2: float = L2) -> dict[str, float]:
    """Logistic regression by batch gradient descent from zero weights (deterministic): feature -> weight.
    Identical examples are counted once with their weight (many candidates look alike)."""
    index: dict[str, int] = {}
    grouped: Counter[tuple[tuple[int, ...], int]] = Counter()
    for feats, y in examples:
        grouped[(tuple(index.setdefault(f, len(index)) for f in feats), y)] += 1
    n = len(examples)
    if not n:
        return {}
    rows = [(ids, y, c) for (ids, y), c in grouped.items()]
    w = [0.0] * len(index)
    for _ in range(iterations):
        grad = [0.0] * len(index)
        for ids, y, c in rows:
            z = 0.0
            for i in ids:
                z += w[i]
            g = c * (_sigmoid(z) - y)
            for i in ids:
                grad[i] += g
        for i in range(len(w)):
            w[i] -= rate * (grad[i] / n + l2 * w[i])
    return {f: round(w[i], 4) for f, i in sorted(index.items()) if abs(w[i]) >= 1e-4}


def probability(weights: Mapping[str, float], feats: Iterable[str]) -> float:
    return _sigmoid(sum(weights.get(f, 0.0) for f in feats))



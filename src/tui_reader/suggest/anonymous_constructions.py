"""Anonymous sources whose verb of saying is not right after them (issue 15, fifth pass): constructions, each a
structure rather than a phrase, that `anonymous._group_sources` reads beside the group-subject matches and passes
through the same named-person filters.

- a source with no verb of its own: the object of a noun of saying or of an interview (`_NOMINAL`: "an
  off-the-cuff remark from a winemaker in ...", "comments by officials", "in an interview with a senior official");
- a verb far from its group: coordinated after the group's own verb phrase ("Authorities weren't sure of her age but
  believe ...") or a participle of saying after it ("a handful of angry young men manned a barricade complaining
  that ..."); a catenative before the verb ("couldn't help but joke") is in `lexicon._CATENATIVE`;
- a later reference whose verb has a pronoun subject: "When I discussed it with a friend who ..., he said";
- "the group" referring back to an unnamed group ("A team of researchers ... the group describes").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from tui_reader.suggest.lexicon import (
    _BEFORE_HEAD,
    _BELIEVING_FORMS,
    _BETWEEN,
    _HEAD,
    _HEAD_SCANS,
    _MOD,
    _NOMINAL_NP,
    _NOT_PERSON,
    _PERSON_NP,
    _PP,
    _SAYING_FORMS,
    _SAYING_NOUNS,
    _forms,
    _plural,
)


def _last(rx: re.Pattern[str], text: str, pos: int, endpos: int) -> re.Match[str] | None:
    m = None
    for m in rx.finditer(text, pos, endpos):  # noqa: B007 (the last one)
        pass
    return m


def _person_heads(text: str, scans: Sequence[re.Pattern[str]] = _HEAD_SCANS) -> list[re.Match[str]]:
    found = sorted((m for rx in scans for m in rx.finditer(text)), key=lambda m: (m.start(), -m.end()))
    return [m for i, m in enumerate(found) if i == 0 or m.start() != found[i - 1].start()]


class _Match:
    """Just what `_group_sources` reads of a match: the noun phrase's span and the verb; `rrel`: a relative clause
    without "who" follows the group; `far`: the verb is not right after the group; `construction`: found by a
    construction here (a source noun such as "officials" needs no PP then)."""

    def __init__(self, s: int, e: int, verb: str, who: bool = False, verb_start: int = -1, *, rrel: bool = False,
                 far: bool = False, construction: bool = False) -> None:
        self._span, self._verb, self._who, self.verb_start = (s, e), verb, who, verb_start
        self.rrel, self.far, self.construction = rrel, far, construction

    def span(self, _name: str) -> tuple[int, int]:
        return self._span

    def group(self, name: str) -> Any:
        return self._who if name == "who" else self._verb


# a verb of saying or believing right after "and"/"but" (no subject of its own), or a participle of saying before
# "that" or a quote; directives ("and told the clerk to ...", "and asked") are narrative, not attribution
_DIRECTIVES = {f for b in ("tell", "ask", "urge", "advise", "appeal", "inform", "implore", "post", "cite", "relate")
               for f in _forms(b)}
# (two scans with a literal start, the verb checked in Python: a word list tried at every "and" or word was slower)
_AND_VERB = re.compile(rf"[ \t](?:and|but)[ \t]+(?:(?:{_BETWEEN})[ \t]+)?(?P<verb>[a-z]+)\b(?![ \t]+(?:of|to)\b)")
_ING_THAT = re.compile(r"ing(?=[ \t]+(?:that\b|[“\"]|:))")
_FINITE = {f for f in _SAYING_FORMS + _BELIEVING_FORMS if not f.endswith("ing")} - _DIRECTIVES
_ING = {f for f in _SAYING_FORMS if f.endswith("ing")} - _DIRECTIVES
# between the group and that verb: its own short verb phrase, no new clause; before a participle, no verb of
# perceiving or receiving ("Police found a note saying that ...": the note says it)
_NOT_IN_GAP = re.compile(r"(?i)\b(?:who|whom|whose|which|that|where|when|if|because|while|although|though|as|since|"
                         r"after|before|until|than|and|but|or|he|she|they|we|i|it)\b|[,;:()“”\"]")
_PERCEIVED = re.compile(r"(?i)\b(?:found|find|finds|saw|see|sees|seen|read|reads|received|receive|receives|got|get|"
                        r"gets|heard|hear|watched|watch|noticed|spotted|showed|shown|discovered)\b")
_CLAUSE_START = re.compile(r"[.!?;:\n“”\"(,][ \t]*(?:(?:and|but|so|then|yet)[ \t]+)?")


def _far_verb_subjects(text: str, heads: Sequence[re.Match[str]]) -> Iterable[_Match]:
    """"a handful of angry young men manned a makeshift barricade complaining that ...", "Authorities weren't sure of
    her age but believe ...": the group starts the clause, its own verb phrase (a few words, no other person and no
    new clause) comes between it and the verb of saying."""
    starts = [h.start() for h in heads]
    for t in itertools.chain(_AND_VERB.finditer(text), _ING_THAT.finditer(text)):
        if t.re is _AND_VERB:
            verb, verb_start = t.group("verb"), t.start("verb")
        else:  # "... complaining that": the word ending in this "ing"
            verb_start = t.start() - len(text[max(0, t.start() - 20) : t.start()].rsplit(None, 1)[-1])
            verb = text[verb_start : t.end()]
        if verb not in (_FINITE if t.re is _AND_VERB else _ING):
            continue
        lo = max(0, t.start() - 160)
        clause = _last(_CLAUSE_START, text, lo, t.start())
        seg = clause.end() if clause else lo
        if clause is None and lo > 0:
            continue
        i = bisect.bisect_left(starts, seg)
        run = [h for h in heads[i : bisect.bisect_left(starts, t.start())] if h.group() not in _NOT_PERSON]
        # the clause opens with the group: its first person noun, and any right after it ("Police officers")
        if not run or not _BEFORE_HEAD.fullmatch(text, seg, run[0].start()) or _verb_before(text[seg : run[0].start()]):
            continue  # "The ministry fired two officials and said": the officials are its object
        head = run[0]
        for h in run[1:]:
            if text[head.end() : h.start()].strip():
                break
            head = h
        if run[-1] is not head:
            continue  # another person comes between ("Police met two officials and said")
        gap = text[head.end() : t.start()]
        if not gap.strip() or len(gap.split()) > 10 or _NOT_IN_GAP.search(gap) or gap.startswith(("'", "’")) or (
                t.re is _ING_THAT and _PERCEIVED.search(gap)):
            continue
        yield _Match(seg, head.end(), verb, verb_start=verb_start, far=True, construction=True)


# a past verb before the head: the head is an object ("The ministry fired two officials"; an "-ed" adjective first is
# fine: "Frustrated residents", "a handful of retired teachers")
_PAST = set("sent met took told hit put kept brought caught gave held led left lost made paid sold shot struck won chose "
            "drew threw fought has have had is are was were".split())
_NP_START = set("a an the of some many several few two three four five most other these those one all".split())


def _verb_before(words_before_head: str) -> bool:
    words = words_before_head.lower().split()
    return any(w in _PAST or (w.endswith("ed") and i > 0 and words[i - 1] not in _NP_START) for i, w in enumerate(words))


# "When I discussed it with a friend who monitors élite politics closely, he said": an unnamed person the sentence
# spoke to, whose words follow with a pronoun subject; not when the sentence's own subject is that pronoun ("When he
# visited a doctor, he said": his own words) nor after a name ("Maria Lopez, a teacher at the school, she said")
_PRONOUN_SAID = re.compile(r",[ \t]+(?P<pro>he|she|they)[ \t]+(?:(?:later|then|also)[ \t]+)?(?P<verb>said|says|told|"
                           r"tells|added|explained|recalled|insisted|noted|warned|argued|replied|answered|conceded|"
                           r"admitted|joked|wrote)\b")
_PRONOUN_NP = re.compile(rf"(?<![\w’'\-])(?i:a|an|one|another|two|three|several|some)[ \t]+{_MOD}{{0,3}}{_HEAD}\b"
                         rf"(?:{_PP})?(?:[ \t]+who[ \t]+[^,.;:!?\n“”\"]{{1,80}}?)?\Z")
_CONTACT = re.compile(r"(?i)\b(?:discuss|spoke|speak|talk|chat|ask|interview|consult|contact|reach|call|question|phone|"
                      r"text|e-?mail|met|meet|visit|approach|put|wrote\s+to|write\s+to)\w*")


def _pronoun_later(text: str) -> Iterable[_Match]:
    for m in _PRONOUN_SAID.finditer(text):
        sentence = max(text.rfind(c, max(0, m.start() - 300), m.start()) for c in ".!?\n") + 1
        np = _PRONOUN_NP.search(text, sentence, m.start())
        if np is None:
            continue
        before = text[sentence : np.start()]
        heads = list(re.finditer(rf"\b{_HEAD}\b", np.group()))
        head = heads[0] if heads else None
        if head is None or head.group() in _NOT_PERSON or not _CONTACT.search(before) or re.search(
                rf"(?i)\b{m.group('pro')}\b", before) or re.search(r"[A-Z][\w’'\-]+,\s*$", before):
            continue
        plural = head.group().lower().endswith(("s", "people", "men", "staff", "police"))
        if plural != (m.group("pro") == "they"):
            continue  # "a friend ..., they said": someone else
        yield _Match(np.start(), np.end(), m.group("verb"), construction=True)


_PREP = re.compile(r"(?:from|by|with)\b")  # then the noun before it is looked up (a list tried at every word was slower)
_SPEAKER_AFTER = re.compile(r",[ \t]+(?:[A-Z][\w’'.\-]+(?:[ \t]+[A-Z][\w’'.\-]+)*|he|she|they|we|I)[ \t]+(?:\w+ly[ \t]+)?"
                            r"(?:said|says|told|tells|added|explained|insisted|argued|acknowledged|admitted|denied)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|tells|added|explained|insisted|argued|acknowledged|admitted|denied)\b"
                          r"[^.!?;:\n“”\"]*\Z")
_SAYING_NOUN_SET = {w for n in _SAYING_NOUNS.split() for w in (n, _plural(n))}
# a passive verb of reporting before "by": "The deal was confirmed by two officials" (not "praised by", "blamed by")
_REPORTED = {_forms(b)[2] for b in ("report", "confirm", "tell", "describe", "estimate", "deny", "dispute", "quote",
                                    "cite", "announce", "reveal", "disclose", "predict", "claim", "allege", "state",
                                    "note", "explain", "warn", "relate", "recount")}
_PERSON_NP_RX = re.compile(_PERSON_NP)
_TIME_TAIL = re.compile(r"[ \t]+(?:on|in|at|during|last|this|early|late|earlier|later)[ \t]+(?:(?:the|last|this|early|"
                        r"late)[ \t]+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|month|"
                        r"year|morning|afternoon|evening|night|today|yesterday)\Z")
_INTERVIEW = {"interview", "interviews", "conversation", "conversations"}


def _without_a_verb(text: str) -> Iterable[_Match]:
    """The constructions read like an inverted attribution ("said a spokesman"): the noun phrase only."""
    for p in _PREP.finditer(text):
        noun = text[max(0, p.start() - 30) : p.start()].rsplit(None, 1)[-1:]
        if not text[p.start() - 1 : p.start()].isspace() or not noun or noun[0].lower() not in (
                _INTERVIEW if p.group() == "with" else _SAYING_NOUN_SET | _REPORTED if p.group() == "by" else _SAYING_NOUN_SET):
            continue
        m = _NOMINAL_NP.match(text, p.end())
        if m is None or re.match(r"[ \t]+[A-Z][\w’'\-]+", text[m.end("np") : m.end("np") + 40]):
            continue  # "a statement from spokeswoman Ana Ruiz": a title before a name
        person = _PERSON_NP_RX.match(m.group("np"))
        if person is not None and person.group().split()[-1].lower() in _NOT_PERSON:
            continue  # "a note from the victim's mother": kin words point to a person named nearby
        if p.group() == "with" and (_SPEAKER_AFTER.match(text, m.end("np")) or _SAID_BEFORE.search(
                text, max(0, p.start() - 60), p.start())):
            continue  # "In a conversation with his lawyer, Smith said", "he said in an interview with ...": not them
        time = _TIME_TAIL.search(text, m.start("np"), m.end("np"))  # "confirmed by two officials on Monday"
        yield _Match(m.start("np"), time.start() if time else m.end("np"), "said", construction=True)
    yield from _pronoun_later(text)


_GROUP_WORD = re.compile(r"\b(?:group|team)\b")
_INDEFINITE_GROUP = re.compile(rf"(?i:\b(?:a|an|one)[ \t]+(?:[\w’'\-]+[ \t]+)?)(?:group|team)[ \t]+of[ \t]+"
                               rf"{_MOD}{{0,2}}{_HEAD}")


def _unnamed_group_before(text: str, pos: int) -> bool:
    """"the group" refers back to the last group or team the text spoke of: a source when that one was unnamed ("A
    team of researchers affiliated with several institutions ..."), not one led by a named person."""
    lo = max(0, pos - 1500)
    last = _last(_GROUP_WORD, text, lo, pos)
    if last is None:
        return False
    ante = _last(_INDEFINITE_GROUP, text, max(lo, last.start() - 30), min(pos, last.end() + 80))
    if ante is None or not ante.start() <= last.start() < ante.end():
        return False
    sentence_end = re.search(r"[.!?\n]", text[ante.end() : pos])
    rest = text[ante.end() : ante.end() + (sentence_end.start() if sentence_end else 0)]
    return not re.search(r"\b(?:led|headed|directed|coordinated|including)\b(?:\s+by)?\s+[A-Z]", rest)

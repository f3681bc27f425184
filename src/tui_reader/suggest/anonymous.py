"""The anonymous-source rule: an unnamed person or group that information is attributed to."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from tui_reader.suggest.anonymous_constructions import (
    _far_verb_subjects,
    _Match,
    _person_heads,
    _unnamed_group_before,
    _without_a_verb,
)
from tui_reader.suggest.anonymous_findings import (
    FINDING_VERBS,
    finds_that,
    hypothetical,
    is_finding,
    object_relative_groups,
)
from tui_reader.suggest.anonymous_shape import not_a_noun_phrase, trim
from tui_reader.suggest.lexicon import (
    _ATTRIBUTING_FINITE_FAST,
    _BEFORE_HEAD,
    _BETWEEN,
    _CATENATIVE,
    _CONNECTORS,
    _DEMONYMS,
    _DET,
    _DETERMINERS,
    _FAMILIAR,
    _GROUP_AFTER_VERB,
    _GROUP_NP,
    _GROUP_VERBS_FAST,
    _HEAD,
    _HEAD_SCANS,
    _KNOWLEDGE,
    _LIST_TAIL,
    _MOD,
    _NOT_GROUP_START,
    _NOT_PERSON,
    _PARTITIVE,
    _PERSON_NOUNS_LISTED,
    _PERSON_NP,
    _PP,
    _REL,
    _SAYING_FORMS,
    _SRC_NOUN,
    _SRC_STOP,
    _SRC_VERB_AFTER,
    _SRC_VERB_BEFORE,
    after_head,
)
from tui_reader.suggest.text import SPEECH_VERBS

_GROUP_AND_FINDING_VERBS = rf"{_GROUP_VERBS_FAST}|{FINDING_VERBS}"  # saying and believing, then finding and deciding
_AFTER_HEAD_ALL = after_head(_PERSON_NP, _PP, _GROUP_AND_FINDING_VERBS)


def _np_start(text: str, noun_start: int) -> int:
    """Walk back from a source noun over its modifiers: "Current and former military, law enforcement, and
    intelligence officials", "two former senior U.S. officials". Commas join modifiers only in a list with "and"."""
    line_start = max(text.rfind("\n", 0, noun_start) + 1, noun_start - 300)  # a phrase, not a whole line
    tokens = list(re.finditer(r"[A-Za-z0-9][\w’'.\-&]*", text[line_start:noun_start]))
    start = noun_start
    seen_connector = False
    right = noun_start
    for m in reversed(tokens):
        s, e = line_start + m.start(), line_start + m.end()
        gap = text[e:right]
        word = m.group()
        low = word.lower()
        if gap.strip() not in ("", ",") or (gap.strip() == "," and not seen_connector):
            break
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            break  # the end of the previous sentence
        if low in _SRC_STOP and word != "US":  # "US officials": the country, not the pronoun
            break
        if low in _CONNECTORS:
            seen_connector = True
        start = s
        right = s
        if low in _DETERMINERS - {"one", "some", "several", "many", "other"}:
            break
    coordinated = re.search(rf"\b(?:{_SRC_NOUN})\s*,?\s+(?:and|or)\s+$", text[line_start:start], re.I)
    if coordinated:
        return _np_start(text, line_start + coordinated.start())
    # never start on a connector
    while True:
        lead = re.match(r"(?:and|or)\s+|,\s*", text[start:noun_start])
        if not lead or start + lead.end() >= noun_start:
            break
        start += lead.end()
    return start


def _group_subjects(text: str, heads: Sequence[re.Match[str]], pats: _GroupPatterns | None = None) -> Iterable[_Match]:
    after_head = _AFTER_HEAD_ALL if pats is None else pats.after_head
    last_end = -1
    for i, m in enumerate(heads):
        if m.start() < last_end or (m.group() in _NOT_PERSON and (pats is None or m.group() not in pats.learned)):
            continue  # a later noun of a list already matched; not a person ("numbers", "later")
        after = after_head.match(text, m.end())
        if not after:
            continue
        if after.group("who") and after.group("verb").lower() not in _SAYING_SET:
            rel = _without_who(after_head).match(text, m.end())  # "Critics who fear a crackdown say": the later verb
            after = rel if rel and not rel.group("who") else after
        verb_at = after.start("org") if after.group("org") else after.start("who") if after.group("who") else \
            after.start("verb")
        later = next((h for h in heads[i + 1 :] if h.start() >= verb_at or (
            not text[h.end() : verb_at].strip(" \t\"“") and not _LIST_TAIL.fullmatch(text, m.end(), h.end())
            and _CLAUSE_BREAK.search(text, m.end(), h.start()))), None)
        if later is not None and re.match(r"\s*,?\s*who\b", text[m.end() : m.end() + 8]):
            later = None  # "A woman who identified herself as the mother of the victim admitted": her relative clause
        if later is not None and later.start() < verb_at:
            continue  # "supporters planning a rally and opponents saying ...": the noun right before the verb speaks
        window_start = max(0, m.start() - 80)
        before = _BEFORE_HEAD.search(text, window_start, m.start())
        start = before.start() if before else m.start()
        np_end = after.start("org") if after.group("org") else after.start("who") if after.group("who") else \
            after.start("verb")
        np_text = text[start:np_end].rstrip()
        np_text = re.sub(rf"(?:\s+(?:{_BETWEEN}))+$", "", np_text).rstrip(" \t\"“")
        if np_text.endswith((" to", " but", " as", "quoted", "heard", "reported", "recorded", "filmed", "caught")):  # "Several economists were quick to warn": the catenative too
            np_text = _TRAILING_CATENATIVE.sub("", np_text)
        if after.group("who"):  # "The outage angered local officials and customers who accused ...": the object
            verb_before = list(re.finditer(r"\b\w+ed\s+", np_text[: m.start() - start]))
            if verb_before:
                start, np_text = start + verb_before[-1].end(), np_text[verb_before[-1].end() :]
        complement = list(_COMPLEMENT_VERB.finditer(np_text, 0, max(0, m.start() - start)))
        if complement:  # "I think most people believe": the group after the verb whose clause it starts
            start, np_text = start + complement[-1].end(), np_text[complement[-1].end() :]
        np_text = _PARENTHESIS.sub("", np_text)  # "Some economists, however,": the group without its parenthesis
        cut = [c for c in re.finditer(r",[ \t]+", np_text if not re.search(
            r"\b(?:and|or)\b", np_text) else "") if _LIST_TAIL.match(np_text, c.start())]  # "15 prisoners, activists said"
        cut = cut or list(re.finditer(r",[ \t]+(?=(?i:the|a|an|one|two|three|some|several|many)[ \t])", np_text))
        if cut and not re.search(r"\b(?:and|or)\b", np_text[cut[-1].end() :]):
            start, np_text = start + cut[-1].end(), np_text[cut[-1].end() :]  # "drug labs, cartel leaders, the sources said"
        np_text = re.sub(r",\s+(?:where|which|whose|alarmed|concerned|worried|angered|frustrated|speaking|writing|"
                         r"fearing|citing|noting)\s[^,]*,?$", "", np_text)  # the group, not its "where" clause
        last_end = start + len(np_text)
        yield _Match(start, start + len(np_text), after.group("verb"), bool(after.group("who")), after.start("verb"),
                     rrel=bool(after.group("rrel")))


@functools.lru_cache(maxsize=8)
def _without_who(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The group-to-verb pattern without its "who" branch: a relative clause then the group's own verb."""
    return re.compile(pattern.pattern.replace(r"(?P<who>[ \t]+who)", r"(?P<who>(?!))", 1), pattern.flags)


_PARENTHESIS = re.compile(r",\s+(?:however|though|meanwhile|too|also|instead|in\s+turn|for\s+(?:their|his|her|its)\s+part|"
                          r"for\s+example|for\s+instance|in\s+particular|including\s[^,]*|"
                          r"(?:many|some|most|all|several|none|one)\s+of\s+whom\s[^,]*),$")
# between two person nouns, a word that starts another clause or conjunct: the later noun is the verb's subject
_CLAUSE_BREAK = re.compile(r"\b(?:and|or|but|after|before|while|when|as|because|since|was|were|is|are|has|have|had|that)\b")


_COMPLEMENT_VERB = re.compile(r"\b(?:think|thinks|thought|believe|believes)[ \t]+")
_TRAILING_CATENATIVE = re.compile(rf"(?:\s+(?:{_BETWEEN}|{_CATENATIVE}))+$")
_HEAD_WORD = re.compile(rf"\b{_HEAD}\b")  # compiled once: the re module's cache of 512 patterns may drop it


def _named_earlier(text: str, pos: int, noun: str) -> bool:
    """Was a person with this noun named in the text before `pos` ("analyst Jane Doe", "Jane Doe, an analyst
    with ...")? Then "the analyst" later refers to them, a named source."""
    before = text[max(0, pos - 2000) : pos]
    n = re.escape(noun)
    return bool(re.search(rf"\b(?i:{n})\s+[A-Z][\w’'.\-]+\s+[A-Z]", before) or re.search(
        rf"[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+,\s+(?:a|an|the)\s+(?:[\w’'\-]+\s+){{0,6}}?(?i:{n})\b", before))


class _GroupPatterns:
    """The group-source patterns with learned head nouns and verbs added (`group_patterns`)."""

    def __init__(self, heads: tuple[str, ...], verbs: tuple[str, ...]) -> None:
        words = r"|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in heads)
        said = r"|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in verbs)
        self.learned = {w.lower() for w in heads}
        self.head = rf"(?:{_HEAD}|(?i:{words}))" if heads else _HEAD
        self.head_word = re.compile(rf"\b{self.head}\b") if heads else _HEAD_WORD
        group_verbs = rf"{_GROUP_AND_FINDING_VERBS}|{said}" if verbs else _GROUP_AND_FINDING_VERBS
        person_np = rf"(?:(?:(?i:{_DET})[ \t]+)?(?:of[ \t]+(?:the|its|their|his|her|our)[ \t]+)?{_MOD}{{0,3}}{self.head}\b)"
        group_np = rf"{person_np}(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{person_np})*{_PP}?{_REL}?"
        self.scans = (*_HEAD_SCANS, re.compile(rf"\b(?i:{words})\b")) if heads else _HEAD_SCANS
        self.after_head = after_head(person_np, _PP, group_verbs)
        self.after_verb = re.compile(
            _GROUP_AFTER_VERB.pattern.replace(_GROUP_NP, group_np, 1), re.M) if heads else _GROUP_AFTER_VERB  # fmt: skip


@functools.lru_cache(maxsize=16)
def group_patterns(heads: tuple[str, ...] = (), verbs: tuple[str, ...] = ()) -> _GroupPatterns:
    """The anonymous-source rule's group patterns with these head nouns ("chief", "winemakers") and verbs of
    attribution ("divulged") added: a hook for learned lexicons (`learn.py`); empty: the rule's own."""
    return _GroupPatterns(heads, verbs)


_SAYING_SET = {f.lower() for f in _SAYING_FORMS}
# a source noun's verb of finding, deciding or making known ("law enforcement officials have released misleading
# statements"), not under a modal nor negated
_SRC_FINDING_AFTER = re.compile(rf"[ \t]+(?:(?:have|has|had|also|already|\w+ly)[ \t]+){{0,2}}(?:{FINDING_VERBS})\b")
_BODIES = {"committee", "committees", "panel", "panels", "jury", "juries", "judge"}  # unnamed only with "a"


def _headline(text: str, pos: int) -> bool:
    """Does `pos` start a line that ends without a full stop (a headline drops its determiners: "Official says ...")?"""
    end = text.find("\n", pos)
    line = text[pos : end if end >= 0 else len(text)].rstrip()
    return (pos == 0 or text[pos - 1] == "\n") and not line.endswith((".", "”", '"'))


def singular_head(word: str) -> bool:
    return not word.lower().endswith(("s", "people", "staff", "management", "men", "police", "crew"))


def _group_sources(text: str, pats: _GroupPatterns | None = None) -> list[tuple[int, int, dict[str, Any]]]:
    out: list[tuple[int, int, dict[str, Any]]] = []
    head_rx = _HEAD_WORD if pats is None else pats.head_word
    heads = _person_heads(text, _HEAD_SCANS if pats is None else pats.scans)
    for form in ("subject", "after verb"):
        after_verb = _GROUP_AFTER_VERB if pats is None else pats.after_verb
        matches: Iterable[Any] = itertools.chain(_group_subjects(text, heads, pats), _far_verb_subjects(text, heads)) if form == "subject" \
            else itertools.chain(after_verb.finditer(text), _without_a_verb(text))
        for m in matches:
            s, e = m.span("np")
            np_text = trim(text[s:e].rstrip(", "))
            e = s + len(np_text)
            words = np_text.split()
            if not_a_noun_phrase(np_text):
                continue  # a clause's verb, a name in apposition, an organisation's name (suggest.anonymous_shape)
            if words[0].lower() in _NOT_GROUP_START or (words[0].lower() == "both" or re.search(
                    r"(?i)\bboth\s+$", text[max(0, s - 6) : s])) and " and " not in np_text:
                continue  # "both witnesses testified": the two named before
            if len(words) == 1 and words[0][0].isupper() and not words[0].endswith("s") and \
                    text[max(0, s - 2) : s].strip() not in ("", ".", "\n") and not words[0].isupper() and \
                    text[s - 1 : s] != "\n":
                continue  # "says Doctor", "Meanwhile, Doctor says": a capitalised bare singular is a surname
            if re.search(r"\bwho\s+(?:it|he|she|they|we|i|you)$", np_text, re.I):
                continue  # "people who it thinks could benefit": "who" is the object, "it" the one who thinks
            if form == "after verb" and re.match(
                    r",\s+(?:[^,.;:!?\n“”\"]{0,60}?\s)?[A-Z][\w’'\-]+\s+[A-Z][\w’'\-]+\s*(?:[.,;:!?)\n]|$)", text[e : e + 120]):
                continue  # "said another witness in the probe, former adviser Fiona Hill": the apposition names them
            if len(words) == 1 and words[0].lower() in ("people", "persons", "someone", "individuals"):
                continue  # "people think ...": everyone, not a source
            if form == "subject" and m.verb_start >= 0 and re.match(
                    r"[Qq]uestion(?:s|ed)?[ \t]+(?:[A-Z]|(?:him|her|them|me|us)\b)", text[m.verb_start : m.verb_start + 20]):
                continue  # "Republicans also questioned Morrison": they asked him, they did not doubt something
            if form == "subject" and re.search(r",\s*$", text[max(0, s - 3) : s]) and "," in text[e : e + 3] and \
                    not re.match(r",\s+(?:which|who|where|whose)\b", text[e : e + 10]):
                continue  # "Trip Chowdhry, an analyst with Global Equities Research, said": an apposition to a name
            if form == "subject" and re.search(r"(?i)\b(?:the|a|an|this|that|these|those|his|her|their|its|our|my|your)$",
                                               np_text):
                continue  # "the researchers in the state": "state" is a noun there, not the verb
            if form == "subject" and re.search(r"\b[A-Z][\w.’'\-]*[ \t]+[A-Z][\w.’'\-]*,[ \t]+$", text[max(0, s - 40) : s]) and not \
                    np_text.lower().endswith(("s", "people", "staff", "men", "police")):
                continue  # "said Bruce Bagley, a professor of ...": an apposition to a name, not a source
            if form == "subject" and not m.far and m.group("verb").lower().endswith(("ing", "out")) and not \
                    _TRAILING_CATENATIVE.match(" " + text[e : m.verb_start].strip()) and not re.match(
                    r"(?i)(?:are|were|is|was|has|have|had)\s", m.group("verb")) and \
                    m.verb_start >= 0 and text[e : m.verb_start].strip():
                continue  # "-ing" only right after the group ("opponents saying ..."), not a clause after a comma
            if form == "subject" and re.fullmatch(r"(?i)linked|attributed|blamed|described|accused|cited|tied",
                                                  m.group("verb").strip()) and m.verb_start >= 0 and re.match(
                    r"\S+[ \t]+(?:to|by|of|as|with|in)\b", text[m.verb_start : m.verb_start + 30]) and not re.search(
                    r"[,”\"][ \t]*$", text[max(0, s - 3) : s]):
                continue  # "militants linked to the Islamic State": a participle (not after a quote: "…,” the patient described)
            if form == "subject" and re.match(r"(?i)(?:his|her|their|its|our)\s", np_text) and re.search(
                    r"\b[A-Z][\w’'\-]+[ \t]+(?:and|&)[ \t]+$", text[max(0, s - 40) : s]):
                continue  # "Paganini and his team wrote": the named person's own group
            if form == "subject" and m.verb_start >= 0 and re.match(
                    r"[A-Za-z]+[ \t]+(?:said|say|says|suggested|suggest|showed|show|shows|were|are|was|is)\b",
                    text[m.verb_start :]):
                continue  # "Media reports said": "reports" is a noun there
            if form == "subject" and is_finding(text, m.verb_start, m.group("verb")) and hypothetical(text, e, m.verb_start):
                continue  # "People who upload photos will still know": no finding yet
            if re.search(r"(?i)(?:\bnot|n[’']t|\bnever)$", np_text):
                continue  # "A rep for Braun did not immediately respond": no statement
            if form == "subject" and re.search(r"\s(?:was|were|is|are|been|be|being)$", np_text):
                continue  # "the body of a man was found": a passive, not a group that found something
            if form == "subject" and m.group("who") and not re.match(
                    r"(?i)(?:said|says?|told|tell|accuse|argue|warn|complain|inform|insist|claim|testif|describ|recall|"
                    r"report|explain|wr[io]te)", m.group("verb")) and m.group("verb").lower() not in _SAYING_SET:
                continue  # "... who said": a group that speaks, not one that only thinks or suspects something
            if form == "subject" and re.match(r"(?i)discovered|spotted|observed|detected|found\b|finds?\b", m.group("verb")) \
                    and not finds_that(text, m.verb_start) and not re.search(r"(?i)scientist|researcher|team|astronomer|biologist|physicist|geologist|ecologist|"
                                      r"epidemiologist|experts|analysts|investigators|economists|doctors|physicians|authors", text[s:e]):
                continue  # "the officers discovered the body": a finding, not research
            if form == "subject" and re.search(r"[A-Z][\w.’'\-]+,\s+(?:who|a|an|the)\b[^,.;“”\"]*$", text[max(0, s - 150) : s]) \
                    and text[e : e + 1] == ",":
                continue  # "Dr. Ronny Jackson, who was then serving as the President's physician, suggested": named
            if form == "subject" and re.match(r"(?i)accused", m.group("verb")) and text[e : e + 20].lstrip().startswith(
                    ("accused of", "accused in")):
                continue  # "reporters accused of seeking ...": a participle, not a group that accuses
            if form == "subject" and m.group("verb")[0].isupper():
                continue  # a headline in title case: "Transgender Activists Say ..."
            # a capitalised word other than the first that is not the head: a named person ("analyst Jane Doe",
            # "spokesman Robert Gibbs") or organisation before the verb, unless it sits inside a PP/relative clause
            head = next((h for h in head_rx.finditer(np_text) if h.group() not in _NOT_PERSON
                         or (pats is not None and h.group() in pats.learned)), None)
            if head is None:
                continue
            core = np_text[: head.end()]
            tail_after_head = np_text[head.end() :]
            if singular_head(head.group()) and head.group()[0].isupper() and head.start() > 0 and \
                    re.search(r"[A-Z][a-z]+\s+[A-Z][a-z]+$", np_text):
                continue  # "Acting U.S. Attorney for the District of Massachusetts Joshua Levy said": a title
            if re.match(r"\s+[A-Z][a-z]+", tail_after_head):
                continue  # "spokesman Jason Kersten"
            if form == "subject":
                # the subject starts the clause: after a sentence start, a comma, a conjunction or "that"
                before = text[max(0, s - 40) : s]
                if before and not m.group("who") and not re.search(
                        r"(?:^|[.!?:;,\n(“”\"—–]|\b(?i:and|but|that|while|as|because|so|when|although|though|where|since|"
                        r"after|before|if|what|however|whereas|yet|than)|\b(?:think|thinks|thought|believe|believes))\s*(?:(?i:both|either)\s+)?$", before):
                    continue
            inverted_person = form == "after verb" and re.match(r"(?i)(?:a|an|one)\s", core) is not None
            if head.group().lower() in ("woman", "man", "others") and len(core.split()) > 2 and not inverted_person:
                continue
            says = form == "subject" and m.group("verb").lower() in _SAYING_SET
            if head.group().lower() in ("woman", "man") and not re.match(r"(?i)the\s", core) and not inverted_person \
                    and not (says and re.match(r"(?i)(?:a|an|one|another)\s", core)):
                continue
            if head.group().lower() in ("officials", "official", "sources", "source") and not (
                    form == "subject" and (m.group("who") or m.rrel)) and not getattr(m, "construction", False) and not (
                    form == "subject" and is_finding(text, m.verb_start, m.group("verb"))) and not re.match(
                r"\s+(?:in|at|from|with|for|to|of|on|inside|close|familiar|based|working|involved|who)\s", tail_after_head
            ):
                continue  # the source-noun rule above handles these (not "Officials in Beijing said")
            if head.group().lower().startswith("source") and re.match(r"\s+of\s", tail_after_head):
                continue  # "the sources of funding"
            singular = not head.group().lower().endswith(("s", "people", "staff", "management", "men", "police", "crew"))
            if singular and re.search(r"[A-Z]\w*\s+[A-Z]\w*\s*$", core[: head.start()]) and not re.match(r"(?i)(?:the|a|an)\s", core):
                continue  # "Jane Doe spokesman": a name
            last = head  # the last of a run of person nouns is the head: "Consumer advocates", "local activists"
            for h in head_rx.finditer(np_text, head.end()):
                if np_text[last.end() : h.start()].strip():
                    break
                last = h
            if singular_head(last.group()) and last.group().lower() not in ("someone", "somebody", "media", "wall street") and not re.match(
                    r"(?i)(?:a|an|the|one|another|this|that|each|every|any|his|her|their|its|our|my|your)\s|"
                    r"[^\s]+['’]s?\s", core) and not _headline(text, s):
                continue  # a singular role noun with no determiner is a title: "opposition activist in Majed al-Nour"
            if head.group().lower() == "group" and not re.match(r"(?i)(?:a|an|one|another)\s", core) and not (
                    re.match(r"(?i)the\s+group$", core) and _unnamed_group_before(text, s)):
                continue  # "the group" is whichever group the sentence before named (a source if that one was unnamed)
            if head.group().lower() in _BODIES and not re.match(r"(?i)(?:a|an|one|another)\s", core):
                continue  # "the committee", "the judge": whichever one the text named; "an advisory committee voted" is unnamed
            if head.group().lower() == "team" and not re.search(r"(?i)\b(?:researchers?|scientists?|stud(?:y|ies)|journal)\b",
                                                                text[max(0, s - 1500) : e]):
                continue  # "the team" is a research team only where research was spoken of (not a sports club)
            fallback = not re.fullmatch(_PERSON_NOUNS_LISTED, head.group(), re.I) and not re.fullmatch(
                _DEMONYMS, head.group()) and not (pats is not None and head.group().lower() in pats.learned)
            if fallback and not head.group().lower().endswith("s") and not re.match(
                    r"(?i)(?:said|says|told|tells|added|wrote|informed|lament|complain|warn|explain|recall|note|insist|"
                    r"admit|joke|argue)", m.group("verb") if form == "subject" else "said") and \
                    (form != "subject" or m.group("verb").lower() not in _SAYING_SET):
                continue  # "a shopkeeper said", not "the computer found"
            if singular and re.match(r"(?i)the\s", core) and _named_earlier(text, s, head.group()):
                continue  # "according to the analyst": the analyst named before ("Jefferies analyst Jane Doe said")
            out.append((s, e, {}))
    return out


# a PP and an indefinite apposition between a source noun and its verb: "source inside the camp, a refugee who ..., said"
_SRC_APPOSITION = re.compile(r"(?:[ \t]+(?:in|inside|at|from|with|near|within|close[ \t]+to)[ \t]+[^,.;:!?\n“”\"]{1,60}?)?"
                             r",[ \t]+(?:a|an|another|one)[ \t]+[^,.;:!?\n“”\"]{1,120}?,")


# "many have voiced concerns", "Some say", "others argue": a quantifier standing for unnamed people who speak
_QUANT_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;:,]\s)|(?<=\n)|(?<=\b[Aa]nd\s)|(?<=\b[Bb]ut\s)|(?<=\bwhile\s)|(?<=\byet\s)|(?<=\bthough\s)|"
    r"(?<=\bsaid\s)|(?<=\bsays\s)|(?<=[—–]\s)|(?<=\bwhich\s))"  # "— many of whom still believe", "which many see as"
    r"(?P<np>(?:[Mm]any|[Ss]ome|[Oo]thers|[Mm]ost|(?<![^\s])Another|[Tt]hose(?=\s+who\s))(?:\s+who\s+[^,.;:!?\n“”\"]{1,60}?|"
    r"(?<=[Mm]any|[Ss]ome|[Mm]ost)\s+of\s+whom|"
    r"\s+(?:in|on|at|within|inside|among|across|around|close\s+to)(?:\s+[\w’'\-]+){1,4}?)?)\s+"  # "Some in the party say"
    r"(?:(?:have|had|also|still|often|\w+ly)\s+){0,2}"
    r"(?:raised\s+(?:concerns|questions|doubts)|(?:see|saw|view|viewed|regard|regarded)(?=(?:\s[^.;:!?\n]{1,40}?)?\sas\s)|say|said|says|argue[sd]?|believe[sd]?|voiced|voice|complain(?:ed)?|"
    r"fear(?:ed)?|warn(?:ed)?|contend(?:ed)?|"
    r"insist(?:ed)?|suggest(?:ed)?|claim(?:ed)?|think|thought|worr(?:y|ied)|criticiz(?:e|ed)|criticis(?:e|ed)|"
    r"question(?:ed)?|doubt(?:ed)?|interpret(?:s|ed)?|" + _ATTRIBUTING_FINITE_FAST + r")\b"
)
# "analysts polled by Dow Jones Newswires", "economists surveyed by Reuters": a group that is a source even where
# the sentence gives no verb ("the average forecast of six analysts polled by ...")
_POLLED = re.compile(r"[ \t]+(?:polled|surveyed|interviewed|contacted|consulted|questioned)[ \t]+by[ \t]+"
                     r"(?:[A-Z][\w&’'.\-]*(?:[ \t]+|(?=[\s,.;:)]))){1,5}")
_POLLED_NP = re.compile(rf"(?:(?i:{_DET})[ \t]+)?{_MOD}{{0,2}}(?:{_HEAD})\Z")


# "according to those present", "according to some": a quantifier or "those" standing for unnamed people
_ACCORDING_QUANT = re.compile(r"ccording(?<=\b[Aa]ccording)\s+to\s+(?P<np>(?:those|some|many|others|most)(?:\s+(?:present|there|"
                              r"who\s+[^,.;:!?\n“”\"]{1,60}?|(?:close\s+to|familiar\s+with|in|at|inside|within)\s+"
                              r"[^,.;:!?\n“”\"]{1,40}?))?)(?=\s*[,.;:!?)\n]|$)")
# "is seen by some as", "criticised by many": a weasel passive
_BY_QUANT = re.compile(r"\b(?:seen|viewed|regarded|considered|described|criticized|criticised|blamed|praised|called|"
                       r"believed|thought|deemed|suspected|expected|feared)\s+"
                       r"(?:\w+\s+)?by\s+(?P<np>some|many|others)\b")


def rule_anonymous_source(
    text: str, *, heads: Sequence[str] = (), verbs: Sequence[str] = ()
) -> list[tuple[int, int, dict[str, Any]]]:
    """Anonymous sources; `heads` and `verbs`: head nouns and verbs of attribution added to the group patterns
    (learned lexicons, `learn.py`; without them the rule's own lists)."""
    pats = group_patterns(tuple(sorted(heads)), tuple(sorted(verbs))) if heads or verbs else None
    out: list[tuple[int, int, dict[str, Any]]] = []
    for m in re.finditer(rf"\b(?:{_SRC_NOUN})\b", text, re.I):
        start = _np_start(text, m.start())
        end = m.end()
        k = _KNOWLEDGE.match(text, end)
        if k:
            end = k.end()
        there = re.match(r"[ \t]+(?:there|here)\b", text[end : end + 8])
        if there and _SRC_VERB_AFTER.match(text[end + there.end() : end + there.end() + 60]):
            end += there.end()  # "officials there said"
        partitive = _PARTITIVE.search(text[max(0, start - 30) : start])
        if partitive:
            start = start - (len(text[max(0, start - 30) : start]) - partitive.start())
        after = text[end : end + 60]
        if re.match(r"\s+of\s", after) and m.group().lower().startswith("source"):
            continue  # "one of the major sources of foreign fighters": a source of something, not of information
        if re.search(r"[A-Z][\w’'.\-]+,[ \t]+$", text[max(0, start - 40) : start]) and after.startswith(",") and \
                re.match(r"(?i)(?:a|an|the|another)\s", text[start:end]):
            continue  # "Tim Morrison, another top NSC aide, testified": an apposition to a name
        if re.match(r"[ \t]*,?[ \t]*[A-Z][a-z]+[ \t]+[A-Z][a-z]+", after) and not re.match(
            rf"[ \t]*,?[ \t]*(?:{SPEECH_VERBS})\b", after, re.I
        ):
            continue  # "official Tom Homan": named
        if re.match(r"(?i)the\s+(?:\w+\s+)?(?:official|source|aide|insider|diplomat|adviser|advisor|staffer)$",
                    text[start:end]) and _named_earlier(text, start, m.group()):
            continue  # "The official said" after "official Tang Yigan told reporters": named
        attributed = bool(k) or bool(partitive) or bool(_SRC_VERB_AFTER.match(after))
        if not attributed and _SRC_FINDING_AFTER.match(text, end):
            attributed = True  # the phrase from its last "and": the walk back may have crossed a verb phrase
            start += max((c.end() for c in re.finditer(r"\s(?:and|or)\s+", text[start : m.start()])), default=0)
        app = None if attributed and not k else _SRC_APPOSITION.match(text, end)
        if app and not re.search(r"[A-Z][\w’'\-]+[ \t]+[A-Z]", app.group()) and _SRC_VERB_AFTER.match(
                text[app.end() : app.end() + 60]):
            end, attributed = app.end() - 1, True  # "a source inside the camp, a refugee who ..., said"
        verb_before = None if attributed else _SRC_VERB_BEFORE.search(text[max(0, start - 40) : start])
        if verb_before:
            # "according to officials"; "said one official." (inverted, the phrase ends the clause) but not
            # "said officials were ...", where the officials are what is talked about
            attributed = verb_before.group().lower().startswith("according") or bool(
                re.match(r"\s*(?:[.,;:!?)]|$|who\b)", after)
            )
        if attributed:
            out.append((start, end, {}))
    for m in _FAMILIAR.finditer(text):
        k = _KNOWLEDGE.match(text, m.end())
        if k:
            out.append((m.start(), k.end(), {}))
    out += _group_sources(text, pats)
    out += [(s, e, {}) for s, e in object_relative_groups(text, _HEAD_WORD if pats is None else pats.head_word)
            if text[s:e] not in _NOT_PERSON]
    out += [(m.start("np"), m.end("np"), {}) for rx in (_QUANT_SUBJECT, _BY_QUANT, _ACCORDING_QUANT) for m in rx.finditer(text)]
    for m in _POLLED.finditer(text):
        np = _POLLED_NP.search(text, max(0, m.start() - 60), m.start())
        if np is None:
            continue
        lead = re.match(r"(?i)(?:of|by|for|from|with|to|in|on|at)[ \t]+", np.group())
        tail = re.search(r"(?<=[a-z]{3})\.?\s*$", m.group())  # "... Newswires." ends the sentence
        out.append((np.start() + (lead.end() if lead else 0), m.start() + (tail.start() if tail else len(m.group())), {}))
    # merge overlaps (a coordinated phrase holds two source nouns)
    out.sort()
    merged: list[tuple[int, int, dict[str, Any]]] = []
    for s, e, a in out:
        if merged and s < merged[-1][1]:
            ps, pe, pa = merged[-1]
            merged[-1] = (ps, max(pe, e), pa)
        else:
            merged.append((s, e, a))
    return merged



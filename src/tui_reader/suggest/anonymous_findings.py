"""Anonymous sources that found, decided or made something known (issue 15, sixth pass; the annotation guide's
Dec 1 convention): an unnamed group is a source when the text gives what they found, decided, know or made known,
not only what they physically did. `anonymous._group_sources` reads these verbs beside the verbs of saying and
passes the matches through the same filters.

- verbs of finding, deciding and taking a stand ("Investigators have determined that", "Authorities identified",
  "Officials decided", "officials quietly applauded", "an advisory committee voted"), in the past (a present
  "votes" is as often a noun, a bare "decide" an infinitive) or in a few third-person present forms;
- verbs that report a finding only with what was found: "established that", "traced ... to", "ruled out",
  "know(s)/knew" with a clause ("Officials know the plan is dead", not "Fans knew the words");
- verbs of making known with their object, a noun of saying ("the police issued an alert", "officials released
  a statement"), and a law passed ("legislators passed a law");
- "found that", "discovered that", "realized that": a finding, whoever the group (without "that" only researchers
  find: "the officers found the body");
- a belief or a saying in progress ("than many analysts were expecting", "officials are urging everyone",
  "regulators have been debating whether"), claims made ("officials have made unlikely claims");
- none under a modal ("will still know"), in a passive or participle ("to be identified", "identified by police")
  or as a relative clause's verb ("a woman who identified herself ... said": the later verb is the group's);
- a bare plural group inside an object relative clause ("a backpack investigators believe contained a bomb").
"""

from __future__ import annotations

import re

from tui_reader.suggest.lexicon import _forms

# bases whose past (and past participle) reports a finding, a decision or a stand
# (not "welcomed", "endorsed", "dismissed": a stand taken on a person or a plan, not one the dev labels count;
# not "recognized him", "realized its potential": seeing, unless "that" follows)
_FINDING_BASES = "identify determine decide conclude vote approve reject oppose applaud condemn ascribe attribute"
# present forms (third person: a bare "decide" is as often an infinitive: "if negotiators decide", "sought to
# determine")
_PRESENT = "identifies determines decides opposes rejects applauds ascribe ascribes"
_PAST = sorted({_forms(b)[2] for b in _FINDING_BASES.split()} | set(_PRESENT.split()))
# verbs that report a finding only with what was found: "established that" (not "established a camp"), "traced
# the thefts to a gas station" (not "traced the cable"), "ruled that/out" (not "ruled the town"), "know(s)/knew"
# with a clause ("Officials know the plan is dead"; not "Fans knew the words")
_WITH_CLAUSE = (r"(?:established|proved|proven|verified|confirmed)[ \t]+that|"
                r"traced(?=(?:[ \t]+[\w’'\-]+){1,8}?[ \t]+to\b)|ruled(?=[ \t]+(?:that|out|against|in[ \t]+favou?r)\b)|"
                r"(?:know|knows|knew)(?=[ \t]+that\b|(?:[ \t]+[\w’'\-]+){1,12}?[ \t]+(?:is|are|was|were|has|have|had|will|"
                r"would|can|could)\b)")
# the object of a verb of making known: a noun of saying ("issued an unprecedented cellphone alert")
_MADE_KNOWN_OBJECT = (r"statements?|alerts?|warnings?|advisor(?:y|ies)|bulletins?|notices?|descriptions?|reports?|"
                      r"guidance|updates?|appeals?|findings|estimates?|figures|details|communiqu[eé]s?|press[ \t]+releases?")
_MADE_KNOWN = (r"(?:issued|issue|issues|released|release|releases|published|publish|publishes|put[ \t]+out|sent[ \t]+out|"
               r"sent|shared|posted)(?:[ \t]+(?!(?:to|by|from|with|for|at|on|in|after|and|but)\b)[\w’'\-]+){0,4}?[ \t]+"
               rf"(?:{_MADE_KNOWN_OBJECT})")
# claims made ("Lockheed officials have made unlikely claims before")
_CLAIMS_MADE = (r"(?:made|make|makes)(?:[ \t]+(?!(?:to|by|from|with|for|at|on|in|after|and|but)\b)[\w’'\-]+){0,3}?[ \t]+"
                r"(?:claims|allegations|accusations|predictions|demands|complaints|comments|remarks|assurances|pledges)")
# a decision made law ("legislators passed a law eliminating ...")
_ENACTED = (r"(?:passed|adopted|enacted)(?:[ \t]+(?!(?:to|by|from|with|for|at|on|in|after|and|but)\b)[\w’'\-]+){0,3}?[ \t]+"
            r"(?:laws?|bills?|measures?|resolutions?|ordinances?|amendments?|bans?)")
# a verb of believing in progress ("were expecting") and a finding with its clause
_IN_PROGRESS = (r"(?:are|were|is|was|had[ \t]+been|have[ \t]+been|has[ \t]+been)[ \t]+(?:expecting|anticipating|predicting|"
                r"forecasting|urging|warning|demanding|debating|arguing|questioning|insisting|pressing|lobbying|"
                r"decrying|criticizing|criticising|complaining|speculating|wondering|claiming|voicing)")
_FOUND_THAT = r"(?:found|find|finds|discovered|learned|learnt|realized|realised)[ \t]+that"

# not a passive ("did not want to be identified") nor a relative clause's verb ("a woman who identified herself"):
# the group's own verb comes later
_NOT_PASSIVE = "".join(rf"(?<!\b{w}[ \t])" for w in ("be", "been", "being", "was", "were", "is", "are", "who", "get", "got"))
FINDING_VERBS = _NOT_PASSIVE + "(?:" + "|".join([_MADE_KNOWN, _CLAIMS_MADE, _ENACTED, _IN_PROGRESS, _FOUND_THAT, _WITH_CLAUSE, *sorted(
    _PAST, key=lambda w: (-len(w), w))]) + r")(?![ \t]+by\b)"  # not a participle: "the victims identified by police"
FINDING_VERB = re.compile(rf"(?i:{FINDING_VERBS})\b")
_FOUND_THAT_RX = re.compile(rf"(?i:{_FOUND_THAT})\b")


def finds_that(text: str, verb_start: int) -> bool:
    """"Police found that ...": a finding reported, not a thing found ("the officers found the body")."""
    return verb_start >= 0 and _FOUND_THAT_RX.match(text, verb_start) is not None


def is_finding(text: str, verb_start: int, verb: str) -> bool:
    """Is this group verb one of the verbs of finding, deciding or making known (not one of saying)?"""
    m = FINDING_VERB.match(text, verb_start) if verb_start >= 0 else None
    return m is not None and m.end() >= verb_start + len(verb.rstrip())


_MODAL = re.compile(r"(?i)\b(?:will|would|could|can|may|might|should|must|to)[ \t]+(?:(?:still|also|not|never|\w+ly)[ \t]+)*\Z")


def hypothetical(text: str, np_end: int, verb_start: int) -> bool:
    """"People who upload photos will still know": a finding under a modal is none yet (the modal right before the
    verb: not a "to" inside a clause between, "A group of physicians, alarmed that ... to immigrants, is urging")."""
    return _MODAL.search(text, np_end, verb_start) is not None


# "a backpack investigators believe contained a bomb", "the man police say fired first": a bare plural group inside an
# object relative clause without "that", its verb of believing or saying right before the clause's own verb
_REL_VERB = re.compile(r"[ \t](?:believe|believed|say|said|think|thought|suspect|suspected|allege|alleged)[ \t]+"
                       r"(?=(?:was|were|is|are|had|has|have|could|would|may|might|will|held|made|took|sent|left|kept|"
                       r"led|hid|stole|gave|got|ran|shot|hit|bought|sold|brought|caught|fought|wrote|drove|wore|"
                       r"built|set|put|paid|lost|won|threw|meant)\b|[a-z]{3,}ed\b)")
_BEFORE_GROUP = re.compile(r"(?<![\w’'\-])(?P<prev>[a-z][a-z\-]+)[ \t]+(?P<head>[a-z]+)\Z")
_NOT_NOUN = set("""a an the this that these those some many most several few other another any each every no and or but
nor so yet if as than then when while where because since after before until of in on at by for from with to into
about over under among between through during without within against per via is are was were be been being has have
had do does did will would could can may might must should shall said says say told tells think thinks thought
believe believes believed not also only even just still already often who whom which what whose how why he she it
they we i you him her them us me my your his its our their there here one two three four five""".split())


def object_relative_groups(text: str, person: re.Pattern[str]) -> list[tuple[int, int]]:
    """The group of "a backpack investigators believe contained": a noun (no determiner, preposition, verb or
    pronoun), then a bare plural person noun, then the verb: the noun is the relative clause's antecedent, the group
    its source."""
    out = []
    for v in _REL_VERB.finditer(text):
        m = _BEFORE_GROUP.search(text, max(0, v.start() - 40), v.start())
        if m is None or m.group("prev") in _NOT_NOUN or m.group("prev").endswith("ly"):
            continue
        head = m.group("head")
        if person.fullmatch(head) and head.endswith(("s", "police", "people")):
            out.append((m.start("head"), m.end("head")))
    return out

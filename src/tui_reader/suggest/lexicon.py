"""The anonymous-source rule's word lists and noun-phrase patterns (also read by learn.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- anonymous sources ---------------------------------------------------------------------------------------

_SRC_NOUN = r"officials?|sources?|aides?|insiders?|diplomats?|advisers?|advisors?|staffers?"
_SRC_STOP = {
    "of", "in", "on", "at", "to", "for", "from", "with", "by", "as", "that", "which", "who", "whom", "were",
    "was", "are", "is", "be", "been", "have", "has", "had", "will", "would", "could", "can", "may", "might",
    "said", "says", "say", "told", "tell", "tells", "than", "since", "after", "before", "into", "among",
    "between", "but", "so", "yet", "also", "however", "still", "now", "then", "not", "no", "if", "when",
    "while", "because", "although", "though", "he", "she", "they", "it", "we", "i", "you", "him", "her",
    "them", "us", "his", "its", "their", "our", "my", "your", "according", "reported", "report", "reports",
    "about", "over", "under", "where", "how", "what", "why", "this", "there", "here", "do", "does",
    "did", "unreliable", "anonymous", "named", "unnamed", "cited", "citing", "quoted", "quoting", "against",
    "and/or", "plus", "via", "per", "added", "noted", "warned", "wrote", "lamented", "conceded", "acknowledged",
    "insisted", "cautioned", "explained", "recalled", "joked", "complained", "argued",
}  # fmt: skip
_DETERMINERS = {"a", "an", "the", "another", "these", "those", "some", "several", "many", "other", "one"}
_CONNECTORS = {"and", "or"}
_SRC_VERB_AFTER = re.compile(
    r"\s*(?:\([^()\n]{1,80}\)\s*)?,?\s*(?:(?:have|has|had|also|previously|privately|publicly|later|further|separately|both|all|\w+ly)\s+)*"
    r"(?:said|say|says|told|tell|tells|stated|state|described|describe|describes|confirmed|confirm|confirms|"
    r"added|noted|warned|cautioned|explained|indicated|acknowledged|insisted|claimed|suggested|estimated|"
    r"revealed|disclosed|divulged|conceded|admitted|announced|argued|believe|believes|expect|expects|speaking|spoke|"
    r"fear|fears|feared|worry|worries|worried|think|thinks|thought|predicted|predict|predicts|urged|reported|"
    r"advised|advise|recommended|cited|denied|disputed|reiterated|lamented|joked|wondered|complained|questioned|"
    r"(?:are|were|is|was|remain|remained|appear|appears|appeared|seem|seems|seemed)\s+(?:(?:particularly|especially|"
    r"very|deeply|increasingly|also|still|growing|more|most)\s+)*(?:concerned|worried|alarmed|skeptical|sceptical|"
    r"convinced|confident|wary|unconcerned|unconvinced|optimistic|pessimistic)|"
    r"who spoke|who requested|"
    r"who asked|who (?:was|were) not authorized|who declined|who insisted|granted anonymity|familiar|"
    r"(?:(?<=as )|(?<=heard )|(?<=reported )|(?<=recorded )|(?<=filmed )|(?<=caught ))saying)\b"
)
_SRC_VERB_BEFORE = re.compile(r"(?:\b(?<!without )(?:citing|quoting|quotes|quoted|cites|said|says|say|tells|told|added|noted|warned|wrote|lamented|"
                              r"conceded|acknowledged|insisted|cautioned|explained|recalled|joked|complained|argued|according to)"
                              r"\s*(?:(?:its|their|his|her)\s+)?[\"“‘']?(?:(?:unnamed|anonymous|unidentified)\s+)?)$", re.I)
_KNOWLEDGE = re.compile(
    r"\s+(?:with\s+(?:direct\s+|first-?hand\s+)?knowledge\s+of|familiar\s+with|briefed\s+on|close\s+to)"
    r"\s+(?:(?:the|this|these|those|his|her|their|its)\s+[\w\-]+|(?:him|her|them|it)\b|"
    r"(?<=close\sto\s)(?:(?:Mr|Ms|Mrs|Dr)\.\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?(?!\w))"  # "close to Ms. Haley"
)
_FAMILIAR = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|several|some|many|other|those)\s+)?(?:people|persons?|someone|those)"
    r"(?=\s+(?:familiar\s+with|with\s+(?:direct\s+)?knowledge\s+of|close\s+to|briefed\s+on)\s)",
    re.I,
)
_PARTITIVE = re.compile(r"\b(?:one|two|three|some|several|many|most|all|none|each|another|both)\s+of\s+$", re.I)


# Unnamed people and groups who say, believe or report something: "analysts said", "Some farmers disagreed",
# "a spokesperson for the Universities and Colleges Employers' Association (UCEA) said", "said one GOP operative
# in the state", "according to a person at the fundraiser", "A resident who didn't want to be identified ... said".
# any other plural in -ers/-ists/-ians is a group of people (winemakers, shopkeepers ...) when it says something
# any other "-ers/-ists/-ians" word is a group of people (winemakers, shopkeepers ...) when it says something, and
# a singular "-er/-ist/-ian" one (a pensioner) when it says or tells something (checked in _group_sources); lower case
# only (a capitalised one is a name: Walter, Reuters, Peters). Words that are not people are left out in Python
# (_NOT_PERSON): a negative lookahead tried at every word made the whole rule twice as slow.
_FALLBACK_PERSON = (r"[a-z]+(?:(?<=[a-z]{3}ers)|(?<=[a-z]{3}ists)|(?<=[a-z]{3}ians)|(?<=[a-z]{3}er)|(?<=[a-z]{3}ist)|"
                    r"(?<=[a-z]{3}ian))\b")
_COMPANY_ER = {"automaker", "carmaker", "retailer", "manufacturer", "publisher", "broadcaster", "provider",
               "supplier", "lender", "insurer", "operator", "carrier", "producer", "developer", "maker", "exporter",
               "importer", "refiner", "chipmaker", "drugmaker", "planemaker", "steelmaker", "distributor", "owner"}
_NOT_PERSON = {
    "after", "another", "answers", "banner", "banners", "barriers", "boosters", "border", "borders", "brother",
    "center", "centers", "centre", "centres", "chambers", "chapter", "chapters", "character", "characters",
    "charter", "charters", "christian", "christians", "clusters", "computer", "computers", "container", "containers",
    "corner", "corners", "counter", "counters", "cover", "covers", "daughter", "disasters", "earlier", "either",
    "ever", "father", "fibers", "fibres", "filter", "filters", "flowers", "flyer", "flyers", "folders", "footer",
    "former", "further", "guardian", "header", "headers", "headlines", "headquarter", "headquarters", "however",
    "interviewer", "lasers", "later", "latter", "layers", "leader", "letter", "letters", "lists", "lobsters",
    "markers", "matter", "matters", "meter", "meters", "minister", "monsters", "mother", "neither",
    "never", "newsletter", "newsletters", "newspaper", "number", "numbers", "offers", "order", "orders", "other",
    "otters", "over", "paper", "papers", "parameters", "parliamentarian", "partner", "platform",
    "polymers", "poster", "posters", "power", "powers", "printer", "printers", "quarter", "quarters", "rather",
    "register", "registers", "reporter", "reuters", "rivers", "server", "servers", "shelters", "sister", "spiders",
    "thrillers", "tigers", "together", "tower", "towers", "trailer", "trailers", "transfers", "twists", "under",
    "waivers", "water", "waters", "whatever", "whether", "whoever"
} | (_COMPANY_ER - {"owner"})  # fmt: skip
# --- a head-noun lexicon from general English categories (issue 15, fourth pass) ------------------------------
# Who can be an unnamed source: people named by their profession, role or group, not words picked from the dev
# text. Each list holds singulars; plurals are made by `_plural`. Kin words (sister, father ...) are left out: in
# news they point to a person named nearby.
_PROFESSIONS = """
analyst economist scientist researcher academic scholar historian expert specialist consultant strategist engineer
doctor physician surgeon nurse paramedic medic pharmacist dentist psychiatrist psychologist therapist veterinarian
epidemiologist biologist physicist chemist astronomer geologist ecologist climatologist oceanographer toxicologist
virologist meteorologist forecaster archaeologist anthropologist sociologist statistician mathematician
lawyer attorney prosecutor teacher professor lecturer educator student pupil farmer fisherman fisher worker laborer
labourer miner driver pilot sailor crewman firefighter rescuer officer detective deputy trooper guard soldier
commander clerk banker broker trader dealer shopkeeper merchant vendor retailer owner landlord tenant executive
manager director founder employee staffer contractor accountant auditor inspector regulator investigator journalist
correspondent editor commentator columnist blogger pundit pollster diplomat envoy ambassador lawmaker legislator
senator congressman congresswoman councillor councilor politician official aide adviser advisor spokesman
spokeswoman spokesperson representative negotiator mediator monitor observer priest cleric imam pastor rabbi
elder chief agent operative insider source professional technician mechanic builder developer programmer
designer producer planner organizer organiser coordinator administrator supervisor caretaker volunteer
judge anchor attendant examiner
"""
_PEOPLE = """
person someone individual youth teenager housewife patient rep resident local villager neighbour neighbor citizen voter taxpayer consumer
customer shopper user fan viewer reader listener moviegoer passenger traveller traveler tourist visitor pilgrim
migrant refugee immigrant survivor victim witness eyewitness bystander onlooker participant attendee delegate
member donor investor shareholder creditor lender parent relative friend colleague classmate coworker co-worker
commenter insider
committee panel jury
"""
_GROUPS = """
demonstrator protester protestor activist campaigner advocate critic opponent supporter backer ally rebel militant
insurgent fighter gunman faction watchdog settler businessman businesswoman chairman chairwoman congressman
policeman policewoman fireman serviceman servicemember craftsman tradesman salesman cameraman
"""
# institutions that speak as a voice, unnamed (plural): "according to hospitals", "local media reported"
_INSTITUTIONS = "hospitals clinics airlines utilities broadcasters newspapers media"
_IRREGULAR = {"housewife": "housewives", "person": "people", "man": "men", "woman": "women", "child": "children", "youth": "youths",
              "spokesperson": "spokespeople", "authority": "authorities", "deputy": "deputies",
              "co-worker": "co-workers", "witness": "witnesses", "eyewitness": "eyewitnesses"}  # fmt: skip


def _plural(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("man") and not word.endswith(("human", "german")):
        return word[:-3] + "men"  # spokesman, fisherman, gunman
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def _alternation(words: Iterable[str]) -> str:
    """One regex alternation of these words, longest first; a space in a word matches any run of spaces or tabs."""
    return "|".join(sorted({re.escape(w).replace(r"\ ", r"[ \t]+") for w in words}, key=lambda w: (-len(w), w)))


def _trie(words: Iterable[str]) -> str:
    """The same words as `_alternation`, as a regex with common prefixes shared ("analyst|analysts|anthropologist"
    -> "an(?:alysts?|thropologist)"): Python's re tries an alternation branch by branch, a trie letter by letter."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch).replace(r"\ ", r"[ \t]+") + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(tree)


_CATEGORY_SINGULAR = sorted(set((_PROFESSIONS + _PEOPLE + _GROUPS).split()))
_CATEGORY_PLURAL = sorted({_plural(w) for w in _CATEGORY_SINGULAR} | set(_INSTITUTIONS.split()) | {"police", "policemen", "policewomen",
                           "staff", "crew", "management", "families", "troops", "media outlets", "outlets",
                           "Republicans", "Democrats", "conservatives", "liberals", "others", "elders", "authors",
                           "businesses", "brokerages", "groups", "leaders", "feds", "men", "women", "loved ones"})  # fmt: skip
_CATEGORY_NOUNS = _alternation(_CATEGORY_SINGULAR + _CATEGORY_PLURAL)  # plain, for learn.py's word lists
_CATEGORY_NOUNS_FAST = _trie(_CATEGORY_SINGULAR + _CATEGORY_PLURAL)  # the same words, for the scans

# Verbs that attribute: saying (and writing, shouting ...) and believing, as base forms; `_forms` inflects them.
_SAYING = """
say tell add note warn explain argue claim insist complain confirm deny report estimate predict suggest state stress
urge caution question dispute accuse allege assert counter reply respond recall describe write tweet post shout yell
scream chant testify announce remark observe concede admit acknowledge reiterate cite highlight advise inform lament
joke wonder disclose reveal indicate recommend conclude contend maintain agree disagree speculate criticize criticise
blame praise complain grumble caution emphasize emphasise point plead implore appeal ask relate
"""
_BELIEVING = "believe think fear worry suspect expect doubt feel"
_IRREGULAR_VERBS = {"say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
                    "write": ("writes", "wrote", "writing"), "think": ("thinks", "thought", "thinking"),
                    "feel": ("feels", "felt", "feeling"), "admit": ("admits", "admitted", "admitting"),
                    "point": ("points out", "pointed out", "pointing out")}  # fmt: skip


def _forms(base: str) -> tuple[str, ...]:
    """base, third person, past, -ing: say says said saying; argue argues argued arguing; worry worries worried."""
    if base in _IRREGULAR_VERBS:
        return (base if base != "point" else "point out", *_IRREGULAR_VERBS[base])
    if re.search(r"[^aeiou]y$", base):
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
    if base.endswith("ee"):
        return base, third, base + "d", base + "ing"  # agree agreed agreeing
    if base.endswith("e"):
        return base, third, base + "d", base[:-1] + "ing"
    return base, third, base + "ed", base + "ing"


_SAYING_FORMS = [f for b in _SAYING.split() for f in _forms(b)] + ["protested", "pled"]
_BELIEVING_FORMS = [f for b in _BELIEVING.split() for f in _forms(b)]
# finite forms only (not "-ing": "analysts expecting" is no clause), then the "-ing" forms of saying for "opponents
# saying ...", a participle clause that reports words
_ATTRIBUTING_FINITE_FAST = _trie(f for f in _SAYING_FORMS + _BELIEVING_FORMS if not f.endswith(("ing", "ing out")))
_ATTRIBUTING_FINITE = _alternation(f for f in _SAYING_FORMS + _BELIEVING_FORMS
                                   if not f.endswith(("ing", "ing out")))  # fmt: skip
_SAYING_ING = _alternation(f for f in _SAYING_FORMS if f.endswith(("ing", "ing out")))
# the verbs of an inverted attribution, after a quote or comma: `“…,” countered one critic`
_INVERTED = _alternation(f for b in _SAYING.split() if b not in ("tell", "cite")
                         for f in _forms(b)[1:3])  # fmt: skip


_PERSON_NOUNS_LISTED = (
    r"analysts?|experts?|critics?|users?|organi[sz]ers?|residents?|resident|economists?|scientists?|researchers?|"
    r"academics?|lawmakers?|legislators?|employers?|employees?|builders?|farmers?|workers?|volunteers?|voters?|"
    r"observers?|activists?|witnesses|witness|doctors?|nurses?|teachers?|parents?|students?|investors?|traders?|"
    r"strategists?|operatives?|consultants?|executives?|managers?|members?|spokes(?:man|woman|person|people)|"
    r"people|persons?|someone|individuals?|staff|staffers?|directors?|oceanographers?|toxicologists?|"
    r"engineers?|historians?|scholars?|supporters?|opponents?|campaigners?|protesters?|protestors?|"
    r"republicans|democrats|conservatives|liberals|others|woman|man|colleagues|neighbou?rs|friends|relatives|"
    r"insiders?|aides?|advisers?|advisors?|officials?|sources?|diplomats?|politicians?|elders|authors|"
    r"physicians?|epidemiologists?|biologists?|physicists?|astronomers?|geologists?|ecologists?|climatologists?|"
    r"specialists?|professionals|officers|investigators|prosecutors|lawyers|attorneys|passengers|survivors|"
    r"tourists|visitors|locals|villagers|citizens|customers|shoppers|fans|owners|officers|bystanders|"
    r"eyewitnesses|commentators|pundits|pollsters|bankers|regulators|negotiators|envoys|officers?|groups|"
    r"fishermen|fishers|firefighters|paramedics|medics|rescuers|miners|drivers|pilots|"
    r"authorities|advocates|representatives|settlers|commenters?|commentator|businesses|brokerages|outlets|"
    r"journalists?|management|team(?: of (?:researchers|scientists|experts))?|group|merchants|Wall Street|chiefs?|agents"
)
_PERSON_NOUNS_OWN = _PERSON_NOUNS_LISTED  # the earlier passes' list, then the categories
_PERSON_NOUNS_LISTED = _PERSON_NOUNS_OWN + "|" + _CATEGORY_NOUNS
# and a singular one (a shopkeeper, one pensioner) when it says or tells something (checked in _group_sources)
_PERSON_NOUNS = _PERSON_NOUNS_LISTED + "|merchant"
_PERSON_NOUNS_FAST = _PERSON_NOUNS_OWN + "|merchant|" + _CATEGORY_NOUNS_FAST  # the same words, faster to scan
# plural demonyms as a group that speaks: "Many Tunisians accuse", "Tunisians worry" (case-sensitive: not "evans")
_DEMONYMS = r"(?!Evans\b)[A-Z][a-z]+(?:ians|ans|ese|eans)|Israelis|Iraqis|Pakistanis|Saudis|Somalis|Kuwaitis|Yemenis|Britons|Scots|Poles|Swedes|Danes|Finns|Turks|Greeks|French|Dutch|Swiss|New Zealanders|Icelanders|Islanders|Londoners|Europeans"
# the fallbacks are lower case: a capitalised "-er" word is a name (Walter, Reuters, Sellers)
_HEAD = rf"(?:(?i:{_PERSON_NOUNS_FAST})|{_DEMONYMS}|{_FALLBACK_PERSON})"
_GROUP_VERBS = (
    r"said|say|says|told|tell|tells|add(?:s|ed)|accuse[sd]?|acknowledge[sd]?|admit(?:s|ted)?|think|thinks|"
    r"regard(?:s|ed)?|view(?:s|ed)?|s[ae]w[ \t]+(?:it[ \t]+|this[ \t]+|that[ \t]+)?as|see[ \t]+(?:it[ \t]+)?as|"
    r"found|find|finds|confirm(?:s|ed)?|explain(?:s|ed)?|wr(?:ite|ote|ites)|testif(?:y|ies|ied)|"
    r"stress(?:es|ed)?|concede[sd]?|allege[sd]?|question(?:s|ed)?|doubt(?:s|ed)?|recommend(?:s|ed)?|urge[sd]?|"
    r"look(?:s|ed)? (?:at|into)|stud(?:y|ies|ied)|examine[sd]?|analy[sz]e[sd]?|measure[sd]?|calculate[sd]?|"
    r"document(?:s|ed)?|call(?:s|ed)? for|raise[sd]? (?:concerns|questions|doubts)|dispute[sd]?|deny|denies|denied|"
    r"believe[sd]?|worr(?:y|ies|ied)|disagree[sd]?|complain(?:s|ed)?|report(?:s|ed)?|"
    r"speculate[sd]?|note[sd]?|estimate[sd]?|argue[sd]?|warn(?:s|ed)?|predict(?:s|ed)?|claim(?:s|ed)?|"
    r"suggest(?:s|ed)?|insist(?:s|ed)?|fear(?:s|ed)?|expect(?:s|ed)?|agree[sd]?|conclude[sd]?|contend(?:s|ed)?|"
    r"talk(?:s|ed)?|point(?:s|ed)? out|caution(?:s|ed)?|maintain(?:s|ed)?|describe[sd]?|recall(?:s|ed)?|"
    r"link(?:s|ed)? |attribute[sd]? |blame[sd]? |reiterate[sd]?|cite[sd]?|highlight(?:s|ed)?|advise[sd]?|"
    r"announce[sd]?|inform(?:s|ed)?|suspect(?:s|ed)?|lament(?:s|ed)?|joke[sd]?|wonder(?:s|ed)?|discovered|spotted|observed|detected|"
    r"(?:voice[sd]?|express(?:es|ed)?) (?:(?:their|growing|deep|serious|some) )?(?:concerns?|doubts?|fears?|alarm|"
    r"outrage|frustration|skepticism|scepticism|anger|dismay|support|opposition|hope)|"
    r"(?:are|were|is|was) of the (?:view|opinion)|"
    r"(?:are|were|is|was|remain|remained) (?:(?:very|deeply|increasingly|also|still|particularly|especially|"
    r"growing|more) )?(?:grumbling|saying|warning|complaining|predicting|arguing|worried|concerned|alarmed|"
    r"skeptical|sceptical|convinced|divided|split|urging|calling|reporting)|"
    + _ATTRIBUTING_FINITE + "|" + _SAYING_ING
)
# the source nouns' verbs too: every finite form of saying and believing ("agency officials have stressed")
_SRC_VERB_AFTER = re.compile(_SRC_VERB_AFTER.pattern.replace("(?:said|say|says|told|", "(?:" + _ATTRIBUTING_FINITE_FAST +
                                                             "|said|say|says|told|", 1))
_GROUP_VERBS_OWN = _GROUP_VERBS[: -len(_ATTRIBUTING_FINITE + "|" + _SAYING_ING) - 1]
# the same verbs, faster to match (a trie of the generated forms)
_GROUP_VERBS_FAST = _GROUP_VERBS_OWN + "|" + _trie(f for f in _SAYING_FORMS + _BELIEVING_FORMS
                                                    if f in _SAYING_FORMS or not f.endswith("ing")) + (
    r"|(?:are|were|is|was|have[ \t]+been|has[ \t]+been|had[ \t]+been|started|began|begun|kept)[ \t]+(?:(?:also|still|now|repeatedly|increasingly)[ \t]+)?(?:" + _trie(
        f for f in _SAYING_FORMS if f.endswith(("ing", "ing out"))) + ")")  # "The Democrats are alleging"
_DET = r"(?:a|an|the|one|some|several|many|most|other|two|three|four|five|few|a few|those|these|another|this|his|her|their|its|our)"
_MOD = r"(?:(?!(?i:and|or|both|either|lest|who|which|that|whom|whose|than|as|when|while|if|because|but|although|though|since|unless|whether|until|no|not|said|says|say|told|what|where|for|by|to|from|with|on|in|at|under|over|about|into|after|before|is|are|was|were|has|have|had)\b)(?:[A-Z](?:\.[A-Z])+\.?|[A-Za-z][\w’'\-]*)[ \t]+)"
_PERSON_NP = rf"(?:(?:(?i:{_DET})[ \t]+)?(?:of[ \t]+(?:the|its|their|his|her|our)[ \t]+)?{_MOD}{{0,3}}{_HEAD}\b)"
_PP = (r"(?:\s+(?:in|at|for|from|with|of|on|to|inside|during|across|around|throughout|outside|within|near|"
       r"representing|close\s+to|affiliated\s+with|based\s+(?:in|at)|"
       r"working\s+(?:at|for|on|in|with)|involved\s+(?:in|with)|led\s+by|familiar\s+with|who\s+studies|who\s+study|"
       r"(?!(?:saying|telling|adding|arguing|warning|claiming|insisting|complaining|noting)\b)[a-z]{3,}ing)"
       r"\s+(?:[^,.;:!?\n“”\"]|(?<=\b[A-Z])\.|,[ \t]+[A-Z]\w+(?:[ \t]+[A-Z]\w+)?(?=,)){1,70}?)")
# (a PP may hold "U.S." and "the University of California, Santa Barbara,")
_REL = (r"(?:,?\s+who\s+[^,.;:!?\n“”\"]{1,80}?,?|,\s+(?:where|which|whose|(?:many|some|most|all|several|none|one)\s+of\s+whom)"
        r"\s+[^,.;:!?\n“”\"]{1,80}?,|"
        # a parenthesis: "Some economists, however, warn", "Critics, including environmental groups, say"
        r",\s+(?:however|though|meanwhile|too|also|instead|in\s+turn|for\s+(?:their|his|her|its)\s+part|for\s+example|"
        r"for\s+instance|in\s+particular|including\s+[^,.;:!?\n“”\"]{1,60}?),|"
        r",\s+(?:alarmed|concerned|worried|angered|frustrated|speaking|writing|fearing|citing|noting)\b[^,.;:!?\n“”\"]{1,100}?,)")
# a named organisation after the group: "local activists and the Britain-based Syrian Observatory ... said"
_ORG_CONJUNCT = r"(?P<org>[ \t]+and[ \t]+the[ \t]+[A-Z][^,.;:!?\n“”\"]{0,70}?)?"
_GROUP_NP = rf"{_PERSON_NP}(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{_PERSON_NP})*{_PP}?{_REL}?"
_GROUP_AFTER_VERB = re.compile(
    rf"(?:(?<=[,”\"])[ \t]*\b(?i:said|says|say|added|noted|warned|wrote|explained|lamented|conceded|acknowledged|"
    rf"insisted|cautioned|recalled|joked|complained|argued|{_INVERTED})|\b(?i:according\s+to|citing))\s+"
    rf"(?:[A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+)?[ \t]+and[ \t]+)?(?P<np>{_GROUP_NP})(?=\s*(?:[,;:!?)]|(?<!\b[A-Z])\.|$)|\s+(?:when|as|after|while|in\s+an?|on|at|during)\b)", re.M
)
# a list of person noun phrases after the first one: ", campaign organizers and veteran volunteers"
_LIST_TAIL = re.compile(rf"(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{_PERSON_NP})+")
_NOT_GROUP_START = {"he", "she", "they", "it", "we", "i", "you", "that", "there", "no", "none", "neither", "nor"}


# A group as the subject of a verb of saying, found from each person noun (one regex tried at every position
# of the text was 6x slower): forward from the noun over a list, a PP or relative clause and the verb, back over its modifiers.
_BETWEEN = r"have|has|had|also|all|both|(?!(?:family|early|italy|july|assembly|supply|rally|ally|daily|weekly|monthly|reply)\b)\w+ly|privately|openly|often|still|now|long|would|will|could|may|might|most|already|first|since|there|here"
# Found with three scans merged (one alternation tried at every position was 2x slower): the listed nouns behind a
# first-letter check, the demonyms, the "-er/-ist/-ian" words.
_FIRST_LETTERS = "".join(sorted(set(re.findall(r"(?<![\w\\(?:])[a-zA-Z]", _PERSON_NOUNS_OWN)) | {w[0] for w in
                                 _CATEGORY_SINGULAR + _CATEGORY_PLURAL}))
_HEAD_SCANS = (
    re.compile(rf"\b(?=[{_FIRST_LETTERS}{_FIRST_LETTERS.upper()}])(?i:{_PERSON_NOUNS_FAST})\b"),
    re.compile(rf"\b(?=[A-Z])(?:{_DEMONYMS})\b"),
    re.compile(rf"\b(?=[a-z]){_FALLBACK_PERSON}"),
)


# a verb is no verb right after a determiner: "Wary Republicans in the state quickly speculated" (not "state")
_NOT_AFTER_DET = "".join(rf"(?<!\b{d}[ \t])" for d in ("the", "a", "an", "its", "his", "her", "this", "their", "our"))
# --- constructions (issue 15, fifth pass): a source whose verb is not right after it -----------------------
# a catenative chain before the verb: "One official couldn't help but joke", "Economists were quick to warn"
_CATENATIVE = (r"(?:could|can)(?:n[’']t|not|[ \t]+not)[ \t]+help[ \t]+but|(?:went|go|goes|going)[ \t]+on[ \t]+to|"
               r"(?:was|were|is|are|been)[ \t]+(?:quick|careful|eager|keen|happy|willing|at[ \t]+pains|the[ \t]+first)[ \t]+to|"
               r"(?:hastened|rushed|took[ \t]+pains|(?:did[ \t]+not|didn[’']t)[ \t]+hesitate|sought|tried|began|started|"
               r"continued?)[ \t]+to|"  # and a passive of hearing or quoting before "saying": "was quoted as saying"
               r"(?:was|were|is|are|been)[ \t]+(?:quoted|heard|overheard|reported|recorded|filmed|caught)(?:[ \t]+as)?(?=[ \t]+saying|$)")
# a relative clause without "who", its subject a pronoun: "sources they contacted denied", "officials we spoke to
# said"; its verb is no auxiliary and no verb of saying ("officials they said were ..." is no relative clause)
_AUX = r"(?i:are|were|was|is|am|be|been|do|does|did|will|would|can|could|may|might|must|shall|should|not|also)"
_REDUCED_REL = (rf"(?P<rrel>[ \t]+(?:we|they|I|he|she|you|it)[ \t]+(?:(?:had|have|has)[ \t]+)?"
                rf"(?!(?:{_AUX}|{_ATTRIBUTING_FINITE_FAST}|{_SAYING_ING})\b)[a-z]{{3,}}(?:[ \t]+(?:to|with|for|by|at))?)")

# the source nouns' verbs after a catenative or a relative clause without "who" too ("sources they contacted denied")
_SRC_VERB_AFTER = re.compile(_SRC_VERB_AFTER.pattern.replace(
    r",?\s*(?:(?:have|", r"(?:" + _REDUCED_REL.replace(r"(?P<rrel>[ \t]+", "(?P<rrel>") + r"\s+)?,?\s*(?:(?:" + _CATENATIVE + "|have|", 1))


def after_head(person_np: str, pp: str, group_verbs: str) -> re.Pattern[str]:
    """From the end of a person noun to its verb of saying: a list, a PP, a relative clause (with or without
    "who"), a named organisation, adverbs and catenatives ("were quick to"); groups `who`, `rrel`, `org`, `verb`."""
    return re.compile(
        rf"(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?{person_np})*{pp}?{_ORG_CONJUNCT}(?:(?P<who>[ \t]+who)[ \t]+|"
        rf"{_REDUCED_REL}?{_REL}?,?\s+)(?:(?:{_BETWEEN}|{_CATENATIVE})\s+){{0,3}}{_NOT_AFTER_DET}[\"“]?"
        rf"(?P<verb>(?i:{group_verbs}))\b"
    )


_AFTER_HEAD = after_head(_PERSON_NP, _PP, _GROUP_VERBS_FAST)
_BEFORE_HEAD = re.compile(rf"(?<![\w’'\-])(?:(?i:(?:tens|hundreds|thousands|millions|dozens|scores)[ \t]+of[ \t]+)+|"
                          rf"(?i:{_DET})[ \t]+)?(?:of[ \t]+(?:the|its|their|his|her|our)[ \t]+)?{_MOD}{{0,3}}\Z")



# a source with no verb of its own: the object of a noun of saying ("an off-the-cuff remark from a winemaker in ...",
# "text messages from friends saying", "comments by officials") or of an interview ("in an interview with a senior
# official"); the noun phrase ends at punctuation or a word that cannot continue it
_SAYING_NOUNS = """remark comment statement message text email e-mail letter note tweet post testimony account warning claim
complaint assurance briefing report tip leak quote estimate prediction assessment admission denial confirmation
explanation response reply plea appeal allegation accusation announcement recollection observation rumour rumor
word advice guidance description"""
_NP_END = (r"(?=\s*(?:[,;:!?)“”\"(]|(?<!\b[A-Z])\.|$)|\s+(?:about|saying|that|who|which|when|as|after|while|and|but|"
           r"to|was|were|is|are|has|have|had|over|in|on|at|for|during|since|before)\b)")
# its PP: a few words, none a verb of saying or finding ("a report by researchers at the university found ...")
_NOMINAL_PP = (rf"(?:[ \t]+(?:in|at|for|from|with|of|on|inside|near|close[ \t]+to|based[ \t]+in|(?!(?:saying|telling|"
               rf"adding|arguing|warning|claiming|insisting|complaining|noting)\b)[a-z]{{3,}}ing)(?:[ \t]+(?!(?i:"
               rf"{_GROUP_VERBS_FAST})\b)[\w’'\-]+(?:\.(?=[\w]))?){{1,6}}?)")
_NOMINAL_NP = re.compile(rf"[ \t]+(?P<np>{_PERSON_NP}(?:{_NOMINAL_PP}{_NP_END})?)", re.M)
# before the head: "a handful of", "a crowd of" (magnitudes: "tens of thousands of")
_BEFORE_HEAD = re.compile(_BEFORE_HEAD.pattern.replace(
    "(?:(?i:(?:tens|", r"(?:(?i:(?:a|an)[ \t]+(?:handful|couple|number|crowd|pair|band|gaggle)[ \t]+of[ \t]+)|(?i:(?:tens|", 1))

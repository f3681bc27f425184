"""Does a phrase the anonymous-source rule took look like a noun phrase (a group or a person), as a source is?

The rule finds its phrases with patterns around a verb; on ordinary news some ran past the noun phrase into the
clause ("The hostility toward gay people raises wider", "indigenous people ... were accustomed to mistreatment by
police"), held a name in apposition ("The chief executive of G4S, Nick Buckles") or were a name themselves ("the
Federation of American Scientists"). These checks see only the phrase's own words.
"""

from __future__ import annotations

import re

from tui_reader.suggest.lexicon import _CATEGORY_PLURAL, _CATEGORY_SINGULAR

# a verb of the clause inside the phrase, before any relative pronoun ("officials who spoke ..." may hold one)
_CLAUSE_VERB = re.compile(
    r"(?i)^(?:(?!\b(?:who|whom|whose|that|which)\b).)*?\b(?:is|are|was|were|has|have|had|will|would|can|could|may|"
    r"might|must|should|does|did|raises|raised)\b"
)
_NAME_IN_APPOSITION = re.compile(r",\s+[A-Z][\w’'\-]+(?:\s+[A-Z]\.?)?\s+[A-Z][\w’'\-]+$")
_SMALL = {"of", "the", "for", "and", "in", "at", "on", "a", "an", "&"}
_ORG_NOUNS = {"center", "centre", "institute", "institution", "federation", "association", "university", "college",
              "department", "ministry", "office", "council", "committee", "agency", "commission", "society", "group",
              "company", "corporation", "corp", "inc", "foundation", "bureau", "board", "service", "network", "union",
              "organization", "organisation", "party", "academy", "laboratory", "hospital", "court", "fund", "bank"}
_GROUP_WORDS = {w.lower() for w in (*_CATEGORY_SINGULAR, *_CATEGORY_PLURAL)}
_DEGREE = re.compile(r"(?i)\s+(?:quite|rather|very|fairly|pretty|so|too|just|even)$")


def trim(np_text: str) -> str:
    """The phrase without a trailing degree word ("the people of Scotland quite" rightly expect)."""
    return _DEGREE.sub("", np_text)


def not_a_noun_phrase(np_text: str) -> bool:
    """True for a phrase that is no unnamed group or person: a clause's verb inside it, a name in apposition at its
    end, or every word after its determiner capitalised and built like an organisation's name."""
    if _CLAUSE_VERB.match(np_text):
        return True
    nouns = [w for w in np_text.split() if w[:1].islower() and w not in _SMALL]
    if _NAME_IN_APPOSITION.search(np_text) and nouns and not nouns[-1].rstrip(",").endswith("s"):
        return True  # one person, named ("The chief executive of G4S, Nick Buckles"); not "Researchers at the
        # University of California, Santa Barbara", where the name after the comma is a place
    words = np_text.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    content = [w for w in words if w.lower() not in _SMALL]
    if len(content) < 2 or not all(w[:1].isupper() for w in content) or all(w.isupper() for w in content):
        return False
    if content[0].lower() in _GROUP_WORDS:
        return False  # "Researchers at the University of California": a group, capitalised by the sentence
    # every word capitalised: a name when it is built like one ("the Federation of American Scientists", "the
    # Medical Research Council"), not "Many Tunisians", "Wall Street", "Miami-Dade Police"
    return " of " in " ".join(words) or content[-1].lower() in _ORG_NOUNS

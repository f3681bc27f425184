"""Titles a person recognises a news text by: the headline, not the site's chrome above it (import gives every
document one; `models.default_title` and `corpus` use it)."""

from __future__ import annotations

import re

TITLE_CHARS = 120
HEAD_CHARS = 16_384  # a headline is near the top: only this much of a text is looked at
_CHROME = re.compile(
    r"^(skip to (main )?content|skip navigation|advertisement|featured|tipsheet|newsbite|menu|search|home|"
    r"sign in|log ?in|subscribe( now)?|share( this)?( article| story)?|trending( now)?|breaking( news)?|"
    r"most (read|popular)|related( (articles|stories))?|top stories|latest( news)?|watch|listen|opinion|news|"
    r"tags?:.*|by\b.*|photo:.*|image:.*|credit:.*|(\w+ )?\d{1,2},? \d{4}.*|[\w.-]+ photo/.*)$",
    re.IGNORECASE,
)


def _headline_like(line: str) -> bool:
    """A line that can be a headline: 2 to 30 words, at most 250 characters, letters in it, not a menu item
    (`Featured`, `Skip to main content`, `Tags: ...`, a byline or a dateline, a photo credit)."""
    words = line.split()
    return (2 <= len(words) <= 30 and len(line) <= 250 and sum(c.isalpha() for c in line) >= 6
            and not _CHROME.match(line) and "|" not in line)  # fmt: skip


def _clip(line: str) -> str:
    if len(line) <= TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, TITLE_CHARS)
    return line[: cut if cut > TITLE_CHARS // 2 else TITLE_CHARS].rstrip() + "…"


def headline(text: str, fallback: str) -> str:
    """The title a person recognises a news text by: its headline, not the site chrome above it.

    Paragraphs are separated by blank lines. The first paragraph of ONE headline-like line is the headline: a
    paragraph of several short lines above the article is a menu (a list of other headlines), a one-word line
    is site chrome. A text without blank lines: its first headline-like line. Else the first non-blank line (at
    most TITLE_CHARS, cut at a word), else `fallback`.
    """
    head = text[:HEAD_CHARS]
    paragraphs = re.split(r"\n[ \t]*\n", head)
    if len(paragraphs) > 1:
        for p in paragraphs[:-1] if len(head) < len(text) else paragraphs:  # the last may be cut short
            p = p.strip()
            if p and "\n" not in p and _headline_like(p):
                return _clip(p)
    else:
        for line in head.split("\n")[:60]:
            if _headline_like(line.strip()):
                return _clip(line.strip())
    for line in head.split("\n", 20)[:20]:
        if line.strip():
            return _clip(line.strip())
    return fallback

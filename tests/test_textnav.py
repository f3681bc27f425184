"""Cursor motions over text: graphemes never split, words, sentences, paragraphs, trimming."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader import textnav

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl
FLAG = "\U0001f1fa\U0001f1f8"  # US
THUMB = "\U0001f44d\U0001f3fd"  # thumbs up, medium skin tone
E_ACUTE = "e\u0301"  # e + combining acute
HEART = "\u2764\ufe0f"


def walk(text: str) -> list[str]:
    out, i = [], 0
    while i < len(text):
        j = textnav.next_grapheme(text, i)
        assert j > i
        out.append(text[i:j])
        i = j
    return out


def walk_back(text: str) -> list[str]:
    out, i = [], len(text)
    while i > 0:
        j = textnav.prev_grapheme(text, i)
        assert j < i
        out.append(text[j:i])
        i = j
    return out[::-1]


def test_clusters_are_never_split() -> None:
    text = f"a{FAMILY}b{FLAG}{FLAG}c{THUMB}{E_ACUTE}漢字{HEART}\n"
    expected = ["a", FAMILY, "b", FLAG, FLAG, "c", THUMB, E_ACUTE, "漢", "字", HEART, "\n"]
    assert walk(text) == expected
    assert walk_back(text) == expected


def test_grapheme_start_snaps_inside_a_cluster() -> None:
    text = f"x{FAMILY}y"
    for i in range(1, 1 + len(FAMILY)):
        assert textnav.grapheme_start(text, i) == 1
    assert textnav.grapheme_start(text, 1 + len(FAMILY)) == 1 + len(FAMILY)
    assert textnav.grapheme_start(text, 99) == len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", " ", "\n", "é", E_ACUTE, FAMILY, FLAG, THUMB, "漢", HEART, "\u0301", "\u200d", ".",
                         "’", "\u0600", "\u0e33", "\u0915\u094d"]),  # quote; Prepend; SpacingMark; virama
        max_size=40,
    )
)
def test_boundaries_match_unicode_clusters(parts: list[str]) -> None:
    text = "".join(parts)
    clusters = regex.findall(r"\X", text)
    assert walk(text) == clusters
    assert walk_back(text) == clusters


def test_the_characters_joined_to_a_following_ascii_one_are_the_ones_regex_joins() -> None:
    """textnav decides clusters before an ASCII character without `regex`: its list must be `regex`'s."""
    cluster = regex.compile(r"\X", regex.DOTALL)
    joined = {chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF and cluster.match(chr(cp) + "a").end() != 1}
    assert joined == textnav._PREPEND


def words_from(text: str, i: int = 0) -> list[int]:
    out = []
    while i < len(text):
        i = textnav.next_word(text, i)
        out.append(i)
    return out


def test_next_and_previous_word_like_vim() -> None:
    text = "The minister's plan, he said."
    stops = words_from(text)
    assert [text[i : i + 3] for i in stops] == ["min", "'s ", "s p", "pla", ", h", "he ", "sai", ".", ""]
    back = []
    i = len(text)
    while i > 0:
        i = textnav.prev_word(text, i)
        back.append(i)
    assert back == [0, *stops[:-1]][::-1]


def test_word_motion_keeps_emoji_sequences_whole() -> None:
    text = f"go {FAMILY} {HEART} now"
    stops = words_from(text)
    assert [text[i:] for i in stops][:3] == [f"{FAMILY} {HEART} now", f"{HEART} now", "now"]


def test_sentences_skip_abbreviations_and_initials() -> None:
    text = 'Mr. Smith met J. Doe in the U.S. today. "It went well," he said! Then 3 more came.\nNew para.'
    starts = [0]
    while True:
        nxt = textnav.next_sentence(text, starts[-1])
        if nxt >= len(text):
            break
        starts.append(nxt)
    assert [text[s : s + 6] for s in starts] == ["Mr. Sm", '"It we', "Then 3", "New pa"]
    back = [len(text)]
    while back[-1] > 0:
        back.append(textnav.prev_sentence(text, back[-1]))
    assert back[1:] == starts[::-1]


def test_sentence_at_trims_and_covers_cursor() -> None:
    text = "First one here. Second one?  Third.\n"
    s, e = textnav.sentence_at(text, text.index("one?"))
    assert text[s:e] == "Second one?"
    s, e = textnav.sentence_at(text, 0)
    assert text[s:e] == "First one here."
    s, e = textnav.sentence_at(text, len(text) - 1)
    assert text[s:e] == "Third."


def test_paragraph_motions() -> None:
    text = "one\n\ntwo two\nthree\n\n\nfour"
    assert textnav.next_paragraph(text, 0) == text.index("two")
    assert textnav.next_paragraph(text, text.index("two")) == text.index("three")
    assert textnav.next_paragraph(text, text.index("three")) == text.index("four")
    assert textnav.next_paragraph(text, text.index("four")) == len(text)
    assert textnav.prev_paragraph(text, len(text)) == text.index("four")
    assert textnav.prev_paragraph(text, text.index("four")) == text.index("three")
    assert textnav.prev_paragraph(text, text.index("three") + 2) == text.index("three")
    assert textnav.prev_paragraph(text, text.index("two")) == 0
    assert textnav.prev_paragraph(text, 0) == 0


def test_trimmed() -> None:
    text = "  three words here \n"
    assert textnav.trimmed(text, 0, len(text)) == (2, 18)
    assert textnav.trimmed(text, 0, 2) is None
    assert textnav.trimmed(text, 2, 7) == (2, 7)


def test_motions_cost_what_they_move_not_the_text() -> None:
    # A motion near the end of a long text must look only near the cursor: the same answers as on a short one.
    tail = "Last sentence here. Final words end."
    text = "x" * 2_000_000 + " " + tail
    base = len(text) - len(tail)
    assert textnav.prev_sentence(text, len(text) - 1) == base + tail.index("Final")
    assert textnav.prev_word(text, len(text) - 1) == base + tail.index("end")
    assert textnav.grapheme_start(text, len(text) - 1) == len(text) - 1


def test_word_at() -> None:
    text = f"The minister's {FAMILY} plan."
    assert textnav.word_at(text, 6) == (4, 12)
    i = text.index(FAMILY)
    assert textnav.word_at(text, i) == (i, i + len(FAMILY))
    assert textnav.word_at(text, 3) == (3, 3)  # white space
    assert textnav.word_at(text, len(text) - 1) == (len(text) - 1, len(text))


def test_literal_search_is_case_insensitive_literal_and_wraps_around() -> None:
    text = "Growth (3%) then growth. GROWTH again."
    s = textnav.LiteralSearch("growth")
    starts = [0, text.index("growth"), text.index("GROWTH")]
    assert s.next_from(text, 0) == (starts[1], starts[1] + 6)
    assert s.next_from(text, starts[1]) == (starts[2], starts[2] + 6)
    assert s.next_from(text, starts[2]) == (0, 6)  # wraps to the top
    assert s.next_from(text, 0, forward=False) == (starts[2], starts[2] + 6)  # wraps to the bottom
    assert s.next_from(text, starts[2], forward=False) == (starts[1], starts[1] + 6)
    assert textnav.LiteralSearch("(3%)").next_from(text, 0) == (7, 11)  # regex characters are literal
    assert textnav.LiteralSearch("decline").next_from(text, 5) is None
    # the matches overlapping a window (one row), including one that starts before it
    assert s.matches_in(text, 3, starts[1] + 2) == [(0, 6), (starts[1], starts[1] + 6)]
    assert s.matches_in(text, 7, 11) == []


def test_cluster_range_orders_clamps_and_never_splits_a_cluster() -> None:
    text = f"a{FAMILY}b{E_ACUTE}c"
    fam_end = 1 + len(FAMILY)
    assert textnav.cluster_range(text, 3, 0) == (0, fam_end)  # reversed, end inside the family: widened
    assert textnav.cluster_range(text, 2, fam_end) == (1, fam_end)  # start inside: back to its start
    assert textnav.cluster_range(text, -5, 999) == (0, len(text))
    e = text.index(E_ACUTE)
    assert textnav.cluster_range(text, e, e + 1) == (e, e + 2)
    assert textnav.last_grapheme(text) == len(text) - 1
    assert textnav.last_grapheme(f"x{FLAG}") == 1 and textnav.last_grapheme("") == 0


# -- WORD motions, f / t, text objects, smartcase search ------------------------------------------------

QUOTED = ('Officials said, "We will win." Then: “Not so,” she said ‘quietly’ and it\'s the players’ turn '
          "(a [b] c).\n\n“Para one\n\n“Para two.” Out.")  # fmt: skip


def obj(text: str, at: str, kind: str, *, around: bool, nth: int = 0) -> str | None:
    i = -1
    for _ in range(nth + 1):
        i = text.index(at, i + 1)
    rng = textnav.text_object(text, i, kind, around=around)
    return text[rng[0] : rng[1]] if rng else None


def test_quote_objects_straight_and_curly_a_with_marks_i_without() -> None:
    assert obj(QUOTED, "will", '"', around=True) == '"We will win."'
    assert obj(QUOTED, "will", '"', around=False) == "We will win."
    assert obj(QUOTED, '"We', '"', around=True) == '"We will win."'  # on the opening mark
    assert obj(QUOTED, '." Then', '"', around=True) == '"We will win."'  # on the period before the closing one
    assert obj(QUOTED, "so,", '"', around=True) == "“Not so,”"
    assert obj(QUOTED, "” she", '"', around=False) == "Not so,"  # on the closing mark
    assert obj(QUOTED, "Then", '"', around=True) is None  # between two quotations: in none


def test_single_quote_objects_never_take_an_apostrophe_for_a_mark() -> None:
    assert obj(QUOTED, "quietly", "'", around=True) == "‘quietly’"
    assert obj(QUOTED, "quietly", "'", around=False) == "quietly"
    assert obj(QUOTED, "s the", "'", around=True) is None  # it's: an apostrophe inside a word
    assert obj(QUOTED, "turn", "'", around=True) is None  # players’: closes nothing that opened
    assert obj("He said 'no' twice, 'yes' once.", "no", "'", around=True) == "'no'"
    assert obj("She said ‘I don’t know’ and left", "know", "'", around=True) == "‘I don’t know’"
    assert obj("She said ‘I don’t know’ and left", "I don", "'", around=False) == "I don’t know"


def test_quote_objects_cross_line_breaks_and_paragraphs_of_one_quotation() -> None:
    assert obj('He said "one\ntwo" then', "one", '"', around=True) == '"one\ntwo"'
    # a quotation over two paragraphs: the first has no closing mark, the next opens again (newspaper style)
    assert obj(QUOTED, "Para one", '"', around=True) == "“Para one\n\n“Para two.”"
    assert obj(QUOTED, "Out", '"', around=True) is None


def test_seed_003_quote_closed_before_a_non_breaking_space() -> None:
    text = 'the risk to citizens,"\u00a0a senior official said. "Next," he said'
    assert obj(text, "Next", '"', around=True) == '"Next,"'
    assert obj('"A risk to citizens,"\u00a0a senior', "risk", '"', around=True) == '"A risk to citizens,"'


def test_mixed_straight_opening_and_curly_closing_marks_pair() -> None:  # gold seed 004 has one
    text = 'said: "The previous Administration allowed it,” the official'
    assert obj(text, "previous", '"', around=True) == '"The previous Administration allowed it,”'


def test_bracket_objects_nest() -> None:
    assert obj(QUOTED, "b]", "[", around=True) == "[b]"
    assert obj(QUOTED, "b]", "(", around=True) == "(a [b] c)"
    assert obj(QUOTED, "b]", "b", around=False) == "a [b] c"
    assert obj(QUOTED, "(a", ")", around=False) == "a [b] c"  # on the opening bracket
    assert obj(QUOTED, "c)", "(", around=True) == "(a [b] c)"
    assert obj(QUOTED, "Officials", "(", around=True) is None


def test_word_WORD_sentence_paragraph_objects() -> None:  # noqa: N802
    text = "The U.S. officials said yes.  Then more.\nNext line here.\n\nLast."
    assert obj(text, "S.", "w", around=False) == "S"
    assert obj(text, "S.", "W", around=False) == "U.S."
    assert obj(text, "S.", "W", around=True) == "U.S. "
    assert obj(text, "said", "w", around=True) == "said "
    assert obj(text, "officials", "s", around=False) == "The U.S. officials said yes."
    assert obj(text, "officials", "s", around=True) == "The U.S. officials said yes.  "
    assert obj(text, "more", "s", around=True) == "  Then more."  # no blanks after: the ones before (vim)
    assert obj(text, "line", "p", around=False) == "Next line here."
    assert obj(text, "line", "p", around=True) == "Next line here.\n\n"
    assert obj(text, "Last", "p", around=True) == "\n\nLast."


ATOMS = ["a", "b", " ", "\n", "\u00a0", ".", ",", '"', "“", "”", "'", "‘", "’", "(", ")", "[", "]", "U.S.", "it's",
         E_ACUTE, FAMILY, FLAG, THUMB, "Mr.", "漢"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=40), st.integers(0, 200),
       st.sampled_from(list('"\'swWp([b{')), st.booleans())  # fmt: skip
def test_text_objects_contain_the_cursor_and_never_split_a_cluster(parts, at, kind, around) -> None:
    text = "".join(parts)
    bounds = {0, len(text)} | {m.end() for m in regex.finditer(r"\X", text)}
    i = textnav.grapheme_start(text, min(at, len(text) - 1))
    rng = textnav.text_object(text, i, kind, around=around)
    if rng is None:
        return
    start, end = rng
    assert 0 <= start < end <= len(text)
    assert start in bounds and end in bounds
    if around or kind not in "\"'([{b":
        assert start <= i < end, (text, i, kind, around, rng)
    else:  # inside a pair: within the pair with its marks, which holds the cursor
        outer = textnav.text_object(text, i, kind, around=True)
        assert outer is not None and outer[0] < start <= end < outer[1] and outer[0] <= i < outer[1]
    if kind in "\"'" and around:
        marks = textnav.DOUBLE_MARKS if kind == '"' else textnav.SINGLE_MARKS
        assert text[start] in marks and text[end - 1] in marks


def test_WORD_motions_jump_white_space_apart_words() -> None:  # noqa: N802
    text = "two U.S. officials, said"
    assert textnav.next_word(text, 4) == 5  # w: U . S . are four words
    assert textnav.next_WORD(text, 4) == 9
    assert textnav.next_WORD(text, 9) == 20
    assert textnav.next_WORD(text, 20) == len(text)
    assert textnav.prev_WORD(text, 20) == 9
    assert textnav.prev_WORD(text, 12) == 9
    assert textnav.prev_WORD(text, 9) == 4
    assert textnav.prev_WORD(text, 0) == 0
    assert textnav.next_WORD(f"a {FAMILY}\u0301 b", 0) == 2


def test_find_char_f_t_on_the_line_with_curly_and_space_equivalents() -> None:
    text = 'He said “no” and "yes" then.\nNext "line'
    assert textnav.find_char(text, 0, '"') == text.index("“")  # a straight quote finds a curly one
    assert textnav.find_char(text, 0, '"', till=True) == text.index("“") - 1
    assert textnav.find_char(text, text.index("“"), '"') == text.index("”")
    assert textnav.find_char(text, text.index("then"), '"') is None  # vim's f stays on the line
    assert textnav.find_char(text, text.index("then"), "y", forward=False) == text.index("yes")
    assert textnav.find_char(text, text.index("then"), "y", forward=False, till=True) == text.index("yes") + 1
    # t repeated (;) does not stick before the same character
    at = textnav.find_char(text, 0, "n", till=True)
    assert at == text.index("no") - 1
    assert textnav.find_char(text, at, "n", till=True, repeat=True) == text.index("nd") - 1
    assert textnav.find_char("a\u00a0b", 0, " ") == 1


def test_search_smartcase_and_equivalents_keep_the_texts_offsets() -> None:
    text = 'The Senate said. the senate, citizens,"\u00a0a senior “quote” here'
    low = textnav.LiteralSearch("senate")
    assert [m[0] for m in low.matches_in(text, 0, len(text))] == [4, 21]
    cap = textnav.LiteralSearch("Senate")
    assert [m[0] for m in cap.matches_in(text, 0, len(text))] == [4]
    nb = textnav.LiteralSearch('," a senior')
    hit = nb.find(text, 0, len(text))
    assert hit is not None and text[hit[0] : hit[1]] == ',"\u00a0a senior'
    q = textnav.LiteralSearch('"quote"')
    hit = q.find(text, 0, len(text))
    assert hit is not None and text[hit[0] : hit[1]] == "“quote”"
    assert textnav.LiteralSearch(" a senior").lead == 1 and textnav.LiteralSearch("  ").lead == 0


def test_search_count_is_capped_so_a_key_never_scans_a_huge_text() -> None:
    s = textnav.LiteralSearch("ab")
    text = "ab " * 10
    assert s.count(text, 6) == (3, 10, True)
    assert s.count(text, 7) == (None, 10, True)
    big = "ab " * 2000
    assert s.count(big, 3) == (2, textnav.LiteralSearch.COUNT_CAP, False)
    assert s.count(big, 3 * 1500)[0] is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=30), st.integers(0, 120),
       st.sampled_from(['"', "'", " ", "a", ".", "S"]), st.sampled_from("ftFT"))  # fmt: skip
def test_find_char_lands_by_the_character_on_the_line_and_WORD_moves_are_monotone(parts, at, ch, kind) -> None:  # noqa: N802
    text = "".join(parts)
    i = textnav.grapheme_start(text, min(at, len(text)))
    bounds = {0, len(text)} | {m.end() for m in regex.finditer(r"\X", text)}
    target = textnav.find_char(text, i, ch, forward=kind in "ft", till=kind in "tT")
    if target is not None:
        assert target in bounds
        on = target if kind in "fF" else (textnav.next_grapheme(text, target) if kind == "t" else
                                          textnav.prev_grapheme(text, target))  # fmt: skip
        assert text[on] in textnav.char_class(ch)
        lo, hi = sorted((i, on))
        assert "\n" not in text[lo:hi]  # on the cursor's line
        assert (on > i) if kind in "ft" else (on < i)
    nxt, prv = textnav.next_WORD(text, i), textnav.prev_WORD(text, i)
    assert nxt in bounds and prv in bounds
    assert nxt > i or i == len(text)
    assert prv < i or i == 0
    if nxt < len(text):
        assert text[nxt - 1].isspace() and not text[nxt].isspace()  # the first character of a WORD


def test_searching_ahead_while_a_query_is_typed_finds_what_a_search_at_enter_finds() -> None:
    """textnav.SearchAhead starts each longer query where the shorter one matched (or skips where it found
    nothing): for every prefix typed, from every cursor, its result is exactly LiteralSearch's."""
    import random

    rng = random.Random(7)
    words = ["zoë", "Zoë", "zo", "ZOË", "zone", "a b", "a\u00a0b", "“q”", '"q"', "x", "zoë zoë"]
    for _ in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        pos = rng.randrange(len(text) + 1)
        query = rng.choice(["zoë", "Zoë", "zone", "a b", '"q', "zoë z", "zx", "ZO"])
        ahead = textnav.SearchAhead()
        ahead.MIN_CHARS = 0  # type: ignore[misc]
        for k in range(1, len(query) + 1):
            ahead.start(text, query[:k], pos)
            if rng.random() < 0.5:  # sometimes enter comes before the next key: each prefix checked
                assert ahead.take(text, query[:k], pos) == (True, textnav.LiteralSearch(query[:k]).next_from(text, pos)), (
                    text, pos, query[:k])  # fmt: skip
                ahead.start(text, query[:k], pos)
        assert ahead.take(text, query, pos) == (True, textnav.LiteralSearch(query).next_from(text, pos)), (text, pos, query)
        ahead.close()


def test_find_char_on_an_empty_line_stays_on_it() -> None:
    """The cursor on an empty line (on its line break): `f"` finds nothing there, and never jumps to the next
    line's quote (Hypothesis found `\\n"`, cursor 0, landing on the quote)."""
    assert textnav.find_char('\n"', 0, '"') is None
    assert textnav.find_char('\n"', 0, '"', till=True) is None
    assert textnav.find_char('a"\nb"', 0, '"') == 1  # on the cursor's line it still finds it

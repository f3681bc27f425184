"""Agreement metrics against values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.agreement import (
    agreement,
    cohen_kappa,
    compare_pair,
    exact_matches,
    format_report,
    krippendorff_alpha,
    overlap_matches,
    segments,
)


@dataclass
class S:
    start: int
    end: int
    label: str
    doc_id: str = "d"


L10 = {"d": 10}


def pair(a, b, lengths=L10, labels=None):
    return compare_pair("a", "b", a, b, lengths, lengths, labels)


def test_identical_annotations_agree_perfectly():
    a = [S(0, 4, "claim"), S(6, 9, "quote")]
    p = pair(a, list(a))
    # exact: TP 2, F1 = 2*2/(2+2) = 1; characters: claim 4, O 3 (4,5,9), quote 3 -> p_o = 1,
    # p_e = .4^2 + .3^2 + .3^2 = .34, kappa = (1 - .34)/(1 - .34) = 1
    assert (p.overall.exact_f1, p.overall.overlap_f1, p.overall.kappa) == (1.0, 1.0, 1.0)
    assert (p.overall.n_a, p.overall.n_b, p.documents) == (2, 2, 1)
    assert set(p.per_label) == {"claim", "quote"}


def test_disjoint_annotations_score_zero_f1_and_negative_kappa():
    p = pair([S(0, 2, "claim")], [S(5, 7, "claim")])
    # no match: F1 = 0. characters: (claim,O) 2, (O,claim) 2, (O,O) 6 -> p_o = .6;
    # marginals claim .2 / O .8 on both sides -> p_e = .04 + .64 = .68; kappa = (.6 - .68)/.32 = -.25
    assert p.overall.exact_f1 == 0.0
    assert p.overall.overlap_f1 == 0.0
    assert p.overall.kappa == pytest.approx(-0.25)


def test_partial_overlap():
    a = [S(0, 4, "claim"), S(6, 8, "quote")]
    b = [S(2, 6, "claim"), S(6, 8, "quote")]
    p = pair(a, b)
    # exact: only the quote matches: F1 = 2*1/(2+2) = .5; overlap: claim 0-4 ~ 2-6 share 2 chars: F1 = 1
    assert p.overall.exact_f1 == 0.5
    assert p.overall.overlap_f1 == 1.0
    # chars A: C C C C O O Q Q O O ; B: O O C C C C Q Q O O -> agree at 2,3,6,7,8,9: p_o = .6
    # marginals both: C .4, O .4, Q .2 -> p_e = .16 + .16 + .04 = .36; kappa = .24/.64 = .375
    assert p.overall.kappa == pytest.approx(0.375)
    claim = p.per_label["claim"]
    # claim only, binary: agree at 2,3 (C,C) and 6-9 (O,O): p_o = .6; marginals C .4 / O .6 both sides
    # p_e = .16 + .36 = .52; kappa = .08/.48 = 1/6
    assert (claim.exact_f1, claim.overlap_f1) == (0.0, 1.0)
    assert claim.kappa == pytest.approx(1 / 6)
    quote = p.per_label["quote"]
    # quote at 6,7 both sides: p_o = 1, p_e = .2^2 + .8^2 = .68 -> kappa 1
    assert (quote.exact_f1, quote.overlap_f1, quote.kappa) == (1.0, 1.0, 1.0)


def test_one_side_empty_gives_zero_and_both_empty_undefined():
    p = pair([S(0, 4, "claim")], [])
    # F1 = 2*0/(1+0) = 0. chars: (C,O) 4, (O,O) 6 -> p_o = .6; p_e = .6*1 + .4*0 = .6 -> kappa 0/.4 = 0
    assert (p.overall.exact_f1, p.overall.overlap_f1) == (0.0, 0.0)
    assert p.overall.kappa == pytest.approx(0.0)
    assert (p.overall.n_a, p.overall.n_b) == (1, 0)
    none = pair([], [])
    # nothing marked: F1 has no denominator; every character is O on both sides, p_e = 1: kappa undefined
    assert (none.overall.exact_f1, none.overall.overlap_f1, none.overall.kappa) == (None, None, None)


def test_overlap_matching_is_one_to_one_and_prefers_the_longest_overlap():
    # A's one span overlaps both of B's; it may match only one: TP 1, F1 = 2*1/(1+2) = 2/3
    tp, na, nb = overlap_matches([S(0, 10, "claim")], [S(0, 3, "claim"), S(5, 10, "claim")])
    assert (tp, na, nb) == (1, 1, 2)
    # different labels never match, however much they overlap
    assert overlap_matches([S(0, 10, "claim")], [S(0, 10, "quote")])[0] == 0
    # greedy by overlap: a1 (0,6) overlaps b1 (4,8) by 2 and b2 (0,3) by 3; a2 (7,9) overlaps b1 by 1.
    # longest first: a1-b2 (3), then a2-b1 (1): TP 2 (pairing a1 with b1, B's first-listed span, would leave 1)
    a = [S(0, 6, "claim"), S(7, 9, "claim")]
    b = [S(4, 8, "claim"), S(0, 3, "claim")]
    assert overlap_matches(a, b)[0] == 2


def test_duplicates_count_once_and_documents_are_kept_apart():
    a = [S(0, 4, "claim"), S(0, 4, "claim"), S(0, 4, "claim", doc_id="e")]
    b = [S(0, 4, "claim", doc_id="e")]
    assert exact_matches(a, b) == (1, 2, 1)


def test_overlapping_spans_of_one_annotator_get_a_combined_character_label():
    a = [S(0, 4, "claim"), S(2, 6, "quote")]
    assert segments(a, 10) == [(0, 2, "claim"), (2, 4, "claim+quote"), (4, 6, "quote"), (6, 10, "O")]
    p = pair(a, [S(0, 6, "claim")])
    # A: claim 0,1; claim+quote 2,3; quote 4,5; O 6-9.  B: claim 0-5, O 6-9.  agree at 0,1,6-9: p_o = .6
    # marginals A: claim .2, c+q .2, quote .2, O .4; B: claim .6, O .4 -> p_e = .2*.6 + .4*.4 = .28
    # kappa = (.6 - .28)/.72 = 4/9
    assert p.overall.kappa == pytest.approx(4 / 9)


def test_kappa_pools_characters_over_documents():
    lengths = {"d": 4, "e": 4}
    a = [S(0, 4, "claim", "d")]
    b = [S(0, 4, "claim", "d"), S(0, 2, "claim", "e")]
    p = compare_pair("a", "b", a, b, ["d", "e"], lengths)
    # 8 characters: d all (C,C) = 4; e: (O,C) 2, (O,O) 2 -> p_o = 6/8 = .75
    # A: C 4, O 4 -> .5/.5; B: C 6, O 2 -> .75/.25; p_e = .5*.75 + .5*.25 = .5; kappa = .25/.5 = .5
    assert p.overall.kappa == pytest.approx(0.5)
    # exact: TP 1, F1 = 2/(1+2)
    assert p.overall.exact_f1 == pytest.approx(2 / 3)


def test_spans_outside_the_shared_documents_are_ignored():
    lengths = {"d": 10, "e": 10}
    a = [S(0, 4, "claim", "d"), S(0, 4, "claim", "e")]
    b = [S(0, 4, "claim", "d")]
    p = compare_pair("a", "b", a, b, ["d"], lengths)  # b never touched e
    assert (p.overall.exact_f1, p.overall.n_a, p.overall.n_b, p.documents) == (1.0, 1, 1, 1)


def test_cohen_kappa_undefined_without_items():
    assert cohen_kappa({}) is None
    assert cohen_kappa({("O", "O"): 5}) is None


def test_krippendorff_alpha_three_annotators_by_hand():
    spans = {
        "a": [S(0, 2, "claim")],  # C C O O
        "b": [S(0, 2, "claim")],  # C C O O
        "c": [S(0, 3, "claim")],  # C C C O
    }
    touched = {n: {"d"} for n in spans}
    rep = agreement(spans, touched, {"d": 4})
    # units (m = 3 each): {C,C,C}, {C,C,C}, {O,O,C}, {O,O,O}
    # o[C,C] = 3*2/2 + 3*2/2 = 6; unit 3: o[O,O] += 2*1/2 = 1, o[O,C] = o[C,O] = 2*1/2 = 1; unit 4: o[O,O] += 3
    # n_C = 6 + 1 = 7, n_O = 4 + 1 = 5, n = 12; D_o = 2/12; D_e = 2*7*5/(12*11) = 70/132
    # alpha = 1 - (2/12)/(70/132) = 1 - 11/35 = 24/35
    assert rep.alpha == pytest.approx(24 / 35)
    assert rep.alpha_documents == 1
    assert len(rep.pairs) == 3
    assert "alpha" in format_report(rep)


def test_krippendorff_alpha_matches_the_published_reliability_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 coders x 12 units with missing
    # values; the paper gives nominal alpha = 0.743 (unit 12 has one value and is not pairable).
    data = [
        [1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
        [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, 3, None, None],
    ]
    units = [(1, [str(v) for v in row if v is not None]) for row in data]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


def test_alpha_leaves_out_documents_only_one_annotator_touched_and_needs_three_annotators():
    spans = {"a": [S(0, 2, "claim")], "b": [S(0, 2, "claim")], "c": [S(0, 2, "quote", "e")]}
    touched = {"a": {"d"}, "b": {"d"}, "c": {"e"}}
    rep = agreement(spans, touched, {"d": 4, "e": 4})
    # only d is shared (by a and b, who agree on every character): D_o = 0 -> alpha = 1
    assert rep.alpha == pytest.approx(1.0)
    assert rep.alpha_documents == 1
    # the pairs with c share no document: nothing to compare
    ac = next(p for p in rep.pairs if (p.a, p.b) == ("a", "c"))
    assert (ac.documents, ac.overall.exact_f1, ac.overall.kappa) == (0, None, None)
    two = agreement({"a": spans["a"], "b": spans["b"]}, touched, {"d": 4, "e": 4})
    assert two.alpha is None


def test_label_filter_restricts_every_score():
    a = [S(0, 4, "claim"), S(6, 8, "quote")]
    b = [S(0, 4, "claim"), S(6, 8, "statistic")]
    rep = agreement({"a": a, "b": b}, {"a": {"d"}, "b": {"d"}}, L10, labels=["claim"])
    p = rep.pairs[0]
    assert (p.overall.exact_f1, p.overall.kappa, p.overall.n_a, p.overall.n_b) == (1.0, 1.0, 1, 1)
    assert list(p.per_label) == ["claim"]
    d = rep.to_dict()
    assert set(d["pairs"][0]) >= {"a", "b", "exact_f1", "overlap_f1", "kappa", "n_a", "n_b", "per_label"}


def test_segments_clip_to_the_document_and_cover_it_exactly():
    segs = segments([S(8, 15, "claim")], 10)
    assert segs == [(0, 8, "O"), (8, 10, "claim")]
    assert segments([], 0) == []


def _greedy_by_definition(a, b):
    """The matching rule written out plainly: every same-label overlapping pair, longest overlap first."""
    ka = sorted({(s.doc_id, s.start, s.end, s.label) for s in a})
    kb = sorted({(s.doc_id, s.start, s.end, s.label) for s in b})
    pairs = [(min(x[2], y[2]) - max(x[1], y[1]), x, y) for x in ka for y in kb if x[0] == y[0] and x[3] == y[3]]
    pairs = sorted((p for p in pairs if p[0] > 0), key=lambda p: (-p[0], p[1], p[2]))
    used_a, used_b = set(), set()
    for _ov, x, y in pairs:
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
    return len(used_a)


span_st = st.builds(lambda s, n, lb, d: S(s, s + n, lb, d), st.integers(0, 60), st.integers(1, 30),
                    st.sampled_from(["claim", "quote"]), st.sampled_from(["d", "e"]))  # fmt: skip


@given(st.lists(span_st, max_size=12), st.lists(span_st, max_size=12))
@settings(max_examples=300, deadline=None)
def test_overlap_matching_equals_its_definition(a, b):
    # the implementation only visits spans that can overlap (sorted starts, running max of ends)
    assert overlap_matches(a, b)[0] == _greedy_by_definition(a, b)


def test_touching_and_nested_spans_of_one_label_make_one_run():
    spans = [S(0, 2, "claim"), S(2, 4, "claim"), S(1, 3, "claim"), S(6, 8, "quote")]
    assert segments(spans, 9) == [(0, 4, "claim"), (4, 6, "O"), (6, 8, "quote"), (8, 9, "O")]
    assert segments(spans, 9, "quote") == [(0, 6, "O"), (6, 8, "quote"), (8, 9, "O")]

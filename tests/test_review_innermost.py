"""The innermost span: the one a reader means where spans nest or overlap (core rule, no Textual)."""

from __future__ import annotations

import random

from tui_reader.models import Span
from tui_reader.review import innermost, innermost_first


def sp(start: int, end: int, label: str = "claim", annotator: str = "") -> Span:
    return Span("doc", start, end, label, "x" * (end - start), annotator=annotator)


def test_innermost_is_the_shortest_then_the_first_then_by_label_whatever_the_order() -> None:
    outer, inner, same_len_later, same_quote = sp(0, 20), sp(5, 9, "quote"), sp(6, 10), sp(5, 9, "claim")
    spans = [outer, inner, same_len_later, same_quote]
    for seed in range(5):
        random.Random(seed).shuffle(spans)
        assert innermost(spans) is same_quote  # 4 long, starts at 5, "claim" < "quote"
        assert innermost_first(spans) == [same_quote, inner, same_len_later, outer]
    assert innermost([]) is None and innermost_first([]) == []
    assert innermost(iter([outer])) is outer


def test_innermost_first_keeps_the_given_order_among_equals() -> None:
    a, b = sp(1, 3, annotator="bob"), sp(1, 3, annotator="alice")
    assert innermost_first([a, b]) == [a, b] and innermost_first([b, a]) == [b, a]

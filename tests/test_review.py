"""The review rules (tui_reader.review) the app and the CLI share: whose spans are shown, the innermost span,
accepting many suggestions and undoing a group of changes, each all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader import review
from tui_reader.learn import format_suggestion_decisions, suggestion_decisions
from tui_reader.models import Document
from tui_reader.store import AnnotationStore, StoreError

TEXT = "The minister said 40% of schools will close. A source who asked not to be named disagreed.\n"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with AnnotationStore(tmp_path / "r.db") as s:
        s.add_document(Document(id="art", text=TEXT, source="art.txt"))
        yield s


def test_a_pane_shows_own_unattributed_and_suggested_spans_never_rejected_or_others(store) -> None:
    mine = store.add_span("art", 0, 12, "claim", annotator="me")
    unattributed = store.add_span("art", 18, 21, "statistic")
    theirs = store.add_span("art", 45, 53, "anonymous source", annotator="bob")
    suggested = store.add_span("art", 4, 12, "quote", annotator="bot", status="suggested")
    rejected = store.add_span("art", 22, 43, "claim", annotator="me", status="rejected")
    shown = {s.id for s in review.visible_spans(store, "art", "me")}
    assert shown == {mine.id, unattributed.id, suggested.id}
    assert rejected.id not in shown and theirs.id not in shown
    assert review.is_theirs(theirs, "me") and not review.is_theirs(unattributed, "me")
    assert review.their_span_at(store, "art", 47, "me") == theirs
    assert review.their_span_at(store, "art", 5, "me") is None


def test_innermost_is_the_shortest_then_earliest_then_by_label(store) -> None:
    outer = store.add_span("art", 0, 44, "claim", annotator="me")
    inner = store.add_span("art", 18, 21, "statistic", annotator="me")
    same_b = store.add_span("art", 18, 21, "quote", annotator="me")
    assert review.innermost([outer, inner, same_b]) == same_b  # same length and start: label order
    assert review.innermost([outer, inner]) == inner
    assert review.innermost([]) is None


def test_accepting_many_is_one_transaction(store, monkeypatch) -> None:
    a = store.add_span("art", 0, 12, "claim", status="suggested")
    b = store.add_span("art", 18, 21, "statistic", status="suggested")
    assert review.set_status_many(store, [a, b], "accepted", "me") == 2
    assert {s.status for s in store.spans("art")} == {"accepted"}
    c = store.add_span("art", 45, 53, "anonymous source", status="suggested")
    d = store.add_span("art", 58, 63, "quote", status="suggested")
    real = store.update_span

    def fail_on_d(span_id, **kw):  # type: ignore[no-untyped-def]
        if span_id == d.id:
            raise StoreError("refused")
        return real(span_id, **kw)

    monkeypatch.setattr(store, "update_span", fail_on_d)
    with pytest.raises(StoreError):
        review.set_status_many(store, [c, d], "rejected", "me")
    assert store.get_span(c.id).status == "suggested"  # c's change went back with d's failure


def test_undo_group_undoes_n_changes_at_once(store) -> None:
    for start, end in ((0, 12), (18, 21), (45, 53)):
        store.add_span("art", start, end, "claim", annotator="me")
    events = review.undo_group(store, "me", 2)
    assert len(events) == 2
    assert [(s.start, s.end) for s in store.spans("art")] == [(0, 12)]
    assert review.undo_group(store, "me", 5) and store.spans("art") == []
    assert review.undo_group(store, "me", 1) == []  # nothing left to undo


def test_summary_counts_accepted_spans_and_the_annotators_progress(store) -> None:
    store.add_span("art", 0, 12, "claim", annotator="me")
    store.add_span("art", 18, 21, "statistic", status="suggested")
    store.set_progress("art", "me", "done")
    s = review.summary(store, "art", "me")
    assert s is not None and (s.spans, s.status) == (1, "done")
    assert s == next(x for x in store.document_summaries("me") if x.id == "art")
    assert review.summary(store, "nope", "me") is None


def _spans(store) -> list[tuple[int, int, str, str, str]]:  # type: ignore[no-untyped-def]
    return [(s.start, s.end, s.label, s.status, s.annotator) for s in store.spans("art")]


def test_tagging_over_a_suggestion_of_that_label_rejects_it_and_one_undo_brings_it_back(store) -> None:
    # "A source who asked not to be named" suggested; the annotator tags "A source" only
    store.add_span("art", 45, 79, "anonymous source", status="suggested", origin="rule:x")
    store.add_span("art", 45, 91, "claim", status="suggested", origin="rule:x")  # another label: left alone
    done = review.tag(store, "art", 45, 53, "anonymous source", "me")
    assert done.span is not None and done.span.text == "A source" and not done.reused
    assert [s.text for s in done.replaced] == ["A source who asked not to be named"]
    assert _spans(store) == [(45, 53, "anonymous source", "accepted", "me"),
                             (45, 79, "anonymous source", "rejected", "me"),
                             (45, 91, "claim", "suggested", "")]  # fmt: skip
    # how precise suggestions were: this one was on the right words, drawn wider than the annotator draws
    counts = suggestion_decisions(store, "me")
    assert counts["anonymous source"] == {"accepted": 0, "corrected": 1, "relabelled": 0, "rejected": 0,
                                          "pending": 0}
    assert format_suggestion_decisions(counts)[0] == ("anonymous source suggestions: 0 accepted, 1 corrected, 0 "
                                                      "rejected (0% precise; 100% on the right words)")  # fmt: skip
    store.undo_step("me")
    assert _spans(store) == [(45, 79, "anonymous source", "suggested", ""), (45, 91, "claim", "suggested", "")]
    assert suggestion_decisions(store, "me")["anonymous source"]["corrected"] == 0


def test_tagging_exactly_a_suggestion_accepts_it_and_tagging_it_again_changes_nothing(store) -> None:
    sug = store.add_span("art", 18, 21, "statistic", status="suggested", origin="rule:x")
    done = review.tag(store, "art", 18, 21, "statistic", "me")
    assert done.reused and done.span is not None and done.span.id == sug.id and not done.replaced
    assert _spans(store) == [(18, 21, "statistic", "accepted", "me")]  # the suggestion, not a copy of it
    assert review.tag(store, "art", 18, 21, "statistic", "me").span is None
    assert len(store.spans("art")) == 1
    # a span rejected before, tagged now: the annotator changed their mind, still one span
    rejected = store.add_span("art", 0, 12, "claim", annotator="me", status="rejected")
    assert review.tag(store, "art", 0, 12, "claim", "me").span.id == rejected.id  # type: ignore[union-attr]
    assert (0, 12, "claim", "accepted", "me") in _spans(store) and len(store.spans("art")) == 2


def test_another_annotators_span_on_those_words_is_not_touched(store) -> None:
    theirs = store.add_span("art", 18, 21, "statistic", annotator="bob")
    done = review.tag(store, "art", 18, 21, "statistic", "me")
    assert done.span is not None and done.span.id != theirs.id and not done.replaced
    assert sorted(_spans(store)) == [(18, 21, "statistic", "accepted", "bob"), (18, 21, "statistic", "accepted", "me")]


def test_a_relabelled_suggestion_is_not_suggested_again_under_its_old_label(store) -> None:
    """"40%" suggested as a claim, accepted as a statistic with its key: the next suggestion run does not bring
    the claim back; the learner sees a rejected claim there; how precise the claim suggestions were counts it as
    relabelled, not as an accepted statistic suggestion."""
    from tui_reader.learn import decisions

    sug = store.add_span("art", 18, 21, "claim", status="suggested", origin="rule:x")
    review.relabel(store, sug, "statistic", "me")
    assert store.get_span(sug.id).attrs == {"suggested_as": "claim"}  # type: ignore[union-attr]
    again = store.add_spans_if_new("art", [(18, 21, "claim", "rule:x", {}), (0, 12, "claim", "rule:x", {})])
    assert [(s.start, s.end) for s in again] == [(0, 12)]  # only the claim that was never decided
    dec = decisions(store, "me")
    assert dec.positive["art"] == [(18, 21, "statistic")] and dec.negative["art"] == [(18, 21, "claim")]
    counts = suggestion_decisions(store, "me")
    assert counts["claim"]["relabelled"] == 1 and "statistic" not in counts
    assert format_suggestion_decisions(counts)[0] == "claim suggestions: 0 accepted, 1 relabelled, 0 rejected (0% precise), 1 pending"
    store.undo_step("me")  # one step back: a claim suggestion again, with nothing of the relabel left
    assert (store.get_span(sug.id).label, store.get_span(sug.id).attrs) == ("claim", {})  # type: ignore[union-attr]

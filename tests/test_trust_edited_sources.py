"""Edited sources: a text file re-imported from the same path with other text updates its document in place;
spans move with their unchanged text through a diff of old and new, each move is an event, the rest (text
edited, even by a letter; copy ambiguous) are kept and flagged stale. More cases: test_reanchor_*.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trust_helpers import run_cli
from tui_reader.models import Span, sha256_text
from tui_reader.reanchor import reanchor
from tui_reader.store import AnnotationStore, StoreError

OLD = (
    "The minister said the budget would rise by 4%. Critics disagreed.\n"
    'An official, who asked not to be named, said the plan was "dead on arrival".\n'
    "The minister said nothing else.\n"
)
NEW = (
    "UPDATED. The minister said the budget would rise by 4%.\n"
    'An official, who asked not to be named, said the plan was "dead on arival".\n'
    "The minister said nothing else.\n"
)


def span_at(text: str, phrase: str, occurrence: int = 0, label: str = "claim") -> Span:
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(phrase, i + 1)
    return Span(doc_id="d", start=i, end=i + len(phrase), label=label, text=phrase)


def test_reanchor_moves_unchanged_text_and_flags_edited_text() -> None:
    spans = [
        span_at(OLD, "The minister said", 0),  # occurs twice; its own copy lost its left context: right decides
        span_at(OLD, "The minister said", 1),
        span_at(OLD, "Critics disagreed."),  # deleted
        span_at(OLD, '"dead on arrival"'),  # one letter deleted inside it: stale, never a shortened or fuzzy match
        span_at(OLD, "nothing else"),  # in the unchanged tail
    ]
    got = {p.span_id: p for p in reanchor(OLD, NEW, spans)}
    first, second, deleted, quote, tail = (got[s.id] for s in spans)
    assert (first.how, first.start) == ("shifted", NEW.index("The minister said"))
    assert (second.how, second.start) == ("shifted", NEW.rindex("The minister said"))
    assert deleted.how == "stale" and "changed or removed" in deleted.reason
    assert 0 <= deleted.start < deleted.end <= len(NEW)
    assert quote.how == "stale" and "changed or removed" in quote.reason
    assert tail.how == "shifted" and NEW[tail.start : tail.end] == "nothing else"


def test_unchanged_head_keeps_offsets_and_repeated_words_without_context_are_not_guessed() -> None:
    old = "Alpha beta. " + "the cat. " * 3 + "End."
    new = "Alpha beta. " + "X the cat. Y the cat. Z the cat. " + "Fin."
    head = span_at(old, "Alpha")
    cat = Span(doc_id="d", start=old.index("cat", 30), end=old.index("cat", 30) + 3, label="claim", text="cat")
    end = span_at(old, "End.")
    got = reanchor(old, new, [head, cat, end])
    assert (got[0].how, got[0].start, got[0].end) == ("same", head.start, head.end)
    # "cat" still occurs three times but none with the old surroundings: not guessed, flagged
    assert got[1].how == "stale"
    assert got[2].how == "stale"


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(st.sampled_from(["the", "minister", "said", "4%", "budget", "ünïcode", "😀", "e\u0301", "\n"]),
                   min_size=5, max_size=60),
    picks=st.lists(st.tuples(st.integers(0, 59), st.integers(1, 4)), min_size=1, max_size=5),
    edit=st.tuples(st.integers(0, 400), st.integers(0, 30), st.text(max_size=20)),
)  # fmt: skip
def test_reanchor_never_drops_a_span_and_placed_spans_match(words, picks, edit) -> None:
    old = " ".join(words)
    spans = []
    for i, n in picks:
        if i < len(words):
            start = len(" ".join(words[:i])) + (1 if i else 0)
            end = len(" ".join(words[: min(len(words), i + n)]))
            if start < end:
                spans.append(Span(doc_id="d", start=start, end=end, label="claim", text=old[start:end]))
    at, cut, insert = edit
    at = min(at, len(old))
    new = old[:at] + insert + old[at + cut :]
    if not new:
        return
    got = reanchor(old, new, spans)
    assert [p.span_id for p in got] == [s.id for s in spans]  # every span accounted for, in order
    for p, s in zip(got, spans, strict=True):
        assert 0 <= p.start < p.end <= len(new)
        if p.placed:  # never a fuzzy or shortened match: exactly the stored text
            assert new[p.start : p.end] == s.text
        if p.how == "same":
            assert (p.start, p.end) == (s.start, s.end)


@pytest.fixture
def edited(tmp_path: Path):
    src = tmp_path / "story.txt"
    src.write_text(OLD, encoding="utf-8")
    db = tmp_path / "a.db"
    assert run_cli("import", str(src), "--db", str(db)).exit_code == 0
    with AnnotationStore(db) as s:
        ids = {}
        for phrase, label in [("The minister said", "claim"), ("4%", "statistic"), ("Critics disagreed.", "claim"),
                              ('"dead on arrival"', "quote"), ("nothing else", "claim")]:  # fmt: skip
            i = OLD.index(phrase)
            ids[phrase] = s.add_span("story", i, i + len(phrase), label, annotator="ann", note=f"n:{phrase}").id
    src.write_text(NEW, encoding="utf-8")
    return src, db, ids


def test_reimport_updates_in_place_reanchors_and_reports_stale(edited) -> None:
    src, db, ids = edited
    r = run_cli("import", str(src), "--db", str(db))
    assert r.exit_code == 0
    assert "0 documents added, 0 unchanged, 1 updated (3 spans re-anchored, 2 stale)" in r.stderr
    warning, quote_warning = [ln for ln in r.stderr.splitlines() if "warning" in ln]
    assert warning.startswith(f"tui-reader: warning: {src}: document 'story' changed: claim span 'Critics disagreed.'")
    assert ids["Critics disagreed."] in warning and "kept and flagged stale" in warning
    assert ids['"dead on arrival"'] in quote_warning and "kept and flagged stale" in quote_warning
    with AnnotationStore(db) as s:
        assert s.document_ids() == ["story"]  # updated in place, not stored again under story_2
        doc = s.get_document("story")
        assert doc.text == NEW and doc.sha256 == sha256_text(NEW)
        spans = {sp.id: sp for sp in s.spans("story")}
        assert len(spans) == 5  # nothing dropped
        for phrase in ("The minister said", "4%", "nothing else"):
            sp = spans[ids[phrase]]
            assert NEW[sp.start : sp.end] == sp.text == phrase and not sp.stale
            assert sp.note == f"n:{phrase}" and sp.annotator == "ann"  # the annotation itself is untouched
        quote = spans[ids['"dead on arrival"']]  # a letter deleted inside it: kept as tagged, flagged
        assert quote.stale and quote.text == '"dead on arrival"' and quote.note == 'n:"dead on arrival"'
        stale = spans[ids["Critics disagreed."]]
        assert stale.stale and stale.text == "Critics disagreed."
        events = s.events()
        upd = [e for e in events if e.action == "document-update"]
        assert len(upd) == 1 and upd[0].before["text"] == OLD  # the old text is never lost
        assert upd[0].before["sha256"] == sha256_text(OLD) and upd[0].after["sha256"] == sha256_text(NEW)
        moved = {e.span_id for e in events if e.action == "reanchor"}
        assert moved == {ids[p] for p in ("The minister said", "4%", "nothing else")}
        flagged = [e.span_id for e in events if e.action == "stale"]
        assert sorted(flagged) == sorted([ids["Critics disagreed."], ids['"dead on arrival"']])
        exported = [sp for sp in s.spans("story") if not sp.stale]
        assert all(NEW[sp.start : sp.end] == sp.text for sp in exported)
    st = json.loads(run_cli("stats", "--db", str(db), "--json").stdout)
    assert sorted(x["id"] for x in st["stale"]) == sorted([ids["Critics disagreed."], ids['"dead on arrival"']])
    text = run_cli("stats", "--db", str(db)).stdout
    assert "stale spans (source changed, could not re-anchor): 2" in text and "'Critics disagreed.'" in text


def test_export_leaves_out_stale_spans_and_keeps_the_invariant(edited) -> None:
    src, db, ids = edited
    run_cli("import", str(src), "--db", str(db))
    rec = json.loads(run_cli("export", "--db", str(db)).stdout)
    assert ids["Critics disagreed."] not in {s["id"] for s in rec["spans"]}
    assert len(rec["spans"]) == 3
    assert all(rec["text"][s["start"] : s["end"]] == s["text"] for s in rec["spans"])


def test_reverting_the_file_places_the_stale_span_again(edited) -> None:
    src, db, ids = edited
    run_cli("import", str(src), "--db", str(db))
    src.write_text(OLD, encoding="utf-8")
    r = run_cli("import", str(src), "--db", str(db))
    assert r.exit_code == 0 and "0 stale" in r.stderr
    with AnnotationStore(db) as s:
        for phrase in ("Critics disagreed.", '"dead on arrival"'):  # a deleted sentence, a word edited back
            sp = s.get_span(ids[phrase])
            assert sp is not None and not sp.stale and (sp.start, sp.end) == (OLD.index(phrase), OLD.index(phrase)
                                                                              + len(phrase))  # fmt: skip
        assert s.stats()["stale"] == []


def test_undo_after_the_source_changed_never_restores_old_offsets(edited) -> None:
    src, db, ids = edited
    with AnnotationStore(db) as s:
        i = OLD.index("budget")
        s.add_span("story", i, i + 6, "claim", annotator="bob")
        s.delete_span(ids["4%"], annotator="ann")
    run_cli("import", str(src), "--db", str(db))
    with AnnotationStore(db) as s:
        with pytest.raises(StoreError, match="document's text was changed since"):
            s.undo("ann")  # re-inserting the deleted span at its old offsets would break text[start:end]
        assert s.get_span(ids["4%"]) is None
        for sp in s.spans("story"):
            assert sp.stale or s.document_text("story")[sp.start : sp.end] == sp.text


def test_same_stem_from_another_folder_is_a_new_document(tmp_path: Path, edited) -> None:
    _, db, _ = edited
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "story.txt").write_text("A different story.\n")
    r = run_cli("import", str(other / "story.txt"), "--db", str(db))
    assert r.exit_code == 0
    with AnnotationStore(db) as s:
        assert s.document_ids() == ["story", "story_2"]
        assert s.document_text("story") == OLD  # the first one is untouched
    # editing the second file updates story_2, not story
    (other / "story.txt").write_text("A different story, edited.\n")
    assert "1 updated" in run_cli("import", str(other / "story.txt"), "--db", str(db)).stderr
    with AnnotationStore(db) as s:
        assert s.document_text("story_2") == "A different story, edited.\n" and s.document_text("story") == OLD


def test_relative_and_absolute_paths_are_the_same_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("n.txt").write_text("First version of the note.\n")
    db = str(tmp_path / "a.db")
    run_cli("import", "n.txt", "--db", db)
    Path("n.txt").write_text("Second version of the note.\n")
    r = run_cli("import", str(tmp_path / "n.txt"), "--db", db)
    assert "1 updated" in r.stderr
    with AnnotationStore(db) as s:
        assert s.document_ids() == ["n"]

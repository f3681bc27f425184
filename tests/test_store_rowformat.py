"""The span row format step (m009_spans_lean) and the one-pass export (store.iter_export).

A database made before m009 (built here by running only the steps up to m008, then filled through the store's
own API: spans of every status, a stale span, relations, links, progress, undo history) is upgraded in place
on open: every export format writes the same bytes before and after, undo and redo go on where they were,
and a merge between the upgraded database and a new one adds what it should. The export of every document in
one ordered pass per table writes what the per-document path writes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from formats_corpus import fill
from tui_reader import formats
from tui_reader.exporting import Filters, export, iter_records
from tui_reader.store import AnnotationStore, schema

BEFORE_M009 = schema.MIGRATION_STEPS[: schema.MIGRATION_STEPS.index(schema.m009_spans_lean)]


def indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()


def make_old(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database at m008 with a bit of everything, made by the store of that schema."""
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATION_STEPS", BEFORE_M009)
        m.setattr(schema, "KNOWN_MIGRATIONS", [f.__name__ for f in BEFORE_M009])
        with AnnotationStore(path) as s:
            assert s.schema_version == len(BEFORE_M009)
            fill(s)
            a = s.add_span("news-2", 2, 7, "claim", annotator="alice")  # "plain"
            b = s.add_span("news-2", 8, 14, "quote", annotator="alice", attrs={"speaker": "Zoë"})
            s.add_span("news-3", 0, 2, "claim", annotator="bob", status="suggested")
            s.add_relation(b.id, a.id, "attributed to", annotator="alice")
            s.link_spans([a.id, "018f0000-0000-7000-8000-000000000001", "018f0000-0000-7000-8000-000000000006"],
                         annotator="alice")  # alice's claims and bob's 東京: a filter on alice leaves bob's out
            s.update_span(a.id, annotator="alice", note="checked")
            s.set_progress("news-1", "alice", "done")
            s.set_progress("news-2", "bob", "in-progress")
            s.update_span("018f0000-0000-7000-8000-000000000007", stale=True)
            gone = s.add_span("news-3", 3, 8, "statistic", annotator="alice")
            s.delete_span(gone.id, annotator="alice")
            s.undo("alice")  # the delete undone: the span is back
            s.undo("alice")  # and the create: gone again; two steps on the redo stack
    assert "spans_label" in indexes(path)


def every_export(store: AnnotationStore, out: Path) -> dict[str, bytes]:
    """Every format (and a filtered and a stale-including jsonl) written to files: name -> bytes."""
    got: dict[str, bytes] = {}
    wide = Filters(statuses=("accepted", "suggested"), include_stale=True)
    runs = [(name, name, None) for name in formats.FORMATS] + [
        ("jsonl-wide", "jsonl", wide), ("jsonl-alice", "jsonl", Filters(annotators=("alice",))),
        ("jsonl-claims", "jsonl", Filters(labels=("claim",), include_empty=False)),
    ]  # fmt: skip
    for tag, fmt, filters in runs:
        dest = out / tag
        dest.mkdir(parents=True)
        mod = formats.get(fmt)
        target = dest if getattr(mod, "DIRECTORY", False) else dest / f"out{mod.EXTENSION or '.bin'}"
        export(store, fmt, target, filters=filters)
        for f in sorted(dest.rglob("*")):
            if f.is_file():
                got[f"{tag}/{f.relative_to(dest)}"] = f.read_bytes()
    return got


def test_m008_database_upgrades_in_place_with_identical_exports(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = tmp_path / "old.db"
    make_old(path, monkeypatch)
    with monkeypatch.context() as m:  # the exports as the old schema's store writes them
        m.setattr(schema, "MIGRATION_STEPS", BEFORE_M009)
        m.setattr(schema, "KNOWN_MIGRATIONS", [f.__name__ for f in BEFORE_M009])
        with AnnotationStore(path) as s:
            before = every_export(s, tmp_path / "before")
            events_before = [(e.seq, e.action, e.span_id) for e in s.events()]
    with AnnotationStore(path) as s:  # opening it upgrades it
        assert s.schema_version == len(schema.MIGRATION_STEPS)
        after = every_export(s, tmp_path / "after")
        assert [(e.seq, e.action, e.span_id) for e in s.events()] == events_before
    assert "spans_label" not in indexes(path)
    assert sorted(after) == sorted(before) and len(before) >= len(formats.FORMATS) + 3
    for name in before:
        assert after[name] == before[name], name
    assert b"checked" in before["jsonl-wide/out.jsonl"] and b"Zo\xc3\xab" in before["jsonl/out.jsonl"]


def test_undo_and_redo_go_on_after_the_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    make_old(path, monkeypatch)
    with AnnotationStore(path) as s:
        assert [sp.label for sp in s.spans("news-3", statuses=("accepted",))] == []
        s.redo("alice")  # the create made before the upgrade comes back
        (back,) = s.spans("news-3", statuses=("accepted",))
        assert (back.label, back.text) == ("statistic", "spans")
        s.redo("alice")  # and its delete
        assert s.spans("news-3", statuses=("accepted",)) == []
        s.undo("alice")
        s.undo("alice")
        s.undo("alice")  # the note made before the upgrade
        (plain,) = [sp for sp in s.spans("news-2") if sp.text == "plain"]
        assert plain.note == ""
        assert len(s.links()) == 1
        s.undo("alice")  # the link made before the upgrade
        assert s.links() == []


def test_merge_between_an_upgraded_and_a_new_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "old.db"
    make_old(old, monkeypatch)
    new = tmp_path / "new.db"
    with AnnotationStore(new) as s:
        fill(s)
        mine = s.add_span("news-3", 17, 27, "claim", annotator="carol")  # "a negative"
    with AnnotationStore(old) as s:  # upgraded here, then merged into
        report = s.merge_from(new)
        stale_here = ["018f0000-0000-7000-8000-000000000007"]  # flagged stale in the old database only
        assert report.spans_added == 1 and report.span_conflicts == stale_here and report.documents_added == 0
        got = s.get_span(mine.id)
        assert got is not None and got.text == mine.text and got.annotator == "carol"
    with AnnotationStore(new) as s:  # and the other way round
        report = s.merge_from(old)
        assert report.spans_added == 3 and report.span_conflicts == stale_here
        assert report.relations_added == 1 and report.links_added == 3 and report.problems == []
        assert len(s.spans("news-2", statuses=("accepted", "suggested"))) == 3
        assert s.merge_from(old).changed is False  # merging twice adds nothing


def test_export_of_every_document_equals_the_per_document_export(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The one-pass export (no document filter) and the per-document one (every id named) write the same."""
    path = tmp_path / "db.db"
    make_old(path, monkeypatch)
    with AnnotationStore(path) as s:
        ids = s.document_ids()
        for filters in (Filters(), Filters(statuses=("accepted", "suggested"), include_stale=True),
                        Filters(annotators=("alice",), labels=("claim", "quote")), Filters(include_empty=False)):
            for fmt in ("jsonl", "doccano", "w3c", "csv"):
                one_pass, per_doc = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
                n1 = export(s, fmt, one_pass, filters=filters)
                named = Filters(**{**filters.__dict__, "doc_ids": ids})
                n2 = export(s, fmt, per_doc, filters=named)
                assert (n1, one_pass.read_bytes()) == (n2, per_doc.read_bytes()), (fmt, filters)
        rec = [r for r in iter_records(s) if r.doc.id == "news-2"]
        assert [g["spans"] for g in rec[0].links] and rec[0].relations and rec[0].progress

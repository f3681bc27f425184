"""The bulk paths (import_records, iter_records, the JSONL writer) keep every field, byte for byte.

These paths were rewritten for speed (bench/bench_bulk.py); here a user's view of them: what goes in through
`tui-reader import` comes out of `tui-reader export` unchanged, whatever the spans hold.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.exporting import Filters, export_to_string
from tui_reader.formats.jsonl import SPAN_KEYS
from tui_reader.store import AnnotationStore

TEXT = "“Prices rose 4 %,” said Zoë 🙂 — the 🇫🇷 minister.\u2028New line\u0085 and a ‘quote’.\n\nEnd 👩‍💻."


def _line(spans: list[dict[str, object]], **extra: object) -> str:
    obj = {
        "id": "doc1", "title": "A “title” 🙂", "source": "wire/doc1.txt", "sha256": "", "text": TEXT,
        "offsets": "codepoint", "spans": spans, "links": [], "added_at": "2026-11-22T10:00:00.000Z",
        "meta": {"desk": "politique", "n": 3}, "progress": [],
    }  # fmt: skip
    obj.update(extra)
    return json.dumps(obj, ensure_ascii=False)


def _span(start: int, end: int, label: str, **kw: object) -> dict[str, object]:
    s: dict[str, object] = {
        "id": f"0190aaaa-0000-7000-8000-{start:06d}{end:06d}", "start": start, "end": end, "label": label,
        "text": TEXT[start:end], "note": "", "attrs": {}, "annotator": "alice", "status": "accepted",
        "origin": "manual", "created_at": "2026-11-22T10:00:00.000Z", "updated_at": "2026-11-22T10:00:01.000Z",
    }  # fmt: skip
    s.update(kw)
    return s


def _export(db: Path, *args: str) -> str:
    r = CliRunner().invoke(main, ["export", "--db", str(db), *args])
    assert r.exit_code == 0, r.output
    return r.stdout


def _import(db: Path, path: Path) -> None:
    r = CliRunner().invoke(main, ["import", str(path), "--db", str(db)])
    assert r.exit_code == 0, r.output


def test_every_span_field_survives_import_then_export(tmp_path: Path) -> None:
    quote_end = TEXT.index("”") + 1
    spans = [
        _span(0, quote_end, "quote", attrs={"speaker": "Zoë", "confidence": 0.9, "tags": ["a", "ß"]},
              note="checked “twice” ✔"),
        _span(TEXT.index("🙂"), TEXT.index("🙂") + 1, "claim", annotator="bob"),
        _span(TEXT.index("\u2028") - 3, TEXT.index("New") + 3, "statistic", status="accepted"),
        _span(TEXT.index("🇫🇷"), TEXT.index("🇫🇷") + 2, "anonymous source", origin="rule:anon"),
        _span(TEXT.index("End"), len(TEXT), "claim", attrs={}),
    ]  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text(_line(spans) + "\n", encoding="utf-8")
    db = tmp_path / "a.db"
    _import(db, src)
    out = _export(db)
    (obj,) = [json.loads(line) for line in out.splitlines()]
    assert [list(s) for s in obj["spans"]] == [list(SPAN_KEYS)] * len(spans)  # every key, in the native order
    by_id = {s["id"]: s for s in obj["spans"]}
    for s in spans:
        assert by_id[s["id"]] == s
        assert obj["text"][s["start"] : s["end"]] == s["text"]
    assert obj["meta"] == {"desk": "politique", "n": 3}
    # line breakers other readers split on stay escaped, other non-ASCII stays readable
    assert "\u2028" not in out and "\\u2028" in out and "\\u0085" in out
    assert "🙂" in out and "Zoë" in out

    # the export imports into an empty db and exports to the same bytes
    again = tmp_path / "again.jsonl"
    again.write_text(out, encoding="utf-8")
    db2 = tmp_path / "b.db"
    _import(db2, again)
    assert _export(db2) == out


def test_export_filters_and_stale_flag_survive_the_fast_path(tmp_path: Path) -> None:
    spans = [_span(0, 5, "claim"), _span(6, 10, "quote", status="suggested"), _span(11, 15, "claim", stale=True)]
    src = tmp_path / "in.jsonl"
    src.write_text(_line(spans) + "\n", encoding="utf-8")
    db = tmp_path / "a.db"
    _import(db, src)
    accepted = json.loads(_export(db))["spans"]
    assert [(s["start"], s.get("stale", False)) for s in accepted] == [(0, False)]  # stale: left out by default
    with AnnotationStore(db) as store:
        kept = json.loads(export_to_string(store, "jsonl", filters=Filters(include_stale=True)))["spans"]
    assert [(s["start"], s.get("stale", False)) for s in kept] == [(0, False), (11, True)]
    suggested = json.loads(_export(db, "--status", "suggested"))["spans"]
    assert [s["start"] for s in suggested] == [6]


def test_reimport_adds_nothing_and_store_reads_attrs_as_fresh_dicts(tmp_path: Path) -> None:
    spans = [_span(0, 5, "claim"), _span(6, 10, "quote", attrs={"speaker": "Zoë"})]
    src = tmp_path / "in.jsonl"
    src.write_text(_line(spans) + "\n", encoding="utf-8")
    db = tmp_path / "a.db"
    _import(db, src)
    r = CliRunner().invoke(main, ["import", str(src), "--db", str(db)])
    assert r.exit_code == 0 and "0 spans added" in r.output
    with AnnotationStore(db) as store:
        a, b = store.spans("doc1")
        assert (a.attrs, b.attrs) == ({}, {"speaker": "Zoë"})
        a.attrs["x"] = 1  # an empty attrs read from the db is its own dict, not a shared one
        assert store.spans("doc1")[0].attrs == {}
        assert store.get_span(b.id).attrs == {"speaker": "Zoë"}

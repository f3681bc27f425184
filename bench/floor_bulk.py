"""The floor for bulk import and export: bare stdlib `sqlite3` + `json`, no tui-reader code at all.

    python bench/floor_bulk.py import CORPUS.jsonl DB
    python bench/floor_bulk.py export DB OUT.jsonl
    python bench/floor_bulk.py import-min CORPUS.jsonl DB
    python bench/floor_bulk.py export-min DB OUT.jsonl

import: the same rows tui-reader stores (documents, spans with every column and a TEXT primary key), parsed with
`json.loads` line by line, `executemany` in one transaction, then one index (doc_id, start, end). Same pragmas
as the store (WAL, synchronous=FULL). No validation, no events, no duplicate handling: the least work that
gets those rows into SQLite.
export: one ordered query per document (plus one for the document), each line built as a dict in the native
shape and written with `json.dumps(ensure_ascii=False)` and the escapes of line breakers (U+2028, U+2029,
U+0085), C1 controls and bidi controls, accepted spans
only (the export's default), so its output is byte-for-byte what `tui-reader export` writes.

import-min / export-min: the MINIMAL floor, the same spans in the fewest columns that still carry them. A span
row is (doc INTEGER, start, end, label, id TEXT, annotator, status, origin, created_at, updated_at, note, attrs):
no copy of the span's text (it is `text[start:end]` of its document), the document as an integer, `attrs` NULL
when empty, no `stale` column, no index on the span id (nothing here looks a span up by id), one index
(doc, start, end). Export reads each document and its spans by that index and slices the text; the output is
byte-for-byte the same file.

export-scan: the plain read-and-write floor of an export of many documents (bench/bench_export_docs.py): the
tool's own database read in one ordered pass per table, the same bytes written.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys

SPAN_COLS = ("id", "start", "end", "label", "text", "note", "attrs", "annotator", "status", "origin",
             "created_at", "updated_at")  # fmt: skip


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def do_import(corpus: str, db: str) -> None:
    conn = connect(db)
    conn.execute(
        "CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, source TEXT, text TEXT, sha256 TEXT, "
        "added_at TEXT, meta TEXT)"
    )
    conn.execute(
        'CREATE TABLE spans (id TEXT PRIMARY KEY, doc_id TEXT, start INTEGER, "end" INTEGER, label TEXT, '
        "text TEXT, note TEXT, attrs TEXT, annotator TEXT, status TEXT, origin TEXT, created_at TEXT, "
        "updated_at TEXT, stale INTEGER)"
    )
    conn.execute("BEGIN")
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            o = json.loads(line)
            doc_id = o["id"]
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?)",
                (doc_id, o["title"], o["source"], o["text"], o["sha256"], o["added_at"],
                 json.dumps(o["meta"], ensure_ascii=False, sort_keys=True)),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO spans VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(s["id"], doc_id, s["start"], s["end"], s["label"], s["text"], s["note"],
                  json.dumps(s["attrs"], ensure_ascii=False, sort_keys=True), s["annotator"], s["status"],
                  s["origin"], s["created_at"], s["updated_at"], 0) for s in o["spans"]],
            )  # fmt: skip
    conn.execute('CREATE INDEX spans_doc ON spans(doc_id, start, "end")')
    conn.execute("COMMIT")
    conn.close()


UNSAFE = re.compile("[\u2028\u2029\x80-\x9f\u202a-\u202e\u2066-\u2069]")  # line breakers, C1, bidi: escaped


def dumps_line(obj: object) -> str:
    s = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    if not s.isascii():
        s = UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    return s


def do_export(db: str, out: str) -> None:
    conn = connect(db)
    cols = ", ".join(f'"{c}"' for c in SPAN_COLS)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY id").fetchall():
            d = conn.execute(
                "SELECT title, source, sha256, text, added_at, meta FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            spans = []
            for row in conn.execute(
                f"SELECT {cols} FROM spans WHERE doc_id = ? AND status = 'accepted' "
                'ORDER BY start, "end", label, id', (doc_id,)
            ):  # fmt: skip
                s = dict(zip(SPAN_COLS, row, strict=True))
                s["attrs"] = json.loads(s["attrs"])
                spans.append(s)
            obj = {
                "id": doc_id, "title": d[0], "source": d[1], "sha256": d[2], "text": d[3], "offsets": "codepoint",
                "spans": spans, "links": [], "added_at": d[4], "meta": json.loads(d[5]), "progress": [],
            }  # fmt: skip
            fh.write(dumps_line(obj))
            fh.write("\n")
    conn.close()


MIN_COLS = ("doc", "start", "end", "label", "id", "annotator", "status", "origin", "created_at", "updated_at",
            "note", "attrs")  # fmt: skip


def do_import_min(corpus: str, db: str) -> None:
    conn = connect(db)
    conn.execute(
        "CREATE TABLE documents (n INTEGER PRIMARY KEY, id TEXT, title TEXT, source TEXT, text TEXT, sha256 TEXT, "
        "added_at TEXT, meta TEXT)"
    )
    conn.execute(
        'CREATE TABLE spans (doc INTEGER, start INTEGER, "end" INTEGER, label TEXT, id TEXT, annotator TEXT, '
        "status TEXT, origin TEXT, created_at TEXT, updated_at TEXT, note TEXT, attrs TEXT)"
    )
    conn.execute("BEGIN")
    with open(corpus, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            o = json.loads(line)
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
                (n, o["id"], o["title"], o["source"], o["text"], o["sha256"], o["added_at"],
                 json.dumps(o["meta"], ensure_ascii=False, sort_keys=True)),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO spans VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(n, s["start"], s["end"], s["label"], s["id"], s["annotator"], s["status"], s["origin"],
                  s["created_at"], s["updated_at"], s["note"],
                  json.dumps(s["attrs"], ensure_ascii=False, sort_keys=True) if s["attrs"] else None)
                 for s in o["spans"]],
            )  # fmt: skip
    conn.execute('CREATE INDEX spans_doc ON spans(doc, start, "end")')
    conn.execute("COMMIT")
    conn.close()


def do_export_min(db: str, out: str) -> None:
    conn = connect(db)
    loads = json.loads
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        docs = conn.execute("SELECT n, id, title, source, sha256, text, added_at, meta FROM documents ORDER BY id")
        for n, doc_id, title, source, sha, text, added_at, meta in docs.fetchall():
            spans = [
                {"id": sid, "start": start, "end": end, "label": label, "text": text[start:end], "note": note,
                 "attrs": loads(attrs) if attrs else {}, "annotator": who, "status": status, "origin": origin,
                 "created_at": created, "updated_at": updated}
                for start, end, label, sid, who, status, origin, created, updated, note, attrs in conn.execute(
                    'SELECT start, "end", label, id, annotator, status, origin, created_at, updated_at, note, attrs '
                    "FROM spans WHERE doc = ? AND status = 'accepted' ORDER BY start, \"end\", label, id", (n,))
            ]  # fmt: skip
            obj = {
                "id": doc_id, "title": title, "source": source, "sha256": sha, "text": text, "offsets": "codepoint",
                "spans": spans, "links": [], "added_at": added_at, "meta": loads(meta), "progress": [],
            }  # fmt: skip
            fh.write(dumps_line(obj))
            fh.write("\n")
    conn.close()


def do_export_scan(db: str, out: str) -> None:
    """The plain read-and-write floor for many documents: the same rows of ANY of these databases (the tool's
    too) read in one ordered pass per table (documents by id, accepted spans by document), the same bytes out."""
    conn = connect(db)
    cols = ", ".join(f'"{c}"' for c in SPAN_COLS)
    loads = json.loads
    spans = conn.execute(f"SELECT doc_id, {cols} FROM spans WHERE status = 'accepted' "
                         'ORDER BY doc_id, start, "end", label, id')  # fmt: skip
    row = next(spans, None)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for doc_id, title, source, sha, text, added_at, meta in conn.execute(
            "SELECT id, title, source, sha256, text, added_at, meta FROM documents ORDER BY id"
        ):
            mine = []
            while row is not None and row[0] == doc_id:
                sid, start, end, label, stext, note, attrs, who, status, origin, created, updated = row[1:]
                mine.append({"id": sid, "start": start, "end": end, "label": label, "text": stext, "note": note,
                             "attrs": loads(attrs) if attrs != "{}" else {}, "annotator": who, "status": status,
                             "origin": origin, "created_at": created, "updated_at": updated})  # fmt: skip
                row = next(spans, None)
            obj = {
                "id": doc_id, "title": title, "source": source, "sha256": sha, "text": text, "offsets": "codepoint",
                "spans": mine, "links": [], "added_at": added_at, "meta": loads(meta), "progress": [],
            }  # fmt: skip
            fh.write(dumps_line(obj))
            fh.write("\n")
    conn.close()


MODES = {"export-scan": do_export_scan, "import": do_import, "export": do_export, "import-min": do_import_min, "export-min": do_export_min}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in MODES:
        sys.exit("usage: floor_bulk.py import|import-min CORPUS.jsonl DB | export|export-min|export-scan DB OUT.jsonl")
    MODES[sys.argv[1]](sys.argv[2], sys.argv[3])

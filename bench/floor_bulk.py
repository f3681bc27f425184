"""The floor for bulk import and export: bare stdlib `sqlite3` + `json`, no tui-reader code at all.

    python bench/floor_bulk.py import CORPUS.jsonl DB
    python bench/floor_bulk.py export DB OUT.jsonl

import: the same rows tui-reader stores (documents, spans with every column and a TEXT primary key), parsed with
`json.loads` line by line, `executemany` in one transaction, then one index (doc_id, start, end). Same pragmas
as the store (WAL, synchronous=FULL). No validation, no events, no duplicate handling: the least work that
gets those rows into SQLite.
export: one ordered query per document (plus one for the document), each line built as a dict in the native
shape and written with `json.dumps(ensure_ascii=False)` and the escapes of line breakers (U+2028, U+2029,
U+0085), C1 controls and bidi controls, accepted spans
only (the export's default), so its output is byte-for-byte what `tui-reader export` writes.
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


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("import", "export"):
        sys.exit("usage: floor_bulk.py import CORPUS.jsonl DB | export DB OUT.jsonl")
    (do_import if sys.argv[1] == "import" else do_export)(sys.argv[2], sys.argv[3])

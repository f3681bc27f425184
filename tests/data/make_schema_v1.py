"""Regenerate schema_v1.db: a database made by the FIRST schema step only (m001_initial), as tui-reader's first
release wrote it, with two documents (one with an emoji) and three spans. Run: python tests/data/make_schema_v1.py

Checked in so the upgrade test opens a real old file, not one rebuilt by today's code at test time.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from tui_reader.models import sha256_text
from tui_reader.store import migrations

OUT = Path(__file__).with_name("schema_v1.db")
DOCS = {
    "old_news": "The minister said the budget would rise by 4%.\nCritics disagreed.\n",
    "old_emoji": "Fans 😀 cheered as the mayor said: “we won”.\n",
}
SPANS = [  # id, doc, phrase, label, annotator, note, status
    ("0190a1b2-0000-7000-8000-000000000001", "old_news", "The minister said", "claim", "alice", "first", "accepted"),
    ("0190a1b2-0000-7000-8000-000000000002", "old_news", "4%", "statistic", "bob", "", "suggested"),
    ("0190a1b2-0000-7000-8000-000000000003", "old_emoji", "“we won”", "quote", "alice", "note [b]x[/b]", "accepted"),
]


def main() -> None:
    OUT.unlink(missing_ok=True)
    db = sqlite_utils.Database(OUT)
    migrations.apply(db, stop_before="m002_links_stale_undo")
    t = "2024-05-01T10:00:00.000Z"
    for doc_id, text in DOCS.items():
        db.execute("INSERT INTO documents (id, title, source, text, sha256, added_at, meta) VALUES (?,?,?,?,?,?,?)",
                   [doc_id, text.split("\n")[0], f"corpus/{doc_id}.txt", text, sha256_text(text), t, "{}"])
    for sid, doc_id, phrase, label, annotator, note, status in SPANS:
        start = DOCS[doc_id].index(phrase)
        db.execute('INSERT INTO spans (id, doc_id, start, "end", label, text, note, attrs, annotator, status, origin, '
                   "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   [sid, doc_id, start, start + len(phrase), label, phrase, note, "{}", annotator, status, "manual",
                    t, t])
        after = {"doc_id": doc_id, "start": start, "end": start + len(phrase), "label": label, "text": phrase,
                 "id": sid, "note": note, "attrs": {}, "annotator": annotator, "status": status, "origin": "manual",
                 "created_at": t, "updated_at": t}  # the span as the first release logged it: no "stale" yet
        db.execute("INSERT INTO events (at, annotator, action, span_id, before, after) VALUES (?,?,?,?,?,?)",
                   [t, annotator, "create", sid, None, json.dumps(after, ensure_ascii=False)])
    db.execute("INSERT INTO progress (doc_id, annotator, status, updated_at) VALUES ('old_news', 'alice', 'done', ?)",
               [t])
    db.conn.commit()
    db.execute("VACUUM")
    db.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

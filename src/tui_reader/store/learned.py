"""Trained suggestion models (tui_reader.learn): stored per annotator and model name, merged with the newer
`trained_at` winning."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from tui_reader.models import now_iso
from tui_reader.store.base import StoreBase


class LearnedModelsMixin(StoreBase):
    def save_model(self, annotator: str, name: str, model: bytes, meta: dict[str, Any]) -> str:
        """Store (or replace) `annotator`'s model `name`, with a `learn` event; returns its trained_at."""
        at = now_iso()
        with self.write():
            self.conn.execute(
                "INSERT INTO models (annotator, name, model, meta, trained_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (annotator, name) DO UPDATE SET model = excluded.model, meta = excluded.meta, "
                "trained_at = excluded.trained_at",
                (annotator, name, sqlite3.Binary(model), json.dumps(meta, ensure_ascii=False), at),
            )
            self._event(annotator, "learn", None, None,
                        {"model": name, **{k: v for k, v in meta.items() if k != "features"}})  # fmt: skip
        return at

    def load_model(self, annotator: str, name: str) -> tuple[bytes, dict[str, Any]] | None:
        row = self.conn.execute(
            "SELECT model, meta, trained_at FROM models WHERE annotator = ? AND name = ?", (annotator, name)
        ).fetchone()
        if row is None:
            return None
        return bytes(row[0]), {**json.loads(row[1]), "trained_at": row[2]}

    def models(self) -> list[dict[str, Any]]:
        """Every stored model without its bytes: annotator, name, trained_at, size, meta."""
        rows = self.conn.execute(
            "SELECT annotator, name, trained_at, length(model), meta FROM models ORDER BY annotator, name"
        )
        return [{"annotator": a, "name": n, "trained_at": t, "size": size, "meta": json.loads(m)}
                for a, n, t, size, m in rows]  # fmt: skip

    def last_learn_seq(self, annotator: str) -> int:
        """The seq of `annotator`'s latest `learn` event (their model's last training here); 0 when none."""
        row = self.conn.execute(
            "SELECT max(seq) FROM events WHERE annotator = ? AND action = 'learn'", (annotator,)
        ).fetchone()
        return int(row[0] or 0)

    def span_changes_since(self, annotator: str, since: int) -> tuple[int, int]:
        """(how many, the last seq) of `annotator`'s events after `since` that changed a span's existence,
        offsets, label or status: tags, accepts, rejects, relabels, deletes and their undo / redo (not notes).
        What a retrained model would learn anew; the app counts them to retrain as the annotator works."""
        row = self.conn.execute(
            "SELECT count(*), max(seq) FROM events WHERE annotator = ? AND seq > ? AND span_id IS NOT NULL "
            "AND action IN ('create', 'delete', 'update', 'undo', 'redo') AND (before IS NULL OR after IS NULL "
            "OR json_extract(before, '$.label') IS NOT json_extract(after, '$.label') "
            "OR json_extract(before, '$.status') IS NOT json_extract(after, '$.status') "
            "OR json_extract(before, '$.start') IS NOT json_extract(after, '$.start') "
            "OR json_extract(before, '$.end') IS NOT json_extract(after, '$.end'))",
            (annotator, since),
        ).fetchone()
        return int(row[0]), int(row[1] or since)

    def _merge_models(self, sconn: sqlite3.Connection) -> int:
        """Inside merge_from's transaction: the source's models, the newer trained_at winning. Returns how many
        rows changed here."""
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO models (annotator, name, model, meta, trained_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (annotator, name) DO UPDATE SET model = excluded.model, meta = excluded.meta, "
            "trained_at = excluded.trained_at WHERE excluded.trained_at > models.trained_at",
            sconn.execute("SELECT annotator, name, model, meta, trained_at FROM models ORDER BY annotator, name"),
        )
        return self.conn.total_changes - before

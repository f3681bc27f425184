"""Placeholder until the reader lands (issue 3)."""

from __future__ import annotations

from typing import Any


class ReaderApp:
    return_code = 0

    def __init__(self, **kw: Any) -> None:
        self.kw = kw

    def run(self) -> None:
        print(f"tui-reader: {len(self.kw['doc_ids'])} documents ready in {self.kw['db_path']}; the reader is not built yet")

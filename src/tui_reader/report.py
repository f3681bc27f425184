"""Plain-text rendering of `stats` for the terminal (the --json form is the dict itself)."""

from __future__ import annotations

import json
from typing import Any

from tui_reader.sanitize import one_line, visible


def _table(title: str, rows: dict[str, int]) -> list[str]:
    if not rows:
        return [f"{title}: none"]
    width = max(len(str(k)) for k in rows)
    return [f"{title}:"] + [f"  {one_line(str(k)) or '(none)':<{width}}  {v:>7}" for k, v in rows.items()]


def _link_group_line(g: dict[str, Any], documents: int) -> str:
    """  quote "Mexico is run by the cartels" appears in 3 of 5 articles (3 spans)"""
    flat = " ".join(visible(g["text"]).split())
    text = flat if len(flat) <= 70 else flat[:69] + "…"
    n = g["spans"]
    return (f"  {visible(g['label'])} {json.dumps(text, ensure_ascii=False)} appears in {g['documents']} of "
            f"{documents} article{'s' if documents != 1 else ''} ({n} span{'s' if n != 1 else ''})")  # fmt: skip


def format_stats(st: dict[str, Any]) -> str:
    prog = st["progress"]
    lines = [
        f"documents: {st['documents']}",
        f"done: {prog['done']} / {prog['total']}",
        f"spans (accepted): {st['spans']}",
    ]
    lines += _table("spans per label", st["spans_per_label"])
    lines += _table("spans per annotator", st["spans_per_annotator"])
    lines += _table("spans per status", st["spans_per_status"])
    if prog.get("done_per_annotator"):
        lines += _table("documents done per annotator", prog["done_per_annotator"])
    if st.get("stale"):
        lines.append(f"stale spans (source changed, could not re-anchor): {len(st['stale'])}")
        lines += [one_line(f"  {s['doc_id']}  {s['label']}  {s['text'][:60]!r}  id={s['id']}") for s in st["stale"]]
    if st.get("links"):
        lines.append(f"link groups: {st['links']}")
        lines += [_link_group_line(g, st["documents"]) for g in st.get("link_groups", [])]
    return "\n".join(lines)

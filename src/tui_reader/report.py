"""Everything the command line shows a person goes out through here, sanitised; and `stats` as plain text.

- `say(text, err=False)`: a report or an error line, to stdout or stderr. Always through
  `tui_reader.sanitize.visible` (control characters as one-cell placeholders; newline and tab kept): a file
  name, an annotator name, a label or a note holding ESC, BEL or C1 bytes cannot drive the terminal.
- `data_stream(stream)`: where data goes (an export, `--json`): the stream itself when it is a file or a pipe,
  so the bytes are exact; wrapped in `TerminalSafe` when it is a terminal, so a person sees placeholders
  (a `\r\n` line end becomes `\n` there, and the escape sequence of an OSC 52 clipboard write is shown, not run).

The app's notifications and lists use `tui_reader.sanitize.one_line` / `visible`, the same functions.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from tui_reader.sanitize import one_line, visible


def say(text: str = "", *, err: bool = False, file: TextIO | None = None) -> None:
    """Write one message for a person (a line, or lines), sanitised, then a newline, and flush."""
    out = file if file is not None else (sys.stderr if err else sys.stdout)
    out.write(visible(str(text)) + "\n")
    out.flush()


class TerminalSafe:
    """A text stream that writes to `stream` with every control character shown as its placeholder, newline and
    tab kept, and a CR that ends a line (`\r\n`, as CSV writes) dropped. For data written to a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._cr = False  # a write ended with "\r": whether it ends a line depends on the next write

    def write(self, s: str) -> int:
        n = len(s)
        if self._cr:
            self._cr = False
            s = ("" if s.startswith("\n") else "\r") + s
        if s.endswith("\r"):
            self._cr, s = True, s[:-1]
        self.stream.write(visible(s.replace("\r\n", "\n")))
        return n

    def flush(self) -> None:
        if self._cr:  # a lone CR at the very end: a placeholder, like any other
            self._cr = False
            self.stream.write(visible("\r"))
        self.stream.flush()

    def isatty(self) -> bool:
        return is_terminal(self.stream)

    def fileno(self) -> int:
        return self.stream.fileno()


def is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False


def data_stream(stream: TextIO | None = None) -> TextIO:
    """`stream` (default stdout) for data: as is to a file or pipe, sanitised when it is a terminal."""
    out = stream if stream is not None else sys.stdout
    return TerminalSafe(out) if is_terminal(out) else out  # type: ignore[return-value]


def show_data(text: str, stream: TextIO | None = None) -> None:
    """Machine-readable output (`--json`): exact on a pipe, placeholders on a terminal."""
    out = data_stream(stream)
    out.write(text + "\n")
    out.flush()


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

"""Helpers shared by the format modules: safe JSON lines, reading JSON lines with line numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tui_reader.corpus import Problem, Record
from tui_reader.models import Document, Span
from tui_reader.offsets import OffsetMap

# Line separators that some line-based readers (JavaScript, Python's str.splitlines) split on.
_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}
_TERMINAL_UNSAFE = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps_line(obj: Any) -> str:
    """One JSON record on one line: UTF-8 kept readable, but U+2028/U+2029/U+0085 escaped."""
    s = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    if not s.isascii():
        for ch, esc in _LINE_BREAKERS.items():
            if ch in s:
                s = s.replace(ch, esc)
        # C1 controls (\x9b is CSI to some terminals) and bidi overrides, escaped: the JSON means the same
        s = _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    return s


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any] | Problem]:
    """Parsed objects of a JSON-lines file with their 1-based line numbers, streamed (memory stays flat
    however large the file); a bad line becomes a Problem naming it and the rest go on."""
    try:
        fh = open(path, "rb")
    except OSError as e:
        yield Problem(str(path), e.strerror or str(e))
        return
    seen = False
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield Problem(str(path), f"not UTF-8 (invalid byte at byte offset {e.start} of the line)", lineno)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield Problem(str(path), f"malformed JSON ({e.msg} at column {e.colno})", lineno)
                continue
            if (b"\\ud" in raw or b"\\uD" in raw) and _has_lone_surrogate(obj):
                yield Problem(str(path), "a string holds an unpaired UTF-16 surrogate escape (not valid Unicode)",
                              lineno)  # fmt: skip
                continue
            yield lineno, obj
    if not seen:
        yield Problem(str(path), "empty file")


def _has_lone_surrogate(obj: Any) -> bool:
    """JSON may escape half a surrogate pair (`"\\ud800"`): such a string cannot be stored or written as UTF-8."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, str):
            try:
                o.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return False


# Characters that end a line for some reader (str.splitlines, codecs readers, JavaScript): a one-line field
# such as a brat .ann line or a note must not contain them raw.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def offset_converter(text: str, offsets: str) -> OffsetMap | None:
    """None for code points (nothing to convert), an OffsetMap for UTF-16; an unknown unit is a ValueError."""
    if offsets == "codepoint":
        return None
    if offsets == "utf16":
        return OffsetMap(text)
    raise ValueError(f"unknown offset unit {offsets!r} (expected codepoint or utf16)")


def to_unit(conv: OffsetMap | None, cp: int) -> int:
    return conv.to_utf16(cp) if conv else cp


def from_unit(conv: OffsetMap | None, offset: int) -> int:
    """An offset in the file's unit to code points; ValueError when it splits a surrogate pair."""
    return conv.from_utf16(offset) if conv else offset


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def check_range(text: str, start: int, end: int) -> str | None:
    """The reason offsets cannot be taken, or None when `0 <= start < end <= len(text)`."""
    if not 0 <= start < end <= len(text):
        return f"offsets {start}..{end} out of range (text length {len(text)})"
    return None


def write_lines(records: Iterable[Record], out: TextIO, objects: Callable[[Record], Iterable[Any]]) -> int:
    """Each record's JSON objects (`objects(record)`), one per line; returns the number of spans written."""
    n = 0
    for rec in records:
        for obj in objects(rec):
            out.write(dumps_line(obj))
            out.write("\n")
        n += len(rec.spans)
    return n


def group_by_document(items: Iterable[tuple[Document, Span] | Problem]) -> Iterator[Record | Problem]:
    """(document, span) pairs, in file order, as one Record per run of pairs on the same document."""
    current: Record | None = None
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        doc, span = item
        if current is None or current.doc.id != doc.id:
            if current is not None:
                yield current
            current = Record(doc, [])
        current.spans.append(span)
    if current is not None:
        yield current


def object_text(obj: Any, path: str, lineno: int) -> str | Problem:
    """The non-empty `text` of one parsed JSON line, or the Problem naming what is wrong with the line."""
    if not isinstance(obj, dict):
        return Problem(path, "expected a JSON object", lineno)
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return Problem(path, 'missing or empty "text"', lineno)
    return text

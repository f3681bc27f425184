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
            if not raw or raw.isspace():  # (only blanks; no copy of a long line, as strip() made)
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
            except RecursionError:  # 100,000 `[`: one line, not a traceback that stops the file
                yield Problem(str(path), f"JSON nested more than {MAX_DEPTH} levels deep", lineno)
                continue
            rest = raw.translate(None, _KEPT)  # brackets, quotes and escapes (few bytes): both checks read it
            if isinstance(obj, dict | list) and _too_deep(raw, obj, rest):
                yield Problem(str(path), f"JSON nested more than {MAX_DEPTH} levels deep", lineno)
                continue
            if b"\\u" in rest and (b"\\ud" in raw or b"\\uD" in raw) and _has_lone_surrogate(obj):
                yield Problem(str(path), "a string holds an unpaired UTF-16 surrogate escape (not valid Unicode)",
                              lineno)  # fmt: skip
                continue
            yield lineno, obj
    if not seen:
        yield Problem(str(path), "empty file")


MAX_DEPTH = 64  # far more than any record needs; deep enough input would exhaust Python's recursion limit


_KEPT = bytes(b for b in range(256) if b not in b'[]{}"\\nu')  # dropped by the first pass of `_too_deep`
_NOT_STRUCTURE = b"\\nu"  # dropped by the second: brackets and quotes are left
_LEAVES = re.compile(rb"\[\]|\{\}")


def _too_deep(raw: bytes, obj: Any, rest: bytes | None = None) -> bool:
    """Whether a parsed line nests arrays/objects deeper than MAX_DEPTH.

    json.loads of 100,000 `[` raises RecursionError (caught by the caller); a value nested a few hundred deep
    parses, but would fail later when it is stored (json.dumps) or compared, taking the whole file with it.

    Cheap: measured on the line's bytes, in C (a line of 1,000 spans holds 2,000 containers: walking them was a
    sixth of an import). Kept (`rest`, when the caller has it): brackets, quotes, backslashes, `n`, `u`
    (so the usual escapes `\\n` and `\\uXXXX` stay whole; `\\u` in it tells of surrogate escapes too).
    A backslash right before a quote may be an escaped quote: the objects are walked (`_too_deep_walk`), as
    always when in doubt. Otherwise every quote delimits a string; backslashes, `n` and `u` go, then each `""` (a
    string without a bracket). No quote left: no string held a bracket (the first one that did keeps its
    opening quote), so what is left is exactly the brackets' tree, and each pass of `_LEAVES` strips its
    innermost level.
    """
    if rest is None:
        rest = raw.translate(None, _KEPT)
    if len(rest) <= MAX_DEPTH:  # at most that many brackets
        return False
    if b'\\"' in rest:
        return _too_deep_walk(obj)
    rest = rest.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in rest:
        return _too_deep_walk(obj)
    for _ in range(MAX_DEPTH):
        if not rest:
            return False
        rest = _LEAVES.sub(b"", rest)
    return bool(rest)


def _too_deep_walk(obj: Any) -> bool:
    """`_too_deep` by walking the parsed objects, level by level (containers only)."""
    level = [obj]  # breadth first, one level at a time: the containers at depth 1, 2, ...
    for _ in range(MAX_DEPTH):
        below: list[Any] = []
        for o in level:
            below += [v for v in (o.values() if type(o) is dict else o) if type(v) is dict or type(v) is list]
        if not below:
            return False
        level = below
    return True


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


class WrongType(ValueError):
    """A field of an input record holds another JSON type than it must: the record (or span) is reported and
    skipped, never coerced (`["x"]` as a note would become the string "['x']")."""


def json_kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, int | float):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


_KIND_NAMES = {str: "a string", dict: "an object", list: "a list", bool: "true or false"}


def field(obj: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    """`obj[key]` when it is of type `kind`; `default` when absent or null; WrongType otherwise."""
    v = obj.get(key)
    if v is None:
        return default
    if isinstance(v, kind) and (kind is not int or not isinstance(v, bool)):
        return v
    raise WrongType(f'"{key}" must be {_KIND_NAMES.get(kind, kind.__name__)}, not {json_kind(v)}')


def ident(obj: dict[str, Any], key: str) -> str | None:
    """An id: a string, or an integer (doccano numbers its examples) as its decimal string; None when absent,
    null or empty; WrongType for anything else (a list is not an id)."""
    v = obj.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    raise WrongType(f'"{key}" must be a string, not {json_kind(v)}')


def object_text(obj: Any, path: str, lineno: int) -> str | Problem:
    """The non-empty `text` of one parsed JSON line, or the Problem naming what is wrong with the line."""
    if not isinstance(obj, dict):
        return Problem(path, "expected a JSON object", lineno)
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return Problem(path, 'missing or empty "text"', lineno)
    return text

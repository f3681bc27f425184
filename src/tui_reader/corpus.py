"""Reading files and folders into Documents: decoding, normalising, hashing, and clear per-file problems.

Normalisation (DESIGN §3): UTF-8, a BOM dropped, CRLF and CR turned into LF, nothing else changed.
A file that cannot be read becomes a `Problem` naming the file (and line) and the reason; the rest go on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.models import Document, Relation, Span
from tui_reader.titles import _CHROME, HEAD_CHARS, TITLE_CHARS, headline  # noqa: F401  (re-exported: titles on import)

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
MAX_FILE_BYTES = 256 * 1024 * 1024  # documented cap: a single text file over 256 MiB is refused


@dataclass
class Problem:
    """One file (or one line of one file) that was not imported, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        from tui_reader.sanitize import one_line  # a file name can hold ESC: never let it drive the terminal

        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return one_line(f"{where}: {self.reason}")


@dataclass
class Record:
    """A document with its annotations: what every reader yields and every writer takes."""

    doc: Document
    spans: list[Span] = field(default_factory=list)
    progress: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)  # between spans of this document (head/tail: span ids)




class DecodeError(ValueError):
    pass


def normalise(text: str, *, drop_bom: bool = True) -> str:
    """CRLF and CR to LF; a leading BOM dropped when the text came from a file (`drop_bom`).

    A JSON string value has no byte-order mark: a U+FEFF at its start is text, kept (else importing an
    export of a text that starts with U+FEFF would lose one each round).
    """
    if drop_bom and text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> str:
    """Bytes of a text file to normalised text, or DecodeError with a reason a user can act on."""
    if not data:
        raise DecodeError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise DecodeError(f"UTF-16 (BOM) but invalid at byte offset {e.start}") from None
        nul = text.find("\x00")
        if nul >= 0:  # UTF-32 shares the UTF-16 LE BOM's first bytes; either way NUL is not text
            raise DecodeError(f"binary file (NUL character at code point {nul} after UTF-16 decoding)")
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            head = data[:512]
            odd, even = head[1::2].count(0), head[0::2].count(0)
            if len(head) >= 4 and min(odd, even) == 0 and max(odd, even) > len(head) // 4:
                raise DecodeError(f"binary file (NUL byte at byte offset {nul}; looks like UTF-16 without a "
                                  "byte-order mark: save it as UTF-8)")  # fmt: skip
            raise DecodeError(f"binary file (NUL byte at byte offset {nul})")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            bad = data[e.start : e.start + 1].hex()
            raise DecodeError(f"not UTF-8 (invalid byte 0x{bad} at byte offset {e.start})") from None
    text = normalise(text)
    if not text.strip():
        raise DecodeError("empty file (only whitespace)" if text else "empty file")
    return text


def read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DecodeError(f"file is {size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit")
    return path.read_bytes()


def doc_id_for(path: Path) -> str:
    return path.stem


def read_text_file(path: Path) -> Document:
    text = decode(read_bytes(path))
    return Document(id=doc_id_for(path), text=text, source=str(path))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Expand the paths a user gave: files as they are, folders recursively in sorted order.

    Inside folders only text (.txt .md) and JSONL files are taken; hidden files and folders are passed over.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            errors: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=errors.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith(".") or not name.lower().endswith(TEXT_SUFFIXES + JSONL_SUFFIXES):
                        continue
                    found.append(Path(root) / name)
            yield from sorted(found)
            for err in errors:  # a folder that could not be listed is reported, never silently passed over
                yield Problem(str(err.filename or p), f"cannot read folder ({err.strerror or err})")
        elif p.is_file():
            yield p
        elif p.exists():
            yield Problem(str(p), "not a regular file")
        else:
            yield Problem(str(p), "no such file or folder")


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def looks_like_json_lines(path: Path) -> bool:
    """Whether a file holds JSON lines whatever its name (`out.doccano`, `export.txt`): its first non-blank line
    is one JSON object. Reads a few hundred bytes of a text file (an article does not start with `{`)."""
    import json

    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
            start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
            if not start.startswith(b"{"):
                return False
            fh.seek(len(head) - len(start))
            first = fh.readline()
    except OSError:
        return False  # the text path reports it
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False

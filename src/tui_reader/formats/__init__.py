"""Export/import formats, one module each. A format module provides:

- `NAME` and `DIRECTORY` (True when it writes a folder, like brat);
- `write(records, out, *, offsets)`: `out` is a text stream (or a folder Path when DIRECTORY); returns spans written;
- `read(path, *, offsets)`: yields `Record` or `Problem` (one per bad line, naming the line);
- `sniff(obj)`: for JSON-lines formats, True when a parsed first line looks like this format.
"""

from __future__ import annotations

from types import ModuleType

from tui_reader.formats import jsonl

FORMATS: dict[str, ModuleType] = {"jsonl": jsonl}


def get(name: str) -> ModuleType:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None

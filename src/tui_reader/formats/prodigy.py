"""Prodigy / spaCy task JSONL: `{"text", "meta", "spans": [{"start", "end", "label", "text"}], "_input_hash",
"_task_hash", "answer"}`, what `prodigy db-in` and the `ner_manual`/`spans_manual` recipes read, and what spaCy
users turn into `Doc` spans with `doc.char_span(start, end, label)`.

Offsets are code points (Prodigy and spaCy are Python); `--offsets utf16` exists for JavaScript consumers.

One task per document and (annotator, status), so nothing is merged that was not merged in the database:
`_annotator_id` is the annotator (left out when empty); status maps to Prodigy's `answer`: accepted -> "accept",
rejected -> "reject", suggested -> no `answer` (a pre-annotated task nobody has reviewed yet). A document with no
span is one task with no spans (a negative example). Spans are sorted by (start, end, label).

Hashes (`_input_hash`, `_task_hash`): Prodigy uses 32-bit signed MurmurHash ints; without a third-party mmh3 we
compute the same kind of number from BLAKE2b (stdlib `hashlib`, 4-byte digest read as a signed big-endian int):
`_input_hash` over the JSON `{"text": text}` (keys sorted, UTF-8), `_task_hash` over the JSON
`{"_input_hash": ..., "spans": [[start, end, label], ...]}`. Same text -> same input hash, in every run and on every
machine; Prodigy only compares hashes for equality, so these dedupe exactly as its own do.

Lost: notes, span ids, attrs, timestamps, origin, links, progress. Kept: document id/title/source (in `meta`),
offsets, labels, annotator and status.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tui_reader.corpus import Problem, Record, normalise
from tui_reader.formats.common import (
    WrongType,
    check_range,
    field,
    from_unit,
    ident,
    is_int,
    iter_json_lines,
    json_kind,
    object_text,
    offset_converter,
    to_unit,
    write_lines,
)
from tui_reader.models import Document, Span

NAME = "prodigy"
DIRECTORY = False
EXTENSION = ".jsonl"
SPAN_IDS = False
ANSWERS = {"accepted": "accept", "rejected": "reject"}  # suggested: no answer
STATUS_ORDER = ("accepted", "suggested", "rejected")


def hash32(payload: Any) -> int:
    """A stable 32-bit signed int for a JSON-able value (BLAKE2b, 4 bytes, big-endian, signed)."""
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "big", signed=True)


def input_hash(text: str) -> int:
    return hash32({"text": text})


def task_hash(in_hash: int, spans: list[dict[str, Any]]) -> int:
    return hash32({"_input_hash": in_hash, "spans": [[s["start"], s["end"], s["label"]] for s in spans]})


def record_to_tasks(rec: Record, offsets: str = "codepoint") -> list[dict[str, Any]]:
    d = rec.doc
    conv = offset_converter(d.text, offsets)
    groups: dict[tuple[str, str], list[Span]] = {}
    for s in rec.spans:
        groups.setdefault((s.annotator, s.status), []).append(s)
    if not groups:
        groups[("", "accepted")] = []
    meta = {"id": d.id, "title": d.title, "source": d.source}
    in_hash = input_hash(d.text)
    tasks = []
    for annotator, status in sorted(groups, key=lambda k: (k[0], STATUS_ORDER.index(k[1]))):
        spans = [{"start": to_unit(conv, s.start), "end": to_unit(conv, s.end), "label": s.label, "text": s.text}
                 for s in sorted(groups[(annotator, status)], key=Span.sort_key)]  # fmt: skip
        task: dict[str, Any] = {"text": d.text, "meta": meta, "spans": spans, "_input_hash": in_hash,
                                "_task_hash": task_hash(in_hash, spans)}  # fmt: skip
        if annotator:
            task["_annotator_id"] = annotator
        if status in ANSWERS:
            task["answer"] = ANSWERS[status]
        tasks.append(task)
    return tasks


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint") -> int:
    return write_lines(records, out, lambda rec: record_to_tasks(rec, offsets))


def sniff(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("text"), str) and (
        "_input_hash" in obj or "_task_hash" in obj or "answer" in obj
    )


def read(path: Path, *, offsets: str = "codepoint") -> Iterator[Record | Problem]:
    for item in iter_json_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        lineno, obj = item
        yield from _task_to_record(obj, str(path), lineno, offsets)


def _task_to_record(obj: Any, path: str, lineno: int, offsets: str) -> Iterator[Record | Problem]:
    text = object_text(obj, path, lineno)
    if isinstance(text, Problem):
        yield text
        return
    answer = obj.get("answer")
    if answer not in (None, "accept", "reject", "ignore"):
        yield Problem(path, f'unknown "answer" {answer!r} (expected accept, reject or ignore)', lineno)
        return
    raw = obj.get("spans") or []
    if not isinstance(raw, list):
        yield Problem(path, '"spans" is not a list', lineno)
        return
    if answer == "ignore":
        raw = []  # the annotator skipped this task: its spans were never judged
    if not raw:
        text = normalise(text, drop_bom=False)
    try:  # a wrong type is reported, never coerced ("meta": "x" is not an empty meta)
        meta: dict[str, Any] = field(obj, "meta", dict, {})
        # without meta.id, the text names the document: every task on the same text lands on one document
        doc_id = ident(meta, "id") or f"prodigy-{input_hash(text) & 0xFFFFFFFF:08x}"
        doc = Document(id=doc_id, text=text, title=field(meta, "title", str, ""),
                       source=field(meta, "source", str, "") or path)  # fmt: skip
        annotator = field(obj, "_annotator_id", str, "")
    except WrongType as e:
        yield Problem(path, f"{e}; line skipped", lineno)
        return
    status = {"accept": "accepted", "reject": "rejected", None: "suggested"}.get(answer, "accepted")
    conv = offset_converter(text, offsets)
    spans: list[Span] = []
    for i, s in enumerate(raw, 1):
        if not isinstance(s, dict) or not is_int(s.get("start")) or not is_int(s.get("end")):
            yield Problem(path, f'span {i}: "start" and "end" must be integers', lineno)
            continue
        label = s.get("label")
        if not isinstance(label, str) or not label:
            yield Problem(path, f'span {i}: missing "label"' if label in (None, "") else
                          f'span {i}: "label" must be a string, not {json_kind(label)}', lineno)  # fmt: skip
            continue
        if "text" in s and not isinstance(s["text"], str):
            yield Problem(path, f'span {i}: "text" must be a string, not {json_kind(s["text"])}', lineno)
            continue
        try:
            start, end = from_unit(conv, s["start"]), from_unit(conv, s["end"])
        except ValueError as e:
            yield Problem(path, f"span {i}: {e}", lineno)
            continue
        bad = check_range(text, start, end)
        if bad:
            yield Problem(path, f"span {i}: {bad}", lineno)
            continue
        covered = text[start:end]
        if "text" in s and s["text"] != covered:
            yield Problem(path, f"span {i}: text {str(s['text'])[:40]!r} does not match the document at "
                                f"{start}..{end} ({covered[:40]!r})", lineno)  # fmt: skip
            continue
        spans.append(Span(doc_id=doc_id, start=start, end=end, label=label, text=covered, annotator=annotator,
                          status=status, origin="import"))  # fmt: skip
    yield Record(doc, spans)

"""Label Studio tasks: a JSON array, one task per document, with a labelling config written beside it.

    [{"data": {"text": "...", "doc_id": "news-1", "title": "..."},
      "annotations": [{"completed_by": {"username": "alice"}, "created_at": "...", "updated_at": "...",
                       "was_cancelled": false, "ground_truth": false,
                       "result": [
        {"id": "<span id>", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
         "value": {"start": 12, "end": 17, "text": "...", "labels": ["claim"]}},
        {"id": "<span id>", "from_name": "note", "to_name": "text", "type": "textarea",
         "value": {"start": 12, "end": 17, "text": ["the note"]}},
        {"from_id": "<head span id>", "to_id": "<tail span id>", "type": "relation", "direction": "right",
         "labels": ["attributed to"]}]}],
      "predictions": [{"model_version": "tui-reader", "result": [...]}]}]

- accepted spans: ONE annotation per annotator (`completed_by`), as Label Studio keeps one per person; suggested
  spans: one prediction per annotator (`model_version` is the annotator, or `tui-reader` when none); rejected
  spans have no place in Label Studio and are not written.
- region ids are the span ids, so a trip through Label Studio keeps them; notes are per-region TextArea results
  (`from_name` "note") with the same id; relations are `type: relation` results inside the annotation (or
  prediction) that holds both their spans. A relation between spans of two annotators, or of two statuses, has no
  annotation to live in: it is left out and the export warns (one line).
- `labelstudio-config.xml` is written beside the file (not for stdout): `<Labels name="label" toName="text">` with
  every span label of the export, `<Relations>` with every relation label, `<Text name="text" value="$text"/>`
  and the per-region `<TextArea name="note">`. Paste it into the project's Labeling Interface (Code) before
  importing the tasks, so the `from_name`/`to_name` of every result match.

Offsets: Label Studio's Text tag counts code points (its own test web/libs/editor/tests/integration/e2e/ner/
emoji.cy.ts expects `test` in "🐱 Warning: This is a test text" at 21..25; UTF-16 would be 22..26), as this format
does; `--offsets utf16` is refused.

Import reads the same: a JSON array of tasks (a Label Studio project export, several annotators included), a
single task, or JSON lines of tasks. `data.text` (or the only string of `data`) is the text; `data.doc_id`, else
`<file stem>-<task id>`, the document id. Annotations become accepted spans of their `completed_by` (an email,
username or name; a bare user id N as `label-studio-user-N`), predictions suggested spans (annotator: the
`model_version`, none for `tui-reader`); a cancelled (skipped) annotation with results is reported, not imported.
Relation results join the regions of their annotation: `direction` "left" swaps head and tail; one without
labels gets the type `related`. A result that cannot be taken is a problem naming its task and result.

Lost: span and relation timestamps (an annotation has one pair: its spans get them on import), attrs, origin,
links, progress, relation ids and rejected spans.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from tui_reader.atomic import atomic_text
from tui_reader.corpus import MAX_FILE_BYTES, Problem, Record, normalise
from tui_reader.formats.common import check_range, dumps_line, is_int, iter_json_lines
from tui_reader.models import Document, Relation, Span, uuid7

NAME = "labelstudio"
DIRECTORY = False
EXTENSION = ".json"
BESIDE = "labelstudio-config.xml"
WARNS = True
OFFSETS = ("codepoint",)
OFFSETS_REASON = "Label Studio's Text tag counts code points"
MODEL = "tui-reader"
FROM, TO, NOTE = "label", "text", "note"
_STATUS_ORDER = {"accepted": 0, "suggested": 1}


def _region(s: Span) -> list[dict[str, Any]]:
    out = [{"id": s.id, "from_name": FROM, "to_name": TO, "type": "labels", "origin": "manual",
            "value": {"start": s.start, "end": s.end, "text": s.text, "labels": [s.label]}}]  # fmt: skip
    if s.note:
        out.append({"id": s.id, "from_name": NOTE, "to_name": TO, "type": "textarea",
                    "value": {"start": s.start, "end": s.end, "text": [s.note]}})  # fmt: skip
    return out


def record_to_task(rec: Record) -> tuple[dict[str, Any], int, int]:
    """(the task, spans written, relations left out because their spans are in two annotations)."""
    d = rec.doc
    groups: dict[tuple[str, str], list[Span]] = {}
    for s in sorted(rec.spans, key=lambda s: (*s.sort_key(), s.id)):
        if s.status in _STATUS_ORDER:
            groups.setdefault((s.status, s.annotator), []).append(s)
    where = {s.id: key for key, spans in groups.items() for s in spans}
    rels: dict[tuple[str, str], list[Relation]] = {}
    left_out = 0
    order = {s.id: i for i, s in enumerate(s for spans in groups.values() for s in spans)}
    # by content, not by id or time (Label Studio keeps neither): a round trip writes the same file
    for r in sorted(rec.relations, key=lambda r: (order.get(r.head, -1), order.get(r.tail, -1), r.label)):
        if r.head in where and where[r.head] == where.get(r.tail):
            rels.setdefault(where[r.head], []).append(r)
        elif r.head in where and r.tail in where:
            left_out += 1
    task: dict[str, Any] = {"data": {"text": d.text, "doc_id": d.id, "title": d.title}}
    annotations, predictions = [], []
    for (status, annotator), spans in sorted(groups.items(), key=lambda kv: (_STATUS_ORDER[kv[0][0]], kv[0][1])):
        result = [item for s in spans for item in _region(s)]
        result += [{"from_id": r.head, "to_id": r.tail, "type": "relation", "direction": "right", "labels": [r.label]}
                   for r in rels.get((status, annotator), [])]  # fmt: skip
        if status == "accepted":
            ann: dict[str, Any] = {"result": result, "was_cancelled": False, "ground_truth": False,
                                   "created_at": min(s.created_at for s in spans),
                                   "updated_at": max(s.updated_at for s in spans)}  # fmt: skip
            if annotator:
                ann["completed_by"] = {"username": annotator}
            annotations.append(ann)
        else:
            predictions.append({"model_version": annotator or MODEL, "result": result})
    task["annotations"] = annotations
    if predictions:
        task["predictions"] = predictions
    return task, sum(len(v) for v in groups.values()), left_out


def config_xml(labels: Iterable[str], relation_labels: Iterable[str]) -> str:
    rel = sorted(set(relation_labels))
    out = ["<View>"]
    if rel:
        out += ["  <Relations>", *(f"    <Relation value={quoteattr(x)}/>" for x in rel), "  </Relations>"]
    out.append(f'  <Labels name="{FROM}" toName="{TO}">')
    out += [f"    <Label value={quoteattr(x)}/>" for x in sorted(set(labels))]
    out += ["  </Labels>", f'  <Text name="{TO}" value="$text"/>', '  <View visibleWhen="region-selected">',
            f'    <TextArea name="{NOTE}" toName="{TO}" perRegion="true" editable="true" rows="2"/>', "  </View>",
            "</View>", ""]  # fmt: skip
    return "\n".join(out)


def write(records: Iterable[Record], out: TextIO, *, offsets: str = "codepoint", beside: Path | None = None,
          warn: Callable[[str], None] | None = None) -> int:  # fmt: skip
    """The tasks as a JSON array (one task per line, so a diff stays readable); the labelling config to `beside`."""
    if offsets not in OFFSETS:
        raise ValueError(f"labelstudio counts offsets in code points only ({OFFSETS_REASON})")
    n = left_out = 0
    labels: set[str] = set()
    relation_labels: set[str] = set()
    out.write("[")
    first = True
    for rec in records:
        task, k, lost = record_to_task(rec)
        n += k
        left_out += lost
        labels.update(s.label for s in rec.spans if s.status in _STATUS_ORDER)
        relation_labels.update(r["labels"][0] for a in (*task["annotations"], *task.get("predictions", []))
                               for r in a["result"] if r["type"] == "relation")  # fmt: skip
        out.write("\n" if first else ",\n")
        out.write(dumps_line(task))
        first = False
    out.write("\n]\n")
    if beside is not None:
        with atomic_text(beside) as fh:
            fh.write(config_xml(labels, relation_labels))
    elif warn:
        warn(f"labelstudio: no labelling config written (the tasks went to standard output); "
             f"export with -o FILE to get {BESIDE} beside it")  # fmt: skip
    if left_out and warn:
        warn(f"labelstudio: {left_out} relations join spans of two annotators (or of an accepted and a suggested "
             "span) and were left out: a Label Studio relation joins regions of one annotation")  # fmt: skip
    return n


def sniff_file(path: Path) -> bool:
    """A JSON array whose first element is a task (`"data"` object): what Label Studio exports and imports."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"[") and (b'"data"' in head or head[1:].strip() in (b"]", b""))


def sniff(obj: Any) -> bool:
    """A JSON-lines task: `data` is an object and `annotations` or `predictions` is there."""
    return (isinstance(obj, dict) and isinstance(obj.get("data"), dict)
            and ("annotations" in obj or "predictions" in obj))  # fmt: skip


def read(path: Path, *, offsets: str = "codepoint") -> Iterator[Record | Problem]:
    if offsets not in OFFSETS:
        yield Problem(str(path), f"Label Studio offsets are code points ({OFFSETS_REASON}): --offsets {offsets} "
                                 "does not apply; file skipped")  # fmt: skip
        return
    if sniff_file(path):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                yield Problem(str(path), f"larger than {MAX_FILE_BYTES} bytes")
                return
            tasks = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
            yield Problem(str(path), f"not a JSON array of Label Studio tasks ({e})")
            return
        if not isinstance(tasks, list) or not tasks:
            yield Problem(str(path), "no tasks (an empty JSON array)")
            return
        for i, task in enumerate(tasks, 1):
            yield from _task(task, str(path), f"task {i}", None, f"{path.stem}-{i}")
        return
    for item in iter_json_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        lineno, obj = item
        tasks = obj if isinstance(obj, list) else [obj]
        for i, task in enumerate(tasks, 1):
            where = f"task {i}" if len(tasks) > 1 else "task"
            yield from _task(task, str(path), where, lineno, f"{path.stem}-{lineno}")


def _task(task: Any, path: str, where: str, lineno: int | None, default_id: str) -> Iterator[Record | Problem]:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        yield Problem(path, f'{where}: expected a task, an object with "data"', lineno)
        return
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str):
        strings = [v for v in data.values() if isinstance(v, str)]
        text = strings[0] if len(strings) == 1 else None
    if not isinstance(text, str) or not text:
        yield Problem(path, f'{where}: no "data.text" (nor a single string in "data")', lineno)
        return
    doc_id = data.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        doc_id = f"{Path(path).stem}-{task['id']}" if is_int(task.get("id")) else default_id
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    blocks: list[tuple[str, str, str, Any, dict[str, Any]]] = []  # (name, status, annotator, result, times)
    for key, status in (("annotations", "accepted"), ("predictions", "suggested")):
        items = task.get(key) or []
        if not isinstance(items, list):
            yield Problem(path, f'{where}: "{key}" is not a list; skipped', lineno)
            continue
        for k, a in enumerate(items, 1):
            name = f"{where} {key[:-1]} {k}"
            if not isinstance(a, dict):
                yield Problem(path, f"{name}: not an object; skipped", lineno)
                continue
            if a.get("was_cancelled") and a.get("result"):
                yield Problem(path, f"{name}: cancelled (skipped) in Label Studio; not imported", lineno)
                continue
            who = _annotator(a.get("completed_by")) if status == "accepted" else _model(a.get("model_version"))
            times: dict[str, Any] = {k: a[src] for k, src in (("created_at", "created_at"), ("updated_at", "updated_at"))
                     if isinstance(a.get(src), str) and a[src]}  # fmt: skip
            blocks.append((name, status, who, a.get("result") or [], times))
    if not any(b[3] for b in blocks):
        text = normalise(text, drop_bom=False)  # without spans, normalising cannot shift any offset
    doc = Document(id=doc_id, text=text, title=title, source=path)
    spans: list[Span] = []
    relations: list[Relation] = []
    used: set[str] = set()
    for name, status, who, result, times in blocks:
        if not isinstance(result, list):
            yield Problem(path, f'{name}: "result" is not a list; skipped', lineno)
            continue
        regions: dict[str, Span] = {}
        notes: list[tuple[int, dict[str, Any]]] = []
        links: list[tuple[int, dict[str, Any]]] = []
        for j, r in enumerate(result, 1):
            kind = r.get("type") if isinstance(r, dict) else None
            if kind == "relation":
                links.append((j, r))
            elif kind == "textarea":
                notes.append((j, r))
            elif kind == "labels":
                got = _labels(r, doc, status, who, used, times)
                if isinstance(got, str):
                    yield Problem(path, f"{name} result {j}: {got}; skipped", lineno)
                    continue
                for s in got:
                    spans.append(s)
                rid = r.get("id")
                if isinstance(rid, str | int) and got:
                    regions.setdefault(str(rid), got[0])
            else:
                yield Problem(path, f"{name} result {j}: type {kind!r} is not a text span, a note or a relation; "
                                    "skipped", lineno)  # fmt: skip
        for j, r in notes:
            value: dict[str, Any] = r["value"] if isinstance(r.get("value"), dict) else {}
            note = value.get("text")
            note = "\n".join(x for x in note if isinstance(x, str)) if isinstance(note, list) else note
            span = regions.get(str(r.get("id")))
            if span is None or not isinstance(note, str):
                yield Problem(path, f"{name} result {j}: a note for no labelled region of this annotation; skipped",
                              lineno)  # fmt: skip
            elif note:
                span.note = f"{span.note}\n{note}" if span.note else note
        for j, r in links:
            ends = [regions.get(str(r.get(k))) for k in ("from_id", "to_id")]
            if ends[0] is None or ends[1] is None or ends[0] is ends[1]:
                yield Problem(path, f"{name} result {j}: relation between {r.get('from_id')!r} and {r.get('to_id')!r}, "
                                    "which are not two labelled regions of this annotation; skipped", lineno)  # fmt: skip
                continue
            head, tail = (ends[1], ends[0]) if r.get("direction") == "left" else (ends[0], ends[1])
            labels = r.get("labels")
            label = labels[0] if isinstance(labels, list) and labels and isinstance(labels[0], str) else "related"
            relations.append(Relation(doc_id=doc.id, head=head.id, tail=tail.id, label=label, annotator=who,
                                      status=status, origin="import"))  # fmt: skip
    yield Record(doc, spans, relations=relations)


def _labels(r: dict[str, Any], doc: Document, status: str, who: str, used: set[str],
            times: dict[str, Any]) -> list[Span] | str:  # fmt: skip
    value = r.get("value")
    if not isinstance(value, dict):
        return 'no "value"'
    start, end, labels = value.get("start"), value.get("end"), value.get("labels")
    if not isinstance(start, int) or not isinstance(end, int) or not is_int(start) or not is_int(end):
        return '"value.start" and "value.end" must be integers (a HyperText region is not a text span)'
    bad = check_range(doc.text, start, end)
    if bad:
        return bad
    covered = doc.text[start:end]
    if isinstance(value.get("text"), str) and value["text"] != covered:
        return f"text {value['text'][:40]!r} does not match the document at {start}..{end} ({covered[:40]!r})"
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x for x in labels):
        return '"value.labels" must be a list of labels'
    out = []
    for label in labels:
        rid = r.get("id")
        sid = str(rid) if isinstance(rid, str | int) and str(rid) and str(rid) not in used else uuid7()
        used.add(sid)
        out.append(Span(doc_id=doc.id, start=start, end=end, label=label, text=covered, annotator=who,
                        status=status, origin="import", id=sid, **times))  # fmt: skip
    return out


def _annotator(v: Any) -> str:
    if isinstance(v, dict):
        for key in ("email", "username"):
            if isinstance(v.get(key), str) and v[key]:
                return str(v[key])
        name = " ".join(str(v[k]) for k in ("first_name", "last_name") if isinstance(v.get(k), str) and v[k])
        if name:
            return name
        v = v.get("id")
    if is_int(v):
        return f"label-studio-user-{v}"
    return v if isinstance(v, str) else ""


def _model(v: Any) -> str:
    return "" if v in (None, "", MODEL) else str(v)

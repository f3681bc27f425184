"""brat standoff: a folder with `ID.txt` (the stored text, byte for byte) and `ID.ann` per document, plus
`annotation.conf` listing the entity types, so brat opens the folder as a collection as it is.

`.ann` lines (brat's standoff format):
- `T1<TAB>TYPE START END<TAB>covered text` for a span; one that crosses a line break is written, as brat itself
  does, as fragments `START END;START END` (one per line), whose covered texts are joined by a single space.
  Line breaks are `\\n` and the other characters some line reader breaks on (U+2028, U+0085, VT, FF, ...), so
  every `.ann` line stays one line for any reader. Line breaks at either end of a span cannot be written (a
  fragment never covers one): brat keeps the span without them; a span of line breaks only is left out.
- `#1<TAB>AnnotatorNotes T1<TAB>note` for a note. brat lines are single lines, so the note is escaped:
  `\\` -> `\\\\`, newline -> `\\n`, tab -> `\\t`, any other line break -> `\\uXXXX`; import undoes exactly these.

Types: brat types cannot contain spaces, so every whitespace character in a label becomes `_`
("anonymous source" -> `anonymous_source`). `annotation.conf` records each type's original label in a comment
line `# tui-reader-label<TAB>TYPE<TAB>"JSON label"`, so import restores labels exactly, even ones with a real `_`;
a folder without those lines (made by brat or another tool) gets `_` read back as a space.
Two labels that would give the same type get `_2`, `_3`, ... appended (the comment lines keep them apart).

Offsets: brat's server (Python) counts code points, and so does this format by default; brat's web client
counted UTF-16 units and drew spans after an emoji one place off per astral character (brat #1115): the files
are right, that display is not. `--offsets utf16` writes and reads UTF-16 units for tools that want them.

File names: the document id, with `/`, `\\` and control characters replaced by `_` (and a leading `.` too);
import takes the id back from the file name. Lost: title, source, annotator, status (imported as accepted),
span ids, attrs, timestamps, links, progress (and relation ids, annotators and statuses).

Relations: `R1<TAB>attributed_to Arg1:T3 Arg2:T5` (head is Arg1, tail is Arg2; the type is written like an
entity type and restored through the same comment lines). annotation.conf declares each relation type under
`[relations]` with the entity types its heads and tails have in this export (`attributed_to<TAB>Arg1:quote|claim,
Arg2:anonymous_source`), so brat accepts every relation written. A relation whose span could not be written (a
span of line breaks only) is left out with it. On import an `R` line becomes a relation between the two spans;
one that names an annotation the file lacks, or that lacks `Arg1`/`Arg2`, is reported with its line and skipped.
Other `.ann` lines (events, attributes, normalisations) are not imported; one that points at an annotation the
file lacks is reported (a damaged file). A discontinuous span (fragments with anything but line breaks between
them, `0 5;6 11`) is reported and skipped: a span here is one stretch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tui_reader.atomic import BREADCRUMB
from tui_reader.corpus import Problem, Record, normalise
from tui_reader.formats.common import LINE_BREAKS, check_range, from_unit, offset_converter, to_unit
from tui_reader.models import Document, Relation, Span

NAME = "brat"
DIRECTORY = True
EXTENSION = ""
SPAN_IDS = False
CONF = "annotation.conf"
LABEL_COMMENT = "# tui-reader-label\t"
_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]")
_ESCAPE = re.compile(r"\\(\\|n|t|u[0-9a-fA-F]{4})")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def brat_type(label: str) -> str:
    return re.sub(r"\s", "_", label)


def escape_note(note: str) -> str:
    return "".join(_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ch in LINE_BREAKS else ch) for ch in note)


def unescape_note(raw: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return {"\\": "\\", "n": "\n", "t": "\t"}.get(code) or chr(int(code[1:], 16))

    return _ESCAPE.sub(one, raw)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The maximal runs of `text[start:end]` that contain no line break."""
    frags = []
    i = start
    while i < end:
        while i < end and text[i] in LINE_BREAKS:
            i += 1
        j = i
        while j < end and text[j] not in LINE_BREAKS:
            j += 1
        if j > i:
            frags.append((i, j))
        i = j
    return frags


def file_stem(doc_id: str, used: set[str]) -> str:
    stem = _UNSAFE.sub("_", doc_id) or "_"
    if stem.startswith("."):
        stem = "_" + stem[1:]
    base, n = stem, 1
    while stem in used:
        n += 1
        stem = f"{base}_{n}"
    used.add(stem)
    return stem


def ann_lines(rec: Record, types: dict[str, str], offsets: str = "codepoint") -> tuple[list[str], int]:
    """The `.ann` lines of one document and the number of spans they hold (`types` maps span and relation
    labels to brat types)."""
    text = rec.doc.text
    conv = offset_converter(text, offsets)
    lines: list[str] = []
    notes: list[str] = []
    tids: dict[str, str] = {}  # span id -> T id
    n = 0
    for s in sorted(rec.spans, key=Span.sort_key):
        frags = fragments(text, s.start, s.end)
        if not frags:
            continue
        n += 1
        tids[s.id] = f"T{n}"
        locs = ";".join(f"{to_unit(conv, a)} {to_unit(conv, b)}" for a, b in frags)
        covered = " ".join(text[a:b] for a, b in frags)
        lines.append(f"T{n}\t{types[s.label]} {locs}\t{covered}")
        if s.note:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{n}\t{escape_note(s.note)}")
    rels: list[str] = []
    for r in sorted(rec.relations, key=lambda r: (int(tids.get(r.head, "T0")[1:]), int(tids.get(r.tail, "T0")[1:]),
                                                     r.label, r.id)):  # fmt: skip
        if r.head in tids and r.tail in tids:
            rels.append(f"R{len(rels) + 1}\t{types[r.label]} Arg1:{tids[r.head]} Arg2:{tids[r.tail]}")
    return lines + rels + notes, n


def conf_text(types: dict[str, str], relation_args: dict[str, tuple[set[str], set[str]]] | None = None,
              entity_labels: set[str] | None = None) -> str:
    """annotation.conf: `types` maps every label (span or relation) to its brat type; `relation_args` maps each
    relation label to the span labels its heads and tails have in the export."""
    relation_args = relation_args or {}
    out = [
        BREADCRUMB,
        "# brat types cannot contain spaces: a space in a label is written as \"_\". The lines below give each",
        "# type's original label (as JSON) so tui-reader reads labels back exactly.",
    ]
    out += [f"{LABEL_COMMENT}{t}\t{json.dumps(label, ensure_ascii=False)}" for label, t in sorted(types.items())]
    out += ["", "[entities]"]
    out += sorted(t for label, t in types.items() if label not in relation_args
                  or (entity_labels is not None and label in entity_labels))  # fmt: skip
    out += ["", "[relations]"]
    for label, (heads, tails) in sorted(relation_args.items(), key=lambda kv: types[kv[0]]):
        arg1 = "|".join(sorted(types[x] for x in heads))
        arg2 = "|".join(sorted(types[x] for x in tails))
        out.append(f"{types[label]}\tArg1:{arg1}, Arg2:{arg2}")
    out += ["# spans may overlap in any way", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
            "", "[events]", "", "[attributes]", ""]  # fmt: skip
    return "\n".join(out)


def _users_file(name: str) -> bool:
    """A file of an earlier export's folder that the new export carries over: brat's visual.conf, tools.conf,
    kb_shortcuts.conf and the like are the user's; documents and annotation.conf are the export's."""
    return name != CONF and not name.endswith((".txt", ".ann"))


def write(records: Iterable[Record], out: Path, *, offsets: str = "codepoint") -> int:
    """Write the folder whole: built in a temporary folder beside `out`, every file fsynced, then renamed into
    place (an earlier export there is swapped out in one step). Never a half-written collection."""
    from tui_reader.atomic import atomic_dir, write_durable

    out = Path(out)
    types: dict[str, str] = {}
    used_types: set[str] = set()
    used_stems: set[str] = set()
    total = 0
    relation_args: dict[str, tuple[set[str], set[str]]] = {}
    entity_labels: set[str] = set()

    def type_of(label: str) -> None:
        if label not in types:
            t = base = brat_type(label)
            k = 1
            while t in used_types:
                k += 1
                t = f"{base}_{k}"
            types[label] = t
            used_types.add(t)

    with atomic_dir(out, keep=_users_file) as tmp:
        for rec in records:
            for s in rec.spans:
                type_of(s.label)
                entity_labels.add(s.label)
            by_id = {s.id: s for s in rec.spans}
            for r in rec.relations:
                if r.head in by_id and r.tail in by_id:
                    type_of(r.label)
                    heads, tails = relation_args.setdefault(r.label, (set(), set()))
                    heads.add(by_id[r.head].label)
                    tails.add(by_id[r.tail].label)
            stem = file_stem(rec.doc.id, used_stems)
            lines, n = ann_lines(rec, types, offsets)
            write_durable(tmp / f"{stem}.txt", rec.doc.text)
            write_durable(tmp / f"{stem}.ann", "".join(line + "\n" for line in lines))
            total += n
        write_durable(tmp / CONF, conf_text(types, relation_args, entity_labels))
    return total


def read_label_map(folder: Path) -> dict[str, str]:
    """brat type -> label, from the comment lines tui-reader writes into annotation.conf."""
    conf = folder / CONF
    found: dict[str, str] = {}
    if not conf.is_file():
        return found
    for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(LABEL_COMMENT):
            parts = line[len(LABEL_COMMENT):].split("\t", 1)
            try:
                label = json.loads(parts[1]) if len(parts) == 2 else None
            except json.JSONDecodeError:
                label = None
            if isinstance(label, str) and label:
                found[parts[0]] = label
    return found


def read(path: Path, *, offsets: str = "codepoint") -> Iterator[Record | Problem]:
    folder = Path(path)
    if not folder.is_dir():
        yield Problem(str(folder), "a brat collection is a folder of .txt and .ann files")
        return
    labels = read_label_map(folder)
    txts = sorted(p for p in folder.rglob("*.txt") if not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if not txts:
        yield Problem(str(folder), "no .txt files in this brat folder")
    for txt in txts:
        yield from _read_document(txt, labels, offsets)


def _decode(p: Path) -> str | Problem:
    try:
        return p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        return Problem(str(p), f"not UTF-8 (invalid byte at byte offset {e.start})")
    except OSError as e:
        return Problem(str(p), e.strerror or str(e))


def _read_document(txt: Path, labels: dict[str, str], offsets: str) -> Iterator[Record | Problem]:
    text = _decode(txt)
    if isinstance(text, Problem):
        yield text
        return
    ann = txt.with_suffix(".ann")
    raw_ann = _decode(ann) if ann.exists() else ""
    if isinstance(raw_ann, Problem):
        yield raw_ann
        return
    lines = raw_ann.split("\n")
    if not any(line.startswith("T") for line in lines):
        text = normalise(text, drop_bom=False)  # without spans no offset can shift; a U+FEFF is text, as brat reads it
    if not text.strip():
        yield Problem(str(txt), "empty file")
        return
    doc = Document(id=txt.stem, text=text, source=str(txt))
    conv = offset_converter(text, offsets)
    spans: dict[str, Span] = {}
    notes: list[tuple[int, str, str]] = []
    refs: list[tuple[int, str, list[str]]] = []  # (line, id, annotation ids it points at): relations, events...
    defined: set[str] = set()
    rel_lines: list[tuple[int, str]] = []
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if line.startswith("T"):
            got = _text_bound(line, text, conv, labels, doc.id)
            if isinstance(got, str):
                yield Problem(str(ann), got, lineno)
            elif got[0] in spans:
                yield Problem(str(ann), f"{got[0]} is defined twice; the second is skipped", lineno)
            else:
                spans[got[0]] = got[1]
        elif line.startswith("#"):
            parts = line.split("\t", 2)
            kind, _, target = parts[1].partition(" ") if len(parts) > 1 else ("", "", "")
            if kind == "AnnotatorNotes" and len(parts) == 3:
                notes.append((lineno, target.strip(), unescape_note(parts[2])))
        elif line.startswith("R"):
            rel_lines.append((lineno, line))
            got_refs = _references(line)
            if got_refs is not None:
                defined.add(got_refs[0])
        elif line[:1] in ("E", "A", "M", "N", "*"):
            got_refs = _references(line)
            if got_refs is not None:
                refs.append((lineno, *got_refs))
                defined.add(got_refs[0])
    for lineno, target, note in notes:
        if target in spans:
            s = spans[target]
            s.note = f"{s.note}\n{note}" if s.note else note
        elif target.startswith("T"):
            yield Problem(str(ann), f"note for {target}, which is not a text annotation here", lineno)
    # events and attributes are not imported (see the module's docstring), but one that points at an annotation
    # this file lacks (or whose line was bad) means the file is damaged: say so, never drop it without a word
    late: list[Problem] = []  # the problems of lines that point at others, reported in line order
    for lineno, rid, targets in refs:
        missing = [t for t in targets if t not in spans and t not in defined]
        if missing:
            late.append(Problem(str(ann), f"{rid} points at {', '.join(missing)}, which is not an annotation here "
                                          "(events and attributes are not imported; this one is broken)", lineno))  # fmt: skip
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for lineno, line in rel_lines:
        rel = _relation(line, spans, labels, doc.id)
        if isinstance(rel, str):
            late.append(Problem(str(ann), f"{rel}; skipped", lineno))
        elif (rel.head, rel.tail, rel.label) in seen:
            late.append(Problem(str(ann), f"{line.split(chr(9), 1)[0]} repeats a relation of an earlier line; "
                                          "skipped", lineno))  # fmt: skip
        else:
            seen.add((rel.head, rel.tail, rel.label))
            relations.append(rel)
    yield from sorted(late, key=lambda p: p.line or 0)
    yield Record(doc, list(spans.values()), relations=relations)


def _relation(line: str, spans: dict[str, Span], labels: dict[str, str], doc_id: str) -> Relation | str:
    """A Relation from `R1<TAB>Type Arg1:T1 Arg2:T2`, or the reason it cannot be taken."""
    parts = line.split("\t")
    rid = parts[0]
    words = parts[1].split() if len(parts) > 1 else []
    if len(words) < 3:
        return f"{rid}: expected R<n><TAB>TYPE Arg1:T<n> Arg2:T<n>"
    args = dict(w.split(":", 1) for w in words[1:] if ":" in w)
    if "Arg1" not in args or "Arg2" not in args:
        return f"{rid}: expected TYPE Arg1:T<n> Arg2:T<n> (roles Arg1 and Arg2)"
    missing = [args[a] for a in ("Arg1", "Arg2") if args[a] not in spans]
    if missing:
        return f"{rid} points at {', '.join(missing)}, which is not a text annotation here"
    head, tail = spans[args["Arg1"]], spans[args["Arg2"]]
    if head is tail:
        return f"{rid}: Arg1 and Arg2 are the same annotation"
    label = labels.get(words[0]) or words[0].replace("_", " ")
    return Relation(doc_id=doc_id, head=head.id, tail=tail.id, label=label, origin="import")


def _references(line: str) -> tuple[str, list[str]] | None:
    """(this line's id, the annotation ids it points at) of a relation `R1<TAB>Type Arg1:T1 Arg2:T2`, an event
    `E1<TAB>Type:T1 Role:T2`, an attribute `A1<TAB>Name T1 [value]`, a normalisation `N1<TAB>Ref T1 db:id`
    or an equivalence `*<TAB>Equiv T1 T2`; None for a line of another shape."""
    parts = line.split("\t")
    if len(parts) < 2:
        return None
    rid, body = parts[0], parts[1]
    words = body.split()
    if not words:
        return None
    if rid.startswith(("A", "M")):  # Name TARGET [VALUE]
        targets = words[1:2]
    elif rid.startswith("N"):  # Reference TARGET DB:ID
        targets = words[1:2]
    elif rid.startswith("*"):  # Equiv T1 T2 ...
        targets = words[1:]
    else:  # R: Type Arg1:T1 Arg2:T2; E: Type:T1 Role:T2 ...
        targets = [w.split(":", 1)[1] for w in words if ":" in w]
    return rid, [t for t in targets if re.fullmatch(r"[TERAMN]\d+", t)]


def _text_bound(line: str, text: str, conv: Any, labels: dict[str, str], doc_id: str) -> tuple[str, Span] | str:
    parts = line.split("\t", 2)
    if len(parts) < 2:
        return "expected ID<TAB>TYPE START END<TAB>TEXT"
    tid, mid = parts[0], parts[1]
    btype, _, locs = mid.partition(" ")
    if not btype or not locs:
        return f"{tid}: expected TYPE START END"
    frags: list[tuple[int, int]] = []
    for loc in locs.split(";"):
        nums = loc.split()
        if len(nums) != 2 or not all(x.isascii() and x.isdigit() for x in nums):
            return f"{tid}: bad offsets {loc!r} (expected START END)"
        try:
            a, b = from_unit(conv, int(nums[0])), from_unit(conv, int(nums[1]))
        except ValueError as e:
            return f"{tid}: {e}"
        bad = check_range(text, a, b)
        if bad:
            return f"{tid}: {bad}"
        frags.append((a, b))
    covered = " ".join(text[a:b] for a, b in frags)
    if len(parts) == 3 and parts[2] != covered:
        return f"{tid}: text {parts[2][:40]!r} does not match the document ({covered[:40]!r})"
    frags.sort()
    for (_, b1), (a2, _) in zip(frags, frags[1:], strict=False):
        # fragments are one span only across line breaks (as brat and this exporter split them); any other gap,
        # a space included, makes a discontinuous annotation, which one stretch of text would misrepresent
        if a2 < b1 or any(ch not in LINE_BREAKS for ch in text[b1:a2]):
            return (f"{tid}: discontinuous span ({locs}, with {text[b1:a2][:20]!r} between the fragments); "
                    "a span here is one stretch of text")  # fmt: skip
    start, end = frags[0][0], max(b for _, b in frags)
    label = labels.get(btype) or btype.replace("_", " ")
    return tid, Span(doc_id=doc_id, start=start, end=end, label=label, text=text[start:end], origin="import")

"""Plain data: documents, spans (annotations), labels. No I/O beyond reading a label file, no Textual."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STATUSES = ("accepted", "suggested", "rejected")
PROGRESS = ("todo", "in-progress", "done")


def now_iso() -> str:
    """ISO-8601 UTC with millisecond precision and a trailing Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def sha256_text(text: str) -> str:
    import hashlib  # on the first import of a text, not at start-up

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_last_ms = 0
_seq = 0


def uuid7() -> str:
    """A time-ordered UUID in the v7 layout (RFC 9562): 48-bit ms timestamp, version, 12-bit counter, random.

    Time-ordered keys keep SQLite's B-tree appends local (random uuid4 keys made 1M inserts 2.6x slower).
    The counter keeps ids made within one millisecond in creation order.
    """
    global _last_ms, _seq
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms = _last_ms
        _seq += 1
        if _seq > 0xFFF:
            ms += 1
            _seq = 0
    else:
        _seq = 0
    _last_ms = ms
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | _seq << 64 | 0b10 << 62 | rand
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class Document:
    id: str
    text: str
    title: str = ""
    source: str = ""
    sha256: str = ""
    added_at: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = sha256_text(self.text)
        if not self.title:
            self.title = default_title(self.text, self.id)


def default_title(text: str, fallback: str) -> str:
    """The headline, not the site chrome above it (`titles.headline`)."""
    from tui_reader.titles import headline  # only when a document is made

    return headline(text, fallback)


@dataclass
class Span:
    doc_id: str
    start: int
    end: int
    label: str
    text: str
    id: str = field(default_factory=uuid7)
    note: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    annotator: str = ""
    status: str = "accepted"
    origin: str = "manual"
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""
    stale: bool = False  # True when re-anchoring after a source edit could not place it

    def __post_init__(self) -> None:
        if not self.updated_at:
            self.updated_at = self.created_at

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass
class Relation:
    """A typed, directed relation from one span (`head`) to another (`tail`) in the same document, e.g. a quote
    `attributed to` the anonymous source it rests on. Stored, undone, merged and exported like a span."""

    doc_id: str
    head: str  # span id
    tail: str  # span id
    label: str
    id: str = field(default_factory=uuid7)
    annotator: str = ""
    status: str = "accepted"  # accepted | suggested | rejected
    origin: str = "manual"
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""

    def __post_init__(self) -> None:
        if not self.updated_at:
            self.updated_at = self.created_at

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One row of the store's event log: a change to a span (before/after as dicts), an import, an undo..."""

    seq: int
    at: str
    annotator: str
    action: str
    span_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ref: int | None = None


@dataclass(frozen=True)
class DocumentHead:
    """The beginning of a document's text (`AnnotationStore.document_head`); `size` is the whole text in UTF-8."""

    id: str
    title: str
    text: str
    size: int
    complete: bool


@dataclass
class DocSummary:
    """A document as the document list shows it (`AnnotationStore.document_summaries`)."""

    id: str
    title: str
    spans: int
    status: str  # progress of the annotator asked about: todo | in-progress | done


class LabelError(ValueError):
    """A label file that cannot be used; the message names the problem."""


@dataclass(frozen=True)
class Label:
    name: str
    key: str
    colour: str
    description: str = ""


DEFAULT_LABELS = (
    Label("claim", "1", "#4f7cff", "An assertion presented as fact that could be checked."),
    Label("quote", "2", "#2fa84f", "Words attributed to a speaker, direct or reported."),
    Label("statistic", "3", "#d08a00", "A number with what it counts or measures."),
    Label("anonymous source", "4", "#c0407a", "A source the article does not name."),
)


@dataclass(frozen=True)
class RelationType:
    """A kind of relation a label file allows (`[[relation]]`): from a span labelled one of `heads` to one
    labelled one of `tails` (an empty tuple: any label)."""

    name: str
    heads: tuple[str, ...] = ()
    tails: tuple[str, ...] = ()
    key: str = ""
    description: str = ""

    def refuses(self, head_label: str, tail_label: str) -> str | None:
        """Why a relation of this type cannot go from a `head_label` span to a `tail_label` one (None: it can)."""
        if self.heads and head_label not in self.heads:
            return (f"{self.name!r} cannot start at a {head_label!r} span (it starts at "
                    f"{', '.join(self.heads)})")  # fmt: skip
        if self.tails and tail_label not in self.tails:
            return f"{self.name!r} cannot point to a {tail_label!r} span (it points to {', '.join(self.tails)})"
        return None


# `attributed to`: a claim, quote or statistic -> the span it rests on: an anonymous source, or another claim,
# quote or statistic (a claim resting on a statistic, a statistic taken from a quote). docs/relations.md.
DEFAULT_RELATION_TYPES = (
    RelationType("attributed to", ("claim", "quote", "statistic"),
                 ("anonymous source", "quote", "claim", "statistic"), "",
                 "What a claim, quote or statistic rests on: the anonymous source or other span it is attributed to."),
)  # fmt: skip


@dataclass
class LabelSet:
    labels: list[Label]
    relation_types: list[RelationType] = field(default_factory=lambda: list(DEFAULT_RELATION_TYPES))

    @classmethod
    def default(cls) -> LabelSet:
        return cls(list(DEFAULT_LABELS), list(DEFAULT_RELATION_TYPES))

    def relation_type(self, name: str) -> RelationType | None:
        return next((t for t in self.relation_types if t.name == name), None)

    def relation_refused(self, name: str, head_label: str, tail_label: str) -> str | None:
        """Why a `name` relation from a `head_label` span to a `tail_label` span is not allowed (None: allowed)."""
        t = self.relation_type(name)
        if t is None:
            known = ", ".join(repr(x.name) for x in self.relation_types) or "none are defined"
            return f"unknown relation type {name!r} (known: {known})"
        return t.refuses(head_label, tail_label)

    def relation_types_from(self, head_label: str) -> list[RelationType]:
        """The relation types that may start at a span with this label."""
        return [t for t in self.relation_types if not t.heads or head_label in t.heads]

    @classmethod
    def from_toml(cls, path: str | Path) -> LabelSet:
        """Read `[[label]]` tables (name, key, colour, description). Errors name the file and the problem."""
        import tomllib  # only with --labels

        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LabelError(f"{p}: label file not found") from None
        except UnicodeDecodeError as e:
            raise LabelError(f"{p}: not UTF-8 (byte {e.start})") from None
        except tomllib.TOMLDecodeError as e:
            raise LabelError(f"{p}: not valid TOML: {e}") from None
        raw = data.get("label", data.get("labels"))
        if not isinstance(raw, list) or not raw:
            raise LabelError(f"{p}: expected one or more [[label]] tables with name, key, colour")
        labels: list[Label] = []
        seen_keys: set[str] = set()
        seen_names: set[str] = set()
        for i, item in enumerate(raw, 1):
            if not isinstance(item, dict):
                raise LabelError(f"{p}: label {i} is not a table")
            for fld in ("name", "key", "colour", "color", "description"):  # never str(["x"]) as a label name
                v = item.get(fld, "")
                if not isinstance(v, str) and not (fld == "key" and type(v) is int):  # key = 1 is clear enough
                    raise LabelError(f"{p}: label {i}: {fld} must be a string, not {_toml_kind(v)}")
            name = str(item.get("name", "")).strip()
            if not name:
                raise LabelError(f"{p}: label {i} has no name")
            key = str(item.get("key", str(i) if i <= 9 else "")).strip()
            if key and (len(key) != 1 or not key.isdigit() or key == "0"):
                raise LabelError(f"{p}: label {name!r}: key must be one digit 1-9, got {key!r}")
            colour = str(item.get("colour", item.get("color", "#888888"))).strip()
            if not _valid_colour(colour):
                raise LabelError(f"{p}: label {name!r}: colour {colour!r} is not #rrggbb")
            if name in seen_names:
                raise LabelError(f"{p}: label {name!r} is defined twice")
            if key and key in seen_keys:
                raise LabelError(f"{p}: key {key!r} is used by two labels")
            seen_names.add(name)
            if key:
                seen_keys.add(key)
            labels.append(Label(name, key, colour, str(item.get("description", ""))))
        return cls(labels, _relation_types(p, data, [lb.name for lb in labels]))

    def by_key(self, key: str) -> Label | None:
        return next((lb for lb in self.labels if lb.key == key), None)

    def by_name(self, name: str) -> Label | None:
        return next((lb for lb in self.labels if lb.name == name), None)

    def colour(self, name: str) -> str:
        lb = self.by_name(name)
        return lb.colour if lb else "#888888"

    @property
    def names(self) -> list[str]:
        return [lb.name for lb in self.labels]


def _toml_kind(v: Any) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", list: "an array", dict: "a table"}
    return kinds.get(type(v), "a date or time")


def _relation_types(p: Path, data: dict[str, Any], names: list[str]) -> list[RelationType]:
    """`[[relation]]` tables (name, heads, tails, key, description). Without any, the default types restricted
    to the labels this file defines (a type left with no head or no tail label is dropped); `relation = []`
    declares none."""
    if "relation" not in data:
        out = []
        for t in DEFAULT_RELATION_TYPES:
            heads = tuple(x for x in t.heads if x in names)
            tails = tuple(x for x in t.tails if x in names)
            if heads and tails:
                out.append(RelationType(t.name, heads, tails, t.key, t.description))
        return out
    raw = data["relation"]
    if not isinstance(raw, list):
        raise LabelError(f"{p}: expected [[relation]] tables with name, heads, tails")
    types: list[RelationType] = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise LabelError(f"{p}: relation {i} is not a table")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise LabelError(f"{p}: relation {i} has no name (a string)")
        name = name.strip()
        if any(t.name == name for t in types):
            raise LabelError(f"{p}: relation {name!r} is defined twice")
        ends: list[tuple[str, ...]] = []
        for field_name in ("heads", "tails"):
            value = item.get(field_name, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise LabelError(f"{p}: relation {name!r}: {field_name} must be a list of label names")
            unknown = [x for x in value if x not in names]
            if unknown:
                raise LabelError(f"{p}: relation {name!r}: {field_name} names {unknown[0]!r}, which is not a label "
                                 "of this file")  # fmt: skip
            ends.append(tuple(value))
        key = item.get("key", "")
        if not isinstance(key, str) or len(key) > 1 or (key and not key.isprintable()):
            raise LabelError(f"{p}: relation {name!r}: key must be one character, got {key!r}")
        if key and any(t.key == key for t in types):
            raise LabelError(f"{p}: key {key!r} is used by two relations")
        description = item.get("description", "")
        if not isinstance(description, str):
            raise LabelError(f"{p}: relation {name!r}: description must be a string")
        types.append(RelationType(name, ends[0], ends[1], key, description))
    return types


def _valid_colour(c: str) -> bool:
    return len(c) == 7 and c[0] == "#" and all(ch in "0123456789abcdefABCDEF" for ch in c[1:])

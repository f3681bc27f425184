"""An annotator's decisions (training data), excerpts of big documents, samples of many."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# --- decisions --------------------------------------------------------------------------------------------------


@dataclass
class Decisions:
    """An annotator's decisions: positive spans per document, rejected spans, and the documents decided in."""

    positive: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    negative: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # doc_id -> text, for every document decided in

    @property
    def documents(self) -> list[str]:
        return sorted(self.texts)

    def count(self) -> tuple[int, int]:
        return sum(map(len, self.positive.values())), sum(map(len, self.negative.values()))


BIG_TEXT = 1_000_000  # characters: a decided document longer than this is trained on excerpts (`excerpts`)
EXCERPT_CONTEXT = 2  # paragraphs kept before and after each paragraph holding a decision


def excerpts(dec: Decisions, big: int = BIG_TEXT) -> Decisions:
    """The decisions with every document longer than `big` characters cut down to the paragraphs holding a
    decision and EXCERPT_CONTEXT paragraphs either side, joined by line breaks, the spans' offsets moved with
    them (`text[start:end]` is the same span text). A training then costs what was decided, not the size of the
    document: features, rules and propagation over a 50 MB article ran to gigabytes."""
    if all(len(t) <= big for t in dec.texts.values()):
        return dec
    out = Decisions({}, {}, {})
    for doc_id, text in dec.texts.items():
        pos, neg = dec.positive.get(doc_id, []), dec.negative.get(doc_id, [])
        if len(text) <= big:
            out.texts[doc_id] = text
            if pos:
                out.positive[doc_id] = pos
            if neg:
                out.negative[doc_id] = neg
            continue
        ranges: list[list[int]] = []
        for s, e, _lb in sorted((*pos, *neg)):
            a = text.rfind("\n", 0, s) + 1
            for _ in range(EXCERPT_CONTEXT):
                a = text.rfind("\n", 0, max(a - 1, 0)) + 1 if a else 0
            b = e
            for _ in range(EXCERPT_CONTEXT + 1):
                nl = text.find("\n", b)
                b = len(text) if nl == -1 else nl + 1
            b = min(b, len(text))
            if ranges and a <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], b)
            else:
                ranges.append([a, b])
        parts: list[str] = []
        starts: list[tuple[int, int, int]] = []
        at = 0
        for a, b in ranges:
            starts.append((a, b, at))
            piece = text[a:b]
            parts.append(piece if piece.endswith("\n") else piece + "\n")
            at += len(parts[-1])

        def moved(spans: list[tuple[int, int, str]], starts: list[tuple[int, int, int]] = starts
                  ) -> list[tuple[int, int, str]]:
            out_spans = []
            for s, e, lb in spans:
                a, _b, base = next(r for r in starts if r[0] <= s and e <= r[1])
                out_spans.append((s - a + base, e - a + base, lb))
            return out_spans

        out.texts[doc_id] = "".join(parts)
        if pos:
            out.positive[doc_id] = moved(pos)
        if neg:
            out.negative[doc_id] = moved(neg)
    return out


def decisions(store: Any, annotator: str | None = None) -> Decisions:
    """Accepted spans (manual or decided suggestions) and rejected ones of `annotator` (everyone when None); a
    suggestion accepted under another label is also a rejection of the label it was suggested with."""
    out = Decisions()
    annotators = [annotator] if annotator is not None else []
    for sp in store.iter_spans(annotators=annotators, statuses=("accepted", "rejected")):
        if sp.stale:
            continue
        bucket = out.positive if sp.status == "accepted" else out.negative
        bucket.setdefault(sp.doc_id, []).append((sp.start, sp.end, sp.label))
        was = (sp.attrs or {}).get("suggested_as")
        if sp.status == "accepted" and isinstance(was, str) and was != sp.label:  # relabelled: not a `was`
            out.negative.setdefault(sp.doc_id, []).append((sp.start, sp.end, was))
        if sp.doc_id not in out.texts:
            out.texts[sp.doc_id] = store.document_text(sp.doc_id)
    return out




def _sample(dec: Decisions, words: int) -> Decisions:
    """The decided documents, or, when they hold more than `words` words, documents spread evenly over them (by
    id) up to about that many: the cost of a training stays bounded however much has been decided."""
    docs = dec.documents
    sizes = {d: len(dec.texts[d].split()) for d in docs}
    total = sum(sizes.values())
    if total <= words:
        return dec
    step = total / words
    kept = [d for i, d in enumerate(docs) if int(i / step) != int((i - 1) / step) or i == 0]
    return _subset(dec, kept)


def _subset(dec: Decisions, doc_ids: Iterable[str]) -> Decisions:
    ids = set(doc_ids)
    return Decisions({d: v for d, v in dec.positive.items() if d in ids},
                     {d: v for d, v in dec.negative.items() if d in ids},
                     {d: t for d, t in dec.texts.items() if d in ids})  # fmt: skip



"""Inter-annotator agreement: pure functions over span lists and document lengths (no SQL, no I/O).

Definitions (the same ones `docs/teams.md` gives users):

- Only the spans passed in count; the callers pass *accepted* spans (suggestions and rejections are nobody's
  final judgement).
- A pair of annotators is compared over the documents **both touched** (an accepted span or a progress row).
- **Exact F1**: a span is the tuple (doc, start, end, label); identical tuples of one annotator count once.
  TP = tuples both have; F1 = 2·TP / (|A| + |B|) (symmetric: precision of one side is recall of the other).
- **Overlap F1**: same document, same label, and the character ranges share at least one character. Matching is
  one-to-one and greedy: all overlapping pairs sorted by overlap length (longest first, then by position), a
  pair is taken when neither span is matched yet. TP = matched pairs; F1 = 2·TP / (|A| + |B|).
- F1 with one side empty and the other not is 0.0; with both sides empty it is undefined (None / JSON null):
  there was nothing to agree or disagree about.
- **Per-character label**: the label of the span covering that character, "O" if none; a character that one
  annotator covered with spans of *different* labels gets the combined label ("claim+quote", sorted names),
  so agreeing on it means marking both. Per label, a character is L (covered by an L span) or "O".
- **Cohen's kappa** pools the characters of all shared documents: κ = (pₒ − pₑ) / (1 − pₑ). When pₑ = 1 (both
  gave every character the same single label, e.g. neither marked anything) κ is undefined (None): agreement is
  total but carries no information. No characters: None.
- **Krippendorff's alpha** (nominal, units = characters) over three or more annotators: each character of a
  document is a unit valued by every selected annotator who touched the document; units with fewer than two
  values are left out. α = 1 − Dₒ / Dₑ; None when Dₑ = 0 (a single label everywhere) or no pairable unit.

- **Relations** (exact): a relation is the tuple (doc, head start, head end, head label, tail start, tail end,
  tail label, relation label), from the spans at its two ends (whoever made them); identical tuples of one
  annotator count once. Per pair, over the documents both touched: TP = tuples both have; precision = TP/|A|
  and recall = TP/|B| (A's relations judged against B's), F1 = 2·TP / (|A| + |B|); None when undefined.

Characters are never enumerated one by one: labels are piecewise constant between span boundaries, so every
count is a sum over segments (cost grows with the number of spans, not with the length of the text).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, combinations
from typing import Any, Protocol

OUTSIDE = "O"


class SpanLike(Protocol):
    doc_id: str
    start: int
    end: int
    label: str


Key = tuple[str, int, int, str]  # (doc_id, start, end, label)


def _keys(spans: Iterable[SpanLike]) -> set[Key]:
    return {(s.doc_id, s.start, s.end, s.label) for s in spans}


def f1(tp: int, n_a: int, n_b: int) -> float | None:
    """2·TP / (n_a + n_b); None when both sides are empty."""
    if n_a + n_b == 0:
        return None
    return 2 * tp / (n_a + n_b)


def exact_matches(a: Iterable[SpanLike], b: Iterable[SpanLike]) -> tuple[int, int, int]:
    """(TP, |A|, |B|) for exact matching of (doc, start, end, label); duplicates count once."""
    ka, kb = _keys(a), _keys(b)
    return len(ka & kb), len(ka), len(kb)


def overlap_matches(a: Iterable[SpanLike], b: Iterable[SpanLike]) -> tuple[int, int, int]:
    """(TP, |A|, |B|) for greedy one-to-one matching of same-label overlapping spans (see module doc)."""
    ka, kb = sorted(_keys(a)), sorted(_keys(b))
    by_group: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for k in kb:
        by_group[(k[0], k[3])].append(k)  # sorted by start within each (doc, label)
    reach = {g: list(accumulate((k[2] for k in ys), max)) for g, ys in by_group.items()}  # max end so far
    starts = {g: [k[1] for k in ys] for g, ys in by_group.items()}
    candidates: list[tuple[int, Key, Key]] = []
    for x in ka:
        g = (x[0], x[3])
        ys = by_group.get(g)
        if not ys:
            continue
        # only spans starting before x ends can overlap it; walking back, stop once none before reaches x
        j = bisect_left(starts[g], x[2]) - 1
        while j >= 0 and reach[g][j] > x[1]:
            y = ys[j]
            ov = min(x[2], y[2]) - max(x[1], y[1])
            if ov > 0:
                candidates.append((ov, x, y))
            j -= 1
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[Key] = set()
    used_b: set[Key] = set()
    for _ov, x, y in candidates:
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
    return len(used_a), len(ka), len(kb)


# -- per-character labels, as segments -----------------------------------------------------------------------
Segment = tuple[int, int, str]  # [start, end) with one label


def segments(spans: Iterable[SpanLike], length: int, label: str | None = None) -> list[Segment]:
    """The label of every character of one document as consecutive segments covering [0, length).

    With `label`, the labelling is binary: `label` where a span of that label covers the character, else "O".
    """
    deltas: dict[int, dict[str, int]] = {}
    for s in spans:
        if label is not None and s.label != label:
            continue
        start, end = max(0, s.start), min(length, s.end)
        if start >= end:
            continue
        d = deltas.setdefault(start, {})
        d[s.label] = d.get(s.label, 0) + 1
        d = deltas.setdefault(end, {})
        d[s.label] = d.get(s.label, 0) - 1
    out: list[Segment] = []
    active: dict[str, int] = {}  # label -> number of spans covering the current position
    name, pos = OUTSIDE, 0
    for p in sorted(deltas):
        if p > pos:
            if out and out[-1][2] == name:
                out[-1] = (out[-1][0], p, name)
            else:
                out.append((pos, p, name))
            pos = p
        for lb, dv in deltas[p].items():
            v = active.get(lb, 0) + dv
            if v:
                active[lb] = v
            else:
                active.pop(lb, None)
        name = _name(active)
    if pos < length:
        if out and out[-1][2] == name:
            out[-1] = (out[-1][0], length, name)
        else:
            out.append((pos, length, name))
    return out


def _name(active: dict[str, int]) -> str:
    if not active:
        return OUTSIDE
    if len(active) == 1:
        return next(iter(active))
    return "+".join(sorted(active))


def joint_segments(layers: Sequence[list[Segment]]) -> Iterable[tuple[int, tuple[str, ...]]]:
    """Walk several segmentations of one document together: (length, one label per layer) pieces."""
    cuts = sorted({b for segs in layers for s in segs for b in (s[0], s[1])})
    idx = [0] * len(layers)
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        values = []
        for i, segs in enumerate(layers):
            while segs[idx[i]][1] <= lo:
                idx[i] += 1
            values.append(segs[idx[i]][2])
        yield hi - lo, tuple(values)


def cohen_kappa(confusion: Mapping[tuple[str, str], int]) -> float | None:
    """κ from counts of (label by A, label by B) pairs; None when undefined (no items, or pₑ = 1)."""
    n = sum(confusion.values())
    if n == 0:
        return None
    agree = sum(c for (x, y), c in confusion.items() if x == y)
    row: Counter[str] = Counter()
    col: Counter[str] = Counter()
    for (x, y), c in confusion.items():
        row[x] += c
        col[y] += c
    p_o = agree / n
    p_e = sum(row[k] * col[k] for k in row) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1 - p_e)


def krippendorff_alpha(units: Iterable[tuple[int, Sequence[str]]]) -> float | None:
    """Nominal α from weighted units: (weight = number of identical units, the values coders gave).

    Coincidences: a unit with m values adds cnt[c]·cnt[k]/(m−1) to o[c,k] (c ≠ k) and cnt[c]·(cnt[c]−1)/(m−1)
    to o[c,c]; n_c = Σ_k o[c,k]; Dₒ = Σ_{c≠k} o[c,k] / n; Dₑ = Σ_{c≠k} n_c·n_k / (n·(n−1)); α = 1 − Dₒ/Dₑ.
    """
    o_diff = 0.0
    n_c: Counter[str] = Counter()
    for weight, values in units:
        m = len(values)
        if m < 2 or weight <= 0:
            continue
        cnt = Counter(values)
        for c, nc in cnt.items():
            n_c[c] += weight * nc  # Σ_k o[c,k] over one unit is cnt[c]·(m−1)/(m−1)
            o_diff += weight * nc * (m - nc) / (m - 1)
    n = sum(n_c.values())
    if n <= 1:
        return None
    d_e_num = n * n - sum(v * v for v in n_c.values())  # Σ_{c≠k} n_c·n_k
    if d_e_num == 0:
        return None
    d_o = o_diff / n
    d_e = d_e_num / (n * (n - 1))
    return 1 - d_o / d_e


# -- relations --------------------------------------------------------------------------------------------------
RelationKey = tuple[str, int, int, str, int, int, str, str]  # doc, head start/end/label, tail start/end/label, label


class RelationLike(Protocol):
    head: str
    tail: str
    label: str


def relation_keys(relations: Iterable[RelationLike], spans_by_id: Mapping[str, SpanLike]) -> set[RelationKey]:
    """Relations as comparable tuples of their ends' offsets and labels (a relation whose span is unknown is left out)."""
    out: set[RelationKey] = set()
    for r in relations:
        h, t = spans_by_id.get(r.head), spans_by_id.get(r.tail)
        if h is not None and t is not None:
            out.add((h.doc_id, h.start, h.end, h.label, t.start, t.end, t.label, r.label))
    return out


@dataclass
class RelationScores:
    tp: int
    n_a: int
    n_b: int

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_a if self.n_a else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_b if self.n_b else None

    @property
    def f1(self) -> float | None:
        return f1(self.tp, self.n_a, self.n_b)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "n_a": self.n_a, "n_b": self.n_b, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}  # fmt: skip


def relation_scores(a: Iterable[RelationKey], b: Iterable[RelationKey], docs: Iterable[str]) -> RelationScores:
    """Exact relation agreement of A against B over `docs` (see the module doc)."""
    keep = set(docs)
    ka = {k for k in a if k[0] in keep}
    kb = {k for k in b if k[0] in keep}
    return RelationScores(len(ka & kb), len(ka), len(kb))


# -- the report ----------------------------------------------------------------------------------------------
@dataclass
class Scores:
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None
    n_a: int
    n_b: int

    def to_dict(self) -> dict[str, Any]:
        return {"exact_f1": self.exact_f1, "overlap_f1": self.overlap_f1, "kappa": self.kappa,
                "n_a": self.n_a, "n_b": self.n_b}  # fmt: skip


@dataclass
class PairReport:
    a: str
    b: str
    documents: int
    overall: Scores
    per_label: dict[str, Scores] = field(default_factory=dict)
    relations: RelationScores | None = None  # None: relations were not compared

    def to_dict(self) -> dict[str, Any]:
        out = {"a": self.a, "b": self.b, "documents": self.documents, **self.overall.to_dict(),
               "per_label": {k: v.to_dict() for k, v in self.per_label.items()}}  # fmt: skip
        if self.relations is not None:
            out["relations"] = self.relations.to_dict()
        return out


@dataclass
class AgreementReport:
    annotators: list[str]
    pairs: list[PairReport]
    alpha: float | None
    alpha_documents: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": self.annotators, "pairs": [p.to_dict() for p in self.pairs], "alpha": self.alpha,
                "alpha_documents": self.alpha_documents}  # fmt: skip


def _scores(a: Sequence[SpanLike], b: Sequence[SpanLike], docs: Sequence[str], lengths: Mapping[str, int],
            label: str | None) -> Scores:  # fmt: skip
    ex_tp, n_a, n_b = exact_matches(a, b)
    ov_tp, _, _ = overlap_matches(a, b)
    by_doc_a, by_doc_b = _by_doc(a), _by_doc(b)
    confusion: Counter[tuple[str, str]] = Counter()
    for d in docs:
        n = lengths.get(d, 0)
        sa, sb = segments(by_doc_a.get(d, ()), n, label), segments(by_doc_b.get(d, ()), n, label)
        for w, (x, y) in joint_segments([sa, sb]):
            confusion[(x, y)] += w
    return Scores(f1(ex_tp, n_a, n_b), f1(ov_tp, n_a, n_b), cohen_kappa(confusion), n_a, n_b)


def _by_doc(spans: Iterable[SpanLike]) -> dict[str, list[SpanLike]]:
    out: dict[str, list[SpanLike]] = defaultdict(list)
    for s in spans:
        out[s.doc_id].append(s)
    return out


def compare_pair(a_name: str, b_name: str, a: Sequence[SpanLike], b: Sequence[SpanLike],
                 docs: Iterable[str], lengths: Mapping[str, int],
                 labels: Sequence[str] | None = None) -> PairReport:  # fmt: skip
    """Scores of two annotators over `docs` (the documents both touched); spans elsewhere are ignored.

    `labels`: restrict everything to these labels (overall scores then cover only them, and per-label
    entries are made for them); None: all labels either side used.
    """
    docs = sorted(set(docs))
    keep = set(docs)
    a = [s for s in a if s.doc_id in keep and (labels is None or s.label in labels)]
    b = [s for s in b if s.doc_id in keep and (labels is None or s.label in labels)]
    if labels is not None and len(labels) == 1:
        overall = _scores(a, b, docs, lengths, labels[0])
    else:
        overall = _scores(a, b, docs, lengths, None)
    names = sorted(set(labels) if labels is not None else {s.label for s in (*a, *b)})
    per_label = {
        lb: _scores([s for s in a if s.label == lb], [s for s in b if s.label == lb], docs, lengths, lb)
        for lb in names
    }
    return PairReport(a_name, b_name, len(docs), overall, per_label)


def alpha_over(spans: Mapping[str, Sequence[SpanLike]], touched: Mapping[str, set[str]],
               lengths: Mapping[str, int], label: str | None = None) -> tuple[float | None, int]:  # fmt: skip
    """(Krippendorff's alpha, documents used) over every document touched by two or more of the annotators."""
    by_ann = {name: _by_doc(s) for name, s in spans.items()}
    docs: Counter[str] = Counter(d for ds in touched.values() for d in ds)
    shared = sorted(d for d, c in docs.items() if c >= 2)

    def units() -> Iterable[tuple[int, Sequence[str]]]:
        for d in shared:
            coders = [name for name in sorted(spans) if d in touched.get(name, set())]
            n = lengths.get(d, 0)
            layers = [segments(by_ann[c].get(d, ()), n, label) for c in coders]
            yield from joint_segments(layers)

    return krippendorff_alpha(units()), len(shared)


def agreement(spans: Mapping[str, Sequence[SpanLike]], touched: Mapping[str, set[str]],
              lengths: Mapping[str, int], labels: Sequence[str] | None = None,
              relations: Mapping[str, set[RelationKey]] | None = None) -> AgreementReport:  # fmt: skip
    """Every pair of annotators in `spans` (name -> accepted spans), each over the documents both touched;
    alpha too when there are three or more annotators (None otherwise). With `relations` (name -> relation
    keys, `relation_keys`), each pair gets exact relation agreement too (with `labels`, only relations whose
    two ends carry those labels count)."""
    names = sorted(spans)
    if labels is not None:
        spans = {n: [s for s in ss if s.label in labels] for n, ss in spans.items()}
        if relations is not None:
            relations = {n: {k for k in ks if k[3] in labels and k[6] in labels} for n, ks in relations.items()}
    pairs = []
    for x, y in combinations(names, 2):
        shared = touched.get(x, set()) & touched.get(y, set())
        pair = compare_pair(x, y, spans[x], spans[y], shared, lengths, labels)
        if relations is not None:
            pair.relations = relation_scores(relations.get(x, set()), relations.get(y, set()), shared)
        pairs.append(pair)
    alpha, alpha_docs = None, 0
    if len(names) >= 3:
        only = labels[0] if labels is not None and len(labels) == 1 else None
        alpha, alpha_docs = alpha_over(spans, touched, lengths, only)
    return AgreementReport(names, pairs, alpha, alpha_docs)


def format_report(report: AgreementReport) -> str:
    """A readable table: one row per pair, then per-label rows indented under it."""

    def num(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    if len(report.annotators) < 2:
        return "agreement needs two or more annotators with accepted spans or progress (found: " + (
            ", ".join(report.annotators) or "none") + ")"  # fmt: skip
    rows = [("pair / label", "docs", "n_a", "n_b", "exact F1", "overlap F1", "kappa")]
    for p in report.pairs:
        o = p.overall
        rows.append((f"{p.a} ~ {p.b}", str(p.documents), str(o.n_a), str(o.n_b), num(o.exact_f1),
                     num(o.overlap_f1), num(o.kappa)))  # fmt: skip
        for lb, s in p.per_label.items():
            rows.append((f"  {lb}", "", str(s.n_a), str(s.n_b), num(s.exact_f1), num(s.overlap_f1), num(s.kappa)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    rel_pairs = [p for p in report.pairs if p.relations is not None and (p.relations.n_a or p.relations.n_b)]
    if rel_pairs:
        rrows = [("relations (exact)", "docs", "n_a", "n_b", "both", "precision", "recall", "F1")]
        for p in rel_pairs:
            r = p.relations
            assert r is not None
            rrows.append((f"{p.a} ~ {p.b}", str(p.documents), str(r.n_a), str(r.n_b), str(r.tp), num(r.precision),
                          num(r.recall), num(r.f1)))  # fmt: skip
        rw = [max(len(r[i]) for r in rrows) for i in range(len(rrows[0]))]
        lines.append("")
        lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, rw, strict=True)))
                  for r in rrows[:1]]  # fmt: skip
        lines.append("  ".join("-" * w for w in rw))
        lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, rw, strict=True)))
                  for r in rrows[1:]]  # fmt: skip
        lines.append("A relation matches when both ends (offsets, labels) and its label match; precision: a's "
                     "relations that b has too.")  # fmt: skip
    if len(report.annotators) >= 3:
        lines.append(f"Krippendorff's alpha (nominal, per character, {report.alpha_documents} documents): "
                     f"{num(report.alpha)}")  # fmt: skip
    lines.append("'-': undefined (no spans either side, or chance agreement is total). Accepted spans only.")
    return "\n".join(lines)

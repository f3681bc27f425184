"""Storing suggestions: spans with status "suggested" and `attributed to` relations between them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tui_reader.models import LabelSet
from tui_reader.suggest.api import suggest_text
from tui_reader.suggest.text import DEFAULT_RULES, SPEECH_VERBS, Suggestion

# --- relations: a quote attributed to the anonymous source the attribution names ------------------------------
ATTRIBUTED_TO = "attributed to"
# “…,” a senior official said / “…,” said two officials / “…,” according to a source: the source right after
_GAP_AFTER = re.compile(rf"[ \t]*,?[ \t]*(?P<verb>(?:{SPEECH_VERBS})[ \t]+|according[ \t]+to[ \t]+)?", re.I)
_SPEAKS = re.compile(rf"[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})\b", re.I)
# A senior official said: “…” / One official told reporters that “…”: the source just before
_GAP_BEFORE = re.compile(rf"[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})(?:[ \t]+[\w’'-]+){{0,3}}?(?:[ \t]+that)?"
                         rf"[ \t]*[:,]?[ \t]*", re.I)  # fmt: skip


def suggest_relations(text: str, found: Sequence[Suggestion]) -> list[tuple[Suggestion, Suggestion]]:
    """(quote, anonymous source) pairs where the quote's attribution names the source: the source stands right
    after the quote with its speech verb (“…,” a senior official said / “…,” said two officials / “…,”
    according to a source) or right before it ("A senior official said: “…”"). Pure: no store."""
    quotes = [g for g in found if g.rule == "quote"]
    sources = [g for g in found if g.rule == "anonymous_source"]
    pairs: list[tuple[Suggestion, Suggestion]] = []
    for q in quotes:
        after = next((a for a in sources if a.start >= q.end and _GAP_AFTER.fullmatch(text, q.end, a.start)), None)
        if after is not None:
            m = _GAP_AFTER.fullmatch(text, q.end, after.start)
            if m is not None and (m.group("verb") or _SPEAKS.match(text, after.end)):
                pairs.append((q, after))
                continue
        before = next((a for a in reversed(sources) if a.end <= q.start
                       and _GAP_BEFORE.fullmatch(text, a.end, q.start)), None)  # fmt: skip
        if before is not None:
            pairs.append((q, before))
    return pairs


def store_relation_suggestions(store: Any, doc_id: str, text: str, found: Sequence[Suggestion], *,
                               annotator: str = "", labels: LabelSet | None = None) -> int:  # fmt: skip
    """Store `attributed to` relations (status "suggested", origin "rule") from each quote to the anonymous source
    its attribution names (`suggest_relations`), between the spans the rules stored. Left out: a pair the label
    set's relation types refuse, a pair whose spans were both decided already (accepted or rejected: the
    annotator related them or not), and a pair with this relation already, in any status (a rejected suggestion
    stays rejected). Returns how many were added."""
    pairs = suggest_relations(text, found)
    if not pairs:
        return 0
    labels = labels or LabelSet.default()
    spans: dict[tuple[int, int, str], Any] = {}
    for sp in store.spans(doc_id):
        key = (sp.start, sp.end, sp.label)
        if key not in spans or sp.status == "suggested":  # the rules' own span first
            spans[key] = sp
    added = 0
    for q, a in pairs:
        head, tail = spans.get((q.start, q.end, q.label)), spans.get((a.start, a.end, a.label))
        if head is None or tail is None or labels.relation_refused(ATTRIBUTED_TO, head.label, tail.label):
            continue
        if "rejected" in (head.status, tail.status) or (head.status, tail.status) == ("accepted", "accepted"):
            continue
        if any(r.tail == tail.id and r.label == ATTRIBUTED_TO for r in store.relations_of(head.id)):
            continue
        store.add_relation(head.id, tail.id, ATTRIBUTED_TO, annotator=annotator, status="suggested", origin="rule",
                           event="relation-suggest")  # fmt: skip
        added += 1
    return added


def store_suggestions(
    store: Any,
    doc_ids: Iterable[str] | None = None,
    *,
    rules: Mapping[str, str | None] = DEFAULT_RULES,
    annotator: str = "",
    on_document: Callable[[str, int], None] | None = None,
    labels: LabelSet | None = None,
) -> dict[str, Any]:
    """Store rule suggestions for `doc_ids` (all documents when None) as spans with status "suggested" and
    origin "rule:<name>". A span with the same (start, end, label) in any status is never added again.

    Also `attributed to` relations from a quote to the anonymous source its attribution names
    (`store_relation_suggestions`; `labels`, default the default label set, decides which types exist).
    Returns {"documents": n, "added": k, "existing": m, "per_label": {label: added}, "relations": r}.
    """
    ids = list(doc_ids) if doc_ids is not None else store.document_ids()
    for d in ids:
        if not store.has_document(d):
            raise ValueError(f"no document with id {d!r}")
    totals: dict[str, Any] = {"documents": 0, "added": 0, "existing": 0, "per_label": {}, "relations": 0}
    for d in ids:
        text = store.document_text(d)
        found = suggest_text(text, rules)
        added = store.add_spans_if_new(
            d, [(g.start, g.end, g.label, f"rule:{g.rule}", g.attrs) for g in found],
            annotator=annotator, status="suggested",
        )  # fmt: skip
        totals["documents"] += 1
        totals["added"] += len(added)
        totals["existing"] += len(found) - len(added)
        for sp in added:
            totals["per_label"][sp.label] = totals["per_label"].get(sp.label, 0) + 1
        totals["relations"] += store_relation_suggestions(store, d, text, found, annotator=annotator, labels=labels)
        if on_document:
            on_document(d, len(added))
    return totals

"""Build dev.jsonl, test.jsonl, dev_anon.jsonl, fresh.jsonl, clean.jsonl and ndev.jsonl from spans.tsv and texts/, checking every span.

Split rule (fixed before any rule was changed): odd-numbered texts (dev_01, dev_03, ... dev_11) are the dev
split, even-numbered ones (dev_02, ... dev_12) the test split. Texts added later (extra_01 ...) are dev: they
were added to give the rules more to learn from, after the test split was scored. Texts named unseen_01 ... are
test: added later to make the test figures rest on more spans, labelled before any rule was run on them.
Texts named anon_01 ... are a dev split labelled for anonymous sources only ("dev_anon": quotes and statistics
are not labelled in them, so only the anonymous-source figures mean anything there). Rules are tuned on dev only.
Texts named fresh_01 ... are the "fresh" split, also labelled for anonymous sources only: a batch none of the rule or
model work had seen; its errors were looked at on Dec 1 (00:00), since then it is dev text for the anonymous-source
work (SOURCES.md). Texts named clean_01 ... are the "clean" split (anonymous sources only), labelled after that:
scored once per change by the lead (counts only) and never tuned on. Texts named ndev_01 ... are the "ndev" split:
dev text (anonymous sources only) sampled like the clean split (pages taken in a fixed order, not chosen for their
sources), to tune on text like the clean split's.

spans.tsv: `document<TAB>Q|S|A<TAB>exact text`, looked up in text order from the previous span of the document; an
optional fourth column `after:<text>` starts the lookup at the next occurrence of <text> instead (for a short
span such as "police" whose first occurrence after the previous span is not the one meant).

Run: python tests/data/news_gold/build.py   (exits non-zero when a span is not found or offsets disagree)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
LABELS = {"Q": "quote", "S": "statistic", "A": "anonymous source"}


def split_of(doc_id: str) -> str:
    if doc_id.startswith("anon_"):
        return "dev_anon"
    if doc_id.startswith("fresh_"):
        return "fresh"
    if doc_id.startswith("clean_"):
        return "clean"
    if doc_id.startswith("ndev_"):
        return "ndev"
    if doc_id.startswith("extra_"):
        return "dev"
    if doc_id.startswith("unseen_"):
        return "test"
    return "dev" if int(doc_id.rsplit("_", 1)[1]) % 2 == 1 else "test"


def locate(lines: list[str], texts: dict[str, str], source: str = "spans.tsv") -> tuple[dict[str, list[dict]], list[str]]:
    """Each span line (`document<TAB>Q|S|A<TAB>text[<TAB>after:<text>]`) looked up in text order: {doc: spans} and
    the errors (a span or anchor not found). Also used by bench/bench_label_agreement.py for a second labelling."""
    spans: dict[str, list[dict]] = {d: [] for d in texts}
    last: dict[str, int] = {}
    errors = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        doc, code, span, *anchor = line.split("\t")
        text = texts[doc]
        begin = last.get(doc, 0)
        if anchor:
            at = text.find(anchor[0].removeprefix("after:"), begin)
            if not anchor[0].startswith("after:") or at < 0:
                errors.append(f"{source}:{n}: {doc}: anchor not found after offset {begin}: {anchor[0][:60]!r}")
                continue
            begin = at
        start = text.find(span, begin)
        while start >= 0 and any(sp["start"] == start and sp["text"] == span for sp in spans[doc]):
            start = text.find(span, start + 1)  # the same text again: its next occurrence
        if start < 0:
            errors.append(f"{source}:{n}: {doc}: not found after offset {last.get(doc, 0)}: {span[:60]!r}")
            continue
        last[doc] = start
        spans[doc].append({"start": start, "end": start + len(span), "label": LABELS[code], "text": span})
    return spans, errors


def build() -> dict[str, list[dict]]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((HERE / "texts").glob("*.txt"))}
    spans, errors = locate((HERE / "spans.tsv").read_text(encoding="utf-8").splitlines(), texts)
    if errors:
        sys.exit("\n".join(errors))
    out: dict[str, list[dict]] = {"dev": [], "test": [], "dev_anon": [], "fresh": [], "clean": [], "ndev": []}
    for doc, text in texts.items():
        for sp in spans[doc]:
            assert text[sp["start"] : sp["end"]] == sp["text"]
        out[split_of(doc)].append({"id": doc, "text": text, "spans": sorted(spans[doc], key=lambda s: (s["start"], s["end"]))})
    return out


if __name__ == "__main__":
    for name, docs in build().items():
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for d in docs:
            for sp in d["spans"]:
                counts[sp["label"]] = counts.get(sp["label"], 0) + 1
        print(name, len(docs), "documents", counts)

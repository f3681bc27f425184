"""Generate a native-JSONL corpus (DESIGN §6) for the bulk benchmarks, streamed to disk one document a line.

Realistic prose: paragraphs of news sentences with curly quotes, apostrophes, dashes, accented names and emoji
(single astral code points, a flag pair and a ZWJ sequence), so code-point offsets differ from UTF-16 and UTF-8
byte offsets. Every span is valid: `text[start:end] == span["text"]`, spans sorted by (start, end, label).

    python bench/gen_corpus.py OUT.jsonl [--docs 1000] [--spans 1000000] [--seed 7] [--quick]

Deterministic for a given (docs, spans, seed). Memory stays flat: one document is built, written, dropped.
Most spans are `accepted`, one in ten `suggested` (so an export's default status filter has work to do).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

LABELS = ("claim", "quote", "statistic", "anonymous source")
ANNOTATORS = ("alice", "bob", "chloé")
NAMES = ("the minister", "Ms Okonkwo", "Mr Dubois", "the mayor", "José Álvarez", "a spokeswoman",
         "Dr Nguyễn", "the company’s chief executive", "an official who asked not to be named")  # fmt: skip
SUBJECTS = ("The government", "Inflation", "The council", "Unemployment", "The central bank", "Rainfall",
            "The committee", "Ticket sales", "The opposition", "Exports", "The union", "Rents")  # fmt: skip
VERBS = ("rose", "fell", "announced", "rejected", "confirmed", "denied", "doubled", "stalled", "approved",
         "criticised", "welcomed", "questioned")  # fmt: skip
OBJECTS = ("the proposal", "by 4.2 per cent", "the new budget", "a €3bn package", "the report’s findings",
           "plans for a second runway", "the figures", "to 1,250 in March", "a ban on short-term lets",
           "the deal — for now", "its forecast for 2027", "claims of a cover-up")  # fmt: skip
TAILS = ("", " last week", " on Tuesday", " despite protests", " after months of talks", " 📈", " 🙂",
         " in Zürich", " (🇫🇷)", " 👩‍💻", " — again")  # fmt: skip
QUOTES = ("We will not back down", "It’s simply not true", "Nobody saw this coming", "The numbers speak for "
          "themselves", "This is a good day for the city 🎉", "We’re still waiting for answers")  # fmt: skip


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.25:
        return f"“{rng.choice(QUOTES)},” said {rng.choice(NAMES)}{rng.choice(TAILS)}."
    if kind < 0.35:
        return f"According to {rng.choice(NAMES)}, ‘{rng.choice(QUOTES).lower()}’."
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}, "
            f"{rng.choice(NAMES)} said.")  # fmt: skip


def article(rng: random.Random, chars: int) -> str:
    paras: list[str] = []
    size = 0
    while size < chars:
        p = " ".join(sentence(rng) for _ in range(rng.randint(3, 9)))
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras)


def word_bounds(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    prev_space = True
    for i, ch in enumerate(text):
        space = ch in " \n"
        if prev_space and not space:
            starts.append(i)
        elif space and not prev_space:
            ends.append(i)
        prev_space = space
    if not prev_space:
        ends.append(len(text))
    return starts, ends


def make_spans(rng: random.Random, doc_id: str, text: str, n: int, clock: list[int]) -> list[dict[str, object]]:
    starts, ends = word_bounds(text)
    spans = []
    for _ in range(n):
        i = rng.randrange(len(starts))
        j = min(i + rng.randint(0, 24), len(ends) - 1)
        start, end = starts[i], ends[j]
        label = rng.choice(LABELS)
        clock[0] += rng.randint(1, 900)
        ms = clock[0]
        at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"
        v = ms << 80 | 0x7 << 76 | rng.getrandbits(12) << 64 | 0b10 << 62 | rng.getrandbits(62)  # uuid7 layout
        h = f"{v:032x}"
        span_id = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        spans.append({
            "id": span_id, "start": start, "end": end, "label": label, "text": text[start:end],
            "note": "checked against the “official” figures ✔" if rng.random() < 0.05 else "",
            "attrs": {"speaker": rng.choice(NAMES)} if label == "quote" and rng.random() < 0.5 else {},
            "annotator": rng.choice(ANNOTATORS),
            "status": "suggested" if rng.random() < 0.1 else "accepted",
            "origin": "manual", "created_at": at, "updated_at": at,
        })  # fmt: skip
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return spans


def dumps_line(obj: object) -> str:
    s = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    return s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u0085", "\\u0085")


def generate(out: Path, docs: int, spans: int, seed: int = 7, chars: int | None = None) -> Path:
    """Write the corpus to `out` (atomically) and return it."""
    rng = random.Random(seed)
    per_doc, extra = divmod(spans, docs)
    chars = chars or max(2_000, min(30_000, per_doc * 30))
    clock = [1_764_000_000_000]  # ms since the epoch, Nov 2025
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for d in range(docs):
            doc_id = f"doc{d:05d}"
            text = article(rng, chars)
            sp = make_spans(rng, doc_id, text, per_doc + (1 if d < extra else 0), clock)
            obj = {
                "id": doc_id, "title": f"Article {d}: {text[:60]}", "source": f"wire/{doc_id}.txt",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text, "offsets": "codepoint",
                "spans": sp, "links": [], "added_at": "2026-11-22T10:00:00.000Z", "meta": {"desk": "politics"},
                "progress": [],
            }  # fmt: skip
            fh.write(dumps_line(obj))
            fh.write("\n")
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--spans", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="a small corpus (20 documents, 2,000 spans)")
    a = ap.parse_args(argv)
    docs, spans = (20, 2_000) if a.quick else (a.docs, a.spans)
    t = time.perf_counter()
    generate(a.out, docs, spans, a.seed)
    size = a.out.stat().st_size
    print(f"wrote {a.out}: {docs:,} documents, {spans:,} spans, {size / 2**20:.1f} MiB "
          f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

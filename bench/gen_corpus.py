"""Generate a native-JSONL corpus (DESIGN §6) for the bulk benchmarks, streamed to disk one document a line.

Realistic prose: paragraphs of news sentences with curly quotes, apostrophes, dashes, accented names and emoji
(single astral code points, a flag pair and a ZWJ sequence), so code-point offsets differ from UTF-16 and UTF-8
byte offsets. Every span is valid: `text[start:end] == span["text"]`, spans sorted by (start, end, label).

    python bench/gen_corpus.py OUT.jsonl [--docs 1000] [--spans 1000000] [--seed 7] [--quick] [--echoes]

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


# --- a corpus for echoes at scale (bench/bench_echoes_scale.py) ---------------------------------------------
# The corpus above draws every sentence from a few dozen phrases, so every span echoes in a fifth of all
# documents: its echoes grow with the square of the corpus. Newsroom corpora are not like that: a wide
# vocabulary, and some claims repeated (copied, lightly edited) by a few other articles. This one has a
# Zipf-distributed vocabulary of invented words (accents included), emoji, curly quotes, and a pool of shared
# claims (one per two documents) that articles repeat with edits: a word replaced, dropped or added, a typo,
# two halves of the sentence swapped.

SYLLABLES = tuple(c + v for c in "bcdfghjklmnprstvwzñ" for v in "aeiouéöü") + ("str", "qu", "pl", "dr")
FUNCTION = ("the", "of", "and", "to", "a", "in", "that", "is", "for", "on", "with", "as", "was", "by", "it",
            "said", "at", "from", "his", "her", "their", "has", "have", "will", "not", "but", "be", "are")  # fmt: skip


def vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    words = list(FUNCTION)
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 5)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    cum, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cum.append(total)
    return words, cum


def prose_sentence(rng: random.Random, vocab: tuple[list[str], list[float]], n: int | None = None) -> str:
    words = rng.choices(vocab[0], cum_weights=vocab[1], k=n or rng.randint(8, 24))
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] += ","
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(("🙂", "📈", "👩‍💻", "(🇫🇷)", "—")))
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"“{words[i]}"
        words[-1] += "”"
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def edited(rng: random.Random, claim: str, vocab: tuple[list[str], list[float]]) -> str:
    """The claim as another article repeats it: unchanged half the time, else one light edit."""
    words = claim.split(" ")
    kind = rng.random()
    if kind < 0.5 or len(words) < 6:
        return claim
    i = rng.randrange(1, len(words) - 1)
    if kind < 0.6:
        words[i] = rng.choices(vocab[0], cum_weights=vocab[1])[0]
    elif kind < 0.7:
        del words[i]
    elif kind < 0.8:
        words.insert(i, rng.choices(vocab[0], cum_weights=vocab[1])[0])
    elif kind < 0.9 and len(words[i]) > 3:
        w = words[i]
        j = rng.randrange(len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    else:
        words = words[i:] + words[:i]
    return " ".join(words)


def generate_echo_corpus(out: Path, docs: int, spans: int, seed: int = 11, sentences: int = 18,
                         shared: float = 0.15) -> Path:  # fmt: skip
    """Write an echo corpus (native JSONL, every span accepted) to `out` atomically and return it."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    pool = [prose_sentence(rng, vocab) for _ in range(max(1, docs // 2))]
    span_docs = sorted(rng.choices(range(docs), k=spans))
    per_doc: dict[int, int] = {}
    for d in span_docs:
        per_doc[d] = per_doc.get(d, 0) + 1
    clock = 1_764_000_000_000
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for d in range(docs):
            doc_id = f"doc{d:05d}"
            parts: list[str] = []
            bounds: list[tuple[int, int, bool]] = []  # each sentence: start, end, from the pool
            pos = 0
            for k in range(sentences):
                from_pool = rng.random() < shared
                sent = edited(rng, rng.choice(pool), vocab) if from_pool else prose_sentence(rng, vocab)
                sep = "" if k == 0 else ("\n\n" if k % 5 == 0 else " ")
                pos += len(sep)
                parts.append(sep + sent)
                bounds.append((pos, pos + len(sent), from_pool))
                pos += len(sent)
            text = "".join(parts)
            sp = []
            for _ in range(per_doc.get(d, 0)):
                pooled = [b for b in bounds if b[2]]
                start, end, _ = rng.choice(pooled if pooled and rng.random() < 0.6 else bounds)
                if rng.random() < 0.5:  # part of the sentence: whole words
                    cuts = [start] + [start + i + 1 for i, ch in enumerate(text[start:end]) if ch == " "]
                    a = rng.randrange(len(cuts))
                    b = min(len(cuts), a + rng.randint(3, 15))
                    start, end = cuts[a], (cuts[b] - 1 if b < len(cuts) else end)
                clock += rng.randint(1, 900)
                at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(clock // 1000)) + f".{clock % 1000:03d}Z"
                h = f"{clock << 80 | 0x7 << 76 | rng.getrandbits(76):032x}"
                sp.append({"id": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", "start": start, "end": end,
                           "label": rng.choice(LABELS), "text": text[start:end], "note": "", "attrs": {},
                           "annotator": rng.choice(ANNOTATORS), "status": "accepted", "origin": "manual",
                           "created_at": at, "updated_at": at})  # fmt: skip
            sp.sort(key=lambda s: (s["start"], s["end"], s["label"]))
            obj = {
                "id": doc_id, "title": f"Article {d}", "source": f"wire/{doc_id}.txt",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text, "offsets": "codepoint",
                "spans": sp, "links": [], "added_at": "2026-11-22T10:00:00.000Z", "meta": {}, "progress": [],
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
    ap.add_argument("--echoes", action="store_true",
                    help="the echo corpus (wide vocabulary, shared claims; bench_echoes_scale.py)")  # fmt: skip
    a = ap.parse_args(argv)
    docs, spans = (20, 2_000) if a.quick else (a.docs, a.spans)
    t = time.perf_counter()
    if a.echoes:
        generate_echo_corpus(a.out, docs, spans, a.seed)
    else:
        generate(a.out, docs, spans, a.seed)
    size = a.out.stat().st_size
    print(f"wrote {a.out}: {docs:,} documents, {spans:,} spans, {size / 2**20:.1f} MiB "
          f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

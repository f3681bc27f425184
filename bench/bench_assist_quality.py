"""Quality of the rule suggestions: per label recall, precision (overlap match) and exact F1 on the five seeds,
the news dev split (rules tuned on it) and the news test split (never tuned on).

    .venv/bin/python bench/bench_assist_quality.py [--errors dev|test|seeds]

--errors prints each missed gold span and each wrong suggestion of a split (use it on dev only when tuning).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from tui_reader.evaluate import format_scores, load_gold, score_documents
from tui_reader.suggest import suggest_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SPLITS = {
    "seeds": DATA / "gold_seeds.jsonl",
    "dev": DATA / "news_gold" / "dev.jsonl",
    "test": DATA / "news_gold" / "test.jsonl",
}


def rule_spans(doc: dict) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in suggest_text(doc["text"])]


def errors(docs: list[dict]) -> None:
    for d in docs:
        t = d["text"]
        gold = [(g["start"], g["end"], g["label"]) for g in d["spans"]]
        sugg = rule_spans(d)
        for a, b, lb in gold:
            if not any(lb == l2 and a < d2 and c < b for c, d2, l2 in sugg):
                print(f"{d['id']} MISS  {lb:<17} {t[a:b]!r}")
        for a, b, lb in sugg:
            if not any(lb == l2 and a < d2 and c < b for c, d2, l2 in gold):
                print(f"{d['id']} WRONG {lb:<17} {t[a:b]!r}  …{t[max(0, a - 40):a]!r}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", choices=sorted(SPLITS))
    ap.add_argument("--quick", action="store_true", help="one timing run (the scores are the same)")
    args = ap.parse_args()
    if args.errors:
        errors(load_gold(SPLITS[args.errors]))
        return 0
    for name, path in SPLITS.items():
        docs = load_gold(path)
        words = sum(len(d["text"].split()) for d in docs)
        print(f"== {name}: {len(docs)} documents, {words} words")
        for line in format_scores(score_documents(docs, rule_spans)):
            print("  " + line)
    # speed, as a ratio to a floor measured in the same run: lower() + a word split of the same texts
    texts = [d["text"] for path in SPLITS.values() for d in load_gold(path)]
    runs = 1 if args.quick else 5
    floor, rules = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        for t in texts:
            t.lower().split()
        floor.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            suggest_text(t)
        rules.append(time.perf_counter() - t0)
    f, r = statistics.median(floor), statistics.median(rules)
    print(f"suggest_text on all {len(texts)} texts: {r * 1000:.0f} ms (spread {min(rules) * 1000:.0f}-"
          f"{max(rules) * 1000:.0f}) vs floor lower()+split() {f * 1000:.1f} ms = {r / f:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

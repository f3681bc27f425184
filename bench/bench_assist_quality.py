"""Quality of the rule suggestions: per label recall, precision (overlap match) and exact F1 on the five seeds,
the news dev split (rules tuned on it) and the news test split (never tuned on).

    .venv/bin/python bench/bench_assist_quality.py [--splits seeds,dev,dev_anon,fresh,test,clean] [--ids PREFIX] [--errors SPLIT]

By default the seeds and the two dev splits are scored; the test split only when named (`--splits test`, or
`--splits all`): every scoring of it is to be reported. `dev_anon` (anon_*) is labelled for anonymous sources
only, so only that label is scored there. `--ids anon_0` scores only the documents whose id starts so (a fresh
batch scored once before tuning on it). --errors prints each missed gold span and each wrong suggestion of a
split (dev, dev_anon or fresh only: the test and clean splits' errors are never printed).

The fresh split (fresh_*, anonymous sources only) was scored like the clean split until Dec 1, when its errors were
looked at: it is dev text now. The clean split (clean_*: articles labelled after that, anonymous sources only, so
only that label is scored) is scored only when named (`--splits clean`; `all` leaves it out): the lead scores it
once per change, counts only, and nothing is tuned on it.
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
    "dev_anon": DATA / "news_gold" / "dev_anon.jsonl",
    "test": DATA / "news_gold" / "test.jsonl",
    "fresh": DATA / "news_gold" / "fresh.jsonl",
    "clean": DATA / "news_gold" / "clean.jsonl",
    "ndev": DATA / "news_gold" / "ndev.jsonl",
}
ONLY_LABELS = {"dev_anon": {"anonymous source"}, "fresh": {"anonymous source"}, "clean": {"anonymous source"}, "ndev": {"anonymous source"}}  # splits labelled for some labels only
NEVER_SHOWN = ("test", "clean")  # splits whose errors are never printed: counts only


def rule_spans(doc: dict, labels: set[str] | None = None) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in suggest_text(doc["text"]) if labels is None or s.label in labels]


def errors(docs: list[dict], labels: set[str] | None = None) -> None:
    for d in docs:
        t = d["text"]
        gold = [(g["start"], g["end"], g["label"]) for g in d["spans"]]
        sugg = rule_spans(d, labels)
        for a, b, lb in gold:
            if not any(lb == l2 and a < d2 and c < b for c, d2, l2 in sugg):
                print(f"{d['id']} MISS  {lb:<17} {t[a:b]!r}")
        for a, b, lb in sugg:
            if not any(lb == l2 and a < d2 and c < b for c, d2, l2 in gold):
                print(f"{d['id']} WRONG {lb:<17} {t[a:b]!r}  …{t[max(0, a - 40):a]!r}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", metavar="{dev,dev_anon,fresh,ndev,seeds}")
    ap.add_argument("--splits", default="seeds,dev,dev_anon", help="comma-separated, or all (test included, clean not)")
    ap.add_argument("--ids", default="", help="only the documents whose id starts with one of these (comma-separated)")
    ap.add_argument("--quick", action="store_true", help="one timing run (the scores are the same)")
    args = ap.parse_args()
    if args.errors in NEVER_SHOWN:
        ap.error(f"the {args.errors} split's errors are never printed (it is scored, counts only, and never tuned on)")
    if args.errors and args.errors not in ("dev", "dev_anon", "fresh", "ndev", "seeds"):
        ap.error(f"--errors: unknown split {args.errors!r} (dev, dev_anon, fresh, ndev or seeds)")
    if args.errors:
        errors([d for d in load_gold(SPLITS[args.errors]) if d["id"].startswith(tuple(args.ids.split(",")))], ONLY_LABELS.get(args.errors))
        return 0
    names = [n for n in SPLITS if n != "clean"] if args.splits == "all" else args.splits.split(",")
    unknown = [n for n in names if n not in SPLITS]
    if unknown:
        ap.error(f"--splits: unknown split(s) {', '.join(unknown)} (one of {', '.join(SPLITS)}, or all)")
    for name in names:
        docs = [d for d in load_gold(SPLITS[name]) if d["id"].startswith(tuple(args.ids.split(",")))]
        if not docs:
            continue
        words = sum(len(d["text"].split()) for d in docs)
        print(f"== {name}: {len(docs)} documents, {words} words")
        only = ONLY_LABELS.get(name)
        for line in format_scores(score_documents(docs, lambda d, only=only: rule_spans(d, only))):
            print("  " + line)
    # speed, as a ratio to a floor measured in the same run: lower() + a word split of the same texts
    texts = [d["text"] for name in names for d in load_gold(SPLITS[name])]
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

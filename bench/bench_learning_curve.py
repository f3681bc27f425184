"""Learning curve: does learning from the annotator beat the rules alone on unseen news?

A simulated annotator follows the gold: on each training article it sees the suggestions (rules, plus
propagation from the articles before), accepts those identical to a gold span, rejects the others and tags the
gold spans still missing. After k articles a CRF is trained on those decisions (`learn.train`), and the
suggestions (rules + propagation + model, `learn.learned_suggestions`) are measured on four held-out articles of
the news test split (dev_06, dev_08, dev_10, dev_12: no rule was tuned on them, no model trained on them).
Training articles, in this order: the other eight news articles by file number (dev_01 ... dev_05, dev_07,
dev_09, dev_11: six of the dev split, two of the test split), the three extra dev articles, then the five seeds,
so k = 0, 2, 4, 8, 16.

    .venv/bin/python bench/bench_learning_curve.py [--ks 0,2,4,8,14] [--repeat 3]
    .venv/bin/python bench/bench_learning_curve.py --dev-cv

--dev-cv: the same simulation in two folds over the news dev split (train on one half then the seeds, measure on
the other half), with the rules as they were before the news split was used (read from git: PRE_ISSUE_RULES) as the rules
alone and as the rules the learner adds to. The dev split was written into today's rules, so only against the
earlier rules does it show what learning adds to rules that have not seen the text; the learner's settings
(features, score threshold, the checks on model suggestions) were chosen with this protocol, never on test.

Timing: training seconds (median of --repeat), suggestion time per 1,000 words for rules alone and for
rules + propagation + model (median and spread over --repeat runs over the test split).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from tui_reader.evaluate import LabelScore, load_gold, score_documents
from tui_reader.learn import Decisions, Memory, follow_gold, learned_suggestions, train
from tui_reader.suggest import suggest_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


HELD_OUT = ("dev_06", "dev_08", "dev_10", "dev_12", "unseen_01", "unseen_02")  # test split articles


PRE_ISSUE_RULES = "d9327ec"  # the last commit before the rules were tuned on the news dev split


def pre_issue_rules():
    """suggest_text as it was before tuning on the news dev split (from git; needs the repository's history)."""
    import importlib.util
    import subprocess
    import tempfile

    src = subprocess.run(["git", "show", f"{PRE_ISSUE_RULES}:src/tui_reader/suggest.py"], capture_output=True,
                         text=True, check=True, cwd=DATA.parents[1]).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "pre_issue_suggest.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pre_issue_suggest", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["pre_issue_suggest"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod.suggest_text


def dev_cv(ks: list[int]) -> None:
    import tui_reader.learn as learn

    old = pre_issue_rules()
    learn.suggest_text = old  # the learner adds to the earlier rules
    dev = load_gold(DATA / "news_gold" / "dev.jsonl")
    seeds = load_gold(DATA / "gold_seeds.jsonl")
    folds = [dev[0::2], dev[1::2]]
    rules: dict[str, LabelScore] = {}
    for f in (0, 1):
        for lb, sc in score_documents(folds[f], lambda d: [(g.start, g.end, g.label) for g in old(d["text"])]).items():
            rules.setdefault(lb, LabelScore()).add(sc)
    print(f"dev split in two folds ({len(folds[0])} + {len(folds[1])} articles), the rules before tuning on news")
    print(f"k= 0 (rules alone)  {fmt(rules)}")
    for k in ks:
        total: dict[str, LabelScore] = {}
        counts = [0, 0]
        for f in (0, 1):
            dec = follow_gold((folds[1 - f] + seeds)[:k])
            model, _report = train(dec)
            memory = Memory.from_decisions(dec)
            counts = [counts[0] + dec.count()[0], counts[1] + dec.count()[1]]
            for lb, sc in score_documents(folds[f], lambda d, m=model, mem=memory: [
                    (g.start, g.end, g.label) for g in learned_suggestions(d["text"], memory=mem, model=m)]).items():  # fmt: skip
                total.setdefault(lb, LabelScore()).add(sc)
        print(f"k={k:>2} ({counts[0]} positive, {counts[1]} rejected, both folds)  {fmt(total)}")
        print(f"      vs rules alone: {margin(total, rules)}", flush=True)


def split() -> tuple[list[dict], list[dict]]:
    """(training articles in annotation order, held-out articles). The news articles by file name; the last
    four of the test split are held out for every k, the others (six dev, dev_02, dev_04, then extra_01-03) are
    annotated in that order; then the five seeds."""
    news = sorted(load_gold(DATA / "news_gold" / "dev.jsonl") + load_gold(DATA / "news_gold" / "test.jsonl"),
                  key=lambda d: d["id"])  # fmt: skip
    pool = [d for d in news if d["id"] not in HELD_OUT] + load_gold(DATA / "gold_seeds.jsonl")
    return pool, [d for d in news if d["id"] in HELD_OUT]


def training_pool() -> list[dict]:
    return split()[0]


def simulate(docs: list[dict]) -> Decisions:
    """The decisions of an annotator who follows the gold on `docs`, in order (`learn.follow_gold`)."""
    return follow_gold(docs)


def margin(scores: dict[str, LabelScore], rules: dict[str, LabelScore]) -> str:
    """Per label, what learning adds to the rules alone: gold spans found more, wrong suggestions more."""
    out = []
    for lb in sorted(scores):
        sc, r = scores[lb], rules.get(lb, LabelScore())
        wrong, r_wrong = sc.suggested - sc.right, r.suggested - r.right
        verdict = ("beats rules" if sc.found > r.found and sc.precision >= r.precision
                   else "same as rules" if (sc.found, wrong) == (r.found, r_wrong) else "does not beat rules")
        out.append(f"{lb}: {sc.found - r.found:+d} found, {wrong - r_wrong:+d} wrong ({verdict})")
    return "  ".join(out)


def fmt(scores: dict[str, LabelScore]) -> str:
    return "  ".join(f"{lb}: R {sc.found}/{sc.gold}={sc.recall:.2f} P {sc.right}/{sc.suggested}={sc.precision:.2f}"
                     f" F1x {sc.exact_f1:.2f}" for lb, sc in sorted(scores.items()))  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ks", default="0,2,4,8,16")  # 16 > the pool: every training article
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="k = 0, 2 and one run each (a smoke test)")
    ap.add_argument("--dev-cv", action="store_true", help="two folds over the dev split, the rules before tuning on news")
    args = ap.parse_args()
    if args.dev_cv:
        dev_cv([int(x) for x in (args.ks if args.ks != "0,2,4,8,16" else "2,4,8,11").split(",") if int(x)])
        return 0
    if args.quick:
        args.ks, args.repeat = "0,2", 1
    pool, test = split()
    words = sum(len(d["text"].split()) for d in test)
    print(f"test split: {len(test)} articles, {words} words; training pool: {len(pool)} articles")

    def per_kwords(fn) -> list[float]:
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for d in test:
                fn(d["text"])
            runs.append((time.perf_counter() - t0) / words * 1000)
        return runs

    rules_ms = per_kwords(suggest_text)
    print(f"rules alone (the floor): {statistics.median(rules_ms) * 1000:.1f} ms per 1,000 words "
          f"(spread {min(rules_ms) * 1000:.1f}-{max(rules_ms) * 1000:.1f})")  # fmt: skip
    rule_scores = score_documents(test, lambda d: [(g.start, g.end, g.label) for g in suggest_text(d["text"])])
    for k in [int(x) for x in args.ks.split(",")]:
        k = min(k, len(pool))
        dec = simulate(pool[:k])
        memory = Memory.from_decisions(dec)
        model = None
        times = []
        for _ in range(args.repeat if k else 1):
            t0 = time.perf_counter()
            model, report = train(dec)
            times.append(time.perf_counter() - t0)
        scores = score_documents(test, lambda d, m=model, mem=memory: [
            (g.start, g.end, g.label) for g in learned_suggestions(d["text"], memory=mem, model=m)])  # fmt: skip
        npos, nneg = dec.count()
        line = f"k={k:>2} ({npos} positive, {nneg} rejected)  {fmt(scores)}"
        if k:
            line += f"\n      vs rules alone: {margin(scores, rule_scores)}"
        if model is not None:
            sugg = per_kwords(lambda t, m=model, mem=memory: learned_suggestions(t, memory=mem, model=m))
            line += (f"\n      train {statistics.median(times):.2f} s (spread {min(times):.2f}-{max(times):.2f});"
                     f" suggest {statistics.median(sugg) * 1000:.0f} ms per 1,000 words"
                     f" ({statistics.median(sugg) / statistics.median(rules_ms):.1f}x the floor, rules alone)")  # fmt: skip
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Does the shipped model's threshold, set from an annotator's decisions (learn.calibrate), help on their next
articles? Protocol, per split: a simulated annotator follows the gold (`learn.follow_gold`) on the first half of
the split's articles (in id order); the learner is trained on those decisions only (`learn.train`: CRF, cues,
filter, boundaries, suppressor and the calibrated threshold); anonymous-source suggestions are measured on the
other half, rules alone (`suggest_text`) against everything learnt (`learn.learned_suggestions`); then the halves
swap. Overlap match; cells are found/gold · right/suggested.

    .venv/bin/python bench/bench_calibration.py [--splits fresh,ndev,dev_anon,dev] [--without-calibration] [--quick]

Time: training CPU beside a floor measured in the same run, the rules alone (`suggest_text`) over the same
decided articles; and suggesting with everything learnt beside the rules alone on the measured half. --quick:
fresh, one way (a smoke run).

fresh, ndev, dev_anon and dev are dev text (the rules were tuned on dev and dev_anon, so there the rules find
nearly everything; fresh and ndev are the ones whose labellers count beliefs, findings and stances). `clean` and
`test` are scored only when named, counts only. --without-calibration: the learner with the shipped threshold (an
ablation: every other learnt part the same).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tui_reader.evaluate import load_gold
from tui_reader.learn import Memory, follow_gold, learned_suggestions, train
from tui_reader.learn import crf as learn_crf
from tui_reader.suggest import suggest_text

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_gold"
LABEL = "anonymous source"


def cell(docs: list[dict], suggest) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    found = gold = right = made = 0
    for d in docs:
        sug = [(g.start, g.end) for g in suggest(d["text"]) if g.label == LABEL]
        ref = [(s["start"], s["end"]) for s in d["spans"] if s["label"] == LABEL]
        found += sum(any(a < e and s < b for s, e in sug) for a, b in ref)
        gold += len(ref)
        right += sum(any(a < e and s < b for s, e in ref) for a, b in sug)
        made += len(sug)
    return found, gold, right, made


def fmt(c: tuple[int, int, int, int]) -> str:
    return f"{c[0]}/{c[1]} · {c[2]}/{c[3]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default="fresh,ndev,dev_anon,dev")
    ap.add_argument("--without-calibration", action="store_true")
    ap.add_argument("--quick", action="store_true", help="fresh, first half to second only")
    args = ap.parse_args()
    if args.quick:
        args.splits = "fresh"
    if args.without_calibration:
        learn_crf.train_calibration = lambda _dec, _rules=None: None  # type: ignore[assignment]
    print("| split | trained on → measured on | rules alone | learned | vs rules (found / wrong) | threshold "
          "| training CPU (vs floor: the rules over the same articles) | suggesting CPU (vs floor: the rules alone) |")
    print("|---|---|---|---|---|---|---|---|")
    for split in args.splits.split(","):
        docs = sorted(load_gold(GOLD / f"{split}.jsonl"), key=lambda d: d["id"])
        half = len(docs) // 2
        folds = (("first half → second", docs[:half], docs[half:]), ("second → first", docs[half:], docs[:half]))
        for name, tr, te in folds[:1] if args.quick else folds:
            dec = follow_gold(tr)
            t0 = time.process_time()
            for d in tr:
                suggest_text(d["text"])
            floor = time.process_time() - t0
            t0 = time.process_time()
            model, _report = train(dec)
            took = time.process_time() - t0
            memory = Memory.from_decisions(dec)
            t0 = time.process_time()
            alone = cell(te, suggest_text)
            rules_cpu = time.process_time() - t0
            t0 = time.process_time()
            learnt = cell(te, lambda t, m=model, mem=memory: learned_suggestions(t, memory=mem, model=m))
            learnt_cpu = time.process_time() - t0
            vs = f"{learnt[0] - alone[0]:+d} / {(learnt[3] - learnt[2]) - (alone[3] - alone[2]):+d}"
            chosen = ((model.meta.get("calibration") or {}).get("threshold") if model else None) or "shipped"
            print(f"| {split} | {name} ({len(tr)} → {len(te)}) | {fmt(alone)} | {fmt(learnt)} | {vs} | {chosen} "
                  f"| {took:.2f} s ({took / floor:.1f}x the floor's {floor:.2f} s) "
                  f"| {learnt_cpu:.2f} s ({learnt_cpu / rules_cpu:.2f}x the floor's {rules_cpu:.2f} s) |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

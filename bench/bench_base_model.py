"""The shipped anonymous-source model (suggest.base_model), measured honestly, and its rebuild.

Today's rules were tuned on all the dev text, so dev figures of anything layered over them flatter it. The
protocols "travel in time": the rules as they were before a dev batch was tuned on have never seen it.

- Protocol A: the rules at 8645839 (tuned up to anon_22); the model trained on dev.jsonl + anon_01-22 (those rules
  for its rule feature); measured on anon_23-34 (44 sources): rules alone vs rules + model, by threshold.
- Protocol B: the rules at c36b889 (tuned up to anon_28); trained on dev + anon_01-28; measured on anon_29-34.
- Protocol C (development only: its errors were looked at while building the generator): the rules at f03c216
  (tuned up to anon_16); trained on dev + anon_01-16; measured on anon_17-22.

The model's person-noun feature uses the lexicon of the same commit. Cells: found/gold · right/suggested (anonymous sources only); "model" = the model's additions right/made.
Also the speed of `suggest_text` with the model against the rules alone (the floor), same run.

    python bench/bench_base_model.py            # protocols A and B, speed
    python bench/bench_base_model.py --write    # rebuild src/tui_reader/suggest/anonymous_model.json
    python bench/bench_base_model.py --quick    # smoke size: protocol B only at the shipped threshold, one timing

Never reads the test split.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tui_reader.evaluate import LabelScore, load_gold, score_spans
from tui_reader.suggest import base_model as bm
from tui_reader.suggest import candidates as cand
from tui_reader.suggest import suggest_text

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "news_gold"
LABEL = bm.GOLD_LABEL
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def rules_at(commit: str) -> Callable[..., list]:
    """`suggest_text` of the suggest/ package at `commit` (from git), loaded as a package of its own."""
    name = f"suggest_at_{commit}"
    if name in sys.modules:
        return sys.modules[name].suggest_text
    tmp = Path(tempfile.mkdtemp())
    pkg = tmp / name
    pkg.mkdir()
    listing = subprocess.run(["git", "ls-tree", "--name-only", f"{commit}:src/tui_reader/suggest/"],
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()  # fmt: skip
    for f in listing:
        if f.endswith(".py"):
            src = subprocess.run(["git", "show", f"{commit}:src/tui_reader/suggest/{f}"], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout  # fmt: skip
            (pkg / f).write_text(src.replace("tui_reader.suggest", name), encoding="utf-8")
    sys.path.insert(0, str(tmp))
    try:
        mod = importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp))
        shutil.rmtree(tmp, ignore_errors=True)
    return mod.suggest_text


def person_nouns_at(commit: str) -> set[str]:
    """The person-noun list the candidates' features used at `commit` (the lexicon grew with the tuning: using
    today's in a protocol would let the model see words taken from the batch it is measured on)."""
    rules_at(commit)
    pattern = sys.modules[f"suggest_at_{commit}.lexicon"]._PERSON_NOUNS
    return set(re.findall(r"[a-z]+", pattern.replace("s?", "|s|").replace("?:", "")))


def anon_spans(suggest: Callable[..., list], text: str) -> list[tuple[int, int]]:
    return [(g.start, g.end) for g in suggest(text) if g.rule == "anonymous_source"]


def score(docs: Sequence[dict], found: dict[str, list[tuple[int, int]]]) -> LabelScore:
    total = LabelScore()
    for d in docs:
        gold = [(sp["start"], sp["end"], LABEL) for sp in d["spans"] if sp["label"] == LABEL]
        total.add(score_spans(gold, [(s, e, LABEL) for s, e in found[d["id"]]]).get(LABEL, LabelScore()))
    return total


def cell(sc: LabelScore) -> str:
    return f"{sc.found}/{sc.gold} · {sc.right}/{sc.suggested} ({sc.recall:.2f} · {sc.precision:.2f})"


def protocol(title: str, commit: str, train: Sequence[dict], test: Sequence[dict], thresholds: Sequence[float],
             **settings: object) -> None:  # fmt: skip
    suggest = rules_at(commit)
    today = cand._PERSON
    cand._PERSON = person_nouns_at(commit)  # the model's person feature as the rules knew it then
    try:
        _protocol(title, commit, suggest, train, test, thresholds, **settings)
    finally:
        cand._PERSON = today


def _protocol(title: str, commit: str, suggest: Callable[..., list], train: Sequence[dict], test: Sequence[dict],
              thresholds: Sequence[float], **settings: object) -> None:  # fmt: skip
    t0 = time.process_time()
    model = bm.train_base_model(train, lambda t: anon_spans(suggest, t), **settings)  # type: ignore[arg-type]
    took = time.process_time() - t0
    ruled = {d["id"]: anon_spans(suggest, d["text"]) for d in test}
    alone = score(test, ruled)
    print(f"\n{title}: rules at {commit}; trained on {len(train)} articles ({model['positives']} positive of "
          f"{model['candidates']} candidates, {took:.1f} s CPU); measured on {len(test)} articles")  # fmt: skip
    print("| threshold | rules alone | rules + model | model's additions right/made |")
    print("|---|---|---|---|")
    for th in thresholds:
        model["threshold"] = th
        adds = {d["id"]: bm.base_additions(d["text"], ruled[d["id"]], LABEL, model) for d in test}
        both = score(test, {i: ruled[i] + [(g.start, g.end) for g in adds[i]] for i in ruled})
        gold = {d["id"]: [(sp["start"], sp["end"]) for sp in d["spans"] if sp["label"] == LABEL] for d in test}
        right = sum(any(a < g.end and g.start < b for a, b in gold[i]) for i in adds for g in adds[i])
        made = sum(len(v) for v in adds.values())
        print(f"| {th:.2f} | {cell(alone)} | {cell(both)} | {right}/{made} |", flush=True)


def speed(docs: Sequence[dict], repeat: int) -> None:
    """CPU time of suggest_text with the model against the rules alone (the floor), interleaved, same run."""
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)
    runs: dict[str, list[float]] = {"rules alone (floor)": [], "rules + model": []}
    for t in texts:  # warm up: patterns compiled, the model's file read
        suggest_text(t)
    for _ in range(repeat):
        for name, on in (("rules alone (floor)", False), ("rules + model", True)):
            t0 = time.process_time()
            for t in texts:
                suggest_text(t, model=on)
            runs[name].append((time.process_time() - t0) * 1000)
    print(f"\nspeed of suggest_text on {len(texts)} texts ({words:,} words), CPU ms, {repeat} runs each:")
    for name, r in runs.items():
        print(f"  {name}: median {statistics.median(r):.0f} ms (runs {', '.join(f'{x:.0f}' for x in r)}), "
              f"{statistics.median(r) / words * 1000:.2f} ms per 1,000 words")  # fmt: skip
    floor, got = statistics.median(runs["rules alone (floor)"]), statistics.median(runs["rules + model"])
    print(f"ratio suggest_text with the model / the rules alone (floor): {got:.0f} / {floor:.0f} = {got / floor:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--write", action="store_true", help="rebuild the shipped model file and exit")
    ap.add_argument("--l2", type=float, default=bm.BASE_L2)
    ap.add_argument("--rule-feature", type=int, default=int(bm.BASE_RULE_FEATURE))
    ap.add_argument("--iterations", type=int, default=bm.BASE_ITERATIONS)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.write:
        text = bm.dumps(bm.build_base_model(GOLD, lambda t: anon_spans(lambda x: suggest_text(x, model=False), t)))
        old = bm.MODEL_PATH.read_text(encoding="utf-8") if bm.MODEL_PATH.exists() else ""
        bm.MODEL_PATH.write_text(text, encoding="utf-8")
        model = json.loads(text)
        print(f"wrote {bm.MODEL_PATH} ({len(model['weights'])} weights, threshold {model['threshold']}, "
              f"{len(model['trained_on'])} articles; {'unchanged' if text == old else 'changed'})")  # fmt: skip
        return
    dev = load_gold(GOLD / "dev.jsonl")
    anon = {d["id"]: d for d in load_gold(GOLD / "dev_anon.jsonl")}
    batch = {i: anon[f"anon_{i:02d}"] for i in range(1, 35)}
    thresholds = (bm.BASE_THRESHOLD,) if args.quick else THRESHOLDS
    settings = {"l2": args.l2, "rule_feature": bool(args.rule_feature), "iterations": args.iterations}
    try:  # the protocols read the rules of earlier commits from git
        if not args.quick:
            protocol("Protocol A", "8645839", dev + [batch[i] for i in range(1, 23)],
                     [batch[i] for i in range(23, 35)], thresholds, **settings)  # fmt: skip
        if not args.quick:
            protocol("Protocol C (development: its errors were looked at)", "f03c216",
                     dev + [batch[i] for i in range(1, 17)], [batch[i] for i in range(17, 23)], thresholds, **settings)
        protocol("Protocol B", "c36b889", dev + [batch[i] for i in range(1, 29)], [batch[i] for i in range(29, 35)],
                 thresholds, **settings)  # fmt: skip
    except subprocess.CalledProcessError as e:
        print(f"(protocols skipped: the earlier rules are not in this clone's git history: {e.stderr.strip()[:200]})")
    speed(dev[:3] if args.quick else dev + list(anon.values()), 1 if args.quick else args.repeat)


if __name__ == "__main__":
    main()

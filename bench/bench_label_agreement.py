"""How far do two labellers agree on anonymous sources? The ceiling any suggester's score is measured under.

`tests/data/news_gold/relabel/ndev_31-45.tsv` and `ndev_46-60.tsv` hold a second, blind labelling of `ndev_31`-
`ndev_60` (news taken in a fixed order; the first labelling is in spans.tsv): helpers labelled them from the
annotation guide and examples from other articles only, without seeing the first labels. Each file is reported,
then both together. This prints, with the first labelling as
gold, the second labeller's recall and precision (overlap match, as every suggestion figure in docs/assist.md),
exact matches, and the same for today's suggestions (`suggest_text`) against each labelling; and the ratio of the
suggestions' F1 to the labellers' (a suggester cannot be judged beyond what two people agree on).

    .venv/bin/python bench/bench_label_agreement.py [--quick]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from pathlib import Path

from tui_reader.suggest import suggest_text

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_gold"
LABEL = "anonymous source"


def resolve(lines: list[str], texts: dict[str, str], name: str) -> dict[str, list[tuple[int, int]]]:
    """The second labelling's lines to offsets, looked up exactly as tests/data/news_gold/build.py looks up
    spans.tsv (its `locate`); a span not found is an error."""
    spec = importlib.util.spec_from_file_location("news_gold_build", GOLD / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    spans, errors = build.locate(lines, texts, f"relabel/{name}")
    if errors:
        raise SystemExit("\n".join(errors))
    return {d: [(sp["start"], sp["end"]) for sp in found] for d, found in spans.items()}


def compare(gold: dict[str, list[tuple[int, int]]], other: dict[str, list[tuple[int, int]]]) -> tuple[int, int, int, int, int]:
    """(gold found, gold, other right, other, exact) by overlap."""
    found = n_gold = right = n_other = exact = 0
    for d, g in gold.items():
        o = other.get(d, [])
        found += sum(any(a < e and s < b for s, e in o) for a, b in g)
        right += sum(any(a < e and s < b for s, e in g) for a, b in o)
        exact += len(set(g) & set(o))
        n_gold += len(g)
        n_other += len(o)
    return found, n_gold, right, n_other, exact


def f1(c: tuple[int, int, int, int, int]) -> float:
    r = c[0] / c[1] if c[1] else 1.0
    p = c[2] / c[3] if c[3] else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def cell(c: tuple[int, int, int, int, int]) -> str:
    return f"{c[0]}/{c[1]} · {c[2]}/{c[3]} (F1 {f1(c):.2f}; {c[4]} identical)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="the same (it is small); kept for the bench smoke test")
    ap.parse_args()
    docs = {d["id"]: d for d in map(json.loads, (GOLD / "ndev.jsonl").read_text(encoding="utf-8").splitlines())}
    both: tuple[dict, dict, dict] = ({}, {}, {})
    for path in sorted((GOLD / "relabel").glob("ndev_*-*.tsv")):
        lo, hi = (f"ndev_{n}" for n in path.stem.removeprefix("ndev_").split("-"))
        relabel = path.read_text(encoding="utf-8").splitlines()
        ids = sorted({line.split("\t")[0] for line in relabel if line.strip() and not line.startswith("#")} |
                     {i for i in docs if lo <= i <= hi})  # fmt: skip
        texts = {i: docs[i]["text"] for i in ids}
        first = {i: [(s["start"], s["end"]) for s in docs[i]["spans"] if s["label"] == LABEL] for i in ids}
        second = resolve(relabel, texts, path.name)
        t0 = time.process_time()
        for t in texts.values():
            t.lower().split()
        floor = time.process_time() - t0
        t0 = time.process_time()
        sugg = {i: [(g.start, g.end) for g in suggest_text(t) if g.label == LABEL] for i, t in texts.items()}
        took = time.process_time() - t0
        words = sum(len(t.split()) for t in texts.values())
        report(f"{path.stem}: {len(ids)} articles, {words:,} words", first, second, sugg)
        print(f"suggest_text CPU {took * 1000:.0f} ms vs floor lower()+split() {floor * 1000:.1f} ms = {took / max(floor, 1e-9):.0f}x")
        for acc, part in zip(both, (first, second, sugg), strict=True):
            acc.update(part)
    print()
    report(f"all relabelled: {len(both[0])} articles", *both)


def report(title: str, first: dict, second: dict, sugg: dict) -> None:
    print(f"{title}; cells: found/gold · right/suggested (overlap)")
    two = compare(first, second)
    print(f"second labeller against the first: {cell(two)}")
    print(f"suggestions against the first labeller: {cell(compare(first, sugg))}")
    print(f"suggestions against the second labeller: {cell(compare(second, sugg))}")
    print(f"suggestions' F1 / the labellers' F1 (against the first): {f1(compare(first, sugg)):.2f} / {f1(two):.2f} "
          f"= {f1(compare(first, sugg)) / f1(two):.2f}x")  # fmt: skip

if __name__ == "__main__":
    main()

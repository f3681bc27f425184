"""Tried Dec 1, not merged: the shipped anonymous-source model fine-tuned on an annotator's decisions.

Instead of only its threshold (`learn.calibrate`), its weights: gradient descent from the shipped weights with an
L2 pull back to them (a MAP fit with the shipped model as the prior), on every candidate of the annotator's
decided documents (positive when it overlaps a span they accepted or tagged). Protocol as bench_calibration.py:
the gold is followed on one half of a split (id order), the fit is measured on the other half, then the halves
swap; rules + model at the shipped threshold, anonymous sources, overlap match. Each setting is
lambda:iterations:rate:positive-weight. Dev splits only (fresh, ndev): it was not run on clean or test.

    .venv/bin/python bench/try_finetune.py fresh,ndev 0.01:200:0.5:1 0.001:200:0.5:1 0.01:200:0.5:3
"""

import math
import sys
from pathlib import Path

from tui_reader.evaluate import load_gold
from tui_reader.suggest import suggest_text
from tui_reader.suggest.base_model import (
    BASE_WIDE,
    _left_out,
    _overlaps,
    base_features,
    keep_above,
    load_base_model,
)
from tui_reader.suggest.candidates import _candidates, probability

D = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_gold"
L = "anonymous source"
base = load_base_model()
W0 = base["weights"]
TH = base["threshold"]


def sig(x):
    return 1 / (1 + math.exp(-x)) if x > -30 else 0.0


def cands(text):
    return [
        (s, e, base_features(text, s, e, info))
        for s, e, info in _candidates.__wrapped__(text, (), BASE_WIDE)
        if not _left_out(text, s, info)
    ]


def fit_from(ex, w0, lam, iters, rate, pos_w=1.0):
    w = dict(w0)
    n = len(ex)
    if not n:
        return w
    for _ in range(iters):
        g = {}
        for feats, y in ex:
            z = sum(w.get(f, 0.0) for f in feats)
            p = sig(z)
            d = (p - y) * (pos_w if y else 1.0)
            for f in feats:
                g[f] = g.get(f, 0.0) + d
        for f in set(g) | set(w):
            w[f] = w.get(f, 0.0) - rate * (g.get(f, 0.0) / n + lam * (w.get(f, 0.0) - w0.get(f, 0.0)))
    return w


def prep(docs):
    out = []
    for d in docs:
        t = d["text"]
        gold = [(g["start"], g["end"]) for g in d["spans"] if g["label"] == L]
        ruled = [(g.start, g.end) for g in suggest_text(t, model=False) if g.label == L]
        out.append((t, gold, ruled, cands(t)))
    return out


def score(rows, w, th=TH):
    f = r = n = G = 0
    for _t, gold, ruled, cs in rows:
        sc = [(s, e, probability(w, fs)) for s, e, fs in cs]
        sug = ruled + [(s, e) for s, e, _ in keep_above(sc, ruled, th)]
        f += sum(_overlaps(a, b, sug) for a, b in gold)
        r += sum(_overlaps(a, b, gold) for a, b in sug)
        n += len(sug)
        G += len(gold)
    return f, G, r, n


def train_rows(rows):
    return [(fs, int(_overlaps(s, e, gold))) for t, gold, ruled, cs in rows for s, e, fs in cs]


def main() -> None:
    settings = [tuple(float(x) for x in a.split(":")) for a in sys.argv[2:]] or [(0.01, 200, 0.5, 1.0)]
    for split in sys.argv[1].split(","):
        docs = sorted(load_gold(D / f"{split}.jsonl"), key=lambda d: d["id"])
        h = len(docs) // 2
        A, B = prep(docs[:h]), prep(docs[h:])
        for tr, te, nm in ((A, B, "1->2"), (B, A, "2->1")):
            f, G, r, n = score(te, W0)
            line = [f"{split} {nm} base {f}/{G}·{r}/{n}"]
            ex = train_rows(tr)
            for lam, iters, rate, pw in settings:
                w = fit_from(ex, W0, lam, int(iters), rate, pw)
                f2, G2, r2, n2 = score(te, w)
                line.append(
                    f"[{lam},{int(iters)},{rate},{pw}] {f2}/{G2}·{r2}/{n2} ({f2 - f:+d}/{(n2 - r2) - (n - r):+d})"
                )
            print("  ".join(line), flush=True)


if __name__ == "__main__":
    main()

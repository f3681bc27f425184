"""Learning curve: does learning from the annotator beat the rules alone on news the rules never saw?

Protocol (issue 15's acceptance; fixed before anything was measured with it):
- The news **test** split (tests/data/news_gold, `split_of` in build.py: even-numbered dev_*, and unseen_*) is
  text no rule was tuned on. Its articles are cut in two, by name, before measuring:
  - TRAIN_ORDER: unseen_03 ... unseen_10, in this order: the articles a simulated annotator works through;
  - HELD_OUT: the other ten (dev_02, dev_04, dev_06, dev_08, dev_10, dev_12, unseen_01, unseen_02, unseen_11,
    unseen_12): suggestions are measured on them, for every k; nothing is ever trained on them.
- The annotator follows the gold (`learn.follow_gold`): on each of the first k articles of TRAIN_ORDER it sees the
  suggestions (rules + propagation from the articles before), accepts those identical to a gold span, rejects the
  others and tags the gold spans still missing. A CRF is then trained on those decisions only (`learn.train`):
  a new annotator on new news, no earlier history. k = 0 is the rules alone.
- Measured on HELD_OUT: rules + propagation + model minus rejected text (`learn.learned_suggestions`), per label
  recall (gold spans found / gold) and precision (suggestions overlapping a gold span / suggestions), and
  "vs rules" = gold spans found more / wrong suggestions more than the rules alone.

    .venv/bin/python bench/bench_learning_curve.py [--ks 0,2,4,8] [--repeat 3]
    .venv/bin/python bench/bench_learning_curve.py --dev-cv
    .venv/bin/python bench/bench_learning_curve.py --scale 200 [--repeat 3]

--dev-cv: the same simulation in two folds over the news dev split (train on one half, measure on the other),
with the rules as they were before the news split was used (read from git: PRE_ISSUE_RULES) as the rules alone
and as the rules the learner adds to. The dev split was written into today's rules, so only against the earlier
rules does it show what learning adds to rules that have not seen the text; the learner's settings (features,
iterations, score threshold, the checks on model suggestions, MIN_CUE_SPANS) are chosen with this protocol,
never on test. The learned cues learn words beyond the earlier rule's lists there (its source nouns and the verbs
after them), since today's lists were written from the dev split.

--dev-cv --current-rules: the same folds with today's rules (tuned on dev: they find nearly everything there, so
it shows what learning adds wrong). --set NAME=VALUE (dev-cv only) runs with one learner setting changed in
every module of the package (e.g. --set CHECK_FOLDS=2); --without-filter leaves the learned filter out.

Every table has a "learned filter" column: its suggestions (origin model:filter) right/made on the measured
articles and the threshold its self-check chose, or "holds back" (counts only).

Every table has a "learned cues" column: the suggestions of origin model:cues right/made on the measured articles
and how many head nouns + verbs were learned (counts only; --without-cues leaves the cues out, an ablation).

Every table counts exact matches too: each label's cell is found/gold · right/suggested (overlap) · exact
(suggestions identical to a gold span) with the exact F1 in brackets, and "vs rules" gives found / wrong / exact
more than the rules alone. A "span boundaries" column: the suggestions the learned span boundaries adjusted on
the measured articles, identical to a gold span / adjusted, and how many edits were used of those learnt
(`learn.bounds`; counts only; --without-bounds leaves them out, an ablation). --bounds-time: their own cost
(training, adjusting) on the dev split, beside the rules alone in the same run.

--scale N: training on N annotated articles (the 17 dev and seed articles the gold annotator decided, repeated
with a line added so that no text repeats exactly) from a cold feature cache, CPU and wall seconds per run, beside
the floor measured in the same run: the rules alone (`suggest_text`) over the same N articles.

Timing (every mode): CPU time (time.process_time) beside wall time, the median and every run, per 1,000 words.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tui_reader import learn
from tui_reader.evaluate import LabelScore, load_gold, score_documents
from tui_reader.learn import Decisions, Memory, follow_gold, learned_suggestions, train
from tui_reader.suggest import suggest_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"

TRAIN_ORDER = tuple(f"unseen_{n:02d}" for n in range(3, 11))  # test split: the simulated annotator's articles
HELD_OUT = ("dev_02", "dev_04", "dev_06", "dev_08", "dev_10", "dev_12",
            "unseen_01", "unseen_02", "unseen_11", "unseen_12")  # test split: measured on, never trained on  # fmt: skip
LABELS = ("anonymous source", "quote", "statistic")
# --clean: the same protocol on the clean split (ordinary news in a fixed sample order, labelled for anonymous
# sources only, never tuned on). Fixed before it was first run (Dec 1): the annotator works through the first
# eight in sample order, the other 28 are measured; the annotator decides anonymous-source suggestions only.
CLEAN_TRAIN_ORDER = tuple(f"clean_{n:02d}" for n in range(1, 9))
CLEAN_HELD_OUT = tuple(f"clean_{n:02d}" for n in range(9, 37))

PRE_ISSUE_RULES = "d9327ec"  # the last commit before the rules were tuned on the news dev split


def patch(name: str, value: object) -> None:
    """Set `name` in every module of the learner that has it (a setting or a function another module calls)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(learn.__path__):
        mod = importlib.import_module(f"{learn.__name__}.{info.name}")
        if hasattr(mod, name):
            setattr(mod, name, value)
    setattr(learn, name, value)


def pre_issue_rules():  # the module: suggest_text and its word lists
    """suggest.py as it was before tuning on the news dev split (from git; needs the repository's history)."""
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
    return mod


def split(name: str = "test", order: tuple[str, ...] = TRAIN_ORDER, held_out: tuple[str, ...] = HELD_OUT
          ) -> tuple[list[dict], list[dict]]:  # fmt: skip
    """(the annotator's articles in `order`, the `held_out` articles): both from the split `name` only."""
    test = {d["id"]: d for d in load_gold(DATA / "news_gold" / f"{name}.jsonl")}
    missing = [d for d in (*order, *held_out) if d not in test]
    if missing:
        sys.exit(f"not in the {name} split: {missing}")
    extra = sorted(set(test) - set(order) - set(held_out))
    if extra:
        print(f"({name} articles in neither list, not used: {extra})")
    return [test[d] for d in order], [test[d] for d in held_out]


def spans_of(suggest: Callable[[str], list]) -> Callable[[dict], list[tuple[int, int, str]]]:
    return lambda d: [(g.start, g.end, g.label) for g in suggest(d["text"])]


def cell(sc: LabelScore) -> str:
    """found/gold · right/suggested (overlap) · exact: suggestions identical to a gold span (exact F1)."""
    return f"{sc.found}/{sc.gold} · {sc.right}/{sc.suggested} · {sc.exact} ({sc.exact_f1:.2f})"


def vs_rules(scores: dict[str, LabelScore], rules: dict[str, LabelScore]) -> str:
    """Per label that changed: gold spans found more / wrong suggestions more than the rules alone."""
    out = []
    for lb in LABELS:
        sc, r = scores.get(lb, LabelScore()), rules.get(lb, LabelScore())
        found, wrong = sc.found - r.found, (sc.suggested - sc.right) - (r.suggested - r.right)
        exact = sc.exact - r.exact
        if found or wrong or exact:
            out.append(f"{lb.replace('anonymous ', '')} {found:+d} found / {wrong:+d} wrong / {exact:+d} exact")
    return ", ".join(out) or "same as rules"


def verdict(scores: dict[str, LabelScore], rules: dict[str, LabelScore]) -> str:
    found = sum(scores.get(lb, LabelScore()).found - rules.get(lb, LabelScore()).found for lb in LABELS)
    wrong = sum((scores.get(lb, LabelScore()).suggested - scores.get(lb, LabelScore()).right)
                - (rules.get(lb, LabelScore()).suggested - rules.get(lb, LabelScore()).right) for lb in LABELS)  # fmt: skip
    exact = sum(scores.get(lb, LabelScore()).exact - rules.get(lb, LabelScore()).exact for lb in LABELS)
    return f"all labels: {found:+d} found / {wrong:+d} wrong / {exact:+d} exact"


def right_made(docs: list[dict], model, memory, origin: str) -> tuple[int, int]:
    """How many of the learner's suggestions of `origin` on `docs` overlap a gold span of their label, of how many."""
    right = made = 0
    for d in docs:
        for g in learned_suggestions(d["text"], memory=memory, model=model):
            if g.rule == origin:
                made += 1
                right += any(s["label"] == g.label and s["start"] < g.end and g.start < s["end"] for s in d["spans"])
    return right, made


def cue_cell(docs: list[dict], model, memory) -> str:
    """The learned cues' part: their suggestions right/made on `docs` (overlapping a gold source) and how many
    head nouns + verbs were learned (counts only: the words come from the annotator's articles)."""
    if model is None:
        return "–"
    heads, verbs = learn.cue_lexicon(model.meta.get("anon_cues", {}))
    right, made = right_made(docs, model, memory, learn.CUE_ORIGIN)
    return f"{right}/{made} ({len(heads)} heads + {len(verbs)} verbs)"


def bounds_cell(docs: list[dict], model, memory) -> str:
    """The learned span boundaries' part: edits used (learnt), and the suggestions they adjusted on `docs`, as
    identical to a gold span / adjusted (counts only)."""
    meta = (model.meta.get("bounds") or {}) if model is not None else {}
    if not meta:
        return "–"
    rows = meta.get("edits", [])
    right = made = 0
    for d in docs:
        gold = {(s["start"], s["end"], s["label"]) for s in d["spans"]}
        for g in learned_suggestions(d["text"], memory=memory, model=model):
            if "bounds" in (g.attrs or {}):
                made += 1
                right += (g.start, g.end, g.label) in gold
    return f"{right}/{made} ({sum(1 for e in rows if e[9])} of {len(rows)} edits)"


def filter_cell(docs: list[dict], model, memory) -> str:
    """The learned filter's part: its suggestions right/made on `docs` (origin model:filter) and its threshold
    (counts only)."""
    meta = (model.meta.get("filter") or {}) if model is not None else {}
    if not meta:
        return "–"
    right, made = right_made(docs, model, memory, learn.FILTER_ORIGIN)
    mp = meta.get("min_prob")
    return f"{right}/{made} (from {mp})" if mp is not None else f"{right}/{made} (holds back)"


def runs(xs: list[float], unit: str = "s", scale: float = 1.0, fmt: str = ".2f") -> str:
    return f"{statistics.median(xs) * scale:{fmt}} {unit} (runs: {', '.join(f'{x * scale:{fmt}}' for x in xs)})"


def words_of(docs: list[dict]) -> int:
    return sum(len(d["text"].split()) for d in docs)


def time_per_kwords(docs: list[dict], fn: Callable[[str], object], repeat: int) -> tuple[list[float], list[float]]:
    """(CPU ms, wall ms) per 1,000 words of `docs`, one value per run."""
    words = words_of(docs)
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            fn(d["text"])
        cpu.append((time.process_time() - c0) / words * 1e6)
        wall.append((time.perf_counter() - w0) / words * 1e6)
    return cpu, wall


def timed_train(dec: Decisions, repeat: int) -> tuple[object, list[float], list[float]]:
    """Train `repeat` times from a cold feature cache: (model, CPU seconds, wall seconds)."""
    model, cpu, wall = None, [], []
    for _ in range(repeat):
        learn.clear_feature_cache()
        c0, w0 = time.process_time(), time.perf_counter()
        model, _report = train(dec)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return model, cpu, wall


def curve(ks: list[int], repeat: int, history: bool = False, clean: bool = False) -> None:
    pool, held = split("clean", CLEAN_TRAIN_ORDER, CLEAN_HELD_OUT) if clean else split()
    decided = LABELS if clean else None  # the clean split is labelled for anonymous sources only
    before = (load_gold(DATA / "news_gold" / "dev.jsonl") + load_gold(DATA / "gold_seeds.jsonl")) if history else []
    if history:
        print(f"History: before the test articles the annotator decided the {len(before)} dev and seed articles "
              "(the rules were tuned on them), and the model learns from those decisions too.")  # fmt: skip
    words = words_of(held)
    print(f"Held out ({'clean' if clean else 'test'} split, never trained on): {len(held)} articles, {words} words: {', '.join(d['id'] for d in held)}")
    print(f"Annotator's articles ({'clean' if clean else 'test'} split), in order: {', '.join(d['id'] for d in pool)}")
    rules = score_documents(held, spans_of(suggest_text))
    floor_cpu, floor_wall = time_per_kwords(held, suggest_text, repeat)
    rows, times = [], []
    if history:
        rows.append(f"| rules alone | – | {' | '.join(cell(rules.get(lb, LabelScore())) for lb in LABELS)} | – | – | – | – | – |")
    for k in ks:
        k = min(k, len(pool))
        if k == 0 and not history:
            rows.append(f"| 0 (rules alone) | – | {' | '.join(cell(rules.get(lb, LabelScore())) for lb in LABELS)} | – | – | – | – | – |")
            continue
        dec = follow_gold(before + pool[:k], labels=decided)
        memory = Memory.from_decisions(dec)
        model, cpu, wall = timed_train(dec, repeat)
        scores = score_documents(held, spans_of(lambda t, m=model, mem=memory: learned_suggestions(t, memory=mem, model=m)))
        npos, nneg = dec.count()
        rows.append(f"| {k}{' + history' if history else ''} | {npos} / {nneg} | {' | '.join(cell(scores.get(lb, LabelScore())) for lb in LABELS)} | "
                    f"{vs_rules(scores, rules)} ({verdict(scores, rules)}) | {cue_cell(held, model, memory)} | {filter_cell(held, model, memory)} | {suppress_cell(held, model, suggest_text)} | {bounds_cell(held, model, memory)} |")  # fmt: skip
        kw = words_of(before + pool[:k])
        s_cpu, s_wall = time_per_kwords(held, lambda t, m=model, mem=memory: learned_suggestions(t, memory=mem, model=m), repeat)
        times.append(f"| {k} | {kw} | {runs(cpu)} | {runs(wall)} | {statistics.median(cpu) / kw * 1e6:.0f} ms | "
                     f"{runs(s_cpu, 'ms', fmt='.0f')} | {statistics.median(s_cpu) / statistics.median(floor_cpu):.1f}x |")  # fmt: skip
        print(f"  k={k} done", file=sys.stderr, flush=True)
    print()
    print("Recall · precision on the held-out articles (found/gold · right/suggested); vs rules = gold spans found")
    print("more / wrong suggestions more than the rules alone (k = 0); learned cues = their anonymous-source")
    print("suggestions right/made on the held-out articles (origin model:cues), and how many words were learned:")
    print()
    print(f"| k (articles annotated) | decisions (positive / rejected) | {' | '.join(LABELS)} | vs rules | learned cues | learned filter | suppressor | span boundaries |")
    print("|---|---|" + "---|" * len(LABELS) + "---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print(f"Time (CPU; {repeat} runs each; training from a cold feature cache). Floor: the rules alone on the held-out "
          f"articles, {runs(floor_cpu, 'ms', fmt='.1f')} CPU per 1,000 words ({runs(floor_wall, 'ms', fmt='.1f')} wall).")  # fmt: skip
    print()
    print("| k | words trained on | training CPU | training wall | training CPU per 1,000 words | "
          "suggesting (rules + propagation + model) CPU per 1,000 words | vs the floor |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    print("\n".join(times))


def suppress_cell(docs: list[dict], model, rules_fn: Callable[[str], list]) -> str:
    """The learned suppressor's part: rule suggestions it hid on `docs`, as wrong hidden (good) / right hidden
    (lost, overlapping a gold span of their label), and the labels its self-check let it act on (counts only)."""
    meta = (model.meta.get("suppress") or {}) if model is not None else {}
    if not meta:
        return "–"
    from tui_reader.learn.suppress import suppressed

    good = lost = 0
    for d in docs:
        for g in rules_fn(d["text"]):
            if suppressed(d["text"], g, meta):
                hit = any(s["label"] == g.label and s["start"] < g.end and g.start < s["end"] for s in d["spans"])
                lost += hit
                good += not hit
    on = sorted(lb for lb, t in meta.get("max_prob", {}).items() if t is not None)
    return f"{good} wrong / {lost} right hidden ({', '.join(on) or 'silent'})"


def dev_cv(ks: list[int], current: bool = False) -> None:
    import re

    if current:  # today's rules, tuned on this split: what the learner adds to rules that know the text (precision)
        old = suggest_text
    else:
        mod = pre_issue_rules()
        old = mod.suggest_text
        patch("suggest_text", old)  # the learner adds to the earlier rules
        # and learns cues beyond the earlier rule's words: its source nouns and the verbs after them
        heads = re.compile(rf"(?:{mod._SRC_NOUN}|people|persons?|someone)", re.I)
        patch("_known_head", lambda w: bool(heads.fullmatch(w)))
        patch("_known_verb", lambda w: bool((m := mod._SRC_VERB_AFTER.match(" " + w)) and m.end() == len(w) + 1))
    dev = load_gold(DATA / "news_gold" / "dev.jsonl")
    folds = [dev[0::2], dev[1::2]]
    rules: dict[str, LabelScore] = {}
    for f in (0, 1):
        for lb, sc in score_documents(folds[f], spans_of(old)).items():
            rules.setdefault(lb, LabelScore()).add(sc)
    which = "today's rules (tuned on this split)" if current else "the rules before tuning on news"
    print(f"Dev split in two folds ({len(folds[0])} + {len(folds[1])} articles): train on the first k of one fold, "
          f"measure on the other; {which}.")  # fmt: skip
    print()
    print("| k (per fold) | decisions (both folds) | anonymous source | quote | statistic | vs rules | learned cues | learned filter | suppressor | span boundaries |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| 0 (rules alone) | – | {' | '.join(cell(rules.get(lb, LabelScore())) for lb in LABELS)} | – | – | – | – | – |")
    for k in ks:
        total: dict[str, LabelScore] = {}
        npos = nneg = 0
        cues, filters, sups, bnds = [], [], [], []
        for f in (0, 1):
            dec = follow_gold(folds[1 - f][:k])
            model, _report = train(dec)
            memory = Memory.from_decisions(dec)
            npos, nneg = npos + dec.count()[0], nneg + dec.count()[1]
            cues.append(cue_cell(folds[f], model, memory))
            filters.append(filter_cell(folds[f], model, memory))
            sups.append(suppress_cell(folds[f], model, old))
            bnds.append(bounds_cell(folds[f], model, memory))
            for lb, sc in score_documents(folds[f], spans_of(
                    lambda t, m=model, mem=memory: learned_suggestions(t, memory=mem, model=m))).items():  # fmt: skip
                total.setdefault(lb, LabelScore()).add(sc)
        print(f"| {k} | {npos} / {nneg} | {' | '.join(cell(total.get(lb, LabelScore())) for lb in LABELS)} | "
              f"{vs_rules(total, rules)} ({verdict(total, rules)}) | {' + '.join(cues)} | {' + '.join(filters)} | {' + '.join(sups)} | {' + '.join(bnds)} |", flush=True)  # fmt: skip


def scale(n: int, repeat: int) -> None:
    base = load_gold(DATA / "news_gold" / "dev.jsonl") + load_gold(DATA / "gold_seeds.jsonl")
    once = follow_gold(base)
    dec = Decisions()
    docs = []
    for i in range(n):
        d = base[i % len(base)]["id"]
        nid, text = f"{d}#{i}", once.texts[d] + f"\n(copy {i})\n"  # no text twice: the feature cache does not help
        dec.texts[nid], dec.positive[nid], dec.negative[nid] = text, once.positive.get(d, []), once.negative.get(d, [])
        docs.append({"text": text})
    words = words_of(docs)
    npos, nneg = dec.count()
    f_cpu, f_wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            suggest_text(d["text"])
        f_cpu.append(time.process_time() - c0)
        f_wall.append(time.perf_counter() - w0)
    _model, cpu, wall = timed_train(dec, repeat)
    print(f"Training on {n} annotated articles ({words} words; {npos} spans accepted or tagged, {nneg} rejected), "
          f"from a cold feature cache, {repeat} runs:")  # fmt: skip
    print()
    print("| | CPU | wall | CPU per 1,000 words | vs the floor (CPU) |")
    print("|---|---|---|---|---|")
    print(f"| floor: the rules alone over the same articles | {runs(f_cpu)} | {runs(f_wall)} | "
          f"{statistics.median(f_cpu) / words * 1e6:.0f} ms | 1.0x |")  # fmt: skip
    print(f"| training (`learn.train`) | {runs(cpu)} | {runs(wall)} | {statistics.median(cpu) / words * 1e6:.0f} ms | "
          f"{statistics.median(cpu) / statistics.median(f_cpu):.1f}x |")  # fmt: skip


def bounds_time(repeat: int) -> None:
    """The learned span boundaries' own cost on the dev split (all its articles decided by the gold annotator):
    training them (`train_bounds`, self-check included) and adjusting suggestions (`adjust`), beside the floor
    measured in the same run: the rules alone (`suggest_text`) over the same articles."""
    from tui_reader.learn.bounds import adjust, train_bounds

    docs = load_gold(DATA / "news_gold" / "dev.jsonl")
    dec = follow_gold(docs)
    meta = train_bounds(dec, suggest_text)
    model, _report = train(dec)
    memory = Memory.from_decisions(dec)
    words = words_of(docs)
    floor, fit, adj, with_b, without_b = [], [], [], [], []
    for _ in range(repeat):
        c0 = time.process_time()
        found = [suggest_text(d["text"]) for d in docs]
        floor.append(time.process_time() - c0)
        c0 = time.process_time()
        train_bounds(dec, suggest_text)
        fit.append(time.process_time() - c0)
        c0 = time.process_time()
        for d, f in zip(docs, found, strict=True):
            adjust(d["text"], f, meta)
        adj.append(time.process_time() - c0)
        for out, b in ((with_b, meta), (without_b, None)):
            model.meta["bounds"] = b
            c0 = time.process_time()
            for d in docs:
                learned_suggestions(d["text"], memory=memory, model=model)
            out.append(time.process_time() - c0)
    used = sum(1 for e in (meta or {}).get("edits", []) if e[9])
    print(f"Dev split, {len(docs)} articles ({words} words) decided by the gold annotator; {(meta or {}).get('pairs', 0)} "
          f"corrected extents, {used} of {len((meta or {}).get('edits', []))} edits used. CPU, {repeat} runs:")  # fmt: skip
    print()
    print("| | CPU | per 1,000 words | vs the floor |")
    print("|---|---|---|---|")
    fm = statistics.median(floor)
    for name, xs in (("floor: the rules alone (`suggest_text`)", floor), ("training the boundaries (`train_bounds`)", fit),
                     ("adjusting the rules' suggestions (`adjust`)", adj),
                     ("suggesting with everything learnt, boundaries included", with_b),
                     ("suggesting with everything learnt, without the boundaries", without_b)):  # fmt: skip
        print(f"| {name} | {runs(xs, 'ms', 1000, '.1f')} | {statistics.median(xs) / words * 1e6:.2f} ms | "
              f"{statistics.median(xs) / fm:.2f}x |")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ks", default=None, help="default 0,2,4,8 (the curve) or 2,4,6 (--dev-cv)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dev-cv", action="store_true", help="two folds over the dev split, the rules before tuning on news")
    ap.add_argument("--scale", type=int, default=0, help="time training on this many annotated articles")
    ap.add_argument("--without-cues", action="store_true", help="the learner without its learned cues (ablation)")
    ap.add_argument("--current-rules", action="store_true",
                    help="--dev-cv with today's rules (tuned on dev: shows only what learning adds wrong)")
    ap.add_argument("--without-filter", action="store_true", help="the learner without its learned filter (ablation)")
    ap.add_argument("--bounds-time", action="store_true", help="time the learned span boundaries (dev split)")
    ap.add_argument("--without-bounds", action="store_true",
                    help="the learner without its learned span boundaries (ablation)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a learner setting for this run (dev-cv only), e.g. MIN_FILTER_SPANS=5")
    ap.add_argument("--min-cue", type=int, default=None, help="learn.MIN_CUE_SPANS for this run (dev-cv only)")
    ap.add_argument("--quick", action="store_true", help="k = 0, 2 and one run each (a smoke test)")
    ap.add_argument("--clean", action="store_true",
                    help="the curve on the clean split (anonymous sources only): CLEAN_TRAIN_ORDER, CLEAN_HELD_OUT")
    ap.add_argument("--history", action="store_true",
                    help="the annotator decided the dev and seed articles before the test ones (the model learns from both)")
    args = ap.parse_args()
    if args.without_filter:
        patch("filter_additions", lambda *_a, **_k: [])
    if args.without_bounds:
        patch("adjust", lambda _t, found, _m: list(found))
    if args.without_cues:
        patch("cue_additions", lambda *_a, **_k: [])
    if args.min_cue is not None:
        if not args.dev_cv:
            sys.exit("--min-cue: settings are chosen on the dev split only")
        patch("MIN_CUE_SPANS", args.min_cue)
    for item in args.set:
        if not args.dev_cv:
            sys.exit("--set: settings are chosen on the dev split only")
        name, _, value = item.partition("=")
        patch(name, eval(value, {}))  # a number or a tuple of numbers, from the command line of whoever runs it
    if args.quick:
        args.ks, args.repeat = args.ks or "0,2", 1
    if args.bounds_time:
        bounds_time(max(args.repeat, 5))
    elif args.scale:
        scale(args.scale, args.repeat)
    elif args.dev_cv:
        dev_cv([int(x) for x in (args.ks or "2,4,6,8").split(",")], args.current_rules)
    else:
        if args.clean:
            global LABELS
            LABELS = ("anonymous source",)
        curve([int(x) for x in (args.ks or "0,2,4,8").split(",")], args.repeat, args.history, args.clean)
    return 0


if __name__ == "__main__":
    sys.exit(main())

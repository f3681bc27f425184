"""Learned span boundaries: how this annotator draws a span's edges, learnt from their corrections of suggestions.

*What it sees.* For every suggestion in a decided document (the rules' suggestions, run again on its text, and
the suggestions the annotator rejected) the span the annotator wanted there: the identical span when they
accepted it (or tagged it), else the accepted or tagged span of the same label that overlaps it most. That holds
every way an annotator corrects an extent: in the app they tag the right extent and reject the suggestion, delete
it or leave it waiting; the simulated annotator (`follow_gold`) rejects it and tags the gold span. A suggestion
with no span of its label over it says nothing about edges and is passed over.

*What it learns.* At each edge of such a suggestion the difference is an edit in whole tokens: extend left over
the words before it ("out of every"), trim words at its start ("the"), extend right ("old", "(88.5 kph)", "to
1.23 percent"), trim words at its end (", who ..."). Each edit is generalised by keys over its words at four
levels (`_key`): 1, the words lower-cased with numbers (digits, number words) as "#" ("to # percent"); 2, every
word that is not a function word as "w" or "X" (capitalised: "for X"); 3, as 2 with a figure's units as "#" and
runs of one class collapsed ("to #+": "to $25 million", "to 0.7%"; "of w+"); 4 (trims only), the two tokens at
the new edge and everything beyond them (", who *": a trailing who-clause, whatever it says). Levels 1 and 2 hold
at most MAX_EDIT_TOKENS tokens. For each key it counts how often its context occurred at a suggestion edge of the
label (its words are there) and how often the annotator drew the edge where the edit puts it, against keeping
the edge or drawing it elsewhere (a suggestion accepted as it was is evidence for keeping). An edit is learnt
when made MIN_EDIT_APPLIED times or more and more often than not.

*The self-check* (`_check`): the decided documents in BOUNDS_FOLDS folds (by document); edits learnt on the
other folds (made FOLD_MIN_APPLIED times or more: they hold fewer decisions) adjust the suggestions of the fold
left out, and each adjusted edge counts as right when it is the edge of the span the annotator wanted there. An
edit is used only when it was right there MIN_BOUNDS_RIGHT times or more and more often right than wrong.

*Applying* (`adjust`, called by `learned_suggestions` for the suggestions of every origin): at each edge the
matching used edit with the highest rate (made / seen), then the more specific key, then the longer; the span stays
inside its paragraph and never empties; the suggestion keeps its origin and gains attrs["bounds"] (what was
changed, e.g. "right +old"). A suggestion of the same label that an adjusted one now covers is left out (two
halves of a range the annotator tags whole). Where no edit was learnt the rules' conventions stand.

The meta ("bounds" in the model's meta: it persists with the model and travels with `merge`): {"edits":
[[label, side, op, level, pattern, made, seen, right, wrong, used], ...], "pairs": corrections seen}.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tui_reader.learn.decisions import Decisions
from tui_reader.learn.features import _TOKEN
from tui_reader.suggest import Suggestion

MIN_EDIT_APPLIED = 2  # an edit is learnt when the annotator made it this many times (and more often than not)
MAX_EDIT_TOKENS = 6  # longer edits (a whole clause) are not learnt
BOUNDS_LEVELS = (1, 2, 3, 4)  # key levels learnt (`_key`): 1 = words, 2 = function words, 3 = runs, 4 = trims to the end
BOUNDS_FOLDS = 4  # the self-check's folds (by document)
FOLD_MIN_APPLIED = 1  # in the self-check's folds an edit is learnt when made this many times (they hold fewer)
MIN_BOUNDS_RIGHT = 1  # held-out edges an edit must have made right (0: used when never wrong)
BOUNDS_SELF_CHECK = True

_NUM_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
              "dozen", "dozens", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
              "hundred", "hundreds", "thousand", "thousands", "half", "third", "quarter"}  # fmt: skip
_FUNCTION = {"a", "an", "the", "of", "to", "in", "on", "at", "for", "from", "with", "by", "and", "or", "but", "who",
             "which", "that", "whom", "whose", "as", "than", "about", "up", "more", "less", "fewer", "over", "under",
             "nearly", "almost", "around", "some", "least", "most", "per", "percent", "million", "billion",
             "trillion", "every", "each", "out", "between", "among", "this", "these", "those", "his", "her", "its",
             "their", "our", "old", "year", "years", "week", "month", "day", "said", "says", "told",
             "according", "other", "another", "all", "many", "several", "not", "no"}  # fmt: skip

_UNITS = {"$", "%", "€", "£", "percent", "per", "cent", "million", "billion", "trillion", "millions", "billions"}
_REACH = 300  # characters either side of a span whose tokens an edit may take
Edge = tuple[int, int, str]  # start, end, token text
Example = tuple[str, tuple[int, int, str], tuple[int, int]]  # doc_id, suggestion, the extent wanted there


def _word_class(tok: str, level: int) -> str:
    low = tok.lower()
    if any(c.isdigit() for c in tok) or low in _NUM_WORDS or (level == 3 and low in _UNITS):
        return "#"
    if level == 1 or low in _FUNCTION or not tok[:1].isalpha():
        return low
    return "X" if tok[:1].isupper() else "w"


def _key(toks: Sequence[Edge], level: int) -> str:
    """The key of an edit's tokens (in text order) at a level: 1, 2 as above; 3 = level 2 with runs of the same
    open class ("w", "X", "#") collapsed ("of w+": "of plague", "of falsifying records"); 4 (trims only) = the
    two tokens at the new edge and everything beyond them (", who *": a trailing who-clause, whatever it says)."""
    classes = [_word_class(t[2], min(level, 3)) for t in toks]
    if level <= 2:
        return " ".join(classes)
    if level == 3:
        out: list[str] = []
        for c in classes:
            run = c + "+"
            if c in ("w", "X", "#") and out and out[-1] in (c, run):
                out[-1] = run
            else:
                out.append(c)
        return " ".join(out)
    return ""  # level 4 keys are built by `_keys` (they depend on the side)


def _keys(side: str, op: str, part: Sequence[Edge]) -> list[tuple[int, str]]:
    """(level, key) of an edit at every level that applies (a coarser key that reads the same is left out)."""
    out: dict[str, int] = {}
    for lv in BOUNDS_LEVELS:
        if lv == 4:
            if op != "-":
                continue
            anchor = [_word_class(t[2], 2) for t in (part[:2] if side == "R" else part[-2:])]
            key = " ".join([*anchor, "*"] if side == "R" else ["*", *anchor])
        elif lv <= 2 and len(part) > MAX_EDIT_TOKENS:
            continue
        else:
            key = _key(part, lv)
        out.setdefault(key, lv)
    return [(lv, k) for k, lv in out.items()]


def _match(seq: Sequence[Edge], elements: Sequence[str]) -> int | None:
    """How many tokens of `seq` (outward or inward from an edge) the level-3 elements match, runs greedily; None
    if not."""
    k = 0
    for el in elements:
        run = el.endswith("+") and len(el) > 1
        cls = el[:-1] if run else el
        if k >= len(seq) or _word_class(seq[k][2], 3) != cls:
            return None
        k += 1
        while run and k < len(seq) and _word_class(seq[k][2], 3) == cls:
            k += 1
    return k


def _apply(toks: Sequence[Edge], i: int, j: int, side: str, op: str, level: int, key: str) -> int | None:
    """The new edge (a token index: the first token's for "L", one past the last's for "R") that the edit
    (side, op, level, key) gives a span of tokens i..j, or None where its words are not there (a trim leaves
    at least one token)."""
    els = key.split(" ")
    if level <= 2:
        n = len(els)
        if side == "L":
            a, b = (i - n, i) if op == "+" else (i, i + n)
        else:
            a, b = (j, j + n) if op == "+" else (j - n, j)
        if a < 0 or b > len(toks) or (op == "-" and b - a >= j - i) or _key(toks[a:b], level) != key:
            return None
        return a if (side == "L") == (op == "+") else b
    if level == 3:
        if side == "L":
            seq, els = (toks[:i][::-1], els[::-1]) if op == "+" else (toks[i : j - 1], els)
        else:
            seq, els = (toks[j:], els) if op == "+" else (toks[i + 1 : j][::-1], els[::-1])
        got = _match(seq, els)
        if got is None:
            return None
        return {("L", "+"): i - got, ("L", "-"): i + got, ("R", "+"): j + got, ("R", "-"): j - got}[side, op]
    if op != "-":
        return None
    anchor = [e for e in els if e != "*"]
    m = len(anchor)
    if side == "R":  # the first place inside the span (past its first token) where the anchor starts
        for p in range(i + 1, j - m + 1):
            if [_word_class(t[2], 2) for t in toks[p : p + m]] == anchor:
                return p
        return None
    for p in range(j - 1, i + m - 1, -1):  # "L": the last place (before its last token) where the anchor ends
        if [_word_class(t[2], 2) for t in toks[p - m : p]] == anchor:
            return p
    return None


def _edge_at(toks: Sequence[Edge], side: str, k: int) -> int:
    return toks[k][0] if side == "L" else toks[k - 1][1]


def _para_tokens(text: str, start: int, end: int) -> tuple[list[Edge], int, int]:
    """The tokens of the paragraph holding start..end (at most _REACH characters either side of it: a paragraph
    of megabytes is not tokenised once per suggestion), and the index of the span's first and one past its last."""
    a = max(text.rfind("\n", 0, start) + 1, start - _REACH)
    b = text.find("\n", end, end + _REACH)
    b = min(len(text), end + _REACH) if b < 0 else b
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, a, b)]
    i = next((k for k, t in enumerate(toks) if t[1] > start), len(toks))
    j = next((k for k, t in enumerate(toks) if t[0] >= end), len(toks))
    return toks, i, j


def _on_tokens(toks: Sequence[Edge], i: int, j: int, start: int, end: int) -> bool:
    return i < j and toks[i][0] == start and toks[j - 1][1] == end


def _edits(toks: Sequence[Edge], i: int, j: int, t: tuple[int, int]) -> dict[str, tuple[str, list[Edge]] | None | str]:
    """Per side ("L", "R") of the span of tokens i..j: None when the annotator kept the edge at `t`, (op, tokens)
    for an edit in whole tokens ("+" extend over them, "-" trim them), "other" for anything else (not whole
    tokens, another paragraph)."""
    out: dict[str, tuple[str, list[Edge]] | None | str] = {}
    starts = {tk[0]: k for k, tk in enumerate(toks)}
    ends = {tk[1]: k for k, tk in enumerate(toks)}
    for side, old, new in (("L", toks[i][0], t[0]), ("R", toks[j - 1][1], t[1])):
        k = (starts if side == "L" else ends).get(new)
        if old == new:
            out[side] = None
        elif k is None:
            out[side] = "other"
        elif side == "L":
            out[side] = ("+", list(toks[k:i])) if new < old else ("-", list(toks[i:k]))
        else:
            out[side] = ("+", list(toks[j : k + 1])) if new > old else ("-", list(toks[k + 1 : j]))
    return out


def examples(dec: Decisions, suggest: Callable[[str], Sequence[Suggestion]]) -> list[Example]:
    """(doc_id, suggestion (start, end, label), the extent the annotator wanted there) for every suggestion in the
    decided documents that a span of its label overlaps."""
    out = []
    for doc_id in dec.documents:
        text = dec.texts[doc_id]
        pos = dec.positive.get(doc_id, [])
        exact = set(pos)
        shown = {(g.start, g.end, g.label) for g in suggest(text)} | set(dec.negative.get(doc_id, []))
        for s in sorted(shown):
            if s in exact:
                out.append((doc_id, s, (s[0], s[1])))
                continue
            over = [p for p in pos if p[2] == s[2] and p[0] < s[1] and s[0] < p[1]]
            if over:
                best = max(over, key=lambda p: (min(p[1], s[1]) - max(p[0], s[0]), -p[0]))
                out.append((doc_id, s, (best[0], best[1])))
    return out


def _prepared(dec: Decisions, exs: Sequence[Example]) -> list[tuple[str, str, list[Edge], int, int, tuple[int, int]]]:
    """(doc_id, label, paragraph tokens, i, j, wanted extent) of the examples whose suggestion is on whole tokens."""
    out = []
    for doc_id, s, t in exs:
        toks, i, j = _para_tokens(dec.texts[doc_id], s[0], s[1])
        if _on_tokens(toks, i, j, s[0], s[1]):
            out.append((doc_id, s[2], toks, i, j, t))
    return out


def _count(prepared: Sequence[tuple[str, str, list[Edge], int, int, tuple[int, int]]]) -> dict[tuple, list[int]]:
    """(label, side, op, level, key) -> [made, seen]: every edit the annotator made, and at every suggestion edge of
    its label where its words were there, whether they made it (the same new edge)."""
    counts: dict[tuple, list[int]] = {}
    for _d, label, toks, i, j, t in prepared:
        for side, e in _edits(toks, i, j, t).items():
            if isinstance(e, tuple):
                for lv, key in _keys(side, e[0], e[1]):
                    counts.setdefault((label, side, e[0], lv, key), [0, 0])
    by_label: dict[str, list[tuple]] = {}
    for k in counts:
        by_label.setdefault(k[0], []).append(k)
    for _d, label, toks, i, j, t in prepared:
        for k in by_label.get(label, ()):
            _lb, side, op, lv, key = k
            got = _apply(toks, i, j, side, op, lv, key)
            if got is None:
                continue
            c = counts[k]
            c[1] += 1
            c[0] += _edge_at(toks, side, got) == (t[0] if side == "L" else t[1])
    return counts


def learn_edits(prepared: Sequence[tuple[str, str, list[Edge], int, int, tuple[int, int]]],
                least: int | None = None) -> list[list[Any]]:  # fmt: skip
    """The edits learnt: [label, side, op, level, key, made, seen], made `least` (MIN_EDIT_APPLIED) times or more
    and more often than not."""
    least = MIN_EDIT_APPLIED if least is None else least
    counts = _count(prepared)
    return [[*k, m, n] for k, (m, n) in sorted(counts.items()) if m >= least and m > n - m]


def _choose(edits: Sequence[Sequence[Any]], label: str, toks: Sequence[Edge], i: int, j: int,
            side: str) -> tuple[Sequence[Any], int] | None:  # fmt: skip
    """The edit to make at one edge: of those whose words are there, the highest rate, the most specific, the
    longest. (edit, new edge token index) or None."""
    best = None
    for e in edits:
        if e[0] != label or e[1] != side:
            continue
        got = _apply(toks, i, j, side, e[2], e[3], e[4])
        if got is None:
            continue
        rank = (e[5] / max(e[6], 1), -e[3], abs(got - (i if side == "L" else j)))
        if best is None or rank > best[0]:
            best = (rank, e, got)
    return (best[1], best[2]) if best else None


def adjust(text: str, found: Iterable[Suggestion], meta: Mapping[str, Any] | None) -> list[Suggestion]:
    """`found` with the used edits applied (see the module's docstring)."""
    found = list(found)
    edits = [e for e in (meta or {}).get("edits", []) if e[9]]
    if not edits:
        return found
    labels = {e[0] for e in edits}
    out: list[Suggestion] = []
    changed: set[tuple[int, int, str]] = set()
    for g in found:
        if g.label not in labels:
            out.append(g)
            continue
        toks, i, j = _para_tokens(text, g.start, g.end)
        if not _on_tokens(toks, i, j, g.start, g.end):
            out.append(g)
            continue
        start, end, what = g.start, g.end, []
        for side in ("L", "R"):
            got = _choose(edits, g.label, toks, i, j, side)
            if got is None:
                continue
            e, k = got
            a, b = (k, i) if side == "L" and k < i else (i, k) if side == "L" else (j, k) if k > j else (k, j)
            what.append(f"{'left' if side == 'L' else 'right'} {e[2]}{text[toks[a][0] : toks[b - 1][1]]}")
            if side == "L":
                start = toks[k][0]
            else:
                end = toks[k - 1][1]
        if not what or not start < end:
            out.append(g)
            continue
        out.append(Suggestion(start, end, g.label, g.rule, {**(g.attrs or {}), "bounds": "; ".join(what)}))
        changed.add((start, end, g.label))
    if not changed:
        return out
    return [g for g in out if "bounds" in (g.attrs or {})
            or not any(lb == g.label and s <= g.start and g.end <= e for s, e, lb in changed)]  # fmt: skip


def _check(dec: Decisions, prepared: Sequence[tuple[str, str, list[Edge], int, int, tuple[int, int]]]
           ) -> dict[tuple, list[int]]:  # fmt: skip
    """(label, side, op, level, key) -> [right, wrong]: edits learnt on all folds but one adjust the suggestions of
    the fold left out; an adjusted edge is right when it is the edge of the span the annotator wanted there."""
    docs = dec.documents
    n = min(len(docs), BOUNDS_FOLDS)
    tally: dict[tuple, list[int]] = {}
    for f in range(n if n >= 2 else 0):
        held = set(docs[f::n])
        edits = learn_edits([x for x in prepared if x[0] not in held], FOLD_MIN_APPLIED)
        if not edits:
            continue
        for doc_id, label, toks, i, j, t in prepared:
            if doc_id not in held:
                continue
            for side in ("L", "R"):
                got = _choose(edits, label, toks, i, j, side)
                if got is not None:
                    e, k = got
                    c = tally.setdefault(tuple(e[:5]), [0, 0])
                    c[0 if _edge_at(toks, side, k) == (t[0] if side == "L" else t[1]) else 1] += 1
    return tally


def train_bounds(dec: Decisions, suggest: Callable[[str], Sequence[Suggestion]],
                 self_check: bool = True) -> dict[str, Any] | None:  # fmt: skip
    """The meta of the learned boundaries ("bounds"), or None when no suggestion had a span over it."""
    exs = examples(dec, suggest)
    if not exs:
        return None
    prepared = _prepared(dec, exs)
    edits = learn_edits(prepared)
    check = self_check and BOUNDS_SELF_CHECK
    checked = _check(dec, prepared) if (check and edits) else {}
    rows = []
    for e in edits:
        r, w = checked.get(tuple(e[:5]), [0, 0])
        rows.append([*e, r, w, (r >= MIN_BOUNDS_RIGHT and r > w) if check else True])
    pairs = sum((s[0], s[1]) != t for _d, s, t in exs)
    return {"edits": rows, "pairs": pairs, "examples": len(exs)}


def describe_bounds(meta: Mapping[str, Any] | None) -> str:
    """What was learnt, in words: 'span boundaries: 39 corrected extents seen, 2 edits used (anonymous source:
    right -“, who …”; statistic: right +“old”), 6 held back by the self-check' (# a figure, w a word, X a name)."""
    if not meta:
        return "span boundaries: nothing to learn from (no corrected suggestion)"
    rows = meta.get("edits", [])
    used = [e for e in rows if e[9]]
    shown = "; ".join(f"{e[0]}: {'left' if e[1] == 'L' else 'right'} {e[2]}“{str(e[4]).replace('*', '…')}”"
                      for e in used[:4])  # fmt: skip
    more = f" and {len(used) - 4} more" if len(used) > 4 else ""
    held = len(rows) - len(used)
    return (f"span boundaries: {meta.get('pairs', 0)} corrected extents seen, {len(used)} edit"
            f"{'s' if len(used) != 1 else ''} used{' (' + shown + more + ')' if used else ''}"
            f"{f', {held} held back by the self-check' if held else ''}")

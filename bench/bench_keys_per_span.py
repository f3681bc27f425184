"""Keys per span: tag every gold span of one seed article, from the top, with the fewest keys a keymap allows.

    python bench/bench_keys_per_span.py [--quick] [--seed 003] [--no-replay]

For each gold span (tests/data/gold_seeds.jsonl, in document order) a planner picks the cheapest key sequence
that leaves exactly that span stored, among the plans a keymap offers, from where the cursor stands after the
previous tag:

- move (normal mode), `v`, move (visual mode), the label key: the selection is trimmed of white space at both
  ends when tagging, so each end may sit on the blanks around the span;
- move, `s` (the sentence under the cursor), the label key;
- NEW only: move, `v`, `a` / `i` + a text object (`" ' s p w W ( [`), move, the label key.

Moves are shortest paths (Dijkstra, one key = cost 1) over cursor offsets near the span, through the motions of
the keymap, computed with the same functions the pane runs (tui_reader.textnav): `h l w b ( ) { } g G` in both;
NEW adds `W B` and `f t F T` + a character (2 keys); and `/` + a query + enter (len + 2 keys) from where a move
starts (search is smartcase with space / quote equivalents in NEW; case-insensitive and literal in OLD, where a
non-breaking space or a curly quote cannot be typed). Not used (so each figure is an upper bound of the true
minimum): screen-dependent keys (`j k`, pages, home / end: they depend on the terminal's width), `n N ; ,`,
counts, and the mouse.

OLD is the keymap before text objects and motions (no text objects, f / t, W / B; search case-insensitive, a typed space finds
only a space); NEW is this one. Every plan is then replayed through the real reader (`ReaderApp`, Textual's
pilot, on a copy of the seed in a fresh database): the OLD plans too, in the new app, so their searches are
restricted to queries that land at the same place under both rules (lowercase, no leading blank). The stored
span must be exactly the gold span (start, end, label), or the script fails. Each span is planned from the
cursor the app shows after the previous tag, so the figures follow what the app does after tagging.

Printed: keys per span (mean, median, spread) for OLD (the floor) and NEW, and NEW / OLD as a ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import heapq
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from tui_reader import textnav  # noqa: E402
from tui_reader.models import LabelSet  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold_seeds.jsonl"
SEEDS = ROOT / "seeds"
WINDOW = 200  # offsets around the span (and the cursor) a plan may move through
MAX_QUERY = 25
FIND_REACH = 80  # f / t look this far along the line for the characters to offer
PILOT_KEY = {" ": "space"}  # other characters are pressed as themselves
OBJECTS = ('a"', 'i"', "a'", "i'", "is", "as", "ip", "iw", "aw", "iW", "aW", "a(", "i(", "a[", "i[")


@dataclass(frozen=True)
class Keymap:
    name: str
    motions: dict[str, Callable[[str, int], int]]
    find: bool  # f t F T + a character
    objects: bool  # v + a / i + object
    new_search: bool  # smartcase, NBSP / curly equivalents, a leading blank not landed on


BASIC: dict[str, Callable[[str, int], int]] = {
    "h": textnav.prev_grapheme, "l": textnav.next_grapheme, "w": textnav.next_word, "b": textnav.prev_word,
    ")": textnav.next_sentence, "(": textnav.prev_sentence, "}": textnav.next_paragraph,
    "{": textnav.prev_paragraph, "g": lambda t, i: 0, "G": lambda t, i: textnav.last_grapheme(t),
}  # fmt: skip
OLD = Keymap("old", BASIC, find=False, objects=False, new_search=False)
NEW = Keymap("new", {**BASIC, "W": textnav.next_WORD, "B": textnav.prev_WORD}, find=True, objects=True,
             new_search=True)  # fmt: skip


def typed(ch: str, km: Keymap) -> str | None:
    """The key a person types for this character of the text in a query, None when there is none."""
    if km.new_search:
        for key, alts in (("\"", textnav.DOUBLE_MARKS), ("'", textnav.SINGLE_MARKS), (" ", textnav.SPACES)):
            if ch in alts:
                return key
    return ch if " " <= ch <= "~" else None


class Planner:
    def __init__(self, text: str, km: Keymap) -> None:
        self.text = text
        self.km = km
        self._edges: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
        self._matches: dict[tuple[str, bool], list[int]] = {}
        self._dist: dict[tuple[int, int, int], dict[int, tuple[int, int, tuple[str, ...]]]] = {}

    # -- moves ------------------------------------------------------------------------------------------------
    def edges(self, u: int) -> list[tuple[int, tuple[str, ...]]]:
        if u in self._edges:
            return self._edges[u]
        text = self.text
        out: dict[int, tuple[str, ...]] = {}
        for key, fn in self.km.motions.items():
            v = fn(text, u)
            if v != u and v not in out:
                out[v] = (key,)
        if self.km.find:
            line_lo = text.rfind("\n", 0, u) + 1
            line_hi = text.find("\n", u)
            line_hi = len(text) if line_hi == -1 else line_hi
            ahead = {c for ch in text[u + 1 : min(line_hi, u + FIND_REACH)] if (c := typed(ch, NEW)) is not None}
            behind = {c for ch in text[max(line_lo, u - FIND_REACH) : u] if (c := typed(ch, NEW)) is not None}
            for kind, chars in (("f", ahead), ("t", ahead), ("F", behind), ("T", behind)):
                for c in chars:
                    v = textnav.find_char(text, u, c, forward=kind in "ft", till=kind in "tT")
                    if v is not None and v != u:
                        keys = (kind, c)
                        if v not in out or len(out[v]) > 2:
                            out[v] = keys
        self._edges[u] = edges = list(out.items())
        return edges

    def matches(self, query: str) -> list[int]:
        """Where `query` matches, under this keymap's rule (and, for OLD, the same in the new app)."""
        key = (query, self.km.new_search)
        if key not in self._matches:
            new = [a for a, _ in textnav.LiteralSearch(query).matches_in(self.text, 0, len(self.text))]
            if self.km.new_search:
                self._matches[key] = new
            else:
                old = [m.start() for m in regex.finditer(regex.escape(query), self.text, regex.IGNORECASE,
                                                          overlapped=True)]  # fmt: skip
                self._matches[key] = old if old == new else []
        return self._matches[key]

    def searches(self, src: int, lo: int, hi: int) -> Iterator[tuple[int, tuple[str, ...]]]:
        """`/` + query + enter from src: the cheapest query landing on each offset near the span."""
        text = self.text
        best: dict[int, tuple[str, ...]] = {}
        for p in range(max(0, lo), min(len(text), hi)):
            query = ""
            for k in range(MAX_QUERY):
                if p + k >= len(text):
                    break
                c = typed(text[p + k], self.km)
                if c is None:
                    break  # a character that cannot be typed (OLD: a non-breaking space, a curly quote)
                query += c.lower()  # lowercase: any case matches, under both rules
                if not self.km.new_search and query[0] == " ":
                    break  # OLD lands on a leading blank, NEW after it: not replayable the same
                starts = self.matches(query)
                if not starts:
                    break
                i = bisect.bisect_right(starts, src)
                hit = starts[i] if i < len(starts) else starts[0]
                blanks = len(query) - len(query.lstrip())
                lead = blanks if self.km.new_search and blanks < len(query) else 0  # LiteralSearch.lead
                land = hit + lead
                keys = ("/", *query, "\n")
                if land not in best or len(best[land]) > len(keys):
                    best[land] = keys
                if hit == p:
                    break  # longer queries land here too, at a higher cost
        yield from best.items()

    def from_(self, src: int, lo: int, hi: int) -> dict[int, tuple[int, int, tuple[str, ...]]]:
        """Shortest moves from src to every offset in [lo, hi]: offset -> (cost, previous offset, keys)."""
        key = (src, lo, hi)
        if key in self._dist:
            return self._dist[key]
        dist: dict[int, tuple[int, int, tuple[str, ...]]] = {src: (0, -1, ())}
        heap = [(0, src)]
        first = True
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u][0]:
                continue
            moves = list(self.edges(u))
            if first:
                moves += list(self.searches(src, lo, hi))
                first = False
            for v, keys in moves:
                if not lo <= v <= hi:
                    continue
                nd = d + len(keys)
                if v not in dist or nd < dist[v][0]:
                    dist[v] = (nd, u, keys)
                    heapq.heappush(heap, (nd, v))
        self._dist[key] = dist
        return dist

    @staticmethod
    def path(dist: dict[int, tuple[int, int, tuple[str, ...]]], v: int) -> list[str]:
        keys: list[str] = []
        while dist[v][1] != -1:
            keys[:0] = dist[v][2]
            v = dist[v][1]
        return keys

    # -- plans ------------------------------------------------------------------------------------------------
    def plan(self, cursor: int, start: int, end: int, label_key: str) -> list[str]:
        text = self.text
        lo, hi = max(0, min(cursor, start) - WINDOW), min(len(text), max(cursor, end) + WINDOW)
        starts = [start]  # where the selection may begin: the span's start or the blanks before it
        while starts[-1] > 0 and text[starts[-1] - 1].isspace():
            starts.append(starts[-1] - 1)
        ends = [end]
        while ends[-1] < len(text) and text[ends[-1]].isspace():
            ends.append(ends[-1] + 1)
        here = self.from_(cursor, lo, hi)
        options: list[list[str]] = []
        for a_side, b_side in ((starts, ends), (ends, starts)):
            for a in a_side:
                if a not in here:
                    continue
                there = self.from_(a, lo, hi)
                for b in b_side:
                    if b in there:
                        options.append(self.path(here, a) + ["v"] + self.path(there, b) + [label_key])
        for p in range(start, end):  # s: the sentence under the cursor
            if p in here and textnav.trimmed(text, *textnav.sentence_at(text, p)) == (start, end):
                options.append(self.path(here, p) + ["s", label_key])
        if self.km.objects:
            points = sorted({p for p in range(max(0, start - 1), min(len(text), end + 1))
                             if p in here and (p == start or p == end - 1 or not text[p - 1].isalnum())})  # fmt: skip
            for p in points:
                for spec in OBJECTS:
                    rng = textnav.text_object(text, p, spec[1], around=spec[0] == "a")
                    if rng is None or rng[0] not in starts:
                        continue
                    there = self.from_(rng[1], lo, hi)
                    for b in ends:
                        if b in there:
                            options.append(self.path(here, p) + ["v", spec[0], spec[1]] + self.path(there, b)
                                           + [label_key])  # fmt: skip
        if not options:
            raise SystemExit(f"no plan for the span {start}-{end} from {cursor} ({self.km.name} keymap)")
        return min(options, key=len)


def pilot_keys(keys: list[str]) -> list[str]:
    """The plan as pilot key names (a search is `slash`, its characters, `enter`)."""
    out = []
    for k in keys:
        if k == "\n":
            out.append("enter")
        elif k == "/":
            out.append("slash")
        elif len(k) == 1:
            out.append(PILOT_KEY.get(k, k))
        else:
            out.append(k)
    return out


@dataclass
class Result:
    keymap: str
    per_span: list[int] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    exact: int = 0
    seconds: float = 0.0


async def replay(seed: dict, km: Keymap, tmp: Path, labels: LabelSet, replay_keys: bool) -> Result:
    """Plan each span from the cursor the app shows, press the plan, check the store holds exactly the span."""
    from apphelp import make_app  # tests/apphelp.py: the reader on a database, as the tests drive it
    from tui_reader.importing import import_paths
    from tui_reader.store import AnnotationStore
    from tui_reader.tui.document_view import DocumentView

    src = SEEDS / f"{seed['id']}.txt"
    work = tmp / km.name
    work.mkdir()
    shutil.copy(src, work / src.name)
    db = work / "annotations.db"
    with AnnotationStore(db) as store:
        assert not import_paths(store, [work / src.name]).problems
    planner = Planner(seed["text"], km)
    result = Result(km.name)
    gold = sorted(seed["spans"], key=lambda s: (s["start"], s["end"]))
    t0 = time.perf_counter()
    app = make_app(db, [seed["id"]])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view = app.query_one("#left", DocumentView)
        assert view.text == seed["text"], "the stored text differs from the gold set's"
        cursor = 0
        for span in gold:
            key = labels.by_name(span["label"]).key  # type: ignore[union-attr]
            keys = planner.plan(view.cursor if replay_keys else cursor, span["start"], span["end"], key)
            result.per_span.append(len(keys))
            result.plans.append("".join("⏎" if k == "\n" else k for k in keys))
            if not replay_keys:
                cursor = span["start"]
                continue
            await pilot.press(*pilot_keys(keys))
            await pilot.pause()
            with AnnotationStore(db) as store:
                stored = {(s.start, s.end, s.label) for s in store.spans(seed["id"])}
            if (span["start"], span["end"], span["label"]) in stored and len(stored) == len(result.per_span):
                result.exact += 1
            else:
                print(f"  MISMATCH {km.name}: plan {result.plans[-1]!r} for {span['start']}-{span['end']} "
                      f"{span['label']}; stored {sorted(stored)[-3:]}")  # fmt: skip
                return result
    result.seconds = time.perf_counter() - t0
    return result


def summary(r: Result) -> str:
    xs = r.per_span
    return (f"{r.keymap}: {sum(xs)} keys for {len(xs)} spans, {statistics.mean(xs):.2f} keys per span (median "
            f"{statistics.median(xs):g}, min {min(xs)}, max {max(xs)})")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke size: the first 3 spans")
    ap.add_argument("--seed", default="003", help="the seed article (prefix of its id), default 003")
    ap.add_argument("--no-replay", action="store_true", help="plan only (no pilot replay)")
    a = ap.parse_args(argv)
    seeds = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    seed = next(s for s in seeds if s["id"].startswith(a.seed))
    if a.quick:
        seed = {**seed, "spans": sorted(seed["spans"], key=lambda s: (s["start"], s["end"]))[:3]}
    labels = LabelSet.default()
    print(f"keys per span: seed {seed['id']} ({len(seed['text']):,} characters, {len(seed['spans'])} gold spans), "
          f"from the top; plans {'replayed through the pilot' if not a.no_replay else 'not replayed'}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        results = [asyncio.run(replay(seed, km, Path(tmp), labels, not a.no_replay)) for km in (OLD, NEW)]
    old, new = results
    print(f"{'span':>12}  {'label':<17} {'old':>4} {'new':>4}  {'old plan':<16} new plan  (⏎: enter)")
    gold = sorted(seed["spans"], key=lambda s: (s["start"], s["end"]))
    for i, (o, n) in enumerate(zip(old.per_span, new.per_span, strict=False)):
        s = gold[i]
        print(f"{s['start']:>5}-{s['end']:<6}  {s['label']:<17} {o:>4} {n:>4}  {old.plans[i]:<16} {new.plans[i]}")
    for r in results:
        print(summary(r) + (f"; replayed: {r.exact}/{len(r.per_span)} stored exactly ({r.seconds:.0f} s)"
                            if not a.no_replay else ""))  # fmt: skip
    ok = a.no_replay or all(r.exact == len(seed["spans"]) for r in results)
    mo, mn = statistics.mean(old.per_span), statistics.mean(new.per_span)
    print(f"ratio keys per span, new keymap vs old (seed {seed['id'][:3]}): {mn:.2f} keys / floor old "
          f"{mo:.2f} keys = {mn / mo:.2f}x (target <= 1.0x) {'ok' if mn <= mo else 'OVER'}")  # fmt: skip
    if not ok:
        print("a replayed plan did not store its gold span exactly", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

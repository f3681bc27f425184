"""Re-anchoring spans when a document's text changes (an edited source file re-imported). Pure logic, no I/O.

For each span, in order:
1. the span lies in the unchanged head of the text: same offsets (nothing moves);
   in the unchanged tail: shifted by the change in length;
2. otherwise, every exact occurrence of the span's stored text in the new text is a candidate; the one whose
   surrounding context (the characters before and after it) agrees best with the old context wins, ties going
   to the one nearest the old position (mapped into the new text). Several occurrences and no context agreeing
   at all is ambiguous: the span is not placed;
3. no exact occurrence: the nearest fuzzy match (rapidfuzz, score >= `threshold`) around the old position,
   then anywhere in a text of moderate size;
4. still nothing: the span is stale. It is kept with its stored text, at the mapped old position (clamped into
   the new text) so it can be shown near where it was, and flagged; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from tui_reader.models import Span

CONTEXT = 40  # characters of context compared on each side
FUZZY_THRESHOLD = 85.0  # rapidfuzz score (0-100) a changed span's new text must reach
MIN_FUZZY_LEN = 4  # shorter spans are only placed by exact match
WHOLE_TEXT_FUZZY_LIMIT = 200_000  # search the whole text fuzzily only when it is at most this long
MAX_CANDIDATES = 10_000  # exact occurrences looked at per span


@dataclass(frozen=True)
class Placement:
    """Where one span goes in the new text. `how`: same | shifted | exact | fuzzy | stale."""

    span_id: str
    start: int
    end: int
    how: str
    score: float = 100.0
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.how != "stale"


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # binary search on slice equality: C-speed comparisons, log n of them
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    n = min(len(a), len(b), limit)
    k = 0
    while k < n and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


class _Diff:
    """The unchanged head and tail of two texts, to map an old offset to where it now is."""

    def __init__(self, old: str, new: str) -> None:
        self.old_len, self.new_len = len(old), len(new)
        self.head = _common_prefix(old, new)
        rest = min(len(old), len(new)) - self.head
        self.tail = _common_suffix(old, new, rest)
        self.delta = len(new) - len(old)

    def map(self, pos: int) -> int:
        if pos <= self.head:
            return pos
        if pos >= self.old_len - self.tail:
            return pos + self.delta
        old_mid = self.old_len - self.tail - self.head
        new_mid = self.new_len - self.tail - self.head
        return self.head + round((pos - self.head) * new_mid / max(old_mid, 1))


def _context_score(old: str, span: Span, new: str, start: int, end: int) -> int:
    before = _common_suffix(old[max(0, span.start - CONTEXT) : span.start], new[max(0, start - CONTEXT) : start], CONTEXT)
    after = _common_prefix(old[span.end : span.end + CONTEXT], new[end : end + CONTEXT])
    return before + after


def _exact(old: str, new: str, span: Span, expected: int) -> tuple[int, int] | None | str:
    t = span.text
    found: list[int] = []
    i = new.find(t)
    while i >= 0 and len(found) < MAX_CANDIDATES:
        found.append(i)
        i = new.find(t, i + 1)
    if not found:
        return None
    scored = [(_context_score(old, span, new, i, i + len(t)), -abs(i - expected), i) for i in found]
    ctx, _, best = max(scored)
    if ctx == 0 and len(found) > 1:
        return "ambiguous"
    return best, best + len(t)


def _fuzzy(new: str, span: Span, expected: int, threshold: float) -> tuple[int, int, float] | None:
    t = span.text
    if len(t.strip()) < MIN_FUZZY_LEN:
        return None
    pad = max(200, 4 * len(t))
    windows = [(max(0, expected - pad), min(len(new), expected + len(t) + pad))]
    if len(new) <= WHOLE_TEXT_FUZZY_LIMIT and windows[0] != (0, len(new)):
        windows.append((0, len(new)))
    for lo, hi in windows:
        al = fuzz.partial_ratio_alignment(t, new[lo:hi], score_cutoff=threshold)
        if al is None:
            continue
        s, e = lo + al.dest_start, lo + al.dest_end
        # refine the edges: the alignment window has the old length; the new wording may be longer or shorter
        k = min(12, max(2, len(t) // 4))
        best = (fuzz.ratio(t, new[s:e]), s, e)
        for s2 in range(max(lo, s - k), min(s + k, e - 1) + 1):
            for e2 in range(max(s2 + 1, e - k), min(hi, e + k) + 1):
                r = fuzz.ratio(t, new[s2:e2])
                if r > best[0]:
                    best = (r, s2, e2)
        score, s, e = best
        # never start or end on whitespace the old span did not have
        while s < e and new[s].isspace() and not t[:1].isspace():
            s += 1
        while e > s and new[e - 1].isspace() and not t[-1:].isspace():
            e -= 1
        if e > s and fuzz.ratio(t, new[s:e]) >= threshold:
            return s, e, float(fuzz.ratio(t, new[s:e]))
    return None


def reanchor(old: str, new: str, spans: Iterable[Span], *, threshold: float = FUZZY_THRESHOLD) -> list[Placement]:
    """A Placement for every span (same order). Placed spans satisfy `new[start:end]` == the span's new text."""
    diff = _Diff(old, new)
    out: list[Placement] = []
    for span in spans:
        valid = not span.stale and 0 <= span.start < span.end <= len(old) and old[span.start : span.end] == span.text
        if valid and span.end <= diff.head:
            out.append(Placement(span.id, span.start, span.end, "same"))
            continue
        if valid and span.start >= len(old) - diff.tail:
            out.append(Placement(span.id, span.start + diff.delta, span.end + diff.delta, "shifted"))
            continue
        expected = diff.map(span.start) if valid else min(span.start, len(new))
        ex = _exact(old, new, span, expected) if valid else _exact("", new, span, expected)
        if isinstance(ex, tuple):
            out.append(Placement(span.id, ex[0], ex[1], "exact"))
            continue
        fz = _fuzzy(new, span, expected, threshold) if ex is None else None
        if fz is not None:
            out.append(Placement(span.id, fz[0], fz[1], "fuzzy", fz[2]))
            continue
        reason = ("its text occurs several times and no context matches" if ex == "ambiguous"
                  else "its text is no longer in the document")  # fmt: skip
        out.append(Placement(span.id, *_clamp(expected, len(span.text), len(new)), "stale", 0.0, reason))
    return out


def _clamp(start: int, length: int, n: int) -> tuple[int, int]:
    """A non-empty range inside a text of length n (n >= 1) near `start`: where a stale span is shown."""
    start = max(0, min(start, n - 1))
    return start, max(start + 1, min(start + max(length, 1), n))

"""Is a span's placement on a shortest edit script? Pure logic, used by `reanchor` (split off it).

The diff `reanchor` draws is greedy: it takes the longest run of equal pieces first, and a run of pieces can be
taken that a shorter way from the old to the new text would not keep (old "A B C", new "B C' ... A C": the
greedy diff keeps "B C" and deletes "A"; keeping "A" and "C" keeps more). A span carried by such a run, next to
an edit, sits where only the longer story puts it; if its surroundings happen to fit there, that is still a
guess. So a span placed without its full context must also be kept, at that place, by some longest common
subsequence of the old and new text around it (`SCRIPT_WINDOW` characters each side, and the changed stretches
those reach into), else it is stale.
"""

from __future__ import annotations

SCRIPT_WINDOW = 512  # old characters each side of a span looked at (and what the diff pairs them with)
SCRIPT_CAP = 4096  # at most this many new characters each side (a huge insertion close by is not all read)


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of a and b (bit-parallel, Hyyrö 2004: |a|/64 words a step)."""
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a  # the shorter one as the bit vector
    masks: dict[str, int] = {}
    for i, c in enumerate(a):
        masks[c] = masks.get(c, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for c in b:
        u = v & masks.get(c, 0)
        if u:
            v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def on_shortest_script(old: str, new: str, span: tuple[int, int, int, int], window: tuple[int, int, int, int]) -> bool:
    """Some longest common subsequence of old[lo_a:hi_a] and new[lo_b:hi_b] keeps old[s:e] whole as new[p:q]."""
    s, e, p, q = span
    lo_a, hi_a, lo_b, hi_b = window
    a, b = old[lo_a:hi_a], new[lo_b:hi_b]
    s, e, p, q = s - lo_a, e - lo_a, p - lo_b, q - lo_b
    kept = lcs_length(a[:s], b[:p]) + (e - s) + lcs_length(a[e:], b[q:])
    return kept >= lcs_length(a, b)

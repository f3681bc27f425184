"""Review rules shared by the CLI and the TUI (no Textual): which span "the one here" is.

Where spans nest or overlap, the one a reader means is the innermost: the shortest, then the one starting
first, then by label name, so the choice never depends on the order the spans came in.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_reader.models import Span


def _innermost_key(s: Span) -> tuple[int, int, str]:
    return (s.end - s.start, s.start, s.label)


def innermost(spans: Iterable[Span]) -> Span | None:
    """The innermost of `spans` (shortest, then first, then by label); None when there is none."""
    return min(spans, key=_innermost_key, default=None)


def innermost_first(spans: Iterable[Span]) -> list[Span]:
    """`spans` ordered as `innermost` chooses: the innermost first (a stable sort: ties keep their order)."""
    return sorted(spans, key=_innermost_key)

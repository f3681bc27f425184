"""The reading pane's search (`/`, `n`, `N`): a mixin of `DocumentView`, split from document_view.py.

The search itself is textsearch.py's (`LiteralSearch`, `SearchAhead`); here is what the pane does with it: the
cursor moves to a match (after its leading blanks), wraps around with a notice, and the count is shown.
"""

from __future__ import annotations

from typing import Any, cast

from .. import textnav

_NOT_YET = object()  # _search_from: no result searched ahead, search now


class PaneSearch:  # methods typed `self: Any`: the state they use is DocumentView's
    """`DocumentView`'s search methods (its state, `_search`, `_search_current`, `_ahead`, is set up there)."""

    _search: textnav.LiteralSearch | None
    _search_current: tuple[int, int] | None

    @property
    def search_pattern(self: Any) -> str | None:
        """The active search (its matches are highlighted on screen), None when there is none."""
        return self._search.pattern if self._search is not None else None

    @property
    def search_count(self: Any) -> str | None:
        """Where the current match is among all: "3 of 17" ("3 of 999+" when there are more than were counted:
        a key never scans a whole 50 MB text); None when no match is current."""
        if self._search is None or self._search_current is None:
            return None
        index, total, complete = self._search.count(self.text, self._search_current[0])
        if complete:
            return f"{index} of {total}" if index is not None else None
        return f"{index if index is not None else f'>{total}'} of {total}+"

    def search(self: Any, pattern: str, *, forward: bool = True) -> bool:
        """Find `pattern` after (or before) the cursor, wrapping around the text (with a notice), as vim's `/`
        with smartcase: literal; case-insensitive unless it has a capital; a space also finds a non-breaking
        space, a straight quote a curly one (textnav.LiteralSearch).

        The cursor moves to the start of the match (after its leading blanks: `/ a senior` lands on `a`);
        every match on screen is highlighted. False: not found.
        """
        if not pattern:
            self._search = None
            self._search_current = None
            self.refresh()
            return False
        self._search = textnav.LiteralSearch(pattern)
        self._search_current = None  # a new query starts from the cursor itself
        ready, hit = self._ahead.take(self.text, pattern, self.cursor) if forward else (False, None)
        return self._search_from(self.cursor, forward, hit if ready else _NOT_YET)

    def prefetch_search(self: Any, pattern: str) -> None:
        """The `/` prompt's query as it is being typed: on a big text, look for it from the cursor in the
        background now, so `search(pattern)` finds the result ready (textnav.SearchAhead). Nothing on screen
        changes."""
        self._ahead.start(self.text, pattern, self.cursor)

    def search_next(self: Any) -> bool:
        return self._search_from(self.cursor, True) if self._search else False

    def search_prev(self: Any) -> bool:
        return self._search_from(self.cursor, False) if self._search else False

    def _search_from(self: Any, pos: int, forward: bool, found: object = _NOT_YET) -> bool:
        search = self._search
        assert search is not None
        current = self._search_current
        if current is not None and pos == current[0] + search.lead:
            pos = current[0]  # n / N from the match the cursor landed in (after its leading blanks)
        hit = search.next_from(self.text, pos, forward) if found is _NOT_YET else cast("tuple[int, int] | None", found)
        self._search_current = hit
        if hit is None:
            self.refresh()
            return False
        if hit[0] <= pos if forward else hit[0] >= pos:
            self.notify("Search hit the BOTTOM, continued at the TOP." if forward else
                        "Search hit the TOP, continued at the BOTTOM.", timeout=2, markup=False)  # fmt: skip
        self._set(hit[0] + search.lead, False)  # like any motion: extends the selection in visual mode, else drops it
        return True

    def action_search_next(self: Any) -> None:
        if not self.search_next():
            self.app.bell()

    def action_search_prev(self: Any) -> None:
        if not self.search_prev():
            self.app.bell()

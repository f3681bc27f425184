"""A model-based soak test of the editing loop: hypothesis drives the real app through
random keys — motions, selections, tags, relabels, deletes, notes, links, undo / redo, accept / reject,
document switches, restarts — and after every step checks what a user relies on:

- no exception (the app is still running, no dialog left open by accident);
- every stored span still says what its document says there (`text[start:end] == span.text`);
- the screen's counts are the store's: the header's span count is the annotator's accepted spans, the document
  list's row for the open document says its count, the span list holds the pane's visible spans;
- undo followed by redo is the identity on the store (spans and links).

Bounded for CI (a few examples of a few dozen steps; ~30-60 s on a shared machine).
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from apphelp import ANNOTATOR, make_app, seed_db
from tui_reader import review
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.suggest import rules_for_labels, store_suggestions

SIZE = (110, 32)
MOTIONS = ("w", "b", "l", "h", "j", "k", "right_parenthesis", "left_parenthesis", "right_square_bracket",
           "left_square_bracket", "g", "G", "pagedown")  # fmt: skip


def store_state(db: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with AnnotationStore(db) as s:
        spans = [{k: v for k, v in x.to_dict().items() if k != "updated_at"} for x in s.spans()]
        return spans, s.links()


class EditingLoop(RuleBasedStateMachine):
    template: Path
    workdir: Path
    runs = 0

    def __init__(self) -> None:
        super().__init__()
        EditingLoop.runs += 1
        self.db = self.workdir / f"soak{EditingLoop.runs}.db"
        shutil.copy(self.template, self.db)
        with AnnotationStore(self.db) as s:
            self.ids = s.document_ids()
        self.loop = asyncio.new_event_loop()
        self._start()

    # -- driving the app ---------------------------------------------------------------------------------
    def _start(self) -> None:
        """The app runs in a task of its own (`async with app.run_test()` opened and closed in that task)."""
        self.app = make_app(self.db, self.ids[:2])
        self.stop = asyncio.Event()
        ready: asyncio.Future[Any] = self.loop.create_future()

        async def host() -> None:
            async with self.app.run_test(size=SIZE) as pilot:
                ready.set_result(pilot)
                await self.stop.wait()

        self.host = self.loop.create_task(host())
        self.pilot = self.loop.run_until_complete(ready)
        self._run(self.pilot.pause())

    def _stop(self) -> None:
        self.stop.set()
        self.loop.run_until_complete(self.host)

    def _run(self, coro: Any) -> Any:
        """One step on the app's loop, with the app's context variables set (as inside `async with run_test()`)."""
        with self.app._context():
            return self.loop.run_until_complete(coro)

    def press(self, *keys: str) -> None:
        self._run(self.pilot.press(*keys))
        self._run(self.pilot.pause())

    def teardown(self) -> None:
        try:
            self._stop()
        finally:
            self.loop.close()

    # -- rules: what a person does --------------------------------------------------------------------------
    @rule(keys=st.lists(st.sampled_from(MOTIONS), min_size=1, max_size=4))
    def move(self, keys: list[str]) -> None:
        self.press(*keys)

    @rule(words=st.integers(1, 4), label=st.sampled_from("1234"))
    def select_and_tag(self, words: int, label: str) -> None:
        self.press("v", *("w" * words), label)

    @rule(label=st.sampled_from("1234"))
    def label_key_without_selection(self, label: str) -> None:  # relabels the span under the cursor, if any
        self.press("escape", label)

    @rule()
    def delete(self) -> None:
        self.press("x")

    @rule(text=st.text(alphabet="ab [", min_size=0, max_size=4), save=st.booleans())
    def note(self, text: str, save: bool) -> None:
        self.press("e")
        if type(self.app.screen).__name__ != "NoteEditor":
            return  # no span under the cursor: said so
        self.press(*["space" if c == " " else "left_square_bracket" if c == "[" else c for c in text])
        self.press("ctrl+s" if save else "escape")
        if type(self.app.screen).__name__ == "ConfirmScreen":  # escape after typing asks first
            self.press("y")

    @rule(key=st.sampled_from(["a", "r", "greater_than_sign"]))
    def review_suggestion(self, key: str) -> None:
        self.press(key)

    @rule(key=st.sampled_from(["A", "R"]), yes=st.booleans())
    def decide_all(self, key: str, yes: bool) -> None:
        self.press(key)
        if type(self.app.screen).__name__ == "ConfirmScreen":
            self.press("y" if yes else "n")

    @rule()
    def link_echo(self) -> None:  # links the span under the cursor with its echo in the other pane, if any
        self.press("L")

    @rule(key=st.sampled_from(["u", "ctrl+r"]))
    def undo_or_redo(self, key: str) -> None:
        self.press(key)

    @rule()
    def undo_then_redo_is_the_identity(self) -> None:
        before = store_state(self.db)
        self.press("u", "ctrl+r")
        assert store_state(self.db) == before

    @rule()
    def other_pane(self) -> None:
        self.press("tab")

    @rule(steps=st.integers(0, 4))
    def open_document(self, steps: int) -> None:
        self.press("o")
        if type(self.app.screen).__name__ == "DocumentPicker":
            self.press(*(["down"] * steps), "enter")

    @rule()
    def restart(self) -> None:
        self._stop()
        self._start()

    # -- what must hold after every step ---------------------------------------------------------------------
    @invariant()
    def still_running_on_the_main_screen(self) -> None:
        assert self.app.is_running
        assert len(self.app.screen_stack) == 1, type(self.app.screen).__name__

    @invariant()
    def every_span_says_what_its_text_says(self) -> None:
        with AnnotationStore(self.db) as s:
            for span in s.spans():
                assert s.document_text(span.doc_id)[span.start : span.end] == span.text

    @invariant()
    def the_screen_counts_are_the_stores(self) -> None:
        app = self.app
        with AnnotationStore(self.db) as s:
            counts = s.accepted_counts(ANNOTATOR)
            total = sum(counts.values())
            assert f"· {total} span{'s' if total != 1 else ''}" in app.sub_title
            view = app.active_view
            doc_id = getattr(view, "doc_id", "")
            if doc_id and app.span_list() is not None:
                n = counts.get(doc_id, 0)
                assert f"{n} span" in app.query_one("DocumentList").row_text(doc_id)
                assert set(app.span_list().spans) == {x.id for x in review.visible_spans(s, doc_id, ANNOTATOR)}


def test_the_editing_loop_survives_random_keys(tmp_path: Path) -> None:
    db, _ = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        store_suggestions(s, None, rules=rules_for_labels(LabelSet.default()))
        s.add_span(s.document_ids()[0], 5, 15, "claim", annotator="someone else")  # never counted as ours
        assert any(x.status == "suggested" for x in s.spans())
    EditingLoop.template, EditingLoop.workdir = db, tmp_path
    run_state_machine_as_test(EditingLoop, settings=settings(
        max_examples=4, stateful_step_count=25, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))  # fmt: skip

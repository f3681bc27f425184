"""Relations in the reader: `m` on a span and `m` on another makes a typed relation, shown on the status line
and the pane's border, `%` jumps between its ends, `X` deletes one, `u` / `ctrl+r` undo and redo each in one
step, the palette has every relation action; suggested relations settle with their spans.

Driven as a person would (pilot keys, the palette); what the app wrote is read back with a fresh connection.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import make_app, said
from tui_reader import actions
from tui_reader.actions import Scope
from tui_reader.models import Document, LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.screens.choice import ChoiceScreen
from tui_reader.tui.widgets.status_line import StatusLine

TEXT = ("“We will close 40 schools,” a senior official said. The minister denied it. "
        "Officials said 3 million pupils would move.\n")  # fmt: skip
WIDE = (180, 30)  # wide enough for the status line to show the relation whole


def at(phrase: str) -> tuple[int, int]:
    i = TEXT.index(phrase)
    return i, i + len(phrase)


QUOTE = at("“We will close 40 schools,”")
ANON = at("a senior official")
CLAIM = at("The minister denied it.")
STAT = at("3 million pupils")
ME = "tester"


def relations(db: Path, **kw):  # type: ignore[no-untyped-def]
    with AnnotationStore(db) as s:
        return s.relations("art", **kw)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "rel.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        for (start, end), label in ((QUOTE, "quote"), (ANON, "anonymous source"), (CLAIM, "claim"),
                                    (STAT, "statistic")):  # fmt: skip
            s.add_span("art", start, end, label, annotator=ME)
    return path


def status(app) -> str:  # type: ignore[no-untyped-def]
    return app.query_one(StatusLine).text


def border(app) -> str:  # type: ignore[no-untyped-def]
    sub = app.query_one("#left", DocumentView).border_subtitle
    return "" if sub is None else str(sub)


async def go(pilot, offset: int) -> None:  # type: ignore[no-untyped-def]
    pilot.app.query_one("#left", DocumentView).move_to(offset)
    await pilot.pause()


async def relate(pilot, head: int, tail: int) -> None:  # type: ignore[no-untyped-def]
    await go(pilot, head)
    await pilot.press("m")
    await go(pilot, tail)
    await pilot.press("m")
    await pilot.pause()


async def test_m_then_m_makes_the_only_allowed_type_and_the_screen_names_it(db: Path) -> None:
    app = make_app(db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, QUOTE[0] + 3)
        await pilot.press("m")
        await pilot.pause()
        assert said(app)[-1].startswith("Relation from quote ““We will close 40 schools,””: move to the other span")
        assert "relation from quote" in status(app)
        await go(pilot, ANON[0] + 2)
        await pilot.press("m")
        await pilot.pause()
        [r] = relations(db)
        assert (r.label, r.annotator, r.status, r.origin) == ("attributed to", ME, "accepted", "manual")
        with AnnotationStore(db) as s:
            assert (s.get_span(r.head).text, s.get_span(r.tail).text) == (TEXT[slice(*QUOTE)], "a senior official")
        # the tail's status line and border name the relation from its side; the head's from its own
        assert "← attributed to: quote ““We will close 40 schools,””" in status(app)
        assert "relation from" not in status(app)
        assert "← attributed to: quote" in border(app)
        await go(pilot, QUOTE[0] + 3)
        assert "attributed to → anonymous source “a senior official”" in status(app)
        assert "attributed to → anonymous source “a senior official”" in border(app)
        await go(pilot, CLAIM[0])  # a span without relations: nothing about them
        assert "attributed to" not in status(app) and "attributed to" not in border(app)


async def test_a_refused_pair_names_what_is_allowed_and_esc_cancels(db: Path) -> None:
    app = make_app(db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, ANON[0])
        await pilot.press("m")  # an anonymous source is never the head
        await pilot.pause()
        assert said(app)[-1] == ("Not a relation's start: no relation starts at a 'anonymous source' span (relations "
                                 "start at claim, quote, statistic).")  # fmt: skip
        await go(pilot, CLAIM[0])
        await pilot.press("m")
        await go(pilot, CLAIM[0] + 4)
        await pilot.press("m")  # the same span
        await pilot.pause()
        assert said(app)[-1].startswith("That is the span the relation starts at")
        await pilot.press("escape")
        await pilot.pause()
        assert said(app)[-1] == "Relation cancelled."
        assert "relation from" not in status(app)
        await go(pilot, ANON[0])
        await pilot.press("m")  # nothing begun: m on the source starts nothing
        await pilot.pause()
        assert relations(db) == []


async def test_no_type_between_two_labels_is_refused_with_the_allowed_tails(tmp_path: Path) -> None:
    toml = tmp_path / "labels.toml"
    toml.write_text('[[label]]\nname = "quote"\nkey = "1"\n[[label]]\nname = "speaker"\nkey = "2"\n'
                    '[[label]]\nname = "place"\nkey = "3"\n[[relation]]\nname = "said by"\nheads = ["quote"]\n'
                    'tails = ["speaker"]\n', encoding="utf-8")  # fmt: skip
    path = tmp_path / "t.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        s.add_span("art", *QUOTE, "quote", annotator=ME)
        s.add_span("art", *ANON, "place", annotator=ME)
    app = make_app(path, ["art"], labels=LabelSet.from_toml(toml))
    async with app.run_test(size=WIDE) as pilot:
        await relate(pilot, QUOTE[0], ANON[0])
        assert said(app)[-1] == ("Not related: no relation goes from a 'quote' span to a 'place' span ('said by' "
                                 "points to speaker). Move to another span, or press esc.")  # fmt: skip
        assert relations(path) == []
        assert "relation from quote" in status(app)  # still waiting for a span it can point to


async def test_several_types_ask_which_by_number(tmp_path: Path) -> None:
    toml = tmp_path / "labels.toml"
    toml.write_text('[[label]]\nname = "quote"\nkey = "1"\n[[label]]\nname = "speaker"\nkey = "2"\n'
                    '[[relation]]\nname = "said by"\nheads = ["quote"]\ntails = ["speaker"]\n'
                    '[[relation]]\nname = "[b]denied by[/b]"\nheads = ["quote"]\ntails = ["speaker"]\n',
                    encoding="utf-8")  # fmt: skip
    path = tmp_path / "t.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        s.add_span("art", *QUOTE, "quote", annotator=ME)
        s.add_span("art", *ANON, "speaker", annotator=ME)
    app = make_app(path, ["art"], labels=LabelSet.from_toml(toml))
    async with app.run_test(size=WIDE) as pilot:
        await relate(pilot, QUOTE[0], ANON[0])
        assert isinstance(app.screen, ChoiceScreen)
        shown = " ".join(str(w.content) for w in app.screen.query(".option"))
        assert "said by" in shown and "[b]denied by[/b]" in shown  # the name as written, not markup
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)
        assert [r.label for r in relations(path)] == ["[b]denied by[/b]"]
        await relate(pilot, QUOTE[0], ANON[0])
        await pilot.press("escape")  # the choice cancelled: nothing made
        await pilot.pause()
        assert [r.label for r in relations(path)] == ["[b]denied by[/b]"]


async def test_jump_between_the_ends_and_to_the_next_relation(db: Path) -> None:
    app = make_app(db, ["art"])
    view = lambda: app.query_one("#left", DocumentView)  # noqa: E731
    async with app.run_test(size=WIDE) as pilot:
        await relate(pilot, QUOTE[0], ANON[0])
        await relate(pilot, QUOTE[0], STAT[0])
        await go(pilot, QUOTE[0] + 5)
        await pilot.press("percent_sign")
        await pilot.pause()
        assert view().cursor == ANON[0]
        await pilot.press("percent_sign")  # back to the head
        await pilot.pause()
        assert view().cursor == QUOTE[0]
        await pilot.press("percent_sign")  # the head's next relation
        await pilot.pause()
        assert view().cursor == STAT[0]
        assert "← attributed to: quote" in status(app)
        await go(pilot, CLAIM[0])
        await pilot.press("percent_sign")
        await pilot.pause()
        assert said(app)[-1] == "No relation on the span under the cursor."
        assert view().cursor == CLAIM[0]


async def test_delete_undo_redo_each_one_step_and_a_choice_when_several(db: Path) -> None:
    app = make_app(db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await relate(pilot, QUOTE[0], ANON[0])
        await relate(pilot, QUOTE[0], STAT[0])
        assert len(relations(db)) == 2
        await pilot.press("u")  # undo the second relation only
        await pilot.pause()
        assert [r.tail for r in relations(db)] == [relations(db)[0].tail] and len(relations(db)) == 1
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(relations(db)) == 2
        await go(pilot, QUOTE[0])
        await pilot.press("X")  # two relations: which?
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")
        await pilot.pause()
        with AnnotationStore(db) as s:
            [left] = s.relations("art")
            assert s.get_span(left.tail).label == "statistic"  # the first (the source) went
        assert "anonymous source" not in status(app) and "statistic" in status(app)
        await pilot.press("X")  # one left: deleted without asking
        await pilot.pause()
        assert relations(db) == []
        assert "attributed to" not in status(app)
        await pilot.press("u")
        await pilot.pause()
        assert len(relations(db)) == 1
        assert "attributed to → statistic “3 million pupils”" in status(app)
        await pilot.press("u")
        await pilot.pause()
        assert len(relations(db)) == 2
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        assert relations(db) == []


async def test_deleting_a_span_takes_its_relations_and_one_undo_brings_both_back(db: Path) -> None:
    app = make_app(db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await relate(pilot, QUOTE[0], ANON[0])
        await go(pilot, ANON[0])
        await pilot.press("x")
        await pilot.pause()
        assert relations(db) == []
        await pilot.press("u")
        await pilot.pause()
        assert len(relations(db)) == 1
        await go(pilot, ANON[0])
        assert "← attributed to: quote" in status(app)


async def test_the_palette_has_every_relation_action(db: Path) -> None:
    app = make_app(db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        titles = [c.title for c in app.reader_commands()]
        for title in ("relation: start / complete (m)", "relation: cancel (escape)",
                      "relation: jump to the other end (%)", "relation: delete (X)"):  # fmt: skip
            assert title in titles
        await go(pilot, QUOTE[0])
        for step in ("start / complete", None, "start / complete"):
            if step is None:
                await go(pilot, ANON[0])
                continue
            await pilot.press("ctrl+p", *f"relation: {step}")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
        assert len(relations(db)) == 1
        await pilot.press("ctrl+p", *"relation: delete")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert relations(db) == []


def test_the_choice_dialog_keys_are_the_table() -> None:
    rows = [(b.key, b.action, b.description, b.show, b.key_display) for b in ChoiceScreen.BINDINGS]
    assert rows == [(a.keys, a.action, a.description, a.show, a.key_display)
                    for a in actions.actions(Scope.CHOICE)]  # fmt: skip


# -- suggested relations ----------------------------------------------------------------------------------------
@pytest.fixture
def suggested_db(tmp_path: Path) -> Path:
    """The rules' suggestions on the text: the quote, the source, and the quote `attributed to` the source."""
    from tui_reader.suggest import store_suggestions

    path = tmp_path / "sug.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        totals = store_suggestions(s, ["art"])
        assert totals["relations"] == 1
    return path


async def test_accepting_both_ends_of_a_suggested_relation_accepts_it(suggested_db: Path) -> None:
    app = make_app(suggested_db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, QUOTE[0] + 2)
        assert "attributed to → anonymous source “a senior official” (suggested)" in status(app)
        await pilot.press("a")  # the quote: its source is still a suggestion
        await pilot.pause()
        assert [r.status for r in relations(suggested_db)] == ["suggested"]
        await go(pilot, ANON[0] + 1)
        await pilot.press("a")  # the source too: the relation is accepted, and is the annotator's
        await pilot.pause()
        [r] = relations(suggested_db)
        assert (r.status, r.annotator, r.origin) == ("accepted", ME, "rule")
        assert "(suggested)" not in status(app)
        await pilot.press("u")  # the relation's acceptance first, then the span's
        await pilot.pause()
        assert [r.status for r in relations(suggested_db)] == ["suggested"]


async def test_rejecting_an_end_rejects_the_suggested_relation(suggested_db: Path) -> None:
    app = make_app(suggested_db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, ANON[0] + 1)
        await pilot.press("r")
        await pilot.pause()
        assert [r.status for r in relations(suggested_db)] == ["rejected"]
        await go(pilot, QUOTE[0] + 2)
        assert "attributed to" not in status(app)


async def test_accept_all_accepts_the_suggested_relations_once_answered(suggested_db: Path) -> None:
    app = make_app(suggested_db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert [r.status for r in relations(suggested_db)] == ["suggested"]  # asked, not answered yet
        await pilot.press("y")
        await pilot.pause(0.3)
        assert [r.status for r in relations(suggested_db)] == ["accepted"]


async def test_m_between_the_ends_of_a_suggested_relation_accepts_it(suggested_db: Path) -> None:
    app = make_app(suggested_db, ["art"])
    async with app.run_test(size=WIDE) as pilot:
        await relate(pilot, QUOTE[0] + 2, ANON[0] + 1)
        [r] = relations(suggested_db)
        assert (r.status, r.annotator) == ("accepted", ME)


# -- adjudication (J) -------------------------------------------------------------------------------------------
@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    """alice: the quote rests on the senior official; bob: on the statistic. Both marked the same spans."""
    path = tmp_path / "team.db"
    with AnnotationStore(path) as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools", source="art.txt"))
        for who, tail in (("alice", ANON), ("bob", STAT)):
            ids = {key: s.add_span("art", *key, label, annotator=who).id
                   for key, label in ((QUOTE, "quote"), (ANON, "anonymous source"), (STAT, "statistic"))}  # fmt: skip
            s.add_relation(ids[QUOTE], ids[tail], "attributed to", annotator=who)
    return path


def gold(db: Path) -> list[tuple[str, str, str]]:
    with AnnotationStore(db) as s:
        return sorted((s.get_span(r.head).text, s.get_span(r.tail).text, r.status)
                      for r in s.relations("art", annotators=["gold"]))  # fmt: skip


async def test_relation_disagreements_are_adjudicated_into_gold(team_db: Path) -> None:
    from tui_reader.tui.screens.adjudicate import AdjudicateScreen

    app = make_app(team_db, ["art"], annotator="carol")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        sides = str(screen.query_one("#adj-sides").content)
        assert "From quote ““We will close 40 schools,””" in sides
        assert "alice" in sides and "attributed to → anonymous source “a senior official”" in sides
        assert "bob" in sides and "attributed to → statistic “3 million pupils”" in sides
        assert "relation: attributed to" in str(screen.query_one("#adj-list").render_line(0))
        await pilot.press("a")  # alice's side
        await pilot.pause()
        quote = TEXT[slice(*QUOTE)]
        assert gold(team_db) == [(quote, "3 million pupils", "rejected"), (quote, "a senior official", "accepted")]
        assert "Decided: A" in str(screen.query_one("#adj-decision").content)
        await pilot.press("u")  # the whole decision, spans carried into gold included
        await pilot.pause()
        assert gold(team_db) == []
        with AnnotationStore(team_db) as s:
            assert s.spans("art", annotators=["gold"]) == []
        await pilot.press("plus")  # both
        await pilot.pause()
        assert [g[2] for g in gold(team_db)] == ["accepted", "accepted"]


def test_a_relation_on_screen_snapshot(db: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The quote under the cursor: the status line and the pane's border name its relation to the source."""
    with AnnotationStore(db) as s:
        by_text = {sp.text: sp.id for sp in s.spans("art")}
        s.add_relation(by_text[TEXT[slice(*QUOTE)]], by_text["a senior official"], "attributed to", annotator=ME)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.query_one("#left", DocumentView).move_to(QUOTE[0] + 3)

    assert snap_compare(make_app(db, ["art"]), run_before=run_before, terminal_size=(150, 20))

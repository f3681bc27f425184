"""The app as one of a team: own layer edited, others' spans shown read-only with O, adjudication into gold (J).

One database holds alice's and bob's spans on one article (as after `tui-reader merge`). The app is driven as
a person would (pilot keys); what it wrote is read back from the database with a fresh connection, and the gold
layer is exported through the CLI as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from apphelp import SIZE, make_app, said, stored
from tui_reader.cli import main
from tui_reader.models import Document
from tui_reader.store import AnnotationStore
from tui_reader.team import GOLD
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.screens.adjudicate import AdjudicateScreen
from tui_reader.tui.widgets.status_line import StatusLine

TEXT = ("The minister said 40% of schools will close. A source who asked not to be named disagreed. "
        "Officials said 3 million pupils would move. “We are ready,” the mayor said. Turnout was 61%.\n")  # fmt: skip


def at(phrase: str) -> tuple[int, int]:
    i = TEXT.index(phrase)
    return i, i + len(phrase)


CLAIM = at("The minister said 40% of schools will close.")
STAT = at("40%")
ANON = at("A source who asked not to be named disagreed.")
OFFICIALS = at("Officials said 3 million pupils would move.")
MILLION = at("3 million")
QUOTE_A = at("“We are ready,”")
QUOTE_B = at("We are ready,")
TURNOUT = at("61%")

ALICE = [(*CLAIM, "claim"), (*STAT, "statistic"), (*OFFICIALS, "claim"), (*QUOTE_A, "quote"), (*TURNOUT, "statistic")]
BOB = [(*CLAIM, "claim"), (*ANON, "anonymous source"), (*MILLION, "statistic"), (*QUOTE_B, "quote"),
       (*TURNOUT, "statistic")]  # fmt: skip
# where they differ, one region each (the turnout statistic is the same for both: not a disagreement)
REGIONS = [(CLAIM[0], CLAIM[1]), (ANON[0], ANON[1]), (OFFICIALS[0], OFFICIALS[1]), (QUOTE_A[0], QUOTE_A[1])]


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    with AnnotationStore(db) as s:
        s.add_document(Document(id="art", text=TEXT, title="Schools to close", source="art.txt"))
        for name, spans in (("alice", ALICE), ("bob", BOB)):
            for start, end, label in spans:
                s.add_span("art", start, end, label, annotator=name)
    return db


def layers(view: DocumentView) -> dict[str, list[tuple[int, int]]]:
    """The marks layers the pane draws (name -> ranges): what the reader sees over the text."""
    return view.marks


def status(app) -> str:  # type: ignore[no-untyped-def]
    return app.query_one(StatusLine).text


def keys(spans) -> set[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return {(s.start, s.end, s.label) for s in spans}


async def test_alice_sees_her_own_layer_and_T_shows_bobs_spans_read_only(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        assert keys(view.spans) == set(ALICE)
        assert layers(view) == {}
        view.move_to(ANON[0] + 2)
        await pilot.pause()
        assert "bob" not in status(app)

        await pilot.press("O")
        await pilot.pause()
        # bob's spans where alice has none: tinted in their label colour (a layer per label); over her own
        # spans only underlined, so her colours stay (the claim, his statistic inside her claim, the quote, 61%)
        assert layers(view) == {"others:anonymous source": [ANON], "others:over-own": [CLAIM, MILLION, QUOTE_B, TURNOUT]}
        assert any("Showing bob's spans" in m for m in said(app))
        # the status line names whose span is under the cursor
        view.move_to(ANON[0] + 2)
        await pilot.pause()
        assert "bob: anonymous source A source who" in status(app)
        view.move_to(TURNOUT[0])
        await pilot.pause()
        assert "bob: statistic 61%" in status(app)  # alice's own span there too: both named

        # O again hides the layer
        await pilot.press("O")
        await pilot.pause()
        assert layers(view) == {}
        view.move_to(ANON[0] + 2)
        await pilot.pause()
        assert "bob" not in status(app)


async def test_editing_keys_never_touch_another_annotators_span(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    before = keys(stored(team_db))
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        await pilot.press("O")
        view.move_to(ANON[0] + 2)  # bob's anonymous source, none of alice's spans here
        await pilot.pause()
        for key in ("x", "e", "a", "r"):
            n = len(said(app))
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "Screen", key  # e opened no note editor
            assert any("bob's anonymous source" in m and "read-only" in m for m in said(app)[n:]), key
        # the layer hidden: still refused, with the hint how to see it
        await pilot.press("O")
        await pilot.press("x")
        await pilot.pause()
        assert "T shows the other annotators' spans" in said(app)[-1]
        # her own span is hers to delete
        view.move_to(STAT[0])
        await pilot.press("x")
        await pilot.pause()
    after = stored(team_db)
    assert keys(after) == before - {(*STAT, "statistic")}  # only her statistic went
    assert {(s.start, s.end, s.label) for s in after if s.annotator == "bob"} == set(BOB)


async def test_tags_and_undo_are_per_annotator(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        view.select(*at("the mayor"))
        await pilot.press("2")
        await pilot.pause()
        with AnnotationStore(team_db) as s:  # bob, in his own session, tags after her
            s.add_span("art", *at("Turnout"), "claim", annotator="bob")
        await pilot.press("u")
        await pilot.pause()
    spans = stored(team_db)
    assert (*at("the mayor"), "quote") not in keys(spans)  # her tag undone ...
    # ... and bob's later one untouched by her u
    assert [(s.annotator, s.label) for s in spans if (s.start, s.end) == at("Turnout")] == [("bob", "claim")]


async def test_adjudication_lists_disagreements_and_writes_gold(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        assert [(d.start, d.end) for d in screen.items] == REGIONS
        heading = screen.query_one("#adj-heading").content.plain
        assert "disagreement 1 of 4 · 0 decided" in heading
        sides = screen.query_one("#adj-sides").content.plain
        assert " A  alice\n" in sides and " B  bob\n" in sides and "statistic  “40%”  18–21" in sides

        await pilot.press("b")  # 1: bob's side: the claim, not alice's statistic
        await pilot.pause()
        assert "disagreement 2 of 4 · 1 decided" in screen.query_one("#adj-heading").content.plain
        assert "nothing marked here" in screen.query_one("#adj-sides").content.plain  # alice marked nothing
        await pilot.press("minus")  # 2: neither
        await pilot.press("plus")  # 3: both
        await pilot.press("a")  # 4: alice's quote, with the quotation marks
        await pilot.pause()
        assert "4 decided" in screen.query_one("#adj-heading").content.plain
        assert any("All 4 disagreements decided" in m for m in said(app))
        listing = [screen.query_one("#adj-list").row_text(f"{a}-{b}") for a, b in REGIONS]
        # decided ones are marked with what was chosen (2: alice marked nothing there, so A is "neither" too)
        assert [row.split("  ")[0] for row in listing] == ["✓ B", "✓ A = neither", "✓ both", "✓ A"]

    with AnnotationStore(team_db) as s:
        gold = {(g.start, g.end, g.label): g.status for g in s.spans(annotators=[GOLD])}
    assert gold == {
        (*CLAIM, "claim"): "accepted", (*STAT, "statistic"): "rejected",
        (*ANON, "anonymous source"): "rejected",
        (*OFFICIALS, "claim"): "accepted", (*MILLION, "statistic"): "accepted",
        (*QUOTE_A, "quote"): "accepted", (*QUOTE_B, "quote"): "rejected",
    }  # fmt: skip

    out = team_db.parent / "gold.jsonl"
    res = CliRunner().invoke(main, ["export", "--db", str(team_db), "--annotator", "gold", "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((s["start"], s["end"], s["label"], s["text"]) for s in doc["spans"]) == sorted([
        (*CLAIM, "claim", TEXT[slice(*CLAIM)]), (*OFFICIALS, "claim", TEXT[slice(*OFFICIALS)]),
        (*MILLION, "statistic", "3 million"), (*QUOTE_A, "quote", "“We are ready,”"),
    ])  # fmt: skip
    assert {s["annotator"] for s in doc["spans"]} == {GOLD}


async def test_u_in_adjudication_undoes_the_whole_last_decision(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J", "b")  # 1: bob's side (claim kept, alice's statistic rejected: two gold spans)
        await pilot.pause()
        assert len(stored(team_db, "art")) == len(ALICE) + len(BOB) + 2
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert [s for s in stored(team_db, "art") if s.annotator == GOLD] == []  # both of its spans, at once
        assert "disagreement 1 of 4 · 0 decided" in screen.query_one("#adj-heading").content.plain
        assert "Not decided" in screen.query_one("#adj-decision").content.plain
        # with no decision of this session left, u steps back through the gold layer's log like the reader's u
        await pilot.press("u")
        await pilot.pause()
        assert said(app)[-1] == "Nothing to undo in the gold layer."
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicateScreen)
        # the reader's keys work again once the screen is left; the main u is alice's own undo, not gold's
        await pilot.press("J", "a", "escape", "u")
        await pilot.pause()
    with AnnotationStore(team_db) as s:
        gold = {(g.start, g.end, g.label): g.status for g in s.spans(annotators=[GOLD])}
        assert gold == {(*CLAIM, "claim"): "accepted", (*STAT, "statistic"): "accepted"}
        mine = keys(s.spans(annotators=["alice"]))
    assert mine == set(ALICE) - {(*TURNOUT, "statistic")}  # her u undid her own latest change (the last add)


async def test_J_on_a_document_without_disagreements_says_so(team_db):
    with AnnotationStore(team_db) as s:
        s.add_document(Document(id="calm", text="Nothing disputed here.\n", title="Calm", source="calm.txt"))
        s.add_span("calm", 0, 7, "claim", annotator="alice")
    app = make_app(team_db, ["calm"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicateScreen)
        assert "No disagreements in Calm" in said(app)[-1]


SNAP_SIZE = (120, 32)


def test_adjudication_screen_snapshot(team_db, snap_compare):
    # the first place decided (B), the second shown: alice marked nothing, bob an anonymous source
    assert snap_compare(make_app(team_db, ["art"], annotator="alice"), press=["J", "b"], terminal_size=SNAP_SIZE)


def test_others_layer_snapshot(team_db, snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.query_one("#left", DocumentView).move_to(ANON[0] + 2)

    assert snap_compare(make_app(team_db, ["art"], annotator="alice"), press=["O"], run_before=run_before,
                        terminal_size=SNAP_SIZE)  # fmt: skip


async def test_T_and_J_are_palette_commands_too(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        await pilot.press("ctrl+p", *"show other annotators")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "others:anonymous source" in layers(view)
        await pilot.press("ctrl+p", *"adjudicate")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AdjudicateScreen)


async def test_annotator_names_and_labels_are_shown_as_data_never_markup(tmp_path):
    db = tmp_path / "team.db"
    bob = "[/]b[@click=app.quit]"  # a name from a merged database: text, not markup
    with AnnotationStore(db) as s:
        s.add_document(Document(id="art", text=TEXT, title="[bold]Schools[/bold]", source="art.txt"))
        s.add_span("art", *CLAIM, "claim", annotator="alice")
        s.add_span("art", *ANON, "[red]x\x1b]52;c;aGk=\x07", annotator=bob)
    app = make_app(db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        app.query_one("#left", DocumentView).move_to(ANON[0] + 2)
        await pilot.pause()
        assert f"{bob}: [red]x␛]52;c;aGk=␇" in status(app)
        await pilot.press("x")
        await pilot.pause()
        assert said(app)[-1].startswith(f"{bob}'s [red]x␛]52;c;aGk=␇ “A source")
        await pilot.press("J")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        assert "[bold]Schools[/bold]" in screen.query_one("#adj-heading").content.plain
        assert f" A  {bob}\n" in screen.query_one("#adj-sides").content.plain  # sides in name order
        await pilot.press("a")  # the claim: bob (side A) marked nothing there
        await pilot.pause()
        assert "[red]x␛]52;c;aGk=␇" in screen.query_one("#adj-sides").content.plain
        await pilot.press("a")
        await pilot.pause()
        assert app.is_running
    with AnnotationStore(db) as s:
        assert {g.label: g.status for g in s.spans(annotators=[GOLD])} == {"claim": "rejected",
                                                                           "[red]x\x1b]52;c;aGk=\x07": "accepted"}


async def test_a_click_on_the_list_shows_that_disagreement(team_db):
    app = make_app(team_db, ["art"], annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        await pilot.click("#adj-list", offset=(4, 3))  # the border's row, then rows 1, 2, 3: the third place
        await pilot.pause()
        heading = app.screen.query_one("#adj-heading").content.plain
        assert "disagreement 3 of 4" in heading
        assert "Officials said 3 million" in app.screen.query_one("#adj-sides").content.plain

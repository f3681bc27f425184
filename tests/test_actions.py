"""The action table (tui_reader.actions) is the one source of the keys, the palette, the help and README's keymap.

Every binding of the reader, the adjudication screen, the lists and the dialogs is an entry of the table; every
palette command and help row is one too; an entry added to the table (and its handler) shows up in all of them.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from apphelp import SIZE, make_app, said, seed_db
from tui_reader import actions, formats
from tui_reader.actions import Action, Scope
from tui_reader.keymap import keymap_markdown
from tui_reader.tui.document_view import DocumentView
from tui_reader.tui.screens.adjudicate import AdjudicateScreen
from tui_reader.tui.screens.confirm import ConfirmScreen
from tui_reader.tui.screens.doc_picker import DocumentPicker
from tui_reader.tui.screens.help import HelpScreen
from tui_reader.tui.screens.note_editor import NoteEditor
from tui_reader.tui.screens.search import SearchScreen
from tui_reader.tui.widgets.row_list import RowList

OWNERS = {
    Scope.PANE: DocumentView, Scope.ADJUDICATE: AdjudicateScreen, Scope.LIST: RowList, Scope.HELP: HelpScreen,
    Scope.CONFIRM: ConfirmScreen, Scope.PICKER: DocumentPicker, Scope.NOTE: NoteEditor, Scope.SEARCH: SearchScreen,
}  # fmt: skip


def as_rows(bindings) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(b.key, b.action, b.description, b.show, b.key_display) for b in bindings]


def table_rows(scope: Scope) -> list[tuple]:
    return [(a.keys, a.action, a.description, a.show, a.key_display) for a in actions.actions(scope) if a.keys]


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    return seed_db(tmp_path)


def test_every_binding_is_an_entry_of_the_table() -> None:
    from tui_reader.tui.app import ReaderApp

    assert as_rows(ReaderApp.BINDINGS) == table_rows(Scope.APP)
    for scope, owner in OWNERS.items():
        assert as_rows(owner.BINDINGS) == table_rows(scope), scope


@pytest.mark.parametrize("scope", [Scope.APP, *OWNERS])
def test_no_action_handler_outside_the_table_and_no_entry_without_one(scope: Scope) -> None:
    from tui_reader.tui.app import ReaderApp

    owner = ReaderApp if scope is Scope.APP else OWNERS[scope]
    declared = {a.name for a in actions.actions(scope)}
    if scope is Scope.APP:  # the app also runs the keys Textual binds (tab / shift+tab call app.focus_next ...)
        declared |= {a.name for a in actions.actions(Scope.TEXTUAL)}
    own = {name.removeprefix("action_") for name in vars(owner) if name.startswith("action_")}
    if scope is not Scope.PANE:  # the pane also has handlers for the mouse and the app (move_to, ...): not keys
        assert own <= declared, f"{owner.__name__} handles actions the table does not declare: {own - declared}"
    missing = {n for n in declared if not callable(getattr(owner, f"action_{n}", None))}
    assert not missing, f"table entries without a handler on {owner.__name__}: {missing}"


async def test_palette_and_help_are_the_table(corpus) -> None:
    db, ids = corpus
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        commands = app.reader_commands()
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keymap").content
        rows = [(str(table.columns[0]._cells[i]), str(table.columns[1]._cells[i])) for i in range(table.row_count)]
    expected: list[str] = []
    for a in actions.ACTIONS:
        if a.scope is Scope.APP and a.palette:
            if "{fmt}" in a.action:
                expected += [a.action.format(fmt=f) for f in formats.FORMATS]
            elif "{label}" not in a.palette or app.labels.by_key(a.keys) is not None:
                expected.append(a.action)
    pane = list(dict.fromkeys(a.action for a in actions.actions(Scope.PANE) if a.description))
    assert [c.action for c in commands] == expected + pane
    assert rows == list(actions.help_rows())
    assert keymap_markdown().splitlines()[2:] == [f"| {k} | {t} |" for k, t in actions.help_rows()]


@pytest.fixture
def table_with_shout(monkeypatch):  # type: ignore[no-untyped-def]
    """The table with one more reader key, `z`, run by a component (`run=`: app.reading.shout), and the app
    module rebuilt from it (restored afterwards): one line in the table plus the component's method."""
    import tui_reader.tui.app as app_module
    from tui_reader.tui.reading import Reading

    entry = Action(Scope.APP, "z", "shout", "shout", show=True, palette="shout", palette_help="Say hello",
                   help=("z", "say hello"), run=("reading", "shout", "hello"))  # fmt: skip
    monkeypatch.setattr(actions, "ACTIONS", (*actions.ACTIONS, entry))

    def shout(self, word: str) -> None:  # type: ignore[no-untyped-def]  # the component's method
        self.host.say(word)

    monkeypatch.setattr(Reading, "shout", shout, raising=False)
    reloaded = importlib.reload(app_module)
    assert "action_shout" in vars(reloaded.ReaderApp)  # generated from the entry
    yield reloaded.ReaderApp
    monkeypatch.undo()
    importlib.reload(app_module)


async def test_an_entry_added_to_the_table_is_a_key_a_command_and_a_help_row(corpus, table_with_shout) -> None:
    from apphelp import listen

    db, ids = corpus
    assert ("z", "shout", "shout", True, None) in as_rows(table_with_shout.BINDINGS)
    app = listen(table_with_shout(db_path=db, doc_ids=ids, annotator="tester"))
    async with app.run_test(size=SIZE) as pilot:
        assert ("shout (z)", "Say hello") in [(c.title, c.help) for c in app.reader_commands()]
        await pilot.press("z")  # the key
        await pilot.pause()
        assert said(app)[-1:] == ["hello"]
        await pilot.press("ctrl+p", *"shout")  # the palette
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert said(app)[-2:] == ["hello", "hello"]
        await pilot.press("question_mark")  # the help
        await pilot.pause()
        table = app.screen.query_one("#keymap").content
        assert ("z", "say hello") in [(str(table.columns[0]._cells[i]), str(table.columns[1]._cells[i]))
                                      for i in range(table.row_count)]  # fmt: skip
        await pilot.press("z")  # a reader key: off while the help is open
        await pilot.pause()
        assert said(app).count("hello") == 2
    assert "| z | say hello |" in keymap_markdown()

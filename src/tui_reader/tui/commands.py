"""The action table (tui_reader.actions) turned into Textual: key bindings per scope and the command palette.

Textual's system-command titles and help go through markup, so a label named `[bold]` would be styled or
break: this provider shows titles as plain Content and escapes the help text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui_reader import actions as table
from tui_reader.actions import Action, Scope
from tui_reader.models import LabelSet
from tui_reader.sanitize import one_line


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    callback: Callable[[], Any]
    action: str = ""  # the table's action string it runs


def bindings_for(scope: Scope) -> list[Binding]:
    """The key bindings of one scope, in table order (palette-only entries have no keys)."""
    return [Binding(a.keys, a.action, a.description, show=a.show, key_display=a.key_display)
            for a in table.actions(scope) if a.keys]  # fmt: skip


def palette_commands(
    run: Callable[[Scope, str], Any], labels: LabelSet, formats: Sequence[str], db_stem: str,
    entries: Iterable[Action] | None = None,
) -> list[Command]:  # fmt: skip
    """One command per palette entry of the table; `run(scope, action)` performs it.

    "{label}" entries give one command per label key, "{fmt}" entries one per export format; the pane's
    entries (no palette title of their own) are listed as "pane: <description> (<key>)", once per action.
    """
    cmds: list[Command] = []
    pane: list[Command] = []
    seen: set[str] = set()
    for a in table.ACTIONS if entries is None else entries:
        if a.scope is Scope.PANE and a.description and a.action not in seen:
            seen.add(a.action)
            pane.append(Command(f"pane: {a.description} ({a.shown_key})", f"In the active pane: {a.description}",
                                _bound(run, a.scope, a.action), a.action))  # fmt: skip
        if not a.palette or a.scope not in (Scope.APP, Scope.PANE):
            continue
        if "{label}" in a.palette:
            key = a.keys.split(",")[0]  # the label's own key, not the footer's "1-9"
            if (label := labels.by_key(key)) is not None:
                cmds.append(Command(f"{a.palette.format(label=label.name)} ({key})",
                                    a.palette_help.format(label=label.name), _bound(run, a.scope, a.action), a.action))
        elif "{fmt}" in a.palette:
            for fmt in formats:
                action = a.action.format(fmt=fmt)
                cmds.append(Command(a.palette.format(fmt=fmt), a.palette_help.format(fmt=fmt, db=db_stem),
                                    _bound(run, a.scope, action), action))  # fmt: skip
        else:
            title = f"{a.palette} ({a.shown_key})" if a.keys else a.palette
            cmds.append(Command(title, a.palette_help, _bound(run, a.scope, a.action), a.action))
    return cmds + pane


def _bound(run: Callable[[Scope, str], Any], scope: Scope, action: str) -> Callable[[], Any]:
    def callback() -> Any:
        return run(scope, action)

    return callback


class HasCommands(Protocol):
    def reader_commands(self) -> list[Command]: ...


class ReaderCommands(Provider):
    def _commands(self) -> list[Command]:
        """The app's commands, their titles and help through the one sanitising path (`sanitize.one_line`): a
        label name or file name with control characters never reaches the terminal raw from the palette."""
        app: Any = self.app
        cmds = list(app.reader_commands()) if hasattr(app, "reader_commands") else []
        return [Command(one_line(c.title), one_line(c.help), c.callback, c.action) for c in cmds]

    async def discover(self) -> Hits:
        for cmd in self._commands():
            yield DiscoveryHit(Content(cmd.title), cmd.callback, text=cmd.title, help=escape(cmd.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, cmd.title)
            if score > 0:
                display = Content(cmd.title)
                for i in offsets:
                    if not cmd.title[i].isspace():
                        display = display.stylize(matcher.match_style, i, i + 1)
                yield Hit(score, display, cmd.callback, text=cmd.title, help=escape(cmd.help))

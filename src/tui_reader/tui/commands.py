"""The command palette (ctrl+p) provider for every reader action.

Textual's system-command titles and help go through markup, so a label named `[bold]` would be styled or
break: this provider shows titles as plain Content and escapes the help text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    callback: Callable[[], Any]


class HasCommands(Protocol):
    def reader_commands(self) -> list[Command]: ...


class ReaderCommands(Provider):
    def _commands(self) -> list[Command]:
        app: Any = self.app
        return list(app.reader_commands()) if hasattr(app, "reader_commands") else []

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

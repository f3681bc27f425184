"""`tui-reader serve`: the app in a web browser through textual-serve, one app process per browser session.

textual-serve runs one shell command for every browser session. To give each session its own annotator, the
page is addressed as `/?annotator=NAME` and its terminal connects to `/ws/NAME`; the process started for that
connection is `python -m tui_reader open --db FILE --annotator NAME`. Opening `/` without a name redirects to a
generated one (`web-3f9a1c`) so every session has a distinct layer and the address bar shows it: bookmark
that address (or put your own name in it) to come back to the same layer.

There is no authentication: whoever reaches the port can annotate under any name. The default host is
127.0.0.1; to let a team in, put it behind something that authenticates (an SSH tunnel, a reverse proxy).
"""

from __future__ import annotations

import copy
import re
import secrets
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
NAME_RULE = "1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"


def session_command(db_path: str | Path, annotator: str) -> str:
    """The shell command one browser session runs: this Python, this package, this database, this name."""
    return shlex.join([sys.executable, "-m", "tui_reader", "open", "--db", str(Path(db_path).resolve()),
                       "--annotator", annotator])  # fmt: skip


def generated_name() -> str:
    return f"web-{secrets.token_hex(3)}"


def valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None


def make_server(command_for: Callable[[str], str], *, host: str = "127.0.0.1", port: int = 8000,
                title: str = "tui-reader") -> Any:  # fmt: skip
    """A textual-serve Server whose sessions each run `command_for(annotator)`."""
    from aiohttp import web
    from textual_serve.server import Server

    class TeamServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get("/ws/{annotator}", self.handle_session)
            return app

        def _for_request(self, request: web.Request, **changes: Any) -> TeamServer:
            # textual-serve reads the command and the public address from the server object; a shallow
            # copy per request carries this session's values without touching textual-serve's internals
            view = copy.copy(self)
            view.public_url = f"{request.scheme}://{request.host}"
            for k, v in changes.items():
                setattr(view, k, v)
            return view

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            name = request.query.get("annotator", "")
            if not name:
                query = dict(request.query, annotator=generated_name())
                raise web.HTTPFound(request.rel_url.with_query(query))
            if not valid_name(name):
                raise web.HTTPBadRequest(text=f"annotator name {name!r} is not usable: {NAME_RULE}\n")
            view = self._for_request(request, title=f"{title} ({name})")
            # the page's terminal connects to /ws/NAME (textual.js appends ?width=&height= itself)
            context = await Server.handle_index.__wrapped__(view, request)  # type: ignore[attr-defined]
            context["app_websocket_url"] += f"/{name}"
            import aiohttp_jinja2

            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_session(self, request: web.Request) -> web.WebSocketResponse:
            name = request.match_info["annotator"]
            if not valid_name(name):
                raise web.HTTPBadRequest(text=f"annotator name {name!r} is not usable: {NAME_RULE}\n")
            view = self._for_request(request, command=command_for(name))
            return await Server.handle_websocket(view, request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # the bare /ws of textual-serve would start a session without a name: send it a generated one
            view = self._for_request(request, command=command_for(generated_name()))
            return await Server.handle_websocket(view, request)

    return TeamServer(command_for("NAME"), host=host, port=port, title=title)

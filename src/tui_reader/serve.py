"""`tui-reader serve`: the app in a web browser through textual-serve, one app process per browser session.

textual-serve runs one app process for every browser session. To give each session its own annotator, the
page is addressed as `/?token=T&annotator=NAME` and its terminal connects to `/ws/NAME/T`; the process started
for that connection is `python -m tui_reader open --db FILE --annotator NAME` (no shell in between). Opening `/` without a name redirects to a
generated one (`web-3f9a1c`) so every session has a distinct layer and the address bar shows it: bookmark
that address (or put your own name in it) to come back to the same layer.

What it guards (docs/guarantees.md, "serve"): every address but the page's static files (textual-serve's
public JavaScript and CSS) needs the per-run secret token of the link it prints (`?token=...`; the page's
terminal carries it in its WebSocket path); a WebSocket whose `Origin` is not the page's own is refused (403),
so another site open in the same browser can neither guess nor use the port; a non-loopback `--host` needs
`--allow-remote`. Each session's process is ended when its WebSocket closes: asked to quit, then SIGTERM,
then SIGKILL (`end_process`), and all of them when the server stops.

It is not a multi-tenant server: whoever has the link can annotate under any name, there is no TLS (the token
crosses the network in clear text off loopback), and all sessions share one database and one OS user.
"""

from __future__ import annotations

import asyncio
import copy
import hmac
import ipaddress
import os
import re
import secrets
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
NAME_RULE = "1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
QUIT_WAIT = 2.0  # seconds a session's app has to quit by itself, then to die of SIGTERM, before SIGKILL


def session_argv(db_path: str | Path, annotator: str) -> list[str]:
    """What one browser session runs: this Python, this package, this database, this name."""
    return [sys.executable, "-m", "tui_reader", "open", "--db", str(Path(db_path).resolve()), "--annotator", annotator]


def session_command(db_path: str | Path, annotator: str) -> str:
    return shlex.join(session_argv(db_path, annotator))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def page_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def generated_name() -> str:
    return f"web-{secrets.token_hex(3)}"


def valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None


async def end_process(proc: asyncio.subprocess.Process, wait: float = QUIT_WAIT) -> None:
    """End a session's process and its children (its own process group): SIGTERM, then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.returncode is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            await asyncio.wait_for(proc.wait(), wait)
        except TimeoutError:
            continue


def make_server(argv_for: Callable[[str], list[str]], *, token: str, host: str = "127.0.0.1", port: int = 8000,
                title: str = "tui-reader") -> Any:  # fmt: skip
    """A textual-serve Server whose sessions each run `argv_for(annotator)`, guarded by `token`."""
    from aiohttp import WSCloseCode, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    sessions: set[SessionService] = set()
    sockets: set[web.WebSocketResponse] = set()

    class SessionService(AppService):
        """One session's app process: no shell in between, its own process group, always ended."""

        def __init__(self, argv: list[str], **kwargs: Any) -> None:
            super().__init__(shlex.join(argv), **kwargs)
            self.argv = argv

        async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
            env = self._build_environment(width=width, height=height)
            self._process = process = await asyncio.create_subprocess_exec(
                *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=env, start_new_session=True,
            )  # fmt: skip
            assert process.stdin is not None
            self._stdin = process.stdin
            sessions.add(self)
            return process

        async def stop(self) -> None:
            """Ask the app to quit; if it has not within QUIT_WAIT s, SIGTERM, then SIGKILL."""
            try:
                await asyncio.wait_for(super().stop(), QUIT_WAIT)
            except (TimeoutError, asyncio.CancelledError, Exception):  # noqa: BLE001 - it ends below anyway
                pass
            self._task = None
            try:
                if self._process is not None:
                    await end_process(self._process)
            finally:
                sessions.discard(self)

    def forbidden(why: str) -> web.HTTPForbidden:
        return web.HTTPForbidden(text=f"tui-reader serve: {why}\n")

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/static/"):  # textual-serve's public JavaScript, CSS and fonts
            return await handler(request)
        given = request.match_info.get("token") or request.query.get("token", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise forbidden("this address needs the link `tui-reader serve` printed (with its token)")
        if request.headers.get("Upgrade", "").lower() == "websocket" or request.path.startswith("/ws"):
            # the page's own origin is the address the browser reached: Host, or the one a reverse proxy
            # forwards (a page's script can set neither header on a WebSocket)
            origin = request.headers.get("Origin", "")
            ours = {request.host, request.headers.get("X-Forwarded-Host", request.host)}
            if not origin.startswith(("http://", "https://")) or origin.split("://", 1)[1] not in ours:
                raise forbidden(f"WebSocket from another origin ({origin or 'none'}) refused")
        return await handler(request)

    class TeamServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard)
            app.router.add_get("/ws/{annotator}", self.handle_session)
            app.router.add_get("/ws/{annotator}/{token}", self.handle_session)
            return app

        async def on_startup(self, app: web.Application) -> None:
            pass  # the link is printed once the port listens (serve)

        def serve(self, debug: bool = False) -> None:
            """textual-serve's serve(), printing the link (with the token) once the port listens."""

            def announce(*_args: Any) -> None:
                print(f"tui-reader: serving on {page_url(host, port, token)}", flush=True)
                print("tui-reader: the token in that link is the only key; press Ctrl+C to stop", flush=True)

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            web.run_app(self._make_app(), host=host, port=port, handle_signals=False, loop=loop, print=announce,
                        shutdown_timeout=QUIT_WAIT * 3)  # fmt: skip

        async def on_shutdown(self, app: web.Application) -> None:
            for ws in list(sockets):
                await ws.close(code=WSCloseCode.GOING_AWAY)
            await asyncio.gather(*(s.stop() for s in list(sessions)), return_exceptions=True)

        def _for_request(self, request: web.Request, **changes: Any) -> TeamServer:
            # textual-serve reads the public address from the server object; a shallow copy per request
            # carries this session's values without touching textual-serve's internals
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
            # the page's terminal connects to /ws/NAME/TOKEN (textual.js appends ?width=&height= itself)
            context = await Server.handle_index.__wrapped__(view, request)  # type: ignore[attr-defined]
            context["app_websocket_url"] += f"/{name}/{token}"
            import aiohttp_jinja2

            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
            return response

        async def handle_session(self, request: web.Request) -> web.WebSocketResponse:
            name = request.match_info["annotator"]
            if not valid_name(name):
                raise web.HTTPBadRequest(text=f"annotator name {name!r} is not usable: {NAME_RULE}\n")
            return await self.run_session(request, argv_for(name))

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # the bare /ws of textual-serve would start a session without a name: give it a generated one
            return await self.run_session(request, argv_for(generated_name()))

        async def run_session(self, request: web.Request, argv: list[str]) -> web.WebSocketResponse:
            """textual-serve's handle_websocket, with a session process that is always ended."""
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service: SessionService | None = None
            sockets.add(websocket)
            try:
                await websocket.prepare(request)
                service = SessionService(argv, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                         close=websocket.close, download_manager=self.download_manager,
                                         debug=self.debug)  # fmt: skip
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:  # noqa: BLE001 - a broken session must not take the server down
                import logging

                logging.getLogger("textual-serve").exception("session failed")
            finally:
                sockets.discard(websocket)
                if service is not None:
                    await service.stop()
            return websocket

    return TeamServer(shlex.join(argv_for("NAME")), host=host, port=port, title=title)

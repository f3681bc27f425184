"""`serve`: the page over loopback, and one app process per browser session with that session's annotator."""

from __future__ import annotations

import asyncio
import shlex
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from tui_reader.serve import session_command, valid_name

WAIT = 30.0  # bounded: a server that never answers fails the test instead of hanging it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def get(url: str) -> tuple[int, str, dict[str, str]]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


def wait_until_up(proc: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            get(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {WAIT} s")


@pytest.fixture
def serving(tmp_path: Path):
    procs: list[subprocess.Popen] = []

    def start(args: list[str]) -> str:
        port = free_port()
        proc = subprocess.Popen([*args, "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)  # fmt: skip
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(proc, base + "/?annotator=probe")
        return base

    yield start
    for p in procs:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def test_session_command_runs_this_python_on_the_database_as_the_annotator(tmp_path):
    argv = shlex.split(session_command(tmp_path / "team db.sqlite", "o'brien"))
    assert argv == [sys.executable, "-m", "tui_reader", "open", "--db", str((tmp_path / "team db.sqlite").resolve()),
                    "--annotator", "o'brien"]  # fmt: skip
    assert valid_name("alice") and valid_name("web-3f9a1c") and valid_name("a.b@example.org")
    assert not valid_name("") and not valid_name("a b") and not valid_name("-x") and not valid_name("a;rm")


def test_serve_answers_the_page_on_loopback(tmp_path, serving):
    base = serving([sys.executable, "-m", "tui_reader", "serve", "--db", str(tmp_path / "web.db")])
    status, html, _ = get(base + "/?annotator=alice")
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{base.rsplit(":", 1)[1]}/ws/alice"' in html
    assert "js/textual.js" in html
    # no name: a distinct generated one, visible in the address
    status, _, headers = get(base + "/")
    assert status == 302
    assert headers["Location"].startswith("/?annotator=web-")
    other = get(base + "/")[2]["Location"]
    assert other != headers["Location"]
    status, body, _ = get(base + "/?annotator=a%3Brm%20-rf")
    assert status == 400 and "not usable" in body
    # the database was prepared once, before any session (seeds imported into the empty db)
    assert (tmp_path / "web.db").exists()


TINY_APP = textwrap.dedent('''
    import sys
    from pathlib import Path
    from textual.app import App
    from textual.widgets import Static

    class Tiny(App):
        def compose(self):
            yield Static("annotator=" + sys.argv[1], markup=False)
        def on_mount(self):
            Path(sys.argv[2], sys.argv[1]).write_text("started")

    Tiny().run()
''')


async def read_until(ws: aiohttp.ClientWebSocketResponse, needle: bytes) -> bytes:
    seen = b""
    async with asyncio.timeout(WAIT):
        while needle not in seen:
            msg = await ws.receive()
            if msg.type == aiohttp.WSMsgType.BINARY:
                seen += msg.data
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"session closed before showing {needle!r}: {seen[-300:]!r}")
    return seen


async def test_each_browser_session_runs_its_own_annotator(tmp_path, serving):
    app = tmp_path / "tiny_app.py"
    app.write_text(TINY_APP)
    marks = tmp_path / "started"
    marks.mkdir()
    script = (
        "import shlex, sys\n"
        "from tui_reader.serve import make_server\n"
        f"cmd = lambda name: shlex.join([sys.executable, {str(app)!r}, name, {str(marks)!r}])\n"
        "make_server(cmd, port=int(sys.argv[2])).serve()\n"
    )
    base = serving([sys.executable, "-c", script])
    ws_base = base.replace("http", "ws", 1)
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(ws_base + "/ws/alice?width=60&height=10") as alice, \
                http.ws_connect(ws_base + "/ws/bob?width=60&height=10") as bob:  # fmt: skip
            await read_until(alice, b"annotator=alice")
            await read_until(bob, b"annotator=bob")
        async with http.ws_connect(ws_base + "/ws?width=60&height=10") as anonymous:
            await read_until(anonymous, b"annotator=web-")
    assert {"alice", "bob"} <= {p.name for p in marks.iterdir()}

"""`serve`: the page over loopback, and one app process per browser session with that session's annotator."""

from __future__ import annotations

import asyncio
import re
import shlex
import shutil
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
        CSS = "Screen { background: black; } #bar { color: white; }"

        def compose(self):
            yield Static("\\u2588" * 12, id="bar")  # a white bar a browser test can find in a screenshot
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


def serve_tiny_app(tmp_path: Path, serving) -> tuple[str, Path]:  # type: ignore[no-untyped-def]
    """textual-serve with our per-session routing, running a tiny Textual app that shows its annotator."""
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
    return serving([sys.executable, "-c", script]), marks


async def test_each_browser_session_runs_its_own_annotator(tmp_path, serving):
    base, marks = serve_tiny_app(tmp_path, serving)
    ws_base = base.replace("http", "ws", 1)
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(ws_base + "/ws/alice?width=60&height=10") as alice, \
                http.ws_connect(ws_base + "/ws/bob?width=60&height=10") as bob:  # fmt: skip
            await read_until(alice, b"annotator=alice")
            await read_until(bob, b"annotator=bob")
        async with http.ws_connect(ws_base + "/ws?width=60&height=10") as anonymous:
            await read_until(anonymous, b"annotator=web-")
    assert {"alice", "bob"} <= {p.name for p in marks.iterdir()}


# -- in a real browser ----------------------------------------------------------------------------------------
# `make test` installs Debian's chromium when missing (measured here: ~60 s for apt-get update + install).
BRIGHT_PIXELS_JS = """
(async (png) => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const c = document.createElement("canvas");
  c.width = img.width; c.height = img.height;
  const g = c.getContext("2d");
  g.drawImage(img, 0, 0);
  const count = (x, y, w, h) => {
    const d = g.getImageData(x, y, w, h).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 600) n++;
    return n / (w * h);
  };
  return [count(0, 2, 60, 12), count(400, 2, 200, 12)];
})
"""


async def test_the_app_renders_in_chromium(tmp_path, serving):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed: run `make test-deps` (apt-get install chromium)"
    base, marks = serve_tiny_app(tmp_path, serving)
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,400", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        async with asyncio.timeout(WAIT):
            devtools = await asyncio.to_thread(_devtools_url, browser)
            port = devtools.split(":")[2].split("/")[0]
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as r:
                    page = next(t for t in await r.json() if t["type"] == "page")
                async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    cdp = Devtools(ws)
                    await cdp.call("Page.navigate", url=base + "/?annotator=carol")
                    # textual.js marks the body once the app's first output arrived
                    while "-first-byte" not in await cdp.eval("document.body ? document.body.className : ''"):
                        await asyncio.sleep(0.1)
                    while "carol" not in {p.name for p in marks.iterdir()}:
                        await asyncio.sleep(0.1)
                    # the white bar is drawn at the top left (12 cells) and nothing far to its right
                    while True:
                        shot = (await cdp.call("Page.captureScreenshot", format="png"))["data"]
                        bar, elsewhere = await cdp.eval(BRIGHT_PIXELS_JS + f"({shot!r})", awaitPromise=True)
                        if bar > 0.8:
                            break
                        await asyncio.sleep(0.2)
                    assert elsewhere < 0.01
    finally:
        browser.terminate()
        browser.wait(10)


def _devtools_url(browser: subprocess.Popen) -> str:
    assert browser.stderr is not None
    for line in browser.stderr:
        if m := re.search(r"DevTools listening on (ws://\S+)", line):
            return m.group(1)
    raise AssertionError("chromium exited without a DevTools address")


class Devtools:
    """The few Chrome DevTools Protocol calls the test needs, over the page's websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws, self.n = ws, 0

    async def call(self, method: str, **params: object) -> dict:
        self.n += 1
        await self.ws.send_json({"id": self.n, "method": method, "params": params})
        while True:
            msg = await self.ws.receive_json()
            if msg.get("id") == self.n:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return msg["result"]

    async def eval(self, expression: str, **opts: object) -> object:
        res = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, **opts)
        if "exceptionDetails" in res:
            raise AssertionError(f"page error: {res['exceptionDetails']}")
        return res["result"].get("value")

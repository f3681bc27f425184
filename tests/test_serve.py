"""`serve`: the page over loopback, and one app process per browser session with that session's annotator."""

from __future__ import annotations

import asyncio
import base64
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from tui_reader.models import LabelSet
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


class Served:
    """A running `tui-reader serve`: its process, the address and the token of the link it printed."""

    def __init__(self, proc: subprocess.Popen, base: str, token: str, output: list[str]) -> None:
        self.proc, self.base, self.token, self.output = proc, base, token, output

    def url(self, path: str = "/", **query: str) -> str:
        return f"{self.base}{path}?{urllib.parse.urlencode({'token': self.token, **query})}"

    def ws(self, name: str, **query: str) -> str:
        """The session address the page's terminal uses: /ws/NAME/TOKEN."""
        q = urllib.parse.urlencode({"width": "100", "height": "24", **query})
        return f"{self.base.replace('http', 'ws', 1)}/ws/{name}/{self.token}?{q}"

    def sessions(self) -> list[int]:
        """Process ids of the session apps this server started (its children)."""
        kids = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in kids.read_text().split()] if kids.exists() else []


def start_serving(args: list[str], cwd: Path) -> Served:
    """Start `serve`; wait (bounded) for the link it prints; keep reading its output so it never blocks."""
    port = free_port()
    proc = subprocess.Popen([*args, "--port", str(port)], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    output: list[str] = []
    found = threading.Event()

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if "serving on http" in line:
                found.set()
        found.set()

    threading.Thread(target=drain, daemon=True).start()
    found.wait(WAIT)
    link = next((m for line in output if (m := re.search(r"serving on (http://\S+)", line))), None)
    assert link, f"serve printed no link within {WAIT} s: {''.join(output)!r}"
    url = urllib.parse.urlsplit(link.group(1))
    token = urllib.parse.parse_qs(url.query)["token"][0]
    assert url.port == port
    return Served(proc, f"{url.scheme}://{url.netloc}", token, output)


def stop_serving(served: Served) -> None:
    served.proc.terminate()
    try:
        served.proc.wait(15)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        served.proc.wait()


@pytest.fixture
def serving(tmp_path: Path):
    servers: list[Served] = []

    def start(args: list[str]) -> Served:
        servers.append(start_serving(args, tmp_path))
        return servers[-1]

    yield start
    for s in servers:
        stop_serving(s)


def test_session_command_runs_this_python_on_the_database_as_the_annotator(tmp_path):
    argv = shlex.split(session_command(tmp_path / "team db.sqlite", "o'brien"))
    assert argv == [sys.executable, "-m", "tui_reader", "open", "--db", str((tmp_path / "team db.sqlite").resolve()),
                    "--annotator", "o'brien"]  # fmt: skip
    assert valid_name("alice") and valid_name("web-3f9a1c") and valid_name("a.b@example.org")
    assert not valid_name("") and not valid_name("a b") and not valid_name("-x") and not valid_name("a;rm")


def test_serve_answers_the_page_on_loopback(tmp_path, serving):
    served = serving([sys.executable, "-m", "tui_reader", "serve", "--db", str(tmp_path / "web.db")])
    status, html, _ = get(served.url(annotator="alice"))
    assert status == 200
    port = served.base.rsplit(":", 1)[1]
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws/alice/{served.token}"' in html
    assert "js/textual.js" in html
    # no name: a distinct generated one, visible in the address (the token kept)
    status, _, headers = get(served.url())
    assert status == 302
    assert headers["Location"].startswith(f"/?token={served.token}&annotator=web-")
    other = get(served.url())[2]["Location"]
    assert other != headers["Location"]
    status, body, _ = get(served.url(annotator="a;rm -rf"))
    assert status == 400 and "not usable" in body
    # the database was prepared once, before any session (seeds imported into the empty db)
    assert (tmp_path / "web.db").exists()


# -- the real app, one process per session -------------------------------------------------------------------
# Textual writes its screen as ANSI: cursor moves and style changes between pieces of text. Stripping the escape
# sequences leaves the text of each row in order, which is what a reader of the screen would see.
ANSI = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[P^_][^\x1b]*\x1b\\|[@-Z\\-_])")
SEED_TEXT = "Bad news"  # the first seed's headline, at the start of a row in the left pane


def screen_text(raw: bytes) -> str:
    return ANSI.sub(b"", raw).decode("utf-8", "replace")


async def read_until(ws: aiohttp.ClientWebSocketResponse, *needles: str) -> str:
    seen = b""
    async with asyncio.timeout(WAIT):
        while not all(n in screen_text(seen) for n in needles):
            msg = await ws.receive()
            if msg.type == aiohttp.WSMsgType.BINARY:
                seen += msg.data
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"session closed before showing {needles!r}: {screen_text(seen)[-300:]!r}")
    return screen_text(seen)


def serve_app(tmp_path: Path, serving) -> Served:  # type: ignore[no-untyped-def]
    """`tui-reader serve` on a fresh database (the seeds are imported into it): the real app per session."""
    return serving([sys.executable, "-m", "tui_reader", "serve", "--db", str(tmp_path / "web.db")])


async def test_each_browser_session_runs_the_app_as_its_own_annotator(tmp_path, serving):
    served = serve_app(tmp_path, serving)
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(served.ws("alice"), origin=served.base) as alice, \
                http.ws_connect(served.ws("bob"), origin=served.base) as bob:  # fmt: skip
            # the app's header names the session's annotator; the pane shows the seed article
            assert "bob" not in await read_until(alice, "alice · 0/5 documents done", SEED_TEXT)
            assert "alice" not in await read_until(bob, "bob · 0/5 documents done", SEED_TEXT)
        ws_base = served.base.replace("http", "ws", 1)
        async with http.ws_connect(f"{ws_base}/ws?width=100&height=24&token={served.token}",
                                   origin=served.base) as anonymous:  # fmt: skip
            text = await read_until(anonymous, "documents done")
            assert re.search(r"web-[0-9a-f]{6} · 0/5 documents done", text)


# -- in a real browser ----------------------------------------------------------------------------------------
# `make test` installs Debian's chromium when missing (measured here: ~60 s for apt-get update + install).
# The terminal in the page is drawn on a canvas (xterm.js), so there is no text in the DOM to read: the test
# reads the bytes the page received (DevTools network events) for the app's text, and the screenshot for the
# label legend the app draws in its status line, each label's chip in its own colour.
COLOUR_PIXELS_JS = """
(async (png, colours) => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const c = document.createElement("canvas");
  c.width = img.width; c.height = img.height;
  const g = c.getContext("2d");
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  return colours.map(([r, gr, b]) => {
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - gr) < 12 && Math.abs(d[i + 2] - b) < 12) n++;
    return n;
  });
})
"""


async def test_the_app_renders_in_chromium(tmp_path, serving):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed: run `make test-deps` (apt-get install chromium)"
    served = serve_app(tmp_path, serving)
    colours = [[int(lb.colour[i : i + 2], 16) for i in (1, 3, 5)] for lb in LabelSet.default().labels]
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,500", "about:blank"],
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
                    await cdp.call("Network.enable")
                    await cdp.call("Page.navigate", url=served.url(annotator="carol"))
                    # the page received the real app's screen: carol's header and the seed article
                    while not all(n in cdp.received_text() for n in ("carol · 0/5 documents done", SEED_TEXT)):
                        await cdp.eval("1")  # let the DevTools events in
                        await asyncio.sleep(0.1)
                    # and drew it: every label's chip of the status line's legend, in the label's colour
                    while True:
                        shot = (await cdp.call("Page.captureScreenshot", format="png"))["data"]
                        counts = await cdp.eval(COLOUR_PIXELS_JS + f"({shot!r}, {colours!r})", awaitPromise=True)
                        if all(n > 300 for n in counts):  # a chip is ~9 cells of ~9x17 pixels
                            break
                        await asyncio.sleep(0.2)
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
        self.frames: list[bytes] = []  # what the page's websockets received (Network.webSocketFrameReceived)

    async def call(self, method: str, **params: object) -> dict:
        self.n += 1
        await self.ws.send_json({"id": self.n, "method": method, "params": params})
        while True:
            msg = await self.ws.receive_json()
            if msg.get("method") == "Network.webSocketFrameReceived":
                resp = msg["params"]["response"]
                data = resp["payloadData"]
                self.frames.append(base64.b64decode(data) if resp.get("opcode") == 2 else data.encode())
            if msg.get("id") == self.n:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return msg["result"]

    def received_text(self) -> str:
        """What the page's websockets received so far, as screen text."""
        return screen_text(b"".join(self.frames))

    async def eval(self, expression: str, **opts: object) -> object:
        res = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, **opts)
        if "exceptionDetails" in res:
            raise AssertionError(f"page error: {res['exceptionDetails']}")
        return res["result"].get("value")

"""`serve` locked down: a page on another site, or one that guesses the port, gets nothing;
non-loopback needs a flag; a bad database is refused before serving; no session process outlives its tab."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import aiohttp
import pytest

from test_serve import SEED_TEXT, Served, get, read_until, start_serving, stop_serving
from trust_helpers import cli, cli_unprivileged
from tui_reader.store import AnnotationStore

SERVE = [sys.executable, "-m", "tui_reader", "serve"]


@pytest.fixture
def served(tmp_path: Path):
    s = start_serving([*SERVE, "--db", str(tmp_path / "web.db")], tmp_path)
    yield s
    stop_serving(s)


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    """The pids still running (not zombies) after at most `seconds`; those are then killed, so that a failing
    test leaves no process behind."""
    deadline = time.monotonic() + seconds
    while True:
        alive = [p for p in pids if _running(p)]
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for p in alive:
        os.kill(p, signal.SIGKILL)
    return alive


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


async def ws_status(url: str, origin: str | None) -> int:
    """The HTTP status a WebSocket upgrade gets (101 when accepted)."""
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(url, origin=origin) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as e:
            return e.status


async def test_a_websocket_from_another_origin_is_refused(served: Served) -> None:
    assert await ws_status(served.ws("mallory"), "http://evil.example") == 403
    assert await ws_status(served.ws("mallory"), f"http://evil.example:{served.base.rsplit(':', 1)[1]}") == 403
    assert await ws_status(served.ws("mallory"), None) == 403  # no Origin at all: not the page either
    assert served.sessions() == []  # no app was started for any of them
    assert await ws_status(served.ws("alice"), served.base) == 101  # the page's own origin is let in
    # behind a reverse proxy (TLS, its own name), the page's origin is the proxy's forwarded host
    async with aiohttp.ClientSession() as http:
        headers = {"X-Forwarded-Host": "team.example"}
        async with http.ws_connect(served.ws("bob"), origin="https://team.example", headers=headers) as ws:
            await ws.close()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(served.ws("bob"), origin="https://evil.example", headers=headers)
        assert refused.value.status == 403


async def test_nothing_is_served_without_the_token(served: Served) -> None:
    wrong = "x" * len(served.token)
    for path in ("/", "/?annotator=alice", f"/?annotator=alice&token={wrong}", "/download/k"):
        status, body, _ = get(served.base + path)
        assert status == 403, path
        assert "needs the link" in body and served.token not in body
    ws = served.base.replace("http", "ws", 1)
    for url in (f"{ws}/ws/mallory", f"{ws}/ws/mallory/{wrong}", f"{ws}/ws", f"{ws}/ws?token={wrong}"):
        assert await ws_status(url, served.base) == 403, url
    assert served.sessions() == []
    # the printed link works, and only textual-serve's public static files need no token
    assert get(served.url(annotator="alice"))[0] == 200
    assert get(served.base + "/static/js/textual.js")[0] == 200
    # a new run, a new token: the old link does not open it
    other = start_serving([*SERVE, "--db", str(Path(served.proc.args[-3]))], Path.cwd())
    try:
        assert other.token != served.token
        assert get(f"{other.base}/?token={served.token}&annotator=a")[0] == 403
    finally:
        stop_serving(other)


def test_a_non_loopback_host_needs_allow_remote_and_warns(tmp_path: Path) -> None:
    r = cli("serve", "--db", str(tmp_path / "w.db"), "--host", "0.0.0.0", "--port", "9", timeout=30)
    assert r.returncode == 2
    assert r.stderr == "tui-reader: --host 0.0.0.0 can be reached from other machines: add --allow-remote to mean it\n"
    assert not (tmp_path / "w.db").exists()
    s = start_serving([*SERVE, "--db", str(tmp_path / "w.db"), "--host", "0.0.0.0", "--allow-remote"], tmp_path)
    try:
        assert any("warning: serving on 0.0.0.0, reachable from other machines" in line for line in s.output)
        assert get(s.url(annotator="a").replace("0.0.0.0", "127.0.0.1"))[0] == 200
    finally:
        stop_serving(s)
    for host in ("127.0.0.1", "localhost", "::1"):  # loopback needs no flag and gets no warning
        s = start_serving([*SERVE, "--db", str(tmp_path / "w.db"), "--host", host], tmp_path)
        stop_serving(s)
        assert not any("warning" in line for line in s.output), host


def test_an_unusable_database_is_refused_before_serving(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database, only some text\n" * 40)
    for db, message in ((Path("/nonexistent/x.db"), "tui-reader: /nonexistent/x.db: folder /nonexistent does not exist\n"),
                        (tmp_path / "notes.db", f"tui-reader: {tmp_path / 'notes.db'}: not a usable SQLite database "
                                                "(file is not a database)\n")):  # fmt: skip
        r = cli("serve", "--db", str(db), "--port", "9", timeout=30)
        assert (r.returncode, r.stderr, r.stdout) == (1, message, ""), db


def test_a_read_only_database_is_refused_before_serving(tmp_path: Path) -> None:
    shared = Path(tempfile.mkdtemp(prefix="trust-serve-"))  # pytest's tmp folders are private to root
    try:
        shared.chmod(0o777)
        db = shared / "ro.db"
        with AnnotationStore(db):
            pass
        db.chmod(0o444)
        code, out, err = cli_unprivileged("serve", "--db", str(db), "--port", "9")
        assert (code, out, err) == (1, "", f"tui-reader: {db}: database is read-only (annotations could not be saved)\n")
    finally:
        shutil.rmtree(shared)


# -- no session outlives its tab ------------------------------------------------------------------------------


async def _session(served: Served, name: str, how: str) -> int:
    """Open a session, wait for the app's first screen, close it `how`; the session's pid."""
    before = set(served.sessions())
    http = aiohttp.ClientSession()
    ws = await http.ws_connect(served.ws(name), origin=served.base)
    if how == "at once":  # closed before the app is even up
        while not set(served.sessions()) - before:
            await asyncio.sleep(0.01)
        how = "close"
    else:
        await read_until(ws, f"{name} · ", SEED_TEXT)
    (pid,) = set(served.sessions()) - before
    if how == "close":  # the tab closed: a close frame
        await ws.close()
    else:  # the browser vanished: the connection drops without a word
        transport = ws._response.connection.transport  # noqa: SLF001 - the only way to drop a socket abruptly
        transport.abort()
    await http.close()
    return pid


async def test_closing_tabs_leaves_no_session_process(served: Served) -> None:
    pids = []
    for i in range(8):
        pids.append(await _session(served, f"tab{i}", ("close", "drop", "at once")[i % 3]))
    await asyncio.sleep(0)
    assert await asyncio.to_thread(wait_gone, pids, 10) == []
    assert served.sessions() == []


STUBBORN = textwrap.dedent("""
    import signal, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # an app that neither quits when asked nor on SIGTERM
    sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
    while True:
        time.sleep(1)
""")
STUBBORN_SERVER = textwrap.dedent("""
    import sys
    from tui_reader.serve import make_server
    make_server(lambda name: [sys.executable, "-c", {stubborn!r}], token="t0ken", port=int(sys.argv[1])).serve()
""")


async def test_a_session_app_that_will_not_quit_is_ended_anyway(tmp_path: Path) -> None:
    from test_serve import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", STUBBORN_SERVER.format(stubborn=STUBBORN), str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    served = Served(proc, f"http://127.0.0.1:{port}", "t0ken", [])
    try:
        deadline = time.monotonic() + 30
        while get_status(served.url()) is None:
            assert time.monotonic() < deadline and proc.poll() is None
            await asyncio.sleep(0.1)
        pids = []
        for i in range(3):
            async with aiohttp.ClientSession() as http:
                async with http.ws_connect(served.ws(f"s{i}"), origin=served.base):
                    while not (new := set(served.sessions()) - set(pids)):
                        await asyncio.sleep(0.05)
                    pids += new
        assert await asyncio.to_thread(wait_gone, pids, 10) == []
    finally:
        stop_serving(served)


def get_status(url: str) -> int | None:
    try:
        return get(url)[0]
    except OSError:
        return None


async def test_stopping_the_server_ends_its_sessions(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(served.ws("alice"), origin=served.base) as ws:
            await read_until(ws, "alice · ", SEED_TEXT)
            pids = served.sessions()
            served.proc.send_signal(signal.SIGINT)  # Ctrl+C on serve, the tab still open
            t0 = time.monotonic()
            await asyncio.to_thread(served.proc.wait, 30)
            assert time.monotonic() - t0 < 5, "serve took more than 5 s to stop"  # it closes its sessions itself
    assert len(pids) == 1 and await asyncio.to_thread(wait_gone, pids, 5) == []


async def test_a_killed_server_leaves_no_session_behind(served: Served) -> None:
    """Killed outright, the server ends nothing: the app sees its input pipe close and ends itself."""
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(served.ws("alice"), origin=served.base) as ws:
            await read_until(ws, "alice · ", SEED_TEXT)
            pids = served.sessions()
            served.proc.kill()
            await asyncio.to_thread(served.proc.wait, 10)
    assert len(pids) == 1 and await asyncio.to_thread(wait_gone, pids, 8) == []

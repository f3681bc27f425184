"""Learning in the app (issue 15): suggestions from the rules, propagation and the annotator's model; the model
trained in the background (from the palette and as the annotator works) while keys are answered; how precise
suggestions have been, per label; who suggested the span under the cursor."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from apphelp import ANNOTATOR, SIZE, left, make_app, palette, said, search, seed_db, stored
from tui_reader import learn_process
from tui_reader.models import Document, Label, LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.tui.learning import PrecisionScreen
from tui_reader.tui.widgets.status_line import StatusLine

COMPANY = LabelSet([Label("company", "1", "#2fa84f", "A company.")])
_NAMES = ["Acme", "Initech", "Umbrella", "Hooli", "Vandelay", "Dunder", "Wonka", "Stark", "Wayne", "Tyrell",
          "Cyberdyne", "Soylent", "Oscorp", "Gringotts", "Monarch", "Nakatomi", "Virtucon", "Zorg", "Prestige",
          "Sirius", "Massive", "Veidt", "Krusty", "Duff"]  # fmt: skip
_FRAMES = ["Shares of {} Corp rose on Monday.", "{} Corp said profits fell.", "Investors sold {} Corp after the report.",
           "The deal with {} Corp was announced today."]  # fmt: skip
NEW = "Shares of Globex Corp fell sharply on Tuesday. Acme Corp said nothing.\n"  # Acme was tagged; Globex never


def company_db(tmp_path: Path, annotator: str = ANNOTATOR) -> Path:
    """Six articles where the annotator tagged every "X Corp" as a company (24 spans: no rule knows companies),
    and a new article with a company tagged before (Acme) and one never seen (Globex)."""
    db = tmp_path / "annotations.db"
    with AnnotationStore(db) as store:
        store.add_document(Document(id="new", text=NEW, title="new"))
        for i in range(6):
            text = " ".join(_FRAMES[j].format(_NAMES[4 * i + j]) for j in range(4)) + "\nAnalysts were surprised.\n"
            store.add_document(Document(id=f"t{i}", text=text, title=f"t{i}"))
            for j in range(4):
                name = f"{_NAMES[4 * i + j]} Corp"
                start = text.index(name)
                store.add_span(f"t{i}", start, start + len(name), "company", annotator=annotator)
    return db


LEARN = "learn: train"  # enough of "learn: train suggestions from my decisions" to pick it (each key costs)


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, cond, timeout: float = 15.0) -> None:
    """Wait (letting the app run) until `cond()` holds; fail after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


def status(app) -> str:
    return app.query_one(StatusLine).text


STUB = Path(__file__).with_name("learn_stub.py")


class Stub:
    """The training child stood in for (tests/learn_stub.py: the real child's protocol, with a stand-in `learn`
    controlled through files): records each training's start and end with the child's pid, reports progress like
    the real one, waits for `release()` when `blocked` (a slow training), or fails with `error`."""

    def __init__(self, tmp_path: Path, monkeypatch, *, blocked: bool = False, error: str | None = None,
                 readonly: bool = False) -> None:  # fmt: skip
        self.dir = tmp_path / "stub"
        self.dir.mkdir()
        if not blocked:
            self.release()
        self.fail(error)
        if readonly:
            (self.dir / "readonly").touch()
        command = [sys.executable, str(STUB), str(self.dir)]
        monkeypatch.setattr(learn_process, "child_command", lambda: command)

    def release(self) -> None:
        (self.dir / "go").touch()

    def fail(self, error: str | None) -> None:
        if error is None:
            (self.dir / "error").unlink(missing_ok=True)
        else:
            (self.dir / "error").write_text(error, encoding="utf-8")

    def log(self) -> list[tuple[str, int]]:
        path = self.dir / "log"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        return [(what, int(pid)) for what, pid in (line.split() for line in lines)]

    @property
    def calls(self) -> int:
        return sum(what == "start" for what, _ in self.log())

    @property
    def running(self) -> int:
        return self.calls - sum(what == "end" for what, _ in self.log())

    @property
    def most_at_once(self) -> int:
        most = now = 0
        for what, _ in self.log():
            now += 1 if what == "start" else -1
            most = max(most, now)
        return most

    @property
    def pids(self) -> list[int]:
        return [pid for what, pid in self.log() if what == "start"]


def alive(pid: int) -> bool:
    """Whether process `pid` exists (a zombie counts: nobody waited for it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def tag_next_word(pilot, key: str = "1") -> None:
    await pilot.press("w", "v", "w", key)
    await pilot.pause()


# --- suggest: rules + propagation + the annotator's model -----------------------------------------------------


async def test_learn_then_suggest_adds_propagated_and_model_suggestions_named_in_the_status_line(tmp_path):
    db = company_db(tmp_path)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await settle(app, pilot)
        with AnnotationStore(db) as store:
            assert [(m["annotator"], m["name"]) for m in store.models()] == [(ANNOTATOR, "crf")]
        notes = said(app)
        assert any("Learnt from 24 decisions: 24 spans accepted or tagged, 0 rejected, in 6 documents" in n
                   for n in notes), notes  # fmt: skip
        assert any(n.startswith("The model per label: company: 24 spans, suggests") for n in notes), notes

        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        suggested = {s.text: s for s in stored(db, "new") if s.status == "suggested"}
        assert set(suggested) == {"Globex Corp", "Acme Corp"}
        assert suggested["Acme Corp"].origin == "propagate"  # tagged elsewhere
        model = suggested["Globex Corp"]
        assert model.origin == "model:crf" and 0.7 <= model.attrs["score"] <= 1.0  # never tagged: the model's
        assert "1 as you tagged them elsewhere, 1 by your model" in said(app)[-1]
        assert {s.text for s in left(app).spans} == {"Globex Corp", "Acme Corp"}  # on screen

        await search(pilot, "Globex")
        assert status(app).startswith(" NORMAL")
        assert f"suggested by the model ({model.attrs['score']:.2f}) · company: none decided yet" in status(app)
        await pilot.press("a")  # accept it: the figure counts it
        await pilot.pause()
        await search(pilot, "Acme")
        assert "suggested as you tagged it elsewhere (1.00) · company: 1/1 accepted" in status(app)


async def test_suggest_leaves_out_text_the_annotator_rejected_elsewhere(tmp_path):
    """Rejected stays rejected, in the app too: a statistic rejected in one article is not suggested in another."""
    db = tmp_path / "annotations.db"
    text = "Police said 40 people were hurt on Monday.\n"
    with AnnotationStore(db) as store:
        store.add_document(Document(id="a", text=text, title="a"))
        store.add_document(Document(id="b", text="Later, 40 people were hurt again.\n", title="b"))
    app = make_app(db, ["a", "b"])
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        assert [(s.text, s.status) for s in stored(db, "a") if s.label == "statistic"] == [("40 people", "suggested")]
        await pilot.press("right_square_bracket", "r")  # onto it, reject it
        await pilot.pause()
        assert [(s.text, s.status) for s in stored(db, "a") if s.label == "statistic"] == [("40 people", "rejected")]
        await pilot.press("tab")  # the other pane: article b
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        assert [s.text for s in stored(db, "b") if s.label == "statistic"] == []


# --- learning in the background ---------------------------------------------------------------------------------


async def test_keys_are_answered_while_a_training_worker_runs(tmp_path, monkeypatch):
    fake = Stub(tmp_path, monkeypatch, blocked=True)
    db = company_db(tmp_path)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        view = left(app)
        await palette(pilot, LEARN)
        await until(pilot, lambda: fake.calls == 1 and "learning 6/6 documents" in status(app))
        # the training is running (it waits on the gate): keys are answered meanwhile
        before = view.cursor
        await pilot.press("l", "l", "l")
        await pilot.pause()
        assert view.cursor == before + 3 and fake.running == 1
        await tag_next_word(pilot)
        assert [s.text for s in stored(db, "new")] == ["of"]  # stored while training
        assert fake.running == 1
        await palette(pilot, LEARN)  # asked again: not a second one
        assert "Already learning" in said(app)[-1]
        assert fake.calls == 1
        fake.release()
        await until(pilot, lambda: fake.calls == 2 and fake.running == 0)  # the request kept, served after
        await settle(app, pilot)
        assert fake.most_at_once == 1
        assert sum("Learnt from 25 decisions" in n for n in said(app)) >= 1  # the tag made while it ran counts
        assert "learning" not in status(app)


async def test_closing_the_app_ends_the_training_child(tmp_path, monkeypatch):
    """Quit while a training runs: its process ends with the app (terminated and waited for, no orphan)."""
    fake = Stub(tmp_path, monkeypatch, blocked=True)  # it would wait a minute for a release that never comes
    db = company_db(tmp_path)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await until(pilot, lambda: "learning 6/6 documents" in status(app))
        (pid,) = fake.pids
        assert pid != os.getpid() and alive(pid)  # the training runs in a process of its own
        await pilot.press("q")
        await pilot.pause()
    end = time.monotonic() + 5
    while alive(pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert not alive(pid)
    assert fake.running == 1  # it was stopped, not let finish
    with AnnotationStore(db) as store:
        assert store.models() == []


async def test_a_killed_training_child_is_a_notice_and_the_app_goes_on(tmp_path, monkeypatch):
    fake = Stub(tmp_path, monkeypatch, blocked=True)
    db = company_db(tmp_path)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    app.assist.learning.DEBOUNCE = app.assist.learning.IDLE = 600.0  # only the trainings asked for here
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await until(pilot, lambda: "learning 6/6 documents" in status(app))
        os.kill(fake.pids[0], signal.SIGKILL)  # out of memory, or killed by hand
        await until(pilot, lambda: any(n.startswith("Learning failed") for n in said(app)))
        assert said(app)[-1] == "Learning failed: the training process ended unexpectedly (killed by SIGKILL)"
        assert "learning" not in status(app)
        await pilot.press("l")
        await pilot.pause()
        assert left(app).cursor == 1  # the app goes on
        fake.release()
        await palette(pilot, LEARN)  # and can train again
        await until(pilot, lambda: any("Learnt from 24 decisions" in n for n in said(app)))
        assert fake.calls == 2 and not alive(fake.pids[0])  # a new child; the killed one was waited for


def test_the_training_child_ends_when_the_app_is_killed(tmp_path, monkeypatch):
    """The app killed outright (no chance to stop its child): the child sees its stdin end and exits too."""
    fake = Stub(tmp_path, monkeypatch, blocked=True)
    db = company_db(tmp_path)
    parent_code = (
        "import sys, time\n"
        "from tui_reader.learn_process import TrainingProcess\n"
        f"child = TrainingProcess({str(db)!r}, {ANNOTATOR!r}, {{}}, command={learn_process.child_command()!r})\n"
        "print([e for _, e in zip(range(6), child.events())][-1], flush=True)\n"  # every report: now it waits
        "time.sleep(60)\n"
    )  # fmt: skip
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None and parent.stdout.readline().startswith("('progress', 6, 6)")
        (pid,) = fake.pids
        parent.kill()
        parent.wait(10)
        end = time.monotonic() + 10
        while running_process(pid) and time.monotonic() < end:
            time.sleep(0.05)
        assert not running_process(pid)
        assert fake.running == 1  # it ended without finishing
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def running_process(pid: int) -> bool:
    """Whether `pid` is a live process (an exited orphan may linger as a zombie until init reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_training_in_a_real_terminal_from_the_installed_command(tmp_path):
    """The installed `tui-reader` in tmux trains from the palette: its child process starts from the installed
    copy, the notice is shown and the model stored."""
    from test_tmux import Tmux, installed_command

    assert shutil.which("tmux"), "tmux is required for this test (`make test` installs it)"
    db = company_db(tmp_path)
    tmux = Tmux(f"tui-reader-learn-{os.getpid()}")
    tmux.start_app(installed_command(), ["open"], db, tmp_path, annotator=ANNOTATOR)
    try:
        tmux.wait_for("NORMAL")
        tmux("send-keys", "-t", "reader", "C-p")
        time.sleep(0.3)
        tmux("send-keys", "-t", "reader", "-l", "learn: train suggestions")
        tmux.wait_for("learn: train suggestions from my decisions")
        tmux("send-keys", "-t", "reader", "Enter")
        tmux.wait_for("Learnt from 24 decisions", timeout=60)
        tmux("send-keys", "-t", "reader", "q")
        tmux.wait_for("EXIT=0")
    finally:
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, timeout=30)
    with AnnotationStore(db) as store:
        assert [(m["annotator"], m["name"]) for m in store.models()] == [(ANNOTATOR, "crf")]


def test_a_child_that_cannot_train_says_why(tmp_path):
    """A child that exits at once (a broken install: its imports fail) is an error naming its last words."""
    broken = [sys.executable, "-c", "import sys; sys.exit('ImportError: no module named pycrfsuite')"]
    with learn_process.TrainingProcess(tmp_path / "a.db", ANNOTATOR, {}, command=broken) as child:
        assert list(child.events()) == [("error", "the training process ended unexpectedly (exit status 1): "
                                                  "ImportError: no module named pycrfsuite")]  # fmt: skip


def test_training_from_the_command_line_stores_the_model(tmp_path):
    """`tui-reader learn` (the installed command: it trains in its own process, with a progress bar) stores the
    model, as before the app's training moved to a child process."""
    db = company_db(tmp_path)
    exe = Path(sys.executable).with_name("tui-reader")
    r = subprocess.run([str(exe), "learn", "--db", str(db), "--annotator", ANNOTATOR], capture_output=True,
                       text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert "learnt from tester's decisions in 6 documents: 24 spans accepted or tagged, 0 rejected" in r.stdout
    with AnnotationStore(db) as store:
        assert [(m["annotator"], m["name"]) for m in store.models()] == [(ANNOTATOR, "crf")]


async def test_retrains_after_k_decisions_and_never_two_at_once(tmp_path, monkeypatch):
    fake = Stub(tmp_path, monkeypatch, blocked=True)
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    learning = app.assist.learning
    learning.RETRAIN_AFTER, learning.DEBOUNCE, learning.IDLE = 3, 0.05, 600.0
    async with app.run_test(size=SIZE) as pilot:
        await tag_next_word(pilot)
        await tag_next_word(pilot, "2")
        await pilot.pause(0.4)
        assert fake.calls == 0  # two decisions: not yet
        await tag_next_word(pilot, "3")
        await until(pilot, lambda: fake.calls == 1)  # the third starts a training
        for key in "123":  # three more while it runs: no second training meanwhile
            await tag_next_word(pilot, key)
        await pilot.pause(0.4)
        assert fake.calls == 1 and len(stored(db)) == 6
        fake.release()
        await until(pilot, lambda: fake.calls == 2)  # then one more, for the decisions made meanwhile
        await settle(app, pilot)
        assert fake.most_at_once == 1
        assert any("Learnt from 3 decisions" in n for n in said(app))
        assert any("Learnt from 6 decisions" in n for n in said(app))
        await pilot.pause(0.4)
        assert fake.calls == 2  # nothing new since: no more training


async def test_retrains_when_the_annotator_pauses(tmp_path, monkeypatch):
    fake = Stub(tmp_path, monkeypatch)
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    learning = app.assist.learning
    learning.RETRAIN_AFTER, learning.IDLE = 100, 4.0  # the wait: long enough that a loaded machine keeps within it
    async with app.run_test(size=SIZE) as pilot:
        await tag_next_word(pilot)
        await pilot.pause(2.5)
        await tag_next_word(pilot)  # a change restarts the wait
        await pilot.pause(2.5)
        assert fake.calls == 0  # 5 s since the first change, but not 4 s since the last
        await until(pilot, lambda: fake.calls == 1)
        await settle(app, pilot)
        assert any("Learnt from 2 decisions" in n for n in said(app))


async def test_a_failing_training_is_a_notice_not_a_crash(tmp_path, monkeypatch):
    fake = Stub(tmp_path, monkeypatch, error="the CRF library broke")
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    learning = app.assist.learning
    learning.RETRAIN_AFTER, learning.DEBOUNCE, learning.IDLE = 2, 0.05, 600.0
    async with app.run_test(size=SIZE) as pilot:
        await tag_next_word(pilot)
        await tag_next_word(pilot)
        await until(pilot, lambda: fake.calls == 1)
        await settle(app, pilot)
        assert "Learning failed: the CRF library broke" in said(app)[-1]
        assert "Automatic retraining is paused" in said(app)[-1]
        await tag_next_word(pilot)  # the app goes on; automatic retraining waits for the palette
        await tag_next_word(pilot)
        await pilot.pause(0.4)
        assert fake.calls == 1 and len(stored(db)) == 4
        fake.fail(None)
        await palette(pilot, LEARN)
        await until(pilot, lambda: fake.calls == 2)
        await settle(app, pilot)
        assert any("Learnt from 4 decisions" in n for n in said(app))
        await tag_next_word(pilot)  # retraining as you work is back
        await tag_next_word(pilot)
        await until(pilot, lambda: fake.calls == 3)
        await settle(app, pilot)
    assert app.return_code in (None, 0)


async def test_a_model_that_cannot_be_stored_is_a_notice(tmp_path, monkeypatch):
    """The real training, its model refused by the store (read-only): a notice naming the error, no crash."""
    Stub(tmp_path, monkeypatch, readonly=True)
    db = company_db(tmp_path)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await settle(app, pilot)
        assert "Learning failed: the database is read-only" in said(app)[-1]
        await pilot.press("l")
        await pilot.pause()
        assert left(app).cursor == 1


async def test_nothing_to_learn_from_says_so(tmp_path):
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await settle(app, pilot)
        assert "Nothing to learn from yet" in said(app)[-1]
    with AnnotationStore(db) as store:
        assert store.models() == []


# --- how precise suggestions have been ------------------------------------------------------------------------


async def test_precision_per_label_in_a_dialog_and_on_a_suggestion_in_the_status_line(tmp_path):
    db, ids = seed_db(tmp_path)
    app = make_app(db, ids)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "a", "a", "r", "a")  # decide four, in order
        await pilot.pause()
        mine = [s for s in stored(db) if s.annotator == ANNOTATOR and s.origin != "manual"]
        counts: dict[str, list[int]] = {}
        for s in mine:
            counts.setdefault(s.label, [0, 0])[s.status == "rejected"] += 1
        assert sum(a + r for a, r in counts.values()) == 4
        # the cursor is on the next suggestion: its label's figure
        (span,) = [s for s in left(app).spans_at_cursor() if s.status == "suggested"][:1]
        acc, rej = counts.get(span.label, [0, 0])
        figure = f"{span.label}: {acc}/{acc + rej} accepted" if acc + rej else f"{span.label}: none decided yet"
        assert f"suggested by the {span.origin[5:].replace('_', ' ')} rule · {figure}" in status(app)

        await palette(pilot, "suggestions: how precise")
        assert isinstance(app.screen, PrecisionScreen)
        shown = str(app.screen.query_one("#precision").content)
        for label, (acc, rej) in counts.items():
            assert f"{label} suggestions: {acc} accepted, {rej} rejected ({100 * acc / (acc + rej):.0f}% precise)" in shown
        assert "No model trained for you yet" in str(app.screen.query_one("#model").content)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PrecisionScreen)


async def test_precision_dialog_shows_the_model_and_no_control_characters(tmp_path):
    who = "ann\x1b[31m[b]x"  # an annotator name with an escape and markup in it
    db = company_db(tmp_path, annotator=who)
    app = make_app(db, ["new"], annotator=who, labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await settle(app, pilot)
        await palette(pilot, "suggestions: how precise")
        screen = app.screen
        assert isinstance(screen, PrecisionScreen)
        texts = [str(w.content) for w in screen.query("Static")]
        assert "How precise suggestions have been for ann␛[31m[b]x" in texts[0]
        assert not any("\x1b" in t for t in texts)
        assert "No suggestion decided yet." in texts[1]  # tags are not decided suggestions
        assert "from 24 spans accepted or tagged and 0 rejected (spans per label: company 24)" in texts[2]


async def test_learning_progress_is_in_the_status_line_and_gone_after(tmp_path, monkeypatch):
    fake = Stub(tmp_path, monkeypatch, blocked=True)
    db = company_db(tmp_path)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, LEARN)
        await until(pilot, lambda: "learning 6/6 documents…" in status(app))
        assert "Learning from your decisions" in said(app)[-1]
        fake.release()
        await settle(app, pilot)
        assert "learning" not in status(app)


# --- what the screen shows ------------------------------------------------------------------------------------

SNAP_SIZE = (160, 45)


@pytest.fixture
def decided(tmp_path: Path) -> tuple[Path, list[str]]:
    """The seeds with a model suggestion at the top of the first article and, in the second, statistics the
    annotator decided on (two accepted, one rejected) and one of their own tags (not a decided suggestion)."""
    db, ids = seed_db(tmp_path)
    with AnnotationStore(db) as s:
        a, b = s.document_text(ids[0]), s.document_text(ids[1])

        def at(text: str, phrase: str) -> tuple[int, int]:
            i = text.index(phrase)
            return i, i + len(phrase)

        s.add_span(ids[0], *at(a, "thousands of troops"), "statistic", status="suggested", origin="model:crf",
                   attrs={"score": 0.83})  # fmt: skip
        for phrase, status in (("10,000 troops", "accepted"), ("55 top cartel figures", "accepted"),
                               ("two U.S. officials", "rejected")):  # fmt: skip
            s.add_span(ids[1], *at(b, phrase), "statistic", annotator=ANNOTATOR, status=status, origin="rule:statistic")
        s.add_span(ids[1], *at(b, "according to two U.S. officials"), "anonymous source", annotator=ANNOTATOR)
    return db, ids


def test_status_line_names_a_model_suggestion_and_its_labels_precision(decided, snap_compare):
    db, ids = decided
    assert snap_compare(make_app(db, ids), press=["right_square_bracket"], terminal_size=SNAP_SIZE)


def test_precision_dialog(decided, snap_compare):
    db, ids = decided

    async def open_dialog(pilot) -> None:
        await palette(pilot, "suggestions: how precise")

    assert snap_compare(make_app(db, ids), run_before=open_dialog, terminal_size=SNAP_SIZE)


async def test_a_damaged_stored_model_makes_suggest_fail_with_a_notice(tmp_path):
    db = company_db(tmp_path)
    with AnnotationStore(db) as store:
        store.save_model(ANNOTATOR, "crf", b"not a model", {})  # damaged (or merged from a broken database)
    app = make_app(db, ["new", "t0"], labels=COMPANY)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "suggest: this document")
        await settle(app, pilot)
        assert said(app)[-1].startswith("Suggest failed: ")
        assert [s for s in stored(db, "new")] == []
        await pilot.press("l")
        await pilot.pause()
        assert left(app).cursor == 1


def test_what_counts_as_a_change_to_retrain_on(tmp_path):
    """Tags, decisions, relabels, deletes and undo count; note edits, suggestion runs and other annotators' work
    do not (`store.span_changes_since`, what the app counts to retrain)."""
    db = tmp_path / "annotations.db"
    with AnnotationStore(db) as s:
        s.add_document(Document(id="a", text="Police said 40 people were hurt.\n", title="a"))
        start = s.span_changes_since(ANNOTATOR, 0)[1]
        tag = s.add_span("a", 0, 6, "claim", annotator=ANNOTATOR)
        s.update_span(tag.id, annotator=ANNOTATOR, note="check")  # a note: not training data
        assert s.span_changes_since(ANNOTATOR, start)[0] == 1
        (sug,) = s.add_spans_if_new("a", [(12, 21, "statistic", "rule:statistic", {})])  # a suggestion run
        s.add_span("a", 22, 26, "claim", annotator="someone else")
        assert s.span_changes_since(ANNOTATOR, start)[0] == 1
        s.update_span(sug.id, annotator=ANNOTATOR, status="accepted")
        s.relabel_span(tag.id, "quote", annotator=ANNOTATOR)
        s.undo(ANNOTATOR)
        s.delete_span(sug.id, annotator=ANNOTATOR)
        n, last = s.span_changes_since(ANNOTATOR, start)
        assert n == 5 and s.span_changes_since(ANNOTATOR, last) == (0, last)


async def test_training_in_a_served_session(tmp_path):
    """`serve`: the session's app (a process per browser session) trains from the palette in its child."""
    import aiohttp

    from test_serve import read_until, start_serving, stop_serving

    db = company_db(tmp_path, annotator="alice")
    served = start_serving([sys.executable, "-m", "tui_reader", "serve", "--db", str(db)], tmp_path)
    try:
        async with aiohttp.ClientSession() as http, http.ws_connect(served.ws("alice"), origin=served.base) as ws:
            await read_until(ws, "alice ·")
            await ws.send_json(["stdin", "\x10"])  # ctrl+p
            await read_until(ws, "Search for commands")
            await ws.send_json(["stdin", LEARN])
            await read_until(ws, "suggestions from my decisions")
            await ws.send_json(["stdin", "\r"])
            await read_until(ws, "Learnt from 24")
    finally:
        stop_serving(served)
    with AnnotationStore(db) as store:
        assert [(m["annotator"], m["name"]) for m in store.models()] == [("alice", "crf")]

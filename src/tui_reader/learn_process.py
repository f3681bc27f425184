"""Training the annotator's model in a process of its own, so that the app's keys never wait on it.

A training holds Python's GIL while it builds features and during each of crfsuite's L-BFGS iterations: run in
a thread of the app, it made keys wait (median 2-14 ms instead of 1.5, tens of ms at the 90th percentile). Here
it runs in a child process, `python -m tui_reader.learn_process`, started with `subprocess` (fork + exec: the
child shares nothing with the app's threads) from the same interpreter (`sys.executable`), so it works wherever
the app runs: an installed `tui-reader`, `python -m tui_reader`, `serve`'s per-session processes.

- The child reads one job from its stdin (a JSON line: database path, annotator, the rule of each label), opens
  its own store on the database, trains with `learn.learn` and stores the model (`save_model`: one BEGIN
  IMMEDIATE write like every write; the app's connection sees it through data_version). It reports on stdout, one
  JSON object a line: `{"progress": [done, total]}` per document read, then `{"summary": {...}}` (`summary`:
  None when nothing was decided yet) or `{"error": "..."}` (whatever the training raised: busy or read-only
  database, the CRF library). Its stdout carries only these lines (file descriptor 1 goes to its stderr, so a C
  library printing cannot garble them); stderr goes to a temporary file, never to the app's terminal.
- It imports only the core (`tui_reader.learn` and the store: about 0.2 s to start; no Textual) and lowers its
  own priority (`NICE`): the training is background work, the annotator's keys come first on a busy machine.
- It ends with its parent: the parent holds its stdin open, and a thread of the child exits the process when
  stdin reaches its end (the parent closed it, exited or was killed). `TrainingProcess.stop` (the app closing)
  terminates it and waits for it (no orphan, no zombie).
- A child that dies without saying why (killed, crashed) is reported as a failure with its exit status and the
  last line it wrote to stderr: `TrainingProcess.events` always ends with a summary or an error.

`TrainingProcess` is the parent's side (no Textual either: the app's thread worker iterates its `events`).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

NICE = 10  # the child's priority below the app's (POSIX nice increment)
POLL = 0.05  # seconds between checks that the parent still wants the training (the app closing)


def summarise(report: Any) -> dict[str, Any]:
    """A `learn.TrainReport` as plain figures (JSON): what the app's notices say about a training."""
    from tui_reader.learn import MIN_SPANS_TO_SUGGEST, describe_feature, describe_state

    return {
        "documents": report.documents, "positive": report.positive, "negative": report.negative,
        "seconds": report.seconds, "labels": {lb: st["spans"] for lb, st in report.labels.items()},
        "signs": {lb: [describe_feature(name) for name, _w in feats[:2]] for lb, feats in report.features.items()},
        "min_spans": MIN_SPANS_TO_SUGGEST,
        "states": {lb: describe_state(lb, st["spans"], report.checked.get(lb)) for lb, st in report.labels.items()},
        "bounds": getattr(report, "bounds", ""),  # what the learned span boundaries learnt, in words
        "calibration": getattr(report, "calibration", ""),  # the shipped model's threshold for this annotator
    }  # fmt: skip


def train(db_path: str | Path, annotator: str, rules: Mapping[str, str | None],
          progress: Callable[[int, int], None]) -> dict[str, Any] | None:  # fmt: skip
    """Train `annotator`'s model on the database at `db_path` with a store of its own and store it; the summary
    (`summarise`), or None when the annotator has decided nothing yet. `progress(done, total)` per document."""
    from tui_reader import learn as core  # the module, not its names: `core.learn` is looked up at call time
    from tui_reader.store import AnnotationStore

    with AnnotationStore(db_path, create=False) as store:
        dec = core.decisions(store, annotator)
        if not dec.positive:
            return None
        total, done = len(dec.documents), 0

        def step(_doc_id: str) -> None:
            nonlocal done
            done += 1
            progress(done, total)

        return summarise(core.learn(store, annotator, rules=rules, on_document=step))


def _exit_with_parent(stdin: IO[str]) -> None:
    """End this process when stdin ends: the parent closed it, exited or was killed."""
    try:
        while stdin.read(4096):
            pass
    except (OSError, ValueError):
        pass
    os._exit(3)


def main() -> None:
    """The child: one job from stdin, reports on stdout (see the module docstring)."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)  # the report channel: only our lines
    os.dup2(2, 1)  # anything else printed (Python or C) goes to stderr
    sys.stdout = sys.stderr
    if hasattr(os, "nice"):
        try:
            os.nice(NICE)
        except OSError:
            pass
    lock = threading.Lock()

    def send(obj: dict[str, Any]) -> None:
        with lock:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")

    line = sys.stdin.readline()
    if not line:
        return
    threading.Thread(target=_exit_with_parent, args=(sys.stdin,), daemon=True).start()
    try:
        job = json.loads(line)
        summary = train(job["db"], job["annotator"], job["rules"], lambda done, total: send({"progress": [done, total]}))
    except Exception as e:  # noqa: BLE001 - whatever breaks is the parent's notice, not a traceback
        send({"error": str(e) or type(e).__name__})
    else:
        send({"summary": summary})
    out.close()


def child_command() -> list[str]:
    """How the child is started: this interpreter, this module."""
    return [sys.executable, "-m", "tui_reader.learn_process"]


class TrainingProcess:
    """The parent's side of one training in a child process.

        with TrainingProcess(db_path, annotator, rules) as child:
            for event in child.events(stopped=lambda: worker.is_cancelled):
                ...  # ("progress", done, total), then ("summary", dict | None) or ("error", message)

    Leaving the `with` block (or `stop()`) terminates the child if it still runs and waits for it.
    """

    def __init__(self, db_path: str | Path, annotator: str, rules: Mapping[str, str | None],
                 command: list[str] | None = None) -> None:  # fmt: skip
        self._errors = tempfile.TemporaryFile()
        self._lines: queue.Queue[str | None] = queue.Queue()
        try:
            self.proc = subprocess.Popen(
                command or child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors,
                text=True, encoding="utf-8", errors="replace", bufsize=1,
            )  # fmt: skip
        except BaseException:
            self._errors.close()
            raise
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self._reader.start()
        job = {"db": os.path.abspath(db_path), "annotator": annotator, "rules": dict(rules)}
        try:
            self.proc.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()  # stdin stays open: the child ends when it closes
        except OSError:
            pass  # the child died at once: `events` says how

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self, stdout: IO[str]) -> None:
        try:
            for line in stdout:
                self._lines.put(line)
        except (OSError, ValueError):
            pass
        self._lines.put(None)

    def events(self, stopped: Callable[[], bool] = lambda: False) -> Iterator[tuple[Any, ...]]:
        """What the child reports, as it comes; ends after ("summary", ...) or ("error", ...), or when
        `stopped()` holds (the child is then terminated)."""
        while True:
            try:
                line = self._lines.get(timeout=POLL)
            except queue.Empty:
                if stopped():
                    self.stop()
                    return
                continue
            if line is None:  # the child closed its stdout without a result: it died
                yield ("error", self._death())
                return
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "progress" in msg:
                yield ("progress", *msg["progress"])
            elif "error" in msg:
                yield ("error", str(msg["error"]))
                return
            elif "summary" in msg:
                yield ("summary", msg["summary"])
                return
            if stopped():
                self.stop()
                return

    def _death(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop()
            code = self.proc.returncode
        if code is not None and code < 0:
            try:
                why = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                why = f"killed by signal {-code}"
        else:
            why = f"exit status {code}"
        last = ""
        try:
            self._errors.seek(0)
            tail = self._errors.read()[-4000:].decode("utf-8", "replace").strip().splitlines()
            last = tail[-1].strip() if tail else ""
        except OSError:
            pass
        return f"the training process ended unexpectedly ({why})" + (f": {last}" if last else "")

    def stop(self) -> None:
        """Terminate the child if it still runs, and wait for it."""
        proc = self.proc
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._reader.join(timeout=2)  # the child's end of stdout is closed: the reader is at its end
        for pipe in (proc.stdin, proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        self._errors.close()

    def __enter__(self) -> TrainingProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    main()

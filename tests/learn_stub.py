"""A stand-in for the app's training child (`python -m tui_reader.learn_process`), for tests/test_app_learn.py.

    python tests/learn_stub.py CONTROL_DIR

Runs the real child (`learn_process.main`: the job on stdin, reports on stdout) with `learn.learn` replaced by a
stand-in controlled through files in CONTROL_DIR: it appends "start PID" and "end PID" to `log`, reports each
decided document like the real one, then waits until `go` exists (a slow training), raises the text of `error`
if that file exists, and returns a report of the annotator's positive spans. With a file `readonly`, the real
`learn` runs and the store refuses its model (ReadOnlyError).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import tui_reader.learn
from tui_reader import learn_process
from tui_reader.learn import TrainReport
from tui_reader.store import AnnotationStore, ReadOnlyError

CONTROL = Path(sys.argv[1])


def log(what: str) -> None:
    with open(CONTROL / "log", "a", encoding="utf-8") as f:
        f.write(f"{what} {os.getpid()}\n")


def stand_in(store, annotator, *, rules, on_document=None) -> TrainReport:
    log("start")
    try:
        dec = tui_reader.learn.decisions(store, annotator)
        for doc_id in dec.documents:
            on_document(doc_id)
        end = time.monotonic() + 60
        while not (CONTROL / "go").exists() and time.monotonic() < end:
            time.sleep(0.02)
        if (CONTROL / "error").exists():
            raise RuntimeError((CONTROL / "error").read_text(encoding="utf-8"))
        n = sum(map(len, dec.positive.values()))
        return TrainReport(labels={"company": {"spans": n, "tokens": 2 * n}}, documents=len(dec.documents),
                           positive=n, negative=0, seconds=0.25)  # fmt: skip
    finally:
        log("end")


def refuse(self, *a, **kw):
    raise ReadOnlyError("the database is read-only")


if (CONTROL / "readonly").exists():
    AnnotationStore.save_model = refuse  # type: ignore[method-assign]
else:
    tui_reader.learn.learn = stand_in  # type: ignore[assignment]
learn_process.main()

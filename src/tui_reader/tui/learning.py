"""The app's learning component: the annotator's suggestion model trained in the background, how precise
suggestions have been, and who suggested the span under the cursor.

`Learning` is composed by the assist component (`app.assist.learning`), which tells it when the store changed;
the app hands it the workers' messages (`LearnProgress`, `LearnFinished`) from its `@on(...)` handlers.

- "learn: train suggestions from my decisions" (palette) runs `learn.learn` for the app's annotator in a child
  process (`tui_reader.learn_process`: its own store on the database, no GIL shared with the app's keys); a
  thread worker waits on its pipe and posts `LearnProgress` per document read (the status line says "learning
  3/12 documents") and ends with `LearnFinished`, also when it failed or the child died: a failure is a notice,
  never a crash. Closing the app terminates the child. The notice says what it learnt from and, per label, how many
  spans and whether the model suggests for it yet (`learn.MIN_SPANS_TO_SUGGEST`).
- Retraining as the annotator works: after each change to the store the annotator's span changes since the last
  training are counted (`store.span_changes_since`: tags, accepts, rejects, relabels, deletes, undo). With
  `RETRAIN_AFTER` of them a training starts `DEBOUNCE` seconds after the last change (a burst, accept all, is one
  training); with fewer, after `IDLE` seconds without a change. Never two trainings at once: a request while one
  runs is kept and served when it ends. An automatic training that fails pauses automatic retraining until a
  training from the palette succeeds (one notice, not one per change).
- Precision: `learn.suggestion_decisions(store, annotator)`, cached until the store changes. "suggestions: how
  precise" shows it per label in a dialog (with the model's state); on a suggestion the status line adds the
  compact figure, "statistic: 41/44 accepted", and who suggested it: "by the model (0.83)", "by the quote rule",
  "as you tagged it elsewhere (1.00)".

Everything shown goes through `tui_reader.sanitize` (labels, document ids and errors are data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from tui_reader.actions import Scope
from tui_reader.sanitize import one_line
from tui_reader.store import StoreError
from tui_reader.tui.commands import bindings_for
from tui_reader.tui.host import ReaderHost
from tui_reader.tui.messages import LearnFinished, LearnProgress

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from textual.message import Message
    from textual.timer import Timer

    from tui_reader.models import Span


class LearningHost(ReaderHost, Protocol):
    def set_timer(self, delay: float, callback: Any = ..., **kw: Any) -> Timer: ...


def learn_worker(post: Callable[[Message], Any], db_path: Path, annotator: str, rules: Mapping[str, str | None],
                 *, auto: bool, upto: int) -> None:  # fmt: skip
    """Train `annotator`'s model in a child process (`learn_process.TrainingProcess`) and relay what it reports:
    LearnProgress per document, then LearnFinished (also on failure). This thread only waits on the child's pipe;
    when the app closes (the worker cancelled) the child is terminated and waited for."""
    from tui_reader.learn_process import TrainingProcess

    worker = get_current_worker()
    try:
        with TrainingProcess(db_path, annotator, rules) as child:
            for kind, *rest in child.events(stopped=lambda: worker.is_cancelled):
                if kind == "progress":
                    post(LearnProgress(*rest))
                elif kind == "summary":
                    post(LearnFinished(rest[0], auto, upto))
                else:
                    post(LearnFinished(None, auto, upto, error=rest[0]))
    except OSError as e:  # the child could not be started (no such interpreter, no processes left)
        post(LearnFinished(None, auto, upto, error=f"could not start the training: {e}"))
    except Exception as e:  # noqa: BLE001 - assistance, not data: whatever breaks is told, and the app goes on
        post(LearnFinished(None, auto, upto, error=str(e) or type(e).__name__))


def origin_phrase(span: Span) -> str:
    """Who suggested a span: "by the model (0.83)", "by the quote rule", "as you tagged it elsewhere (1.00)"; a
    suggestion whose extent your learned span boundaries changed adds ", edges as you draw them"."""
    phrase = _origin_words(span)
    if phrase and isinstance(span.attrs, dict) and span.attrs.get("bounds"):
        phrase += ", edges as you draw them"
    return phrase


def _origin_words(span: Span) -> str:
    score = span.attrs.get("score") if isinstance(span.attrs, dict) else None
    figure = f" ({score:.2f})" if isinstance(score, int | float) else ""
    origin = span.origin or ""
    if origin.startswith("model:"):
        return f"by the model{figure}"
    if origin == "propagate":
        return f"as you tagged it elsewhere{figure}"
    if origin.startswith("rule:"):
        return f"by the {origin[5:].replace('_', ' ')} rule"
    return f"by {origin}" if origin and origin != "manual" else ""


def learnt_notice(summary: Mapping[str, Any]) -> tuple[str, str]:
    """("learnt from 44 decisions: ...", "the model per label: ...") for a finished training."""
    n_docs = summary["documents"]
    first = (f"Learnt from {summary['positive'] + summary['negative']} decisions: {summary['positive']} spans "
             f"accepted or tagged, {summary['negative']} rejected, in {n_docs} document{'s' if n_docs != 1 else ''} "
             f"({summary['seconds']:.1f} s).")  # fmt: skip
    parts = []
    for label, spans in sorted(summary["labels"].items()):
        state = summary.get("states", {}).get(label) or (
            "suggests" if spans >= summary["min_spans"] else f"suggests from {summary['min_spans']}")
        signs = "; ".join(summary["signs"].get(label, []))
        parts.append(f"{label}: {spans} span{'s' if spans != 1 else ''}, {state}" + (f" ({signs})" if signs else ""))
    bounds = summary.get("bounds") or ""  # 'span boundaries: 3 corrected extents seen, 1 edit used (...)'
    shown = f" {bounds[:1].upper()}{bounds[1:]}." if bounds else ""
    calibration = summary.get("calibration") or ""  # 'anonymous-source model: threshold 0.5 instead of 0.8 ...'
    shown += f" {calibration[:1].upper()}{calibration[1:]}." if calibration else ""
    return first, "The model per label: " + " · ".join(parts) + "." + shown + " “suggest: …” uses it."


class Learning:
    """Background training, precision figures and suggestion origins (see the module docstring)."""

    RETRAIN_AFTER = 10  # span changes that start a retraining (after DEBOUNCE)
    DEBOUNCE = 1.0  # seconds after the last of them (accept all: one training, not forty)
    IDLE = 30.0  # seconds without a change after which fewer changes are learnt too

    def __init__(self, host: ReaderHost) -> None:
        self.host: LearningHost = host  # type: ignore[assignment]  # ReaderApp has set_timer
        self.auto = True  # automatic retraining (paused by a failed automatic training)
        self.running = False
        self._again: bool | None = None  # asked while training: True from the palette, False automatic
        self._progress = (0, 0)
        self._trained_upto: int | None = None  # the last event seq the latest training saw (None: not read yet)
        self._timer: Timer | None = None
        self._precision: dict[str, dict[str, int]] | None = None

    # -- training ------------------------------------------------------------------------------------
    def learn(self, *, auto: bool = False) -> None:
        """Train the annotator's model now (palette), or as scheduled (auto)."""
        host = self.host
        if self.running:
            if not auto:
                self._again = True
                host.say("Already learning: your newest decisions are learnt when this training ends.")
            elif self._again is None:
                self._again = False
            return
        try:
            _, upto = host.store.span_changes_since(host.annotator, self._baseline())
        except StoreError as e:
            host.say(f"Learning failed: {e}", severity="error", timeout=10)
            return
        from tui_reader.suggest import rules_for_labels  # lazy: keeps start-up lean

        self.running, self._progress = True, (0, 0)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not auto:
            host.say("Learning from your decisions… (keep working: it runs in the background)")
        post, db, who, rules = host.post_message, host.db_path, host.annotator, rules_for_labels(host.labels)
        host.run_worker(lambda: learn_worker(post, db, who, rules, auto=auto, upto=upto), thread=True, group="learn")
        host.update_status()

    def progress(self, message: LearnProgress) -> None:
        self._progress = (message.done, message.total)
        self.host.update_status()

    def finished(self, message: LearnFinished) -> None:
        host = self.host
        self.running, self._progress = False, (0, 0)
        if message.error:
            if message.auto:
                self.auto = False
            host.say(f"Learning failed: {message.error}" + (" Automatic retraining is paused until “learn: train "
                     "suggestions from my decisions” succeeds." if message.auto else ""),
                     severity="error", timeout=10)  # fmt: skip
        else:
            self._trained_upto = message.upto
            if message.summary is None:
                if not message.auto:
                    host.say("Nothing to learn from yet: accept suggestions or tag spans first.", severity="warning")
            else:
                self.auto = True
                first, per_label = learnt_notice(message.summary)
                host.say(first, timeout=4 if message.auto else 10)
                if not message.auto:
                    host.say(per_label, timeout=12)
        host.update_status()
        again, self._again = self._again, None
        if again:
            self.learn()
        else:
            self._schedule()

    # -- retraining as the annotator works -------------------------------------------------------------
    def _baseline(self) -> int:
        if self._trained_upto is None:
            self._trained_upto = self.host.store.last_learn_seq(self.host.annotator)
        return self._trained_upto

    def spans_changed(self) -> None:
        """The store changed: precision figures are re-read, and enough new decisions schedule a retraining."""
        self._precision = None
        self._schedule()

    def _schedule(self) -> None:
        if not self.auto or self.running:
            return
        try:
            n, _ = self.host.store.span_changes_since(self.host.annotator, self._baseline())
        except StoreError:
            return  # reading failed: the next change tries again
        if not n:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.host.set_timer(self.DEBOUNCE if n >= self.RETRAIN_AFTER else self.IDLE, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self.learn(auto=True)

    # -- what is shown -----------------------------------------------------------------------------------
    def precision(self) -> dict[str, dict[str, int]]:
        """label -> {"accepted", "rejected", "pending"}: the annotator's decisions on suggestions (cached)."""
        if self._precision is None:
            from tui_reader.learn import suggestion_decisions

            try:
                self._precision = suggestion_decisions(self.host.store, self.host.annotator)
            except StoreError:
                return {}
        return self._precision

    def span_note(self, span: Span | None) -> str:
        """For the status line, on a suggestion: "by the model (0.83) · statistic: 41/44 accepted"."""
        if span is None or span.status != "suggested":
            return ""
        c = self.precision().get(span.label, {})
        decided = sum(c.get(k, 0) for k in ("accepted", "corrected", "relabelled", "rejected"))
        figure = f"{span.label}: {c['accepted']}/{decided} accepted" if decided else f"{span.label}: none decided yet"
        return one_line(" · ".join(p for p in (origin_phrase(span), figure) if p), 100)

    def status(self) -> Content:
        """" · learning 3/12 documents…" while a training runs."""
        if not self.running:
            return Content("")
        done, total = self._progress
        return Content.assemble(" · ", (f"learning {done}/{total} documents…" if total else "learning…", "italic"))

    def show_precision(self) -> None:
        """The "suggestions: how precise" dialog."""
        from tui_reader.learn import MODEL_NAME, format_suggestion_decisions

        host = self.host
        self._precision = None
        lines = format_suggestion_decisions(self.precision()) or ["No suggestion decided yet."]
        try:
            model = next((m for m in host.store.models() if m["annotator"] == host.annotator
                          and m["name"] == MODEL_NAME), None)  # fmt: skip
        except StoreError:
            model = None
        if model is None:
            about = "No model trained for you yet: suggestions come from the rules and your tags elsewhere."
        else:
            meta = model["meta"]
            spans = ", ".join(f"{lb} {st.get('spans', 0)}" for lb, st in sorted(meta.get("labels", {}).items()))
            about = (f"Your model was trained at {model['trained_at'][:19].replace('T', ' ')} from "
                     f"{meta.get('positive', 0)} spans accepted or tagged and {meta.get('negative', 0)} rejected "
                     f"(spans per label: {spans}).")  # fmt: skip
        if self.running:
            about += " Training now."
        elif self.auto:
            about += (f" It is {'re' if model else ''}trained in the background after {self.RETRAIN_AFTER} changes "
                      f"to your spans, or {self.IDLE:.0f} s after your last change.")  # fmt: skip
        else:
            about += " Automatic retraining is paused (a training failed)."
        host.push_screen(PrecisionScreen(one_line(host.annotator, 40), [one_line(line, 120) for line in lines],
                                         one_line(about, 400)))  # fmt: skip


class PrecisionScreen(ModalScreen[None]):
    """How precise the suggestions have been on this annotator's decisions, per label; escape, q or ? closes."""

    BINDINGS = bindings_for(Scope.HELP)  # type: ignore[assignment]  # from the action table

    def __init__(self, annotator: str, lines: list[str], about: str) -> None:
        super().__init__()
        self.annotator, self.lines, self.about = annotator, lines, about

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled(f"How precise suggestions have been for {self.annotator}", "bold"),
                         classes="heading")  # fmt: skip
            yield Static(Content("\n".join(self.lines)), id="precision", classes="heading")  # a blank row after
            yield Static(Content(self.about), id="model", classes="heading")
            yield Static(Content.styled("escape, q or ? closes this", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)

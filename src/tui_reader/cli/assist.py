"""The assist commands: `suggest` (rules, propagation, the learned model), `echoes`, `learn`."""

from __future__ import annotations

import json

import click

from tui_reader.cli.common import (
    db_option,
    default_annotator,
    existing_db,
    fail,
    friendly,
    open_store,
    score_option,
)
from tui_reader.models import LabelSet
from tui_reader.report import say, show_data
from tui_reader.sanitize import one_line


def _suggest_rules(labels_file: str | None) -> dict[str, str | None]:
    from tui_reader.suggest import DEFAULT_RULES, rules_for_labels, rules_from_toml

    if not labels_file:
        return dict(DEFAULT_RULES)
    return rules_for_labels(LabelSet.from_toml(labels_file), rules_from_toml(labels_file))


@click.command("suggest")
@db_option
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable; default all).")
@click.option("--labels", "labels_file", type=click.Path(dir_okay=False),
              help="TOML label set; its optional [suggest] table maps rules to labels.")  # fmt: skip
@click.option("--annotator", default=default_annotator,
              help="Whose decisions and trained model add to the rules (default: $USER).")  # fmt: skip
@friendly
def suggest_cmd(db_path: str, doc_ids: tuple[str, ...], labels_file: str | None, annotator: str) -> None:
    """Store suggestions (quotes, statistics, anonymous sources) as spans with status=suggested: the rules,
    text the annotator tagged elsewhere (propagation), and their model when `learn` trained one.

    A span already there with the same offsets and label, in any status, is never added again, and text the
    annotator rejected with a label is not suggested with it again: a rejected suggestion stays rejected.
    """
    from tui_reader.learn import store_learned_suggestions as store_suggestions
    from tui_reader.progress import Progress
    from tui_reader.sanitize import one_line

    rules = _suggest_rules(labels_file)
    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        total = len(doc_ids) or store.count_documents()
        with Progress("suggesting", total) as bar:
            totals = store_suggestions(store, doc_ids or None, rules=rules, annotator=annotator,
                                       on_document=lambda d, _n: bar.advance(1, d))  # fmt: skip
    n_docs = totals["documents"]
    say(f"{totals['added']} suggestions added in {n_docs} document{'s' if n_docs != 1 else ''}"
        f" ({totals['existing']} already there)")  # fmt: skip
    per_label = totals["per_label"]
    width = max((len(lb) for lb in per_label), default=0)
    for label in sorted(per_label):
        say(f"  {one_line(label):<{width}}  {per_label[label]:>5}")
    learned = {k: n for k, n in totals["per_origin"].items() if k != "rule"}
    if learned or totals["model"]:
        parts = [f"{n} {k}" for k, n in sorted(learned.items())] or ["none new"]
        say(f"  learned from {one_line(annotator)}: {', '.join(parts)}"
            f"{'' if totals['model'] else ' (no trained model: run tui-reader learn)'}")  # fmt: skip


@click.command("echoes")
@db_option
@click.option("--min-score", default=None, type=click.FloatRange(0, 100), callback=score_option,
              help="Lowest similarity (0-100) of a passage to count as an echo.  [default: 75]")  # fmt: skip
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Spans whose echoes to look for (repeatable; default accepted).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (a JSON list).")
@friendly
def echoes_cmd(db_path: str, min_score: float | None, statuses: tuple[str, ...], as_json: bool) -> None:
    """Passages in other documents that say what a span says (candidate cross-article links).

    Case, punctuation and quote style do not matter; numbers must agree. Link them in the app.
    """
    from dataclasses import asdict

    from tui_reader.align import DEFAULT_MIN_SCORE, all_echoes

    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        echoes = all_echoes(store, DEFAULT_MIN_SCORE if min_score is None else min_score,
                            statuses=statuses or ("accepted",))  # fmt: skip
    if as_json:
        show_data(json.dumps([asdict(e) for e in echoes], ensure_ascii=False, indent=2))
        return
    if not echoes:
        say("no echoes found")
        return
    for e in echoes:
        say(one_line(f"{e.score:5.1f}  {e.doc_id} {e.start}-{e.end} {e.label}: ") + _one_line(e.text))
        say(one_line(f"       -> {e.other_doc_id} {e.other_start}-{e.other_end}: ") + _one_line(e.other_text))
    spans = len({e.span_id for e in echoes})
    say(f"{len(echoes)} echo{'es' if len(echoes) != 1 else ''} of {spans} span{'s' if spans != 1 else ''}")


def _one_line(text: str, width: int = 90) -> str:
    from tui_reader.sanitize import visible

    flat = " ".join(visible(text).split())
    return json.dumps(flat[:width] + ("…" if len(flat) > width else ""), ensure_ascii=False)

@click.command("learn")
@db_option
@click.option("--annotator", default=default_annotator, help="Whose decisions to learn from (default: $USER).")
@click.option("--labels", "labels_file", type=click.Path(dir_okay=False),
              help="TOML label set; its optional [suggest] table maps rules to labels (the model sees their output).")
@friendly
def learn_cmd(db_path: str, annotator: str, labels_file: str | None) -> None:
    """Train the annotator's suggestion model (a CRF per label) from their accepted, rejected and manual spans
    and store it in the database; `suggest` then adds its suggestions (origin model:crf) to the rules'."""
    from tui_reader.learn import decisions, describe_feature, describe_state, learn
    from tui_reader.progress import Progress
    from tui_reader.sanitize import one_line

    rules = _suggest_rules(labels_file)
    existing_db(db_path)
    with open_store(db_path, create=False) as store:
        dec = decisions(store, annotator)
        if not dec.positive:
            fail(f"{one_line(annotator)} has accepted or tagged no spans yet: nothing to learn from "
                 "(accept suggestions or tag spans first, or pick another --annotator)")  # fmt: skip
        with Progress("learning", len(dec.documents)) as bar:
            report = learn(store, annotator, rules=rules, on_document=lambda d: bar.advance(1, d))
    who = one_line(annotator)
    say(f"learnt from {who}'s decisions in {report.documents} document"
        f"{'s' if report.documents != 1 else ''}: {report.positive} spans accepted or tagged, "
        f"{report.negative} rejected ({report.seconds:.1f} s)")  # fmt: skip
    for label, st in sorted(report.labels.items()):
        top = "; ".join(describe_feature(name) for name, _w in report.features.get(label, [])[:3])
        state = describe_state(label, st["spans"], report.checked.get(label))
        say(one_line(f"  {label}: {st['spans']} spans, {state}; strongest signs: {top or '-'}"))
    if report.bounds:
        say(one_line(f"  {report.bounds}"))
    if report.calibration:
        say(one_line(f"  {report.calibration}"))
    say(f"model stored in {one_line(db_path)} for {who}; `tui-reader suggest --annotator {who}` uses it")

"""The app's document list on a 10,000-document corpus against the same on 100 documents (the floor), one run.

    .venv/bin/python bench/bench_doc_list.py [--docs 10000]

Prints, for showing the list and for updating one row (what happens after every tag, `d` or undo), the median
time on the small corpus, on the big one, and their ratio (target: near 1x, the list costs what the screen shows,
not what the corpus holds). Each operation is timed as the call, the app's next refresh pass and drawing every visible row.
For comparison the same two operations are timed on Textual's OptionList with the same rows (what the list was
first written with): there the cost grows with the corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.store import DocSummary
from tui_reader.tui.widgets.document_list import DocumentList, summary_prompt


def summaries(n: int) -> list[DocSummary]:
    return [DocSummary(f"doc_{i:06d}", f"Title of article number {i} in the corpus", i % 7,
                       ("todo", "in-progress", "done")[i % 3]) for i in range(n)]  # fmt: skip


class Bench(App[None]):
    CSS = "Screen { layout: horizontal; } * { width: 1fr; }"

    def compose(self) -> ComposeResult:
        yield DocumentList(id="small")
        yield DocumentList(id="big")
        yield OptionList(id="small_ol")
        yield OptionList(id="big_ol")


def draw(widget) -> None:  # type: ignore[no-untyped-def]
    for y in range(widget.scrollable_content_region.height):
        widget.render_line(y)


async def timed(pilot, fn, widget, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The call, the app's next layout/refresh pass (where OptionList re-measures), and drawing the rows."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        await pilot.pause()
        draw(widget)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


async def main(n_big: int) -> None:
    small, big = summaries(100), summaries(n_big)
    app = Bench()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        rows: list[tuple[str, float, float]] = []
        dl_s, dl_b = app.query_one("#small", DocumentList), app.query_one("#big", DocumentList)
        rows.append(("DocumentList show", await timed(pilot, lambda: dl_s.show(small), dl_s, 5),
                     await timed(pilot, lambda: dl_b.show(big), dl_b, 5)))  # fmt: skip
        rows.append(("DocumentList update one row", await timed(pilot, lambda: dl_s.update_one(small[5]), dl_s, 20),
                     await timed(pilot, lambda: dl_b.update_one(big[5]), dl_b, 20)))  # fmt: skip
        ol_s, ol_b = app.query_one("#small_ol", OptionList), app.query_one("#big_ol", OptionList)

        def ol_show(ol: OptionList, docs: list[DocSummary]) -> None:
            ol.set_options(Option(summary_prompt(s), id=s.id) for s in docs)

        def ol_update(ol: OptionList, doc: DocSummary) -> None:
            ol.replace_option_prompt(doc.id, summary_prompt(doc))

        rows.append(("OptionList show (before)", await timed(pilot, lambda: ol_show(ol_s, small), ol_s, 3),
                     await timed(pilot, lambda: ol_show(ol_b, big), ol_b, 3)))  # fmt: skip
        rows.append(("OptionList update one row (before)", await timed(pilot, lambda: ol_update(ol_s, small[5]), ol_s, 3),
                     await timed(pilot, lambda: ol_update(ol_b, big[5]), ol_b, 3)))  # fmt: skip
    print(f"{'operation':38} {'100 docs (floor)':>17} {f'{n_big} docs':>12} {'ratio':>8}")
    for name, a, b in rows:
        print(f"{name:38} {a * 1000:14.2f} ms {b * 1000:9.2f} ms {b / a:7.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="smoke size for tests/run_all: 500 documents")
    args = parser.parse_args()
    asyncio.run(main(500 if args.quick else args.docs))

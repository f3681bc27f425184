"""Reading-pane costs on a 50 MB article against the same on a 10 KB one (the floor), measured in one run.

    .venv/bin/python bench/bench_view.py [--mb 50]

Prints, for each operation, the median time on the small text (the floor), on the big text, and their ratio;
both texts sit side by side in one app and every operation is timed alternately on each, so machine load hits
both alike
(target: within 1.5x, i.e. the pane costs what the screen shows, not what the document holds). Each key is
timed as the action plus rendering every visible row, without the pilot's fixed overhead. Memory is the
Python allocation made by loading and drawing the big text (tracemalloc), as a multiple of its size in UTF-8.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import tracemalloc

from textual.app import App, ComposeResult

from tui_reader.models import LabelSet, Span
from tui_reader.tui.document_view import DocumentView

WORDS = (
    "the minister said that “growth” would reach 3.4 percent next year according to officials who asked "
    "not to be named 🙂 and the ‘plan’ was criticised by economists"
).split()


def article(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, total = [], 0
    while total < chars:
        p = " ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 400))).capitalize() + "."
        parts.append(p)
        total += len(p) + 2
    return "\n\n".join(parts)[:chars]


def spans_for(text: str, n: int) -> list[Span]:
    rng = random.Random(3)
    out = []
    for _ in range(n):
        a = rng.randrange(0, max(1, len(text) - 50))
        out.append(Span("d", a, a + 20, rng.choice(["claim", "quote", "statistic"]), text[a : a + 20]))
    return out


class Bench(App[None]):
    CSS = "Screen { layout: horizontal; } DocumentView { width: 1fr; }"

    def compose(self) -> ComposeResult:
        yield DocumentView(labels=LabelSet.default(), id="small")
        yield DocumentView(labels=LabelSet.default(), id="big")


def draw(view: DocumentView) -> None:
    for y in range(view.scrollable_content_region.height):
        view.render_line(y)


def operations(view: DocumentView, spans: list[Span]) -> dict[str, tuple[object, object]]:
    """name -> (set-up, operation); set-up is not timed."""
    tagged = Span("d", 10, 20, "claim", view.text[10:20])
    return {
        "set_spans (full re-index)": (None, lambda: view.set_spans(spans)),
        "pagedown": (None, view.action_page_down),
        "G (end)": (view.action_top, view.action_bottom),
        "g (top)": (view.action_bottom, view.action_top),
        "j (down)": (None, view.action_down),
        "w (word)": (None, view.action_word_next),
        "] (next span)": (None, view.action_next_span),
        "search next": (None, view.search_next),
        "tag one span (add_span)": (lambda: view.remove_span(tagged), lambda: view.add_span(tagged)),
        "untag it (remove_span)": (lambda: view.add_span(tagged), lambda: view.remove_span(tagged)),
    }


async def measure(small: str, big: str, small_spans: list[Span], big_spans: list[Span], repeats: int):  # type: ignore[no-untyped-def]
    """Both texts in one app, side by side; every operation timed alternately on each, so load on the machine
    hits both alike."""
    app = Bench()
    res: dict[str, tuple[list[float], list[float]]] = {}
    async with app.run_test(size=(160, 40)) as pilot:
        views = [app.query_one("#small", DocumentView), app.query_one("#big", DocumentView)]
        await pilot.pause()
        res["load + first screen"] = ([], [])
        for k, (view, text) in enumerate(zip(views, (small, big), strict=True)):
            t = time.perf_counter()
            view.load("d", "t", text, [])
            draw(view)
            res["load + first screen"][k].append(time.perf_counter() - t)
        for view in views:
            view.search("officials")
        ops = [operations(v, sp) for v, sp in zip(views, (small_spans, big_spans), strict=True)]
        for name in ops[0]:
            res[name] = ([], [])
            for _ in range(repeats):
                for k in (0, 1):
                    setup, fn = ops[k][name]
                    if setup:
                        setup()  # type: ignore[operator]
                        draw(views[k])
                    t = time.perf_counter()
                    fn()  # type: ignore[operator]
                    draw(views[k])
                    res[name][k].append(time.perf_counter() - t)
    return {name: (statistics.median(a), statistics.median(b)) for name, (a, b) in res.items()}


async def open_time(make_app) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - t
    return elapsed


def opening(text: str, repeats: int = 3) -> None:
    """Time for an app to show its first screen: one Static (the floor) vs the pane on the big text."""
    from rich.text import Text
    from textual.widgets import Static

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(Text(text[:4000]))

    class Pane(App[None]):
        def compose(self) -> ComposeResult:
            yield DocumentView(labels=LabelSet.default())

        def on_mount(self) -> None:
            self.query_one(DocumentView).load("d", "t", text, [])

    floor = statistics.median(asyncio.run(open_time(Floor)) for _ in range(repeats))
    pane = statistics.median(asyncio.run(open_time(Pane)) for _ in range(repeats))
    print(f"{'open (app start to first screen)':32} {floor * 1000:11.2f} ms {pane * 1000:9.2f} ms "
          f"{pane / floor:6.2f}x   (floor: a Static with the first 4 KB)")


def memory(text: str) -> float:
    async def run() -> None:
        app = Bench()
        async with app.run_test(size=(120, 40)) as pilot:
            view = app.query_one("#big", DocumentView)
            await pilot.pause()
            tracemalloc.start()
            view.load("d", "t", text, [])
            draw(view)
            view.action_bottom()
            draw(view)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"memory: load + draw + G on {len(text.encode()) / 1e6:.1f} MB allocated {peak / 1e6:.1f} MB "
                  f"= {peak / len(text.encode()):.2f}x the text (the text itself not counted)")

    asyncio.run(run())
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--spans", type=int, default=100_000, help="spans on the big text (the small one has 20)")
    ap.add_argument("--repeats", type=int, default=21)
    ap.add_argument("--quick", action="store_true", help="smoke size for tests: 1 MB, 1,000 spans, 3 repeats")
    args = ap.parse_args()
    if args.quick:
        args.mb, args.spans, args.repeats = 1.0, 1_000, 3
    small = article(10_000)
    big = article(int(args.mb * 1_000_000))
    results = asyncio.run(measure(small, big, spans_for(small, 20), spans_for(big, args.spans), args.repeats))
    print(f"{'operation (median)':32} {'10 KB (floor)':>14} {f'{args.mb:g} MB':>12} {'ratio':>7}")
    for name, (a, b) in results.items():
        print(f"{name:32} {a * 1000:11.2f} ms {b * 1000:9.2f} ms {b / a:6.2f}x")
    opening(big)
    memory(big)


if __name__ == "__main__":
    main()

"""A big document behaves in the reader exactly like a small one: same keys, same cursor, same selection,
same stored spans, offsets shifted by exactly the text in front.

The big document is a few MB of generated prose (curly quotes, emoji, CJK) ending with the small document's
text; the same key sequence is pressed in the app on both, and everything a user sees or stores is compared.
(The 50 MB figures are in bench/; this stays a few seconds.) A document over 1 MiB opens on its first lines and
the whole text follows: the first test presses its keys right away, so they must act on the whole text.
"""

from __future__ import annotations

import random
from pathlib import Path

from apphelp import SIZE, make_app, said, stored
from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore
from tui_reader.tui.document_view import DocumentView

SMALL = (
    "Budget talks\n\n"
    "“Prices rose 4.2 per cent,” said Zoë 🙂 — the 🇫🇷 minister’s office confirmed. Officials who asked not "
    "to be named disagreed. 漢字 and a family 👨\u200d👩\u200d👧 stay whole.\n\n"
    "The very last words here."
)
WORDS = ("the", "minister", "“growth”", "officials", "3.4%", "said", "漢字", "🙂", "named", "‘plan’", "—")


def big_prefix(chars: int) -> str:
    rng = random.Random(5)
    paras, size = [], 0
    while size < chars:
        p = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 400))).capitalize() + "."
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras) + "\n\n"


def make_db(tmp_path: Path, name: str, text: str) -> tuple[Path, str]:
    src = tmp_path / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    db = tmp_path / f"{name}.db"
    with AnnotationStore(db) as store:
        report = import_paths(store, [src])
        assert not report.problems
        return db, report.doc_ids[0]


async def search(pilot, pattern: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash", *pattern, "enter")
    await pilot.pause()


async def session(db: Path, doc_id: str) -> list[object]:
    """Press the same keys a person would; record what the pane shows (cursor, selection, screen rows)."""
    seen: list[object] = []
    app = make_app(db, [doc_id])
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        height = view.scrollable_content_region.height

        def rows() -> list[str]:
            return [view.render_line(y).text.rstrip() for y in range(height)]

        await pilot.press("G")
        await pilot.pause()
        seen += [("G", view.cursor), ("end on screen", "The very last words here." in [r.strip() for r in rows()])]
        await pilot.press("v", "b", "b", "b")
        seen.append(("selection", view.selection))
        await pilot.press("1")  # tag: claim
        await pilot.pause()

        await search(pilot, "zoë")  # wraps from the end to the first match: only in the small text's part
        seen.append(("search", view.cursor))
        await pilot.press("s")  # the sentence under the cursor
        seen.append(("sentence", view.selection))
        await pilot.press("2")  # quote
        await pilot.pause()

        await search(pilot, "family")
        await pilot.press("w", "v", "shift+right", "shift+right")  # across the ZWJ family: one cluster
        seen.append(("cluster", view.selection))
        await pilot.press("3")
        await pilot.pause()

        await pilot.press("[", "[")
        seen.append(("previous span", view.cursor))
        await pilot.press("]")
        seen.append(("next span", view.cursor))
        seen.append(("rows with the cursor", [r for r in rows() if "Zoë" in r or "family" in r]))
    return seen


def shifted(seen: list[object], by: int) -> list[object]:
    """The record with every offset moved back by `by` (what the small document would show)."""
    out: list[object] = []
    for name, value in seen:  # type: ignore[misc]
        if isinstance(value, int) and not isinstance(value, bool):
            value -= by
        elif isinstance(value, tuple):
            value = (value[0] - by, value[1] - by)
        out.append((name, value))
    return out


async def test_keys_at_the_end_of_a_big_document_give_the_small_documents_offsets(tmp_path: Path) -> None:
    prefix = big_prefix(3_000_000)
    big_text = prefix + SMALL
    assert len(big_text.encode("utf-8")) > 3_000_000
    small_db, small_id = make_db(tmp_path, "small", SMALL)
    big_db, big_id = make_db(tmp_path, "big", big_text)

    small_seen = await session(small_db, small_id)
    big_seen = await session(big_db, big_id)

    assert dict(small_seen)["end on screen"] is True  # type: ignore[arg-type]
    assert shifted(big_seen, len(prefix)) == small_seen

    small_spans = [(s.start, s.end, s.label, s.text) for s in stored(small_db, small_id)]
    big_spans = [(s.start - len(prefix), s.end - len(prefix), s.label, s.text) for s in stored(big_db, big_id)]
    assert big_spans == small_spans
    assert [t for *_, t in small_spans] == [
        "“Prices rose 4.2 per cent,” said Zoë 🙂 — the 🇫🇷 minister’s office confirmed.",
        "👨\u200d👩\u200d👧",
        "last words here",
    ]  # fmt: skip
    for s in stored(big_db, big_id):
        assert big_text[s.start : s.end] == s.text


async def test_a_big_document_opens_on_its_first_lines_then_the_whole_text_keeps_the_place(tmp_path: Path) -> None:
    """Over 1 MiB, the pane first shows the beginning (read without the rest) and says it is loading; the whole
    text follows after that first frame, with the cursor, selection and scroll position kept."""
    text = big_prefix(2_500_000) + SMALL
    db, doc_id = make_db(tmp_path, "big", text)
    app = make_app(db, [doc_id])
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        await pilot.pause()
        assert view.text == text and "loading" not in str(view.border_title)
        app._load(view, doc_id)  # what opening it does, observed before the next frame
        assert 0 < len(view.text) < len(text) and text.startswith(view.text)
        assert "loading" in str(view.border_title)
        view.move_to(120)
        view.move_to(200, extend=True)
        top = view.render_line(0).text
        await pilot.pause()
        assert view.text == text and "loading" not in str(view.border_title)
        assert (view.cursor, view.selection, view.render_line(0).text) == (200, (120, 200), top)



async def test_a_search_typed_on_a_big_document_lands_where_the_submitted_query_is_from_the_cursor(
    tmp_path: Path,
) -> None:
    """On a big text the `/` query is searched for while it is typed (the hit is ready at enter); what enter
    does must not change: the query submitted (not one typed on the way, nor one cancelled) is found from the
    cursor where it is now, wrapping around as before."""
    text = "Opening words by Zoë.\n\n" + big_prefix(1_500_000) + SMALL
    zoe = [text.index("Zoë"), text.rindex("Zoë")]
    family = text.index("family")
    db, doc_id = make_db(tmp_path, "big", text)
    app = make_app(db, [doc_id])
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#left", DocumentView)
        await pilot.pause()
        assert len(view.text) == len(text)
        # typed "zoë", then edited to "family" before enter: the cursor goes to "family"
        await pilot.press("slash", *"zoë", "backspace", "backspace", "backspace", *"family", "enter")
        await pilot.pause()
        assert view.cursor == family
        # "/zoë" from there wraps around to the first Zoë
        await pilot.press("slash", "ctrl+u", *"zoë", "enter")
        await pilot.pause()
        assert view.cursor == zoe[0]
        assert any("continued at the TOP" in note for note in said(app))
        # typed from the top and cancelled; then, from just after the first Zoë, the prompt (holding "zoë"
        # already) submitted as it is: the search starts where the cursor is now, so it finds the second Zoë
        view.move_to(0)
        await pilot.press("slash", "ctrl+u", *"zoë", "escape")
        await pilot.pause()
        view.move_to(zoe[0] + 1)
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert view.cursor == zoe[1]

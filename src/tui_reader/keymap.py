"""The keymap (DESIGN §4) as ONE table: the help screen shows it and README embeds `keymap_markdown()`.

Plain data (no Textual): the app's bindings are checked against it in the tests, so the table cannot drift
from what the keys do.
"""

from __future__ import annotations

KEYMAP: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "focus the other pane / the lists"),
    ("arrows, h j k l", "move the cursor; w / b next / previous word; ( ) sentence; { } paragraph; "
                        "g / G top / bottom; pgup / pgdn"),
    ("v", "start / end a selection at the cursor (visual mode); shift+arrows also extend; mouse drag selects"),
    ("s", "select the sentence under the cursor"),
    ("1..9", "tag the selection with label N (1 claim, 2 quote, 3 statistic, 4 anonymous source)"),
    ("] / [", "next / previous span (suggestions too)"),
    ("x or delete", "delete the span under the cursor"),
    ("e", "edit the note of the span under the cursor"),
    ("a / r", "accept / reject the suggestion under the cursor"),
    ("A / R", "accept / reject every suggestion in the focused pane (asks first)"),
    ("L", "link the span under the cursor with its echo in the other pane (echoes are marked there)"),
    ("u / ctrl+r", "undo / redo"),
    ("y", "copy the selection, or the span under the cursor, to the clipboard"),
    ("/ , n , N", "search, next match, previous match"),
    ("o", "open another document in this pane"),
    ("d", "mark the document done (again: back to in progress)"),
    ("T", "show / hide the other annotators' spans beside yours (read-only; the status line names whose)"),
    ("J", "adjudicate the focused document: its disagreements one by one into the gold layer "
          "(a / b keep side A / B, + both, - neither, n / p next / previous, u undo, esc back)"),
    ("ctrl+p", "command palette (every action is there too; \"suggest: this document\" / \"suggest: all "
               "documents\" store rule suggestions)"),
    ("?", "help with this table"),
    ("q", "quit (nothing is ever unsaved)"),
)  # fmt: skip


def keymap_markdown() -> str:
    """The table as Markdown, for README."""
    rows = ["| key | action |", "|---|---|"]
    rows += [f"| {key} | {action} |" for key, action in KEYMAP]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # `python -m tui_reader.keymap` prints the table README embeds
    print(keymap_markdown(), end="")

"""The keymap (DESIGN §4) as the help screen and README show it: the help rows of the action table.

Plain data (no Textual): every row comes from `tui_reader.actions.ACTIONS`, the same table the app's key
bindings and its command palette are built from, so the table cannot drift from what the keys do.
"""

from __future__ import annotations

from tui_reader.actions import help_rows

KEYMAP: tuple[tuple[str, str], ...] = help_rows()


def keymap_markdown(rows: tuple[tuple[str, str], ...] | None = None) -> str:
    """The table as Markdown, for README."""
    lines = ["| key | action |", "|---|---|"]
    lines += [f"| {key} | {action} |" for key, action in (help_rows() if rows is None else rows)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # `python -m tui_reader.keymap` prints the table README embeds
    print(keymap_markdown(), end="")

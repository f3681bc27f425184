"""README is what a new user reads first: its keymap must be the one the app has, and its set-up commands real."""

from __future__ import annotations

import re
from pathlib import Path

from tui_reader.keymap import keymap_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_readme_keymap_is_the_apps_keymap() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- keymap:start[^>]*-->\n(.*?)<!-- keymap:end -->", readme, re.S)
    assert block, "README lost its keymap block"
    assert block.group(1) == keymap_markdown(), "README keymap differs: paste `python -m tui_reader.keymap` into it"


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_code = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_code and first_code.group(1).splitlines()[0].startswith("make run")
    assert first_code.group(1).splitlines()[1].startswith("make test")
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)

"""Titles on import, before (the first non-blank line) and after (`corpus.headline`), side by side.

    python bench/titles.py [FOLDER ...]      (default: seeds/ and /work/shared/news-dev/texts)

Prints one row per text: the file, the old title, the new one, and how many titles are site chrome (one or two
words, or a known menu phrase) under each rule. The texts are read as `import` reads them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_reader.corpus import _CHROME, decode, headline


def old_title(text: str, fallback: str) -> str:
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            return line.strip()[:120]
    return fallback


def chrome(title: str) -> bool:
    return len(title.split()) < 3 or bool(_CHROME.match(title))


def main(folders: list[str]) -> None:
    rows = []
    for folder in folders:
        for f in sorted(Path(folder).glob("*.txt")):
            text = decode(f.read_bytes())
            rows.append((f.name[:24], old_title(text, f.stem), headline(text, f.stem)))
    for name, before, after in rows:
        print(f"{name:<24}  before: {before[:60]!r}\n{'':<24}  after:  {after[:60]!r}")
    print(f"chrome titles: before {sum(chrome(b) for _, b, _ in rows)}/{len(rows)}, "
          f"after {sum(chrome(a) for _, _, a in rows)}/{len(rows)}")  # fmt: skip


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(sys.argv[1:] or [str(root / "seeds"), "/work/shared/news-dev/texts"])

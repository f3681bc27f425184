"""Reading JSON lines: a line nested more than MAX_DEPTH levels is one problem, whatever its strings hold.

The depth is measured on the line's bytes (formats/common.py `_too_deep`: brackets inside strings, escaped
quotes and backslashes must not fool it) and, when in doubt, by walking the parsed objects. Mutation checks done
by hand: dropping the escaped-quote check makes the random lines below disagree with the walk; dropping the
"a quote is left" check also reports the lines of brackets in strings as too deep.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tui_reader.corpus import Problem
from tui_reader.formats import common
from tui_reader.formats.common import MAX_DEPTH, iter_json_lines

PIECES = ["[", "]", "{", "}", '"', "\\", "a", "n", "é", "\u2028", '\\"', "\\\\", "\\n", " ", "\n", "🙂"]


def nested(depth: int) -> object:
    return json.loads("[" * depth + "]" * depth)


def read(tmp_path: Path, *objs: object, ensure_ascii: bool = False) -> list[object]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(o, ensure_ascii=ensure_ascii) + "\n" for o in objs), encoding="utf-8")
    return [item if isinstance(item, Problem) else item[1] for item in iter_json_lines(path)]


def test_a_line_one_level_too_deep_is_reported_and_the_one_at_the_limit_is_read(tmp_path: Path) -> None:
    ok, deep = {"id": "x", "meta": nested(MAX_DEPTH - 1)}, {"id": "y", "meta": nested(MAX_DEPTH)}
    got = read(tmp_path, ok, deep, ok)
    assert got[0] == ok and got[2] == ok
    assert isinstance(got[1], Problem) and f"nested more than {MAX_DEPTH} levels" in got[1].reason


@pytest.mark.parametrize("text", ["[" * 200, "]" * 70 + "[" * 70, '\\"[[[' * 40, "{" * 100 + '"' + "}" * 3])
def test_brackets_inside_strings_are_text_not_depth(tmp_path: Path, text: str) -> None:
    obj = {"id": "x", "text": text, "spans": [{"note": text, "attrs": {"k": [text]}}] * 50}
    assert read(tmp_path, obj) == [obj]
    assert read(tmp_path, obj, ensure_ascii=True) == [obj]


def test_the_measure_on_bytes_agrees_with_walking_the_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(14)

    def value(depth: int) -> object:
        if depth <= 0 or rng.random() < 0.25:
            return rng.choice(["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 5))), 1, None, True])
        if rng.random() < 0.5:
            return [value(depth - 1) for _ in range(rng.randint(0, 3))]
        return {"".join(rng.choice(PIECES) for _ in range(2)) + str(i): value(depth - 1) for i in range(rng.randint(0, 3))}

    checked = deep = 0
    for limit in (2, 3, 5):
        monkeypatch.setattr(common, "MAX_DEPTH", limit)
        for _ in range(1500):
            obj = value(rng.randint(1, 9))
            if not isinstance(obj, dict | list):
                continue
            want = common._too_deep_walk(obj)
            for ascii_only in (True, False):
                raw = json.dumps(obj, ensure_ascii=ascii_only).encode() + b"\n"
                assert common._too_deep(raw, obj) == want, raw
                checked += 1
                deep += want
    assert checked > 5000 and 0.2 < deep / checked < 0.8  # both answers were tested, many times

"""The rule table and the public API: which rule suggests which label, `suggest_text`."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tui_reader.models import LabelError, LabelSet
from tui_reader.suggest.anonymous import rule_anonymous_source
from tui_reader.suggest.base_model import base_additions, load_base_model
from tui_reader.suggest.quotes import rule_quote
from tui_reader.suggest.statistics import rule_statistic
from tui_reader.suggest.text import DEFAULT_RULES, RULE_NAMES, Suggestion

# --- the rule table and the public API -----------------------------------------------------------------------

RULES: dict[str, Callable[[str], list[tuple[int, int, dict[str, Any]]]]] = {
    "quote": rule_quote,
    "statistic": rule_statistic,
    "anonymous_source": rule_anonymous_source,
}


def suggest_text(
    text: str, rules: Mapping[str, str | None] = DEFAULT_RULES, *, model: bool = True, threshold: float | None = None
) -> list[Suggestion]:
    """Suggestions for `text`, sorted by (start, end, label). No store; the only I/O is the shipped model read once
    per process (cached). With `model` (default), the
    shipped anonymous-source model (`suggest.base_model`) adds, for the anonymous_source rule's label, the
    candidates the rule missed that it scores high enough (rule "anonymous_model"): at least its shipped threshold,
    or `threshold` (an annotator's, `learn.calibrate`)."""
    unknown = set(rules) - set(RULES)
    if unknown:
        raise ValueError(f"unknown suggestion rule {sorted(unknown)[0]!r} (known: {', '.join(RULE_NAMES)})")
    found: list[Suggestion] = []
    for name, label in rules.items():
        if not label:
            continue
        for s, e, attrs in RULES[name](text):
            if 0 <= s < e <= len(text) and text[s:e].strip():
                found.append(Suggestion(s, e, label, name, attrs))
    anon = rules.get("anonymous_source")
    if model and anon:
        shipped = load_base_model() if threshold is not None else None
        found += base_additions(text, [(g.start, g.end) for g in found if g.label == anon], anon,
                                dict(shipped, threshold=threshold) if shipped else None)  # fmt: skip
    unique = {(g.start, g.end, g.label): g for g in found}
    return sorted(unique.values(), key=lambda g: (g.start, g.end, g.label))


def rules_for_labels(labels: LabelSet, overrides: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """The rules that fit a label set: `overrides` (rule -> label or None) first, else the default label name
    of each rule if the set has it. A rule whose label is not in the set is turned off."""
    rules: dict[str, str | None] = {}
    for name in RULE_NAMES:
        label = overrides[name] if overrides and name in overrides else DEFAULT_RULES[name]
        rules[name] = label if label and labels.by_name(label) else None
    return rules


def rules_from_toml(path: str | Path) -> dict[str, str | None] | None:
    """The optional `[suggest]` table of a label file: `quote = "Zitat"`, `statistic = false` (off).
    Returns None when the file has no such table."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelError(f"{p}: label file not found") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LabelError(f"{p}: not a valid TOML label file ({e})") from None
    table = data.get("suggest")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise LabelError(f"{p}: [suggest] must be a table of rule = \"label\"")
    rules: dict[str, str | None] = {}
    for name, value in table.items():
        if name not in RULES:
            raise LabelError(f"{p}: [suggest] names unknown rule {name!r} (known: {', '.join(RULE_NAMES)})")
        if value is False or value == "":
            rules[name] = None
        elif isinstance(value, str):
            rules[name] = value
        else:
            raise LabelError(f"{p}: [suggest] {name} must be a label name or false")
    return rules



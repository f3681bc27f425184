"""Other annotators' spans beside one's own in a reading pane (`O`): read-only marks layers, and whose is where.

The pane shows the app's annotator's own spans as label-coloured backgrounds. Another annotator's accepted span
is drawn as a *marks layer* (`DocumentView.set_marks`), one layer per label:

- outside one's own spans: a faint tint of the label colour (the label colour blended into the pane's
  background, so text keeps the theme's colours and stays readable in dark and light themes), italic and
  underlined: unlike an own span (full colour) and a suggestion (coloured text, no background);
- over one's own span: italic and underlined only, so one's own colour and its contrasting text stay as they are
  (agreement on the same words is visible as underlined own colour).

The status line names whose span is under the cursor ("bob: quote"). Nothing here writes: the layer is
read-only, and the app refuses editing keys on another annotator's span (`others_here`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from rich.color import Color as RichColor
from textual.color import Color

from tui_reader.intervals import IntervalIndex
from tui_reader.models import LabelSet, Span
from tui_reader.review import innermost_first

if TYPE_CHECKING:
    from tui_reader.tui.document_view import DocumentView

LAYER = "others"
TINT = 0.35  # share of the label colour in the tint
OVER_OWN_STYLE = "italic underline"


def union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged ranges."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(r for r in ranges if r[1] > r[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def split(rng: tuple[int, int], cover: Sequence[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(parts of `rng` outside `cover`, parts inside it); `cover` sorted and merged (see `union`)."""
    a, b = rng
    outside: list[tuple[int, int]] = []
    inside: list[tuple[int, int]] = []
    pos = a
    for x, z in cover:
        if z <= pos:
            continue
        if x >= b:
            break
        if x > pos:
            outside.append((pos, x))
        inside.append((max(pos, x), min(b, z)))
        pos = min(b, z)
        if pos >= b:
            break
    if pos < b:
        outside.append((pos, b))
    return outside, inside


def tint(colour: str, background: Color, amount: float = TINT) -> str:
    """`colour` blended into `background`: a faint wash of the label colour."""
    return background.blend(Color.parse(colour), amount).hex


def others_layers(others: Sequence[Span], own: Sequence[Span], labels: LabelSet,
                  background: Color) -> dict[str, tuple[list[tuple[int, int]], str]]:  # fmt: skip
    """Layer name -> (ranges, rich style) for the other annotators' spans `others` on a pane showing `own`."""
    cover = union((s.start, s.end) for s in own if s.status != "suggested")
    by_label: dict[str, list[tuple[int, int]]] = {}
    over_own: list[tuple[int, int]] = []
    for s in others:
        outside, inside = split((s.start, s.end), cover)
        by_label.setdefault(s.label, []).extend(outside)
        over_own.extend(inside)
    layers = {f"{LAYER}:{label}": (union(rs), f"italic underline on {tint(labels.colour(label), background)}")
              for label, rs in sorted(by_label.items()) if rs}  # fmt: skip
    if over_own:
        layers[f"{LAYER}:over-own"] = (union(over_own), OVER_OWN_STYLE)
    return layers


def others_at(others: Sequence[Span], offset: int) -> list[Span]:
    """The other annotators' spans covering `offset`, innermost first."""
    here = sorted((s for s in others if s.start <= offset < s.end), key=attrgetter("annotator"))
    return innermost_first(here)  # stable: annotators with the very same span stay in name order


def pane_background(rich_bg: RichColor | None) -> Color:
    """The pane's background as a Textual Color (black when the theme gives none)."""
    if rich_bg is None or rich_bg.triplet is None:
        return Color(0, 0, 0)
    r, g, b = rich_bg.triplet
    return Color(r, g, b)


class OthersLayer:
    """Per app: whether the others are shown, and what each pane has in its layers (to clear and to look up)."""

    def __init__(self, labels: LabelSet) -> None:
        self.labels = labels
        self.shown = False
        self._spans: dict[str, IntervalIndex[Span]] = {}  # pane id -> the other annotators' spans it shows
        self._names: dict[str, set[str]] = {}  # pane id -> its layer names

    def paint(self, view: DocumentView, others: Sequence[Span]) -> None:
        """Show `others` on `view`; an empty list clears the layers."""
        key = str(view.id)
        layers = {}
        if others:
            layers = others_layers(others, view.spans, self.labels, pane_background(view.rich_style.bgcolor))
        for name in self._names.get(key, set()) - set(layers):
            view.set_marks(name, [], "")
        for name, (ranges, style) in layers.items():
            view.set_marks(name, ranges, style)
        self._names[key] = set(layers)
        self._spans[key] = IntervalIndex(others, key=lambda s: (s.start, s.end))  # the status line asks per move

    def at(self, view: DocumentView, offset: int) -> list[Span]:
        index = self._spans.get(str(view.id))
        return others_at(index.containing(offset), offset) if index is not None else []

    def spans(self, view: DocumentView) -> list[Span]:
        index = self._spans.get(str(view.id))
        return index.sorted_items() if index is not None else []

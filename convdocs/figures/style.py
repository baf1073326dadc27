"""The figures' style: colours, sizes, the drawing primitives and the one legend every figure draws from.

Pure Python. Colours follow conv_arithmetic: input blue, output cyan, padding a dashed unfilled grid; the
cells one output reads are shaded grey. :func:`draw_cell` draws one cell of each kind: the figures, the
legend (:func:`legend`) and the style sheet the explorer reads (:func:`style`) all come from it. Numbers are
drawn last, above every shading, in a colour chosen so that each one keeps a WCAG contrast of at least 4.5:1
against its cell in the light and the dark scheme (tests/test_contrast.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from convdocs.core.errors import ConvError
from convdocs.core.words import WORDS, say

CELL = 30


GAP = 3 * CELL  # between the input and output panels


MARGIN = 6


LABEL = 22  # height of the caption row under each panel


TEXT = 14.0  # labels under the panels


NUMBER = 13.0  # values inside cells


INPUT = "#268bd2"  # conv_arithmetic's input blue (38, 139, 210)


OUTPUT = "#2aa198"  # conv_arithmetic's output cyan (42, 161, 152)


READ = "#808080"  # the cells one output reads: mid grey over anything, so it shows in both schemes


READ_OPACITY = 0.5


DROPPED = "#dc322f"  # red slash: a cell no output reads


EXTRA = "#d33682"  # magenta outline: output_padding's extra row/column


# What captions and the legend call each colour: they name colours from here, so a caption cannot call a
# colour something else than the one drawn (tests/test_captions.py holds the legend's words to it too).
COLOUR_NAMES = {INPUT: "blue", OUTPUT: "cyan", READ: "grey", DROPPED: "red", EXTRA: "magenta"}
INK = "currentColor"  # follows the page's text colour, light or dark scheme


ON_FILL = "#000000"  # numbers on a filled cell: 5.7:1 on the blue, 6.6:1 on the cyan, > 5:1 under the grey


DASH = "3 2"  # padding and inserted zeros


DOTTED = "1 3"  # cells the transposed layer's padding crops, faintly filled


CROPPED_OPACITY = 0.12


TIGHT = "×"  # shapes in figures: 7×7, no spaces


KERNEL = INK  # outlines of a window (and the shading earlier versions drew); figures here shade with READ


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str = "none"
    stroke: str = INK
    dash: str = ""  # stroke-dasharray; "" for a solid line
    opacity: float = 1.0
    width: float = 1.0
    dashed: bool = False  # shorthand for dash=DASH

    @property
    def dasharray(self) -> str:
        return self.dash or (DASH if self.dashed else "")


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = INK
    width: float = 1.0


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    size: float = TEXT
    fill: str = INK
    anchor: str = "middle"


Item = Box | Line | Label  # what a scene draws


@dataclass
class Moving:
    """Items that step through ``offsets`` (one (dx, dy) per frame), one frame per output cell."""

    items: list[Item]
    offsets: list[tuple[float, float]]


@dataclass
class Scene:
    width: float
    height: float
    alt: str
    items: list[Item] = field(default_factory=list)
    moving: list[Moving] = field(default_factory=list)
    top: list[Label] = field(default_factory=list)  # drawn above the moving items: the numbers
    keys: list[tuple[str, str]] = field(default_factory=list)  # (legend key, what it shows here), in order


# One legend for every figure: key -> (what the swatch shows, in words), in the catalogue of words
# (words/legend.json, in its order). The home page, captions, alt texts and the explorer take their words
# from here; :func:`draw_cell` draws the swatch.
LEGEND = {key.removeprefix("legend."): text for key, text in WORDS.items() if key.startswith("legend.")}


def draw_cell(kind: str, x: float, y: float, size: float = CELL) -> list[Item]:
    """One cell of ``kind`` (a :data:`LEGEND` key) at (x, y): what the figures and the legend both draw."""
    if kind == "input":
        return [Box(x, y, size, size, fill=INPUT, width=0.6)]
    if kind in ("padding", "zeros"):
        return [Box(x, y, size, size, dash=DASH, width=0.6)]
    if kind == "cropped":
        return [Box(x, y, size, size, fill=INK, dash=DOTTED, opacity=CROPPED_OPACITY, width=0.6)]
    if kind == "output":
        return [Box(x, y, size, size, fill=OUTPUT, width=0.6)]
    if kind == "read":
        return [Box(x, y, size, size, fill=READ, stroke="none", opacity=READ_OPACITY)]
    if kind == "extra":
        return [Box(x + 1.5, y + 1.5, size - 3, size - 3, stroke=EXTRA, width=2)]
    if kind == "unread":
        return [Line(x + 3, y + size - 3, x + size - 3, y + 3, stroke=DROPPED, width=1.5)]
    raise ConvError(say("figure.style.no_cell_of_kind_use_one", kind=repr(kind), kinds=", ".join(LEGEND)))


def number(text: str, x: float, y: float, filled: bool, size: float = CELL) -> Label:
    """A value centred in the cell at (x, y): black on a filled cell, the page's text colour on an empty one."""
    return Label(x + size / 2, y + size / 2 + NUMBER * 0.35, text, size=NUMBER, fill=ON_FILL if filled else INK)


def swatch(key: str) -> Scene:
    s = 18.0
    items = draw_cell("input" if key in ("read", "unread", "extra", "values") else key, 1, 1, s)
    if key == "output":
        items += draw_cell("read", 1, 1, s)
    elif key in ("read", "unread", "extra"):
        items += draw_cell(key, 1, 1, s)
    top = [Label(1 + s / 2, 1 + s / 2 + 4, "5", size=11, fill=ON_FILL)] if key == "values" else []
    return Scene(s + 2, s + 2, "", items, top=top)


def legend(keys=None) -> list[tuple[str, Scene, str]]:
    """(key, swatch, words) for each legend entry, or for ``keys`` only (those a figure drew)."""
    return [(key, swatch(key), LEGEND[key]) for key in (keys or LEGEND)]


def style() -> dict:
    """The figure style as data, for the explorer and other drawings."""
    return {
        "cell": CELL,
        "input": INPUT,
        "output": OUTPUT,
        "read": READ,
        "readOpacity": READ_OPACITY,
        "dropped": DROPPED,
        "extra": EXTRA,
        "ink": INK,
        "onFill": ON_FILL,
        "dash": DASH,
        "dotted": DOTTED,
        "croppedOpacity": CROPPED_OPACITY,
        "legend": dict(LEGEND),
    }


def text_width(text: str, size: float = TEXT) -> float:
    """A generous estimate of a sans-serif label's width, so that no label is clipped."""
    return len(text) * size * 0.6

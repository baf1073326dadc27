"""Where every cell of a figure goes: geometry turned into boxes, lines and labels.

Pure Python, no matplotlib: :mod:`convdocs.svg` and :mod:`convdocs.raster` turn a
:class:`Scene` into SVG or PNG. Colours follow conv_arithmetic: input blue, output
cyan, padding a dashed unfilled grid, the kernel footprint dark grey at 40 % opacity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from convdocs.geometry import Conv, ConvError, dims

CELL = 22
GAP = 3 * CELL  # between the input and output panels
MARGIN = 6
LABEL = 18  # height of the caption row under each panel

INPUT = "#268bd2"  # conv_arithmetic's input blue (38, 139, 210)
OUTPUT = "#2aa198"  # conv_arithmetic's output cyan (42, 161, 152)
DROPPED = "#dc322f"
INK = "currentColor"  # follows the page's text colour, light or dark scheme
TIGHT = "×"  # shapes in figures: 7×7, no spaces
KERNEL = INK  # dark grey at 40 % on a light page (conv_arithmetic), light grey on a dark one


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str = "none"
    stroke: str = INK
    dashed: bool = False
    opacity: float = 1.0
    width: float = 1.0


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
    size: float = 12.0
    fill: str = INK
    anchor: str = "middle"


@dataclass
class Moving:
    """Items that step through ``offsets`` (one (dx, dy) per frame), one frame per output cell."""

    items: list
    offsets: list[tuple[float, float]]


@dataclass
class Scene:
    width: float
    height: float
    alt: str
    items: list = field(default_factory=list)
    moving: list[Moving] = field(default_factory=list)


def _as_2d(conv: Conv) -> Conv:
    if conv.ndim == 2:
        return conv
    if conv.ndim == 1:  # a 1-d convolution drawn as one row
        one = lambda t: (1,) + tuple(t)
        return Conv(one(conv.input), one(conv.kernel), one(conv.stride),
                    conv.padding if isinstance(conv.padding, str) else one(conv.padding),
                    one(conv.dilation), conv.padding_mode, conv.transposed, one(conv.output_padding),
                    ((0, 0),) + conv.pads, one(conv.output))
    raise ConvError(f"figures are drawn for 1-d and 2-d convolutions, not {conv.ndim}-d")


def _text_width(text: str, size: float = 12.0) -> float:
    """A generous estimate of a sans-serif label's width, so that no label is clipped."""
    return len(text) * size * 0.6


def describe(conv: Conv, cell: tuple[int, ...] | None = None) -> str:
    """A sentence for screen readers and alt text: the configuration the figure shows."""
    kind = "transposed convolution" if conv.transposed else "convolution"
    parts = [f"{dims(conv.input, TIGHT)} input"]
    if not conv.transposed and any(lo or hi for lo, hi in conv.pads):
        sides = ", ".join(f"{lo} before and {hi} after" for lo, hi in conv.pads)
        parts.append(f"padded with {conv.padding_mode} ({sides}, per dimension) to {dims(conv.padded, TIGHT)}")
    parts.append(f"{dims(conv.kernel, TIGHT)} kernel, stride {dims(conv.stride, TIGHT)}, dilation {dims(conv.dilation, TIGHT)}")
    text = f"A {kind}: " + "; ".join(parts) + f"; {dims(conv.output, TIGHT)} output."
    if cell is not None:
        text += f" Highlighted: the input cells that output cell {tuple(cell)} reads."
    dropped = [c for c in conv.unread()]
    if dropped:
        text += f" {len(dropped)} cells are read by no output (marked with a red slash)."
    return text


def _value_text(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


PANELS = ("both", "input", "output")

# The most cells one figure may hold: padded input cells + output cells (+ one animation frame per output
# cell). Drawing time and memory grow with this count; at the budget an SVG takes about 0.2 s and a PNG
# under 2 s (`make bench` measures both). `shape` has no limit: it never visits cells.
CELL_BUDGET = 10_000


def cell_count(conv: Conv, animate: bool = False) -> dict[str, int]:
    """What a figure of ``conv`` would hold, counted without visiting a cell (instant for any size)."""
    drawn_input = conv.input if conv.transposed else conv.padded  # a transposed figure shows the input unpadded
    count = {"padded input": _product(drawn_input), "output": _product(conv.output)}
    if animate:
        count["animation frames"] = count["output"]
    return count


def check_budget(conv: Conv, animate: bool = False) -> None:
    """Refuse, before drawing anything, a 3-d figure or one of more than :data:`CELL_BUDGET` cells."""
    _as_2d(conv)
    count = cell_count(conv, animate)
    total = sum(count.values())
    if total > CELL_BUDGET:
        parts = " + ".join(f"{what} {n:,}" for what, n in count.items())
        raise ConvError(f"the figure would hold {total:,} cells ({parts}), over the drawing budget of "
                        f"{CELL_BUDGET:,} cells: draw a smaller configuration (shape answers any size)")


def _product(values) -> int:
    total = 1
    for v in values:
        total *= v
    return total


def build(conv: Conv, cell: tuple[int, ...] | None = (0, 0), values=None, animate: bool = False,
          panels: str = "both") -> Scene:
    """The figure of a configuration: padded input with the receptive field of ``cell``, and the output map.

    ``panels`` draws both sides (the combined figure), or only the padded input with the cells ``cell``
    reads ("input"), or only the output map with ``cell`` marked ("output"). ``values`` (a nested list,
    one row per input row) prints each input value in its cell and in the padding cells that copy it,
    showing the padding mode. ``animate`` steps the kernel over every output cell.
    """
    if panels not in PANELS:
        raise ConvError(f"panels must be one of {', '.join(PANELS)}, not {panels!r}")
    check_budget(conv, animate)  # refuses 3-d and too many cells before any work
    flat = _as_2d(conv)
    show_in, show_out = panels in ("both", "input"), panels in ("both", "output")
    alt = describe(conv, cell) + {"both": "", "input": " Shown: the input side.", "output": " Shown: the output map."}[panels]
    if cell is not None and conv.ndim == 1:
        cell = (0,) + tuple(cell)
    (top, bottom), (left, right) = ((0, 0), (0, 0)) if flat.transposed else flat.pads
    rows, cols = (flat.input[0] + top + bottom, flat.input[1] + left + right) if show_in else (0, 0)
    out_rows, out_cols = flat.output
    padded = not flat.transposed and (top or bottom or left or right)
    in_label = f"input {dims(conv.input, TIGHT)}" + (f", padded to {dims(conv.padded, TIGHT)}" if padded else "")
    out_label = f"output {dims(conv.output, TIGHT)}"
    # Labels are centred under their grids; a label wider than its grid pushes the layout apart.
    overhang = lambda text, cells: max(0.0, (_text_width(text) - cells * CELL) / 2)  # noqa: E731
    in_over = overhang(in_label, cols) if show_in else 0.0
    out_over = overhang(out_label, out_cols) if show_out else 0.0
    items: list = []
    x_in = MARGIN + in_over
    y0 = MARGIN
    at = lambda r, c: (x_in + (c + left) * CELL, y0 + (r + top) * CELL)  # noqa: E731

    unread = set(flat.unread()) if show_in else set()
    for r in range(-top, flat.input[0] + bottom) if show_in else ():
        for c in range(-left, flat.input[1] + right):
            x, y = at(r, c)
            inside = 0 <= r < flat.input[0] and 0 <= c < flat.input[1]
            if inside:
                items.append(Box(x, y, CELL, CELL, fill=INPUT, stroke=INK, width=0.6))
            else:
                items.append(Box(x, y, CELL, CELL, dashed=True, width=0.6))
            if values is not None:
                src = flat.source((r, c))
                v = 0 if src is None else values[src[0]][src[1]]
                items.append(Label(x + CELL / 2, y + CELL / 2 + 4, _value_text(v), size=10,
                                   fill="#ffffff" if inside else INK))
            if (r, c) in unread:
                items.append(Line(x + 3, y + CELL - 3, x + CELL - 3, y + 3, stroke=DROPPED, width=1.5))

    x_out = x_in + cols * CELL + max(GAP, in_over + out_over + CELL) if show_in else MARGIN + out_over
    y_out = y0 + max(0, (rows - out_rows) * CELL / 2)
    for r in range(out_rows) if show_out else ():
        for c in range(out_cols):
            items.append(Box(x_out + c * CELL, y_out + r * CELL, CELL, CELL, fill=OUTPUT, width=0.6))

    height = y0 + max(rows, out_rows if show_out else 0) * CELL + LABEL + MARGIN
    if show_in:
        items.append(Label(x_in + cols * CELL / 2, height - MARGIN - 4, in_label))
    if show_out:
        items.append(Label(x_out + out_cols * CELL / 2, height - MARGIN - 4, out_label))
    width = (x_out + out_cols * CELL + out_over if show_out else x_in + cols * CELL + in_over) + MARGIN
    scene = Scene(width, height, alt, items)
    if cell is None:
        return scene

    taps = flat.reads(tuple(cell))
    window = []
    for r, c in taps if show_in else ():
        x, y = at(r, c)
        window.append(Box(x, y, CELL, CELL, fill=KERNEL, stroke="none", opacity=0.4))
    rs, cs = [r for r, _ in taps], [c for _, c in taps]
    if taps and show_in:
        (x1, y1), (x2, y2) = at(min(rs), min(cs)), at(max(rs) + 1, max(cs) + 1)
        window.append(Box(x1, y1, x2 - x1, y2 - y1, stroke=KERNEL, width=2))
    ox, oy = x_out + cell[1] * CELL, y_out + cell[0] * CELL
    target = [Box(ox, oy, CELL, CELL, fill=KERNEL, stroke=KERNEL, opacity=0.4, width=2)] if show_out else []
    if taps and show_in and show_out:
        target += [Line(x2, y1, ox, oy, stroke=KERNEL, width=0.8), Line(x2, y2, ox, oy + CELL, stroke=KERNEL, width=0.8)]
    if not animate or flat.transposed:
        scene.items += window + target
        return scene
    frames = [(r, c) for r in range(out_rows) for c in range(out_cols)]
    sr, sc = flat.stride
    for moving, step in ((window, (sc * CELL, sr * CELL)), (target[:1], (CELL, CELL))):
        if moving:
            scene.moving.append(Moving(moving, [(c * step[0], r * step[1]) for r, c in frames]))
    return scene

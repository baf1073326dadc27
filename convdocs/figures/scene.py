"""Where every cell of a figure goes: geometry turned into boxes, lines and labels.

Pure Python, no matplotlib: :mod:`convdocs.figures.svg` and :mod:`convdocs.figures.raster` turn a
:class:`Scene` into SVG or PNG. Colours follow conv_arithmetic: input blue, output
cyan, padding a dashed unfilled grid. The cells one output reads are shaded grey.

The style lives in the constants below and in :func:`draw_cell`, which draws one cell of each kind: the
figures, the legend (:func:`legend`) and the style sheet the explorer reads (:func:`style`) all come
from them. Numbers are drawn last, above every shading, in a colour chosen so that each one keeps a
WCAG contrast of at least 4.5:1 against its cell in the light and the dark scheme (tests/test_contrast.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from convdocs.core.conv_cells import Conv
from convdocs.core.errors import ConvError
from convdocs.core.ints import dims
from convdocs.core.transposed import stretch

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


# One legend for every figure: key -> (what the swatch shows, in words). The home page, captions, alt
# texts and the explorer take their words from here; :func:`draw_cell` draws the swatch.
LEGEND = {
    "input": "blue cells are the input",
    "padding": "dashed cells are padding",
    "zeros": "dashed cells are the zeros a transposed convolution works on: s − 1 inserted between "
    "input cells and d·(k − 1) − p of implicit padding around them",
    "cropped": "faint dotted cells are cut off by a transposed convolution's padding",
    "extra": "a magenta outline marks the extra row or column of output_padding",
    "read": "grey cells are those one output cell reads (with dilation, the gaps between them stay unshaded)",
    "output": "cyan cells are the output map, and the grey one is the cell being computed",
    "unread": "a red slash marks a cell that no output cell reads",
    "values": "numbers are the values in the cells",
}


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
    raise ConvError(f"no cell of kind {kind!r}: use one of {', '.join(LEGEND)}")


def number(text: str, x: float, y: float, filled: bool, size: float = CELL) -> Label:
    """A value centred in the cell at (x, y): black on a filled cell, the page's text colour on an empty one."""
    return Label(x + size / 2, y + size / 2 + NUMBER * 0.35, text, size=NUMBER, fill=ON_FILL if filled else INK)


def _swatch(key: str) -> Scene:
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
    return [(key, _swatch(key), LEGEND[key]) for key in (keys or LEGEND)]


def style() -> dict:
    """The figure style as data, for the explorer and other drawings (docs: /work/notes/FIGURES.md)."""
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


def _as_2d(conv: Conv) -> Conv:
    if conv.ndim == 2:
        return conv
    if conv.ndim == 1:  # a 1-d convolution drawn as one row
        one = lambda t: (1,) + tuple(t)  # noqa: E731
        return Conv(
            one(conv.input),
            one(conv.kernel),
            one(conv.stride),
            conv.padding if isinstance(conv.padding, str) else one(conv.padding),
            one(conv.dilation),
            conv.padding_mode,
            conv.transposed,
            one(conv.output_padding),
            ((0, 0),) + conv.pads,
            one(conv.output),
        )
    raise ConvError(f"figures are drawn for 1-d and 2-d convolutions, not {conv.ndim}-d")


def _text_width(text: str, size: float = TEXT) -> float:
    """A generous estimate of a sans-serif label's width, so that no label is clipped."""
    return len(text) * size * 0.6


def _pad_what(conv: Conv, padded_by: str | None, pad_value: float) -> str:
    if conv.padding_mode == "zeros":
        what = "zeros" if not pad_value else f"the constant {_value_text(pad_value)}"
    else:
        what = f"{conv.padding_mode} padding"
    return what + (f" from {padded_by}" if padded_by else "")


def describe(
    conv: Conv, cell: tuple[int, ...] | None = None, padded_by: str | None = None, pad_value: float = 0
) -> str:
    """A sentence for screen readers and alt text: the configuration the figure shows."""
    if conv.transposed:
        parts = [f"{dims(conv.input, TIGHT)} input"]
        s = tuple(st.inserted for st in map(lambda a: stretch(conv, a), range(conv.ndim)))
        q = tuple(st.implicit for st in map(lambda a: stretch(conv, a), range(conv.ndim)))
        parts.append(
            f"drawn as the direct convolution it equals: {one(s)} zero{'' if set(s) == {1} else 's'} inserted between neighbouring "
            f"input cells, implicit zero padding of {one(q)} on each side"
        )
        p = tuple(lo for lo, _ in conv.pads)
        if any(p):
            parts.append(f"padding {one(p)} crops that many cells from each side")
        if any(conv.output_padding):
            parts.append(f"output_padding {one(conv.output_padding)} adds cells at the end")
        parts.append(f"{dims(conv.kernel, TIGHT)} kernel, stride 1, dilation {one(conv.dilation)} over that grid")
        text = "A transposed convolution: " + "; ".join(parts) + f"; {dims(conv.output, TIGHT)} output."
    else:
        parts = [f"{dims(conv.input, TIGHT)} input"]
        if any(lo or hi for lo, hi in conv.pads):
            sides = ", ".join(f"{lo} before and {hi} after" for lo, hi in conv.pads)
            parts.append(
                f"padded with {_pad_what(conv, padded_by, pad_value)} ({sides}, per dimension) "
                f"to {dims(conv.padded, TIGHT)}"
            )
        parts.append(
            f"{dims(conv.kernel, TIGHT)} kernel, stride {dims(conv.stride, TIGHT)}, "
            f"dilation {dims(conv.dilation, TIGHT)}"
        )
        text = "A convolution: " + "; ".join(parts) + f"; {dims(conv.output, TIGHT)} output."
    if cell is not None:
        text += f" Highlighted: the input cells that output cell {cell_text(cell)} reads."
    return text


def cell_text(cell) -> str:
    """An output cell's index as readers write it: '(0)' in 1-d, '(0, 1)' in 2-d (never Python's '(0,)')."""
    return "(" + ", ".join(str(c) for c in cell) + ")"


def one(values) -> str:
    """Per-dimension values as one number when they agree ('1'), else as a shape ('1×2')."""
    return str(values[0]) if len(set(values)) == 1 else dims(values, TIGHT)


def _value_text(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


PANELS = ("both", "input", "output")

# The most cells one figure may hold: padded input cells + output cells (+ one animation frame per output
# cell). Drawing time and memory grow with this count; at the budget an SVG takes about 0.2 s and a PNG
# under 2 s (`make bench` measures both). `shape` has no limit: it never visits cells.
CELL_BUDGET = 10_000


def cell_count(conv: Conv, animate: bool = False) -> dict[str, int]:
    """What a figure of ``conv`` would hold, counted without visiting a cell (instant for any size)."""
    if conv.transposed:  # drawn as the stretched, padded input (geometry.stretch), sizes by arithmetic alone
        sizes = [_stretch_sizes(conv, a) for a in range(conv.ndim)]
        count = {"padded input": _product(i for i, _ in sizes), "output": _product(o for _, o in sizes)}
    else:
        count = {"padded input": _product(conv.padded), "output": _product(conv.output)}
    if animate:
        count["animation frames"] = count["output"]
    return count


def check_budget(conv: Conv, animate: bool = False) -> None:
    """Refuse, before drawing anything, a 3-d figure or one of more than :data:`CELL_BUDGET` cells."""
    _as_2d(conv)
    within_budget(cell_count(conv, animate))


def within_budget(count: dict[str, int]) -> None:
    """Refuse a figure whose parts (``count``: part -> cells) hold more than :data:`CELL_BUDGET` cells."""
    total = sum(count.values())
    if total > CELL_BUDGET:
        parts = " + ".join(f"{what} {n:,}" for what, n in count.items())
        raise ConvError(
            f"the figure would hold {total:,} cells ({parts}), over the drawing budget of "
            f"{CELL_BUDGET:,} cells: draw a smaller configuration (shape answers any size)"
        )


def _stretch_sizes(conv: Conv, a: int) -> tuple[int, int]:
    """The input and output positions :func:`geometry.stretch` draws along ``a``, without building them."""
    i, k, s, d = conv.input[a], conv.kernel[a], conv.stride[a], conv.dilation[a]
    p, extra, full = conv.pads[a][0], conv.output_padding[a], d * (k - 1)
    length = (i - 1) * s + 1
    return max(length + 2 * full, length + 2 * full - p + extra), max(length + full, p + conv.output[a])


def _product(values) -> int:
    total = 1
    for v in values:
        total *= v
    return total


@dataclass
class _Axis:
    """One dimension of the drawing: what each input position holds and which output positions are kept."""

    kinds: list[str]  # per input position: "input", "padding" or "zeros"
    index: list[int]  # per input position: the input coordinate (negative or >= size in padding)
    off: list[bool]  # read by no output cell the layer returns
    cropped: list[bool]  # cut off by a transposed layer's padding
    extra: list[bool]  # added by output_padding
    out_size: int
    kept: tuple[int, int]
    out_extra: list[bool]
    reads: object  # output index -> input positions


def _axes(conv: Conv) -> list[_Axis]:
    axes = []
    for a in range(conv.ndim):
        if conv.transposed:
            st = stretch(conv, a)
            where = dict(st.inputs)
            kinds = ["input" if x in where else "zeros" for x in range(st.size)]
            index = [where.get(x, -1) for x in range(st.size)]
            cropped = [not st.used[0] <= x < st.used[1] for x in range(st.size)]
            extra = [st.extra[0] <= x < st.extra[1] for x in range(st.size)]
            out_extra = [st.kept[1] - conv.output_padding[a] <= x < st.kept[1] for x in range(st.out_size)]
            axes.append(_Axis(kinds, index, cropped, cropped, extra, st.out_size, st.kept, out_extra, st.reads))
        else:
            lo, hi = conv.pads[a]
            n = conv.input[a]
            positions = list(range(-lo, n + hi))
            read = {i for o in range(conv.output[a]) for i in _reads_1d(conv, a, o)}
            axes.append(
                _Axis(
                    ["input" if 0 <= i < n else "padding" for i in positions],
                    positions,
                    [i not in read for i in positions],
                    [False] * len(positions),
                    [False] * len(positions),
                    conv.output[a],
                    (0, conv.output[a]),
                    [False] * conv.output[a],
                    lambda o, a=a, lo=lo: [i + lo for i in _reads_1d(conv, a, o)],
                )
            )
    return axes


def _reads_1d(conv: Conv, axis: int, o: int) -> list[int]:
    cell = [0] * conv.ndim
    cell[axis] = o
    return sorted({c[axis] for c in conv.reads(tuple(cell))})


def build(
    conv: Conv,
    cell: tuple[int, ...] | None = (0, 0),
    values=None,
    animate: bool = False,
    panels: str = "both",
    out_values=None,
    padded_by: str | None = None,
    pad_value: float = 0,
) -> Scene:
    """The figure of a configuration: padded input with the receptive field of ``cell``, and the output map.

    ``panels`` draws both sides (the combined figure), or only the padded input with the cells ``cell``
    reads ("input"), or only the output map with ``cell`` marked ("output"). ``values`` (a nested list,
    one row per input row) prints each input value in its cell and in the padding cells that copy it,
    showing the padding mode; ``out_values`` prints the output's values. ``padded_by`` names the
    operation that made the padding (``"F.pad reflect"``, ``"ZeroPad2d"``) when it is not the layer's own;
    ``pad_value`` is its constant. ``animate`` steps the kernel over every output cell.

    A transposed convolution is drawn as the direct convolution it equals (see :func:`geometry.stretch`).
    """
    if panels not in PANELS:
        raise ConvError(f"panels must be one of {', '.join(PANELS)}, not {panels!r}")
    check_budget(conv, animate)  # refuses 3-d and too many cells before any work
    flat = _as_2d(conv)
    show_in, show_out = panels in ("both", "input"), panels in ("both", "output")
    if cell == (0, 0) and conv.ndim == 1:
        cell = (0,)  # the default cell, for a 1-d layer
    asked = cell
    if cell is not None and conv.ndim == 1:
        cell = (0,) + tuple(cell)
    ax_r, ax_c = _axes(flat)
    rows, cols = (len(ax_r.kinds), len(ax_c.kinds)) if show_in else (0, 0)
    out_rows, out_cols = ax_r.out_size, ax_c.out_size
    padded = not flat.transposed and any(lo or hi for lo, hi in flat.pads)
    in_label = f"input {dims(conv.input, TIGHT)}"
    if padded:
        in_label += f", padded to {dims(conv.padded, TIGHT)}" + (f" by {padded_by}" if padded_by else "")
    if flat.transposed:
        in_label += ", stretched and padded"
    out_label = f"output {dims(conv.output, TIGHT)}"
    # (whole units, so that every coordinate in the SVG is a short integer)
    overhang = lambda text, cells: float(math.ceil(max(0.0, (_text_width(text) - cells * CELL) / 2)))  # noqa: E731
    in_over = overhang(in_label, cols) if show_in else 0.0
    out_over = overhang(out_label, out_cols) if show_out else 0.0
    items: list[Item] = []
    top: list[Label] = []
    drawn: set[str] = set()
    x_in, y0 = MARGIN + in_over, MARGIN
    at = lambda r, c: (x_in + c * CELL, y0 + r * CELL)  # noqa: E731  (input positions)

    for r in range(rows):
        for c in range(cols):
            x, y = at(r, c)
            kinds = {ax_r.kinds[r], ax_c.kinds[c]}
            kind = "input" if kinds == {"input"} else "padding" if "padding" in kinds else "zeros"
            if ax_r.cropped[r] or ax_c.cropped[c]:
                kind = "cropped"
            items += draw_cell(kind, x, y)
            drawn.add(kind)
            if values is not None and kind != "cropped":
                if flat.transposed:
                    v = values[ax_r.index[r]][ax_c.index[c]] if kind == "input" else 0
                else:
                    src = flat.source((ax_r.index[r], ax_c.index[c]))
                    v = pad_value if src is None else values[src[0]][src[1]]
                top.append(number(_value_text(v), x, y, filled=kind == "input"))
                drawn.add("values")
            if (ax_r.extra[r] or ax_c.extra[c]) and kind != "cropped":
                items += draw_cell("extra", x, y)
                drawn.add("extra")
            if not flat.transposed and (ax_r.off[r] or ax_c.off[c]):
                items += draw_cell("unread", x, y)
                drawn.add("unread")

    x_out = x_in + cols * CELL + max(GAP, in_over + out_over + CELL) if show_in else MARGIN + out_over
    y_out = y0 + max(0, (rows - out_rows) * CELL / 2)
    out_at = lambda r, c: (x_out + c * CELL, y_out + r * CELL)  # noqa: E731  (output positions)
    (kr0, kr1), (kc0, kc1) = ax_r.kept, ax_c.kept
    for r in range(out_rows) if show_out else ():
        for c in range(out_cols):
            x, y = out_at(r, c)
            kept = kr0 <= r < kr1 and kc0 <= c < kc1
            items += draw_cell("output" if kept else "cropped", x, y)
            drawn.add("output" if kept else "cropped")
            if kept and (ax_r.out_extra[r] or ax_c.out_extra[c]):
                items += draw_cell("extra", x, y)
                drawn.add("extra")
            if kept and out_values is not None:
                top.append(number(_value_text(out_values[r - kr0][c - kc0]), x, y, filled=True))
                drawn.add("values")

    # Cells do not overlap: like cells together make one SVG path each (a transposed input alternates
    # input and zeros, which would otherwise cost an element per cell); outlines and slashes stay above.
    rank = lambda i: (
        isinstance(i, Line),
        isinstance(i, Box) and i.stroke == EXTRA,  # noqa: E731
        i.fill if isinstance(i, Box) else "",
        i.dasharray if isinstance(i, Box) else "",
    )
    items.sort(key=rank)
    height = y0 + max(rows, out_rows if show_out else 0) * CELL + LABEL + MARGIN
    if show_in:
        items.append(Label(x_in + cols * CELL / 2, height - MARGIN - 5, in_label))
    if show_out:
        items.append(Label(x_out + out_cols * CELL / 2, height - MARGIN - 5, out_label))
    width = (x_out + out_cols * CELL + out_over if show_out else x_in + cols * CELL + in_over) + MARGIN
    alt = describe(conv, asked, padded_by, pad_value)
    top.sort(key=lambda label: label.fill)  # numbers of one colour share a group (stable: still row by row)
    scene = Scene(width, height, alt, items, top=top)
    if cell is not None:
        _highlight(scene, flat, cell, ax_r, ax_c, at, out_at, show_in, show_out, animate)
        drawn.add("read")
    order = [k for k in LEGEND if k in drawn]
    scene.keys = [(k, _words(k, flat, asked, padded_by, pad_value)) for k in order]
    if "unread" in drawn:
        scene.alt += f" {len(flat.unread())} cells are read by no output (marked with a red slash)."
    scene.alt += {"both": "", "input": " Shown: the input side.", "output": " Shown: the output map."}[panels]
    return scene


def _highlight(scene, flat, cell, ax_r, ax_c, at, out_at, show_in, show_out, animate):
    taps = [(r, c) for r in ax_r.reads(cell[0]) for c in ax_c.reads(cell[1])]
    window: list[Item] = []
    for r, c in taps if show_in else ():
        window += draw_cell("read", *at(r, c))
    rs, cs = [r for r, _ in taps], [c for _, c in taps]
    if taps and show_in:
        (x1, y1), (x2, y2) = at(min(rs), min(cs)), at(max(rs) + 1, max(cs) + 1)
        window.append(Box(x1, y1, x2 - x1, y2 - y1, stroke=INK, width=2))
    ox, oy = out_at(cell[0] + ax_r.kept[0], cell[1] + ax_c.kept[0])
    target: list[Item] = (
        [Box(ox, oy, CELL, CELL, fill=READ, stroke=INK, opacity=READ_OPACITY, width=2)] if show_out else []
    )
    if taps and show_in and show_out:
        target += [Line(x2, y1, ox, oy, stroke=INK, width=0.8), Line(x2, y2, ox, oy + CELL, stroke=INK, width=0.8)]
    if not animate:
        scene.items += window + target
        return
    out_rows, out_cols = ax_r.kept[1] - ax_r.kept[0], ax_c.kept[1] - ax_c.kept[0]
    frames = [(r, c) for r in range(out_rows) for c in range(out_cols)]
    sr, sc = (1, 1) if flat.transposed else flat.stride
    for moving, step in ((window, (sc * CELL, sr * CELL)), (target[:1], (CELL, CELL))):
        if moving:
            scene.moving.append(Moving(moving, [(c * step[0], r * step[1]) for r, c in frames]))


def _words(key: str, conv: Conv, cell, padded_by: str | None, pad_value: float) -> str:
    """What legend entry ``key`` shows in this figure, for its caption."""
    if key == "padding":
        return f"padding ({_pad_what(conv, padded_by, pad_value)}) dashed"
    if key == "read" and cell is not None:
        return f"the cells output cell {cell_text(cell)} reads grey"
    if key == "unread":
        return "cells no output reads slashed in red"
    if key == "zeros":
        return "the inserted zeros and the implicit padding dashed"
    if key == "cropped":
        return "the cells padding crops dotted"
    if key == "extra":
        return "output_padding's extra cells outlined in magenta"
    return {"input": "the input blue", "output": "the output cyan", "values": "the values as numbers"}[key]


def caption(scene: Scene) -> str:
    """A caption listing exactly what ``scene`` draws, in the legend's order and words."""
    parts = [words for _, words in scene.keys]
    return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)) + "."

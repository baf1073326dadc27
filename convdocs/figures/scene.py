"""Where every cell of a convolution figure goes: geometry turned into boxes, lines and labels.

Pure Python, no matplotlib: :mod:`convdocs.figures.svg` and :mod:`convdocs.figures.raster` turn a
``Scene`` into SVG or PNG. The style (colours, sizes, the legend) is `convdocs.figures.style`; the figure's
alt text and caption are `convdocs.figures.describe`; pooling and padding-layer figures are
`convdocs.figures.pool_scene`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convdocs.core.conv_cells import Conv
from convdocs.core.errors import ConvError
from convdocs.core.ints import dims
from convdocs.core.transposed import stretch
from convdocs.core.words import say
from convdocs.figures.describe import describe, legend_words, value_text
from convdocs.figures.style import (
    CELL,
    EXTRA,
    GAP,
    INK,
    LABEL,
    LEGEND,
    MARGIN,
    READ,
    READ_OPACITY,
    TIGHT,
    Box,
    Item,
    Label,
    Line,
    Moving,
    Scene,
    draw_cell,
    number,
    text_width,
)


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
    raise ConvError(say("figure.scene.figures_are_drawn_for_1_d", ndim=conv.ndim))


PANELS = ("both", "input", "output")

# The most cells one figure may hold: padded input cells + output cells (+ one animation frame per output
# cell). Drawing time and memory grow with this count; at the budget an SVG takes about 0.2 s and a PNG
# under 2 s (`make bench` measures both). `shape` has no limit: it never visits cells.
CELL_BUDGET = 10_000


def cell_count(conv: Conv, animate: bool = False) -> dict[str, int]:
    """What a figure of ``conv`` would hold, counted without visiting a cell (instant for any size)."""
    if conv.transposed:  # drawn as the stretched, padded input (geometry.stretch), sizes by arithmetic alone
        sizes = [_stretch_sizes(conv, a) for a in range(conv.ndim)]
        count = {"padded input": math.prod(i for i, _ in sizes), "output": math.prod(o for _, o in sizes)}
    else:
        count = {"padded input": math.prod(conv.padded), "output": math.prod(conv.output)}
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
            say(
                "figure.scene.the_figure_would_hold_cells_over",
                total=format(total, ","),
                parts=parts,
                cell_budget=format(CELL_BUDGET, ","),
            )
        )


def _stretch_sizes(conv: Conv, a: int) -> tuple[int, int]:
    """The input and output positions :func:`geometry.stretch` draws along ``a``, without building them."""
    i, k, s, d = conv.input[a], conv.kernel[a], conv.stride[a], conv.dilation[a]
    p, extra, full = conv.pads[a][0], conv.output_padding[a], d * (k - 1)
    length = (i - 1) * s + 1
    return max(length + 2 * full, length + 2 * full - p + extra), max(length + full, p + conv.output[a])


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
        raise ConvError(say("figure.scene.panels_must_be_one_of_not", choices=", ".join(PANELS), panels=repr(panels)))
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
        in_label += say("figure.scene.stretched_and_padded")
    out_label = f"output {dims(conv.output, TIGHT)}"
    # (whole units, so that every coordinate in the SVG is a short integer)
    overhang = lambda text, cells: float(math.ceil(max(0.0, (text_width(text) - cells * CELL) / 2)))  # noqa: E731
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
                top.append(number(value_text(v), x, y, filled=kind == "input"))
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
                top.append(number(value_text(out_values[r - kr0][c - kc0]), x, y, filled=True))
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
    scene.keys = [(k, legend_words(k, flat, asked, padded_by, pad_value)) for k in order]
    if "unread" in drawn:
        scene.alt += say("figure.scene.cells_are_read_by_no_output", unread=len(flat.unread()))
    scene.alt += {
        "both": "",
        "input": say("figure.scene.shown_the_input_side"),
        "output": say("figure.scene.shown_the_output_map"),
    }[panels]
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

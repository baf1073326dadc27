"""Figures of pooling and padding layers, on the primitives of :mod:`convdocs.figures.scene` (pure Python).

- Max pooling's padding is drawn as dashed cells marked ``−∞``; average pooling's as dashed cells
  marked ``0`` — never blank, so the two cannot be mistaken for each other.
- ``ceil_mode``: the cells a last, partial window reaches past the end of the input (and of its
  padding, if any) are hatched with a solid outline — never dashed, so they cannot be taken for
  padding; a window torch drops (it would start in the right padding or past it) is a red dashed outline.
- Average pooling prints the divisor of every output cell (``÷9``); adaptive pooling draws every bin
  as a bar over the input, so overlapping bins show as overlapping bars.
- A padding layer is drawn as its result: each cell shows the input value it copies (the input holds
  1, 2, 3, … in reading order), padding cells dashed; input cells a crop removes carry a red slash.
"""

from __future__ import annotations

import itertools
import math

from convdocs.core.adaptive import Adaptive
from convdocs.core.errors import own
from convdocs.core.ints import article, dims
from convdocs.core.padding import Pad
from convdocs.core.pooling import Pool
from convdocs.core.words import say
from convdocs.figures.describe import cell_text
from convdocs.figures.style import (
    CELL,
    DROPPED,
    GAP,
    INK,
    INPUT,
    KERNEL,
    LABEL,
    MARGIN,
    ON_FILL,
    OUTPUT,
    TIGHT,
    Box,
    Item,
    Label,
    Line,
    Scene,
    text_width,
)

SMALL = 12.0  # labels inside cells: 12 px on a wide screen, and the stylesheet keeps them 10 px on a phone
LEGEND_TEXT = 12.0  # the words of the legend row
LEGEND_ROW = 20  # height of a legend row
SWATCH = 12
PAD_WORD = {"max": "−∞", "avg": "0", "lp": ""}  # what a pooling figure writes in a padding cell, by kind


def _rows(shape):
    """A 1-d shape drawn as one row."""
    return (1,) + tuple(shape) if len(shape) == 1 else tuple(shape)


def _output_cells(pool: Pool | Adaptive, out: tuple[int, ...], flat: bool | int, x: float, y: float) -> list[Item]:
    """The output grid from (x, y); average pooling writes each cell's divisor in it."""
    items: list[Item] = []
    for r, c in itertools.product(range(out[0]), range(out[1])):
        left, top = x + c * CELL, y + r * CELL
        items.append(Box(left, top, CELL, CELL, fill=OUTPUT, width=0.6))
        if pool.kind == "avg":
            divisor = pool.divisor((c,) if flat else (r, c))
            items.append(Label(left + CELL / 2, top + CELL / 2 + SMALL * 0.35, f"÷{divisor}", size=SMALL, fill=ON_FILL))
    return items


def _picked(x: float, y: float, w: float, h: float) -> Box:
    """The chosen output cell, or the input it reads: shaded, outlined."""
    return Box(x, y, w, h, fill=KERNEL, stroke=KERNEL, opacity=0.4, width=2)


def _legend(entries, y, width, x=MARGIN):
    """Swatches with their words, left to right, on as many rows as the drawing above them is wide (at least
    240): ``entries`` are (box kwargs, text). Returns the items, the right edge and the number of rows."""
    items: list[Item] = []
    left, right, rows = x, x, 1
    for style, text in entries:
        style = dict(style)
        hatch = style.pop("hatch", False)
        step = SWATCH + 10 + text_width(text, LEGEND_TEXT)
        if x > left and x + step > max(width, 240):
            x, y, rows = left, y + LEGEND_ROW, rows + 1
        items.append(Box(x, y, SWATCH, SWATCH, **style))
        if hatch:
            items.extend(_hatch(x, y, SWATCH))
        items.append(Label(x + SWATCH + 4, y + SWATCH - 1, text, size=LEGEND_TEXT, anchor="start"))
        x += step
        right = max(right, x)
    return items, right, rows


def _finish(items, width, bottom, legend, alt):
    row, right, rows = _legend(legend, bottom + 4, width)
    return Scene(max(width, right) + MARGIN, bottom + rows * LEGEND_ROW + MARGIN, alt, items + row)


def _check_budget(geo) -> None:
    """scene.CELL_BUDGET for these figures too (padded input + output cells), counted before any work."""
    from convdocs.figures.scene import within_budget

    count = {
        "padded input" if isinstance(geo, Pool) else "input": math.prod(
            geo.padded if isinstance(geo, Pool) else geo.input
        ),
        "output": math.prod(geo.output),
    }
    if isinstance(geo, Pool):
        count["window taps"] = math.prod(geo.kernel)  # each output's window is drawn from its taps
    within_budget(count)


def build(geo, cell=None) -> Scene:
    """The figure of a pooling layer (:class:`Pool`, :class:`Adaptive`) or a padding layer (:class:`Pad`), 1-d or 2-d."""
    if geo.ndim > 2:
        raise own(say("cli.own.figures_are_drawn_1_d", ndim=geo.ndim))
    _check_budget(geo)
    if cell is not None and (len(cell) != geo.ndim or not all(0 <= c < n for c, n in zip(cell, geo.output))):
        raise own(say("pad.own.output_cell_outside_output_size", cell=tuple(cell), output=dims(geo.output)))
    if isinstance(geo, Pool):
        return _pool(geo, cell)
    if isinstance(geo, Adaptive):
        return _adaptive(geo, cell)
    if isinstance(geo, Pad):
        return _pad(geo)
    raise own(say("figure.pool_scene.no_figure_for", kind=type(geo).__name__))


def describe_pool(pool: Pool, cell=None) -> str:
    kind = {"max": "Max pooling", "avg": "Average pooling", "lp": "LP pooling"}[pool.kind]
    text = f"{kind} ({pool.name}): {dims(pool.input, TIGHT)} input"
    if any(pool.padding):
        what = (
            (say("figure.pool_scene.minus_infinity_never_wins") if set(pool.dilation) == {1} else "−∞")
            if pool.kind == "max"
            else "zeros"
        )
        text += say(
            "figure.pool_scene.padded_with_per_side_and_dimension", what=what, padding=", ".join(map(str, pool.padding))
        )
    text += (
        f"; {dims(pool.kernel, TIGHT)} window, stride {dims(pool.stride, TIGHT)}"
        + (f", dilation {dims(pool.dilation, TIGHT)}" if set(pool.dilation) != {1} else "")
        + ("; ceil_mode" if pool.ceil_mode else "")
        + f"; {dims(pool.output, TIGHT)} output."
    )
    partial = any(pool.partial(a) for a in range(pool.ndim))
    if partial:
        text += say("figure.pool_scene.hatched_cells_a_last_partial_window", where=_past_words(pool))
    where = " or ".join(w for w in dict.fromkeys(pool.dropped_where(a) for a in range(pool.ndim)) if w)
    if where:
        text += say("figure.pool_scene.red_dashed_a_window_ceil_mode", where=where)
    unread = pool.unread()
    if unread:
        inputs = sum(1 for c in unread if all(0 <= v < n for v, n in zip(c, pool.input)))
        counts = (
            ("figure.pool_scene.unread_input_cells", inputs),
            ("figure.pool_scene.unread_padding_cells", len(unread) - inputs),
        )
        cells = [say(key, count=n, plural="s" if n != 1 else "") for key, n in counts if n]
        text += say("figure.pool_scene.red_slash_cell_no_window_reads", unread=" and ".join(cells))
    if pool.kind == "avg":
        text += say("figure.pool_scene.each_output_cell_shows_its_divisor")
    if cell is not None:
        text += say("figure.pool_scene.grey_the_window_of_output_cell", cell=cell_text(cell))
    return text


def _past_words(pool: Pool) -> str:
    """Where a ceil_mode window's extra cells lie: past the input, or past its padding when it has some."""
    return say("figure.pool_scene.past_the_padding") if any(pool.padding) else say("pool.past_input")


def _hatch(x, y, size):
    """Three parallel back-slashes across a square: the mark of cells past the input and its padding."""
    return [Line(x + size * f, y, x + size, y + size * (1 - f), stroke=KERNEL, width=0.8) for f in (0.0, 0.5)] + [
        Line(x, y + size * 0.5, x + size * 0.5, y + size, stroke=KERNEL, width=0.8)
    ]


def _pool(pool: Pool, cell) -> Scene:
    flat = 1 if pool.ndim == 1 else 0  # a 1-d layer is one row
    inp, pad = _rows(pool.input), (0,) * flat + pool.padding
    kernel, stride, dil = (
        (1,) * flat + pool.kernel,
        (1,) * flat + pool.stride,
        (1,) * flat + pool.dilation,
    )
    out = _rows(pool.output)
    taps = [lambda o, a=a: [o * stride[a] - pad[a] + j * dil[a] for j in range(kernel[a])] for a in range(2)]
    dropped: list[list[int]] = [[], []]
    for a in range(pool.ndim):
        dropped[a + flat] = pool.dropped(a)
    # extent of the drawing along each axis, in input coordinates: the padding, and whatever a window reaches
    reach = [
        max(
            [inp[a] + pad[a]]
            + [taps[a](o)[-1] + 1 for o in range(out[a])]
            + [s + (kernel[a] - 1) * dil[a] + 1 for s in dropped[a]]
        )
        for a in range(2)
    ]
    lo = [-p for p in pad]
    fill_word = PAD_WORD[pool.kind]
    x0, y0 = MARGIN, MARGIN
    at = lambda r, c: (x0 + (c - lo[1]) * CELL, y0 + (r - lo[0]) * CELL)
    items: list = []
    unread = set(pool.unread())
    if flat:
        unread = {(0,) + c for c in unread}
    for r, c in itertools.product(range(lo[0], inp[0] + pad[0]), range(lo[1], inp[1] + pad[1])):
        x, y = at(r, c)
        if 0 <= r < inp[0] and 0 <= c < inp[1]:
            items.append(Box(x, y, CELL, CELL, fill=INPUT, width=0.6))
        else:
            items.append(Box(x, y, CELL, CELL, dashed=True, width=0.6))
            items.append(Label(x + CELL / 2, y + CELL / 2 + SMALL * 0.35, fill_word, size=SMALL))
        if (r, c) in unread:
            items.append(Line(x + 3, y + CELL - 3, x + CELL - 3, y + 3, stroke=DROPPED, width=1.5))
    # positions past the input and its padding that a (ceil_mode) window covers: hatched, solid outline
    # (padding is dashed), nothing read there
    past = set()
    for o_r, o_c in itertools.product(range(out[0]), range(out[1])):
        for r, c in itertools.product(taps[0](o_r), taps[1](o_c)):
            if r >= inp[0] + pad[0] or c >= inp[1] + pad[1]:
                past.add((r, c))
    for r, c in sorted(past):
        x, y = at(r, c)
        items.append(Box(x + 2, y + 2, CELL - 4, CELL - 4, stroke=KERNEL, width=0.8))
        items.extend(_hatch(x + 2, y + 2, CELL - 4))
    # partial windows (outlined grey) and dropped windows (red dashed), at the first position of the other axis
    for a in range(2):
        for index in range(out[a]):
            span = taps[a](index)
            if span[-1] < inp[a] + pad[a]:
                continue
            other = taps[1 - a](0)
            rs, cs = (span, other) if a == 0 else (other, span)
            (x1, y1), (x2, y2) = at(min(rs), min(cs)), at(max(rs) + 1, max(cs) + 1)
            items.append(Box(x1, y1, x2 - x1, y2 - y1, stroke=KERNEL, width=1.5))
        for s in dropped[a]:
            span = [s + j * dil[a] for j in range(kernel[a])]
            other = taps[1 - a](0)
            rs, cs = (span, other) if a == 0 else (other, span)
            (x1, y1), (x2, y2) = at(min(rs), min(cs)), at(max(rs) + 1, max(cs) + 1)
            items.append(
                Box(
                    x1 + 1,
                    y1 + 1,
                    x2 - x1 - 2,
                    y2 - y1 - 2,
                    stroke=DROPPED,
                    width=2,
                    dashed=True,
                )
            )
    rows, cols = reach[0] - lo[0], reach[1] - lo[1]
    in_label = f"input {dims(pool.input, TIGHT)}" + (
        f", padded to {dims(pool.padded, TIGHT)}" if any(pool.padding) else ""
    )
    out_label = f"output {dims(pool.output, TIGHT)}"
    x_out = x0 + cols * CELL + max(GAP, (text_width(in_label) - cols * CELL) / 2 + CELL)
    y_out = y0 + max(0, (rows - out[0]) * CELL / 2)
    items += _output_cells(pool, out, flat, x_out, y_out)
    if cell is not None:
        o = (0,) + tuple(cell) if flat else tuple(cell)
        rs, cs = taps[0](o[0]), taps[1](o[1])
        for r, c in itertools.product(rs, cs):
            x, y = at(r, c)
            items.append(Box(x, y, CELL, CELL, fill=KERNEL, stroke="none", opacity=0.4))
        (x1, y1), (x2, y2) = at(min(rs), min(cs)), at(max(rs) + 1, max(cs) + 1)
        items.append(Box(x1, y1, x2 - x1, y2 - y1, stroke=KERNEL, width=2))
        items.append(_picked(x_out + o[1] * CELL, y_out + o[0] * CELL, CELL, CELL))
    bottom = y0 + max(rows, out[0]) * CELL + LABEL
    items.append(Label(x0 + cols * CELL / 2, bottom - 4, in_label))
    items.append(Label(x_out + out[1] * CELL / 2, bottom - 4, out_label))
    width = max(
        x_out + out[1] * CELL + max(0, (text_width(out_label) - out[1] * CELL) / 2),
        x0 + cols * CELL,
    )
    legend = [({"fill": INPUT, "width": 0.6}, "input")]
    if any(pool.padding):
        legend.append(({"dashed": True, "width": 0.6}, f"padding ({fill_word})"))
    if past:
        legend.append(({"stroke": KERNEL, "width": 0.8, "hatch": True}, _past_words(pool)))
    if any(dropped):
        legend.append(({"stroke": DROPPED, "width": 2, "dashed": True}, say("figure.pool_scene.window_torch_drops")))
    if unread:
        legend.append(({"stroke": DROPPED, "width": 1.5}, say("figure.pool_scene.read_by_no_window")))
    legend.append(
        (
            {"fill": OUTPUT, "width": 0.6},
            "output" + (" (÷ divisor)" if pool.kind == "avg" else ""),
        )
    )
    return _finish(items, width, bottom, legend, describe_pool(pool, cell))


def _adaptive(geo: Adaptive, cell) -> Scene:
    flat = geo.ndim == 1
    inp, out = _rows(geo.input), _rows(geo.output)
    bins = [[(0, 1)] if flat else geo.bins(0), geo.bins(-1)]
    bar = 6  # height of one bin bar; bars alternate between two lanes so that overlaps show
    top = MARGIN + 2 * bar + 4
    left = MARGIN + (0 if flat else 2 * bar + 4)
    items: list = []
    for r, c in itertools.product(range(inp[0]), range(inp[1])):
        items.append(Box(left + c * CELL, top + r * CELL, CELL, CELL, fill=INPUT, width=0.6))
    for j, (s, e) in enumerate(bins[1]):  # width bins: bars above the grid
        items.append(
            Box(
                left + s * CELL + 1,
                MARGIN + (j % 2) * bar,
                (e - s) * CELL - 2,
                bar - 1,
                fill=OUTPUT,
                stroke=INK,
                width=0.6,
            )
        )
    if not flat:
        for j, (s, e) in enumerate(bins[0]):  # height bins: bars to the left
            items.append(
                Box(
                    MARGIN + (j % 2) * bar,
                    top + s * CELL + 1,
                    bar - 1,
                    (e - s) * CELL - 2,
                    fill=OUTPUT,
                    stroke=INK,
                    width=0.6,
                )
            )
    in_label, out_label = (
        f"input {dims(geo.input, TIGHT)}",
        f"output {dims(geo.output, TIGHT)}",
    )
    x_out = left + inp[1] * CELL + max(GAP, (text_width(in_label) - inp[1] * CELL) / 2 + CELL)
    y_out = top + max(0, (inp[0] - out[0]) * CELL / 2)
    items += _output_cells(geo, out, flat, x_out, y_out)
    if cell is not None:
        o = (0,) + tuple(cell) if flat else tuple(cell)
        (rs, re), (cs, ce) = bins[0][o[0]], bins[1][o[1]]
        items.append(_picked(left + cs * CELL, top + rs * CELL, (ce - cs) * CELL, (re - rs) * CELL))
        items.append(_picked(x_out + o[1] * CELL, y_out + o[0] * CELL, CELL, CELL))
    bottom = top + max(inp[0], out[0]) * CELL + LABEL
    items.append(Label(left + inp[1] * CELL / 2, bottom - 4, in_label))
    items.append(Label(x_out + out[1] * CELL / 2, bottom - 4, out_label))
    width = x_out + out[1] * CELL + max(0, (text_width(out_label) - out[1] * CELL) / 2)
    kind = "Adaptive average" if geo.kind == "avg" else "Adaptive max"
    alt = say(
        "figure.pool_scene.pooling_input_no_padding_split_into",
        kind=kind,
        geo_name=geo.name,
        input=dims(geo.input, TIGHT),
        output=dims(geo.output, TIGHT),
    )
    if geo.kind == "avg":
        alt += say("figure.pool_scene.each_output_cell_shows_its_bin")
    legend = [
        ({"fill": INPUT, "width": 0.6}, "input"),
        ({"fill": OUTPUT, "width": 0.6}, "bin / output"),
    ]
    return _finish(items, width, bottom, legend, alt)


def held(geo: Pad, cell: tuple[int, ...]) -> int:
    """The value the figure writes in input ``cell`` of a padding layer: 1, 2, 3, … in reading order."""
    return 1 + (cell[-1] if geo.ndim == 1 else cell[0] * geo.input[1] + cell[1])


def _pad(geo: Pad) -> Scene:
    flat = geo.ndim == 1
    inp, out = _rows(geo.input), _rows(geo.output)
    pads = ((0, 0),) * flat + geo.pads
    value = lambda cell: held(geo, cell)
    items: list = []
    x0, y0 = MARGIN, MARGIN
    for r, c in itertools.product(range(inp[0]), range(inp[1])):
        x, y = x0 + c * CELL, y0 + r * CELL
        items.append(Box(x, y, CELL, CELL, fill=INPUT, width=0.6))
        items.append(
            Label(
                x + CELL / 2,
                y + CELL / 2 + SMALL * 0.35,
                str(value((c,) if flat else (r, c))),
                size=SMALL,
                fill=ON_FILL,
            )
        )
        kept = 0 <= r + pads[0][0] < out[0] and 0 <= c + pads[1][0] < out[1]
        if not kept:  # a crop removed it
            items.append(Line(x + 3, y + CELL - 3, x + CELL - 3, y + 3, stroke=DROPPED, width=1.5))
    in_label, out_label = (
        f"input {dims(geo.input, TIGHT)}",
        f"output {dims(geo.output, TIGHT)}",
    )
    x_out = x0 + inp[1] * CELL + max(GAP, (text_width(in_label) - inp[1] * CELL) / 2 + CELL)
    constant = f"{geo.value:g}"
    for r, c in itertools.product(range(out[0]), range(out[1])):
        x, y = x_out + c * CELL, y0 + r * CELL
        cell = (c,) if flat else (r, c)
        src = geo.source(cell)
        text = constant if src is None else str(value(src))
        if geo.is_padding(cell):
            items.append(Box(x, y, CELL, CELL, dashed=True, width=0.6))
            items.append(Label(x + CELL / 2, y + CELL / 2 + SMALL * 0.35, text, size=SMALL))
        else:
            items.append(Box(x, y, CELL, CELL, fill=INPUT, width=0.6))
            items.append(Label(x + CELL / 2, y + CELL / 2 + SMALL * 0.35, text, size=SMALL, fill=ON_FILL))
    bottom = y0 + max(inp[0], out[0]) * CELL + LABEL
    items.append(Label(x0 + inp[1] * CELL / 2, bottom - 4, in_label))
    items.append(Label(x_out + out[1] * CELL / 2, bottom - 4, out_label))
    width = x_out + out[1] * CELL + max(0, (text_width(out_label) - out[1] * CELL) / 2)
    sides = ", ".join(f"{lo} before and {hi} after" for lo, hi in geo.pads)
    what = f"the constant {constant}" if geo.mode == "constant" else f"{geo.mode} copies"
    shape_in, shape_out = dims(geo.input, TIGHT), dims(geo.output, TIGHT)
    alt = say(
        "figure.pool_scene.input_holding_1_2_3_in",
        geo_name=geo.name,
        article_in=article(shape_in),
        shape_in=shape_in,
        what=what,
        sides=sides,
        article_out=article(shape_out),
        shape_out=shape_out,
    )
    legend = [
        ({"fill": INPUT, "width": 0.6}, "input value"),
        ({"dashed": True, "width": 0.6}, f"padding ({geo.fill})"),
    ]
    if any(lo < 0 or hi < 0 for lo, hi in geo.pads):
        alt += say("figure.pool_scene.input_cells_a_negative_amount_crops")
        legend.append(({"stroke": DROPPED, "width": 1.5}, "cropped"))
    return _finish(items, width, bottom, legend, alt)

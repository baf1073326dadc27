"""A figure in words: the alt text (:func:`describe`) and the caption (:func:`caption`) of a convolution figure.

Pure Python; the legend's words come from `convdocs.figures.style`.
"""

from __future__ import annotations

from convdocs.core.conv_cells import Conv
from convdocs.core.ints import dims
from convdocs.core.transposed import stretch
from convdocs.figures.style import COLOUR_NAMES, DROPPED, EXTRA, INPUT, OUTPUT, READ, TIGHT, Scene


def pad_what(conv: Conv, padded_by: str | None, pad_value: float) -> str:
    if conv.padding_mode == "zeros":
        what = "zeros" if not pad_value else f"the constant {value_text(pad_value)}"
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
                f"padded with {pad_what(conv, padded_by, pad_value)} ({sides}, per dimension) "
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


def value_text(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def legend_words(key: str, conv: Conv, cell, padded_by: str | None, pad_value: float) -> str:
    """What legend entry ``key`` shows in this figure, for its caption."""
    if key == "padding":
        return f"padding ({pad_what(conv, padded_by, pad_value)}) dashed"
    if key == "read" and cell is not None:
        return f"the cells output cell {cell_text(cell)} reads {COLOUR_NAMES[READ]}"
    if key == "unread":
        return f"cells no output reads slashed in {COLOUR_NAMES[DROPPED]}"
    if key == "zeros":
        return "the inserted zeros and the implicit padding dashed"
    if key == "cropped":
        return "the cells padding crops dotted"
    if key == "extra":
        return f"output_padding's extra cells outlined in {COLOUR_NAMES[EXTRA]}"
    return {
        "input": f"the input {COLOUR_NAMES[INPUT]}",
        "output": f"the output {COLOUR_NAMES[OUTPUT]}",
        "values": "the values as numbers",
    }[key]


def caption(scene: Scene) -> str:
    """A caption listing exactly what ``scene`` draws, in the legend's order and words."""
    parts = [words for _, words in scene.keys]
    return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)) + "."

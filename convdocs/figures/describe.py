"""A figure in words: the alt text (:func:`describe`) and the caption (:func:`caption`) of a convolution figure.

Pure Python; the legend's words come from `convdocs.figures.style`.
"""

from __future__ import annotations

from convdocs.core.conv_cells import Conv
from convdocs.core.ints import dims
from convdocs.core.transposed import stretch
from convdocs.core.words import say
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
            say(
                "figure.describe.drawn_as_the_direct_convolution_it",
                inserted=one(s),
                plural="" if set(s) == {1} else "s",
                implicit=one(q),
            )
        )
        p = tuple(lo for lo, _ in conv.pads)
        if any(p):
            parts.append(say("figure.describe.padding_crops_that_many_cells_from", p=one(p)))
        if any(conv.output_padding):
            parts.append(
                say("figure.describe.output_padding_adds_cells_at_the", output_padding=one(conv.output_padding))
            )
        parts.append(
            say(
                "figure.describe.kernel_stride_1_dilation_over_that",
                kernel=dims(conv.kernel, TIGHT),
                dilation=one(conv.dilation),
            )
        )
        text = (
            say("figure.describe.a_transposed_convolution") + "; ".join(parts) + f"; {dims(conv.output, TIGHT)} output."
        )
    else:
        parts = [f"{dims(conv.input, TIGHT)} input"]
        if any(lo or hi for lo, hi in conv.pads):
            sides = ", ".join(f"{lo} before and {hi} after" for lo, hi in conv.pads)
            parts.append(
                say(
                    "figure.describe.padded_with_per_dimension_to",
                    what=pad_what(conv, padded_by, pad_value),
                    sides=sides,
                    padded=dims(conv.padded, TIGHT),
                )
            )
        parts.append(
            f"{dims(conv.kernel, TIGHT)} kernel, stride {dims(conv.stride, TIGHT)}, "
            f"dilation {dims(conv.dilation, TIGHT)}"
        )
        text = "A convolution: " + "; ".join(parts) + f"; {dims(conv.output, TIGHT)} output."
    if cell is not None:
        text += say("figure.describe.highlighted_the_input_cells_that_output", cell=cell_text(cell))
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
        return say("figure.describe.the_cells_output_cell_reads", cell=cell_text(cell), colour=COLOUR_NAMES[READ])
    if key == "unread":
        return say("figure.describe.cells_no_output_reads_slashed_in", colour=COLOUR_NAMES[DROPPED])
    if key == "zeros":
        return say("figure.describe.the_inserted_zeros_and_the_implicit")
    if key == "cropped":
        return say("figure.describe.the_cells_padding_crops_dotted")
    if key == "extra":
        return say("figure.describe.output_padding_s_extra_cells_outlined", colour=COLOUR_NAMES[EXTRA])
    return {
        "input": f"the input {COLOUR_NAMES[INPUT]}",
        "output": f"the output {COLOUR_NAMES[OUTPUT]}",
        "values": say("figure.describe.the_values_as_numbers"),
    }[key]


def caption(scene: Scene) -> str:
    """A caption listing exactly what ``scene`` draws, in the legend's order and words."""
    parts = [words for _, words in scene.keys]
    return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)) + "."

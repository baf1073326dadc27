"""What a reader should look at in a convolution figure, and why: one or two sentences worked out from the
same layer and values the figure draws (the words are in convdocs/core/words/captions.json)."""

from __future__ import annotations

import itertools

from convdocs.core.conv_cells import Conv
from convdocs.core.ints import dims
from convdocs.core.transposed import stretch
from convdocs.core.words import say
from convdocs.figures.describe import cell_text


def _padding_cell(conv: Conv, where: tuple[int, ...]) -> bool:
    return any(not 0 <= v < size for v, size in zip(where, conv.input))


def _values_text(values: set) -> str:
    """'9', '4 and 6', or '2 to 7': the values a group of output cells holds."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return f"{ordered[0]:g}" if isinstance(ordered[0], float) else str(ordered[0])
    text = [f"{v:g}" if isinstance(v, float) else str(v) for v in (ordered[0], ordered[-1])]
    return f"{text[0]} and {text[1]}" if len(ordered) == 2 else f"{text[0]} to {text[1]}"


NOUNS = {  # (one, many) per dimension, first dimension first
    1: (("edges.cell", "edges.cells"),),
    2: (("edges.row", "edges.rows"), ("edges.column", "edges.columns")),
    3: (("edges.plane", "edges.planes"), ("edges.row", "edges.rows"), ("edges.column", "edges.columns")),
}


def _edges(conv: Conv) -> list[tuple[int, str, int]]:
    """(dimension, "edges.first" or "edges.last", how many output slices) for each side of the output whose
    windows reach the padding: a window reads padding exactly when it leaves the input in some dimension."""
    found = []
    for j, size in enumerate(conv.input):
        before: set = set()
        after: set = set()
        for out in itertools.product(*(range(n) for n in conv.output)):
            for where in conv.reads(out):
                (before if where[j] < 0 else after if where[j] >= size else set()).add(out[j])
        found += [(j, end, len(hit)) for end, hit in (("edges.first", before), ("edges.last", after)) if hit]
    return found


def _edges_text(conv: Conv, edges: list[tuple[int, str, int]]) -> str:
    """'last row and last column', 'first 2 cells': the sides of the output whose windows take in padding."""
    said = []
    for j, end, count in edges:
        one, many = NOUNS[len(conv.input)][j]
        if count == 1:
            said.append(say("edges.one", end=say(end), noun=say(one)))
        else:
            said.append(say("edges.many", end=say(end), count=count, noun=say(many)))
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]


def _value_at(values, cell: tuple[int, ...]):
    for index in cell:
        values = values[index]
    return values


def _transposed(conv: Conv, cell: tuple[int, ...]) -> str:
    """How many of the positions output ``cell``'s window spans on the stretched grid hold input cells."""
    total = inside = 1
    for axis, o in enumerate(cell):
        st = stretch(conv, axis)
        inputs = {position for position, _ in st.inputs}
        reads = st.reads(o)
        total *= len(reads)
        inside *= sum(position in inputs for position in reads)
    if inside == total:
        return say("look.transposed_full", cell=cell_text(cell), total=total)
    reads_words = say("look.input_one") if inside == 1 else say("look.input_many", count=inside)
    return say("look.transposed", cell=cell_text(cell), total=total, inside=reads_words)


def look(conv: Conv, cell: tuple[int, ...], out_values=None) -> str:
    """The sentence that says what to look at in the figure of ``conv``."""
    if conv.empty:
        return ""
    if conv.transposed:
        return _transposed(conv, cell)
    padded = any(lo or hi for lo, hi in conv.pads)
    text = ""
    if padded and out_values is not None:
        border: set = set()
        inside: set = set()
        for out in itertools.product(*(range(n) for n in conv.output)):
            reads_padding = any(_padding_cell(conv, where) for where in conv.reads(out))
            (border if reads_padding else inside).add(_value_at(out_values, out))
        edges = _edges(conv)
        if border and inside and not border & inside:
            values = dict(border=_values_text(border), inside=_values_text(inside))
            if len(edges) == 2 * len(conv.input):  # every side of the output reads padding: its border
                text = say("captions.border_values", **values)
            else:  # only some sides: name them
                text = say("edges.values", edges=_edges_text(conv, edges), **values)
    if padded and not text:
        reads = conv.reads(cell)
        count = sum(_padding_cell(conv, where) for where in reads)
        if count:
            text = say("captions.reads_padding", cell=cell_text(cell), count=count, total=len(reads))
        elif _edges(conv):  # the highlighted window lies on the input: name the sides whose windows do not
            text = say("captions.edges_only", edges=_edges_text(conv, _edges(conv)), cell=cell_text(cell))
    if not padded:
        text = say("captions.no_padding", kernel=dims(conv.kernel), positions=dims(conv.output), input=dims(conv.input))
    unread = len(conv.unread())
    if unread:
        text += " " + (say("captions.unread_one") if unread == 1 else say("captions.unread", count=unread))
    return text.strip()

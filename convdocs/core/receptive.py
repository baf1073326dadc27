"""Receptive field, effective stride and effective padding across layers, in pure Python.

No torch: this module sits beside :mod:`convdocs.core.conv` at the bottom. It follows Araujo, Norris
and Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019). Every layer
that slides a window (convolution, pooling, padding) is one :class:`Step` per spatial dimension:
kernel ``k``, stride ``s``, dilation ``d``, and ``before``/``after`` cells of padding. Relative to
the network's input, after layers 1..L:

- receptive field r = 1 + Σ_l (k'_l − 1)·Π_{i<l} s_i, with k' = d·(k − 1) + 1,
- effective stride S = Π_l s_l,
- effective padding P = Σ_l p_l·Π_{i<l} s_i (p_l: padding before the input, left/top).

Output cell ``o`` then depends on input cells ``o·S − P`` to ``o·S − P + r − 1`` (:func:`window`).
The scalar functions (:func:`span`, :func:`receptive_field`, :func:`effective_stride`,
:func:`effective_padding`, :func:`window`) are one dimension at a time, so that the explorer's
JavaScript can mirror them name for name.

>>> f = START
>>> for k, s, p in [(7, 2, 3), (3, 2, 1)]:  # ResNet's stem: conv 7×7 /2, max pool 3×3 /2
...     f = layer_field(f, kernel=k, stride=s, dilation=1, before=p)
>>> f
Field(r=11, S=4, P=5)
>>> window(f, 0)
(-5, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from convdocs.core.ints import span


def receptive_field(r, S, kernel: int, dilation: int = 1):
    """r after one more layer: it grows by (k' − 1) cells of the layer's input, each S input cells apart."""
    return r + (span(kernel, dilation) - 1) * S


def effective_stride(S, stride):
    """S after one more layer: strides multiply."""
    return S * stride


def effective_padding(P, S, before):
    """P after one more layer: its padding before the input, in input cells (each S apart)."""
    return P + before * S


class Field(NamedTuple):
    """Receptive field ``r``, effective stride ``S`` and effective padding ``P`` in one dimension.

    Integers, except after a transposed convolution, whose stride 1/s makes S (and so r, P) a Fraction.
    """

    r: int | Fraction
    S: int | Fraction
    P: int | Fraction


START = Field(1, 1, 0)  # the input itself: each cell sees itself


def _whole(v):
    return int(v) if isinstance(v, Fraction) and v.denominator == 1 else v


def layer_field(field: Field, kernel: int, stride: int, dilation: int = 1, before: int = 0) -> Field:
    """The field after a sliding-window layer (convolution, pooling; a padding layer is kernel 1, stride 1)."""
    r, S, P = field
    return Field(
        _whole(receptive_field(r, S, kernel, dilation)),
        _whole(effective_stride(S, stride)),
        _whole(effective_padding(P, S, before)),
    )


def transposed_field(field: Field, kernel: int, stride: int, dilation: int = 1, padding: int = 0) -> Field:
    """The field after a transposed convolution.

    It equals spreading the input s cells apart (a stride of 1/s), padding that by k' − 1 − p on each
    side and sliding the flipped kernel with stride 1. S becomes a Fraction unless it stays whole.
    """
    r, S, P = field
    S = Fraction(S) / stride
    return Field(
        _whole(receptive_field(r, S, kernel, dilation)),
        _whole(S),
        _whole(effective_padding(P, S, span(kernel, dilation) - 1 - padding)),
    )


def merge(fields) -> Field | None:
    """The field where paths meet (an addition, a concatenation): the union of their windows.

    Defined only when every path has the same effective stride: the windows then move together and
    their union is one window (the widest reach on each side). Different strides: None.
    """
    fields = list(fields)
    if any(f is None for f in fields) or len({f.S for f in fields}) != 1:
        return None
    P = max(f.P for f in fields)
    reach = max(f.r - f.P for f in fields)  # last cell of the window, for output cell 0, plus one
    return Field(_whole(reach + P), fields[0].S, P)


def window(field: Field, cell: int) -> tuple:
    """First and last input cell (padding cells are < 0 or ≥ the input size) that output ``cell`` depends on."""
    r, S, P = field
    first = _whole(cell * S - P)
    return first, _whole(first + r - 1)


def outside(field: Field, cell: int, size: int) -> int:
    """How many cells of output ``cell``'s window lie outside an input of ``size`` cells (in its padding)."""
    first, last = window(field, cell)
    inside = max(0, min(last, size - 1) - max(first, 0) + 1)
    return int(field.r) - inside


# Exact reads, layer by layer: which input cells an output cell really depends on.


@dataclass(frozen=True)
class Step:
    """One layer along one dimension, as it ran: enough to list the cells each output cell reads.

    ``kind``: "window" (convolution, pooling, padding layer), "transposed" (transposed convolution)
    or "adaptive" (adaptive pooling, whose bins need not be evenly spaced). ``mode`` says what a
    padding cell holds: "zeros" (a constant, max pooling's −∞ included) or a copy of an input cell
    ("reflect", "replicate", "circular").
    """

    kind: str
    size: int  # input cells
    output: int  # output cells
    kernel: int = 1
    stride: int = 1
    dilation: int = 1
    before: int = 0
    after: int = 0
    mode: str = "zeros"

    def field(self, field: Field | None) -> Field | None:
        """``field`` carried through this layer (None: not defined, e.g. after uneven adaptive bins)."""
        if field is None:
            return None
        if self.kind == "transposed":
            return transposed_field(field, self.kernel, self.stride, self.dilation, self.before)
        if self.kind == "adaptive":
            if self.size % self.output:
                return None
            k = self.size // self.output  # even bins: a window of k with stride k
            return layer_field(field, k, k, 1, 0)
        return layer_field(field, self.kernel, self.stride, self.dilation, self.before)

    def taps(self, cell: int) -> list[int]:
        """Input positions output ``cell`` reads (< 0 or ≥ size: a padding cell; ceil_mode can reach past it)."""
        if self.kind == "adaptive":
            start = cell * self.size // self.output
            stop = -((cell + 1) * self.size // -self.output)  # ceil
            return list(range(start, stop))
        if self.kind == "transposed":
            p, s, d = self.before, self.stride, self.dilation
            return sorted(
                (cell + p - j * d) // s
                for j in range(self.kernel)
                if (cell + p - j * d) % s == 0 and 0 <= (cell + p - j * d) // s < self.size
            )
        first = cell * self.stride - self.before
        return [first + j * self.dilation for j in range(self.kernel)]

    def source(self, position: int) -> int | None:
        """The input cell a read position holds: itself, a copied cell for reflect/replicate/circular, or None."""
        n = self.size
        if 0 <= position < n:
            return position
        if self.kind != "window" or self.mode == "zeros":
            return None
        if self.mode == "replicate":
            return min(max(position, 0), n - 1)
        if self.mode == "circular":
            return position % n
        return -position if position < 0 else 2 * (n - 1) - position  # reflect


def read_back(step: Step, cells: set[int]) -> tuple[set[int], bool]:
    """One layer back: the input cells that output ``cells`` read, and whether any read a padding cell."""
    below, padded = set(), False
    for c in cells:
        for position in step.taps(c):
            padded |= not 0 <= position < step.size
            source = step.source(position)
            if source is not None:
                below.add(source)
    return below, padded


def reads(steps: list[Step], cell: int) -> tuple[set[int], bool]:
    """Walk output ``cell`` back through a chain of steps (first layer first).

    Returns the input cells it depends on and whether it reads a padding cell at some layer.
    """
    cells, padded = {cell}, False
    for step in reversed(steps):
        cells, here = read_back(step, cells)
        padded |= here
    return cells, padded


def chain_field(steps: list[Step]) -> Field | None:
    """r, S and P of a chain of steps, relative to its input."""
    field: Field | None = START
    for step in steps:
        field = step.field(field)
    return field

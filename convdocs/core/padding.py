"""Shape arithmetic of ``F.pad`` and the padding layers, in pure Python (no torch, no matplotlib).

``F.pad(x, pad, mode, value)`` takes amounts in pairs from the *last* dimension backwards:
``(left, right, top, bottom, front, back)``. A negative amount crops. The layers
``ZeroPad``, ``ConstantPad``, ``ReflectionPad``, ``ReplicationPad`` and ``CircularPad`` (1-d to 3-d)
are ``F.pad`` with a fixed mode; an integer padding means the same amount on all 2·n sides.

Everything is checked against PyTorch 2.13 (tests/test_padlayers.py): accept or reject, the output
shape, the first line of torch's error, and which input cell every output cell copies.

>>> fpad((1, 1, 3, 3), (1, 1, 2, 0)).out_shape      # width 1 + 1, height 2 + 0
(1, 1, 5, 5)
>>> fpad((1, 1, 5), (-1, -2)).out_shape            # negative amounts crop
(1, 1, 2)
>>> pad_layer("ReflectionPad1d", input=(4,), padding=2).source((0,))
(2,)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from convdocs.core.errors import Rejected, own
from convdocs.core.ints import is_int, torch_shape
from convdocs.core.layer_names import PADDING
from convdocs.core.words import say

MODES = ("constant", "reflect", "replicate", "circular")
LAYER_MODES = {
    "ZeroPad": "constant",
    "ConstantPad": "constant",
    "ReflectionPad": "reflect",
    "ReplicationPad": "replicate",
    "CircularPad": "circular",
}
LAYERS = PADDING
ALLOWED = {
    2: (2, 3),
    4: (3, 4),
    6: (4, 5),
}  # F.pad amounts → tensor ranks a non-constant mode takes


@dataclass(frozen=True)
class Pad:
    """A validated ``F.pad`` (or padding layer) on a tensor of ``shape``."""

    name: str  # "F.pad" or the layer's class name
    mode: str
    value: float
    shape: tuple[int, ...]  # the whole input tensor
    amounts: tuple[int, ...]  # F.pad's argument, last dimension first
    out_shape: tuple[int, ...]
    lead: int = 0  # leading dimensions that are not spatial (2 for a layer: batch and channels)

    @property
    def sides(self) -> tuple[tuple[int, int], ...]:
        """(before, after) for every dimension of the tensor, first dimension first; negative crops."""
        per_dim = [(0, 0)] * len(self.shape)
        pairs = len(self.amounts) // 2
        for j in range(pairs):
            per_dim[len(self.shape) - 1 - j] = (
                self.amounts[2 * j],
                self.amounts[2 * j + 1],
            )
        return tuple(per_dim)

    @property
    def input(self) -> tuple[int, ...]:
        return self.shape[self.lead :]

    @property
    def output(self) -> tuple[int, ...]:
        return self.out_shape[self.lead :]

    @property
    def pads(self) -> tuple[tuple[int, int], ...]:
        """(before, after) per spatial dimension (for a layer; every dimension for F.pad)."""
        return self.sides[self.lead :]

    @property
    def ndim(self) -> int:
        return len(self.input)

    @property
    def fill(self) -> str:
        return f"{self.value:g}" if self.mode == "constant" else self.mode

    def source(self, cell: tuple[int, ...]) -> tuple[int, ...] | None:
        """The input cell (over :attr:`input`'s dimensions) whose value output ``cell`` holds; None for the constant.

        Output coordinates start at 0 in the padded result. Circular padding wraps the cropped input
        when the other side crops (torch copies from the already-cropped result).
        """
        if len(cell) != self.ndim or not all(0 <= c < n for c, n in zip(cell, self.output)):
            raise own(f"output cell {tuple(cell)} is outside the output of size {self.output}")
        out = []
        for c, n, (lo, hi) in zip(cell, self.input, self.pads):
            x = c - lo  # input coordinate; outside [0, n) means a padding cell
            if 0 <= x < n:
                out.append(x)
            elif self.mode == "constant":
                return None
            elif self.mode == "replicate":
                out.append(min(max(x, 0), n - 1))
            elif self.mode == "reflect":
                out.append(-x if x < 0 else 2 * (n - 1) - x)
            else:  # circular: wrap within what is left after cropping
                first, last = max(-lo, 0), n - max(-hi, 0)
                out.append(first + (x - first) % (last - first))
        return tuple(out)

    def is_padding(self, cell: tuple[int, ...]) -> bool:
        """Whether output ``cell`` was added by padding (not copied from the same place of the input)."""
        return any(not 0 <= c - lo < n for c, n, (lo, _) in zip(cell, self.input, self.pads))

    def cells(self):
        return itertools.product(*(range(n) for n in self.output))


def side_sum(lo: int, size: int, hi: int) -> str:
    """One dimension's new length as a sum, a negative amount written as a subtraction (a crop).

    >>> side_sum(2, 6, -1), side_sum(-1, 6, 2), side_sum(1, 4, 1)
    ('2 + 6 − 1 = 7', '−1 + 6 + 2 = 7', '1 + 4 + 1 = 6')
    """
    head = f"−{-lo}" if lo < 0 else str(lo)
    tail = f"− {-hi}" if hi < 0 else f"+ {hi}"
    return f"{head} + {size} {tail} = {lo + size + hi}"


def fpad(
    shape,
    pad,
    mode: str = "constant",
    value=None,
    *,
    name: str = "F.pad",
    lead: int = 0,
) -> Pad:
    """``torch.nn.functional.pad`` on a tensor of ``shape`` (every dimension, batch and channels included)."""
    shape = tuple(shape)
    if not all(is_int(v) and v >= 0 for v in shape) or not shape:
        raise own(f"shape must be non-negative integers, not {shape!r}")
    if not isinstance(pad, (tuple, list)) or not all(is_int(v) for v in pad):
        raise own(f"pad must be a tuple of integers, not {pad!r}")
    pad = tuple(pad)
    if mode not in MODES:
        raise Rejected(
            f"Unrecognised padding mode {mode}",
            f"use one of {', '.join(MODES)}",
            kind="NotImplementedError",
        )
    ndim, length = len(shape), len(pad)
    if length % 2:
        raise Rejected(
            "Padding length must be divisible by 2",
            "give amounts in (before, after) pairs",
        )
    if length // 2 > ndim:
        raise Rejected(
            f"Padding length should be less than or equal to two times the input dimension but got "
            f"padding length {length} and input of dimension {ndim}",
            "there are more pairs than the tensor has dimensions",
        )
    pairs = length // 2
    per = {ndim - 1 - j: (pad[2 * j], pad[2 * j + 1]) for j in range(pairs)}
    if mode == "constant":
        out = _constant(shape, per)
        return Pad(name, mode, 0.0 if value is None else float(value), shape, pad, out, lead)
    if value is not None and value != 0:
        raise Rejected(
            f'Padding mode "{mode}" doesn\'t take in value argument',
            "only constant padding has a value",
        )
    if ndim not in ALLOWED.get(length, ()):
        raise Rejected(
            f"Padding size {length} is not supported for {ndim}D input tensor.",
            f"{mode} padding takes 2, 4 or 6 amounts for the last 1, 2 or 3 dimensions of a tensor with "
            "1 or 2 more dimensions",
            kind="NotImplementedError",
        )
    out = {"reflect": _reflect, "replicate": _replicate, "circular": _circular}[mode](shape, pad, per, pairs)
    return Pad(name, mode, 0.0, shape, pad, out, lead)


def _constant(shape, per):
    out = list(shape)
    for dim in sorted(per):  # torch narrows the leading padded dimension first
        lo, hi = per[dim]
        size = shape[dim]
        if lo < 0:
            size += lo
            if size < 0:
                raise Rejected(
                    "narrow(): length must be non-negative.",
                    f"cropping {-lo} from a dimension of {shape[dim]} leaves less than nothing",
                )
        if hi < 0:
            size += hi
            if size < 0:
                raise Rejected(
                    "narrow(): length must be non-negative.",
                    f"cropping {-min(lo, 0) - hi} from a dimension of {shape[dim]} leaves less than nothing",
                )
        out[dim] = shape[dim] + lo + hi
    return tuple(out)


RANKS = {1: "2D or 3D", 2: "3D or 4D", 3: "4D or 5D"}


def _nonempty(shape, pairs):
    batched = len(shape) == pairs + 2
    if 0 in (shape[1:] if batched else shape):
        raise Rejected(
            f"Expected {RANKS[pairs]} (batch mode) tensor with possibly 0 batch size and other non-zero "
            f"dimensions for input, but got: {torch_shape(shape)}",
            "every padded dimension must be at least 1",
        )


def _too_small(shape, per, pairs, replicate=False):
    """torch checks only that *some* padded dimension keeps a cell; a negative size fails afterwards."""
    dims = sorted(per)
    sizes = [shape[d] for d in dims]
    outs = [shape[d] + sum(per[d]) for d in dims]
    out = tuple(shape[d] + sum(per[d]) if d in per else shape[d] for d in range(len(shape)))
    if max(outs) >= 1:
        if min(out) >= 0:
            return out
        why = "cropping leaves a negative size in one dimension"
        if not replicate and pairs == 2:
            raise Rejected("numel: integer multiplication overflow", why)
        raise Rejected(
            f"Trying to create tensor with negative dimension {next(v for v in out if v < 0)}: {torch_shape(out)}",
            why,
        )
    if pairs == 1:
        text = f"input (W: {sizes[0]}) is too small. Calculated output W: {outs[0]}"
    elif pairs == 2:
        gap = " " if replicate else ""
        text = f"input (H: {sizes[0]}, W: {sizes[1]}{gap}) is too small. Calculated output H: {outs[0]} W: {outs[1]}"
    else:
        text = (
            f"input (D: {sizes[0]} H: {sizes[1]}, W: {sizes[2]}) is too small. "
            f"Calculated output D: {outs[0]} H: {outs[1]} W: {outs[2]}"
        )
    raise Rejected(text, say("pad.empty_1d" if pairs == 1 else "pad.empty_nd"))


def _reflect(shape, pad, per, pairs):
    _nonempty(shape, pairs)
    for j in range(pairs):  # the last dimension first
        dim = len(shape) - 1 - j
        lo, hi = per[dim]
        if not (lo < shape[dim] and hi < shape[dim]):
            raise Rejected(
                f"Argument #{4 + 2 * j}: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({lo}, {hi}) at dimension {dim} of input {torch_shape(shape)}",
                "reflection mirrors about the edge cell, so it can add at most size − 1 cells per side",
            )
    return _too_small(shape, per, pairs)


def _replicate(shape, pad, per, pairs):
    _nonempty(shape, pairs)
    return _too_small(shape, per, pairs, replicate=True)


def _circular(shape, pad, per, pairs):
    out = list(shape)
    for dim in sorted(per):
        lo, hi = per[dim]
        out[dim] = shape[dim] + lo + hi
        if not (lo <= shape[dim] and hi <= shape[dim]):
            raise Rejected(
                "Padding value causes wrapping around more than once.",
                f"circular padding can add at most the size ({shape[dim]}) per side",
            )
        if out[dim] < 0:
            raise Rejected(
                "Negative padding value is resulting in an empty dimension",
                "cropping leaves less than nothing",
            )
    _circular_middle(shape, out, per)
    _circular_overlap(out, pad, pairs)
    return tuple(out)


def _slice_length(start, end, size):
    """Length of ``tensor.slice(dim, start, end)`` in ATen: negative ends count from the end, then clamp."""
    start, end = start + size if start < 0 else start, end + size if end < 0 else end
    start = min(max(start, 0), size)
    return min(max(end, start), size) - start


def _slice(start, end, size):
    start, end = start + size if start < 0 else start, end + size if end < 0 else end
    start = min(max(start, 0), size)
    return start, min(max(end, start), size)


def _circular_middle(shape, out, per):
    """torch copies the kept part of the input into the middle of the result; when the crops leave less
    than nothing the two slices disagree (a negative end counts from the far side) and the copy fails."""
    lengths = {}
    for dim in sorted(per, reverse=True):  # broadcasting compares the last dimension first
        lo, hi = per[dim]
        a = _slice_length(max(lo, 0), out[dim] - max(hi, 0), out[dim])
        b = _slice_length(max(-lo, 0), shape[dim] - max(-hi, 0), shape[dim])
        lengths[dim] = a, b
        if a != b and b != 1 and a != 1:
            raise Rejected(
                f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton dimension {dim}",
                "cropping removes more than the whole dimension",
            )
    if any(a == 1 and b != 1 for a, b in lengths.values()):
        target = [lengths[d][0] if d in lengths else v for d, v in enumerate(out)]
        broadcast = [
            (lengths[d][1] if lengths[d][0] == 1 else lengths[d][0]) if d in lengths else v for d, v in enumerate(out)
        ]
        raise Rejected(
            f"output with shape {torch_shape(target)} doesn't match the broadcast shape {torch_shape(broadcast)}",
            "cropping removes more than the whole dimension",
        )


def _circular_overlap(out, pad, pairs):
    """torch fills the wrapped sides by copying the result onto itself; when the two slices partly
    share memory, the copy is refused. They are plain memory ranges only while every dimension in
    front of the padded one has size 1."""
    if 0 in out:
        return
    for j in range(pairs):
        dim = len(out) - 1 - j
        lo, hi = pad[2 * j], pad[2 * j + 1]
        n = out[dim]
        copies = []
        if lo > 0:
            copies.append(((0, lo), (n - lo - max(hi, 0), n - max(hi, 0))))
        if hi > 0:
            copies.append(((n - hi, n), (max(lo, 0), max(lo, 0) + hi)))
        dense = all(v == 1 for v in out[:dim])
        for (a0, a1), (b0, b1) in ((_slice(*a, n), _slice(*b, n)) for a, b in copies):
            if dense and (a0, a1) != (b0, b1) and a0 < b1 and b0 < a1:
                raise Rejected(
                    "unsupported operation: some elements of the input tensor and the written-to tensor "
                    "refer to a single memory location. Please clone() the tensor before performing the "
                    "operation.",
                    "a torch limitation: circular padding that wraps more cells than remain after "
                    "cropping the other side",
                )


def pad_layer(name: str, input, padding, value=None) -> Pad:
    """``nn.ZeroPad1d`` … ``nn.CircularPad3d`` on a (1, 1, *input) tensor.

    ``padding`` is an int (all 2·n sides) or F.pad's tuple (last dimension first). ``value`` is
    ConstantPad's fill (required there, as in torch); the other layers take none.
    """
    prefix, digit = name[:-2], name[-2:-1]
    if prefix not in LAYER_MODES or digit not in "123":
        raise own(f"unknown padding layer {name!r}", f"use one of {', '.join(LAYERS)}")
    n = int(digit)
    size = (input,) if is_int(input) else tuple(input)
    if len(size) != n:
        raise own(
            f"{name} pads {n}-d inputs, not {len(size)}-d ones",
            f"give {n} input size{'s' * (n > 1)}",
        )
    if prefix == "ConstantPad" and value is None:
        raise Rejected(
            f"{name}.__init__() missing 1 required positional argument: 'value'",
            "ConstantPad needs the value to pad with",
            kind="TypeError",
        )
    if prefix != "ConstantPad" and value is not None:
        raise Rejected(
            f"{name}.__init__() takes 2 positional arguments but 3 were given",
            "only ConstantPad takes a value",
            kind="TypeError",
        )
    amounts = (padding,) * (2 * n) if is_int(padding) else padding
    return fpad(
        (1, 1) + size,
        amounts,
        LAYER_MODES[prefix],
        0 if prefix == "ZeroPad" else value,
        name=name,
        lead=2,
    )

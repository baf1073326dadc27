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
            raise own(say("pad.own.output_cell_outside_output_size", cell=tuple(cell), output=self.output))
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
        raise own(say("pad.own.shape_must_non_negative_integers", shape=repr(shape)))
    if not isinstance(pad, (tuple, list)) or not all(is_int(v) for v in pad):
        raise own(say("pad.own.pad_must_tuple_integers_not", pad=repr(pad)))
    pad = tuple(pad)
    if mode not in MODES:
        raise Rejected(
            say("pad.torch.unrecognised_padding_mode", mode=mode),
            say("pad.why.use_one", options=", ".join(MODES)),
            kind="NotImplementedError",
        )
    ndim, length = len(shape), len(pad)
    if length % 2:
        raise Rejected(
            say("pad.torch.padding_length_must_divisible_by"),
            say("pad.why.give_amounts_before_after_pairs"),
        )
    if length // 2 > ndim:
        raise Rejected(
            say("pad.torch.padding_length_should_less_than", length=length, ndim=ndim),
            say("pad.why.there_are_more_pairs_than"),
        )
    pairs = length // 2
    per = {ndim - 1 - j: (pad[2 * j], pad[2 * j + 1]) for j in range(pairs)}
    if mode == "constant":
        out = _constant(shape, per)
        return Pad(name, mode, 0.0 if value is None else float(value), shape, pad, out, lead)
    if value is not None and value != 0:
        raise Rejected(
            say("pad.torch.padding_mode_doesn_t_take", mode=mode),
            say("pad.why.only_constant_padding_has_value"),
        )
    if ndim not in ALLOWED.get(length, ()):
        raise Rejected(
            say("pad.torch.padding_size_not_supported_d", length=length, ndim=ndim),
            say("pad.why.padding_takes_2_4_6", mode=mode),
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
                    say("pad.torch.narrow_length_must_non_negative"),
                    say("pad.why.cropping_from_dimension_leaves_less", crop=-lo, size=shape[dim]),
                )
        if hi < 0:
            size += hi
            if size < 0:
                raise Rejected(
                    say("pad.torch.narrow_length_must_non_negative"),
                    say(
                        "pad.why.cropping_from_dimension_leaves_less",
                        crop=-min(lo, 0) - hi,
                        size=shape[dim],
                    ),
                )
        out[dim] = shape[dim] + lo + hi
    return tuple(out)


RANKS = {1: "2D or 3D", 2: "3D or 4D", 3: "4D or 5D"}


def _nonempty(shape, pairs):
    batched = len(shape) == pairs + 2
    if 0 in (shape[1:] if batched else shape):
        raise Rejected(
            say(
                "pad.torch.expected_batch_mode_tensor_with",
                rank=RANKS[pairs],
                shape=torch_shape(shape),
            ),
            say("pad.why.every_padded_dimension_must_at"),
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
        why = say("pad.why.cropping_leaves_negative_size")
        if not replicate and pairs == 2:
            raise Rejected(say("pad.torch.numel_integer_multiplication_overflow"), why)
        raise Rejected(
            say(
                "common.torch.trying_create_tensor_with_negative",
                negative=next(v for v in out if v < 0),
                shape=torch_shape(out),
            ),
            why,
        )
    if pairs == 1:
        text = say("pad.torch.input_too_small_1d", w=sizes[0], out_w=outs[0])
    elif pairs == 2:
        gap = " " if replicate else ""
        text = say("pad.torch.input_too_small_2d", h=sizes[0], w=sizes[1], gap=gap, out_h=outs[0], out_w=outs[1])
    else:
        text = say(
            "pad.torch.input_too_small_3d",
            d=sizes[0],
            h=sizes[1],
            w=sizes[2],
            out_d=outs[0],
            out_h=outs[1],
            out_w=outs[2],
        )
    raise Rejected(text, say("pad.empty_1d" if pairs == 1 else "pad.empty_nd"))


def _reflect(shape, pad, per, pairs):
    _nonempty(shape, pairs)
    for j in range(pairs):  # the last dimension first
        dim = len(shape) - 1 - j
        lo, hi = per[dim]
        if not (lo < shape[dim] and hi < shape[dim]):
            raise Rejected(
                say(
                    "pad.torch.argument_padding_size_should_less",
                    argument=4 + 2 * j,
                    lo=lo,
                    hi=hi,
                    dim=dim,
                    shape=torch_shape(shape),
                ),
                say("pad.why.reflection_mirrors_about_edge_cell"),
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
                say("pad.torch.padding_value_causes_wrapping_around"),
                say("pad.why.circular_padding_can_add_at", size=shape[dim]),
            )
        if out[dim] < 0:
            raise Rejected(
                say("pad.torch.negative_padding_value_resulting_empty"),
                say("pad.why.cropping_leaves_less_than_nothing"),
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
                say("pad.torch.size_tensor_must_match_size", a=a, b=b, dim=dim),
                say("pad.why.cropping_removes_more_than_whole"),
            )
    if any(a == 1 and b != 1 for a, b in lengths.values()):
        target = [lengths[d][0] if d in lengths else v for d, v in enumerate(out)]
        broadcast = [
            (lengths[d][1] if lengths[d][0] == 1 else lengths[d][0]) if d in lengths else v for d, v in enumerate(out)
        ]
        raise Rejected(
            say(
                "pad.torch.output_with_shape_doesn_t",
                target=torch_shape(target),
                broadcast=torch_shape(broadcast),
            ),
            say("pad.why.cropping_removes_more_than_whole"),
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
                    say("pad.torch.unsupported_operation_some_elements_input"),
                    say("pad.why.torch_limitation_circular_padding_that"),
                )


def pad_layer(name: str, input, padding, value=None) -> Pad:
    """``nn.ZeroPad1d`` … ``nn.CircularPad3d`` on a (1, 1, *input) tensor.

    ``padding`` is an int (all 2·n sides) or F.pad's tuple (last dimension first). ``value`` is
    ConstantPad's fill (required there, as in torch); the other layers take none.
    """
    prefix, digit = name[:-2], name[-2:-1]
    if prefix not in LAYER_MODES or digit not in "123":
        raise own(
            say("pad.own.unknown_padding_layer", name=repr(name)),
            say("pad.why.use_one", options=", ".join(LAYERS)),
        )
    n = int(digit)
    size = (input,) if is_int(input) else tuple(input)
    if len(size) != n:
        raise own(
            say("pad.own.pads_d_inputs_not_d", name=name, n=n, got=len(size)),
            say("common.why.give_input_size", n=n, plural="s" * (n > 1)),
        )
    if prefix == "ConstantPad" and value is None:
        raise Rejected(
            say("pad.torch.init_missing_1_required_positional", name=name),
            say("pad.why.constantpad_needs_value_pad_with"),
            kind="TypeError",
        )
    if prefix != "ConstantPad" and value is not None:
        raise Rejected(
            say("pad.torch.init_takes_2_positional_arguments", name=name),
            say("pad.why.only_constantpad_takes_value"),
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

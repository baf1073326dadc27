"""Shape arithmetic of ``nn.Unfold`` and ``nn.Fold``, in pure Python (no torch, no matplotlib).

``Unfold`` cuts a (1, C, H, W) input into the blocks a convolution would read — zero padding,
stride and dilation as in ``Conv2d`` — and lays each block out as a column: the output is
(1, C·kh·kw, L) with L the number of blocks. ``Fold`` is the reverse: it sums L columns back into
an image of ``output_size``, and L must be exactly the number of blocks that fit.

>>> u = unfold(input=(5, 6), kernel=3, padding=1, stride=2)
>>> u.blocks, u.count, u.output
((3, 3), 9, (9, 9))
>>> fold(output_size=(4, 5), kernel=2, channels=4, count=12).output
(1, 4, 5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convdocs.core.errors import Rejected, own
from convdocs.core.ints import is_int
from convdocs.core.words import say


def per_axis(**pairs) -> dict[str, int]:
    """Each (height, width) pair as the catalogue's fields name it: ``k=(3, 2)`` -> ``k_0=3, k_1=2``."""
    return {f"{name}_{axis}": value[axis] for name, value in pairs.items() for axis in (0, 1)}


@dataclass(frozen=True)
class Blocks:
    """A validated Unfold (or Fold) configuration: the sliding blocks over a zero-padded 2-d grid."""

    name: str  # "Unfold" or "Fold"
    input: tuple[int, ...]  # Unfold: (H, W); Fold: (C·kh·kw, L)
    kernel: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[int, int]
    stride: tuple[int, int]
    size: tuple[int, int]  # the image the blocks slide over: Unfold's input, Fold's output_size
    blocks: tuple[int, int]  # blocks along height and width
    output: tuple[int, ...]  # Unfold: (C·kh·kw, L) for C = 1; Fold: (C, H, W)

    @property
    def count(self) -> int:
        """L, the number of blocks: the product of the blocks along each dimension."""
        return self.blocks[0] * self.blocks[1]

    @property
    def pads(self) -> tuple[tuple[int, int], ...]:
        return tuple((p, p) for p in self.padding)

    @property
    def ndim(self) -> int:
        return 2

    def block(self, index: int) -> list[tuple[int, int]]:
        """The cells (image coordinates; negative or past the edge means padding) of block ``index`` (0 … L − 1)."""
        if not 0 <= index < self.count:
            raise own(say("unfold.own.block_does_not_exist_there", index=index, count=self.count))
        r, c = divmod(index, self.blocks[1])
        top = r * self.stride[0] - self.padding[0]
        left = c * self.stride[1] - self.padding[1]
        return [
            (top + i * self.dilation[0], left + j * self.dilation[1])
            for i in range(self.kernel[0])
            for j in range(self.kernel[1])
        ]


def _pair(name, value) -> tuple[int, int]:
    values = (value, value) if is_int(value) else tuple(value) if isinstance(value, (tuple, list)) else None
    if values is None or not all(is_int(v) for v in values):
        raise own(say("unfold.own.must_integer_tuple_2_integers", name=name, value=repr(value)))
    if len(values) != 2:
        raise Rejected(
            say("unfold.torch.expected_equals_2_size", name=name, n_values=len(values)),
            say("unfold.why.give_one_2_height_width", what=name.replace("_", " ")),
        )
    return values


def _params(kernel, dilation, padding, stride, fold=False):
    k, d, p, s = (
        _pair("kernel_size", kernel),
        _pair("dilation", dilation),
        _pair("padding", padding),
        _pair("stride", stride),
    )
    if fold and min(k) > 0 and min(s) <= 0:  # col2im checks the stride before the dilation
        raise Rejected(
            say("unfold.torch.stride_should_greater_than_zero", s_0=s[0], s_1=s[1]),
            say("common.why.stride_must_at_least_1"),
        )
    if min(k) <= 0:
        raise Rejected(
            say("unfold.torch.kernel_size_should_greater_than", k_0=k[0], k_1=k[1]),
            say("common.why.kernel_size_must_at_least"),
        )
    if min(d) <= 0:
        raise Rejected(
            say("unfold.torch.dilation_should_greater_than_zero", d_0=d[0], d_1=d[1]),
            say("common.why.dilation_must_at_least_1"),
        )
    if min(p) < 0:
        raise Rejected(
            say("unfold.torch.padding_should_non_negative_pad", p_0=p[0], p_1=p[1]),
            say("common.why.padding_must_0_more"),
        )
    if min(s) <= 0:
        raise Rejected(
            say("unfold.torch.stride_should_greater_than_zero", s_0=s[0], s_1=s[1]),
            say("common.why.stride_must_at_least_1"),
        )
    return k, d, p, s


def block_count(size: int, kernel: int, padding: int, stride: int, dilation: int = 1) -> int:
    """Blocks along one dimension: ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _blocks(size, k, p, s, d) -> tuple[int, int]:
    """Blocks along height and width."""
    return block_count(size[0], k[0], p[0], s[0], d[0]), block_count(size[1], k[1], p[1], s[1], d[1])


def unfold(input, kernel, dilation=1, padding=0, stride=1) -> Blocks:
    """``nn.Unfold`` on a (1, 1, H, W) input: output (kh·kw, L)."""
    size = tuple(input) if isinstance(input, (tuple, list)) else None
    if size is None or len(size) != 2 or not all(is_int(v) and v >= 0 for v in size):
        raise own(say("unfold.own.unfold_takes_2_d_input", input=repr(input)))
    k, d, p, s = _params(kernel, dilation, padding, stride)
    if 0 in size:
        raise Rejected(
            say("unfold.torch.expected_3d_4d_batch_mode", size_0=size[0], size_1=size[1]),
            say("unfold.why.both_sizes_must_at_least"),
        )
    blocks = _blocks(size, k, p, s, d)
    if min(blocks) < 1:
        raise Rejected(
            say(
                "unfold.torch.given_input_with_spatial_size",
                **per_axis(size=size, k=k, d=d, p=p, blocks=blocks),
            ),
            say("unfold.why.dilated_kernel_larger_than_padded"),
        )
    return Blocks("Unfold", size, k, d, p, s, size, blocks, (k[0] * k[1], blocks[0] * blocks[1]))


def fold(output_size, kernel, dilation=1, padding=0, stride=1, channels=None, count=None) -> Blocks:
    """``nn.Fold`` on a (1, channels, count) input; ``channels`` defaults to kh·kw (one image channel),
    ``count`` (L) to the number of blocks that fit ``output_size``. Output (C, H, W)."""
    size = _pair("output_size", output_size)
    k, d, p, s = _params(kernel, dilation, padding, stride, fold=True)
    channels = k[0] * k[1] if channels is None else channels
    blocks = _blocks(size, k, p, s, d)
    count = blocks[0] * blocks[1] if count is None else count
    if channels == 0 or count == 0 and blocks[0] * blocks[1] != 0:
        raise Rejected(
            say("unfold.torch.expected_2d_3d_batch_mode", channels=channels, count=count),
            say("unfold.why.input_must_not_empty"),
        )
    if channels % (k[0] * k[1]):
        raise Rejected(
            say("unfold.torch.expected_size_input_s_dimension", channels=channels, k_0=k[0], k_1=k[1]),
            say("unfold.why.each_column_holds_kh_kw"),
        )
    if count != blocks[0] * blocks[1]:
        raise Rejected(
            say(
                "unfold.torch.given_output_size_kernel_size",
                **per_axis(size=size, k=k, d=d, p=p, s=s, blocks=blocks),
                n_blocks=blocks[0] * blocks[1],
                count=count,
            ),
            say("unfold.why.l_must_number_blocks_that"),
        )
    if min(blocks) < 1:
        raise Rejected(
            say(
                "unfold.torch.given_output_size_kernel_size_2",
                **per_axis(size=size, k=k, d=d, p=p, s=s, blocks=blocks),
            ),
            say("unfold.why.dilated_kernel_larger_than_padded_2"),
        )
    if min(size) < 1:
        raise Rejected(
            say("unfold.torch.expected_output_spatial_size_positive", size_0=size[0], size_1=size[1]),
            say("unfold.why.output_must_have_at_least"),
        )
    if count == 0:
        raise Rejected(
            say("unfold.torch.expected_2d_3d_batch_mode", channels=channels, count=count),
            say("unfold.why.input_must_not_empty"),
        )
    return Blocks(
        "Fold",
        (channels, count),
        k,
        d,
        p,
        s,
        size,
        blocks,
        (channels // math.prod(k), size[0], size[1]),
    )

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
            raise own(f"block {index} does not exist: there are {self.count}")
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
        raise own(f"{name} must be an integer or a tuple of 2 integers, not {value!r}")
    if len(values) != 2:
        raise Rejected(
            f"It is expected {name} equals to 2, but got size {len(values)}",
            f"give one {name.replace('_', ' ')} or 2 (height, width)",
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
            f"stride should be greater than zero, but got stride_height: {s[0]} stride_width: {s[1]}",
            "stride must be at least 1",
        )
    if min(k) <= 0:
        raise Rejected(
            f"kernel size should be greater than zero, but got kernel_height: {k[0]} kernel_width: {k[1]}",
            "kernel size must be at least 1",
        )
    if min(d) <= 0:
        raise Rejected(
            f"dilation should be greater than zero, but got dilation_height: {d[0]} dilation_width: {d[1]}",
            "dilation must be at least 1",
        )
    if min(p) < 0:
        raise Rejected(
            f"padding should be non-negative, but got pad_height: {p[0]} pad_width: {p[1]}",
            "padding must be 0 or more",
        )
    if min(s) <= 0:
        raise Rejected(
            f"stride should be greater than zero, but got stride_height: {s[0]} stride_width: {s[1]}",
            "stride must be at least 1",
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
        raise own(f"Unfold takes a 2-d input (height, width), not {input!r}")
    k, d, p, s = _params(kernel, dilation, padding, stride)
    if 0 in size:
        raise Rejected(
            "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
            f"dimensions for input, but got: [1, 1, {size[0]}, {size[1]}]",
            "both sizes must be at least 1",
        )
    blocks = _blocks(size, k, p, s, d)
    if min(blocks) < 1:
        raise Rejected(
            f"Given input with spatial size ({size[0]}, {size[1]}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), calculated shape of the array of "
            f"sliding blocks as ({blocks[0]}, {blocks[1]}), but its components must be at least one.",
            "the dilated kernel is larger than the padded input",
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
            "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
            f"dimensions for input, but got: [1, {channels}, {count}]",
            "the input must not be empty",
        )
    if channels % (k[0] * k[1]):
        raise Rejected(
            f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
            f"input.size(1)={channels} and kernel_size=({k[0]}, {k[1]}).",
            "each column holds kh·kw values per channel",
        )
    if count != blocks[0] * blocks[1]:
        raise Rejected(
            f"Given output_size=({size[0]}, {size[1]}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), expected size "
            f"of input's dimension 2 to match the calculated number of sliding blocks {blocks[0]} * "
            f"{blocks[1]} = {blocks[0] * blocks[1]}, but got input.size(2)={count}.",
            "L must be the number of blocks that fit the output size",
        )
    if min(blocks) < 1:
        raise Rejected(
            f"Given output_size=({size[0]}, {size[1]}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), calculated "
            f"shape of the array of sliding blocks as ({blocks[0]}, {blocks[1]}), which is too small "
            "(non-positive)",
            "the dilated kernel is larger than the padded output",
        )
    if min(size) < 1:
        raise Rejected(
            f"Expected output spatial size to be positive, but got: output_size=({size[0]}, {size[1]}).",
            "the output must have at least one cell in each dimension",
        )
    if count == 0:
        raise Rejected(
            "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
            f"dimensions for input, but got: [1, {channels}, {count}]",
            "the input must not be empty",
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

"""A transposed convolution drawn as conv_arithmetic draws it, in pure Python: the stretched input."""

from __future__ import annotations

from dataclasses import dataclass

from convdocs.core.conv_cells import Conv
from convdocs.core.errors import ConvError
from convdocs.core.words import say


@dataclass(frozen=True)
class Stretch:
    """One dimension of a transposed convolution drawn as conv_arithmetic draws it: the direct convolution
    (stride 1, same kernel flipped, same dilation) over the input stretched by s − 1 zeros between cells,
    with implicit zero padding d·(k − 1) − p on each side and output_padding's extra cells at the end.

    Positions are counted on the uncropped grid: the input stretched and padded by d·(k − 1) on each side
    (``padding`` = 0). ``padding`` crops ``p`` of those positions from each side, which is the same as
    cropping ``p`` cells from each side of the uncropped output.

    >>> st = stretch(check(input=(4,), kernel=3, stride=2, padding=1, transposed=True), 0)
    >>> st.inserted, st.implicit, st.used, st.kept
    (1, 1, (1, 10), (1, 8))
    """

    size: int  # positions drawn on the input side
    inputs: tuple[tuple[int, int], ...]  # (position, input index) of every input cell
    inserted: int  # zeros between neighbouring input cells: s − 1
    implicit: int  # zero padding on each side of the stretched input: d·(k − 1) − p (negative: a crop)
    used: tuple[int, int]  # positions [start, stop) the direct convolution reads
    extra: tuple[int, int]  # positions [start, stop) that output_padding adds at the end
    out_size: int  # output positions drawn: the uncropped output, or more with output_padding
    kept: tuple[int, int]  # output positions [start, stop) that the layer returns
    dilation: int
    kernel: int

    def reads(self, o: int) -> list[int]:
        """Positions that the layer's output cell ``o`` reads in the direct convolution."""
        x = self.kept[0] + o
        return [x + j * self.dilation for j in range(self.kernel)]


def stretch(conv: Conv, axis: int) -> Stretch:
    """The :class:`Stretch` of a transposed ``conv`` along ``axis``."""
    if not conv.transposed:
        raise ConvError(say("conv.own.stretch_draws_transposed_convolutions_direct"))
    i, k, s, d = conv.input[axis], conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    p, a = conv.pads[axis][0], conv.output_padding[axis]
    full = d * (k - 1)  # padding of the uncropped grid
    length = (i - 1) * s + 1  # the stretched input
    used = (p, p + length + 2 * (full - p) + a)
    size = max(length + 2 * full, used[1])
    kept = (p, p + conv.output[axis])
    return Stretch(
        size,
        tuple((full + n * s, n) for n in range(i)),
        s - 1,
        full - p,
        used,
        (used[1] - a, used[1]),
        max(length + full, kept[1]),
        kept,
        d,
        k,
    )

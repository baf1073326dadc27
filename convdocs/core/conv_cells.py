"""A validated convolution and the cells it reads, in pure Python.

:class:`Conv` is what `convdocs.core.conv.check` returns: every per-dimension value spelled out, the padding
applied on each side, the output size, and which input cells each output cell reads.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from convdocs.core.errors import ConvError
from convdocs.core.words import say


@dataclass(frozen=True)
class Conv:
    """A validated convolution configuration, every per-dimension value spelled out."""

    input: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...] | str
    dilation: tuple[int, ...]
    padding_mode: str
    transposed: bool
    output_padding: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]
    output: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.input)

    @property
    def empty(self) -> bool:
        """True when the output has a size of 0 (torch returns an empty tensor: see :func:`empty_output_allowed`)."""
        return 0 in self.output

    @property
    def padded(self) -> tuple[int, ...]:
        """Size of the input after padding (convolution), per dimension."""
        return tuple(i + lo + hi for i, (lo, hi) in zip(self.input, self.pads))

    @property
    def span(self) -> tuple[int, ...]:
        """Dilated kernel extent d·(k − 1) + 1, per dimension."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel, self.dilation))

    def reads(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Input cells (input coordinates; negative or ≥ size means a padding cell) that output ``cell`` reads.

        For a transposed convolution: the input cells that contribute to output ``cell``.
        """
        check_cell(cell, self.output, "output")
        per_dim = [_reads_1d(self, axis, o) for axis, o in enumerate(cell)]
        return list(itertools.product(*per_dim))

    def grid(self, axis: int) -> range:
        """Cell indices along ``axis`` in input coordinates, padding included (convolution only pads)."""
        lo, hi = (0, 0) if self.transposed else self.pads[axis]
        return range(-lo, self.input[axis] + hi)

    def unread(self) -> list[tuple[int, ...]]:
        """Cells of the (padded) input that no output cell reads: the stride floor drops them, dilation can skip them."""
        skipped = []
        for axis in range(self.ndim):
            read = _read_along(self, axis)
            skipped.append({i for i in self.grid(axis) if i not in read})
        cells = itertools.product(*(self.grid(axis) for axis in range(self.ndim)))
        return [c for c in cells if any(v in skipped[axis] for axis, v in enumerate(c))]

    def source(self, cell: tuple[int, ...]) -> tuple[int, ...] | None:
        """The input cell whose value a padded cell holds under this padding mode; None for a zero.

        ```pycon
        >>> check(input=(4,), kernel=3, padding=2, padding_mode="reflect").source((-2,))
        (2,)

        ```
        """
        return _source(cell, self.input, self.padding_mode)

    def read_by(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Output cells that read input ``cell`` (input coordinates)."""
        per_dim = []
        for axis, i in enumerate(cell):
            per_dim.append([o for o in range(self.output[axis]) if i in _reads_1d(self, axis, o)])
        return list(itertools.product(*per_dim))


def _reads_1d(conv: Conv, axis: int, o: int) -> list[int]:
    k, s, d = conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    if not conv.transposed:
        start = o * s - conv.pads[axis][0]
        return [start + j * d for j in range(k)]
    p, size = conv.pads[axis][0], conv.input[axis]
    # output o = i·s − p + j·d: input i feeds o through tap j. Loop over the shorter of taps and inputs.
    if size < k:
        return [
            i for i in range(size) if (o + p - i * s) >= 0 and (o + p - i * s) % d == 0 and (o + p - i * s) // d < k
        ]
    return sorted(
        (o + p - j * d) // s for j in range(k) if (o + p - j * d) % s == 0 and 0 <= (o + p - j * d) // s < size
    )


def _read_along(conv: Conv, axis: int) -> set[int]:
    """The cells along ``axis`` (input coordinates) that some output cell reads, in time linear in the grid.

    Same answer as the union of ``_reads_1d`` over every output cell, without its output × kernel loop.
    """
    k, s, d, out = conv.kernel[axis], conv.stride[axis], conv.dilation[axis], conv.output[axis]
    if conv.transposed:  # input i feeds outputs i·s − p + j·d, j < k: is one of them in [0, out)?
        p, read = conv.pads[axis][0], set()
        for i in range(conv.input[axis]):
            t = i * s - p
            j = max(0, -(t // d))  # the first tap with t + j·d ≥ 0
            if j < k and t + j * d < out:
                read.add(i)
        return read
    lo, size = conv.pads[axis][0], conv.padded[axis]
    if out == 0:
        return set()
    # Tap j reads padded positions j·d + s·o, o < out: per residue of j·d mod s, a run of units [q, q + out).
    marks, runs = bytearray(size), dict[int, tuple[int, int]]()
    for j in range(k):
        c, q = divmod(j * d, s)[::-1]
        start, end = runs.get(c, (q, q))
        if q > end:
            marks[c + s * start : c + s * end : s] = b"\x01" * (end - start)
            start = q
        runs[c] = (start, max(end, q + out))
    for c, (start, end) in runs.items():
        marks[c + s * start : c + s * end : s] = b"\x01" * (end - start)
    return {y - lo for y, m in enumerate(marks) if m}


def _source(cell: Sequence[int], size: Sequence[int], mode: str) -> tuple[int, ...] | None:
    out: list[int] = []
    for i, n in zip(cell, size):
        if 0 <= i < n:
            out.append(i)
        elif mode == "zeros":
            return None
        elif mode == "replicate":
            out.append(min(max(i, 0), n - 1))
        elif mode == "circular":
            out.append(i % n)
        else:  # reflect: mirror about the edge cell, which is not repeated
            out.append(-i if i < 0 else 2 * (n - 1) - i)
    return tuple(out)


def check_cell(cell: Sequence[int], shape: Sequence[int], what: str) -> None:
    if len(cell) != len(shape) or not all(0 <= c < n for c, n in zip(cell, shape)):
        raise ConvError(say("conv.own.cell_outside_size", what=what, cell=tuple(cell), shape=tuple(shape)))

"""Shape arithmetic of PyTorch convolutions, in pure Python.

No torch, no matplotlib: this module is the bottom layer. It answers, for
``Conv1d/2d/3d`` and ``ConvTranspose1d/2d/3d``, what PyTorch 2.13 answers:
the output size, the padding applied on each side, which input cells each
output cell reads, and whether the configuration is accepted at all.

>>> conv = check(input=(7, 7), kernel=3, stride=2, padding=1)
>>> conv.output
(4, 4)
>>> conv.pads
((1, 1), (1, 1))
>>> check(input=(7, 7), kernel=4, padding="same").pads
((1, 2), (1, 2))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
PADDING_STRINGS = ("same", "valid")
DIMENSION_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


class ConvError(ValueError):
    """A configuration PyTorch rejects. The message is one line: what is wrong and what is allowed."""


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
        _check_cell(cell, self.output, "output")
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
            read = {i for o in range(self.output[axis]) for i in _reads_1d(self, axis, o)}
            skipped.append({i for i in self.grid(axis) if i not in read})
        cells = itertools.product(*(self.grid(axis) for axis in range(self.ndim)))
        return [c for c in cells if any(v in skipped[axis] for axis, v in enumerate(c))]

    def source(self, cell: tuple[int, ...]) -> tuple[int, ...] | None:
        """The input cell whose value a padded cell holds under this padding mode; None for a zero.

        >>> check(input=(4,), kernel=3, padding=2, padding_mode="reflect").source((-2,))
        (2,)
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
    # output o = i·s − p + j·d: input i feeds o through tap j.
    return sorted(
        (o + p - j * d) // s for j in range(k) if (o + p - j * d) % s == 0 and 0 <= (o + p - j * d) // s < size
    )


def _source(cell, size, mode):
    out = []
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


def _check_cell(cell, shape, what):
    if len(cell) != len(shape) or not all(0 <= c < n for c, n in zip(cell, shape)):
        raise ConvError(f"{what} cell {tuple(cell)} is outside the {what} of size {tuple(shape)}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _per_dim(name: str, value, ndim: int, *, allow_one: bool = True) -> tuple[int, ...]:
    """An int, or a tuple of ``ndim`` ints (PyTorch also takes a 1-tuple for some arguments)."""
    if _is_int(value):
        return (value,) * ndim
    if isinstance(value, (tuple, list)) and all(_is_int(v) for v in value):
        if len(value) == ndim:
            return tuple(value)
        if len(value) == 1 and allow_one:
            return tuple(value) * ndim
        allowed = f"one integer or {ndim}" + (" (or a 1-tuple)" if allow_one else "")
        raise ConvError(f"{name} has {len(value)} values for a {ndim}-d input: give {allowed}")
    raise ConvError(f"{name} must be an integer or a tuple of {ndim} integers, not {value!r}")


def _one_tuple(value) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 1


def _fmt(values) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def dims(shape, sep: str = " × ") -> str:
    """A shape as people write it: ``dims((9, 7)) == "9 × 7"``; figures use the tighter ``sep="×"``."""
    return sep.join(map(str, shape))


def same_pads(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's split of ``padding='same'``: total d·(k − 1), the odd one out on the right/bottom."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


def check(
    input,
    kernel,
    stride=1,
    padding=0,
    dilation=1,
    padding_mode: str = "zeros",
    transposed: bool = False,
    output_padding=0,
) -> Conv:
    """Validate a configuration as PyTorch 2.13 would and work out its output.

    ``input`` is the spatial size (no batch or channel): an int for 1-d, or a
    tuple of 1 to 3 ints. Raises :class:`ConvError` for anything PyTorch rejects.

    >>> check(input=(5, 5), kernel=3, padding=1).output
    (5, 5)
    >>> check(input=7, kernel=3, stride=2, padding="same")
    Traceback (most recent call last):
    ...
    convdocs.geometry.ConvError: padding='same' needs stride 1 in every dimension (PyTorch does not support it for strided convolutions); got stride 2
    """
    size = (input,) if _is_int(input) else input
    if not isinstance(size, (tuple, list)) or not 1 <= len(size) <= 3 or not all(_is_int(v) for v in size):
        raise ConvError(f"input must be 1 to 3 integer sizes, not {input!r}")
    size = tuple(size)
    n = len(size)
    if padding_mode not in PADDING_MODES:
        raise ConvError(f"padding_mode {padding_mode!r} is unknown: use one of {', '.join(PADDING_MODES)}")
    if isinstance(padding, str) and padding not in PADDING_STRINGS:
        raise ConvError(f"padding {padding!r} is unknown: use an integer, a tuple of {n}, 'same' or 'valid'")
    k = _per_dim("kernel", kernel, n, allow_one=False)
    s = _per_dim("stride", stride, n)
    d = _per_dim("dilation", dilation, n)
    op = _per_dim("output_padding", output_padding, n)
    if transposed and padding_mode != "zeros":
        raise ConvError(f"transposed convolutions only support padding_mode 'zeros', not {padding_mode!r}")
    if isinstance(padding, str):
        if padding == "same" and any(v != 1 for v in s):
            raise ConvError(
                "padding='same' needs stride 1 in every dimension "
                f"(PyTorch does not support it for strided convolutions); got stride {_fmt(s)}"
            )
        p = padding
    else:
        p = _per_dim("padding", padding, n, allow_one=padding_mode == "zeros")
    if min(size) < 1:
        raise ConvError(f"input sizes must be at least 1, got {_fmt(size)}")
    if min(k) < 1:
        raise ConvError(f"kernel sizes must be at least 1, got {_fmt(k)}")
    if min(s) < 1:
        raise ConvError(f"stride must be at least 1, got {_fmt(s)}")
    if min(d) < 1:
        raise ConvError(f"dilation must be at least 1, got {_fmt(d)}")
    if transposed:
        return _check_transposed(size, k, s, p, d, op)
    if isinstance(p, str):
        pads = tuple(same_pads(kk, dd) if p == "same" else (0, 0) for kk, dd in zip(k, d))
        if p == "same" and padding_mode != "zeros" and _one_tuple(dilation) and n > 1:
            # torch 2.13 zips dilation with the kernel to build the F.pad amounts: a 1-tuple dilation
            # pads only the first dimension (nn.modules.conv._ConvNd.__init__).
            pads = pads[:1] + ((0, 0),) * (n - 1)
    else:
        if padding_mode == "zeros" and min(p) < 0:
            raise ConvError(f"padding must be at least 0, got {_fmt(p)}")
        pads = tuple((v, v) for v in p)
    for axis, (i, (lo, hi)) in enumerate(zip(size, pads)):
        if padding_mode == "reflect" and max(lo, hi) >= i:
            raise ConvError(
                f"reflect padding must be smaller than the input size: padding {max(lo, hi)} "
                f"on an input of {i} in dimension {axis}"
            )
        if padding_mode == "circular" and max(lo, hi) > i:
            raise ConvError(
                f"circular padding must be at most the input size (it would wrap around more than once): "
                f"padding {max(lo, hi)} on an input of {i} in dimension {axis}"
            )
    span = tuple(dd * (kk - 1) + 1 for kk, dd in zip(k, d))
    padded = tuple(i + lo + hi for i, (lo, hi) in zip(size, pads))
    if any(sp > pd for sp, pd in zip(span, padded)):
        raise ConvError(
            f"kernel is larger than the padded input: dilated kernel {_fmt(span)} on a padded input of {_fmt(padded)}"
        )
    output = tuple((pd - sp) // ss + 1 for pd, sp, ss in zip(padded, span, s))
    return Conv(size, k, s, p, d, padding_mode, False, op, pads, output)


def _check_transposed(size, k, s, p, d, op) -> Conv:
    if isinstance(p, str):
        raise ConvError(f"transposed convolutions take integer padding, not {p!r} ('same' and 'valid' fail in forward)")
    if min(p) < 0:
        raise ConvError(f"padding must be at least 0, got {_fmt(p)}")
    if min(op) < 0:
        raise ConvError(f"output_padding must be at least 0, got {_fmt(op)}")
    for axis, (a, ss, dd) in enumerate(zip(op, s, d)):
        if a >= ss and a >= dd:
            raise ConvError(
                f"output_padding must be smaller than stride or dilation: output_padding {a}, "
                f"stride {ss}, dilation {dd} in dimension {axis}"
            )
    output = tuple(
        (i - 1) * ss - 2 * pp + dd * (kk - 1) + a + 1 for i, ss, pp, dd, kk, a in zip(size, s, p, d, k, op)
    )
    if min(output) < 1:
        raise ConvError(f"output size would be {_fmt(output)}: it must be at least 1 (less padding, or a larger input)")
    return Conv(size, k, s, p, d, "zeros", True, op, tuple((v, v) for v in p), output)


def formula(conv: Conv, axis: int) -> str:
    """The output-size formula for one dimension, worked through with this configuration's numbers.

    >>> formula(check(input=(7, 7), kernel=3, stride=2, padding=1), 0)
    '⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4'
    >>> formula(check(input=(7,), kernel=4, padding="same"), 0)
    '⌊(7 + 1 + 2 − 4) / 1⌋ + 1 = 7'
    """
    i, k, s, d = conv.input[axis], conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    lo, hi = conv.pads[axis]
    if conv.transposed:
        a = conv.output_padding[axis]
        dk = f"{k} − 1" if d == 1 else f"{d}·({k} − 1)"
        return f"({i} − 1)·{s} − 2·{lo} + {dk} + {a} + 1 = {conv.output[axis]}"
    pad = f"2·{lo}" if lo == hi else f"{lo} + {hi}"
    if d == 1:
        return f"⌊({i} + {pad} − {k}) / {s}⌋ + 1 = {conv.output[axis]}"
    return f"⌊({i} + {pad} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = {conv.output[axis]}"

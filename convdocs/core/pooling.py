"""Shape arithmetic of PyTorch pooling layers, in pure Python (no torch, no matplotlib).

Max, average and power-average (LP) pooling slide a window like a convolution does, but pad
differently: max pooling pads with −∞ (without dilation a padding cell never wins), average pooling pads with
zeros that count in the divisor unless ``count_include_pad=False``, LP pooling does not pad at
all. Adaptive pooling has no kernel: it splits the input into bins that may overlap.

Everything is checked against PyTorch 2.13 (tests/test_pooling.py): which configurations it
accepts, the output size, and for a rejected one the first line of torch's own error message
(``Rejected.torch``), for an input tensor of shape ``(1, 1, *input)``.

>>> pool = max_pool(input=(7, 7), kernel=3, stride=2, padding=1)
>>> pool.output, pool.pads, pool.fill
((4, 4), ((1, 1), (1, 1)), '-inf')
>>> avg_pool(input=(5,), kernel=2, ceil_mode=True).output   # a last, partial window
(3,)
>>> avg_pool(input=(3, 3), kernel=3, stride=1, padding=1).divisor((0, 0))
9
>>> avg_pool(input=(3, 3), kernel=3, stride=1, padding=1, count_include_pad=False).divisor((0, 0))
4
>>> adaptive_pool(input=(5,), output_size=3).bins(0)
[(0, 2), (1, 4), (3, 5)]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from convdocs.core.errors import Rejected, own

WORDS = {1: "one", 2: "two", 3: "three"}
FILL = {
    "max": "-inf",
    "avg": "0",
    "lp": None,
}  # what a padding cell holds; LP pooling does not pad


def c_div(a: int, b: int) -> int:
    """C++ integer division (truncates toward zero), as torch's checks compute it."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def output_size(
    size: int,
    kernel: int,
    padding: int,
    stride: int,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Number of windows along one dimension (torch's ``pooling_output_shape``).

    ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, or with ``ceil_mode`` the
    ceiling — but a last window that would start in the right padding or past it (at or
    past ``size`` in input coordinates) is dropped: every window starts inside the
    input or in the left padding.

    >>> output_size(5, 2, 0, 2), output_size(5, 2, 0, 2, ceil_mode=True)
    (2, 3)
    >>> output_size(4, 2, 1, 3, ceil_mode=True)   # ⌈3/3⌉ + 1 = 3, but window 2 would start at 6 − 1 = 5 ≥ 4
    2
    """
    span = dilation * (kernel - 1) + 1
    n = (size + 2 * padding - span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (n - 1) * stride >= size + padding:
        n -= 1
    return n


def ceil_windows(size: int, kernel: int, padding: int, stride: int, dilation: int = 1) -> int:
    """Windows by the ceiling formula alone, before torch drops one that starts in the right padding or past it."""
    span = dilation * (kernel - 1) + 1
    return (size + 2 * padding - span + stride - 1) // stride + 1


@dataclass(frozen=True)
class Pool:
    """A validated MaxPool/AvgPool/LPPool configuration, every per-dimension value spelled out."""

    name: str  # the torch class, e.g. "MaxPool2d"
    kind: str  # "max", "avg" or "lp"
    input: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    ceil_mode: bool
    count_include_pad: bool
    divisor_override: int | None
    pads: tuple[tuple[int, int], ...]
    output: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.input)

    @property
    def fill(self) -> str | None:
        """What a padding cell holds: '-inf' (max), '0' (avg), None (LP pooling never pads)."""
        return FILL[self.kind]

    @property
    def padded(self) -> tuple[int, ...]:
        return tuple(i + 2 * p for i, p in zip(self.input, self.padding))

    @property
    def span(self) -> tuple[int, ...]:
        """Dilated window extent d·(k − 1) + 1, per dimension."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel, self.dilation))

    def starts(self, axis: int) -> list[int]:
        """Where each window starts along ``axis``, in input coordinates (negative: in the left padding)."""
        return [o * self.stride[axis] - self.padding[axis] for o in range(self.output[axis])]

    def taps(self, axis: int, o: int) -> list[int]:
        """Positions window ``o`` covers along ``axis`` (input coordinates), including any past the padding."""
        start = o * self.stride[axis] - self.padding[axis]
        return [start + j * self.dilation[axis] for j in range(self.kernel[axis])]

    def window(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Every position the window of output ``cell`` covers, padding and beyond-padding positions included."""
        _check_cell(cell, self.output)
        return list(itertools.product(*(self.taps(a, o) for a, o in enumerate(cell))))

    def reads(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """The input cells (input coordinates) whose values reach output ``cell``: the window inside the input."""
        return [c for c in self.window(cell) if all(0 <= v < n for v, n in zip(c, self.input))]

    def overhang(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Positions of the window past the right padding: only a ``ceil_mode`` window has them; nothing is read there."""
        return [c for c in self.window(cell) if any(v >= n + p for v, n, p in zip(c, self.input, self.padding))]

    def partial(self, axis: int) -> list[int]:
        """Output indices along ``axis`` whose window runs past the right padding (the extra windows of ``ceil_mode``)."""
        end = self.input[axis] + self.padding[axis]
        return [o for o in range(self.output[axis]) if self.taps(axis, o)[-1] >= end]

    def dropped(self, axis: int) -> list[int]:
        """Start positions (input coordinates) of windows the ceiling formula counts but torch drops:
        they would start in the right padding or past it. Empty without ``ceil_mode``."""
        if not self.ceil_mode:
            return []
        n = ceil_windows(
            self.input[axis],
            self.kernel[axis],
            self.padding[axis],
            self.stride[axis],
            self.dilation[axis],
        )
        return [o * self.stride[axis] - self.padding[axis] for o in range(self.output[axis], n)]

    def dropped_where(self, axis: int) -> str:
        """Where the dropped windows along ``axis`` would start, in words from their start positions:
        'in the right padding' (input ≤ start < input + padding), 'past the right padding', or
        'past the end of the input' when there is no padding; '' when none is dropped.

        >>> max_pool((5,), 2, 2, 1, ceil_mode=True).dropped_where(0)   # starts −1, 1, 3; 5 is padding
        'in the right padding'
        >>> max_pool((4,), 2, 3, 1, ceil_mode=True).dropped_where(0)   # starts −1, 2; 5 is past the padding
        'past the right padding'
        """
        size, pad = self.input[axis], self.padding[axis]
        where = []
        for start in self.dropped(axis):
            text = (
                "in the right padding"
                if start < size + pad
                else ("past the right padding" if pad else "past the end of the input")
            )
            if text not in where:
                where.append(text)
        return " or ".join(where)

    def divisor(self, cell: tuple[int, ...]) -> int:
        """What average pooling divides output ``cell``'s sum by (torch's CPU kernel):

        ``divisor_override`` if set; else the window clipped to the padded input (padding
        counted) with ``count_include_pad``, or clipped to the input without. LP pooling
        scales the average back by the kernel size, so its 'divisor' is not defined here.
        """
        if self.kind != "avg":
            raise own(f"{self.name} has no divisor", "only average pooling divides by a count")
        _check_cell(cell, self.output)
        if self.divisor_override is not None:
            return self.divisor_override
        count = 1
        for axis, o in enumerate(cell):
            start = o * self.stride[axis] - self.padding[axis]
            end = min(start + self.kernel[axis], self.input[axis] + self.padding[axis])
            if not self.count_include_pad:
                start, end = max(start, 0), min(end, self.input[axis])
            count *= end - start
        return count

    def grid(self, axis: int) -> range:
        """Cell indices along ``axis`` in input coordinates, padding included."""
        return range(-self.padding[axis], self.input[axis] + self.padding[axis])

    def unread(self) -> list[tuple[int, ...]]:
        """Cells of the padded input that no window covers (the floor drops them, or dilation skips them)."""
        skipped = []
        for axis in range(self.ndim):
            covered = {v for o in range(self.output[axis]) for v in self.taps(axis, o)}
            skipped.append({v for v in self.grid(axis) if v not in covered})
        cells = itertools.product(*(self.grid(a) for a in range(self.ndim)))
        return [c for c in cells if any(v in skipped[a] for a, v in enumerate(c))]


def _check_cell(cell, shape):
    if len(cell) != len(shape) or not all(0 <= c < n for c, n in zip(cell, shape)):
        raise own(f"output cell {tuple(cell)} is outside the output of size {tuple(shape)}")


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _ints(value, what: str) -> tuple[int, ...]:
    if _is_int(value):
        return (value,)
    if isinstance(value, (tuple, list)) and all(_is_int(v) for v in value):
        return tuple(value)
    raise own(f"{what} must be an integer or a tuple of integers, not {value!r}")


def _shape(input) -> tuple[int, ...]:
    size = (input,) if _is_int(input) else input
    if not isinstance(size, (tuple, list)) or not 1 <= len(size) <= 3 or not all(_is_int(v) for v in size):
        raise own(f"input must be 1 to 3 integer sizes, not {input!r}")
    if min(size) < 0:
        raise own(f"input sizes cannot be negative, got {tuple(size)}")
    return tuple(size)


def _tensor(size) -> str:
    """How torch prints the shape of the (1, 1, *size) tensor the configuration is applied to."""
    return "[" + ", ".join(map(str, (1, 1) + tuple(size))) + "]"


def _expand(values: tuple[int, ...], n: int) -> tuple[int, ...]:
    return values * n if len(values) == 1 else values


HALF = (
    "MaxPool and AvgPool layers (1d, 2d and 3d) take padding of at most half their kernel, kernel_size // 2: "
    "at most {limit} for kernel {k}{dil}{why}"
)

# Checked by tests/test_layers_torch.py::test_max_pool_windows_hold_an_input_cell (and its dilation
# counterexample): true for max pooling without dilation only.
ALWAYS_READS = (
    "; within that limit every max-pooling window holds at least one input cell, so the −∞ padding never wins the max"
)


def _half(kind, k, d, p):
    limit = c_div(k, 2)
    return HALF.format(
        limit=limit,
        k=k,
        dil="" if d == 1 else f" (dilation {d} does not raise the limit)",
        why=ALWAYS_READS if kind == "max" and d == 1 else "",
    )


def _too_small(sizes, outputs):
    return (
        f"no whole window fits: the output would be {' × '.join(map(str, outputs))}; "
        "use a larger input, a smaller kernel, or more padding"
    )


def _output_shape_checks(kind, size, k, p, s, d, ceil_mode):
    """torch's ``pooling_output_shape`` for one dimension, with its three checks."""
    if s == 0:
        raise Rejected("stride should not be zero", "stride must be at least 1")
    if p < 0:
        raise Rejected(f"pad must be non-negative, but got pad: {p}", "padding must be 0 or more")
    if p > c_div((k - 1) * d + 1, 2):
        raise Rejected(
            f"pad should be at most half of effective kernel size, but got pad={p}, kernel_size={k} and dilation={d}",
            _half(kind, k, d, p),
        )
    return output_size(size, k, p, s, d, ceil_mode)


def _lengths_nd(fn, n, k, s, p, d, avg3d=False):
    word = WORDS[n]
    must = "must be" if avg3d else "must either be"
    if len(k) not in (1, n):
        raise Rejected(
            f"{fn}: kernel_size {must} a single int, or a tuple of {word} ints",
            f"give one kernel size, or {n}",
        )
    if len(s) not in (0, 1, n):
        raise Rejected(
            f"{fn}: stride {must} omitted, a single int, or a tuple of {word} ints",
            f"give one stride, or {n}",
        )
    if len(p) not in (1, n):
        raise Rejected(
            f"{fn}: padding {must} a single int, or a tuple of {word} ints",
            f"give one padding, or {n}",
        )
    if d is not None and len(d) not in (1, n):
        raise Rejected(
            f"{fn}: dilation must be either a single int, or a tuple of {word} ints",
            f"give one dilation, or {n}",
        )


def _max_pool_1d(size, k, s, p, d, ceil_mode):
    fn = "max_pool1d()"
    if size == (0,):
        raise Rejected(
            f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{_tensor(size)}",
            "the input length must be at least 1",
        )
    if len(k) != 1:
        raise Rejected(
            f"{fn} kernel_size must be an int, list of ints or tuple of ints of size 1 but got size {len(k)}",
            "MaxPool1d takes one kernel size",
        )
    if len(s) not in (0, 1):
        raise Rejected(
            f"{fn} stride must be None, an int, list of ints, or tuple of ints of size 1 but got size {len(s)}",
            "MaxPool1d takes one stride",
        )
    if len(p) != 1:
        raise Rejected(
            f"{fn} padding must be an int, list of ints, or tuple of ints of size 1 but got size {len(p)}",
            "MaxPool1d takes one padding",
        )
    if len(d) != 1:
        raise Rejected(
            f"{fn} dilation must be an int, list of ints or tuple of ints of size 1 but got size {len(d)}",
            "MaxPool1d takes one dilation",
        )
    s = s or k
    (k,), (s,), (p,), (d,), (i,) = k, s, p, d, size
    if k <= 0:
        raise Rejected(
            f"{fn} kernel_size must be greater than zero, but got {k}",
            "kernel size must be at least 1",
        )
    if s <= 0:
        raise Rejected(
            f"{fn} stride must be greater than zero, but got {s}",
            "stride must be at least 1",
        )
    if p < 0:
        raise Rejected(
            f"{fn} padding must be non-negative, but got {p}",
            "padding must be 0 or more",
        )
    if p > k // 2:
        raise Rejected(
            f"{fn} padding should be at most half of kernel size, but got padding={p} and kernel_size={k}",
            _half("max", k, 1, p),
        )
    if d <= 0:
        raise Rejected(
            f"{fn} dilation must be greater than zero, but got {d}",
            "dilation must be at least 1",
        )
    out = output_size(i, k, p, s, d, ceil_mode)
    if out <= 0:
        raise Rejected(f"{fn} Invalid computed output size: {out}", _too_small(size, (out,)))
    return (k,), (s,), (p,), (d,), (out,)


def _pool_2d(kind, size, k, s, p, d, ceil_mode, divisor_override, fn, one_d=False):
    """max_pool2d / avg_pool2d (avg_pool1d runs as avg_pool2d on a height-1 input)."""
    if kind == "avg" and divisor_override is not None and divisor_override == 0:
        raise Rejected("divisor must be not zero", "divisor_override must be a non-zero integer")
    outs = [_output_shape_checks(kind, i, kk, pp, ss, dd, ceil_mode) for i, kk, pp, ss, dd in zip(size, k, p, s, d)]
    (kh, kw), (ph, pw) = k, p
    _at_least_one("HW", k, s, d)
    if 0 in size:
        raise Rejected(
            f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:{_tensor(size)}",
            "every input size must be at least 1",
        )
    pads = f"padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}"
    return _half_and_positive(kind, size, k, p, outs, pads, 1 if one_d else 0)


def _pool_3d(kind, size, k, s, p, d, ceil_mode, divisor_override):
    fn = "avg_pool3d()" if kind == "avg" else "max_pool3d_with_indices_out_cpu_template()"
    if kind == "avg" and divisor_override is not None and divisor_override == 0:
        raise Rejected("divisor must be not zero", "divisor_override must be a non-zero integer")
    outs = [_output_shape_checks(kind, i, kk, pp, ss, dd, ceil_mode) for i, kk, pp, ss, dd in zip(size, k, p, s, d)]
    (kt, kh, kw), (pt, ph, pw) = k, p
    _at_least_one("THW", k, s, d)
    if 0 in size:
        raise Rejected(
            f"{fn}: Expected input's non-batch dimensions to have positive length, but input has a shape "
            f"of {_tensor(size)} and non-batch dimension 0 has length zero!",
            "every input size must be at least 1",
        )
    if kind == "avg" and any(i < kk for i, kk in zip(size, k)):
        raise Rejected(
            f"input image (T: {size[0]} H: {size[1]} W: {size[2]}) smaller than kernel size "
            f"(kT: {kt} kH: {kh} kW: {kw})",
            "AvgPool3d compares the kernel with the unpadded input: padding does not help here",
        )
    pads = f"kT: {kt} kW: {kw} kH: {kh} padT: {pt} padW: {pw} padH: {ph}"
    return _half_and_positive(kind, size, k, p, outs, pads)


def _at_least_one(axes: str, k, s, d) -> None:
    """torch's checks that kernel size, stride and dilation are at least 1 (``axes``: "HW" or "THW")."""
    for values, prefix, what in ((k, "k", "kernel size"), (s, "d", "stride"), (d, "dilation", "dilation")):
        if min(values) <= 0:
            got = " ".join(f"{prefix}{axis}: {v}" for axis, v in zip(axes, values))
            raise Rejected(f"{what} should be greater than zero, but got {got}", f"{what} must be at least 1")


def _half_and_positive(kind, size, k, p, outs, pads: str, hidden: int = 0) -> tuple[int, ...]:
    """torch's last checks of a 2-d or 3-d pooling: padding at most half the kernel (``pads``: torch's
    words for the values), then an output of at least one cell. The first ``hidden`` dimensions are not
    the reader's (avg_pool1d runs as avg_pool2d on a height-1 input)."""
    bad = [(pp, kk) for kk, pp in zip(k, p) if c_div(kk, 2) < pp]
    if bad:
        raise Rejected(
            f"pad should be smaller than or equal to half of kernel size, but got {pads}",
            _half(kind, bad[0][1], 2, bad[0][0]),
        )
    if min(outs) < 1:
        raise Rejected(
            f"Given input size: (1x{'x'.join(map(str, size))}). Calculated output size: "
            f"(1x{'x'.join(map(str, outs))}). Output size is too small",
            _too_small(size[hidden:], outs[hidden:]),
        )
    return tuple(outs)


def _pool(
    name,
    kind,
    input,
    kernel,
    stride,
    padding,
    dilation,
    ceil_mode,
    count_include_pad,
    divisor_override,
    ndim=None,
) -> Pool:
    size = _shape(input)
    n = ndim or len(size)
    if len(size) != n:
        raise own(
            f"{name} pools {n}-d inputs, not {len(size)}-d ones",
            f"give {n} input size{'s' if n > 1 else ''}",
        )
    k = _ints(kernel, "kernel")
    s = () if stride is None else _ints(stride, "stride")
    p = _ints(padding, "padding")
    d = _ints(dilation, "dilation")
    if divisor_override is not None and not _is_int(divisor_override):
        raise own(f"divisor_override must be an integer, not {divisor_override!r}")
    if kind == "max" and n == 1:
        k, s, p, d, out = _max_pool_1d(size, k, s, p, d, ceil_mode)
    elif kind in ("avg", "lp") and n == 1:
        for what, v in (("kernel_size", k), ("stride", s), ("padding", p)):
            if len(v) > 1 or (what != "stride" and len(v) == 0):
                raise Rejected(
                    f"avg_pool1d() argument '{what}' should contain one int (got {len(v)})",
                    f"{name} takes one {what.replace('_', ' ')}",
                )
        s = s or k
        out = _pool_2d(
            "avg",
            (1,) + size,
            (1,) + k,
            (1,) + s,
            (0,) + p,
            (1, 1),
            ceil_mode,
            None,
            "avg_pool2d",
            one_d=True,
        )[1:]
    else:
        fn = ("max" if kind == "max" else "avg") + f"_pool{n}d"
        _lengths_nd(fn, n, k, s, p, d if kind == "max" else None, avg3d=fn == "avg_pool3d")
        k = _expand(k, n)
        s = _expand(s, n) if s else k
        p, d = _expand(p, n), _expand(d, n)
        checked = "max" if kind == "max" else "avg"  # LP pooling is an average pool underneath
        out = (
            _pool_3d(checked, size, k, s, p, d, ceil_mode, divisor_override)
            if n == 3
            else _pool_2d(checked, size, k, s, p, d, ceil_mode, divisor_override, fn)
        )
    return Pool(
        name,
        kind,
        size,
        tuple(k),
        tuple(s),
        tuple(p),
        tuple(d),
        bool(ceil_mode),
        bool(count_include_pad),
        divisor_override,
        tuple((v, v) for v in p),
        tuple(out),
    )


def max_pool(input, kernel, stride=None, padding=0, dilation=1, ceil_mode=False, ndim=None) -> Pool:
    """``nn.MaxPool1d/2d/3d``: −∞ padding (without dilation, a padding cell never wins), stride defaulting to the kernel.

    ``ndim`` (1 to 3) names the layer; by default it is the number of input sizes.

    >>> max_pool(input=(7, 7), kernel=3, padding=2).output
    Traceback (most recent call last):
    ...
    convdocs.core.errors.Rejected: PyTorch: RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1 — convdocs: MaxPool and AvgPool layers (1d, 2d and 3d) take padding of at most half their kernel, kernel_size // 2: at most 1 for kernel 3; within that limit every max-pooling window holds at least one input cell, so the −∞ padding never wins the max
    """
    n = ndim or (1 if _is_int(input) else len(input))
    return _pool(f"MaxPool{n}d", "max", input, kernel, stride, padding, dilation, ceil_mode, True, None, ndim)


def avg_pool(
    input,
    kernel,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
    ndim=None,
) -> Pool:
    """``nn.AvgPool1d/2d/3d``: zero padding, counted in the divisor unless ``count_include_pad=False``.

    ``AvgPool1d`` has no ``divisor_override`` (pass None).
    """
    n = ndim or (1 if _is_int(input) else len(input))
    if n == 1 and divisor_override is not None:
        raise Rejected(
            "AvgPool1d.__init__() got an unexpected keyword argument 'divisor_override'",
            "only AvgPool2d and AvgPool3d take divisor_override",
            kind="TypeError",
        )
    return _pool(
        f"AvgPool{n}d", "avg", input, kernel, stride, padding, 1, ceil_mode, count_include_pad, divisor_override, ndim
    )


def lp_pool(input, kernel, stride=None, ceil_mode=False, ndim=None) -> Pool:
    """``nn.LPPool1d/2d/3d``: no padding at all (the layer has no padding argument).

    torch computes it as an average pool of xᵖ with padding 0, times the kernel size, to the power 1/p.
    """
    n = ndim or (1 if _is_int(input) else len(input))
    k = _ints(kernel, "kernel")
    if n > 1 and not _is_int(kernel) and len(k) != n:  # F.lp_pool2d/3d unpack the kernel size in Python
        raise Rejected(
            f"not enough values to unpack (expected {n}, got {len(k)})"
            if len(k) < n
            else f"too many values to unpack (expected {n})",
            f"LPPool{n}d takes {n} kernel sizes",
            kind="ValueError",
        )
    pool = _pool(f"LPPool{n}d", "lp", input, kernel, stride, 0, 1, ceil_mode, True, None, ndim)
    if n == 1 and not _is_int(kernel):  # after pooling, F.lp_pool1d multiplies by the kernel size
        raise Rejected(
            "mul(): argument 'other' (position 1) must be Tensor, not tuple",
            "LPPool1d takes its kernel size as an integer",
            kind="TypeError",
        )
    return pool


@dataclass(frozen=True)
class Adaptive:
    """A validated AdaptiveAvgPool/AdaptiveMaxPool configuration: no kernel, no padding, bins."""

    name: str
    kind: str  # "avg" or "max"
    input: tuple[int, ...]
    output: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.input)

    @property
    def pads(self) -> tuple[tuple[int, int], ...]:
        return ((0, 0),) * self.ndim

    def bins(self, axis: int) -> list[tuple[int, int]]:
        """(start, end) of every bin along ``axis``: start ⌊i·in/out⌋, end ⌈(i+1)·in/out⌉; bins may overlap."""
        i, o = self.input[axis], self.output[axis]
        return [bin_bounds(j, i, o) for j in range(o)]

    def reads(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        _check_cell(cell, self.output)
        ranges = [range(*bin_bounds(c, i, o)) for c, i, o in zip(cell, self.input, self.output)]
        return list(itertools.product(*ranges))

    def divisor(self, cell: tuple[int, ...]) -> int:
        """Adaptive average pooling divides by the bin's size."""
        return len(self.reads(cell))


def bin_bounds(j: int, size: int, out: int) -> tuple[int, int]:
    """Bin ``j`` of ``out`` over ``size`` cells: [⌊j·size/out⌋, ⌈(j+1)·size/out⌉)."""
    return (j * size) // out, -((-(j + 1) * size) // out)


def _empty(kind, n, size):
    tensor = (1,) + size if n == 1 and kind == "avg" else size  # AdaptiveAvgPool1d runs as a 2-d pool
    axis = 2 + list(tensor).index(0)
    fname = f"adaptive_{kind}_pool{max(n, 2) if kind == 'avg' else n}d()"
    raise Rejected(
        f"{fname}: Expected input to have non-zero size for non-batch dimensions, but input has sizes "
        f"{_tensor(tensor)} with dimension {axis} being empty",
        "every input size must be at least 1",
    )


def adaptive_pool(input, output_size, kind: str = "avg", ndim=None) -> Adaptive:
    """``nn.AdaptiveAvgPool1d/2d/3d`` (``kind='avg'``) and ``nn.AdaptiveMaxPool1d/2d/3d`` (``kind='max'``).

    ``output_size`` is an int or a tuple; in 2-d and 3-d an entry may be None (keep that input size).
    """
    size = _shape(input)
    n = ndim or len(size)
    name = f"Adaptive{'Avg' if kind == 'avg' else 'Max'}Pool{n}d"
    fn = f"adaptive_{kind}_pool{n}d"
    if len(size) != n:
        raise own(f"{name} pools {n}-d inputs, not {len(size)}-d ones")
    if isinstance(output_size, (tuple, list)):
        out = tuple(output_size)
        if n == 1 and None in out:
            at = out.index(None)
            raise Rejected(
                f"{fn}(): argument 'output_size' (position 2) must be tuple of ints, but found element "
                f"of type NoneType at pos {at}"
                if at == 0
                else f"{fn}(): argument 'output_size' failed to unpack the object at pos 2 with error "
                '"type must be tuple of ints,but got NoneType"',
                f"{name} needs an integer size",
                kind="TypeError",
            )
        if n == 1 and len(out) != 1:
            raise Rejected(
                f"{fn}() argument 'output_size' should contain one int (got {len(out)})",
                f"{name} takes one output size",
            )
        out = tuple(i if v is None else v for v, i in zip(out, size[-len(out) :])) if len(out) <= n else out
        if len(out) != n and kind == "max" and 0 in size:
            _empty(kind, n, size)
        if len(out) != n:
            raise Rejected(
                f"{fn}: output_size must be {n}"
                if kind == "avg"
                else f"{fn}(): internal error: output_size.size() must be {n}",
                f"give one output size, or {n}",
            )
    elif _is_int(output_size):
        out = (output_size,) * n
    else:
        raise own(f"output_size must be an integer or a tuple, not {output_size!r}")
    if not all(_is_int(v) for v in out):
        raise own(f"output_size must be integers (or None), not {output_size!r}")
    if kind == "avg" and min(out) < 0:
        shown = ((1,) + out) if n == 1 else out
        listed = f"{{{shown[0]}, {shown[1]},{shown[2]}}}" if n == 3 else "{" + ", ".join(map(str, shown)) + "}"
        raise Rejected(
            f"adaptive_avg_pool{max(n, 2)}d: elements of output_size must be greater than or equal to 0 "
            f"but received {listed}",
            "output sizes must be 0 or more",
        )
    if 0 in size and not (kind == "avg" and set(out) == {1}):  # torch takes a mean for a 1 × … × 1 output
        _empty(kind, n, size)
    if min(out) < 0:
        shown = ((1,) + out) if n == 1 else out
        raise Rejected(
            f"Trying to create tensor with negative dimension {min(out)}: {_tensor(shown)}",
            "output sizes must be 0 or more",
        )
    return Adaptive(name, kind, size, out)


def words(pool) -> str:
    """How the layer pads, in words (for captions and the CLI)."""
    if isinstance(pool, Adaptive):
        return "no padding (adaptive pooling splits the input into bins)"
    if pool.kind == "lp":
        return "no padding (LPPool has no padding argument)"
    if not any(pool.padding):
        return "no padding"
    what = "−∞" if pool.kind == "max" else "0"
    if len(set(pool.padding)) == 1:
        p = pool.padding[0]
        return f"{p} cell{'s' * (p > 1)} of {what} on every side"
    names = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}[pool.ndim]
    return (
        f"{what} padding of " + ", ".join(f"{n} {p} + {p}" for n, p in zip(names, pool.padding)) + " (before + after)"
    )


def formula(pool: Pool, axis: int) -> str:
    """The output-size formula for one dimension, worked through.

    >>> formula(max_pool(input=(5,), kernel=2, ceil_mode=True), 0)
    '⌈(5 + 2·0 − 2) / 2⌉ + 1 = 3'
    """
    i, k, s, p, d = (
        pool.input[axis],
        pool.kernel[axis],
        pool.stride[axis],
        pool.padding[axis],
        pool.dilation[axis],
    )
    kk = str(k) if d == 1 else f"{d}·({k} − 1) − 1"
    body = f"({i} + 2·{p} − {kk}) / {s}"
    if d != 1:
        body = f"({i} + 2·{p} − {d}·({k} − 1) − 1) / {s}"
    if not pool.ceil_mode:
        return f"⌊{body}⌋ + 1 = {pool.output[axis]}"
    full = ceil_windows(i, k, p, s, d)
    text = f"⌈{body}⌉ + 1 = {full}"
    if full != pool.output[axis]:
        text += f", minus the window that would start {pool.dropped_where(axis)} = {pool.output[axis]}"
    return text


__all__ = [
    "Adaptive",
    "Pool",
    "adaptive_pool",
    "avg_pool",
    "bin_bounds",
    "c_div",
    "ceil_windows",
    "formula",
    "lp_pool",
    "max_pool",
    "output_size",
    "words",
]

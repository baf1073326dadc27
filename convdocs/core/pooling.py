"""Shape arithmetic of PyTorch pooling layers, in pure Python (no torch, no matplotlib).

Max, average and power-average (LP) pooling slide a window like a convolution does, but pad
differently: max pooling pads with −∞ (without dilation a padding cell never wins), average pooling pads with
zeros that count in the divisor unless ``count_include_pad=False``, LP pooling does not pad at
all. Adaptive pooling (convdocs.core.adaptive) has no kernel: it splits the input into bins that may overlap.

Everything is checked against PyTorch 2.13 (tests/test_layers_torch.py): which configurations it
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
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from convdocs.core.adaptive import Adaptive
from convdocs.core.conv_cells import check_cell
from convdocs.core.errors import Rejected, own
from convdocs.core.ints import DIMENSION_NAMES, is_int
from convdocs.core.pool_aten import (
    ceil_windows,
    expand_pool,
    lengths_nd,
    max_pool_1d,
    pool_2d,
    pool_3d,
    pool_ints,
    pool_shape,
)
from convdocs.core.words import say

FILL = {
    "max": "-inf",
    "avg": "0",
    "lp": None,
}  # what a padding cell holds; LP pooling does not pad


EDGE_CELLS = 20_000  # edge windows per dimension :meth:`Pool.axis_divisors` looks at one by one


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
        check_cell(cell, self.output, "output")
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
                say("pool.in_right_padding")
                if start < size + pad
                else say("pool.past_right_padding" if pad else "pool.past_input")
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
            raise own(say("pool.own.has_no_divisor", name=self.name), say("pool.why.only_average_pooling_divides_by"))
        check_cell(cell, self.output, "output")
        if self.divisor_override is not None:
            return self.divisor_override
        count = 1
        for axis, o in enumerate(cell):
            count *= self.axis_divisor(axis, o)
        return count

    def axis_divisor(self, axis: int, o: int) -> int:
        """The factor output index ``o`` along ``axis`` contributes to :meth:`divisor` (no ``divisor_override``)."""
        start = o * self.stride[axis] - self.padding[axis]
        end = min(start + self.kernel[axis], self.input[axis] + self.padding[axis])
        if not self.count_include_pad:
            start, end = max(start, 0), min(end, self.input[axis])
        return end - start

    def axis_divisors(self, axis: int, most: int = EDGE_CELLS) -> tuple[list[int] | None, int, int]:
        """The distinct :meth:`axis_divisor` values along ``axis`` (None past ``most`` edge windows to look at),
        their least and their greatest, without a loop over the output: only windows that reach into the
        padding (at the start) or past the input (at the end) differ from the full window, and the factor is
        monotone along each edge, so the extremes are at the edges' ends."""
        out, s, p, k, i = self.output[axis], self.stride[axis], self.padding[axis], self.kernel[axis], self.input[axis]
        inner = min(-(-p // s), out)  # first window that starts inside the input
        outer = max(inner, min(out, (i - k + p) // s + 1 if i - k + p >= 0 else 0))  # first that ends past it
        probes = {o for o in (0, inner - 1, inner, outer - 1, outer, out - 1) if 0 <= o < out}
        values = [self.axis_divisor(axis, o) for o in probes]
        low, high = min(values), max(values)
        edges = inner + (out - outer)
        if edges > most:
            return None, low, high
        seen = {self.axis_divisor(axis, o) for o in (*range(inner), *range(outer, out))}
        if outer > inner:
            seen.add(self.axis_divisor(axis, inner))
        return sorted(seen), low, high

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
    size = pool_shape(input)
    n = ndim or len(size)
    if len(size) != n:
        raise own(
            say("pool.own.pools_d_inputs_not_d", name=name, n=n, got=len(size)),
            say("common.why.give_input_size", n=n, plural="s" * (n > 1)),
        )
    k = pool_ints(kernel, "kernel")
    s = () if stride is None else pool_ints(stride, "stride")
    p = pool_ints(padding, "padding")
    d = pool_ints(dilation, "dilation")
    if divisor_override is not None and not is_int(divisor_override):
        raise own(say("pool.own.divisor_override_must_integer_not", divisor_override=repr(divisor_override)))
    if kind == "max" and n == 1:
        k, s, p, d, out = max_pool_1d(size, k, s, p, d, ceil_mode)
    elif kind in ("avg", "lp") and n == 1:
        for what, v in (("kernel_size", k), ("stride", s), ("padding", p)):
            if len(v) > 1 or (what != "stride" and len(v) == 0):
                raise Rejected(
                    say("pool.torch.avg_pool1d_argument_should_contain", what=what, n_v=len(v)),
                    say("pool.why.takes_one", name=name, what=what.replace("_", " ")),
                )
        s = s or k
        out = pool_2d(
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
        lengths_nd(fn, n, k, s, p, d if kind == "max" else None, avg3d=fn == "avg_pool3d")
        k = expand_pool(k, n)
        s = expand_pool(s, n) if s else k
        p, d = expand_pool(p, n), expand_pool(d, n)
        checked = "max" if kind == "max" else "avg"  # LP pooling is an average pool underneath
        out = (
            pool_3d(checked, size, k, s, p, d, ceil_mode, divisor_override)
            if n == 3
            else pool_2d(checked, size, k, s, p, d, ceil_mode, divisor_override, fn)
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
    convdocs.core.errors.Rejected: PyTorch: RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1 — convdocs: MaxPool and AvgPool layers (1d, 2d and 3d) take padding of at most half their kernel, kernel_size // 2: at most 1 for kernel 3; within that limit, and without dilation, every max-pooling window holds at least one input cell, so the −∞ padding never wins the max
    """
    n = ndim or (1 if is_int(input) else len(input))
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
    n = ndim or (1 if is_int(input) else len(input))
    if n == 1 and divisor_override is not None:
        raise Rejected(
            say("pool.torch.avgpool1d_init_unexpected_keyword_argument"),
            say("pool.why.only_avgpool2d_avgpool3d_take_divisor"),
            kind="TypeError",
        )
    return _pool(
        f"AvgPool{n}d", "avg", input, kernel, stride, padding, 1, ceil_mode, count_include_pad, divisor_override, ndim
    )


def lp_pool(input, kernel, stride=None, ceil_mode=False, ndim=None) -> Pool:
    """``nn.LPPool1d/2d/3d``: no padding at all (the layer has no padding argument).

    torch computes it as an average pool of xᵖ with padding 0, times the kernel size, to the power 1/p.
    """
    n = ndim or (1 if is_int(input) else len(input))
    k = pool_ints(kernel, "kernel")
    if n > 1 and not is_int(kernel) and len(k) != n:  # F.lp_pool2d/3d unpack the kernel size in Python
        raise Rejected(
            say("pool.torch.not_enough_values", n=n, n_k=len(k))
            if len(k) < n
            else say("pool.torch.too_many_values", n=n),
            say("pool.why.lppool_d_takes_kernel_sizes", n=n),
            kind="ValueError",
        )
    pool = _pool(f"LPPool{n}d", "lp", input, kernel, stride, 0, 1, ceil_mode, True, None, ndim)
    if n == 1 and not is_int(kernel):  # after pooling, F.lp_pool1d multiplies by the kernel size
        raise Rejected(
            say("pool.torch.mul_argument_other_position_1"),
            say("pool.why.lppool1d_takes_kernel_size_as"),
            kind="TypeError",
        )
    return pool


def words(pool) -> str:
    """How the layer pads, in words (for captions and the CLI)."""
    if isinstance(pool, Adaptive):
        return say("core.pooling.no_padding_adaptive_pooling_splits_the")
    if pool.kind == "lp":
        return say("core.pooling.no_padding_lppool_has_no_padding")
    if not any(pool.padding):
        return "no padding"
    what = "−∞" if pool.kind == "max" else "0"
    if len(set(pool.padding)) == 1:
        p = pool.padding[0]
        return say("core.pooling.cell_of_on_every_side", p=p, plural="s" * (p > 1), what=what)
    names = DIMENSION_NAMES[pool.ndim]
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
    body = f"({i} + 2·{p} − {k}) / {s}" if d == 1 else f"({i} + 2·{p} − {d}·({k} − 1) − 1) / {s}"
    if not pool.ceil_mode:
        return f"⌊{body}⌋ + 1 = {pool.output[axis]}"
    full = ceil_windows(i, k, p, s, d)
    text = f"⌈{body}⌉ + 1 = {full}"
    if full != pool.output[axis]:
        text += say("pool.minus_dropped", where=pool.dropped_where(axis), output=pool.output[axis])
    return text


def divisors_text(pool: Pool, shown: int = 50) -> str:
    """Every divisor average pooling uses, least first ('4, 6, 9'); past ``shown`` of them, the first ones and
    how many there are; when there are too many to count without a loop, the least and the greatest."""
    if pool.divisor_override is not None:
        return str(pool.divisor_override)
    per_axis = [pool.axis_divisors(a) for a in range(pool.ndim)]
    combinations = 1
    for values, _, _ in per_axis:
        combinations *= len(values) if values is not None else 100_001
    if combinations <= 100_000:
        products = {1}
        for values, _, _ in per_axis:
            products = {x * v for x in products for v in values or ()}
        found = sorted(products)
        if len(found) <= shown:
            return ", ".join(map(str, found))
        return say(
            "bounded.divisors_more", first=", ".join(map(str, found[:10])), last=found[-1], count=f"{len(found):,}"
        )
    low = high = 1
    for _, least, greatest in per_axis:
        low, high = low * least, high * greatest
    return str(low) if low == high else say("bounded.divisors_range", low=low, high=high)

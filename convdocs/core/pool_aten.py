"""torch's pooling shape function and checks, in pure Python, in the order torch 2.13 runs them.

:func:`output_size` is torch's ``pooling_output_shape`` for one dimension; the other functions here raise
:class:`~convdocs.core.errors.Rejected` with the first line of torch's own message where torch refuses.
"""

from __future__ import annotations

from convdocs.core.errors import Rejected, own
from convdocs.core.ints import c_div, is_int, span, torch_shape
from convdocs.core.words import say

WORDS = {1: "one", 2: "two", 3: "three"}


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
    extent = span(kernel, dilation)
    n = (size + 2 * padding - extent + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (n - 1) * stride >= size + padding:
        n -= 1
    return n


def ceil_windows(size: int, kernel: int, padding: int, stride: int, dilation: int = 1) -> int:
    """Windows by the ceiling formula alone, before torch drops one that starts in the right padding or past it."""
    extent = span(kernel, dilation)
    return (size + 2 * padding - extent + stride - 1) // stride + 1


def pool_ints(value, what: str) -> tuple[int, ...]:
    if is_int(value):
        return (int(value),)
    if isinstance(value, (tuple, list)) and all(is_int(v) for v in value):
        return tuple(int(v) for v in value)
    raise own(f"{what} must be an integer or a tuple of integers, not {value!r}")


def pool_shape(input) -> tuple[int, ...]:
    size = (input,) if is_int(input) else input
    if not isinstance(size, (tuple, list)) or not 1 <= len(size) <= 3 or not all(is_int(v) for v in size):
        raise own(f"input must be 1 to 3 integer sizes, not {input!r}")
    if min(size) < 0:
        raise own(f"input sizes cannot be negative, got {tuple(size)}")
    return tuple(size)


def tensor_text(size) -> str:
    """How torch prints the shape of the (1, 1, *size) tensor the configuration is applied to."""
    return torch_shape((1, 1, *size))


def expand_pool(values: tuple[int, ...], n: int) -> tuple[int, ...]:
    return values * n if len(values) == 1 else values


def half_kernel_why(kind: str, k: int, d: int) -> str:
    """convdocs' explanation of torch's half-kernel padding limit (catalogue: pool.half_kernel)."""
    return say(
        "pool.half_kernel",
        limit=c_div(k, 2),
        k=k,
        dil="" if d == 1 else say("pool.half_kernel_dilation", d=d),
        why=say("pool.always_reads") if kind == "max" and d == 1 else "",
    )


def too_small_why(outputs) -> str:
    """convdocs' explanation when no whole window fits (catalogue: pool.too_small)."""
    return say("pool.too_small", output=" × ".join(map(str, outputs)))


def output_shape_checks(kind, size, k, p, s, d, ceil_mode):
    """torch's ``pooling_output_shape`` for one dimension, with its three checks."""
    if s == 0:
        raise Rejected("stride should not be zero", "stride must be at least 1")
    if p < 0:
        raise Rejected(f"pad must be non-negative, but got pad: {p}", "padding must be 0 or more")
    if p > c_div((k - 1) * d + 1, 2):
        raise Rejected(
            f"pad should be at most half of effective kernel size, but got pad={p}, kernel_size={k} and dilation={d}",
            half_kernel_why(kind, k, d),
        )
    return output_size(size, k, p, s, d, ceil_mode)


def lengths_nd(fn, n, k, s, p, d, avg3d=False):
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


def max_pool_1d(size, k, s, p, d, ceil_mode):
    fn = "max_pool1d()"
    if size == (0,):
        raise Rejected(
            f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{tensor_text(size)}",
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
            half_kernel_why("max", k, 1),
        )
    if d <= 0:
        raise Rejected(
            f"{fn} dilation must be greater than zero, but got {d}",
            "dilation must be at least 1",
        )
    out = output_size(i, k, p, s, d, ceil_mode)
    if out <= 0:
        raise Rejected(f"{fn} Invalid computed output size: {out}", too_small_why((out,)))
    return (k,), (s,), (p,), (d,), (out,)


def pool_2d(kind, size, k, s, p, d, ceil_mode, divisor_override, fn, one_d=False):
    """max_pool2d / avg_pool2d (avg_pool1d runs as avg_pool2d on a height-1 input)."""
    if kind == "avg" and divisor_override is not None and divisor_override == 0:
        raise Rejected("divisor must be not zero", "divisor_override must be a non-zero integer")
    outs = [output_shape_checks(kind, i, kk, pp, ss, dd, ceil_mode) for i, kk, pp, ss, dd in zip(size, k, p, s, d)]
    (kh, kw), (ph, pw) = k, p
    at_least_one("HW", k, s, d)
    if 0 in size:
        raise Rejected(
            f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:{tensor_text(size)}",
            "every input size must be at least 1",
        )
    pads = f"padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}"
    return half_and_positive(kind, size, k, p, outs, pads, 1 if one_d else 0)


def pool_3d(kind, size, k, s, p, d, ceil_mode, divisor_override):
    fn = "avg_pool3d()" if kind == "avg" else "max_pool3d_with_indices_out_cpu_template()"
    if kind == "avg" and divisor_override is not None and divisor_override == 0:
        raise Rejected("divisor must be not zero", "divisor_override must be a non-zero integer")
    outs = [output_shape_checks(kind, i, kk, pp, ss, dd, ceil_mode) for i, kk, pp, ss, dd in zip(size, k, p, s, d)]
    (kt, kh, kw), (pt, ph, pw) = k, p
    at_least_one("THW", k, s, d)
    if 0 in size:
        raise Rejected(
            f"{fn}: Expected input's non-batch dimensions to have positive length, but input has a shape "
            f"of {tensor_text(size)} and non-batch dimension 0 has length zero!",
            "every input size must be at least 1",
        )
    if kind == "avg" and any(i < kk for i, kk in zip(size, k)):
        raise Rejected(
            f"input image (T: {size[0]} H: {size[1]} W: {size[2]}) smaller than kernel size "
            f"(kT: {kt} kH: {kh} kW: {kw})",
            "AvgPool3d compares the kernel with the unpadded input: padding does not help here",
        )
    pads = f"kT: {kt} kW: {kw} kH: {kh} padT: {pt} padW: {pw} padH: {ph}"
    return half_and_positive(kind, size, k, p, outs, pads)


def at_least_one(axes: str, k, s, d) -> None:
    """torch's checks that kernel size, stride and dilation are at least 1 (``axes``: "HW" or "THW")."""
    for values, prefix, what in ((k, "k", "kernel size"), (s, "d", "stride"), (d, "dilation", "dilation")):
        if min(values) <= 0:
            got = " ".join(f"{prefix}{axis}: {v}" for axis, v in zip(axes, values))
            raise Rejected(f"{what} should be greater than zero, but got {got}", f"{what} must be at least 1")


def half_and_positive(kind, size, k, p, outs, pads: str, hidden: int = 0) -> tuple[int, ...]:
    """torch's last checks of a 2-d or 3-d pooling: padding at most half the kernel (``pads``: torch's
    words for the values), then an output of at least one cell. The first ``hidden`` dimensions are not
    the reader's (avg_pool1d runs as avg_pool2d on a height-1 input)."""
    bad = [(pp, kk) for kk, pp in zip(k, p) if c_div(kk, 2) < pp]
    if bad:
        raise Rejected(
            f"pad should be smaller than or equal to half of kernel size, but got {pads}",
            half_kernel_why(kind, bad[0][1], 2),
        )
    if min(outs) < 1:
        raise Rejected(
            f"Given input size: (1x{'x'.join(map(str, size))}). Calculated output size: "
            f"(1x{'x'.join(map(str, outs))}). Output size is too small",
            too_small_why(outs[hidden:]),
        )
    return tuple(outs)

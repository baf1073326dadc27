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
    raise own(say("common.own.must_integer_tuple_integers_not", what=what, value=repr(value)))


def pool_shape(input) -> tuple[int, ...]:
    size = (input,) if is_int(input) else input
    if not isinstance(size, (tuple, list)) or not 1 <= len(size) <= 3 or not all(is_int(v) for v in size):
        raise own(say("common.own.input_must_1_3_integer", input=repr(input)))
    if min(size) < 0:
        raise own(say("pool.own.input_sizes_cannot_negative", sizes=tuple(size)))
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
        raise Rejected(say("pool.torch.stride_should_not_zero"), say("common.why.stride_must_at_least_1"))
    if p < 0:
        raise Rejected(say("pool.torch.pad_must_non_negative_pad", p=p), say("common.why.padding_must_0_more"))
    if p > c_div((k - 1) * d + 1, 2):
        raise Rejected(
            say("pool.torch.pad_should_at_most_half", p=p, k=k, d=d),
            half_kernel_why(kind, k, d),
        )
    return output_size(size, k, p, s, d, ceil_mode)


def lengths_nd(fn, n, k, s, p, d, avg3d=False):
    word = WORDS[n]
    must = "must be" if avg3d else "must either be"
    if len(k) not in (1, n):
        raise Rejected(
            say("pool.torch.kernel_size_single_int_tuple", fn=fn, must=must, word=word),
            say("pool.why.give_one_kernel_size", n=n),
        )
    if len(s) not in (0, 1, n):
        raise Rejected(
            say("pool.torch.stride_omitted_single_int_tuple", fn=fn, must=must, word=word),
            say("pool.why.give_one_stride", n=n),
        )
    if len(p) not in (1, n):
        raise Rejected(
            say("pool.torch.padding_single_int_tuple_ints", fn=fn, must=must, word=word),
            say("pool.why.give_one_padding", n=n),
        )
    if d is not None and len(d) not in (1, n):
        raise Rejected(
            say("pool.torch.dilation_must_either_single_int", fn=fn, word=word),
            say("pool.why.give_one_dilation", n=n),
        )


def max_pool_1d(size, k, s, p, d, ceil_mode):
    fn = "max_pool1d()"
    if size == (0,):
        raise Rejected(
            say("pool.torch.max_pool1d_expected_2d_3d", shape=tensor_text(size)),
            say("pool.why.input_length_must_at_least"),
        )
    if len(k) != 1:
        raise Rejected(
            say("pool.torch.kernel_size_must_int_list", fn=fn, n_k=len(k)),
            say("pool.why.maxpool1d_takes_one_kernel_size"),
        )
    if len(s) not in (0, 1):
        raise Rejected(
            say("pool.torch.stride_must_none_int_list", fn=fn, n_s=len(s)),
            say("pool.why.maxpool1d_takes_one_stride"),
        )
    if len(p) != 1:
        raise Rejected(
            say("pool.torch.padding_must_int_list_ints", fn=fn, n_p=len(p)),
            say("pool.why.maxpool1d_takes_one_padding"),
        )
    if len(d) != 1:
        raise Rejected(
            say("pool.torch.dilation_must_int_list_ints", fn=fn, n_d=len(d)),
            say("pool.why.maxpool1d_takes_one_dilation"),
        )
    s = s or k
    (k,), (s,), (p,), (d,), (i,) = k, s, p, d, size
    if k <= 0:
        raise Rejected(
            say("pool.torch.kernel_size_must_greater_than", fn=fn, k=k),
            say("common.why.kernel_size_must_at_least"),
        )
    if s <= 0:
        raise Rejected(
            say("pool.torch.stride_must_greater_than_zero", fn=fn, s=s),
            say("common.why.stride_must_at_least_1"),
        )
    if p < 0:
        raise Rejected(
            say("pool.torch.padding_must_non_negative", fn=fn, p=p),
            say("common.why.padding_must_0_more"),
        )
    if p > k // 2:
        raise Rejected(
            say("pool.torch.padding_should_at_most_half", fn=fn, p=p, k=k),
            half_kernel_why("max", k, 1),
        )
    if d <= 0:
        raise Rejected(
            say("pool.torch.dilation_must_greater_than_zero", fn=fn, d=d),
            say("common.why.dilation_must_at_least_1"),
        )
    out = output_size(i, k, p, s, d, ceil_mode)
    if out <= 0:
        raise Rejected(say("pool.torch.invalid_computed_output_size", fn=fn, out=out), too_small_why((out,)))
    return (k,), (s,), (p,), (d,), (out,)


def pool_2d(kind, size, k, s, p, d, ceil_mode, divisor_override, fn, one_d=False):
    """max_pool2d / avg_pool2d (avg_pool1d runs as avg_pool2d on a height-1 input)."""
    if kind == "avg" and divisor_override is not None and divisor_override == 0:
        raise Rejected(say("pool.torch.divisor_must_not_zero"), say("pool.why.divisor_override_must_non_zero"))
    outs = [output_shape_checks(kind, i, kk, pp, ss, dd, ceil_mode) for i, kk, pp, ss, dd in zip(size, k, p, s, d)]
    (kh, kw), (ph, pw) = k, p
    at_least_one("HW", k, s, d)
    if 0 in size:
        raise Rejected(
            say("pool.torch.expected_3d_4d_batch_mode", shape=tensor_text(size)),
            say("pool.why.every_input_size_must_at"),
        )
    pads = say("pool.torch.pads_2d", pw=pw, ph=ph, kw=kw, kh=kh)
    return half_and_positive(kind, size, k, p, d, outs, pads, 1 if one_d else 0)


def pool_3d(kind, size, k, s, p, d, ceil_mode, divisor_override):
    fn = "avg_pool3d()" if kind == "avg" else "max_pool3d_with_indices_out_cpu_template()"
    if kind == "avg" and divisor_override is not None and divisor_override == 0:
        raise Rejected(say("pool.torch.divisor_must_not_zero"), say("pool.why.divisor_override_must_non_zero"))
    outs = [output_shape_checks(kind, i, kk, pp, ss, dd, ceil_mode) for i, kk, pp, ss, dd in zip(size, k, p, s, d)]
    (kt, kh, kw), (pt, ph, pw) = k, p
    at_least_one("THW", k, s, d)
    if 0 in size:
        raise Rejected(
            say("pool.torch.expected_input_s_non_batch", fn=fn, shape=tensor_text(size)),
            say("pool.why.every_input_size_must_at"),
        )
    if kind == "avg" and any(i < kk for i, kk in zip(size, k)):
        raise Rejected(
            say("pool.torch.input_image_t_h_w", size_0=size[0], size_1=size[1], size_2=size[2], kt=kt, kh=kh, kw=kw),
            say("pool.why.avgpool3d_compares_kernel_with_unpadded"),
        )
    pads = say("pool.torch.pads_3d", kt=kt, kw=kw, kh=kh, pt=pt, pw=pw, ph=ph)
    return half_and_positive(kind, size, k, p, d, outs, pads)


def at_least_one(axes: str, k, s, d) -> None:
    """torch's checks that kernel size, stride and dilation are at least 1 (``axes``: "HW" or "THW")."""
    for values, prefix, what in ((k, "k", "kernel size"), (s, "d", "stride"), (d, "dilation", "dilation")):
        if min(values) <= 0:
            got = " ".join(f"{prefix}{axis}: {v}" for axis, v in zip(axes, values))
            raise Rejected(
                say("pool.torch.should_greater_than_zero", what=what, got=got),
                say("pool.why.must_at_least_1", what=what),
            )


def half_and_positive(kind, size, k, p, d, outs, pads: str, hidden: int = 0) -> tuple[int, ...]:
    """torch's last checks of a 2-d or 3-d pooling: padding at most half the kernel (``pads``: torch's
    words for the values), then an output of at least one cell. The first ``hidden`` dimensions are not
    the reader's (avg_pool1d runs as avg_pool2d on a height-1 input). Only a dilated window gets here (without
    dilation the effective-size check refused it first): the explanation names that dimension's dilation."""
    bad = [(pp, kk, dd) for kk, pp, dd in zip(k, p, d) if c_div(kk, 2) < pp]
    if bad:
        raise Rejected(
            say("pool.torch.pad_should_smaller_than_equal", pads=pads),
            half_kernel_why(kind, bad[0][1], bad[0][2]),
        )
    if min(outs) < 1:
        raise Rejected(
            say(
                "pool.torch.given_input_size_1x_calculated",
                sizes="x".join(map(str, size)),
                outputs="x".join(map(str, outs)),
            ),
            too_small_why(outs[hidden:]),
        )
    return tuple(outs)

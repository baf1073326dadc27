"""ATen's convolution checks and output sizes, in pure Python, in the order torch 2.13 runs them.

`convdocs.core.conv.check` builds the layer as ``nn.ConvNd`` does, then hands the call here:
:func:`aten` is ``at::convolution`` on an input of [1, channels, *size] with a weight of [1, 1, *k].
"""

from __future__ import annotations

from typing import Any

from convdocs.core.conv_cells import Conv
from convdocs.core.conv_pad import torch_same_pads
from convdocs.core.errors import ConvError, torch_error
from convdocs.core.ints import DIMENSION_NAMES, INT64_MAX, INT64_MIN, dims, half_toward_zero, one_or_tuple
from convdocs.core.words import say

INT32_MAX = 2**31 - 1


PADDING_MAX = 2**62 - 1  # torch: "Given padding=... expected padding to be at most 4611686018427387903"


FLOAT32_BYTES = 4


TRANSPOSED_INT32 = say("conv.transposed_int32")


def check_int64(size: Any, k: Any, s: Any, p: Any, d: Any, op: Any) -> None:
    """Refuse what does not fit PyTorch's 64-bit integers (torch raises on it or its arithmetic wraps around)."""
    values = {"input": size, "kernel": k, "stride": s, "dilation": d, "output_padding": op}
    if not isinstance(p, str):
        values["padding"] = p
    for name, vs in values.items():
        for v in vs:
            if not INT64_MIN <= v <= INT64_MAX:
                raise ConvError(
                    say("conv.own.does_not_fit_pytorch_s", name=name, v=v, int64_min=INT64_MIN, int64_max=INT64_MAX)
                )
    for name, shape in (("a kernel", k), ("an input", size)):  # torch builds the weight, then you the input
        cells = 1
        for v in shape:
            cells *= v
        if cells * FLOAT32_BYTES > INT64_MAX:
            raise torch_error("storage_overflow", [[1, 1, *shape]], what=name, shape=dims(shape))
    if not isinstance(p, str) and max(p) > PADDING_MAX:
        axis = next(i for i, v in enumerate(p) if v > PADDING_MAX)
        raise torch_error("padding_too_large", [p[axis], axis, PADDING_MAX], padding=p[axis])


def check_overflow(name: str, values: Any, limit: int, why: str = "") -> None:
    for v in values:
        if abs(v) > limit:
            bits = "64" if limit == INT64_MAX else "32"
            reason = why or say("conv.why.size_arithmetic_wraps")
            raise ConvError(
                say("conv.own.beyond_bit_integers_at_most", name=name, v=v, bits=bits, limit=limit, reason=reason)
            )


def empty_output_allowed(
    input: Any,
    kernel: Any,
    stride: Any,
    dilation: Any,
    output_padding: Any,
    *,
    batch: int = 1,
    channels: int = 1,
    dtype: str = "float32",
    threads: int = 2,
) -> bool:
    """Whether torch 2.13 on the CPU returns an empty tensor (rather than raising "Output size is too small")
    for a transposed convolution whose output has a size of 0 in some dimension (none negative).

    The oneDNN (mkldnn) path returns the empty tensor, the native kernels raise. This mirrors how torch picks
    the path (``ConvParams::use_mkldnn`` in aten/src/ATen/native/ConvUtils.h, groups=1, a plain CPU tensor);
    ``input``, ``kernel`` ... are per-dimension tuples. tests/test_hostile.py compares it with torch.

    >>> empty_output_allowed((7, 2), (5, 5), (1, 1), (1, 1), (0, 0))  # ConvTranspose2d(1, 1, 5, padding=3)
    True
    >>> empty_output_allowed((7, 2), (5, 1), (1, 1), (1, 1), (0, 0))  # a (5, 1) kernel: native, raises
    False
    """
    if dtype != "float32" or any(a >= s for a, s in zip(output_padding, stride)):  # is_output_padding_big
        return False
    kh, kw = ((1,) + tuple(kernel))[-2:]  # a 1-d convolution runs as a 2-d one of height 1
    first, second = ((1,) + tuple(input))[:2] if len(input) == 1 else tuple(input)[:2]
    worth_it = (
        any(v != 1 for v in stride) or any(v != 1 for v in dilation) or batch >= 16 or kh != 1 or kw != 1 or threads > 1
    )
    native_slower = (kh > 3 and kw > 3) or batch > 1 or batch * channels * first * second > 20480
    return worth_it and native_slower


def aten(
    size: Any,
    k: Any,
    s: Any,
    p: Any,
    d: Any,
    op: Any,
    transposed: bool,
    channels: int = 1,
    count: int = 0,
    backend: Any = None,
) -> Conv:
    """ATen's convolution on an input of [1, channels, *size] with a weight of [1, 1, *k]."""
    n, dim = len(size), len(k)
    if p == "same":  # _convolution_same
        if dim != n:
            raise torch_error("weight_dims", [dim + 2, dim + 2, [1, 1, *k], n + 2, [1, 1, *size]], kdim=dim, n=n)
        for name, values in (("stride", s), ("dilation", d)):
            if len(values) not in (1, dim):
                raise torch_error("same_broadcast/" + name, [dim], name=name, count=len(values), dim=dim)
        s, d = expand_param(s, "stride", dim), expand_param(d, "dilation", dim)
        left = [half_toward_zero(dd * (kk - 1)) for kk, dd in zip(k, d)]
        right = [dd * (kk - 1) - lo for kk, dd, lo in zip(k, d, left)]
        sized = list(size)
        for axis in range(dim):
            delta = right[axis] - left[axis]
            sized[axis] += abs(delta) if delta > 0 else delta
            if delta < 0:
                left[axis] = right[axis]
        conv = aten(tuple(sized), k, s, tuple(left), d, (0,) * n, transposed=False)
        pads = tuple(torch_same_pads(kk, dd) for kk, dd in zip(k, d))
        return Conv(
            size,
            conv.kernel,
            conv.stride,
            "same",
            conv.dilation,
            "zeros",
            False,
            conv.output_padding,
            pads,
            conv.output,
        )
    if p == "valid":  # _convolution_mode: one 0 serves every dimension, padding and output_padding alike
        p, op = (0,), (0,)
    s, p, d = expand_param(s, "stride", dim), expand_param(p, "padding", dim), expand_param(d, "dilation", dim)
    op = expand_param(op, "output_padding", dim)
    if min(p) < 0:
        raise torch_error("negative_padding", [], padding=one_or_tuple(p))
    if min(op) < 0:
        raise torch_error("negative_output_padding", [], output_padding=one_or_tuple(op))
    if min(s) < 1:
        raise torch_error("nonpositive_stride", [], stride=one_or_tuple(s))
    if dim != n:
        raise torch_error(
            "weight_dims_aten", [dim + 2, dim + 2, [1, 1, *k], n + 2, [1, channels, *size]], kdim=dim, n=n
        )
    if channels != 1:  # a mode other than zeros with one padding too many padded torch's channel dimension
        raise torch_error(
            "channels_mismatch", [1, [1, 1, *k], [1, channels, *size], 1, channels], count=count, n=n, channels=channels
        )
    if not transposed:
        padded = tuple(i + 2 * pp for i, pp in zip(size, p))
        span = tuple(dd * (kk - 1) + 1 for kk, dd in zip(k, d))
        check_overflow(say("conv.quantity.dilated_kernel"), span, INT64_MAX)
        check_overflow(say("conv.quantity.padded_input"), padded, INT64_MAX)
        if any(sp > pd for sp, pd in zip(span, padded)):
            raise torch_error(f"kernel_too_large/{n}", [*padded, *span], span=dims(span), padded=dims(padded))
        output = tuple((pd - sp) // ss + 1 for pd, sp, ss in zip(padded, span, s))
        return Conv(size, k, s, p, d, "zeros", False, op, tuple((v, v) for v in p), output)
    for axis, (a, ss, dd) in enumerate(zip(op, s, d)):
        if a >= ss and a >= dd:
            raise torch_error(
                f"output_padding_too_large/{n}",
                [*as_2d(op, 0), *as_2d(s, 1), *as_2d(d, 1)],
                output_padding=a,
                stride=ss,
                dilation=dd,
                name=DIMENSION_NAMES[n][axis],
                note=one_d_note(n),
            )
    for name, values in (
        ("stride", s),
        ("padding", p),
        ("dilation", d),
        ("(input − 1)·stride", [(i - 1) * ss for i, ss in zip(size, s)]),
        (say("conv.quantity.dilated_kernel"), [dd * (kk - 1) + 1 for kk, dd in zip(k, d)]),
    ):
        check_overflow(name, values, INT32_MAX, TRANSPOSED_INT32)
    output = tuple((i - 1) * ss - 2 * pp + dd * (kk - 1) + a + 1 for i, ss, pp, dd, kk, a in zip(size, s, p, d, k, op))
    check_overflow("the output", output, INT32_MAX, TRANSPOSED_INT32)
    if min(output) == 0 and empty_output_allowed(size, k, s, d, op, **(backend or {})):
        return Conv(size, k, s, p, d, "zeros", True, op, tuple((v, v) for v in p), output)  # an empty tensor
    if min(output) < 1 and n == 3:  # ConvTranspose3d: torch's words (or an empty output) depend on its backend
        raise ConvError(say("conv.own.output_size_would_must_at", output=one_or_tuple(output)))
    if min(output) < 1:
        raise torch_error(
            f"transposed_output_too_small/{n}",
            [*as_2d(size, 1), *as_2d(output, 1)],
            output=dims(output),
            note=one_d_note(n),
        )
    return Conv(size, k, s, p, d, "zeros", True, op, tuple((v, v) for v in p), output)


def as_2d(values: Any, pad_value: Any) -> list[Any]:
    """torch runs a 1-d convolution as a 2-d one of height 1: its messages show that first value."""
    return [pad_value, *values] if len(values) == 1 else list(values)


def one_d_note(n: int) -> str:
    from convdocs.core.torch_text import ONE_D

    return ONE_D if n == 1 else ""


def expand_param(values: tuple[Any, ...], name: str, dim: int) -> tuple[Any, ...]:
    """ATen's ``expand_param_if_needed``: one value serves every dimension, else exactly ``dim`` values."""
    if len(values) == 1:
        return values * dim
    if len(values) != dim:
        raise torch_error("param_length/" + name, [dim, list(values)], name=name, count=len(values), dim=dim)
    return values

"""Claims of issue 22: the rules of the formulas page, and the general sentences the second verification
round found true only under a condition, each checked over its whole space against torch.

Registered through tests/claims.py, which imports this module.
"""

from __future__ import annotations

import warnings

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from tests.claims import cases, claim, covered, record

# --- reference/formulas: pooling and F.pad -----------------------------------------------------------


def _max_pool_size(size, kernel, stride, padding, dilation=1, ceil_mode=False):
    try:
        x = torch.zeros(1, 1, size)
        return F.max_pool1d(x, kernel, stride, padding, dilation=dilation, ceil_mode=ceil_mode).shape[-1]
    except RuntimeError:
        return None


@claim(
    "formula-ceil-mode",
    "`ceil_mode=True`: *o* = ⌈(*i* + 2*p* − *k̂*) / *s*⌉ + 1, then one less when the last window would start "
    "in the right padding, that is when (*o* − 1)·*s* ≥ *i* + *p*.",
    over=("size", "kernel", "stride", "padding", "dilation"),
)
def _():
    dropped = 0
    for i, k, s, p, d in cases(
        size=range(1, 11), kernel=range(1, 5), stride=range(1, 5), padding=range(3), dilation=(1, 2)
    ):
        extent = d * (k - 1) + 1
        if p > k // 2 or extent > i + 2 * p:
            continue
        o = -(-(i + 2 * p - extent) // s) + 1
        if (o - 1) * s >= i + p:
            o, dropped = o - 1, dropped + 1
        assert _max_pool_size(i, k, s, p, d, ceil_mode=True) == o, (i, k, s, p, d)
    assert dropped > 0  # the condition is met somewhere in the grid


@claim(
    "formula-pool-padding-limit",
    "`MaxPool` and `AvgPool` padding: *p* ≤ ⌊*k* / 2⌋, with *k* the kernel size itself: MaxPool's dilation "
    "does not raise the limit.",
    over=("layer", "kernel", "dilation", "padding"),
)
def _():
    layers = {"MaxPool1d": F.max_pool1d, "AvgPool1d": F.avg_pool1d}
    for layer, k, d, p in cases(layer=tuple(layers), kernel=range(1, 7), dilation=(1, 2, 3), padding=range(5)):
        if layer == "AvgPool1d" and d > 1:
            continue  # AvgPool has no dilation
        options = {"dilation": d} if layer == "MaxPool1d" else {}
        try:
            layers[layer](torch.zeros(1, 1, 40), k, 1, p, **options)
            accepted = True
        except RuntimeError as error:
            accepted = False
            assert "at most half" in str(error), error
        assert accepted == (p <= k // 2), (layer, k, d, p)


@claim(
    "formula-adaptive-bins",
    "Adaptive pooling, bin *j* of *o* bins over *i* cells: from ⌊*j*·*i* / *o*⌋ up to, not including, "
    "⌈(*j* + 1)·*i* / *o*⌉.",
    over=("layer", "size", "output"),
)
def _():
    for layer, i, o in cases(layer=("AdaptiveAvgPool1d", "AdaptiveMaxPool1d"), size=range(1, 13), output=range(1, 13)):
        x = torch.randn(1, 1, i, generator=torch.Generator().manual_seed(i * 13 + o))
        got = getattr(nn, layer)(o)(x)[0, 0]
        for j in range(o):
            cells = x[0, 0, (j * i) // o : -(-(j + 1) * i // o)]
            want = cells.mean() if "Avg" in layer else cells.max()
            assert torch.allclose(got[j], want), (layer, i, o, j)


@claim(
    "formula-fpad-size",
    "`F.pad`, per padded dimension: *o* = *i* + *p*₁ + *p*₂, a negative amount cropping its side; the "
    "constant mode accepts it when *o* ≥ 0 and neither amount is below −*i*.",
    over=("mode", "size", "pads"),
)
def _():
    modes = ("constant", "reflect", "replicate", "circular")
    pairs = [(a, b) for a in range(-5, 4) for b in range(-5, 4)]
    for mode, i, (a, b) in cases(mode=modes, size=range(1, 5), pads=pairs):
        x = torch.arange(1.0, i + 1).reshape(1, 1, i)
        try:
            y = F.pad(x, (a, b), mode=mode)[0, 0]
        except RuntimeError:
            assert mode != "constant" or not (i + a + b >= 0 and min(a, b) >= -i), (mode, i, a, b)
            continue
        assert len(y) == i + a + b, (mode, i, a, b)
        if mode == "constant":
            assert i + a + b >= 0 and min(a, b) >= -i
            kept = x[0, 0, max(-a, 0) : i - max(-b, 0)]  # the input cells left after cropping
            assert torch.equal(y[max(a, 0) : max(a, 0) + len(kept)], kept)


@claim(
    "formula-avg-divisor",
    "Average pooling divides a window's sum by the number of its cells inside input and padding, [−*p*, "
    "*i* + *p*), with `count_include_pad=True` (the default), so a last window that `ceil_mode` lets run "
    "past the padding counts only the cells inside; by the number of its input cells with "
    "`count_include_pad=False`; by `divisor_override` when that is given.",
    over=("size", "kernel", "stride", "padding", "ceil_mode", "count_include_pad"),
)
def _():
    grid = cases(
        size=range(1, 9),
        kernel=range(1, 5),
        stride=range(1, 4),
        padding=range(3),
        ceil_mode=(False, True),
        count_include_pad=(True, False),
        where=lambda size, kernel, stride, padding, ceil_mode, count_include_pad: (
            padding <= kernel // 2 and kernel <= size + 2 * padding
        ),
    )
    clipped = 0
    for i, k, s, p, ceil_mode, include in grid:
        x = torch.randn(1, 1, i, generator=torch.Generator().manual_seed(i * 100 + k * 10 + s))
        rows = x.unsqueeze(2)  # one row: avg_pool2d, which takes divisor_override
        options = dict(
            kernel_size=(1, k), stride=(1, s), padding=(0, p), ceil_mode=ceil_mode, count_include_pad=include
        )
        got = F.avg_pool2d(rows, **options)[0, 0, 0]
        override = F.avg_pool2d(rows, divisor_override=3, **options)[0, 0, 0]
        for o in range(len(got)):
            window = range(o * s - p, o * s - p + k)
            inside = [c for c in window if 0 <= c < i]
            divisor = len([c for c in window if -p <= c < i + p]) if include else len(inside)
            clipped += window[-1] >= i + p
            total = x[0, 0, inside].sum()
            assert torch.allclose(got[o], total / divisor, atol=1e-6), (i, k, s, p, ceil_mode, include, o)
            assert torch.allclose(override[o], total / 3, atol=1e-6)
    assert clipped > 0  # windows past the padding were seen


covered(
    "solve-transposed-crop",
    "With `--transposed` it lists every `padding` / `output_padding` pair of a transposed layer, least padding "
    "first, then the `F.pad` call that turns the output of `padding=0` into the output of the first pair value "
    "for value: `padding` cells cropped before and `padding` − `output_padding` after, in every dimension (a "
    "cell it adds, where `output_padding` exceeds `padding`, holds 0 where the layer's holds its bias); "
    "`--extra` is refused there.",
    by=(
        "tests/test_solve.py::test_transposed_pairs_are_every_pair_torch_accepts",
        "tests/test_solve.py::test_transposed_crop_equals_the_first_pair_value_for_value",
        "tests/test_solve.py::test_cli_transposed_json_crop_is_the_first_pair",
        "tests/test_solve.py::test_extra_is_refused_for_a_transposed_layer",
    ),
    over=("size", "kernel", "stride", "dilation", "output", "dims"),
)


# --- transposed convolution as a direct one (guide/dilation-and-transposed) ----------------------------


@claim(
    "transposed-is-flipped-conv",
    "A transposed convolution equals a direct one: insert *s* − 1 zeros between neighbouring input cells, "
    "pad *d*·(*k* − 1) − *p* cells before and *d*·(*k* − 1) − *p* + *a* after (a negative amount crops), "
    "and slide the kernel flipped in every spatial dimension, with its in and out channels swapped (with "
    "`groups=g`, swapped within each group, and the direct convolution run with `groups=g`), at stride 1 and the "
    "same dilation.",
    over=("size", "kernel", "stride", "dilation", "padding", "output_padding", "dims", "groups"),
)
def _():
    conv = {1: F.conv1d, 2: F.conv2d}
    transposed = {1: F.conv_transpose1d, 2: F.conv_transpose2d}
    grid = cases(
        dims=(1, 2),
        size=(1, 2, 4, 5),
        kernel=(1, 2, 3),
        stride=(1, 2, 3),
        dilation=(1, 2),
        padding=(0, 1, 2, 3),
        output_padding=(0, 1, 2),
        groups=(1, 2),
        where=lambda dims, size, kernel, stride, dilation, padding, output_padding, groups: (
            output_padding < max(stride, dilation) and (dims == 1 or size != 4)
        ),
    )
    torch.manual_seed(0)
    for n, i, k, s, d, p, a, g in grid:
        full = (i - 1) * s + d * (k - 1) + 1
        if full - 2 * p + a < 1:
            continue
        x = torch.randn(1, 2 * g, *(i,) * n)
        weight, bias = torch.randn(2 * g, 3, *(k,) * n), torch.randn(3 * g)  # (in, out / g, k...)
        want = transposed[n](x, weight, bias, stride=s, padding=p, output_padding=a, groups=g, dilation=d)
        stretched = x.new_zeros(1, 2 * g, *((i - 1) * s + 1,) * n)
        stretched[(slice(None), slice(None)) + (slice(None, None, s),) * n] = x
        before, after = d * (k - 1) - p, d * (k - 1) - p + a
        padded = F.pad(stretched, (before, after) * n)
        swapped = weight.reshape(g, 2, 3, *(k,) * n).transpose(1, 2).reshape(3 * g, 2, *(k,) * n)  # in each group
        flipped = swapped.flip(list(range(2, 2 + n)))  # (out, in / g, k...)
        got = conv[n](padded, flipped, bias, dilation=d, groups=g)
        assert got.shape == want.shape and torch.allclose(got, want, atol=1e-4), (n, i, k, s, d, p, a, g)
        if g > 1:  # swapping the whole weight instead gives a weight the grouped convolution cannot even take
            with pytest.raises(RuntimeError):
                conv[n](padded, weight.flip(list(range(2, 2 + n))).transpose(0, 1), bias, dilation=d, groups=g)


# --- 'same' with reflect/circular; what transposed layers refuse (guide/padding-modes) ------------------


@claim(
    "same-limit-after-side",
    "With `padding='same'` the limit applies to the larger side, the one after: reflect needs "
    "⌈*d*·(*k* − 1) / 2⌉ < *i*, circular ⌈*d*·(*k* − 1) / 2⌉ ≤ *i*.",
    over=("mode", "size", "kernel", "dilation"),
)
def _():
    for mode, i, k, d in cases(mode=("reflect", "circular"), size=range(1, 6), kernel=range(1, 7), dilation=(1, 2)):
        layer = nn.Conv1d(1, 1, k, dilation=d, padding="same", padding_mode=mode)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                layer(torch.zeros(1, 1, i))
            accepted = True
        except RuntimeError:
            accepted = False
        after = -(-d * (k - 1) // 2)
        assert accepted == (after < i if mode == "reflect" else after <= i), (mode, i, k, d)


@claim(
    "transposed-no-same-no-modes",
    "Transposed layers take neither: `nn.ConvTranspose2d(..., padding='same')`, like `padding='valid'`, is built, "
    "then raises a `TypeError` when called, and any `padding_mode` other than `'zeros'` is refused with a "
    "`ValueError` when the layer is built.",
    over=("layer", "mode", "padding"),
)
def _():
    for layer, mode, padding in cases(
        layer=("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"),
        mode=("zeros", "reflect", "replicate", "circular"),
        padding=(0, 1, "same", "valid"),
    ):
        n = int(layer[-2])
        try:
            module = getattr(nn, layer)(1, 1, 3, padding=padding, padding_mode=mode)
        except ValueError:
            assert mode != "zeros", (layer, mode, padding)
            continue
        assert mode == "zeros", (layer, mode, padding)
        try:
            module(torch.zeros(1, 1, *(4,) * n))
        except TypeError:
            assert padding in ("same", "valid"), (layer, padding)
            continue
        assert padding not in ("same", "valid"), (layer, padding)


# --- padding layers cropping to nothing (guide/padding-layers) ---------------------------------------


@claim(
    "pad-layers-empty-output",
    "Cropped to nothing or beyond, the 1-d reflection and replication layers refuse; in 2-d and 3-d they refuse "
    "when any padded dimension would become negative, or when every padded dimension is left empty; one dimension "
    "left empty gives an empty output, so `ReflectionPad2d((-2, -1, 0, 0))` on a 3 × 3 input returns a 3 × 0 "
    "output.",
    over=("layer", "pads"),
)
def _():
    crops = [(a, b) for a in range(-4, 1) for b in range(-4, 1)]  # outputs of 3 cells down to −5
    layers = tuple(f"{kind}Pad{n}d" for kind in ("Reflection", "Replication") for n in (1, 2, 3))
    for layer, (a, b) in cases(layer=layers, pads=crops):
        n = int(layer[-2])
        for other in (0, -3, -4):  # the other padded dimensions kept whole, emptied, or cropped below nothing
            record(layer=layer, pads=(a, b, other))
            amounts = (a, b) + (0, other) * (n - 1)
            outs = [3 + a + b] + [3 + other] * (n - 1)
            try:
                got = getattr(nn, layer)(amounts)(torch.zeros(1, 1, *(3,) * n)).shape[2:]
            except RuntimeError as error:
                assert min(outs) < 0 or max(outs) < 1, (layer, amounts, error)  # negative, or every one empty
                assert "too small" in str(error) or max(outs) >= 1, (layer, amounts, error)
                continue
            assert min(outs) >= 0 and max(outs) >= 1, (layer, amounts, got)
            assert list(got)[::-1][: len(outs)] == outs, (layer, amounts, got)
    assert nn.ReflectionPad2d((-2, -1, 0, 0))(torch.zeros(1, 1, 3, 3)).shape[2:] == (3, 0)
    x = torch.zeros(1, 1, 3, 3)  # the report's cases: one dimension cropped below nothing, the other whole
    for layer, amounts in ((nn.ReplicationPad2d, (-2, -2, 0, 0)), (nn.ReflectionPad2d, (-4, 0, 0, 0))):
        with pytest.raises(RuntimeError):
            layer(amounts)(x)
    with pytest.raises(RuntimeError, match="negative dimension -1"):
        nn.ReflectionPad3d((-4, 0, 0, 0, 0, 0))(torch.zeros(1, 1, 3, 3, 3))


# --- MaxUnpool with padding (guide/pooling) ----------------------------------------------------------


@claim(
    "pool-half-kernel-others",
    "`MaxUnpool` layers have no such limit: `nn.MaxUnpool2d(2, 2, padding=3)` keeps `padding=(3, 3)`, and its "
    "output is (*i* − 1)·*s* − 2*p* + *k* per dimension, 2 × 2 for a 4 × 4 input. When that output has at "
    "least one cell, unpooling works exactly when every index is in [0, its number of cells): the indices of "
    "a real `MaxPool2d(2, 2, return_indices=True)` on 8 × 8 point into its 64 cells, and torch refuses them. "
    "Fractional, LP "
    "and adaptive pooling layers take no padding.",
    over=("kernel", "stride", "padding", "size"),
)
def _():
    import inspect

    from tests.claims_pooling import HALF_KERNEL_LAYERS

    for n in (1, 2, 3):
        assert getattr(nn, f"MaxUnpool{n}d")(2, 2, padding=3).padding == (3,) * n
    pool2, unpool2 = nn.MaxPool2d(2, 2, return_indices=True), nn.MaxUnpool2d(2, 2, padding=3)
    for seed in range(20):
        values, indices = pool2(torch.randn(1, 1, 8, 8, generator=torch.Generator().manual_seed(seed)))
        assert values.shape[2:] == (4, 4) and 0 <= int(indices.min()) and int(indices.max()) < 64
        try:
            unpool2(values, indices)
        except RuntimeError:
            continue
        raise AssertionError("MaxUnpool2d(2, 2, padding=3) took a real MaxPool2d's indices")
    assert unpool2(values, indices % 4).shape[2:] == (2, 2)
    worked = refused = 0
    for k, s, p, i in cases(kernel=(2, 3), stride=(1, 2, 3), padding=range(4), size=range(4, 10)):
        values, indices = nn.MaxPool1d(k, s, return_indices=True)(torch.randn(1, 1, i))
        out = (values.shape[-1] - 1) * s - 2 * p + k
        if out < 1:
            continue
        try:
            got = nn.MaxUnpool1d(k, s, p)(values, indices)
            assert got.shape[-1] == out
            ok = True
        except RuntimeError:
            ok = False
        assert ok == (int(indices.max()) < out), (k, s, p, i)
        worked, refused = worked + ok, refused + (not ok)
        negative = indices.clone()
        negative[..., 0] = -1  # below 0: refused too, whatever the output's size
        with pytest.raises(RuntimeError, match="invalid max index"):
            nn.MaxUnpool1d(k, s, p)(values, negative)
    assert worked and refused
    with pytest.raises(RuntimeError, match="invalid max index: -1"):  # the report's case, in 2-d
        nn.MaxUnpool2d(2, 2, padding=3)(torch.zeros(1, 1, 4, 4), torch.full((1, 1, 4, 4), -1))
    pools = [name for name in dir(nn) if "pool" in name.lower() and isinstance(getattr(nn, name), type)]
    with_padding = {name for name in pools if "padding" in inspect.signature(getattr(nn, name)).parameters}
    assert with_padding == set(HALF_KERNEL_LAYERS) | {f"MaxUnpool{n}d" for n in (1, 2, 3)}, with_padding

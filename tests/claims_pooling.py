"""Claims of the Pooling, Padding layers and U-Net pages, each with the torch check that proves it.

Imported by tests/claims.py (which owns the registry and the marker rules).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import itertools
import runpy

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from convdocs.core import padding as padlayers
from convdocs.core.errors import ConvError
from tests.claims import ROOT, cases, claim, record
from tests.oracle_layers import pad as torch_pad
from tests.oracle_layers import pool as torch_pool


@claim(
    "ceil-mode-last-window",
    "With `ceil_mode=True` the division in the output-size formula is rounded up, so a last window may "
    "run past the end of the input. But a window that would start in the right padding or past it is dropped: "
    "every window starts inside the input or in the left padding.",
    over=("layer", "size", "kernel", "stride", "padding"),
)
def _():
    seen_past, seen_dropped = False, False
    grid = cases(
        layer=("MaxPool1d", "AvgPool1d"),
        size=range(1, 10),
        kernel=range(1, 5),
        stride=range(1, 4),
        padding=range(3),
        where=lambda layer, size, kernel, stride, padding: padding <= kernel // 2,
    )
    for layer, size, k, s, p in grid:
        if True:
            got = torch_pool(layer, (size,), kernel_size=k, stride=s, padding=p, ceil_mode=True)
            if isinstance(got, Exception):
                continue
            ceil = -(-(size + 2 * p - k) // s) + 1
            starts = [o * s - p for o in range(ceil)]
            assert got[0] == sum(1 for st in starts if st < size)  # windows starting in the right padding dropped
            seen_dropped |= got[0] < ceil
            seen_past |= (got[0] - 1) * s - p + k > size + p
    assert seen_past and seen_dropped


@claim(
    "maxpool-pads-minus-inf",
    "`MaxPool2d` pads with −∞, not with zeros. Without dilation a padding cell never wins the max (the "
    "padding is at most half the kernel, so every window holds an input cell), and on an all-negative input "
    "the border of the output keeps the input's own values, where zero padding first would put zeros. With a "
    "dilation a window can hold padding only: `F.max_pool1d(torch.tensor([[-1., -2.]]), 2, 1, 1, "
    "dilation=3)` returns `-inf`.",
    over=("size", "kernel", "stride", "padding", "dilation", "ceil_mode"),
)
def _():
    only_padding = 0
    grid = cases(
        size=range(1, 8),
        kernel=range(1, 5),
        stride=range(1, 4),
        padding=range(3),
        dilation=(1, 2, 3),
        ceil_mode=(False, True),
        where=lambda size, kernel, stride, padding, dilation, ceil_mode: (
            padding <= kernel // 2 and dilation * (kernel - 1) + 1 <= size + 2 * padding
        ),
    )
    for size, k, s, p, d, ceil_mode in grid:
        x = -1 - torch.rand(1, 1, size, generator=torch.Generator().manual_seed(size))
        out = F.max_pool1d(x, k, s, p, dilation=d, ceil_mode=ceil_mode)[0, 0]
        for o, got in enumerate(out.tolist()):
            taps = [o * s - p + j * d for j in range(k)]
            inside = [x[0, 0, t].item() for t in taps if 0 <= t < size]
            assert got == (max(inside) if inside else float("-inf")), (size, k, s, p, d, ceil_mode, o)
            assert inside or d > 1, (size, k, s, p, ceil_mode, o)  # without dilation a window holds an input cell
            only_padding += not inside
    assert only_padding > 0  # with dilation some window does not
    assert F.max_pool1d(torch.tensor([[-1.0, -2.0]]), 2, 1, 1, dilation=3).tolist() == [[float("-inf")]]
    x = -1 - torch.rand(1, 1, 5, 5, generator=torch.Generator().manual_seed(0))
    out = nn.MaxPool2d(3, stride=1, padding=1)(x)
    assert (out < 0).all()
    zero_first = nn.MaxPool2d(3, stride=1)(F.pad(x, (1, 1, 1, 1)))
    assert (zero_first[0, 0, 0] == 0).all() and (zero_first[0, 0, -1] == 0).all()


HALF_KERNEL_LAYERS = tuple(f"{kind}Pool{n}d" for kind in ("Max", "Avg") for n in (1, 2, 3))


@claim(
    "pool-half-kernel",
    "In `MaxPool` and `AvgPool` layers (1d, 2d and 3d) the padding may be at most half the kernel size, "
    "`padding <= kernel_size // 2`, and MaxPool's dilation does not raise that limit.",
    over=("layer", "kernel", "dilation", "padding"),
)
def _():
    """Also the refusal boxes' *Why:* line (the catalogue's pool.half_kernel names the same layers): torch refuses exactly
    there, with the first line convdocs quotes, and no other pooling layer has that limit (next claim)."""
    from convdocs.core import pooling
    from convdocs.core.errors import Rejected
    from convdocs.core.words import WORDS

    assert WORDS["pool.half_kernel"].startswith(
        "MaxPool and AvgPool layers (1d, 2d and 3d) take padding of at most half"
    )
    refused = 0
    for name, k, d, p in cases(layer=HALF_KERNEL_LAYERS, kernel=range(1, 7), dilation=range(1, 4), padding=range(5)):
        if name.startswith("Avg") and d > 1:
            continue  # AvgPool has no dilation
        n = int(name[-2])
        options = dict(kernel_size=k, stride=1, padding=p) | ({"dilation": d} if d > 1 else {})
        got = torch_pool(name, (20,) * n, **options)
        assert isinstance(got, Exception) == (p > k // 2), (name, k, d, p)
        if isinstance(got, Exception):
            ours = pooling.max_pool if name.startswith("Max") else pooling.avg_pool
            extra = {"dilation": d} if name.startswith("Max") else {}
            try:
                ours(input=(20,) * n, kernel=k, stride=1, padding=p, **extra)
            except Rejected as error:
                assert error.torch == str(got).splitlines()[0], (name, k, d, p, error.torch, got)
                assert error.why.startswith(WORDS["pool.half_kernel"].split(":")[0]), error.why
            else:
                raise AssertionError(f"convdocs accepts {name} {k=} {d=} {p=}")
            refused += 1
    assert refused >= 150, refused


@claim(
    "avg-divisor",
    "By default (`count_include_pad=True`) the zero padding cells inside a window count in the divisor; "
    "with `count_include_pad=False` the divisor is the number of input cells in the window, and "
    "`divisor_override` replaces the divisor of every cell. A last window that `ceil_mode` lets run past the "
    "padding counts only the cells inside the input and the padding.",
    over=("size", "kernel", "stride", "padding", "ceil_mode", "count_include_pad"),
)
def _():
    ones = torch.ones(1, 1, 4, 4)
    corner = lambda **kw: nn.AvgPool2d(3, 1, 1, **kw)(ones)[0, 0, 0, 0].item()
    assert abs(corner() - 4 / 9) < 1e-6  # 4 input cells, 9 counted
    assert corner(count_include_pad=False) == 1.0  # 4 input cells, divided by 4
    assert abs(corner(divisor_override=2) - 2.0) < 1e-6  # 4 input cells, divided by 2
    from tests.claims import CLAIMS

    CLAIMS["formula-avg-divisor"].check()  # the rule in full, over sizes, kernels, strides, paddings and modes


@claim(
    "adaptive-bins",
    "Bin *i* of *out* bins over *in* cells starts at ⌊*i*·*in*/*out*⌋ and ends before ⌈(*i*+1)·*in*/*out*⌉, "
    "so neighbouring bins can share a cell.",
    over=("size", "output"),
)
def _():
    shared = False
    for size, out in cases(size=range(1, 10), output=range(1, 10)):
        x = torch.arange(1.0, size + 1).reshape(1, 1, size)
        got = nn.AdaptiveAvgPool1d(out)(x)[0, 0]
        for i in range(out):
            start, end = (i * size) // out, -(-(i + 1) * size // out)
            assert torch.isclose(got[i], x[0, 0, start:end].mean())
            shared |= i > 0 and start < -(-i * size // out)
    assert shared


@claim("adaptive-no-padding", "Adaptive pooling takes no padding argument.")
def _():
    for kind, n in itertools.product(("Avg", "Max"), (1, 2, 3)):
        assert "padding" not in inspect.signature(getattr(nn, f"Adaptive{kind}Pool{n}d")).parameters


@claim(
    "lppool-no-padding",
    "`LPPool1d`, `LPPool2d` and `LPPool3d` take no `padding` argument.",
)
def _():
    for n in (1, 2, 3):
        assert "padding" not in inspect.signature(getattr(nn, f"LPPool{n}d")).parameters


@claim(
    "pad-layers-are-f-pad",
    "The padding layers — `ZeroPad`, `ConstantPad`, `ReflectionPad`, `ReplicationPad` and `CircularPad`, "
    "each in 1-d, 2-d and 3-d — run `F.pad` with a fixed mode.",
)
def _():
    modes = {
        "Zero": "constant",
        "Constant": "constant",
        "Reflection": "reflect",
        "Replication": "replicate",
        "Circular": "circular",
    }
    for (prefix, mode), n in itertools.product(modes.items(), (1, 2, 3)):
        x = torch.rand(1, 1, *(4,) * n, generator=torch.Generator().manual_seed(n))
        layer = getattr(nn, f"{prefix}Pad{n}d")(*((2, 1.5) if prefix == "Constant" else (2,)))
        value = {"Constant": 1.5}.get(prefix)
        expected = F.pad(
            x,
            (2,) * (2 * n),
            mode=mode,
            **({"value": value} if value is not None else {}),
        )
        assert torch.equal(layer(x), expected), (prefix, n)


@claim(
    "fpad-negative-crops",
    "A negative amount removes that many cells from that side, and `value` fills the constant mode's new cells; "
    "the circular mode's new cells wrap around what is left after the crop, when they are at most that many (see "
    "the limits below).",
    over=("mode", "size", "pads", "dims"),
)
def _():
    modes = ("constant", "reflect", "replicate", "circular")
    pairs = [(a, b) for a in range(-3, 4) for b in range(-3, 4)]
    for mode, i, (a, b), c in cases(mode=modes, size=range(1, 7), pads=pairs, dims=(1, 2)):
        x = torch.arange(1.0, c * i + 1).reshape(1, c, i)  # c channels in front: 2 makes torch skip a check
        if mode == "circular" and max(a, 0) + max(b, 0) and max(a, b) > i - max(-a, 0) - max(-b, 0):
            continue  # more new cells than are left: see pad-limits
        try:
            y = F.pad(x, (a, b), mode=mode, **({"value": 9.0} if mode == "constant" else {}))[0]
        except RuntimeError:
            continue  # a limit of the mode: see pad-limits and formula-fpad-size
        options = {"value": 9.0} if mode == "constant" else {}
        if mode == "circular":  # the crops first, then the wrap around what is left
            start, stop = max(-a, 0), i - max(-b, 0)
            if stop <= start:
                continue  # nothing left to wrap: torch 2.13 returns uninitialised memory here (not on the page)
            left = x[..., start:stop]
            want = F.pad(left, (max(a, 0), max(b, 0)), mode=mode)[0]
        else:
            grown = F.pad(x, (max(a, 0), max(b, 0)), mode=mode, **options)[0]  # the positive amounts alone ...
            want = grown[..., max(-a, 0) : grown.shape[-1] - max(-b, 0)]  # ... then each crop removes its side's cells
        assert torch.equal(y, want), (mode, i, a, b, c)
    x = torch.arange(1.0, 7.0).reshape(1, 1, 6)
    assert F.pad(x, (-2, -1)).flatten().tolist() == [3.0, 4.0, 5.0]
    assert F.pad(x, (-1, 2), value=9.0).flatten().tolist() == [
        2.0,
        3.0,
        4.0,
        5.0,
        6.0,
        9.0,
        9.0,
    ]
    for mode in ("replicate", "reflect", "circular"):
        assert F.pad(x, (-2, -1), mode=mode).flatten().tolist() == [3.0, 4.0, 5.0], mode


@claim(
    "reflect-uses-cropped",
    "Reflection, unlike circular, mirrors cells the crop removes: `F.pad(x, (5, -2), mode='reflect')` on 1, …, 6 "
    "gives 6, 5, 4, 3, 2, 1, 2, 3, 4.",
)
def _():
    x = torch.arange(1.0, 7.0).reshape(1, 1, 6)
    assert F.pad(x, (5, -2), mode="reflect").flatten().tolist() == [6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 3.0, 4.0]
    assert 6.0 not in F.pad(x, (4, -2), mode="circular").flatten().tolist()  # circular wraps only what is left
    for a, b in itertools.product(range(1, 6), range(-3, 0)):  # reflect = pad the whole input, then crop
        grown = F.pad(x, (a, 0), mode="reflect")
        assert torch.equal(F.pad(x, (a, b), mode="reflect"), grown[..., : grown.shape[-1] + b]), (a, b)


@claim(
    "pad-limits",
    "Reflection padding must be smaller than the input size in each padded dimension; circular padding may be at "
    "most the size left after any crop on the other side of that dimension (the input size when nothing is "
    "cropped). Torch always refuses circular padding above the input size; up to it, it refuses padding beyond "
    "what the crop leaves only when the crop leaves at least one cell and every dimension in front of this one "
    "holds one cell (a crop of more than the whole dimension may be refused too), and otherwise may return cells "
    "it never wrote; constant and replicate padding have no upper limit.",
    over=("size", "padding", "dims", "pads"),
)
def _():
    for size, p in cases(size=range(1, 6), padding=range(9)):
        shape = (1, 1, size, size + 2)
        for dim_pad in ((p, p, 0, 0), (0, 0, p, p)):
            record(size=size, padding=p, dims=dim_pad)
            limit = size + 2 if dim_pad[0] else size
            assert isinstance(torch_pad(shape, dim_pad, "reflect"), Exception) == (p >= limit)
            assert isinstance(torch_pad(shape, dim_pad, "circular"), Exception) == (p > limit)
            assert not isinstance(torch_pad(shape, dim_pad, "replicate"), Exception)
            assert not isinstance(torch_pad(shape, dim_pad, "constant"), Exception)
    seen = dict.fromkeys(("wraps", "refused", "unwritten", "nothing left", "past whole refused"), 0)
    grid = cases(
        size=range(1, 7), padding=range(1, 8), pads=range(0, 9), side=("left", "right"), dims=((1, 1), (1, 2), (2, 1))
    )
    for size, p, crop, side, front in grid:  # p new cells on one side, `crop` cells cut from the other
        x = torch.arange(1.0, front[0] * front[1] * size + 1).reshape(*front, size)  # front: the dimensions before
        amounts = (p, -crop) if side == "left" else (-crop, p)
        left = size - crop
        got = torch_pad(tuple(x.shape), amounts, "circular")
        if left >= 1:
            assert isinstance(torch_pad(tuple(x.shape), amounts, "reflect"), Exception) >= (p >= size)
        if p > size:  # more than the input size: refused whatever is in front and whatever the crop
            assert isinstance(got, Exception), (size, p, crop, side, front)
            continue
        if left < 0:  # a crop of more than the whole dimension: refused or not, by the sizes
            seen["past whole refused"] += isinstance(got, Exception)
            continue
        if p > left and (left == 0 or front != (1, 1)):  # torch skips its check
            assert not isinstance(got, Exception), (size, p, crop, side, front)
            seen["nothing left"] += left == 0
        elif p > left:
            assert isinstance(got, Exception), (size, p, crop, side, front)
            seen["refused"] += 1
        if isinstance(got, Exception) or left == 0:
            continue
        out = F.pad(x, amounts, mode="circular")
        kept = x[..., :left] if side == "left" else x[..., crop:]
        order = [(j - p) % left for j in range(p + left)] if side == "left" else [j % left for j in range(left + p)]
        if p <= left:  # the new cells wrap around what the crop left
            assert torch.equal(out, kept[..., order]), (size, p, crop, side, front)
            seen["wraps"] += 1
        else:  # some cells hold what torch never wrote
            seen["unwritten"] += not torch.equal(out, kept[..., order])
    assert all(seen.values()), seen
    x = torch.arange(1.0, 7.0).reshape(1, 1, 6)  # the report's case: 4 new cells wrap the 4 left, 5 are refused
    assert F.pad(x, (4, -2), mode="circular").flatten().tolist() == [1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0]
    assert isinstance(torch_pad((1, 1, 6), (5, -2), "circular"), RuntimeError)
    assert padlayers.fpad((1, 1, 6), (4, -2), "circular").out_shape == (1, 1, 8)
    with pytest.raises(ConvError, match="refer to a single memory location"):
        padlayers.fpad((1, 1, 6), (5, -2), "circular")


def _unet():
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(ROOT / "snippets" / "unet_fixes.py"))["UNet"]


@claim(
    "unet-15-14",
    "15 rows pool to 7 (the last row is read by no window: the red slashes), 7 upsample to 14, and "
    "`torch.cat` refuses to join 15 with 14.",
)
def _():
    x = torch.zeros(1, 1, 15, 15)
    pooled = nn.MaxPool2d(2)(x)
    assert pooled.shape[-1] == 7
    marked = torch.zeros(1, 1, 15, 15)
    marked[..., 14, :] = marked[..., :, 14] = 1.0  # only the last row and column hold a 1
    assert nn.MaxPool2d(2)(marked).max() == 0  # no window reads them
    up = nn.Upsample(scale_factor=2)(pooled)
    assert up.shape[-1] == 14
    try:
        torch.cat([x, up], dim=1)
    except RuntimeError:
        return
    raise AssertionError("torch.cat joined 15 with 14")


@claim(
    "unet-multiple",
    "An input whose height and width are multiples of 2<sup>depth</sup> passes through unchanged in size with no fix.",
)
def _():
    unet = _unet()
    for depth, size in itertools.product((1, 2, 3), range(8, 33)):
        x = torch.zeros(1, 1, size, size)
        if size % 2**depth == 0:
            assert unet(depth)(x).shape == x.shape
        else:
            try:
                unet(depth)(x)
            except RuntimeError:
                continue
            raise AssertionError(f"size {size} depth {depth} passed with no fix")


@claim(
    "unet-crop-pad",
    "Cropping the skip throws away its border and shrinks the output; padding the upsampled map keeps the input size.",
)
def _():
    unet = _unet()
    for depth, size in itertools.product((1, 2, 3), range(9, 33, 2)):
        x = torch.zeros(1, 1, size, size)
        assert unet(depth, "crop")(x).shape[-1] < size
        assert unet(depth, "pad")(x).shape == x.shape

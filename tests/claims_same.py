"""Claims of the 'same' and 'valid', print(model), recipe and border-value sentences, and of the networks pages:
each sentence, and the torch run that proves it. Registered through tests/claims.py, which imports this module.
"""

from __future__ import annotations

import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from tests.claims import cases, claim, covered, record


def conv_calls(layer, *inputs):
    """The ``padding`` argument each call of ``layer`` hands to F.conv2d, and F.pad's arguments."""
    seen = {"conv2d": [], "pad": []}
    real_conv, real_pad = F.conv2d, F.pad

    def conv2d(*args, **kwargs):
        seen["conv2d"].append(args[4] if len(args) > 4 else kwargs.get("padding", 0))
        return real_conv(*args, **kwargs)

    def pad(x, amounts, mode="constant", value=None):
        seen["pad"].append((tuple(amounts), mode))
        return real_pad(x, amounts, mode=mode, value=value)

    F.conv2d, F.pad = conv2d, pad  # nn.Conv2d calls them through torch.nn.functional
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outputs = [layer(x) for x in inputs]
    finally:
        F.conv2d, F.pad = real_conv, real_pad
    return seen, outputs


# --- across layers (docs/networks) -----------------------------------------------------------------


@claim("meta-has-no-data", "A tensor on the meta device has a shape but no data: reading its values raises an error.")
def _():
    x = torch.empty(3, 224, 224, device="meta")
    assert tuple(x.shape) == (3, 224, 224) and x.is_meta and x.data_ptr() == 0
    try:
        x.tolist()
    except NotImplementedError:
        return
    raise AssertionError("reading a meta tensor's values did not raise")


@claim(
    "stride-two-parity",
    "With kernel 3, stride 2 and `padding=1`, the last output reads the padding after the input only "
    "when the input size is odd; the first output always reads the padding before it.",
    over=("size",),
)
def _():
    conv = nn.Conv1d(1, 1, 3, stride=2, padding=1, bias=False)
    bare = nn.Conv1d(1, 1, 3, stride=2, bias=False)
    nn.init.ones_(conv.weight)
    nn.init.ones_(bare.weight)
    with torch.no_grad():
        for size in cases(size=range(1, 300)):
            x = torch.zeros(1, 1, size)
            assert torch.equal(conv(x), bare(F.pad(x, (1, 1))))  # padding=1: one zero on each side
            marked = bare(F.pad(F.pad(x, (1, 0), value=1.0), (0, 1)))[0, 0]  # mark the padding before ...
            assert marked[0] == 1, size
            marked = bare(F.pad(F.pad(x, (1, 0)), (0, 1), value=1.0))[0, 0]  # ... or the padding after
            assert (marked[-1] == 1) == (size % 2 == 1), size


# --- 'same' and 'valid' ---------------------------------------------------------------------------


@claim(
    "same-stays-string", "`'same'` stays a word: `conv.padding` is still the string `'same'` after the layer is built."
)
def _():
    conv = nn.Conv2d(1, 1, 4, padding="same")
    assert conv.padding == "same"
    conv(torch.zeros(1, 1, 7, 7))
    assert conv.padding == "same"  # running it does not resolve it either


@claim(
    "same-zeros-resolved-per-call",
    "With the default `padding_mode='zeros'` the layer hands the string itself to `F.conv2d`, which "
    "works out the amounts on every call;",
    over=("kernel", "dilation", "size"),
)
def _():
    sizes = [(7, 7), (9, 5), (4, 12)]
    for kernel, dilation in cases(kernel=range(1, 6), dilation=(1, 2)):
        conv = nn.Conv2d(1, 1, kernel, dilation=dilation, padding="same")
        for size in sizes:
            record(kernel=kernel, dilation=dilation, size=size)
        seen, outputs = conv_calls(conv, *(torch.randn(1, 1, *size) for size in sizes))
        assert seen["conv2d"] == ["same"] * len(sizes) and seen["pad"] == []
        assert [tuple(o.shape[2:]) for o in outputs] == sizes


@claim(
    "same-other-modes-pad-from-init",
    "with any other mode it calls `F.pad` with amounts it worked out when it was built, then "
    "`F.conv2d` with no padding.",
    over=("mode", "kernel", "dilation"),
)
def _():
    for mode, kernel, dilation in cases(mode=("reflect", "replicate", "circular"), kernel=range(1, 6), dilation=(1, 2)):
        conv = nn.Conv2d(1, 1, kernel, dilation=dilation, padding="same", padding_mode=mode)
        total = dilation * (kernel - 1)
        built = (total // 2, total - total // 2) * 2  # (left, right, top, bottom), worked out when built
        seen, _ = conv_calls(conv, torch.randn(1, 1, 9, 9), torch.randn(1, 1, 11, 10))
        assert seen["pad"] == [(built, mode)] * 2, seen
        assert all(tuple(p) == (0, 0) for p in seen["conv2d"]), seen


def split_of_same(kernel: int, dilation: int) -> tuple[int, int]:
    """The (before, after) that reproduce Conv1d's padding='same' exactly, found by trying every split."""
    torch.manual_seed(0)
    conv = nn.Conv1d(1, 1, kernel, dilation=dilation, padding="same", bias=False)
    x = torch.randn(1, 1, 11)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        want = conv(x)
        total = dilation * (kernel - 1)
        fits = [
            (lo, total - lo)
            for lo in range(total + 1)
            if torch.allclose(F.conv1d(F.pad(x, (lo, total - lo)), conv.weight, dilation=dilation), want)
        ]
    assert len(fits) == 1, fits
    return fits[0]


@claim(
    "same-odd-total",
    "The total is odd only when the kernel is even *and* the dilation odd (a 4-wide kernel pads 1 + 2; "
    "with dilation 2 it pads 3 + 3); then PyTorch puts the extra cell on the right and at the bottom.",
    over=("kernel", "dilation"),
)
def _():
    for kernel, dilation in cases(kernel=range(1, 7), dilation=(1, 2, 3)):
        lo, hi = split_of_same(kernel, dilation)
        odd = (lo + hi) % 2 == 1
        assert odd == (kernel % 2 == 0 and dilation % 2 == 1), (kernel, dilation)
        assert hi - lo == (1 if odd else 0), (kernel, dilation, lo, hi)  # the extra cell goes after
    assert split_of_same(4, 2) == (3, 3) and split_of_same(4, 1) == (1, 2)


@claim(
    "valid-is-zero",
    "For `Conv1d`, `Conv2d` and `Conv3d`, `'valid'` is the same as `padding=0`: the kernel only visits positions "
    "where it lies entirely on the input (`ConvTranspose` layers accept `'valid'` and `'same'` when built, then "
    "raise a `TypeError` when called).",
    over=("size", "kernel", "stride", "dilation", "layer"),
)
def _():
    torch.manual_seed(0)
    grid = cases(
        size=range(1, 9),
        kernel=range(1, 4),
        stride=(1, 2, 3),
        dilation=(1, 2),
        layer=(1, 2, 3),
        where=lambda size, kernel, stride, dilation, layer: dilation * (kernel - 1) < size and (layer == 1 or size < 6),
    )
    for size, kernel, stride, dilation, n in grid:
        x, w = torch.randn(1, 1, *(size,) * n), torch.randn(1, 1, *(kernel,) * n)
        conv = getattr(nn, f"Conv{n}d")
        valid = conv(1, 1, kernel, stride=stride, dilation=dilation, padding="valid", bias=False)
        with torch.no_grad():
            valid.weight.copy_(w)
            got = valid(x)
        zero = getattr(F, f"conv{n}d")(x, w, stride=stride, dilation=dilation, padding=0)
        assert torch.equal(got, zero)
        for padding in ("valid", "same"):  # the transposed layer of the same shape: built, then refused when called
            transposed = getattr(nn, f"ConvTranspose{n}d")(1, 1, kernel, stride, dilation=dilation, padding=padding)
            with pytest.raises(TypeError, match="must be tuple of ints"):
                transposed(x)
        if n > 1:
            continue
        extent = dilation * (kernel - 1) + 1
        starts = [o * stride for o in range(zero.shape[-1])]  # every position the kernel visits ...
        assert starts == list(range(0, size - extent + 1, stride))  # ... is every one wholly on the input
        for o, t in enumerate(starts):
            assert torch.allclose(zero[0, 0, o], (x[0, 0, t : t + extent : dilation] * w[0, 0]).sum(), atol=1e-5)


@claim(
    "strided-same-refused",
    "`nn.Conv2d(..., stride=2, padding='same')` refuses when the layer is built; the functional "
    "`F.conv2d(x, weight, stride=2, padding='same')` has nothing to build, so it fails only when called.",
    over=("stride", "kernel", "dims"),
)
def _():
    functional = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
    for stride, kernel, dims in cases(stride=(2, 3, 4), kernel=(1, 2, 3), dims=(1, 2, 3)):
        try:
            getattr(nn, f"Conv{dims}d")(1, 1, kernel, stride=stride, padding="same")
        except ValueError:
            pass
        else:
            raise AssertionError(f"nn.Conv{dims}d accepted a strided 'same'")
        weight = torch.randn(1, 1, *(kernel,) * dims)
        try:
            functional[dims](torch.randn(1, 1, *(5,) * dims), weight, stride=stride, padding="same")
        except RuntimeError:
            pass
        else:
            raise AssertionError(f"F.conv{dims}d accepted a strided 'same'")


def _keeping_padding(size: int, kernel: int = 3, stride: int = 2) -> list[int]:
    return [
        p
        for p in range(3 * size)
        if nn.Conv1d(1, 1, kernel, stride=stride, padding=p)(torch.zeros(1, 1, size)).shape[-1] == size
    ]


@claim(
    "strided-same-depends-on-size",
    "With a stride, padding *can* keep the size — `nn.Conv2d(1, 1, 3, stride=2, padding=4)` turns a "
    "7 × 7 input into a 7 × 7 output — but the amount depends on the input: a 9 × 9 input needs "
    "`padding=5`.",
)
def _():
    with torch.no_grad():
        assert nn.Conv2d(1, 1, 3, stride=2, padding=4)(torch.zeros(1, 1, 7, 7)).shape[2:] == (7, 7)
        assert _keeping_padding(7) == [4] and _keeping_padding(9) == [5]


# --- print(model) -------------------------------------------------------------------------------


@claim(
    "repr-padding",
    "The repr leaves `padding=` out only when it is all zeros given as numbers: `padding='valid'` "
    "still prints, as `padding=valid`.",
    over=("layer", "padding"),
)
def _():
    forms = (0, 1, 2, (0, 0), (0, 1), (1, 0), (0, 0, 0), (1, 0, 0), "valid", "same")
    layers = ("Conv1d", "Conv2d", "Conv3d")
    for layer, padding in cases(layer=layers, padding=forms):
        n = int(layer[-2])
        if isinstance(padding, tuple) and len(padding) != n:
            continue
        text = repr(getattr(nn, layer)(1, 1, 3, padding=padding))
        zeros = not isinstance(padding, str) and not any(padding if isinstance(padding, tuple) else (padding,))
        assert ("padding=" not in text) == zeros, (layer, padding, text)
    assert "padding=valid" in repr(nn.Conv2d(1, 1, 3, padding="valid"))


# --- recipes ---------------------------------------------------------------------------------------

covered(
    "recipe-pre-hook",
    "The recipe holds in all four padding modes, for integer and per-dimension padding, for `'same'` (odd and "
    "even kernels, with and without dilation) and `'valid'`, in one, two and three dimensions.",
    by=("tests/test_recipes.py::test_the_pre_hook_recipe_pads_as_the_layer_does",),
)


# --- values (snippets/border_values.py, snippets/padding_modes.py) ------------------------------


@claim(
    "ones-count-cells",
    "With every input value 1 and every weight 1 (and no bias), each output value is just the number of "
    "input cells its window covers.",
    over=("size", "kernel", "stride", "padding"),
)
def _():
    grid = cases(
        size=range(1, 7),
        kernel=(1, 2, 3),
        stride=(1, 2),
        padding=(0, 1, 2),
        where=lambda size, kernel, stride, padding: kernel <= size + 2 * padding,
    )
    for size, kernel, stride, padding in grid:
        conv = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, bias=False)
        nn.init.ones_(conv.weight)
        with torch.no_grad():
            out = conv(torch.ones(1, 1, size, size + 1))[0, 0]
        covered = [
            [
                sum(
                    0 <= r * stride + i - padding < size and 0 <= c * stride + j - padding < size + 1
                    for i in range(kernel)
                    for j in range(kernel)
                )
                for c in range(out.shape[1])
            ]
            for r in range(out.shape[0])
        ]
        assert out.tolist() == covered


@claim(
    "modes-differ-except-centre",
    "Here only the centre, whose window holds no padding, is the same in all four.",
    fixed="Here",
)
def _():
    image = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    outputs = []
    for mode in ("zeros", "reflect", "replicate", "circular"):
        conv = nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode, bias=False)
        nn.init.ones_(conv.weight)
        with torch.no_grad():
            outputs.append(conv(image)[0, 0].tolist())
    for r, c in ((r, c) for r in range(3) for c in range(3)):
        values = {out[r][c] for out in outputs}
        assert len(values) == (1 if (r, c) == (1, 1) else 4), (r, c, values)

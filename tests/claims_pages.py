"""Claims of the article, guide and reference pages: each sentence, and the torch run that proves it.

Registered through tests/claims.py, which imports this module. ``PAGES`` says where each sentence sits;
tests/test_claims.py checks that the sentence is on that page, word for word, ending in its marker.
"""

from __future__ import annotations

import itertools
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

from tests.claims import cases, claim, record


def unit_weights(layer):
    with torch.no_grad():
        layer.weight.fill_(1.0)
        if layer.bias is not None:
            layer.bias.zero_()
    return layer


def read_cells(layer, shape):
    """The input cells (as a 0/1 tensor of ``shape``) that the whole output depends on: the gradient's support."""
    x = torch.zeros(1, 1, *shape, requires_grad=True)
    unit_weights(layer)(x).sum().backward()
    return (x.grad[0, 0] != 0).int()


def conv1d_size(i, k, s, p, d) -> int:
    """The output length nn.Conv1d gives (it calls F.conv1d; a bare weight keeps the grid fast)."""
    return F.conv1d(torch.zeros(1, 1, i), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]


def conv_size(i, k, s=1, p=0, d=1):
    return (i + 2 * p - d * (k - 1) - 1) // s + 1


GRID = [
    (i, k, s, p, d)
    for i, k, s, p, d in itertools.product(range(1, 10), range(1, 5), range(1, 4), range(3), range(1, 3))
    if d * (k - 1) + 1 <= i + 2 * p
]


# --- home page ------------------------------------------------------------------------------------


@claim(
    "padding-is-input",
    "**Padding changes the *input* of a convolution, not the layer: PyTorch surrounds the input with extra "
    "cells before the kernel slides over it. The output is the convolution of that padded input, so you see "
    "the padding as a larger output and as border values computed partly from those extra cells. Without "
    "dilation, when `padding` is smaller than the kernel every window still reads an input cell; when it is "
    "at least the kernel size and `padding_mode` is the default `'zeros'`, the first outputs (with stride 1, the "
    "last ones too) read zeros only and hold just the bias (with reflect, replicate or circular padding they read "
    "copies of the input): a 1×1 convolution with `padding=1` and bias 0.5 returns a ring of 0.5 around its "
    "result.**",
    over=("size", "kernel", "stride", "padding", "mode"),
)
def _():
    torch.manual_seed(0)
    x = torch.randn(1, 1, 5, 5)
    padded, plain = nn.Conv2d(1, 1, 3, padding=1), nn.Conv2d(1, 1, 3, padding=0)
    plain.load_state_dict(padded.state_dict())
    assert set(padded.state_dict()) == {"weight", "bias"}  # the layer holds no padded cells
    assert torch.allclose(padded(x), plain(F.pad(x, (1, 1, 1, 1))))
    modes = ("zeros", "reflect", "replicate", "circular")
    grid = cases(
        lambda size, kernel, stride, padding, mode: (
            kernel <= size + 2 * padding
            and not (mode == "reflect" and padding >= size)
            and not (mode == "circular" and padding > size)
        ),
        size=range(1, 8),
        kernel=range(1, 5),
        stride=(1, 2, 3),
        padding=range(0, 5),
        mode=modes,
    )
    for size, kernel, stride, padding, mode in grid:
        layer = nn.Conv1d(1, 1, kernel, stride=stride, padding=padding, padding_mode=mode)
        with torch.no_grad():
            layer.weight.fill_(1.0)
            layer.bias.fill_(0.5)
            out = layer(torch.ones(1, 1, size))[0, 0]  # an output reading no input cell holds just the bias
        frame = [o for o, v in enumerate(out.tolist()) if v == 0.5]
        if mode != "zeros":
            assert frame == [], (size, kernel, stride, padding, mode)  # copies of the input: every output > bias
        elif padding < kernel:
            assert frame == [], (size, kernel, stride, padding)  # every window reads an input cell
        else:
            assert frame and frame[0] == 0, (size, kernel, stride, padding)  # the first one reads padding only
            assert stride > 1 or frame[-1] == len(out) - 1, (size, kernel, padding)  # and the last, at stride 1
    ring = nn.Conv2d(1, 1, 1, padding=1)
    with torch.no_grad():
        ring.weight.fill_(1.0)
        ring.bias.fill_(0.5)
        out = ring(torch.ones(1, 1, 3, 3))[0, 0]
    assert (
        (out[0] == 0.5).all() and (out[-1] == 0.5).all() and (out[:, 0] == 0.5).all() and (out[1:-1, 1:-1] == 1.5).all()
    )
    x = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    for mode in modes[1:]:  # the report's counterexample: replicate and circular border cells copy the input
        copy = nn.Conv2d(1, 1, 1, padding=1, padding_mode=mode)
        copy.load_state_dict(ring.state_dict())
        with torch.no_grad():
            assert torch.equal(copy(x)[0, 0], F.pad(x, (1, 1, 1, 1), mode=mode)[0, 0] + 0.5)


@claim(
    "conv-formula",
    "With *d* = 1 this is the familiar ⌊(*i* + 2*p* − *k*) / *s*⌋ + 1.",
    over=("size", "kernel", "stride", "padding", "dilation"),
)
def _():
    for i, k, s, p, d in GRID:
        record(size=i, kernel=k, stride=s, padding=p, dilation=d)
        assert conv1d_size(i, k, s, p, d) == conv_size(i, k, s, p, d), (i, k, s, p, d)
    # the formulas page's asymmetric row: p₁ before and p₂ after, by F.pad
    for i, k, s, p1, p2 in itertools.product(range(1, 8), range(1, 5), range(1, 4), range(3), range(3)):
        if k <= i + p1 + p2:
            x = F.pad(torch.zeros(1, 1, i), (p1, p2))
            assert F.conv1d(x, torch.zeros(1, 1, k), stride=s).shape[-1] == (i + p1 + p2 - k) // s + 1


# --- padding 0 and 1 -------------------------------------------------------------------------------


@claim(
    "border-reads-zeros",
    "The padded layer's output is the same kind of map as the unpadded one, only larger: each of its border "
    "cells was computed from a window that overlapped the zeros.",
    fixed="The padded layer",
)
def _():
    read = read_cells(nn.Conv2d(1, 1, 3, padding=1), (5, 5))
    assert read.sum() == 25  # every input cell is read
    out = unit_weights(nn.Conv2d(1, 1, 3, padding=1))(torch.ones(1, 1, 5, 5))[0, 0]
    inner = out[1:-1, 1:-1]
    border = torch.cat([out[0], out[-1], out[1:-1, 0], out[1:-1, -1]])
    assert (inner == 9).all() and (border < 9).all()  # border windows held fewer than 9 input cells


@claim("weights-same-size", "The layer's weights are the same size in both cases.")
def _():
    assert nn.Conv2d(1, 1, 3, padding=0).weight.shape == nn.Conv2d(1, 1, 3, padding=1).weight.shape


@claim(
    "padding-only-a-setting",
    "`print(conv)` shows `padding=(1, 1)` for the second layer. That is the only place the padding appears: "
    "as a setting of the layer, applied to the input at every call.",
    over=("padding", "mode", "size"),
)
def _():
    assert "padding" not in repr(nn.Conv2d(1, 1, 3, padding=0))
    for padding, mode in cases(padding=(1, 2, (1, 2), "same"), mode=("zeros", "reflect", "replicate", "circular")):
        conv = nn.Conv2d(1, 1, 3, padding=padding, padding_mode=mode)
        assert "padding=" in repr(conv)
        assert set(conv.state_dict()) == {"weight", "bias"} and not list(conv.buffers())
        amounts = (1, 1) if padding == "same" else ((padding,) * 2 if isinstance(padding, int) else padding)
        for size in (5, 8):  # applied to each input as it comes
            record(padding=padding, mode=mode, size=size)
            assert conv(torch.zeros(1, 1, size, size)).shape[2:] == tuple(size + 2 * a - 2 for a in amounts)


# --- 'same', 'valid' and (2, 1) --------------------------------------------------------------------


@claim("padding-forms", "`padding` takes an integer, one integer per spatial dimension, or one of two words.")
def _():
    for padding in (1, (1, 2), "same", "valid"):
        nn.Conv2d(1, 1, 3, padding=padding)
    try:
        nn.Conv2d(1, 1, 3, padding="full")
    except ValueError:
        return
    raise AssertionError("a third word was accepted")


@claim(
    "same-total-and-tuple",
    "`'valid'` means no padding at all. `'same'` asks PyTorch to pad just enough, with stride 1, for the "
    "output to keep the input's size: a "
    "total of *d*·(*k* − 1) cells per dimension. A tuple pads each dimension by its own amount, height first.",
)
def _():
    from tests.claims import CLAIMS
    from tests.claims_same import split_of_same

    CLAIMS["valid-is-zero"].check()
    for kernel, dilation in itertools.product(range(1, 6), (1, 2, 3)):
        assert sum(split_of_same(kernel, dilation)) == dilation * (kernel - 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert nn.Conv1d(1, 1, kernel, dilation=dilation, padding="same")(torch.zeros(1, 1, 9)).shape[-1] == 9
    assert nn.Conv2d(1, 1, 3, padding=(2, 1))(torch.zeros(1, 1, 7, 7)).shape[2:] == (9, 7)


@claim(
    "same-3x3-is-1",
    "`'same'` gives a 3×3 kernel one cell on every side, the same amount as `padding=1`;",
    over=("size", "mode"),
)
def _():
    torch.manual_seed(0)
    for size, mode in cases(size=[(h, w) for h in range(1, 8) for w in (1, 4, 7)], mode=("zeros", "replicate")):
        same = nn.Conv2d(1, 1, 3, padding="same", padding_mode=mode)
        one = nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode)
        one.load_state_dict(same.state_dict())
        x = torch.randn(1, 1, *size)
        assert torch.allclose(same(x), one(x))


@claim(
    "tuple-rows-and-columns",
    "`(2, 1)` pads two rows above and below but one column left and right, so the two dimensions grow by "
    "different amounts and the output is no longer square.",
)
def _():
    torch.manual_seed(0)
    layer, plain = nn.Conv2d(1, 1, 3, padding=(2, 1)), nn.Conv2d(1, 1, 3)
    plain.load_state_dict(layer.state_dict())
    x = torch.randn(1, 1, 7, 7)
    assert torch.allclose(layer(x), plain(F.pad(x, (1, 1, 2, 2)))) and layer(x).shape[2:] == (9, 7)


# --- stride ----------------------------------------------------------------------------------------


@claim(
    "stride-floor",
    "The number of positions is the number of whole jumps that fit, plus the first position — the division "
    "in the formula is rounded down, and whatever is left over at the far edge is never read.",
    over=("size", "kernel", "stride"),
)
def _():
    for i, k, s in cases(
        size=range(1, 10), kernel=range(1, 5), stride=range(1, 4), where=lambda size, kernel, stride: kernel <= size
    ):
        layer = nn.Conv1d(1, 1, k, stride=s)
        assert layer(torch.zeros(1, 1, i)).shape[-1] == (i - k) // s + 1
        read = read_cells(layer, (i,))
        last = ((i - k) // s) * s + k  # one past the last cell the last position reads
        assert read[last:].sum() == 0 and (k < s or read[:last].all()), (i, k, s)


@claim(
    "stride-seven-all-read",
    "Without padding, 7 − 3 = 4 leaves room for exactly two jumps: nothing is left over, so every input cell is read.",
    fixed="7 − 3 = 4",
)
def _():
    assert read_cells(nn.Conv2d(1, 1, 3, stride=2), (7, 7)).all()


@claim(
    "stride-floor-same-output",
    "The division is rounded *down*, so different inputs can give the same output — and then part of the "
    "larger one, padded, is never read.",
    over=("size", "kernel", "stride", "padding"),
)
def _():
    for i, k, s, p in cases(size=range(1, 10), kernel=range(1, 4), stride=range(2, 4), padding=range(3)):
        if k > i + 2 * p:
            continue
        o = conv_size(i, k, s, p)
        for j in range(i + 1, i + s):  # a larger input with the same output
            if conv_size(j, k, s, p) != o:
                continue
            read = read_cells(nn.Conv1d(1, 1, k, stride=s), (j + 2 * p,))  # the larger input, padded
            assert read[-1] == 0, (i, j, k, s, p)  # its last cell (input or padding) is read by no output
    layer = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    assert layer(torch.zeros(1, 1, 5, 5)).shape == layer(torch.zeros(1, 1, 6, 6)).shape
    padded = nn.Conv2d(1, 1, 3, stride=2)  # the same layer on the padded 8 × 8 grid
    assert read_cells(padded, (8, 8))[-1].sum() == 0 and read_cells(padded, (8, 8))[:, -1].sum() == 0


@claim(
    "stride-floor-six",
    "With input 6, the padded grid is 8 wide: the same three positions fit, and the last column and row — "
    "here the padding on the right and at the bottom — is read by no output.",
)
def _():
    read = read_cells(nn.Conv2d(1, 1, 3, stride=2), (8, 8))  # the 6 × 6 input with its ring of padding
    assert read[:7, :7].all() and read[7].sum() == 0 and read[:, 7].sum() == 0
    assert read_cells(nn.Conv2d(1, 1, 3, stride=2, padding=1), (6, 6)).all()  # every real input cell is read


@claim(
    "transposed-must-be-told",
    "A downsampling layer therefore loses the information that two input sizes differed. A transposed "
    "convolution meant to undo it must be told which size to restore: see",
    over=("size", "kernel", "stride", "padding"),
)
def _():
    for i, k, s, p in cases(size=range(3, 9), kernel=range(1, 4), stride=(2, 3), padding=(0, 1)):
        o = conv_size(i, k, s, p)
        sizes = [j for j in range(1, 3 * i) if k <= j + 2 * p and conv_size(j, k, s, p) == o]
        assert len(sizes) >= 2  # the downsampling forgets which of these it saw
        up = nn.ConvTranspose1d(1, 1, k, stride=s, padding=p)
        small = torch.zeros(1, 1, o)
        default = up(small).shape[-1]
        assert default in sizes  # on its own, the transposed layer restores one of them ...
        for j in sizes:  # ... and output_size= picks any of them
            assert up(small, output_size=[j]).shape[-1] == j
    up = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
    small = torch.zeros(1, 1, 3, 3)
    assert up(small).shape[2:] == (5, 5)
    assert up(small, output_size=(6, 6)).shape[2:] == (6, 6)

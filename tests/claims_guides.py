"""Claims of the dilation/transposed, other-dimensions, padding-modes, where-is-my-padding, TensorFlow and
reference pages: each sentence, and the torch run that proves it. Registered through tests/claims.py.
"""

from __future__ import annotations

import itertools

import torch
import torch.nn as nn
import torch.nn.functional as F

from tests.claims import cases, claim, covered, record
from tests.claims_pages import GRID, conv1d_size, conv_size, read_cells, unit_weights

# --- dilation and transposed -----------------------------------------------------------------------


@claim(
    "dilation-taps",
    "A 3×3 kernel with dilation 2 covers a 5×5 window but reads only 9 of its cells: the figures show the gaps.",
    fixed="A 3×3 kernel with dilation 2",
)
def _():
    read = read_cells(nn.Conv2d(1, 1, 3, dilation=2), (5, 5))
    assert read.sum() == 9 and read[::2, ::2].all()


@claim(
    "dilation-size-and-same",
    "Its size in the formula is *d*·(*k* − 1) + 1, and `'same'` pads ⌊*d*·(*k* − 1) / 2⌋ before and the rest "
    "after: half on each side when *d*·(*k* − 1) is even, one cell more after when it is odd.",
    over=("size", "kernel", "stride", "padding", "dilation"),
)
def _():
    from tests.claims_same import split_of_same

    for i, k, s, p, d in cases(
        size=range(1, 10), kernel=range(1, 5), stride=range(1, 4), padding=range(3), dilation=(1, 2, 3)
    ):
        if d * (k - 1) + 1 <= i + 2 * p:
            assert conv1d_size(i, k, s, p, d) == conv_size(i, k, s, p, d)
    for k, d in itertools.product(range(1, 7), (1, 2, 3)):
        total = d * (k - 1)
        assert split_of_same(k, d) == (total // 2, total - total // 2), (k, d)


@claim(
    "transposed-patches",
    "`ConvTranspose2d` maps each input cell to a *k*×*k* patch of the output before `padding` crops it (its "
    "cells *d* apart with a dilation), stepping *s* cells per input cell.",
    over=("kernel", "stride", "dilation", "padding"),
)
def _():
    for k, s, d, p in cases(kernel=(1, 2, 3), stride=(1, 2, 3), dilation=(1, 2), padding=(0, 1)):
        up = unit_weights(nn.ConvTranspose2d(1, 1, k, stride=s, dilation=d, padding=p))
        for r, c in ((0, 0), (1, 2), (2, 1)):
            x = torch.zeros(1, 1, 3, 3)
            x[0, 0, r, c] = 1
            with torch.no_grad():
                hit = torch.nonzero(up(x)[0, 0]).tolist()
            size = up(x).shape[-1]
            patch = [[s * r + d * a - p, s * c + d * b - p] for a in range(k) for b in range(k)]
            assert hit == [[i, j] for i, j in patch if 0 <= i < size and 0 <= j < size], (k, s, d, p, r, c)


@claim(
    "transposed-formula",
    "Its output size runs the convolution formula backwards:",
    over=("size", "kernel", "stride", "padding", "dilation", "output_padding"),
)
def _():
    for s, d, a in itertools.product(range(1, 4), range(1, 4), range(4)):  # output_padding allowed: a < s or a < d
        try:
            F.conv_transpose1d(torch.zeros(1, 1, 3), torch.zeros(1, 1, 2), stride=s, output_padding=a, dilation=d)
            accepted = True
        except RuntimeError:
            accepted = False
        assert accepted == (a < max(s, d)), (s, d, a)
    for i, k, s, p, d in GRID:
        for a in range(max(s, d)):
            record(size=i, kernel=k, stride=s, padding=p, dilation=d, output_padding=a)
            size = (i - 1) * s - 2 * p + d * (k - 1) + a + 1
            if size < 1:
                continue
            got = F.conv_transpose1d(
                torch.zeros(1, 1, i), torch.zeros(1, 1, k), stride=s, padding=p, output_padding=a, dilation=d
            ).shape[-1]  # what nn.ConvTranspose1d calls
            assert got == size, (i, k, s, p, d, a)


@claim(
    "transposed-padding-crops",
    "`padding` does not add cells here: it **crops** *p* cells from each side of the output.",
    "`padding` crops the output instead of padding the input.",
    over=("size", "kernel", "stride", "dilation", "padding"),
)
def _():
    torch.manual_seed(0)
    grid = cases(size=(1, 3, 4), kernel=(1, 2, 3), stride=(1, 2, 3), dilation=(1, 2), padding=(1, 2, 3))
    for i, k, s, d, p in grid:
        x, w, b = torch.randn(1, 1, i, i), torch.randn(1, 1, k, k), torch.randn(1)
        full = F.conv_transpose2d(x, w, b, stride=s, dilation=d)
        if full.shape[-1] - 2 * p < 1:
            continue  # nothing left to crop to: torch refuses
        cropped = F.conv_transpose2d(x, w, b, stride=s, padding=p, dilation=d)
        assert torch.allclose(cropped, full[:, :, p:-p, p:-p], atol=1e-5), (i, k, s, d, p)


@claim(
    "stride-six-last-padding-unread",
    "on [Stride and the floor](../guide/stride-and-the-floor.md) an input of 6 with `padding=1` is 8 wide "
    "padded, and 8 − 3 = 5 leaves its last row and column, padding cells, read by no output.",
)
def _():
    padded = torch.zeros(1, 1, 8, 8, requires_grad=True)
    conv = nn.Conv2d(1, 1, 3, stride=2, padding=0, bias=False)
    nn.init.ones_(conv.weight)
    conv(padded).sum().backward()  # the padded 6 × 6 input, padding=1
    assert padded.grad is not None
    unread = {(r, c) for r in range(8) for c in range(8) if padded.grad[0, 0, r, c] == 0}
    assert unread == {(r, c) for r in range(8) for c in range(8) if 7 in (r, c)}  # only the last row and column
    conv = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    assert conv(torch.zeros(1, 1, 6, 6)).shape[-1] == (6 + 2 - 3) // 2 + 1 == 3


@claim(
    "output-padding-picks",
    "`output_padding` (smaller than the stride or the dilation) picks one: it adds *a* cells at the end of "
    "the *output shape*, one more implicit zero each at the end of the stretched input in the "
    "direct-convolution view below. While *a* ≤ *p* they hold what the `padding=0` layer gives there, cells "
    "the crop would otherwise drop; every cell past that (*a* > *p*) reads only implicit zeros and holds just "
    "the bias.",
    over=("size", "kernel", "stride", "dilation", "padding", "output_padding"),
)
def _():
    torch.manual_seed(0)
    grid = cases(
        size=range(1, 6),
        kernel=range(1, 4),
        stride=(1, 2, 3),
        dilation=(1, 2),
        padding=range(3),
        output_padding=range(3),
        where=lambda size, kernel, stride, dilation, padding, output_padding: output_padding < max(stride, dilation),
    )
    for i, k, s, d, p, a in grid:
        x, w, b = torch.randn(1, 1, i), torch.randn(1, 1, k), torch.randn(1)
        full = F.conv_transpose1d(x, w, b, stride=s, dilation=d)[0, 0]
        if len(full) - 2 * p + a < 1:
            continue
        y = F.conv_transpose1d(x, w, b, stride=s, padding=p, output_padding=a, dilation=d)[0, 0]
        assert len(y) == len(full) - 2 * p + a
        for j in range(max(len(y) - a, 0), len(y)):  # the cells output_padding added
            want = full[p + j] if p + j < len(full) else b[0]  # inside the uncropped output, or past it
            assert torch.allclose(y[j], want, atol=1e-5), (i, k, s, d, p, a, j)
        assert (p + len(y) - 1 >= len(full)) == (a > p)  # a cell past the uncropped output exactly when a > p
    torch.manual_seed(0)
    x = torch.randn(1, 1, 4, 4)
    base = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
    more = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
    more.load_state_dict(base.state_dict())
    assert torch.allclose(more(x)[:, :, :-1, :-1], base(x))  # the extra row and column are added after
    with torch.no_grad():
        more.bias.zero_()
    assert more(x)[0, 0, -1].abs().sum() > 0  # computed cells, not zeros
    # the direct view: stretch (1 zero between cells), pad d·(k − 1) − p = 1 per side plus 1 more at the
    # end (output_padding), slide the flipped kernel with stride 1
    stretched = torch.zeros(1, 1, 7, 7)
    stretched[:, :, ::2, ::2] = x
    direct = F.conv2d(F.pad(stretched, (1, 2, 1, 2)), more.weight.flip(-1, -2).transpose(0, 1))
    assert torch.allclose(direct, more(x), atol=1e-5)
    assert F.conv2d(F.pad(stretched, (1, 1, 1, 1)), more.weight).shape[-2:] == base(x).shape[-2:] == (7, 7)
    for a, s, d in ((2, 2, 1), (1, 1, 1)):
        try:
            nn.ConvTranspose2d(1, 1, 3, stride=s, dilation=d, output_padding=a)(x)
        except RuntimeError:
            continue
        raise AssertionError(f"output_padding {a} with stride {s}, dilation {d} accepted")
    nn.ConvTranspose2d(1, 1, 3, stride=1, dilation=2, output_padding=1)(x)  # < dilation is enough


@claim(
    "output-size-range",
    "Calling the layer with `output_size=` picks it for you, within the range of sizes that are possible.",
)
def _():
    up = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
    small = torch.zeros(1, 1, 4, 4)
    assert [up(small, output_size=(n, n)).shape[-1] for n in (7, 8)] == [7, 8]
    for n in (6, 9):
        try:
            up(small, output_size=(n, n))
        except ValueError:
            continue
        raise AssertionError(f"output_size {n} accepted")


# --- other dimensions ------------------------------------------------------------------------------


@claim(
    "per-dimension",
    "`Conv1d` has one spatial dimension (length), `Conv3d` three (depth, height, width), and a tuple for "
    "`padding` gives one amount per dimension in that order.",
)
def _():
    out = nn.Conv3d(1, 1, 3, padding=(1, 0, 2))(torch.zeros(1, 1, 5, 6, 7)).shape[2:]
    assert out == (conv_size(5, 3, p=1), conv_size(6, 3, p=0), conv_size(7, 3, p=2))
    assert nn.Conv1d(1, 1, 4, stride=2, padding=1)(torch.zeros(1, 1, 10)).shape[2:] == (5,)


covered(
    "f-pad-order",
    "To reproduce the layer's padding by hand you must write the width pair first.",
    by=("tests/test_recipes.py::test_the_f_pad_order_recipe_holds_in_every_mode",),
    over=("mode", "padding"),
)


# --- padding modes ---------------------------------------------------------------------------------


@claim(
    "modes-values",
    "- **zeros**: every padding cell is 0. - **reflect**: mirror the input about its edge cell, without "
    "repeating the edge. - **replicate**: repeat the edge cell outwards. - **circular**: wrap around, as if "
    "the input tiled the plane.",
    over=("mode", "size", "padding"),
)
def _():
    expected = {
        "zeros": lambda t, n: None,
        "reflect": lambda t, n: abs(t) if t < n else 2 * (n - 1) - t,
        "replicate": lambda t, n: min(max(t, 0), n - 1),
        "circular": lambda t, n: t % n,
    }
    for mode, n, p in cases(mode=tuple(expected), size=range(1, 7), padding=range(4)):
        if (mode == "reflect" and p >= n) or (mode == "circular" and p > n):
            continue  # refused: see modes-limits
        x = torch.arange(1.0, n + 1).reshape(1, 1, n)
        got = unit_weights(nn.Conv1d(1, 1, 1, padding=p, padding_mode=mode))(x)[0, 0].tolist()
        for j, value in enumerate(got):
            t = j - p  # the input position this output copies
            source = t if 0 <= t < n else expected[mode](t, n)
            assert value == (0.0 if source is None else x[0, 0, source].item()), (mode, n, p, j)
    x = torch.arange(1.0, 5.0).reshape(1, 1, 4)  # 1 2 3 4
    layers = {
        mode: unit_weights(nn.Conv1d(1, 1, 1, padding=2, padding_mode=mode))
        for mode in ("zeros", "reflect", "replicate", "circular")
    }
    seen = {mode: layer(x)[0, 0].int().tolist() for mode, layer in layers.items()}  # a 1-wide kernel of one
    assert seen == {
        "zeros": [0, 0, 1, 2, 3, 4, 0, 0],
        "reflect": [3, 2, 1, 2, 3, 4, 3, 2],
        "replicate": [1, 1, 1, 2, 3, 4, 4, 4],
        "circular": [3, 4, 1, 2, 3, 4, 1, 2],
    }


@claim(
    "modes-limits",
    "Reflection needs a cell to mirror: the padding must be *smaller* than the input along that dimension. "
    "Circular padding may wrap the whole input once but not more: the padding must be *at most* the input "
    "size. Replicate and zeros take any padding.",
    over=("mode", "size", "padding"),
)
def _():
    for mode, size, padding in cases(
        mode=("zeros", "reflect", "replicate", "circular"), size=range(1, 5), padding=range(9)
    ):
        layer = nn.Conv1d(1, 1, 1, padding=padding, padding_mode=mode)
        try:
            layer(torch.zeros(1, 1, size))
            ok = True
        except RuntimeError:
            ok = False
        allowed = {"reflect": padding < size, "circular": padding <= size}.get(mode, True)
        assert ok == allowed, (mode, size, padding)


covered(
    "modes-cli-words",
    "The `convdocs` command line gives the same verdict, in PyTorch's own words, before you run anything:",
    by=(
        "tests/test_torch_text.py::test_every_rejection_of_a_readers_layer_is_torchs_own_text",
        "tests/test_cli.py::test_cli_accepts_and_rejects_what_torch_does",
    ),
)

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

from tests.claims import cases, claim, covered, record, test_exists


def _ones(layer):
    with torch.no_grad():
        layer.weight.fill_(1.0)
        if layer.bias is not None:
            layer.bias.zero_()
    return layer


def _read(layer, shape):
    """The input cells (as a 0/1 tensor of ``shape``) that the whole output depends on: the gradient's support."""
    x = torch.zeros(1, 1, *shape, requires_grad=True)
    _ones(layer)(x).sum().backward()
    return (x.grad[0, 0] != 0).int()


def _conv1d(i, k, s, p, d) -> int:
    """The output length nn.Conv1d gives (it calls F.conv1d; a bare weight keeps the grid fast)."""
    return F.conv1d(torch.zeros(1, 1, i), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]


def _out(i, k, s=1, p=0, d=1):
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
    "at least the kernel size, the first outputs (with stride 1, the last ones too) read padding only and "
    "hold just the bias: a 1×1 convolution with `padding=1` and bias 0.5 returns a ring of 0.5 around its "
    "result.**",
    over=("size", "kernel", "stride", "padding"),
)
def _():
    torch.manual_seed(0)
    x = torch.randn(1, 1, 5, 5)
    padded, plain = nn.Conv2d(1, 1, 3, padding=1), nn.Conv2d(1, 1, 3, padding=0)
    plain.load_state_dict(padded.state_dict())
    assert set(padded.state_dict()) == {"weight", "bias"}  # the layer holds no padded cells
    assert torch.allclose(padded(x), plain(F.pad(x, (1, 1, 1, 1))))
    grid = cases(size=range(1, 8), kernel=range(1, 5), stride=(1, 2, 3), padding=range(0, 5))
    for size, kernel, stride, padding in grid:
        if kernel > size + 2 * padding:
            continue
        layer = nn.Conv1d(1, 1, kernel, stride=stride, padding=padding)
        with torch.no_grad():
            layer.weight.fill_(1.0)
            layer.bias.fill_(0.5)
            out = layer(torch.ones(1, 1, size))[0, 0]  # an output reading no input cell holds just the bias
        frame = [o for o, v in enumerate(out.tolist()) if v == 0.5]
        if padding < kernel:
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


@claim(
    "conv-formula",
    "With *d* = 1 this is the familiar ⌊(*i* + 2*p* − *k*) / *s*⌋ + 1.",
    over=("size", "kernel", "stride", "padding", "dilation"),
)
def _():
    for i, k, s, p, d in GRID:
        record(size=i, kernel=k, stride=s, padding=p, dilation=d)
        assert _conv1d(i, k, s, p, d) == _out(i, k, s, p, d), (i, k, s, p, d)
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
    read = _read(nn.Conv2d(1, 1, 3, padding=1), (5, 5))
    assert read.sum() == 25  # every input cell is read
    out = _ones(nn.Conv2d(1, 1, 3, padding=1))(torch.ones(1, 1, 5, 5))[0, 0]
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
    from tests.claims import CLAIMS, split_of_same

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
        read = _read(layer, (i,))
        last = ((i - k) // s) * s + k  # one past the last cell the last position reads
        assert read[last:].sum() == 0 and (k < s or read[:last].all()), (i, k, s)


@claim(
    "stride-seven-all-read",
    "Without padding, 7 − 3 = 4 leaves room for exactly two jumps: nothing is left over, so every input cell is read.",
    fixed="7 − 3 = 4",
)
def _():
    assert _read(nn.Conv2d(1, 1, 3, stride=2), (7, 7)).all()


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
        o = _out(i, k, s, p)
        for j in range(i + 1, i + s):  # a larger input with the same output
            if _out(j, k, s, p) != o:
                continue
            read = _read(nn.Conv1d(1, 1, k, stride=s), (j + 2 * p,))  # the larger input, padded
            assert read[-1] == 0, (i, j, k, s, p)  # its last cell (input or padding) is read by no output
    layer = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    assert layer(torch.zeros(1, 1, 5, 5)).shape == layer(torch.zeros(1, 1, 6, 6)).shape
    padded = nn.Conv2d(1, 1, 3, stride=2)  # the same layer on the padded 8 × 8 grid
    assert _read(padded, (8, 8))[-1].sum() == 0 and _read(padded, (8, 8))[:, -1].sum() == 0


@claim(
    "stride-floor-six",
    "With input 6, the padded grid is 8 wide: the same three positions fit, and the last column and row — "
    "here the padding on the right and at the bottom — is read by no output.",
)
def _():
    read = _read(nn.Conv2d(1, 1, 3, stride=2), (8, 8))  # the 6 × 6 input with its ring of padding
    assert read[:7, :7].all() and read[7].sum() == 0 and read[:, 7].sum() == 0
    assert _read(nn.Conv2d(1, 1, 3, stride=2, padding=1), (6, 6)).all()  # every real input cell is read


@claim(
    "transposed-must-be-told",
    "A downsampling layer therefore loses the information that two input sizes differed. A transposed "
    "convolution meant to undo it must be told which size to restore: see",
    over=("size", "kernel", "stride", "padding"),
)
def _():
    for i, k, s, p in cases(size=range(3, 9), kernel=range(1, 4), stride=(2, 3), padding=(0, 1)):
        o = _out(i, k, s, p)
        sizes = [j for j in range(1, 3 * i) if k <= j + 2 * p and _out(j, k, s, p) == o]
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


# --- dilation and transposed -----------------------------------------------------------------------


@claim(
    "dilation-taps",
    "A 3×3 kernel with dilation 2 covers a 5×5 window but reads only 9 of its cells: the figures show the gaps.",
    fixed="A 3×3 kernel with dilation 2",
)
def _():
    read = _read(nn.Conv2d(1, 1, 3, dilation=2), (5, 5))
    assert read.sum() == 9 and read[::2, ::2].all()


@claim(
    "dilation-size-and-same",
    "Its size in the formula is *d*·(*k* − 1) + 1, and `'same'` pads ⌊*d*·(*k* − 1) / 2⌋ before and the rest "
    "after: half on each side when *d*·(*k* − 1) is even, one cell more after when it is odd.",
    over=("size", "kernel", "stride", "padding", "dilation"),
)
def _():
    from tests.claims import split_of_same

    for i, k, s, p, d in cases(
        size=range(1, 10), kernel=range(1, 5), stride=range(1, 4), padding=range(3), dilation=(1, 2, 3)
    ):
        if d * (k - 1) + 1 <= i + 2 * p:
            assert _conv1d(i, k, s, p, d) == _out(i, k, s, p, d)
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
        up = _ones(nn.ConvTranspose2d(1, 1, k, stride=s, dilation=d, padding=p))
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


def _crop_holds():
    torch.manual_seed(0)
    x = torch.randn(1, 1, 4, 4)
    full = nn.ConvTranspose2d(1, 1, 3, stride=2)
    for p in (1, 2):
        cropped = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=p)
        cropped.load_state_dict(full.state_dict())
        assert torch.allclose(cropped(x), full(x)[:, :, p:-p, p:-p])


@claim(
    "transposed-padding-crops",
    "`padding` does not add cells here: it **crops** *p* cells from each side of the output.",
    "For a transposed convolution the left grid is its input, unpadded: `padding` crops the output instead.",
)
def _():
    _crop_holds()


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
    assert out == (_out(5, 3, p=1), _out(6, 3, p=0), _out(7, 3, p=2))
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
        got = _ones(nn.Conv1d(1, 1, 1, padding=p, padding_mode=mode))(x)[0, 0].tolist()
        for j, value in enumerate(got):
            t = j - p  # the input position this output copies
            source = t if 0 <= t < n else expected[mode](t, n)
            assert value == (0.0 if source is None else x[0, 0, source].item()), (mode, n, p, j)
    x = torch.arange(1.0, 5.0).reshape(1, 1, 4)  # 1 2 3 4
    layers = {
        mode: _ones(nn.Conv1d(1, 1, 1, padding=2, padding_mode=mode))
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


# --- where is my padding ---------------------------------------------------------------------------


@claim(
    "padding-never-stored",
    "That is because the padding is never stored anywhere. A `Conv2d` keeps only its weights, its bias and "
    "its settings; `padding` is one of the settings, and it is applied to each input as the layer runs.",
    over=("layer", "mode", "padding"),
)
def _():
    layers = ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d")
    for layer, mode, padding in cases(layer=layers, mode=("zeros", "reflect", "circular"), padding=(0, 1, 2, "same")):
        if layer.startswith("ConvTranspose") and (mode != "zeros" or padding == "same"):
            continue  # refused: see transposed-no-same-no-modes
        conv = getattr(nn, layer)(1, 1, 3, padding=padding, padding_mode=mode)
        assert set(conv.state_dict()) == {"weight", "bias"} and not list(conv.buffers()), (layer, mode, padding)
        n = int(layer[-2])
        assert conv.padding == (padding if padding == "same" else (padding,) * n)


@claim(
    "repr-mode", "A `padding_mode` other than `zeros` is shown; `zeros` never is.", over=("layer", "mode", "padding")
)
def _():
    modes = ("zeros", "reflect", "replicate", "circular")
    for layer, mode, padding in cases(layer=("Conv1d", "Conv2d", "Conv3d"), mode=modes, padding=(0, 1, "same")):
        text = repr(getattr(nn, layer)(1, 1, 3, padding=padding, padding_mode=mode))
        assert ("padding_mode" in text) == (mode != "zeros"), (layer, mode, padding)
        assert mode == "zeros" or f"padding_mode={mode}" in text


@claim(
    "repr-zeropad",
    "An `nn.ZeroPad2d` layer is a module of its own, so it has a line of its own, and the convolution after "
    "it shows no padding.",
)
def _():
    text = repr(nn.Sequential(nn.ZeroPad2d(1), nn.Conv2d(1, 1, 3)))
    lines = text.splitlines()
    assert any("ZeroPad2d" in line for line in lines)
    assert "padding=" not in next(line for line in lines if "Conv2d" in line)


@claim(
    "repr-fpad",
    "`F.pad` called in `forward` is just a function call. `print(model)` lists modules, so it cannot show "
    "it: the model looks like an unpadded convolution.",
)
def _():
    class PadInForward(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 1, 3)

        def forward(self, x):
            return self.conv(F.pad(x, (1, 1, 1, 1)))

    model = PadInForward()
    assert "pad" not in repr(model).lower().replace("padinforward", "")
    assert model(torch.zeros(1, 1, 3, 3)).shape[2:] == (3, 3)


# --- TensorFlow's 'SAME' ---------------------------------------------------------------------------


@claim(
    "tf-port-shift",
    "On input 6, TensorFlow pads nothing before and one cell after; `padding=1` pads one on each side. The "
    "shapes agree but the values do not: every window sits one cell further up and to the left.",
    fixed="On input 6",
)
def _():
    x = torch.arange(36.0).reshape(1, 1, 6, 6)

    def corner(layer):  # a 3×3 kernel that copies its window's top-left cell
        with torch.no_grad():
            layer.weight.zero_()
            layer.weight[0, 0, 0, 0] = 1
            layer.bias.zero_()
        return layer

    ours = corner(nn.Conv2d(1, 1, 3, stride=2, padding=1))(x)[0, 0]
    theirs = corner(nn.Conv2d(1, 1, 3, stride=2))(F.pad(x, (0, 1, 0, 1)))[0, 0]
    assert ours.shape == theirs.shape == (3, 3)
    assert torch.equal(ours[1:, 1:], x[0, 0, 1:4:2, 1:4:2])  # windows start at rows/columns -1, 1, 3
    assert torch.equal(theirs, x[0, 0, 0:5:2, 0:5:2])  # TensorFlow's at 0, 2, 4


# --- reference pages -------------------------------------------------------------------------------

covered(
    "cli-exact",
    "For a layer of your own, `convdocs` works out the output size exactly as PyTorch 2.13 does, shows the "
    "formula with your numbers, and refuses any configuration PyTorch refuses, quoting the first line of PyTorch's own error "
    "text (captured from torch when convdocs was built, for a batch of 1 and 1 channel) before its own "
    "one-line explanation.",
    by=(
        "tests/test_cli.py::test_cli_accepts_and_rejects_what_torch_does",
        "tests/test_torch_text.py::test_every_rejection_of_a_readers_layer_is_torchs_own_text",
    ),
    over=("size", "kernel", "stride", "padding", "dilation", "mode", "layer"),
)

covered(
    "explorer-stack-exact",
    "In **Stack** mode, chain up to four `Conv2d`, `MaxPool2d` and `AvgPool2d` layers: the size after each "
    "layer, or the refusal, is PyTorch's, and the highlighted cells of the network input are exactly those "
    "the chosen output cell depends on: the explorer walks back from that cell through each layer's window "
    "taps, layer by layer, and the tests check the cells it finds against back-propagation through a copy "
    "with positive weights.",
    by=(
        "tests/test_explorer_stack.py::test_shapes_and_highlights_match_torch",
        "tests/test_explorer_stack.py::test_highlighted_input_cells_are_the_gradient",
        "tests/test_explorer_stack.py::test_javascript_mirrors_receptive_py",
    ),
)

covered(
    "cli-int64",
    "`python -m convdocs shape` takes larger sizes, up to PyTorch's 64-bit limit: a number past 2<sup>63</sup> − 1, "
    "or a layer whose arithmetic would overflow it, gets one line and a non-zero exit.",
    by=(
        "tests/test_hostile.py::test_numbers_beyond_int64_are_refused_as_torch_refuses_them",
        "tests/test_hostile.py::test_overflowing_configurations_are_refused_where_torch_raises_or_is_wrong",
    ),
)

covered(
    "explorer-exact",
    "The sizes follow PyTorch 2.13 exactly, and a configuration PyTorch refuses shows, instead of a shape, "
    "PyTorch's own error text (captured from torch when the site was built) followed by convdocs' one-line "
    "explanation.",
    by=(
        "tests/test_explorer.py::test_page_shows_what_torch_gives_for_generated_configs",
        "tests/test_explorer.py::test_javascript_agrees_with_geometry",
        "tests/test_torch_text.py::test_every_rejection_of_a_readers_layer_is_torchs_own_text",
    ),
)


@claim(
    "formulas-table",
    "Every row of the table is checked when the tests run: the PyTorch rows against PyTorch, the TensorFlow "
    "row against TensorFlow's documented rule.",
    over=("row",),
)
def _():
    test_exists("tests/test_tensorflow_same.py::test_recipe_matches_tensorflow_rule")
    from tests.claims import CLAIMS, ROOT

    # each row of the table, and the claim (run by tests/test_claims.py, universal: a property check) proving it
    proof = {
        "dilated kernel extent": "dilation-size-and-same",
        "convolution output": "dilation-size-and-same",
        "with *d* = 1": "conv-formula",
        "asymmetric padding *p*₁ before, *p*₂ after": "conv-formula",
        "`padding='same'` (stride 1 only)": "dilation-size-and-same",
        "`padding='valid'`": "valid-is-zero",
        "transposed output": "transposed-formula",
        "`output_padding` allowed": "transposed-formula",
        "reflect padding allowed": "modes-limits",
        "circular padding allowed": "modes-limits",
        "TensorFlow `'SAME'`": "tf-same-rule",
    }
    page = (ROOT / "docs" / "reference" / "formulas.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    for row in rows[1:]:  # the header aside
        record(row=row)
        assert row in proof and CLAIMS[proof[row]].universal, row
    assert len(rows) - 1 == len(proof)
    for s in (1, 2, 3):  # 'same' with stride 1 only
        try:
            nn.Conv1d(1, 1, 3, stride=s, padding="same")
            assert s == 1
        except ValueError:
            assert s != 1


# --- the remaining sentences of the article and guide pages -----------------------------------------

covered(
    "index-shapes-tested",
    "The code you see is the file that ran, the output under it is what it printed, and a test compares "
    "every printed shape with what PyTorch computes.",
    by=(
        "tests/test_site.py::test_article_pages_print_what_torch_gives",
        "tests/test_site.py::test_every_figure_and_table_row_is_what_torch_gives",
    ),
    over=("page",),
)


@claim(
    "kernel-positions",
    "A 3×3 kernel needs three cells in every direction. On a 5×5 input with no padding it fits in only three "
    "positions along each axis, so the output shrinks. One ring of padding gives it two more positions per "
    "axis, and the output keeps the input's size.",
    fixed="A 3×3 kernel",
)
def _():
    x = torch.zeros(1, 1, 5, 5)
    assert nn.Conv2d(1, 1, 3)(x).shape[2:] == (3, 3) and nn.Conv2d(1, 1, 3, padding=1)(x).shape[2:] == (5, 5)


@claim(
    "stride-padding-earlier",
    "With one ring of padding the padded width is 9; 9 − 3 = 6 is three whole jumps, so the output gains a "
    "row and a column. Padding lets the kernel start one cell earlier, on the border.",
)
def _():
    x = torch.zeros(1, 1, 7, 7, requires_grad=True)
    out = _ones(nn.Conv2d(1, 1, 3, stride=2, padding=1))(x)
    assert out.shape[2:] == (4, 4) and nn.Conv2d(1, 1, 3, stride=2)(x).shape[2:] == (3, 3)
    out[0, 0, 0, 0].backward()
    assert torch.nonzero(x.grad[0, 0]).tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]  # its window starts at -1


@claim(
    "several-sizes-one-output",
    "Because a strided convolution maps several input sizes to one output size, the transposed layer cannot "
    "know which to restore.",
)
def _():
    down = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    assert down(torch.zeros(1, 1, 7, 7)).shape == down(torch.zeros(1, 1, 8, 8)).shape
    assert nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 4, 4)).shape[2:] == (7, 7)


covered(
    "per-dimension-rule",
    "Every convolution rule on this site holds per dimension.",
    by=(
        "tests/test_geometry.py::test_convolution_matches_torch",
        "tests/test_geometry.py::test_transposed_matches_torch",
    ),
    over=("size", "kernel", "stride", "padding", "dilation", "dims"),
)

covered(
    "height-first",
    "`Conv2d(padding=(2, 1))` takes height first: 2 rows above and below, 1 column left and right. `F.pad` "
    "takes pairs starting from the *last* dimension: `(left, right, top, bottom)`.",
    by=("tests/test_recipes.py::test_the_f_pad_order_recipe_holds_in_every_mode",),
)

covered(
    "tf-same-rule",
    "TensorFlow's `padding='SAME'` means something else: the output size is ⌈*i* / *s*⌉ for any stride, and "
    "the total padding is whatever that takes — often odd, with the extra cell after.",
    by=("tests/test_tensorflow_same.py::test_recipe_matches_tensorflow_rule",),
    over=("size", "kernel", "stride"),
)


@claim(
    "tf-port-symmetric",
    "PyTorch's integer padding is always symmetric, so a straight port can shift every output by one cell.",
    over=("padding", "size"),
)
def _():
    for (ph, pw), size in cases(padding=list(itertools.product(range(4), repeat=2)), size=((4, 5), (1, 1), (3, 6))):
        x = torch.arange(float(size[0] * size[1])).reshape(1, 1, *size)
        copy = _ones(nn.Conv2d(1, 1, 1, padding=(ph, pw)))
        assert torch.equal(copy(x), F.pad(x, (pw, pw, ph, ph)))
    from tests.claims import CLAIMS

    CLAIMS["tf-port-shift"].check()

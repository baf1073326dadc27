"""Pooling, padding layers, F.pad and Unfold/Fold: convdocs' pure-Python geometry against PyTorch.

Each configuration is run in torch on a (1, 1, *input) tensor. For every one, convdocs must accept
exactly what torch accepts, give the same output shape, and — when torch refuses — start its message
with torch's own first line (``Rejected.torch``). Values are checked too: the divisor of every
average-pooling cell (on a ones input), −∞ padding in max pooling, the cell every padded cell copies.
"""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn

from convdocs.core import layers, pooling, unfold
from convdocs.core import padding as padlayers
from convdocs.core.errors import ConvError, Rejected
from convdocs.core.pool_aten import half_kernel_why
from tests import oracle_layers as oracle

SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow],
}


def agree(ours_call, torch_says, config):
    """convdocs and torch accept the same, give the same shape, and refuse in torch's words."""
    try:
        ours = ours_call()
    except ConvError as error:
        assert isinstance(torch_says, Exception), f"convdocs rejects what torch accepts ({error}): {config}"
        assert isinstance(error, Rejected), config
        assert error.torch == oracle.first_line(torch_says), config
        assert error.torch_type == type(torch_says).__name__, config
        assert "\n" not in str(error) and str(error).startswith(f"PyTorch: {error.torch_type}: {error.torch} — ")
        return None
    assert not isinstance(torch_says, Exception), f"convdocs accepts what torch rejects ({torch_says}): {config}"
    assert ours == torch_says, config
    return ours


def values(lo, hi, n, lengths=None):
    """An int, or a tuple (mostly of n values; sometimes 1, none or n + 1, which torch may refuse)."""
    if lengths is None:
        lengths = st.sampled_from([n, n, n, 1, n + 1, 0])
    return st.one_of(
        st.integers(lo, hi),
        lengths.flatmap(lambda m: st.tuples(*[st.integers(lo, hi)] * m)),
    )


@st.composite
def pools(draw, sane=False):
    n = draw(st.integers(1, 3))
    kind = draw(st.sampled_from(["MaxPool", "AvgPool", "LPPool"]))
    low = 1 if sane else -1
    lengths = st.just(n) if sane else None
    size = tuple(draw(st.lists(st.integers(1 if sane else 0, 9), min_size=n, max_size=n)))
    options = {
        "kernel": draw(values(low, 6, n, lengths)),
        "stride": draw(st.one_of(st.none(), values(low, 3, n, lengths))),
        "ceil_mode": draw(st.booleans()),
    }
    if kind != "LPPool":
        options["padding"] = draw(values(0 if sane else -1, 3, n, lengths))
    if kind == "MaxPool":
        options["dilation"] = draw(values(low, 3, n, lengths))
    if kind == "AvgPool":
        options["count_include_pad"] = draw(st.booleans())
        if n > 1:
            options["divisor_override"] = draw(st.one_of(st.none(), st.integers(-1, 3)))
    return f"{kind}{n}d", size, options


def torch_options(name, options):
    out = {("kernel_size" if k == "kernel" else k): v for k, v in options.items()}
    if name.startswith("LPPool"):
        out["norm_type"] = 2
    return out


@settings(max_examples=600, **SETTINGS)
@given(pools())
def test_pooling_matches_torch(case):
    name, size, options = case
    agree(
        lambda: layers.layer(name, size, **options).output,
        oracle.pool(name, size, **torch_options(name, options)),
        case,
    )


@pytest.mark.slow
@settings(max_examples=400, **SETTINGS)
@given(pools(sane=True))
def test_valid_pooling_matches_torch(case):
    name, size, options = case
    agree(
        lambda: layers.layer(name, size, **options).output,
        oracle.pool(name, size, **torch_options(name, options)),
        case,
    )


@settings(max_examples=300, **SETTINGS)
@given(st.integers(1, 3), st.sampled_from(["avg", "max"]), st.data())
def test_adaptive_pooling_matches_torch(n, kind, data):
    size = tuple(data.draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)))
    entry = st.one_of(st.none(), st.integers(-1, 10)) if n > 1 else st.integers(-1, 10)
    out = data.draw(st.one_of(st.integers(-1, 10), st.lists(entry, min_size=1, max_size=n + 1).map(tuple)))
    name = f"Adaptive{kind.capitalize()}Pool{n}d"
    shape = agree(
        lambda: layers.layer(name, size, output_size=out).output,
        oracle.pool(name, size, output_size=out),
        (name, size, out),
    )
    if shape and 0 not in shape + size and n <= 2:  # every bin is the window torch averages over
        x = torch.arange(1.0, 1 + torch.tensor(size).prod().item()).reshape(1, 1, *size)
        got = oracle.apply(name, x, output_size=out)[0, 0]
        geo = layers.layer(name, size, output_size=out)
        for cell in itertools.product(*map(range, shape)):
            window = torch.stack([x[0, 0][c] for c in geo.reads(cell)])
            expected = window.mean() if kind == "avg" else window.max()
            assert torch.isclose(got[cell], expected), (name, size, out, cell)


@st.composite
def pads(draw):
    if draw(st.booleans()):
        shape = tuple(draw(st.lists(st.integers(0, 4), min_size=1, max_size=5)))
        amounts = tuple(draw(st.lists(st.integers(-4, 4), min_size=1, max_size=8)))
        mode = draw(st.sampled_from(padlayers.MODES))
        value = draw(st.sampled_from([None, None, 0.0, 1.5]))
        return ("F.pad", shape, amounts, mode, value)
    n = draw(st.integers(1, 3))
    name = draw(st.sampled_from(list(padlayers.LAYER_MODES))) + f"{n}d"
    size = tuple(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)))
    length = draw(st.sampled_from([2 * n, 2 * n, 2 * n, 2, 2 * n + 2]))
    padding = draw(st.one_of(st.integers(-2, 4), st.tuples(*[st.integers(-4, 4)] * length)))
    return (name, size, padding, 2.5 if name.startswith("ConstantPad") else None)


@pytest.mark.slow
@settings(max_examples=600, **SETTINGS)
@given(pads())
def test_padding_layers_and_f_pad_match_torch(case):
    if case[0] == "F.pad":
        _, shape, amounts, mode, value = case
        agree(
            lambda: padlayers.fpad(shape, amounts, mode, value).out_shape,
            oracle.pad(shape, amounts, mode, value),
            case,
        )
        return
    name, size, padding, value = case
    options = {"padding": padding} if value is None else {"padding": padding, "value": value}
    agree(
        lambda: layers.layer(name, size, **options).out_shape,
        oracle.layer(name, (1, 1) + size, **options),
        case,
    )


@settings(max_examples=250, **SETTINGS)
@given(st.sampled_from(list(padlayers.LAYER_MODES)), st.integers(1, 2), st.data())
def test_every_padded_cell_copies_the_cell_convdocs_names(prefix, n, data):
    """Pad.source against torch on an input whose values are their own positions (crops included)."""
    size = tuple(data.draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)))
    amounts = tuple(data.draw(st.lists(st.integers(-2, 3), min_size=2 * n, max_size=2 * n)))
    value = 2.5 if prefix == "ConstantPad" else None
    try:
        geo = layers.layer(f"{prefix}{n}d", size, padding=amounts, value=value)
    except ConvError:
        return
    if prefix == "CircularPad" and any(
        max(lo, hi) > n_ + min(lo, 0) + min(hi, 0) for n_, (lo, hi) in zip(geo.input, geo.pads)
    ):
        return  # torch wraps onto cells it is still writing: values are not defined there
    count = int(torch.tensor(size).prod())
    x = torch.arange(count, dtype=torch.float).reshape(1, 1, *size)
    options = {"padding": amounts} if value is None else {"padding": amounts, "value": value}
    got = oracle.apply(f"{prefix}{n}d", x, **options)[0, 0]
    for cell in geo.cells():
        src = geo.source(cell)
        expected = geo.value if src is None else x[0, 0][src].item()
        assert got[cell].item() == expected, (prefix, size, amounts, cell)


@pytest.mark.slow
@settings(max_examples=200, **SETTINGS)
@given(st.booleans(), st.data())
def test_unfold_and_fold_match_torch(is_fold, data):
    def pair(lo, hi):
        return data.draw(
            st.one_of(
                st.integers(lo, hi),
                st.lists(st.integers(lo, hi), min_size=1, max_size=3).map(tuple),
            )
        )

    options = {
        "kernel": pair(0, 5),
        "dilation": pair(0, 3),
        "padding": pair(-1, 3),
        "stride": pair(0, 3),
    }
    torch_opts = {("kernel_size" if k == "kernel" else k): v for k, v in options.items()}
    if not is_fold:
        size = (data.draw(st.integers(0, 9)), data.draw(st.integers(1, 9)))
        torch_says = oracle.layer("Unfold", (1, 1) + size, **torch_opts)
        torch_says = torch_says if isinstance(torch_says, Exception) else torch_says[1:]
        agree(
            lambda: layers.layer("Unfold", size, **options).output,
            torch_says,
            (size, options),
        )
        return
    out = (data.draw(st.integers(0, 9)), data.draw(st.integers(1, 9)))
    channels = data.draw(st.integers(1, 50))
    count = data.draw(st.integers(0, 40))
    try:  # mostly the right L and C·kh·kw, so that most cases get past the first checks
        right = unfold.fold(out, **options)
        if data.draw(st.booleans()):
            channels, count = right.input
    except ConvError:
        pass
    torch_says = oracle.layer("Fold", (1, channels, count), output_size=out, **torch_opts)
    torch_says = torch_says if isinstance(torch_says, Exception) else torch_says[1:]
    agree(
        lambda: layers.layer("Fold", None, output_size=out, channels=channels, count=count, **options).output,
        torch_says,
        (out, channels, count, options),
    )


@pytest.mark.slow
@settings(max_examples=250, **SETTINGS)
@given(pools(sane=True))
def test_divisor_of_every_average_cell_matches_torch(case):
    """On a ones input, average pooling gives (input cells in the window) / divisor in every cell."""
    name, size, options = case
    if not name.startswith("AvgPool") or len(size) == 3:
        return
    try:
        pool = layers.layer(name, size, **options)
    except ConvError:
        return
    got = oracle.apply(name, torch.ones(1, 1, *size), **torch_options(name, options))[0, 0]
    for cell in itertools.product(*map(range, pool.output)):
        expected = len(pool.reads(cell)) / pool.divisor(cell)
        assert abs(got[cell].item() - expected) < 1e-5, (case, cell, pool.divisor(cell))


@pytest.mark.slow
@settings(max_examples=250, **SETTINGS)
@given(pools(sane=True), st.integers(0, 2**16))
def test_max_pooling_pads_with_minus_infinity(case, seed):
    """On an all-negative input a zero pad would win; torch's max is the max over the input cells read."""
    name, size, options = case
    if not name.startswith("MaxPool") or len(size) == 3:
        return
    try:
        pool = layers.layer(name, size, **options)
    except ConvError:
        return
    x = -1 - torch.rand(1, 1, *size, generator=torch.Generator().manual_seed(seed))
    got = oracle.apply(name, x, **torch_options(name, options))[0, 0]
    for cell in itertools.product(*map(range, pool.output)):
        cells = pool.reads(cell)
        assert cells, (
            case,
            cell,
        )  # every window reaches the input: none lies wholly in padding
        assert got[cell].item() == max(x[0, 0][c].item() for c in cells), (case, cell)
        assert got[cell].item() < 0


def test_count_include_pad_corner_values():
    """The page's numbers: AvgPool2d(3, 1, 1) on ones, top-left corner."""
    ones = torch.ones(1, 1, 5, 5)
    default = nn.AvgPool2d(3, 1, 1)(ones)[0, 0, 0, 0].item()
    without = nn.AvgPool2d(3, 1, 1, count_include_pad=False)(ones)[0, 0, 0, 0].item()
    pool = pooling.avg_pool((5, 5), 3, 1, 1)
    assert pool.divisor((0, 0)) == 9 and abs(default - 4 / 9) < 1e-6
    assert pooling.avg_pool((5, 5), 3, 1, 1, count_include_pad=False).divisor((0, 0)) == 4 and without == 1.0


@pytest.mark.parametrize(
    "size, kernel, stride, padding, expected, dropped",
    [
        (5, 2, 2, 0, 3, []),  # the ceil adds a partial window at 4
        (4, 2, 3, 1, 2, [5]),  # ⌈3/3⌉ + 1 = 3 windows, but the third would start at 5, past the right padding (4)
        (5, 2, 2, 1, 3, [5]),  # ⌈5/2⌉ + 1 = 4 windows, but the fourth would start at 5, in the right padding
        (6, 3, 2, 1, 4, []),
    ],
)
def test_ceil_mode_drops_a_window_that_starts_in_the_right_padding(size, kernel, stride, padding, expected, dropped):
    pool = pooling.max_pool((size,), kernel, stride, padding, ceil_mode=True)
    assert (
        pool.output
        == (expected,)
        == oracle.pool(
            "MaxPool1d",
            (size,),
            kernel_size=kernel,
            stride=stride,
            padding=padding,
            ceil_mode=True,
        )
    )
    assert pool.dropped(0) == dropped
    # the words come from the start: size ≤ start < size + padding is the right padding, beyond it is past it
    where = {5: "in the right padding", 4: "past the right padding"}[size] if dropped else ""
    assert pool.dropped_where(0) == where
    assert ("minus the window that would start " + where in pooling.formula(pool, 0)) == bool(dropped)


def test_layer_dispatches_convolutions_to_geometry():
    assert layers.layer("Conv2d", (7, 7), kernel=3, stride=2, padding=1).output == (
        4,
        4,
    )
    assert layers.layer("ConvTranspose1d", (5,), kernel=3, stride=2).output == (11,)
    with pytest.raises(ConvError, match="takes no ceil_mode"):
        layers.layer("Conv2d", (7, 7), kernel=3, ceil_mode=True)


def test_f_pad_negative_amounts_crop():
    x = torch.arange(5.0).reshape(1, 1, 5)
    assert F.pad(x, (-1, -2)).tolist() == [[[1.0, 2.0]]]
    assert padlayers.fpad((1, 1, 5), (-1, -2)).out_shape == (1, 1, 2)


def test_crops_match_torch_on_a_grid():
    """A crop on one side and padding on the other, every mode, a 1-d and a 2-d layer: convdocs accepts, refuses
    (in torch's words) and sizes exactly as torch does. This covers circular padding larger than what the crop
    leaves (refused only with one cell in front) and a dimension cropped below nothing next to a whole one."""
    checked = refused = 0
    for mode, size, lo, hi, front in itertools.product(
        padlayers.MODES, range(1, 6), range(-6, 7), range(-6, 7), (1, 2)
    ):
        for shape, amounts in (((1, front, size), (lo, hi)), ((1, 1, 3, size), (lo, hi, 0, 0))):
            torch_says = oracle.pad(shape, amounts, mode)
            ours = lambda shape=shape, amounts=amounts, mode=mode: padlayers.fpad(shape, amounts, mode).out_shape  # noqa: E731
            agree(ours, torch_says, (shape, amounts, mode))
            checked, refused = checked + 1, refused + isinstance(torch_says, Exception)
    assert checked == 4 * 5 * 13 * 13 * 2 * 2 and 0 < refused < checked


def test_max_pool_windows_hold_an_input_cell():
    """pool.always_reads (catalogue): within padding <= kernel // 2 and without dilation, every max-pooling window
    (ceil_mode too) holds an input cell, so on an input of ones no output is −∞; with dilation it fails, and the
    sentence says so ("without dilation") and is only shown at dilation 1."""
    checked, fails = 0, 0
    sentence = half_kernel_why("max", 3, 1)
    assert "without dilation" in sentence and "never wins" in sentence
    for size, k, s, ceil, d in itertools.product(range(1, 8), range(1, 6), range(1, 4), (False, True), (1, 2, 3)):
        for p in range(k // 2 + 1):
            if size + 2 * p < d * (k - 1) + 1:
                continue
            out = F.max_pool1d(torch.ones(1, 1, size), k, s, p, dilation=d, ceil_mode=ceil)
            if d == 1:
                assert torch.isfinite(out).all(), (size, k, s, p, ceil)
                assert "never wins" in half_kernel_why("max", k, d)
            else:
                fails += not torch.isfinite(out).all()
                assert "never wins" not in half_kernel_why("max", k, d)
            checked += 1
    assert checked > 700 and fails > 0
    # the report's counterexample: dilation 3 puts a whole window on the −∞ padding
    assert torch.isinf(F.max_pool1d(torch.tensor([[-1.0, -2.0]]), 2, 1, 1, dilation=3)).all()
    assert "never wins" not in half_kernel_why("avg", 3, 1)

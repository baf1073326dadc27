"""convdocs.core.conv against PyTorch, the oracle, over thousands of random configurations."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convdocs.core import conv as geometry
from convdocs.core.conv import check
from convdocs.core.errors import ConvError
from convdocs.core.ints import article
from tests import oracle

EXAMPLES = 400  # per test; four tests below give 1,600 configurations a run


def per_dim(values, n, lengths=None):
    """An int, or a tuple of n (sometimes another length, which torch mostly rejects)."""
    if lengths is None:
        lengths = st.sampled_from([n, n, n, 1, n + 1])
    return st.one_of(values, lengths.flatmap(lambda m: st.tuples(*[values] * m)))


@st.composite
def configs(draw, transposed=False, sane=False):
    n = draw(st.integers(1, 3))
    small = st.integers(1, 6) if sane else st.integers(0, 6)
    config = dict(
        input=tuple(draw(st.lists(st.integers(0 if not sane else 1, 9), min_size=n, max_size=n))),
        kernel=draw(per_dim(small, n, st.just(n) if sane else None)),
        stride=draw(per_dim(st.integers(1, 3) if sane else st.integers(0, 3), n)),
        dilation=draw(per_dim(st.integers(1, 3) if sane else st.integers(0, 3), n)),
        padding_mode="zeros" if transposed else draw(st.sampled_from(geometry.PADDING_MODES)),
        transposed=transposed,
    )
    padding = per_dim(st.integers(-1 if not sane else 0, 4), n)
    config["padding"] = draw(padding if transposed and sane else st.one_of(padding, st.sampled_from(["same", "valid"])))
    if transposed:
        config["output_padding"] = draw(per_dim(st.integers(-1 if not sane else 0, 2), n))
    return config


def agree(config):
    expected = oracle.output_shape(**config)
    try:
        got = check(**config).output
    except ConvError as error:
        assert isinstance(expected, Exception), f"geometry rejects what torch accepts ({error}): {config}"
        assert "\n" not in str(error)
        return
    assert not isinstance(expected, Exception), f"geometry accepts what torch rejects ({expected}): {config}"
    assert got == expected, config


SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.slow
@SETTINGS
@given(configs())
def test_convolution_matches_torch(config):
    agree(config)


@pytest.mark.slow
@SETTINGS
@given(configs(sane=True))
def test_valid_convolution_matches_torch(config):
    agree(config)


@pytest.mark.slow
@SETTINGS
@given(configs(transposed=True))
def test_transposed_matches_torch(config):
    agree(config)


@pytest.mark.slow
@SETTINGS
@given(configs(transposed=True, sane=True))
def test_valid_transposed_matches_torch(config):
    agree(config)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(configs(sane=True), st.booleans())
def test_receptive_fields_match_torch(config, transposed):
    """Every output cell reads exactly the input cells torch routes to it; unread input cells reach no output."""
    if len(config["input"]) == 3:
        config["input"] = config["input"][:2]
        config = {k: v[:2] if isinstance(v, tuple) and len(v) == 3 else v for k, v in config.items()}
    config = dict(config, padding_mode="zeros", transposed=transposed)
    if transposed:
        config["padding"] = 0 if isinstance(config["padding"], str) else config["padding"]
        config["output_padding"] = 0
    try:
        conv = check(**config)
    except ConvError:  # refused: torch must refuse it too (no case is dropped unchecked)
        with pytest.raises(Exception):  # noqa: B017 (torch raises RuntimeError or ValueError by backend)
            oracle.reads(config)
        return
    routed = oracle.reads(config)
    inside = lambda cells: {c for c in cells if all(0 <= v < n for v, n in zip(c, conv.input))}
    for out_cell in itertools.product(*map(range, conv.output)):
        assert inside(conv.reads(out_cell)) == routed.get(out_cell, set()), (config, out_cell)
    reached = set().union(*routed.values()) if routed else set()
    assert inside(conv.unread()) == set(itertools.product(*map(range, conv.input))) - reached


@pytest.mark.parametrize(
    "config, output",
    [  # the article's seven layers
        (dict(input=(5, 5), kernel=3, padding=0), (3, 3)),
        (dict(input=(5, 5), kernel=3, padding=1), (5, 5)),
        (dict(input=(7, 7), kernel=3, padding="same"), (7, 7)),
        (dict(input=(7, 7), kernel=3, padding="valid"), (5, 5)),
        (dict(input=(7, 7), kernel=3, padding=(2, 1)), (9, 7)),
        (dict(input=(7, 7), kernel=3, stride=2, padding=0), (3, 3)),
        (dict(input=(7, 7), kernel=3, stride=2, padding=1), (4, 4)),
    ],
)
def test_article_layers(config, output):
    assert check(**config).output == output == oracle.output_shape(**config)


def test_same_even_kernel_puts_extra_on_the_right():
    assert check(input=(7, 7), kernel=(4, 2), padding="same").pads == ((1, 2), (0, 1))


@pytest.mark.parametrize("size, dropped", [(5, set()), (6, {6}), (7, set()), (8, {8})])
def test_stride_floor_drops_the_far_edge(size, dropped):
    """k3 p1 s2: 5 and 6 both give 3; with 6 it is the right/bottom padding that no output reads."""
    conv = check(input=(size,), kernel=3, stride=2, padding=1)
    assert conv.output == oracle.output_shape(input=(size,), kernel=3, stride=2, padding=1)
    assert {c[0] for c in conv.unread()} == dropped


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(1, 6), st.integers(1, 6), st.sampled_from(geometry.PADDING_MODES), st.data())
def test_padded_values_match_f_pad(h, w, mode, data):
    """Conv.source says which input cell a padding cell copies, as torch.nn.functional.pad does."""
    import torch
    import torch.nn.functional as F

    limit = {"reflect": min(h, w) - 1, "circular": min(h, w)}.get(mode, 4)
    p = data.draw(st.integers(0, max(limit, 0)))
    conv = check(input=(h, w), kernel=1, padding=p, padding_mode=mode)
    x = torch.arange(1.0, h * w + 1).reshape(1, 1, h, w)
    padded = F.pad(x, (p, p, p, p), mode="constant" if mode == "zeros" else mode)[0, 0]
    for r in conv.grid(0):
        for c in conv.grid(1):
            src = conv.source((r, c))
            assert padded[r + p, c + p].item() == (0 if src is None else x[0, 0][src].item())


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("8", "an"),
        ("8 × 8", "an"),
        ("8×7", "an"),
        ("80", "an"),
        ("11", "an"),
        ("18×18", "an"),
        ("11000", "an"),
        ("5", "a"),
        ("1 × 1 × 8", "a"),
        ("110", "a"),
        ("180", "a"),
        ("length-5", "a"),
    ],
)
def test_article_goes_by_how_the_number_is_read(words, expected):
    assert article(words) == expected


def test_same_needs_stride_1_in_every_dimension():
    """'same' is not a per-dimension rule: nn.Conv1d/2d/3d refuse it when any one dimension's stride is not 1,
    and convdocs refuses with them (h8 D8), over every stride tuple of 1s and 2s."""
    import torch.nn as nn

    checked = 0
    for n in (1, 2, 3):
        for stride in itertools.product((1, 2), repeat=n):
            try:
                getattr(nn, f"Conv{n}d")(1, 1, 3, stride=stride, padding="same")
                refused = False
            except ValueError as error:
                assert "not supported for strided convolutions" in str(error), (n, stride)
                refused = True
            assert refused == (stride != (1,) * n), (n, stride)
            with pytest.raises(ConvError) if refused else contextlib.nullcontext():
                check(input=(5,) * n, kernel=3, stride=stride, padding="same")
            checked += 1
    assert checked == 14

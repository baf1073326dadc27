"""JAX as an independent oracle for 'SAME': its convolutions and poolings against the PyTorch recipes.

JAX (CPU) computes ``padding='SAME'`` itself (``lax.padtype_to_pads``); the PyTorch side is what a reader
copies: the module ``python -m convdocs ... --like`` prints, and the porting page's snippets. Values must
agree, not only shapes.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.core import frameworks
from convdocs.core.conv import check
from convdocs.core.errors import ConvError
from tests import oracle_port


@st.composite
def conv_cases(draw, max_ndim=3):
    n = draw(st.integers(1, max_ndim))
    per = lambda lo, hi: tuple(draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)))  # noqa: E731
    size = per(1, 9 if n < 3 else 5)
    return size, per(1, 4), per(1, 3), per(1, 2), draw(st.integers(1, 2)), draw(st.integers(1, 2))


@pytest.mark.slow
@settings(max_examples=20, deadline=None, derandomize=True)
@given(conv_cases(), st.sampled_from(sorted(frameworks.FRAMEWORKS)))
def test_printed_module_equals_jax_same(case, framework):
    oracle_port.check_module_matches_jax(framework, *case)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, derandomize=True)
@given(conv_cases(max_ndim=2))
def test_valid_is_padding_zero(case):
    """guide/porting: "'VALID' pads nothing, which is padding=0": convdocs' 'valid' pads, run through torch,
    give JAX's 'VALID' value for value, and convdocs refuses exactly the kernels that do not fit."""
    size, kernel, stride, dilation, cin, cout = case
    fits = all(d * (k - 1) + 1 <= i for i, k, d in zip(size, kernel, dilation))
    try:
        conv = check(input=size, kernel=kernel, stride=stride, padding="valid", dilation=dilation)
    except ConvError:
        assert not fits
        return
    assert fits and conv.pads == ((0, 0),) * len(size)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, cin, *size)).astype(np.float32)
    w = rng.standard_normal((cout, cin, *kernel)).astype(np.float32)
    pads = [v for lo, hi in reversed(conv.pads) for v in (lo, hi)]
    padded = F.pad(torch.from_numpy(x), pads)
    ours = {1: F.conv1d, 2: F.conv2d}[len(size)](padded, torch.from_numpy(w), stride=stride, dilation=dilation).numpy()
    assert ours.shape[2:] == conv.output
    theirs = oracle_port.jax_conv(x, w, stride, dilation, "VALID")
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


@pytest.mark.slow
@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 4), st.integers(1, 3))
def test_page_recipes_equal_jax(height, width, kernel, stride):
    oracle_port.check_page_recipes_match_jax(height, width, kernel, stride)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 3)), min_size=2, max_size=2))
def test_jax_pairs_to_f_pad(pairs):
    oracle_port.check_pairs_match_jax(pairs)

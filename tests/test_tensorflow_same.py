"""The TensorFlow 'SAME' recipe on the same-and-valid page follows TensorFlow's rule.

TensorFlow documents 'SAME' as: output = ceil(input / stride); total padding is the least that gives
that output; the first half (rounded down) goes before, the rest after.
"""

from __future__ import annotations

import contextlib
import io
import math
import runpy

import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.site.snippets import SNIPPETS

with contextlib.redirect_stdout(io.StringIO()):
    RECIPE = runpy.run_path(str(SNIPPETS / "tensorflow_same.py"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(1, 5), st.integers(1, 5), st.integers(1, 6))
def test_recipe_matches_tensorflow_rule(height, width, kernel, stride_h, stride_w):
    conv = nn.Conv2d(1, 1, kernel_size=kernel, stride=(stride_h, stride_w), padding=0)
    x = torch.zeros(1, 1, height, width)
    out = RECIPE["conv_tf_same"](conv, x).shape[2:]
    assert tuple(out) == (math.ceil(height / stride_h), math.ceil(width / stride_w))
    for size, s in ((height, stride_h), (width, stride_w)):
        before, after = RECIPE["tf_same_pads"](size, kernel, s)
        assert before <= after <= before + 1
        total = before + after
        if total:  # the least padding that reaches ceil(size / stride)
            assert (size + total - 1 - kernel) // s + 1 < math.ceil(size / s)


def test_stride_one_equals_pytorch_same():
    """With stride 1 both frameworks put the odd cell after, so the recipe equals padding='same'."""
    torch.manual_seed(0)
    x = torch.randn(1, 1, 6, 9)
    for kernel in (3, 4):
        plain = nn.Conv2d(1, 1, kernel_size=kernel, padding=0)
        same = nn.Conv2d(1, 1, kernel_size=kernel, padding="same")
        same.load_state_dict(plain.state_dict())
        assert torch.allclose(RECIPE["conv_tf_same"](plain, x), same(x))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(1, 14), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3))
def test_dilated_recipe_matches_porting_rule(size, kernel, stride, dilation_h, dilation_w):
    """Dilation widens the window to d·(k − 1) + 1: the recipe pads what convdocs.core.frameworks (the porting
    page's rule) pads for TensorFlow, and the output is still ⌈i / s⌉."""
    from convdocs.core import frameworks

    for d in (dilation_h, dilation_w):
        assert RECIPE["tf_same_pads"](size, kernel, stride, d) == frameworks.same_pads("tf", size, kernel, stride, d)
    conv = nn.Conv2d(1, 1, kernel_size=kernel, stride=stride, dilation=(dilation_h, dilation_w))
    out = RECIPE["conv_tf_same"](conv, torch.zeros(1, 1, size, size + 1)).shape[2:]
    assert tuple(out) == (math.ceil(size / stride), math.ceil((size + 1) / stride))


def test_dilated_recipe_matches_jax():
    """JAX's own 'SAME' (lax.padtype_to_pads) on a few dilated layers."""
    from tests import oracle_port

    for size, kernel, stride, dilation in ((7, 3, 2, 2), (6, 2, 1, 3), (10, 4, 3, 2), (5, 3, 1, 1)):
        ours = RECIPE["tf_same_pads"](size, kernel, stride, dilation)
        assert (ours,) == oracle_port.jax_same_pads((size,), (kernel,), (stride,), (dilation,))

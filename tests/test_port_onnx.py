"""onnxruntime as an independent oracle: exported PyTorch padding runs the same, and ONNX's own auto_pad
is what ``--like onnx-upper|onnx-lower`` prints. (The page's ONNX claims run in tests/claims_porting.py.)"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import oracle_port
from tests.conftest import ROOT


class PadConv(nn.Module):
    def __init__(self, pad, conv):
        super().__init__()
        self.pad, self.conv = pad, conv

    def forward(self, x):
        return self.conv(F.pad(x, self.pad))


@st.composite
def padded_models(draw):
    """A 1-d or 2-d layer whose padding is the point: every way PyTorch pads a convolution or a pooling."""
    n = draw(st.integers(1, 2))
    size = tuple(draw(st.lists(st.integers(5, 8), min_size=n, max_size=n)))
    k, s = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    p = draw(st.integers(0, k // 2))
    conv = {1: nn.Conv1d, 2: nn.Conv2d}[n]
    kind = draw(st.sampled_from(["int", "same", "mode", "f.pad", "transposed", "avg", "max"]))
    if kind == "int":
        model = conv(2, 3, k, stride=s, padding=p, dilation=draw(st.integers(1, 2)))
    elif kind == "same":
        model = conv(2, 3, draw(st.integers(1, 4)), padding="same")
    elif kind == "mode":
        mode = draw(st.sampled_from(["reflect", "replicate", "circular"]))
        model = conv(2, 3, k, stride=s, padding=p, padding_mode=mode)
    elif kind == "f.pad":
        model = PadConv(
            tuple(draw(st.lists(st.integers(0, 2), min_size=2 * n, max_size=2 * n))), conv(2, 3, k, stride=s)
        )
    elif kind == "transposed":
        model = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d}[n](
            2, 3, k, stride=s, padding=p, output_padding=draw(st.integers(0, s - 1))
        )
    elif kind == "avg":
        model = {1: nn.AvgPool1d, 2: nn.AvgPool2d}[n](
            k, stride=s, padding=p, ceil_mode=draw(st.booleans()), count_include_pad=draw(st.booleans())
        )
    else:
        model = {1: nn.MaxPool1d, 2: nn.MaxPool2d}[n](k, stride=s, padding=p, ceil_mode=draw(st.booleans()))
    return model.eval(), size


@pytest.mark.slow
@settings(max_examples=30, deadline=None, derandomize=True)
@given(padded_models())
def test_exported_padding_runs_the_same_in_onnxruntime(case):
    model, size = case
    torch.manual_seed(0)
    x = torch.randn(1, 2, *size)
    with torch.no_grad():
        expected = model(x).numpy()
    got = oracle_port.run_onnx(oracle_port.export(model, x), x.numpy())
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(1, 2), st.sampled_from(["onnx-upper", "onnx-lower"]), st.data())
def test_like_onnx_module_equals_onnxruntime_auto_pad(n, framework, data):
    per = lambda lo, hi: tuple(data.draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)))  # noqa: E731
    oracle_port.check_module_matches_onnx_auto_pad(framework, per(1, 9), per(1, 4), per(1, 3))


@pytest.mark.parametrize("auto_pad", ["SAME_UPPER", "SAME_LOWER"])
@pytest.mark.parametrize("ndim", [1, 2])
@pytest.mark.parametrize("dilation", [2, 3])
def test_onnxruntime_refuses_auto_pad_with_dilation(auto_pad, ndim, dilation):
    """guide/porting's claim onnx-dilated-same ("onnxruntime refuses auto_pad with a dilation above 1"), over
    both auto_pad rules, 1-d and 2-d, dilations 2 and 3; with dilation 1 the same node runs. So dilated cases
    of --like onnx-* are checked against JAX (tests/test_port_jax.py) instead."""
    page = (ROOT / "docs" / "guide" / "porting.md").read_text(encoding="utf-8")
    assert "onnxruntime refuses `auto_pad` with a dilation above 1" in page
    x, w = np.ones((1, 1) + (7,) * ndim, np.float32), np.ones((1, 1) + (3,) * ndim, np.float32)
    with pytest.raises(Exception, match=oracle_port.DILATED_AUTO_PAD):
        oracle_port.auto_pad_conv(auto_pad, x, w, (1,) * ndim, (dilation,) * ndim)
    assert oracle_port.auto_pad_conv(auto_pad, x, w, (1,) * ndim, (1,) * ndim).shape == x.shape

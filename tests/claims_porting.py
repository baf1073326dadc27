"""Claims of the porting page (docs/guide/porting.md): PyTorch against JAX and onnxruntime.

Registered through tests/claims.py, which imports this module. JAX and ONNX load only when a check runs.
"""

from __future__ import annotations

import itertools

import torch
import torch.nn as nn
import torch.nn.functional as F

from tests import oracle_port
from tests.claims import cases, claim


@claim(
    "integer-padding-symmetric",
    "A layer's integer `padding` in PyTorch puts the same number of cells on both sides of each dimension.",
)
def _():
    # a 1×1 kernel of one copies the padded input: padding=(ph, pw) is F.pad's (pw, pw, ph, ph), no other split
    x = torch.arange(12.0).reshape(1, 1, 3, 4)
    for ph, pw in itertools.product(range(3), repeat=2):
        conv = nn.Conv2d(1, 1, 1, padding=(ph, pw), bias=False)
        with torch.no_grad():
            conv.weight.fill_(1.0)
            assert torch.equal(conv(x), F.pad(x, (pw, pw, ph, ph)))


@claim(
    "jax-same-agrees",
    "Tests run this `SameConv2d` and the two poolings further down against JAX's own `padding='SAME'` "
    "on generated sizes, kernels and strides, and the values agree.",
)
def _():
    for height, width, kernel, stride in ((7, 8, 3, 2), (224 // 28, 6, 4, 3), (5, 5, 2, 2)):
        oracle_port.check_page_recipes_match_jax(height, width, kernel, stride)


@claim(
    "jax-pairs-agree",
    "Tests pad with these `F.pad` tuples and compare, value by value, with JAX applying the same pairs, "
    "negative ones included.",
)
def _():
    oracle_port.check_pairs_match_jax([(1, 2), (0, 3)])
    oracle_port.check_pairs_match_jax([(-1, 2), (3, -1)])


@claim(
    "onnx-exporters-same",
    "With the default exporter (`dynamo=True`), the same `padding='same'` layer with kernel 4 becomes a "
    "`Conv` with explicit `pads` `[1, 1, 2, 2]` instead of `auto_pad`.",
)
def _():
    oracle_port.check_exporters_write_same()


@claim(
    "onnx-dilated-same",
    "onnxruntime refuses `auto_pad` with a dilation above 1, so a dilated `padding='same'` layer exported "
    "with `dynamo=False` does not run there.",
)
def _():
    oracle_port.check_dilated_same_does_not_run()


@claim(
    "onnx-auto-pad-agrees",
    "Tests build ONNX `Conv` nodes with `auto_pad` `SAME_UPPER` and `SAME_LOWER`, run them in onnxruntime, "
    "and compare them value by value with the modules that `--like onnx-upper` and `--like onnx-lower` "
    "print.",
)
def _():
    for framework in ("onnx-upper", "onnx-lower"):
        oracle_port.check_module_matches_onnx_auto_pad(framework, (6, 7), (4, 3), (1, 2))


@claim(
    "jax-valid-agrees",
    "JAX is not imported when this page is built, to keep the build fast, so the tests hold the evidence: "
    "the JAX checks named above, and this one: on generated layers, JAX's `'VALID'` gives the values of "
    "PyTorch's `padding=0`.",
)
def _():
    import numpy as np

    x = np.random.default_rng(4).standard_normal((1, 2, 7, 6)).astype(np.float32)
    w = np.random.default_rng(5).standard_normal((3, 2, 3, 2)).astype(np.float32)
    ours = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), stride=(2, 1), dilation=(1, 2)).numpy()
    np.testing.assert_allclose(ours, oracle_port.jax_conv(x, w, (2, 1), (1, 2), "VALID"), rtol=1e-4, atol=1e-4)


@claim(
    "avg-pool-counts-padding",
    "PyTorch's average pooling counts the padding zeros in each average unless you pass `count_include_pad=False`.",
)
def _():
    x = torch.ones(1, 1, 3, 3)
    for pool in (F.avg_pool1d, F.avg_pool2d):
        y = x[:, :, 0] if pool is F.avg_pool1d else x
        assert pool(y, 3, stride=1, padding=1).min() < 1  # a corner window: real cells / all cells
        assert pool(y, 3, stride=1, padding=1, count_include_pad=False).min() == 1
    assert nn.AvgPool2d(3).count_include_pad


@claim(
    "onnx-average-pool-default",
    "ONNX's `AveragePool` leaves the padding out of the count unless its `count_include_pad` is 1; the "
    "exporter above writes 1 for PyTorch's default.",
)
def _():
    oracle_port.check_average_pool_default_leaves_padding_out()
    exported = oracle_port.export(nn.AvgPool2d(3, stride=2, padding=1), torch.randn(1, 1, 6, 6))
    assert oracle_port.attributes(exported, "AveragePool")["count_include_pad"] == 1


@claim(
    "stax-same-pooling",
    "JAX's `AvgPool` in `jax.example_libraries.stax` with `'SAME'` leaves the padding out of the count, and "
    "its `MaxPool` never picks a padding cell.",
    over=("size", "kernel", "stride"),
)
def _():
    import numpy as np

    for size, kernel, stride in cases(size=((4, 5), (3, 3), (1, 6)), kernel=(1, 2, 3), stride=(1, 2)):
        # all-ones input: a window over padding averages to 1 only if the padding is left out of the count
        averages = oracle_port.jax_pool(np.ones((1, 1, *size), np.float32), kernel, stride, "avg")
        np.testing.assert_array_equal(averages, np.ones_like(averages))
        # all-negative input: a padding cell (0 or -inf) picked as the maximum would show
        x = -1.0 - np.arange(size[0] * size[1], dtype=np.float32).reshape(1, 1, *size)
        maxima = oracle_port.jax_pool(x, kernel, stride, "max")
        assert np.isin(maxima, x).all()

"""JAX and onnxruntime as oracles for ported padding (tests/test_port_*.py and the porting page's claims).

Nothing heavy is imported until a function needs it: JAX and ONNX take seconds to import.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import runpy
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from convdocs.core import frameworks
from convdocs.site.snippets import SNIPPETS

DILATED_AUTO_PAD = "Dilation not supported for AutoPadType::SAME_UPPER or AutoPadType::SAME_LOWER"


@functools.cache
def snippet(name: str) -> dict:
    """The namespace of ``snippets/<name>.py`` after running it (its printing swallowed)."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return runpy.run_path(str(SNIPPETS / f"{name}.py"))


def lax():
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    from jax import lax

    return lax


def jax_conv(x: np.ndarray, w: np.ndarray, stride, dilation, padding) -> np.ndarray:
    """JAX's convolution (cross-correlation, N C spatial... like torch): 'SAME', 'VALID' or (lo, hi) pairs."""
    out = lax().conv_general_dilated(
        x,
        w,
        window_strides=tuple(stride),
        padding=padding,
        rhs_dilation=tuple(dilation),
        precision=lax().Precision.HIGHEST,
    )
    return np.asarray(out)


def jax_same_pads(size, kernel, stride, dilation):
    span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    return tuple(tuple(p) for p in lax().padtype_to_pads(tuple(size), span, tuple(stride), "SAME"))


def jax_pool(x: np.ndarray, kernel: int, stride: int, kind: str) -> np.ndarray:
    """JAX's own 'SAME' pooling, ``jax.example_libraries.stax`` MaxPool or AvgPool, on N C spatial... arrays."""
    lax()  # sets JAX_PLATFORMS before jax loads
    from jax.example_libraries import stax

    layer = {"max": stax.MaxPool, "avg": stax.AvgPool}[kind]
    n = x.ndim - 2
    spec = "NC" + "HWD"[:n]
    _, apply = layer((kernel,) * n, (stride,) * n, "SAME", spec=spec)
    return np.asarray(apply((), x))


def module_from_code(framework: str, ndim: int, kernel, stride, dilation, in_channels: int, out_channels: int):
    """Exec the module text the CLI prints and build it: the copyable code is what gets tested."""
    code = frameworks.module_code(framework, ndim, kernel, stride, dilation)
    namespace: dict = {}
    exec(compile(code, f"<{framework} module>", "exec"), namespace)
    cls = next(v for k, v in namespace.items() if k.endswith(f"Conv{ndim}d"))
    return cls(in_channels, out_channels, bias=False)


def check_module_matches_jax(framework, size, kernel, stride, dilation, cin, cout, seed=0):
    """The printed module's output equals JAX's convolution with that framework's padding, value by value."""
    module = module_from_code(framework, len(size), kernel, stride, dilation, cin, cout)
    x = np.random.default_rng(seed).standard_normal((2, cin, *size)).astype(np.float32)
    with torch.no_grad():
        ours = module(torch.from_numpy(x)).numpy()
    w = module.conv.weight.detach().numpy()
    pads = frameworks.like(framework, size, kernel, stride, dilation)
    if framework != "onnx-lower":  # JAX's own 'SAME' string, and its own split of the padding
        assert jax_same_pads(size, kernel, stride, dilation) == pads
        theirs = jax_conv(x, w, stride, dilation, "SAME")
    else:  # JAX has no SAME_LOWER: explicit pairs, which JAX applies as given
        theirs = jax_conv(x, w, stride, dilation, list(pads))
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


def check_page_recipes_match_jax(height, width, kernel, stride, seed=2):
    """The porting page's SameConv2d and 'SAME' poolings against JAX."""
    x = np.random.default_rng(seed).standard_normal((1, 1, height, width)).astype(np.float32)
    conv = snippet("port_tensorflow")["SameConv2d"](1, 1, kernel_size=kernel, stride=stride, bias=False)
    with torch.no_grad():
        ours = conv(torch.from_numpy(x)).numpy()
    theirs = jax_conv(x, conv.conv.weight.detach().numpy(), (stride,) * 2, (1, 1), "SAME")
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    pool = snippet("port_pooling")
    for kind, recipe in (("max", pool["same_max_pool"]), ("avg", pool["same_avg_pool"])):
        ours = recipe(torch.from_numpy(x), kernel, stride).numpy()
        np.testing.assert_allclose(ours, jax_pool(x, kernel, stride, kind), rtol=1e-5, atol=1e-6)


def check_pairs_match_jax(pairs, seed=3):
    """JAX applies (lo, hi) pairs first dimension first (negative crops); the page's f_pad reorders them."""
    x = np.random.default_rng(seed).standard_normal((1, 1, 5, 6)).astype(np.float32)
    w = np.ones((1, 1, 1, 1), np.float32)  # a 1×1 kernel of one: the convolution is the padding itself
    theirs = jax_conv(x, w, (1, 1), (1, 1), [tuple(p) for p in pairs])
    ours = F.pad(torch.from_numpy(x), snippet("port_pairs")["f_pad"](pairs)).numpy()
    np.testing.assert_allclose(ours, theirs)


# ---- ONNX ---------------------------------------------------------------------------------------------


def export(model: nn.Module, x: torch.Tensor, dynamo: bool = False) -> bytes:
    """The ONNX bytes of ``model`` (the TorchScript exporter unless ``dynamo``), opset 18."""
    f = io.BytesIO()
    with warnings.catch_warnings(), torch.no_grad(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), f, dynamo=dynamo, opset_version=18)
    return f.getvalue()


def run_onnx(model_bytes: bytes, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})[0]


def attributes(model_bytes: bytes, op: str) -> dict:
    import onnx
    from onnx import helper

    node = next(n for n in onnx.load_from_string(model_bytes).graph.node if n.op_type == op)
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def one_node(op: str, x: np.ndarray, weight: np.ndarray | None = None, **attrs) -> np.ndarray:
    """ONNX's own ``op`` (no exporter involved), built node by node and run in onnxruntime."""
    import onnx
    from onnx import TensorProto, helper

    inputs = ["x"] + (["w"] if weight is not None else [])
    graph = helper.make_graph(
        [helper.make_node(op, inputs, ["y"], **attrs)],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [onnx.numpy_helper.from_array(weight, "w")] if weight is not None else [],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    return run_onnx(model.SerializeToString(), x)


def auto_pad_conv(auto_pad: str, x: np.ndarray, w: np.ndarray, stride, dilation) -> np.ndarray:
    return one_node(
        "Conv", x, w, auto_pad=auto_pad, strides=list(stride), dilations=list(dilation), kernel_shape=list(w.shape[2:])
    )


def check_module_matches_onnx_auto_pad(framework, size, kernel, stride, seed=0):
    """--like onnx-upper / onnx-lower: the printed module against onnxruntime's SAME_UPPER / SAME_LOWER."""
    n = len(size)
    module = module_from_code(framework, n, kernel, stride, (1,) * n, 2, 1)
    x = np.random.default_rng(seed).standard_normal((1, 2, *size)).astype(np.float32)
    with torch.no_grad():
        ours = module(torch.from_numpy(x)).numpy()
    auto_pad = {"onnx-upper": "SAME_UPPER", "onnx-lower": "SAME_LOWER"}[framework]
    theirs = auto_pad_conv(auto_pad, x, module.conv.weight.detach().numpy(), stride, (1,) * n)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


def check_average_pool_default_leaves_padding_out():
    """ONNX AveragePool without count_include_pad divides by the cells that are not padding, as PyTorch's
    count_include_pad=False does; with count_include_pad=1 it is PyTorch's default."""
    x = torch.arange(25.0).reshape(1, 1, 5, 5)
    onnx_default = one_node("AveragePool", x.numpy(), kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    left_out = F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False).numpy()
    counted = F.avg_pool2d(x, 3, stride=1, padding=1).numpy()
    np.testing.assert_allclose(onnx_default, left_out, rtol=1e-6)
    assert not np.allclose(onnx_default, counted)
    explicit = one_node("AveragePool", x.numpy(), kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1)
    np.testing.assert_allclose(explicit, counted, rtol=1e-6)


def check_exporters_write_same():
    """padding='same' with kernel 4: the TorchScript exporter (dynamo=False) writes auto_pad SAME_UPPER, the
    default exporter (dynamo=True in torch 2.13) explicit Conv pads [1, 1, 2, 2]; both run as torch does."""
    model, x = nn.Conv2d(1, 1, 4, padding="same").eval(), torch.randn(1, 1, 6, 6)
    with torch.no_grad():
        expected = model(x).numpy()
    legacy = export(model, x)
    attrs = attributes(legacy, "Conv")
    assert attrs["auto_pad"] == b"SAME_UPPER" and "pads" not in attrs
    np.testing.assert_allclose(run_onnx(legacy, x.numpy()), expected, rtol=1e-5, atol=1e-5)
    default = export(model, x, dynamo=True)
    attrs = attributes(default, "Conv")
    assert list(attrs["pads"]) == [1, 1, 2, 2] and attrs.get("auto_pad", b"NOTSET") == b"NOTSET"
    np.testing.assert_allclose(run_onnx(default, x.numpy()), expected, rtol=1e-5, atol=1e-5)


def check_dilated_same_does_not_run():
    """A dilated padding='same' layer exported with dynamo=False holds auto_pad, which onnxruntime refuses."""
    import pytest

    model, x = nn.Conv2d(1, 1, 3, padding="same", dilation=2).eval(), torch.randn(1, 1, 7, 7)
    exported = export(model, x)
    assert attributes(exported, "Conv")["auto_pad"] == b"SAME_UPPER"
    with pytest.raises(Exception, match=DILATED_AUTO_PAD):
        run_onnx(exported, x.numpy())

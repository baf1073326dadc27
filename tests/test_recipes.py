"""Every recipe a page gives a reader works in every padding mode, and with 'same' and 'valid'."""

from __future__ import annotations

import ast
import itertools
import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from convdocs.core.conv import PADDING_MODES
from convdocs.site.snippets import SNIPPETS

CONV = {1: (nn.Conv1d, F.conv1d), 2: (nn.Conv2d, F.conv2d), 3: (nn.Conv3d, F.conv3d)}


def functions(name: str) -> dict:
    """The functions a snippet defines (with its imports), without running the rest of it."""
    tree = ast.parse((SNIPPETS / f"{name}.py").read_text())
    keep = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef))]
    namespace: dict = {}
    exec(compile(ast.Module(keep, []), f"{name}.py", "exec"), namespace)  # noqa: S102
    return namespace


PADDINGS = [0, 1, 2, "valid", "same", (2, 1)]


@pytest.mark.slow
@pytest.mark.parametrize("mode", PADDING_MODES)
def test_the_pre_hook_recipe_pads_as_the_layer_does(mode):
    """snippets/see_the_padding.py: its padded tensor, convolved with padding=0, is the layer's own output
    (integers, a tuple, 'same' with odd and even kernels and dilations, 'valid'; Conv1d, Conv2d, Conv3d)."""
    padded_input = functions("see_the_padding")["padded_input"]
    torch.manual_seed(0)
    checked = 0
    for padding, kernel, dilation, ndim in itertools.product(PADDINGS, (3, 4), (1, 2), (1, 2, 3)):
        if isinstance(padding, tuple) and ndim != 2:
            continue
        layer_type, conv = CONV[ndim]
        layer = layer_type(1, 1, kernel, padding=padding, dilation=dilation, padding_mode=mode)
        x = torch.randn(1, 1, *(9, 8, 7)[:ndim])
        seen = {}
        hook = layer.register_forward_pre_hook(lambda module, args: seen.update(x=padded_input(module, args[0])))  # noqa: B023
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # 'same' with an even kernel warns about a padded copy
            output = layer(x)
            again = conv(seen["x"], layer.weight, layer.bias, dilation=dilation)
        hook.remove()
        assert again.shape == output.shape and torch.allclose(again, output, atol=1e-6), (padding, kernel, dilation)
        checked += 1
    assert checked == 64


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_the_f_pad_order_recipe_holds_in_every_mode(mode):
    """guide/other-dimensions: F.pad (left, right, top, bottom) then padding=0 is Conv2d(padding=(2, 1))."""
    torch.manual_seed(0)
    layer = nn.Conv2d(1, 1, 3, padding=(2, 1), padding_mode=mode)
    x = torch.randn(1, 1, 5, 6)
    by_hand = F.conv2d(F.pad(x, (1, 1, 2, 2), mode="constant" if mode == "zeros" else mode), layer.weight, layer.bias)
    assert torch.allclose(layer(x), by_hand, atol=1e-6)
    wrong = F.pad(x, (2, 2, 1, 1), mode="constant" if mode == "zeros" else mode)
    assert F.conv2d(wrong, layer.weight, layer.bias).shape != layer(x).shape


def test_the_old_recipe_fails_on_the_default_mode():
    """What issue #9 found: F.pad(..., mode=module.padding_mode) raises for the default 'zeros'."""
    layer = nn.Conv2d(1, 1, 3, padding=1)
    with pytest.raises(NotImplementedError):
        F.pad(torch.zeros(1, 1, 3, 3), layer._reversed_padding_repeated_twice, mode=layer.padding_mode)


def test_same_recipes_take_unbatched_input_as_nn_conv2d_does():
    """the 'SAME' recipes read x.shape[2:], so an unbatched (C, H, W) input, which nn.Conv2d
    accepts, was padded on the wrong dimensions without an error. Unbatched must equal batched, squeezed."""
    from tests.oracle_port import module_from_code

    torch.manual_seed(0)
    x = torch.randn(2, 7, 8)  # (C, H, W): height 7, width 8
    same = functions("port_tensorflow")["SameConv2d"](2, 3, kernel_size=3, stride=2)
    tf = functions("tensorflow_same")["conv_tf_same"]
    conv = nn.Conv2d(2, 3, kernel_size=3, stride=2, padding=0)
    pooling = functions("port_pooling")
    modules = [same, lambda t: tf(conv, t)] + [
        module_from_code(framework, 2, 3, 2, 1, 2, 3) for framework in ("tf", "onnx-lower")
    ]
    modules += [lambda t: pooling["same_avg_pool"](t, 3, 2), lambda t: pooling["same_max_pool"](t, 3, 2)]
    for module in modules:
        batched, unbatched = module(x.unsqueeze(0)), module(x)
        assert tuple(batched.shape[-2:]) == (4, 4)  # ceil(7 / 2), ceil(8 / 2)
        assert torch.allclose(unbatched, batched[0], atol=1e-6)

"""Other frameworks' 'SAME' padding, per side, and the PyTorch code that reproduces it. Pure Python.

TensorFlow and Keras ``padding='SAME'``, ONNX ``auto_pad='SAME_UPPER'`` and JAX ``padding='SAME'``
(``lax.padtype_to_pads``) all aim for an output of ⌈i / s⌉ and pad the least total that reaches it,
max((⌈i / s⌉ − 1)·s + d·(k − 1) + 1 − i, 0), the odd cell after. ONNX ``SAME_LOWER`` puts the odd
cell before. PyTorch's integer padding is the same on both sides, so ports pad with ``F.pad`` first.

>>> like("tf", input=(224, 224), kernel=7, stride=2)
((2, 3), (2, 3))
>>> like("onnx-lower", input=6, kernel=4)
((2, 1),)
"""

from __future__ import annotations

from convdocs.core.errors import ConvError
from convdocs.core.ints import DIMENSION_NAMES, per_dim, span
from convdocs.core.solve import explicit, f_pad, split, validated
from convdocs.core.words import say

FRAMEWORKS = {
    "tf": "TensorFlow padding='SAME'",
    "keras": "Keras padding='same'",
    "onnx-upper": "ONNX auto_pad='SAME_UPPER'",
    "onnx-lower": "ONNX auto_pad='SAME_LOWER'",
    "jax": "JAX padding='SAME'",
}
EXTRA_SIDE = {"tf": "after", "keras": "after", "onnx-upper": "after", "onnx-lower": "before", "jax": "after"}


def same_output(input: int, stride: int) -> int:
    """'SAME' output size in every framework here: ⌈i / s⌉."""
    return -(-input // stride)


def same_total(input: int, kernel: int, stride: int, dilation: int = 1) -> int:
    """Total 'SAME' padding of one dimension: max((⌈i / s⌉ − 1)·s + d·(k − 1) + 1 − i, 0)."""
    return max((same_output(input, stride) - 1) * stride + span(kernel, dilation) - input, 0)


def same_pads(framework: str, input: int, kernel: int, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """(before, after) of one dimension under ``framework``'s 'SAME'."""
    return split(same_total(input, kernel, stride, dilation), EXTRA_SIDE[_known(framework)])


def _known(framework: str) -> str:
    if framework not in FRAMEWORKS:
        raise ConvError(
            say("conv.own.like_unknown_use_one", framework=repr(framework), frameworks=", ".join(FRAMEWORKS))
        )
    return framework


def like(framework: str, input, kernel, stride=1, dilation=1) -> tuple[tuple[int, int], ...]:
    """Per dimension, the (before, after) padding ``framework``'s 'SAME' applies to ``input``."""
    _known(framework)
    layer = validated(input, kernel, stride, dilation)
    return tuple(same_pads(framework, *args) for args in zip(layer.input, layer.kernel, layer.stride, layer.dilation))


def like_conv(framework: str, input, kernel, stride=1, dilation=1):
    """The :class:`~convdocs.core.conv.Conv` that ``framework``'s 'SAME' amounts to, its pads per side."""
    pads = like(framework, input, kernel, stride, dilation)
    return explicit(input, kernel, stride, dilation, pads=pads)


def f_pad_call(pads) -> str:
    """``F.pad(x, (left, right, top, bottom))`` for per-dimension (before, after) pads."""
    return f"F.pad(x, {f_pad(pads)!r})"


def module_code(framework: str, ndim: int, kernel, stride, dilation) -> str:
    """Copyable PyTorch: an nn.Module that pads like ``framework``'s 'SAME' for any input size, then convolves."""
    name = FRAMEWORKS[_known(framework)]
    extra = EXTRA_SIDE[framework]
    k, s, d = (per_dim(n, v, ndim) for n, v in (("kernel", kernel), ("stride", stride), ("dilation", dilation)))
    cls = {
        "tf": "TFSame",
        "keras": "KerasSame",
        "onnx-upper": "SameUpper",
        "onnx-lower": "SameLower",
        "jax": "JaxSame",
    }[framework] + f"Conv{ndim}d"
    one = lambda v: str(v[0]) if len(set(v)) == 1 else repr(tuple(v))  # noqa: E731
    small, big = ("total // 2", "total - total // 2")
    before, after = (small, big) if extra == "after" else (big, small)
    names = ", ".join(DIMENSION_NAMES[ndim])
    doc = say("core.frameworks.module_docstring", names=names, name=name, extra=extra)
    return f'''import math

import torch.nn as nn
import torch.nn.functional as F


class {cls}(nn.Module):
    """{doc}"""

    def __init__(self, in_channels, out_channels, **kwargs):
        super().__init__()
        self.conv = nn.Conv{ndim}d(in_channels, out_channels, kernel_size={one(k)},
                              stride={one(s)}, dilation={one(d)}, padding=0, **kwargs)

    def forward(self, x):
        pad = []
        for i, k, s, d in zip(x.shape[-{ndim}:], self.conv.kernel_size,
                              self.conv.stride, self.conv.dilation):
            total = max((math.ceil(i / s) - 1) * s + d * (k - 1) + 1 - i, 0)
            pad = [{before}, {after}] + pad  # F.pad: last dim first
        return self.conv(F.pad(x, pad))
'''


def like_text(framework: str, pads, kernel, stride, dilation) -> str:
    """The lines ``--like`` adds: the pads per side, the F.pad call, and a module to copy."""
    from convdocs.core.solve import per_side

    n = len(pads)
    return say(
        "core.frameworks.pads_in_pytorch_then_padding_0",
        framework=FRAMEWORKS[_known(framework)],
        per_side=per_side(pads, n),
        call=f_pad_call(pads),
    ) + module_code(framework, n, kernel, stride, dilation)

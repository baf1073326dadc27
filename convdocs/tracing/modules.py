"""The geometry of torch's own modules: a Conv/Pool/Pad module applied to a shape, as convdocs' arithmetic.

Imports torch. :func:`conv_of` reads a convolution module into a `convdocs.core.conv_cells.Conv`;
:func:`module_steps` gives any geometry module's per-dimension steps for `convdocs.core.receptive`.
"""

from __future__ import annotations

import torch
import torch.nn as nn

from convdocs.core.conv import check
from convdocs.core.conv_cells import Conv
from convdocs.core.receptive import Step


def conv_of(module, input_shape, output_size=None, dtype: str = "float32") -> Conv:
    """The geometry of a torch convolution module applied to an input of ``input_shape`` (batch, channels, ...).

    A transposed layer called with ``output_size=`` picks its output_padding from it, as torch does.
    """
    import torch

    backend = dict(batch=input_shape[0], channels=input_shape[1], dtype=dtype, threads=torch.get_num_threads())
    conv = check(
        input=tuple(input_shape[2:]),
        kernel=module.kernel_size,
        stride=module.stride,
        padding=module.padding,
        dilation=module.dilation,
        padding_mode=module.padding_mode,
        transposed=module.transposed,
        output_padding=module.output_padding,
        **backend,
    )
    if module.transposed and output_size is not None:
        wanted = tuple(output_size)[-conv.ndim :]
        chosen = tuple(w - o + a for w, o, a in zip(wanted, conv.output, conv.output_padding))
        conv = check(
            input=conv.input,
            kernel=conv.kernel,
            stride=conv.stride,
            padding=conv.padding,
            dilation=conv.dilation,
            transposed=True,
            output_padding=chosen,
            **backend,
        )
    return conv


POOLS = (nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AvgPoolNd)


ADAPTIVE = (nn.modules.pooling._AdaptiveAvgPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd)


PADS = {
    nn.modules.padding._ConstantPadNd: "zeros",
    nn.modules.padding._ReflectionPadNd: "reflect",
    nn.modules.padding._ReplicationPadNd: "replicate",
    nn.modules.padding._CircularPadNd: "circular",
}


GEOMETRY = (nn.modules.conv._ConvNd, *POOLS, *ADAPTIVE, *PADS)


def window_steps(size, output, kernel, stride, dilation, pads, mode="zeros", kind="window"):
    return tuple(
        Step(kind, n, o, k, s, d, lo, hi, mode)
        for n, o, k, s, d, (lo, hi) in zip(size, output, kernel, stride, dilation, pads)
    )


def _tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def pad_pairs(pad, n) -> tuple[tuple[int, int], ...]:
    """F.pad's flat list (last dimension first) as (before, after) per spatial dimension, first first."""
    pairs = [(0, 0)] * n
    for i in range(min(len(pad) // 2, n)):
        pairs[n - 1 - i] = (int(pad[2 * i]), int(pad[2 * i + 1]))
    return tuple(pairs)


def module_steps(module: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[Step, ...]:
    """The steps of a geometry module applied to ``x`` giving ``y`` (per spatial dimension)."""
    size, output = tuple(x.shape[2:]), tuple(y.shape[2:])
    n = len(size)
    if isinstance(module, nn.modules.conv._ConvNd):
        conv = conv_of(module, x.shape)
        kind = "transposed" if module.transposed else "window"
        return window_steps(size, output, conv.kernel, conv.stride, conv.dilation, conv.pads, conv.padding_mode, kind)
    if isinstance(module, POOLS):
        k = _tuple(module.kernel_size, n)
        s = _tuple(module.stride or module.kernel_size, n)
        p = _tuple(module.padding, n)
        d = _tuple(getattr(module, "dilation", 1), n)
        return window_steps(size, output, k, s, d, [(v, v) for v in p])
    if isinstance(module, ADAPTIVE):
        return tuple(Step("adaptive", i, o) for i, o in zip(size, output))
    mode = next(m for cls, m in PADS.items() if isinstance(module, cls))
    return window_steps(size, output, (1,) * n, (1,) * n, (1,) * n, pad_pairs(module.padding, n), mode)


def spatial_rank(module) -> int | None:
    """How many spatial dimensions a geometry module works on (Conv2d: 2), from its class name."""
    name = type(module).__name__
    for n in (1, 2, 3):
        if name.endswith(f"{n}d"):
            return n
    return None

"""The error atlas's own captures: torch texts the atlas quotes that the convolution catalogue does not hold.

Build/test glue (imports torch when an entry runs). Each entry is a function of no arguments that makes
torch raise one message of one atlas family (see convdocs.core.atlas); convdocs.tracing.capture_text runs
them and writes the texts, numbers as ``{}``, under ``"atlas"`` in convdocs/core/torch_text.json.
"""

from __future__ import annotations

from collections.abc import Callable


def _t():
    import torch

    return torch


def _nn():
    from torch import nn

    return nn


def _pad(shape, pad, mode="constant"):
    import torch.nn.functional as F

    return lambda: F.pad(_t().zeros(shape), pad, mode=mode)


def _layer(name, shape, *args, **kwargs):
    return lambda: getattr(_nn(), name)(*args, **kwargs)(_t().zeros(shape))


ENTRIES: dict[str, Callable[[], object]] = {
    # F.pad and the padding layers
    "fpad_odd": _pad((1, 1, 4, 4), (1, 1, 1)),
    "fpad_too_long": _pad((1, 4), (1, 1, 1, 1, 1, 1)),
    "fpad_empty_input": _pad((1, 0, 4), (1, 1), "reflect"),
    "narrow_negative": _pad((1, 1, 3, 3), (-2, -2)),
    "numel_overflow": _layer("ReflectionPad2d", (1, 1, 5, 2), -2),
    "circular_overlap": _layer("CircularPad1d", (1, 5), (3, -3)),
    "circular_mismatch": _pad((5, 5, 3), (3, -4, 0, -4), "circular"),
    # pooling
    "pool_half": _layer("MaxPool2d", (1, 1, 5, 5), 2, padding=2),
    "pool_half_1d": _layer("MaxPool1d", (1, 1, 5), 2, padding=2),
    "pool_half_dilated/2": _layer("MaxPool2d", (1, 1, 7, 7), 2, padding=2, dilation=3),
    "pool_half_dilated/3": _layer("MaxPool3d", (1, 1, 7, 7, 7), 2, padding=2, dilation=3),
    "pool_negative": _layer("MaxPool2d", (1, 1, 5, 5), 2, padding=-1),
    "pool_negative_1d": _layer("MaxPool1d", (1, 1, 5), 2, padding=-1),
    "pool_length_avg1d": _layer("AvgPool1d", (1, 1, 5), 2, padding=(1, 1)),
    "pool_length_max1d": _layer("MaxPool1d", (1, 1, 5), 2, padding=(1, 1)),
    "pool_length/avg_pool2d": _layer("AvgPool2d", (1, 1, 5, 5), 2, padding=(1, 1, 1)),
    "pool_length/avg_pool3d": _layer("AvgPool3d", (1, 1, 5, 5, 5), 2, padding=(1, 1)),
    "pool_length/max_pool2d": _layer("MaxPool2d", (1, 1, 5, 5), 2, padding=(1, 1, 1)),
    "pool_length/max_pool3d": _layer("MaxPool3d", (1, 1, 5, 5, 5), 2, padding=(1, 1)),
    "pool_output_too_small/2": _layer("MaxPool2d", (1, 1, 1, 3), 5, padding=1),
    "pool_output_too_small/3": _layer("MaxPool3d", (1, 1, 1, 3, 3), 5, padding=1),
    # Fold and Unfold
    "unfold_padding_length": _layer("Unfold", (1, 1, 5, 5), 2, padding=(1, 1, 1)),
    "unfold_negative": _layer("Unfold", (1, 1, 5, 5), 2, padding=-1),
    "unfold_blocks": _layer("Unfold", (1, 1, 2, 2), 5, padding=1),
    "fold_blocks": _layer("Fold", (1, 4, 16), output_size=4, kernel_size=2, padding=1),
}

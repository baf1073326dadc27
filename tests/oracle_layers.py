"""PyTorch itself, asked about pooling, padding layers, F.pad and Unfold/Fold. Tests compare with convdocs."""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F
from torch import nn


def _run(make, shape):
    """Output shape of ``make()(zeros(shape))``, or the exception torch raises (building or running)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = make()
            with torch.no_grad():
                return tuple(module(torch.zeros(*shape)).shape)
    except (
        RuntimeError,
        ValueError,
        TypeError,
        NotImplementedError,
        IndexError,
    ) as error:
        return error


def first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else ""


def pool(name: str, input, **options):
    """Spatial output of ``nn.<name>(**options)`` on a (1, 1, *input) tensor, or torch's exception."""
    result = _run(lambda: getattr(nn, name)(**options), (1, 1, *input))
    return result if isinstance(result, Exception) else result[2:]


def apply(name: str, x: torch.Tensor, **options) -> torch.Tensor:
    with torch.no_grad():
        return getattr(nn, name)(**options)(x)


def pad(shape, pad, mode="constant", value=None):
    """Full output shape of F.pad on a zeros tensor of ``shape``, or torch's exception."""
    kwargs = {} if value is None else {"value": value}
    return _run(lambda: lambda x: F.pad(x, pad, mode=mode, **kwargs), shape)


def layer(name: str, shape, **options):
    """Full output shape of ``nn.<name>(**options)`` on zeros of ``shape``, or torch's exception."""
    return _run(lambda: getattr(nn, name)(**options), shape)

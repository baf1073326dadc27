"""PyTorch itself, asked the questions convdocs.core.conv answers. Tests compare the two."""

from __future__ import annotations

import warnings

import torch
import torch.nn as nn

CONV = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
TRANSPOSED = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d, 3: nn.ConvTranspose3d}


def layer(input, kernel, stride=1, padding=0, dilation=1, padding_mode="zeros", transposed=False, output_padding=0):
    """The torch module for a configuration (raises what torch raises at construction)."""
    n = 1 if isinstance(input, int) else len(input)
    if transposed:
        return TRANSPOSED[n](
            1,
            1,
            kernel,
            stride=stride,
            padding=padding,
            dilation=dilation,
            padding_mode=padding_mode,
            output_padding=output_padding,
            bias=False,
        )
    return CONV[n](
        1, 1, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode, bias=False
    )


def output_shape(**config):
    """Spatial output size torch computes, or the exception it raises."""
    size = (config["input"],) if isinstance(config["input"], int) else tuple(config["input"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = layer(**config)
            with torch.no_grad():
                return tuple(module(torch.zeros(1, 1, *size)).shape[2:])
    except (RuntimeError, ValueError, TypeError, NotImplementedError) as error:
        return error


def reads(config):
    """For every output cell, the input cells whose value reaches it: ones weights, one one-hot input per cell."""
    size = tuple(config["input"])
    module = layer(**config)
    with torch.no_grad():
        module.weight.fill_(1.0)
        count = int(torch.tensor(size).prod())
        out = module(torch.eye(count).reshape(count, 1, *size))[:, 0]  # (input cell, *output cell)
    cells = [tuple(int(v) for v in torch.unravel_index(torch.tensor(i), size)) for i in range(count)]
    result = {}
    for index in torch.nonzero(out).tolist():
        result.setdefault(tuple(index[1:]), set()).add(cells[index[0]])
    return result

"""A convolution's padding_mode other than zeros, in pure Python: nn.ConvNd pads with F.pad first.

:func:`fpad_amounts` gives the (before, after) pairs the layer hands F.pad; :func:`fpad` the padded size, or
torch's refusal, for an input of [1, 1, *size].
"""

from __future__ import annotations

from typing import Any

from convdocs.core.errors import ConvError, torch_error
from convdocs.core.ints import dimension_names, one_or_tuple, torch_dim_name
from convdocs.core.words import say


def fpad_amounts(p: Any, k: tuple[int, ...], d: tuple[int, ...], n: int) -> tuple[tuple[int, int], ...]:
    """The (before, after) pairs nn.ConvNd hands F.pad for a mode other than zeros, first dimension first.

    torch builds them in ``__init__`` (``_reversed_padding_repeated_twice``): integers repeated, 'same' split
    with the odd cell after; it zips dilation with the kernel, so a 1-tuple dilation pads only the first
    dimension.
    """
    if isinstance(p, str):
        pads = [(0, 0)] * len(k)
        if p == "same":
            for axis, (kk, dd) in enumerate(zip(k, d)):
                pads[axis] = torch_same_pads(kk, dd)
        return tuple(pads)
    return tuple((v, v) for v in p)


def fpad(size: tuple[int, ...], pads: Any, mode: str) -> tuple[int, ...]:
    """F.pad(x, ..., mode) on an input of [1, 1, *size]: the new channels and spatial size, or torch's refusal."""
    n, m = len(size), len(pads)
    shape = (1, 1, *size)
    ndim = n + 2
    if not ((m == 1 and ndim in (2, 3)) or (m == 2 and ndim in (3, 4)) or (m == 3 and ndim in (4, 5))):
        raise torch_error("pad_size_unsupported", [2 * m, ndim], mode=mode, n=n, count=m, n_torch=ndim)
    first = ndim - m  # pads[j] applies to torch's dimension first + j
    new = list(shape)
    for j, (lo, hi) in enumerate(pads):
        new[first + j] = shape[first + j] + lo + hi

    def fields(j: int) -> dict[str, Any]:
        dim = first + j
        return dict(
            pad=one_or_tuple(pads[j]),
            name=torch_dim_name(dim, n),
            size=shape[dim],
            left=new[dim],
            names=dimension_names(n),
        )

    if mode == "circular":
        for j, (lo, hi) in enumerate(pads):
            if lo > shape[first + j] or hi > shape[first + j]:
                raise torch_error("circular_wraps", [], **fields(j))
            if new[first + j] < 0:
                raise torch_error("circular_empty", [], **fields(j))
        return tuple(new[1:])
    if mode == "reflect":
        for j in reversed(range(m)):  # torch checks the last dimension first
            dim, (lo, hi) = first + j, pads[j]
            if lo >= shape[dim] or hi >= shape[dim]:
                raise torch_error(
                    "reflect_too_large", [2 * (m - 1 - j) + 4, lo, hi, dim, list(shape)], dim=dim, **fields(j)
                )
    if all(v < 1 for v in new[first:]):
        worst = min(range(m), key=lambda j: new[first + j])
        raise torch_error(f"{mode}_too_small/{m}", list(shape[first:]) + list(new[first:]), **fields(worst))
    if min(new) < 0:
        worst = min(j for j in range(m) if new[first + j] < 0)
        if mode == "reflect":  # torch's wording depends on which reflection kernel runs
            crop = fields(worst)
            del crop["names"]
            raise ConvError(say("conv.own.reflect_crop_too_much", **crop))
        raise torch_error("negative_dimension", [new[first + worst], list(new)], **fields(worst))
    return tuple(new[1:])


def torch_same_pads(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's split of ``padding='same'``: total d·(k − 1), the odd one out on the right/bottom."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2

"""The error atlas's rules (words/atlas.json, ``atlas.rule.<family>``) that speak of every case, each held word for
word here and checked over a grid of configurations against torch: rewording a rule means rewording its check.
"""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from convdocs.core.conv_aten import empty_output_allowed
from convdocs.core.words import say


def rule(family: str, text: str) -> None:
    """The catalogue's rule of ``family`` is, word for word, the one the test checks."""
    assert say(f"atlas.rule.{family}") == text, f"atlas.rule.{family} changed: change its check in {__file__} too"


def attempt(call, *args, **options):
    try:
        return call(*args, **options)
    except (RuntimeError, NotImplementedError) as error:
        return error


CROP_PAIRS = ((0, 0), (-1, 0), (0, -1), (-1, -1), (-2, 0), (-1, -2), (-3, 0), (-2, -2))
CROP_SIZES = {
    1: [(1,), (2,), (3,)],
    2: list(itertools.product((1, 2, 3), repeat=2)),
    3: [(2, 2, 2), (3, 1, 2), (1, 3, 3)],
}


@pytest.mark.parametrize("dims", (1, 2, 3))
def test_crop_empty_rule_against_torch(dims):
    rule(
        "crop_empty",
        "A negative amount crops. Reflect and replicate padding refuse a cropped size, size + before + after, below 0 "
        "in any padded dimension, and refuse cropping every padded dimension to 0 (in 1-d, its one dimension); in 2-d "
        "and 3-d, one dimension cropped to 0 while another keeps a cell gives an empty output. Circular padding that "
        "only crops refuses a size below 0 and gives an empty output at 0.",
    )
    pairs = CROP_PAIRS if dims < 3 else CROP_PAIRS[::2]
    seen = {"empty": 0, "refused": 0}
    for sizes, per, mode in itertools.product(
        CROP_SIZES[dims], itertools.product(pairs, repeat=dims), ("reflect", "replicate", "circular")
    ):
        amounts = tuple(v for pair in reversed(per) for v in pair)  # F.pad: the last dimension first
        out = [n + a + b for n, (a, b) in zip(sizes, per)]
        got = attempt(F.pad, torch.zeros(1, 1, *sizes), amounts, mode=mode)
        accepted = min(out) >= 0 and (mode == "circular" or max(out) >= 1)
        assert isinstance(got, torch.Tensor) == accepted, (mode, sizes, amounts, got)
        if accepted:
            assert tuple(got.shape[2:]) == tuple(out), (mode, sizes, amounts)
            seen["empty"] += 0 in out
        else:
            seen["refused"] += 1
    assert all(seen.values()), seen


def test_constant_crop_rule_against_torch():
    rule(
        "constant_crop",
        "A crop cannot take more cells than a dimension has. In 'constant' mode (the padding layers ZeroPad and "
        "ConstantPad too) each negative amount crops at most the size, and the cropped size, size + before + after, "
        "must stay 0 or more; replicate padding (and 3-d reflect padding) that crops one dimension below 0 while "
        "another padded dimension keeps a cell fails with the negative-dimension message.",
    )
    for n, a, b, lead in itertools.product(range(5), range(-6, 7), range(-6, 7), (1, 2)):
        got = attempt(F.pad, torch.zeros(lead, n), (a, b))
        accepted = a >= -n and b >= -n and n + a + b >= 0
        assert isinstance(got, torch.Tensor) == accepted, (n, a, b, got)
    for n, a, b in itertools.product(range(4), range(-5, 3), range(-5, 3)):  # the padding layers: F.pad's rule
        assert isinstance(attempt(nn.ZeroPad1d((a, b)), torch.zeros(1, n)), torch.Tensor) == (
            a >= -n and b >= -n and n + a + b >= 0
        )
    negative = 0
    for dims, mode in itertools.product((2, 3), ("reflect", "replicate")):
        pairs = CROP_PAIRS if dims < 3 else CROP_PAIRS[::2]
        for sizes, per in itertools.product(CROP_SIZES[dims], itertools.product(pairs, repeat=dims)):
            amounts = tuple(v for pair in reversed(per) for v in pair)
            out = [n + a + b for n, (a, b) in zip(sizes, per)]
            got = attempt(F.pad, torch.zeros(1, 1, *sizes), amounts, mode=mode)
            said = isinstance(got, Exception) and str(got).startswith("Trying to create tensor with negative dimension")
            assert said == (min(out) < 0 < max(out) and (mode == "replicate" or dims == 3)), (mode, sizes, amounts)
            negative += said
    assert negative


def _empty_shapes():
    """(shape, pairs of padded dimensions): each padded dimension 0 or 2 cells, with or without a batch in front."""
    for pairs in (1, 2, 3):
        for ndim in (pairs + 1, pairs + 2):
            for shape in itertools.product((0, 2), repeat=ndim):
                yield shape, pairs


def test_pad_empty_rule_against_torch():
    rule(
        "pad_empty",
        "Reflect and replicate padding copy cells of the input: every dimension but the batch (the first of two "
        "dimensions in front of the padded ones) needs at least one. Circular padding takes an empty tensor, with no "
        "more padding than a padded dimension's size.",
    )
    seen = {"circular empty": 0, "refused": 0, "batch empty": 0}
    for (shape, pairs), p, mode in itertools.product(_empty_shapes(), (0, 1), ("reflect", "replicate", "circular")):
        got = attempt(F.pad, torch.zeros(shape), (p,) * (2 * pairs), mode=mode)
        if mode == "circular":
            accepted = all(p <= n for n in shape[-pairs:])
            seen["circular empty"] += accepted and 0 in shape
        else:
            batched = len(shape) == pairs + 2
            accepted = 0 not in shape[batched:]
            seen["batch empty"] += accepted and 0 in shape
        seen["refused"] += not accepted
        assert isinstance(got, torch.Tensor) == accepted, (mode, shape, p, got)
        assert isinstance(F.pad(torch.zeros(shape), (p,) * (2 * pairs)), torch.Tensor)  # the fix: 'constant'
    assert all(seen.values()), seen


def test_circular_mixed_rule_against_torch():
    rule(
        "circular_mixed",
        "Circular padding wraps what the crop on the other side of the dimension leaves, so one side adds at most that "
        "many cells: CircularPad1d((1, -1)) on 5 cells works. In torch 2.13 more is refused when the crop leaves at "
        "least one cell and every dimension in front of the padded one holds one cell, and a crop of more than the "
        "whole dimension may be refused; otherwise torch returns cells it never wrote. Pad first, then crop, in two "
        "calls.",
    )
    assert nn.CircularPad1d((1, -1))(torch.arange(5.0).reshape(1, 5)).tolist() == [[3.0, 0.0, 1.0, 2.0, 3.0]]
    seen = {"wraps": 0, "refused": 0, "unwritten": 0, "past whole refused": 0, "past whole taken": 0}
    fronts = ((1, 1), (1, 2), (2, 1), (1, 3))  # the dimensions in front of the padded one
    for front, behind, n, p, c, side in itertools.product(
        fronts, ((), (2,)), range(1, 6), range(1, 6), range(1, 8), ("left", "right")
    ):
        if p > n:
            continue  # more than the input size: another family's rule (circular_limit)
        x = torch.arange(1.0, 1 + torch.Size((*front, n, *behind)).numel()).reshape(*front, n, *behind)
        amounts = (p, -c) if side == "left" else (-c, p)
        if behind:
            amounts = (0, 0, *amounts)
        got = attempt(F.pad, x, amounts, mode="circular")
        left = n - c
        if c > n:
            seen["past whole refused" if isinstance(got, Exception) else "past whole taken"] += 1
            continue
        if left == 0:
            assert isinstance(got, torch.Tensor), (front, behind, n, p, c, side)
            continue
        axis = len(front)
        kept = x.narrow(axis, 0, left) if side == "left" else x.narrow(axis, c, left)  # what the crop leaves
        if p <= left:
            want = F.pad(kept, amounts[:-2] + ((p, 0) if side == "left" else (0, p)), mode="circular")
            assert isinstance(got, torch.Tensor) and torch.equal(got, want), (front, behind, n, p, c, side)
            seen["wraps"] += 1
        elif all(v == 1 for v in front):
            assert isinstance(got, Exception), (front, behind, n, p, c, side)
            seen["refused"] += 1
        else:
            assert isinstance(got, torch.Tensor), (front, behind, n, p, c, side)
            order = [(j - p) % left for j in range(p + left)] if side == "left" else [j % left for j in range(left + p)]
            seen["unwritten"] += not torch.equal(got, kept.index_select(axis, torch.tensor(order)))
    assert all(seen.values()), seen


def _transposed_grid():
    """(input, kernel, stride, padding) per dimension, 1-d to 3-d, many with an output of 0 or less somewhere."""
    yield from itertools.product(((1,), (2,), (3,)), ((1,), (3,), (5,)), ((1,), (2,)), ((0,), (1,), (2,), (3,)))
    yield from itertools.product(
        ((7, 2), (2, 3)), ((5, 5), (3, 3), (5, 1), (4, 4)), ((1, 1), (2, 1)), ((0, 0), (3, 3), (2, 1), (1, 3), (4, 4))
    )
    yield from itertools.product(((2, 7, 2),), ((3, 5, 5), (1, 1, 1)), ((1, 1, 1),), ((0, 3, 3), (1, 0, 0), (2, 2, 2)))


def test_transposed_too_small_rule_against_torch():
    rule(
        "transposed_too_small",
        "A transposed output is (i − 1)·s − 2p + d·(k − 1) + a + 1: padding crops it. Torch refuses a size below 0 in "
        "any dimension. A size of 0 is refused too, except in float32 on the CPU when torch picks its oneDNN path (by "
        "the sizes: a kernel larger than 3 × 3, a batch above 1 or a large input), which returns an empty tensor; "
        "python -m convdocs shape --transposed says which.",
    )
    seen = {"negative": 0, "zero refused": 0, "empty": 0, "fits": 0}
    before = torch.get_num_threads()
    torch.set_num_threads(2)  # the path torch picks depends on it too; the test workers run with one thread
    try:
        _transposed_grid_against_torch(seen, torch.get_num_threads())
    finally:
        torch.set_num_threads(before)
    assert all(seen.values()), seen


def _transposed_grid_against_torch(seen: dict, threads: int) -> None:
    for (size, kernel, stride, padding), batch, dtype in itertools.product(
        _transposed_grid(), (1, 2), (torch.float32, torch.float64)
    ):
        n = len(size)
        out = [(i - 1) * s - 2 * p + k for i, s, p, k in zip(size, stride, padding, kernel)]
        layer = getattr(nn, f"ConvTranspose{n}d")(1, 1, kernel, stride=stride, padding=padding, bias=False).to(dtype)
        with torch.no_grad():
            got = attempt(layer, torch.zeros(batch, 1, *size, dtype=dtype))
        if min(out) < 0:
            assert isinstance(got, Exception), (size, kernel, stride, padding)
            seen["negative"] += 1
        elif min(out) >= 1:
            assert isinstance(got, torch.Tensor) and list(got.shape[2:]) == out
            seen["fits"] += 1
        else:
            dtype_name = str(dtype).removeprefix("torch.")
            ours = empty_output_allowed(size, kernel, stride, (1,) * n, (0,) * n, batch=batch, dtype=dtype_name)
            if isinstance(got, torch.Tensor):  # only float32, on the path the sizes pick
                assert list(got.shape[2:]) == out and got.numel() == 0 and dtype == torch.float32
                kh, kw = ((1,) + kernel)[-2:]
                assert (kh > 3 and kw > 3) or batch > 1, (size, kernel, batch)
                seen["empty"] += 1
            else:
                seen["zero refused"] += 1
            if threads > 1:
                assert ours == isinstance(got, torch.Tensor), (size, kernel, stride, padding, batch, dtype)

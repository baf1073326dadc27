"""Shape arithmetic of PyTorch convolutions, in pure Python.

No torch, no matplotlib: this module is the bottom layer. It answers, for
``Conv1d/2d/3d`` and ``ConvTranspose1d/2d/3d``, what PyTorch 2.13 answers:
the output size, the padding applied on each side, which input cells each
output cell reads, and whether the configuration is accepted at all.

>>> conv = check(input=(7, 7), kernel=3, stride=2, padding=1)
>>> conv.output
(4, 4)
>>> conv.pads
((1, 1), (1, 1))
>>> check(input=(7, 7), kernel=4, padding="same").pads
((1, 2), (1, 2))
"""

from __future__ import annotations

from typing import Any, cast

from convdocs.core.conv_aten import aten, check_int64
from convdocs.core.conv_cells import Conv
from convdocs.core.conv_pad import fpad, fpad_amounts
from convdocs.core.errors import ConvError, torch_error
from convdocs.core.ints import as_int, int_args, int_seq, is_int, ntuple, one_or_tuple
from convdocs.core.words import say

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
PADDING_STRINGS = ("same", "valid")


def check(
    input: Any,
    kernel: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
    transposed: bool = False,
    output_padding: Any = 0,
    *,
    batch: int = 1,
    channels: int = 1,
    dtype: str = "float32",
    threads: int = 2,
) -> Conv:
    """Validate a configuration as PyTorch 2.13 would and work out its output.

    ``input`` is the spatial size (no batch or channel): an int for 1-d, or a
    tuple of 1 to 3 ints. Raises [`ConvError`][convdocs.core.errors.ConvError] for anything PyTorch rejects,
    with PyTorch's own text (batch and channels taken as 1) and convdocs' explanation.
    The checks run in the order torch runs them: building the layer, then calling it.
    ``batch``, ``channels``, ``dtype`` and ``threads`` (torch.get_num_threads()) matter in one case only:
    a transposed convolution whose output has a size of 0, which torch's CPU oneDNN path returns as an
    empty tensor and its native path refuses (see `empty_output_allowed`).

    ```pycon
    >>> check(input=(5, 5), kernel=3, padding=1).output
    (5, 5)
    >>> check(input=7, kernel=3, stride=2, padding="same")
    Traceback (most recent call last):
    ...
    convdocs.core.errors.ConvError: PyTorch: ValueError: padding='same' is not supported for strided convolutions — convdocs: 'same' needs stride 1 in every dimension: with stride 2 the padding that keeps the size would depend on the input size

    ```
    """
    size: tuple[int, ...] | None = (
        (cast(int, as_int(input, bool_ok=True)),) if is_int(input, True) else int_seq(input, bool_ok=True)
    )
    if size is None or not 1 <= len(size) <= 3:
        raise ConvError(say("common.own.input_must_1_3_integer", input=repr(input)))
    n = len(size)
    k, s, d, op = (
        ntuple(int_args(name, v), n)
        for name, v in (
            ("kernel", kernel),
            ("stride", stride),
            ("dilation", dilation),
            ("output_padding", output_padding),
        )
    )
    p = padding if isinstance(padding, str) else ntuple(int_args("padding", padding), n)
    # 1. Building the layer (nn.ConvNd.__init__).
    if transposed and padding_mode != "zeros":
        raise torch_error(f"transposed_mode/{n}", [], mode=padding_mode)
    if isinstance(p, str) and not transposed:
        if p not in PADDING_STRINGS:
            raise torch_error("padding_string_unknown", [p], padding=p, n=n)
        if p == "same" and any(v != 1 for v in s):
            raise torch_error("same_strided", [], stride=one_or_tuple(s))
    if padding_mode not in PADDING_MODES:
        raise torch_error("padding_mode_unknown", [padding_mode], mode=padding_mode)
    if min(k) < 0:
        raise ConvError(say("conv.own.kernel_sizes_must_at_least", kernel=one_or_tuple(k)))
    # 2. Calling it (forward). Sizes, kernels or dilations below 1 reach different torch backends, each
    # with its own wording: convdocs says what is wrong in its own words (and does not quote torch).
    for name, values in (("input sizes", size), ("kernel sizes", k), ("dilation", d)):
        if min(values) < 1:
            raise ConvError(say("conv.own.must_at_least_1_pytorch", name=name, values=one_or_tuple(values)))
    check_int64(size, k, s, p, d, op)
    if transposed:
        if isinstance(p, str):
            raise torch_error(f"transposed_string/{n}", [5, 0], padding=p)
        return aten(
            size,
            k,
            s,
            p,
            d,
            op,
            transposed=True,
            backend=dict(batch=batch, channels=channels, dtype=dtype, threads=threads),
        )
    if padding_mode == "zeros":
        conv = aten(size, k, s, p, d, (0,) * n, transposed=False)
        return Conv(
            size,
            conv.kernel,
            conv.stride,
            p,
            conv.dilation,
            "zeros",
            False,
            conv.output_padding,
            conv.pads,
            conv.output,
        )
    pads = fpad_amounts(p, k, d, n)
    channels, *padded = fpad(size, pads, padding_mode)
    conv = aten(tuple(padded), k, s, (0,) * n, d, (0,) * n, transposed=False, channels=channels, count=len(pads))
    pads = tuple(pads[len(pads) - n :]) if len(pads) > n else pads  # a leading pair padded the channels (by 0)
    return Conv(
        size, conv.kernel, conv.stride, p, conv.dilation, padding_mode, False, conv.output_padding, pads, conv.output
    )


def formula(conv: Conv, axis: int) -> str:
    """The output-size formula for one dimension, worked through with this configuration's numbers.

    A transposed layer's d·(k − 1) keeps its product form even when d = 1:

    ```pycon
    >>> formula(check(input=(4,), kernel=3, stride=2, padding=1, transposed=True), 0)
    '(4 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 7'

    ```

    ```pycon
    >>> formula(check(input=(7, 7), kernel=3, stride=2, padding=1), 0)
    '⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4'
    >>> formula(check(input=(7,), kernel=4, padding="same"), 0)
    '⌊(7 + 1 + 2 − 4) / 1⌋ + 1 = 7'

    ```
    """
    i, k, s, d = conv.input[axis], conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    lo, hi = conv.pads[axis]
    if conv.transposed:
        a = conv.output_padding[axis]
        dk = f"{d}·({k} − 1)"  # never "3 − 1": after a plus sign it would read as "+3 − 1"
        return f"({i} − 1)·{s} − 2·{lo} + {dk} + {a} + 1 = {conv.output[axis]}"
    pad = f"2·{lo}" if lo == hi else f"{lo} + {hi}"
    if d == 1:
        return f"⌊({i} + {pad} − {k}) / {s}⌋ + 1 = {conv.output[axis]}"
    return f"⌊({i} + {pad} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = {conv.output[axis]}"

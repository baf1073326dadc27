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

import itertools
from dataclasses import dataclass

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
PADDING_STRINGS = ("same", "valid")
DIMENSION_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


class ConvError(ValueError):
    """A configuration PyTorch rejects, or input convdocs cannot read. The message is one line.

    When PyTorch rejects it, ``torch_type`` and ``torch_text`` hold what torch says (from the catalogue
    captured from torch, see :mod:`convdocs.torch_text`) and the message is torch's text followed by
    convdocs' explanation; otherwise both are None and the message is convdocs' own.
    """

    def __init__(self, message: str, torch_type: str | None = None, torch_text: str | None = None):
        super().__init__(message)
        self.torch_type, self.torch_text = torch_type, torch_text


def _torch_error(key: str, numbers: list, **fields) -> ConvError:
    from convdocs import torch_text

    return ConvError(torch_text.message(key, numbers, **fields), torch_text.MESSAGES[key]["type"],
                     torch_text.torch_text(key, numbers))


@dataclass(frozen=True)
class Conv:
    """A validated convolution configuration, every per-dimension value spelled out."""

    input: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...] | str
    dilation: tuple[int, ...]
    padding_mode: str
    transposed: bool
    output_padding: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]
    output: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.input)

    @property
    def padded(self) -> tuple[int, ...]:
        """Size of the input after padding (convolution), per dimension."""
        return tuple(i + lo + hi for i, (lo, hi) in zip(self.input, self.pads))

    @property
    def span(self) -> tuple[int, ...]:
        """Dilated kernel extent d·(k − 1) + 1, per dimension."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel, self.dilation))

    def reads(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Input cells (input coordinates; negative or ≥ size means a padding cell) that output ``cell`` reads.

        For a transposed convolution: the input cells that contribute to output ``cell``.
        """
        _check_cell(cell, self.output, "output")
        per_dim = [_reads_1d(self, axis, o) for axis, o in enumerate(cell)]
        return list(itertools.product(*per_dim))

    def grid(self, axis: int) -> range:
        """Cell indices along ``axis`` in input coordinates, padding included (convolution only pads)."""
        lo, hi = (0, 0) if self.transposed else self.pads[axis]
        return range(-lo, self.input[axis] + hi)

    def unread(self) -> list[tuple[int, ...]]:
        """Cells of the (padded) input that no output cell reads: the stride floor drops them, dilation can skip them."""
        skipped = []
        for axis in range(self.ndim):
            read = {i for o in range(self.output[axis]) for i in _reads_1d(self, axis, o)}
            skipped.append({i for i in self.grid(axis) if i not in read})
        cells = itertools.product(*(self.grid(axis) for axis in range(self.ndim)))
        return [c for c in cells if any(v in skipped[axis] for axis, v in enumerate(c))]

    def source(self, cell: tuple[int, ...]) -> tuple[int, ...] | None:
        """The input cell whose value a padded cell holds under this padding mode; None for a zero.

        >>> check(input=(4,), kernel=3, padding=2, padding_mode="reflect").source((-2,))
        (2,)
        """
        return _source(cell, self.input, self.padding_mode)

    def read_by(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Output cells that read input ``cell`` (input coordinates)."""
        per_dim = []
        for axis, i in enumerate(cell):
            per_dim.append([o for o in range(self.output[axis]) if i in _reads_1d(self, axis, o)])
        return list(itertools.product(*per_dim))


def _reads_1d(conv: Conv, axis: int, o: int) -> list[int]:
    k, s, d = conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    if not conv.transposed:
        start = o * s - conv.pads[axis][0]
        return [start + j * d for j in range(k)]
    p, size = conv.pads[axis][0], conv.input[axis]
    # output o = i·s − p + j·d: input i feeds o through tap j.
    return sorted(
        (o + p - j * d) // s for j in range(k) if (o + p - j * d) % s == 0 and 0 <= (o + p - j * d) // s < size
    )


def _source(cell, size, mode):
    out = []
    for i, n in zip(cell, size):
        if 0 <= i < n:
            out.append(i)
        elif mode == "zeros":
            return None
        elif mode == "replicate":
            out.append(min(max(i, 0), n - 1))
        elif mode == "circular":
            out.append(i % n)
        else:  # reflect: mirror about the edge cell, which is not repeated
            out.append(-i if i < 0 else 2 * (n - 1) - i)
    return tuple(out)


def _check_cell(cell, shape, what):
    if len(cell) != len(shape) or not all(0 <= c < n for c, n in zip(cell, shape)):
        raise ConvError(f"{what} cell {tuple(cell)} is outside the {what} of size {tuple(shape)}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _per_dim(name: str, value, ndim: int, *, allow_one: bool = True) -> tuple[int, ...]:
    """An int, or a tuple of ``ndim`` ints (or a 1-tuple when ``allow_one``), for callers outside ``check``."""
    if _is_int(value):
        return (value,) * ndim
    if isinstance(value, (tuple, list)) and all(_is_int(v) for v in value):
        if len(value) == ndim:
            return tuple(value)
        if len(value) == 1 and allow_one:
            return tuple(value) * ndim
        allowed = f"one integer or {ndim}" + (" (or a 1-tuple)" if allow_one else "")
        raise ConvError(f"{name} has {len(value)} values for a {ndim}-d input: give {allowed}")
    raise ConvError(f"{name} must be an integer or a tuple of {ndim} integers, not {value!r}")


def _ints(name: str, value):
    """An int or a non-empty sequence of ints, as given (torch expands an int to every dimension)."""
    if _is_int(value):
        return value
    if isinstance(value, (tuple, list)) and value and all(_is_int(v) for v in value):
        return tuple(value)
    raise ConvError(f"{name} must be an integer or a tuple of integers, not {value!r}")


def _ntuple(value, n: int) -> tuple:
    """torch's ``_ntuple``: an int becomes n copies; a sequence (a string too) is kept as it is."""
    return (value,) * n if _is_int(value) else tuple(value)


def _expand(values: tuple, name: str, dim: int) -> tuple[int, ...]:
    """ATen's ``expand_param_if_needed``: one value serves every dimension, else exactly ``dim`` values."""
    if len(values) == 1:
        return values * dim
    if len(values) != dim:
        raise _torch_error("param_length/" + name, [dim, list(values)], name=name, count=len(values), dim=dim)
    return values


def _half(total: int) -> int:
    """C++ integer division by 2 (rounds toward zero, as ATen does)."""
    return -(-total // 2) if total < 0 else total // 2


def _names(n: int) -> str:
    return ", ".join(DIMENSION_NAMES[n])


def _fmt(values) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def dims(shape, sep: str = " × ") -> str:
    """A shape as people write it: ``dims((9, 7)) == "9 × 7"``; figures use the tighter ``sep="×"``."""
    return sep.join(map(str, shape))


def same_pads(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's split of ``padding='same'``: total d·(k − 1), the odd one out on the right/bottom."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


def check(
    input,
    kernel,
    stride=1,
    padding=0,
    dilation=1,
    padding_mode: str = "zeros",
    transposed: bool = False,
    output_padding=0,
) -> Conv:
    """Validate a configuration as PyTorch 2.13 would and work out its output.

    ``input`` is the spatial size (no batch or channel): an int for 1-d, or a
    tuple of 1 to 3 ints. Raises :class:`ConvError` for anything PyTorch rejects,
    with PyTorch's own text (batch and channels taken as 1) and convdocs' explanation.
    The checks run in the order torch runs them: building the layer, then calling it.

    >>> check(input=(5, 5), kernel=3, padding=1).output
    (5, 5)
    >>> check(input=7, kernel=3, stride=2, padding="same")
    Traceback (most recent call last):
    ...
    convdocs.geometry.ConvError: PyTorch: ValueError: padding='same' is not supported for strided convolutions — convdocs: 'same' needs stride 1 in every dimension: with stride 2 the padding that keeps the size would depend on the input size
    """
    size = (input,) if _is_int(input) else input
    if not isinstance(size, (tuple, list)) or not 1 <= len(size) <= 3 or not all(_is_int(v) for v in size):
        raise ConvError(f"input must be 1 to 3 integer sizes, not {input!r}")
    size = tuple(size)
    n = len(size)
    k, s, d, op = (_ntuple(_ints(name, v), n) for name, v in
                   (("kernel", kernel), ("stride", stride), ("dilation", dilation), ("output_padding", output_padding)))
    p = padding if isinstance(padding, str) else _ntuple(_ints("padding", padding), n)
    # 1. Building the layer (nn.ConvNd.__init__).
    if transposed and padding_mode != "zeros":
        raise _torch_error(f"transposed_mode/{n}", [], mode=padding_mode)
    if isinstance(p, str) and not transposed:
        if p not in PADDING_STRINGS:
            raise _torch_error("padding_string_unknown", [p], padding=p, n=n)
        if p == "same" and any(v != 1 for v in s):
            raise _torch_error("same_strided", [], stride=_fmt(s))
    if padding_mode not in PADDING_MODES:
        raise _torch_error("padding_mode_unknown", [padding_mode], mode=padding_mode)
    if min(k) < 0:
        raise ConvError(f"kernel sizes must be at least 0 for torch to build the layer, got {_fmt(k)}")
    # 2. Calling it (forward). Sizes, kernels or dilations below 1 reach different torch backends, each
    # with its own wording: convdocs says what is wrong in its own words (and does not quote torch).
    for name, values in (("input sizes", size), ("kernel sizes", k), ("dilation", d)):
        if min(values) < 1:
            raise ConvError(f"{name} must be at least 1, got {_fmt(values)} (PyTorch refuses it too, in words "
                            "that depend on which of its backends runs)")
    if transposed:
        if isinstance(p, str):
            raise _torch_error(f"transposed_string/{n}", [5, 0], padding=p)
        return _aten(size, k, s, p, d, op, transposed=True)
    if padding_mode == "zeros":
        conv = _aten(size, k, s, p, d, (0,) * n, transposed=False)
        return Conv(size, conv.kernel, conv.stride, p, conv.dilation, "zeros", False, conv.output_padding,
                    conv.pads, conv.output)
    pads = _fpad_amounts(p, k, d, n)
    channels, *padded = _fpad(size, pads, padding_mode)
    conv = _aten(tuple(padded), k, s, (0,) * n, d, (0,) * n, transposed=False, channels=channels, count=len(pads))
    pads = tuple(pads[len(pads) - n:]) if len(pads) > n else pads  # a leading pair padded the channels (by 0)
    return Conv(size, conv.kernel, conv.stride, p, conv.dilation, padding_mode, False, conv.output_padding,
                pads, conv.output)


def _fpad_amounts(p, k, d, n) -> tuple[tuple[int, int], ...]:
    """The (before, after) pairs nn.ConvNd hands F.pad for a mode other than zeros, first dimension first.

    torch builds them in ``__init__`` (``_reversed_padding_repeated_twice``): integers repeated, 'same' split
    with the odd cell after; it zips dilation with the kernel, so a 1-tuple dilation pads only the first
    dimension.
    """
    if isinstance(p, str):
        pads = [(0, 0)] * len(k)
        if p == "same":
            for axis, (kk, dd) in enumerate(zip(k, d)):
                pads[axis] = same_pads(kk, dd)
        return tuple(pads)
    return tuple((v, v) for v in p)


def _fpad(size, pads, mode) -> tuple[int, ...]:
    """F.pad(x, ..., mode) on an input of [1, 1, *size]: the new channels and spatial size, or torch's refusal."""
    n, m = len(size), len(pads)
    shape = (1, 1, *size)
    ndim = n + 2
    if not ((m == 1 and ndim in (2, 3)) or (m == 2 and ndim in (3, 4)) or (m == 3 and ndim in (4, 5))):
        raise _torch_error("pad_size_unsupported", [2 * m, ndim], mode=mode, n=n, count=m, n_torch=ndim)
    first = ndim - m  # pads[j] applies to torch's dimension first + j
    new = list(shape)
    for j, (lo, hi) in enumerate(pads):
        new[first + j] = shape[first + j] + lo + hi

    def fields(j):
        dim = first + j
        return dict(pad=_fmt(pads[j]), name=_dim_name(dim, n), size=shape[dim], left=new[dim], names=_names(n))

    if mode == "circular":
        for j, (lo, hi) in enumerate(pads):
            if lo > shape[first + j] or hi > shape[first + j]:
                raise _torch_error("circular_wraps", [], **fields(j))
            if new[first + j] < 0:
                raise _torch_error("circular_empty", [], **fields(j))
        return tuple(new[1:])
    if mode == "reflect":
        for j in reversed(range(m)):  # torch checks the last dimension first
            dim, (lo, hi) = first + j, pads[j]
            if lo >= shape[dim] or hi >= shape[dim]:
                raise _torch_error("reflect_too_large", [2 * (m - 1 - j) + 4, lo, hi, dim, list(shape)],
                                   dim=dim, **fields(j))
    if all(v < 1 for v in new[first:]):
        worst = min(range(m), key=lambda j: new[first + j])
        raise _torch_error(f"{mode}_too_small/{m}", list(shape[first:]) + list(new[first:]), **fields(worst))
    if min(new) < 0:
        worst = min(j for j in range(m) if new[first + j] < 0)
        if mode == "reflect":  # torch's wording depends on which reflection kernel runs
            raise ConvError("negative padding crops: padding {pad} on the {name} of size {size} leaves {left} "
                            "(PyTorch refuses it too, in words that depend on the dimensions)".format(**fields(worst)))
        raise _torch_error("negative_dimension", [new[first + worst], list(new)], **fields(worst))
    return tuple(new[1:])


def _dim_name(dim: int, n: int) -> str:
    """torch's dimension ``dim`` of [batch, channels, *spatial], named."""
    return ("batch", "channels", *DIMENSION_NAMES[n])[dim]


def _aten(size, k, s, p, d, op, transposed: bool, channels: int = 1, count: int = 0) -> Conv:
    """ATen's convolution on an input of [1, channels, *size] with a weight of [1, 1, *k]."""
    n, dim = len(size), len(k)
    if p == "same":  # _convolution_same
        if dim != n:
            raise _torch_error("weight_dims", [dim + 2, dim + 2, [1, 1, *k], n + 2, [1, 1, *size]], kdim=dim, n=n)
        for name, values in (("stride", s), ("dilation", d)):
            if len(values) not in (1, dim):
                raise _torch_error("same_broadcast/" + name, [dim], name=name, count=len(values), dim=dim)
        s, d = _expand(s, "stride", dim), _expand(d, "dilation", dim)
        left = [_half(dd * (kk - 1)) for kk, dd in zip(k, d)]
        right = [dd * (kk - 1) - lo for kk, dd, lo in zip(k, d, left)]
        sized = list(size)
        for axis in range(dim):
            delta = right[axis] - left[axis]
            sized[axis] += abs(delta) if delta > 0 else delta
            if delta < 0:
                left[axis] = right[axis]
        conv = _aten(tuple(sized), k, s, tuple(left), d, (0,) * n, transposed=False)
        pads = tuple(same_pads(kk, dd) for kk, dd in zip(k, d))
        return Conv(size, conv.kernel, conv.stride, "same", conv.dilation, "zeros", False, conv.output_padding,
                    pads, conv.output)
    if p == "valid":  # _convolution_mode: one 0 serves every dimension, padding and output_padding alike
        p, op = (0,), (0,)
    s, p, d = _expand(s, "stride", dim), _expand(p, "padding", dim), _expand(d, "dilation", dim)
    op = _expand(op, "output_padding", dim)
    if min(p) < 0:
        raise _torch_error("negative_padding", [], padding=_fmt(p))
    if min(op) < 0:
        raise _torch_error("negative_output_padding", [], output_padding=_fmt(op))
    if min(s) < 1:
        raise _torch_error("nonpositive_stride", [], stride=_fmt(s))
    if dim != n:
        raise _torch_error("weight_dims_aten", [dim + 2, dim + 2, [1, 1, *k], n + 2, [1, channels, *size]],
                           kdim=dim, n=n)
    if channels != 1:  # a mode other than zeros with one padding too many padded torch's channel dimension
        raise _torch_error("channels_mismatch", [1, [1, 1, *k], [1, channels, *size], 1, channels],
                           count=count, n=n, channels=channels)
    if not transposed:
        padded = tuple(i + 2 * pp for i, pp in zip(size, p))
        span = tuple(dd * (kk - 1) + 1 for kk, dd in zip(k, d))
        if any(sp > pd for sp, pd in zip(span, padded)):
            raise _torch_error(f"kernel_too_large/{n}", [*padded, *span], span=dims(span), padded=dims(padded))
        output = tuple((pd - sp) // ss + 1 for pd, sp, ss in zip(padded, span, s))
        return Conv(size, k, s, p, d, "zeros", False, op, tuple((v, v) for v in p), output)
    for axis, (a, ss, dd) in enumerate(zip(op, s, d)):
        if a >= ss and a >= dd:
            raise _torch_error(f"output_padding_too_large/{n}", [*_as_2d(op, 0), *_as_2d(s, 1), *_as_2d(d, 1)],
                               output_padding=a, stride=ss, dilation=dd, name=DIMENSION_NAMES[n][axis], note=_note(n))
    output = tuple((i - 1) * ss - 2 * pp + dd * (kk - 1) + a + 1 for i, ss, pp, dd, kk, a in zip(size, s, p, d, k, op))
    if min(output) < 1 and n == 3:  # ConvTranspose3d: torch's words (or an empty output) depend on its backend
        raise ConvError(f"output size would be {_fmt(output)}: it must be at least 1 (less padding, or a larger "
                        "input)")
    if min(output) < 1:
        raise _torch_error(f"transposed_output_too_small/{n}", [*_as_2d(size, 1), *_as_2d(output, 1)],
                           output=dims(output), note=_note(n))
    return Conv(size, k, s, p, d, "zeros", True, op, tuple((v, v) for v in p), output)


def _as_2d(values, pad_value) -> list:
    """torch runs a 1-d convolution as a 2-d one of height 1: its messages show that first value."""
    return [pad_value, *values] if len(values) == 1 else list(values)


def _note(n: int) -> str:
    from convdocs.torch_text import ONE_D

    return ONE_D if n == 1 else ""


def formula(conv: Conv, axis: int) -> str:
    """The output-size formula for one dimension, worked through with this configuration's numbers.

    >>> formula(check(input=(7, 7), kernel=3, stride=2, padding=1), 0)
    '⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4'
    >>> formula(check(input=(7,), kernel=4, padding="same"), 0)
    '⌊(7 + 1 + 2 − 4) / 1⌋ + 1 = 7'
    """
    i, k, s, d = conv.input[axis], conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    lo, hi = conv.pads[axis]
    if conv.transposed:
        a = conv.output_padding[axis]
        dk = f"{k} − 1" if d == 1 else f"{d}·({k} − 1)"
        return f"({i} − 1)·{s} − 2·{lo} + {dk} + {a} + 1 = {conv.output[axis]}"
    pad = f"2·{lo}" if lo == hi else f"{lo} + {hi}"
    if d == 1:
        return f"⌊({i} + {pad} − {k}) / {s}⌋ + 1 = {conv.output[axis]}"
    return f"⌊({i} + {pad} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = {conv.output[axis]}"

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
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
PADDING_STRINGS = ("same", "valid")
DIMENSION_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


class ConvError(ValueError):
    """A configuration PyTorch rejects, or input convdocs cannot read. The message is one line.

    When PyTorch rejects it, ``torch_type`` and ``torch_text`` hold what torch says (from the catalogue
    captured from torch, see `convdocs.core.torch_text`) and the message is torch's text followed by
    convdocs' explanation; otherwise both are None and the message is convdocs' own.
    """

    def __init__(self, message: str, torch_type: str | None = None, torch_text: str | None = None):
        super().__init__(message)
        self.torch_type, self.torch_text = torch_type, torch_text


def _torch_error(key: str, numbers: list[Any], **fields: Any) -> ConvError:
    from convdocs.core import torch_text

    return ConvError(
        torch_text.message(key, numbers, **fields),
        torch_text.MESSAGES[key]["type"],
        torch_text.torch_text(key, numbers),
    )


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
    def empty(self) -> bool:
        """True when the output has a size of 0 (torch returns an empty tensor: see :func:`empty_output_allowed`)."""
        return 0 in self.output

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
            read = _read_along(self, axis)
            skipped.append({i for i in self.grid(axis) if i not in read})
        cells = itertools.product(*(self.grid(axis) for axis in range(self.ndim)))
        return [c for c in cells if any(v in skipped[axis] for axis, v in enumerate(c))]

    def source(self, cell: tuple[int, ...]) -> tuple[int, ...] | None:
        """The input cell whose value a padded cell holds under this padding mode; None for a zero.

        ```pycon
        >>> check(input=(4,), kernel=3, padding=2, padding_mode="reflect").source((-2,))
        (2,)

        ```
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
    # output o = i·s − p + j·d: input i feeds o through tap j. Loop over the shorter of taps and inputs.
    if size < k:
        return [
            i for i in range(size) if (o + p - i * s) >= 0 and (o + p - i * s) % d == 0 and (o + p - i * s) // d < k
        ]
    return sorted(
        (o + p - j * d) // s for j in range(k) if (o + p - j * d) % s == 0 and 0 <= (o + p - j * d) // s < size
    )


def _read_along(conv: Conv, axis: int) -> set[int]:
    """The cells along ``axis`` (input coordinates) that some output cell reads, in time linear in the grid.

    Same answer as the union of ``_reads_1d`` over every output cell, without its output × kernel loop.
    """
    k, s, d, out = conv.kernel[axis], conv.stride[axis], conv.dilation[axis], conv.output[axis]
    if conv.transposed:  # input i feeds outputs i·s − p + j·d, j < k: is one of them in [0, out)?
        p, read = conv.pads[axis][0], set()
        for i in range(conv.input[axis]):
            t = i * s - p
            j = max(0, -(t // d))  # the first tap with t + j·d ≥ 0
            if j < k and t + j * d < out:
                read.add(i)
        return read
    lo, size = conv.pads[axis][0], conv.padded[axis]
    if out == 0:
        return set()
    # Tap j reads padded positions j·d + s·o, o < out: per residue of j·d mod s, a run of units [q, q + out).
    marks, runs = bytearray(size), dict[int, tuple[int, int]]()
    for j in range(k):
        c, q = divmod(j * d, s)[::-1]
        start, end = runs.get(c, (q, q))
        if q > end:
            marks[c + s * start : c + s * end : s] = b"\x01" * (end - start)
            start = q
        runs[c] = (start, max(end, q + out))
    for c, (start, end) in runs.items():
        marks[c + s * start : c + s * end : s] = b"\x01" * (end - start)
    return {y - lo for y, m in enumerate(marks) if m}


def _source(cell: Sequence[int], size: Sequence[int], mode: str) -> tuple[int, ...] | None:
    out: list[int] = []
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


def _check_cell(cell: Sequence[int], shape: Sequence[int], what: str) -> None:
    if len(cell) != len(shape) or not all(0 <= c < n for c, n in zip(cell, shape)):
        raise ConvError(f"{what} cell {tuple(cell)} is outside the {what} of size {tuple(shape)}")


INT64_MAX = 2**63 - 1  # PyTorch's sizes and layer arguments are C++ int64_t
INT64_MIN = -(2**63)


def _as_int(value: Any, *, bool_ok: bool = False) -> int | None:
    """``value`` as an int if PyTorch takes it as one, else None.

    PyTorch takes ints, numpy integers and anything else with ``__index__``; it iterates anything
    iterable (a 0-d tensor or array fails there); a bool only as a size (kernel, input), not as a stride,
    padding, dilation or output_padding.
    """
    if isinstance(value, bool):
        return int(value) if bool_ok else None
    if isinstance(value, (str, bytes, Iterable)):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def _is_int(value: Any, bool_ok: bool = False) -> bool:
    return _as_int(value, bool_ok=bool_ok) is not None


def _int_seq(value: Any, bool_ok: bool = False) -> tuple[int, ...] | None:
    """A sequence of ints as PyTorch reads one (any iterable but a string), or None."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return None
    try:
        items = tuple(value)
    except TypeError:
        return None
    ints = tuple(_as_int(v, bool_ok=bool_ok) for v in items)
    return None if None in ints else cast(tuple[int, ...], ints)


def _per_dim(name: str, value: Any, ndim: int, *, allow_one: bool = True) -> tuple[int, ...]:
    """An int, or a tuple of ``ndim`` ints (or a 1-tuple when ``allow_one``), for callers outside ``check``."""
    if _is_int(value):
        return (cast(int, _as_int(value)),) * ndim
    if _int_seq(value) is not None:
        value = _int_seq(value)
        if len(value) == ndim:
            return tuple(value)
        if len(value) == 1 and allow_one:
            return tuple(value) * ndim
        allowed = f"one integer or {ndim}" + (" (or a 1-tuple)" if allow_one else "")
        raise ConvError(f"{name} has {len(value)} values for a {ndim}-d input: give {allowed}")
    raise ConvError(f"{name} must be an integer or a tuple of {ndim} integers, not {value!r}")


def _ints(name: str, value: Any) -> Any:
    """An int or a non-empty sequence of ints, as given (torch expands an int to every dimension).

    Ints as torch takes them (numpy integers, ``__index__``); a bool only for the kernel size."""
    bool_ok = name == "kernel"
    if _is_int(value, bool_ok):
        return _as_int(value, bool_ok=bool_ok)
    ints = _int_seq(value, bool_ok)
    if ints:
        return ints
    raise ConvError(f"{name} must be an integer or a tuple of integers, not {value!r}")


def _ntuple(value: Any, n: int) -> tuple[Any, ...]:
    """torch's ``_ntuple``: an int becomes n copies; a sequence (a string too) is kept as it is."""
    return (value,) * n if _is_int(value) else tuple(value)


def _expand(values: tuple[Any, ...], name: str, dim: int) -> tuple[Any, ...]:
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


def _fmt(values: Any) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def dims(shape: Iterable[object], sep: str = " × ") -> str:
    """A shape as people write it: ``dims((9, 7)) == "9 × 7"``; figures use the tighter ``sep="×"``."""
    return sep.join(map(str, shape))


def article(words: str) -> str:
    """'a' or 'an' before ``words`` as read aloud: an 8 × 8, an 11, an 18, a 5, a length-5."""
    lead = words.split(" ")[0].split("×")[0]
    return "an" if lead.startswith("8") or (lead.isdigit() and len(lead) % 3 == 2 and lead[:2] in ("11", "18")) else "a"


def same_pads(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's split of ``padding='same'``: total d·(k − 1), the odd one out on the right/bottom."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


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
    tuple of 1 to 3 ints. Raises [`ConvError`][convdocs.core.conv.ConvError] for anything PyTorch rejects,
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
    convdocs.core.conv.ConvError: PyTorch: ValueError: padding='same' is not supported for strided convolutions — convdocs: 'same' needs stride 1 in every dimension: with stride 2 the padding that keeps the size would depend on the input size

    ```
    """
    size: tuple[int, ...] | None = (
        (cast(int, _as_int(input, bool_ok=True)),) if _is_int(input, True) else _int_seq(input, bool_ok=True)
    )
    if size is None or not 1 <= len(size) <= 3:
        raise ConvError(f"input must be 1 to 3 integer sizes, not {input!r}")
    n = len(size)
    k, s, d, op = (
        _ntuple(_ints(name, v), n)
        for name, v in (
            ("kernel", kernel),
            ("stride", stride),
            ("dilation", dilation),
            ("output_padding", output_padding),
        )
    )
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
            raise ConvError(
                f"{name} must be at least 1, got {_fmt(values)} (PyTorch refuses it too, in words "
                "that depend on which of its backends runs)"
            )
    _check_int64(size, k, s, p, d, op)
    if transposed:
        if isinstance(p, str):
            raise _torch_error(f"transposed_string/{n}", [5, 0], padding=p)
        return _aten(
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
        conv = _aten(size, k, s, p, d, (0,) * n, transposed=False)
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
    pads = _fpad_amounts(p, k, d, n)
    channels, *padded = _fpad(size, pads, padding_mode)
    conv = _aten(tuple(padded), k, s, (0,) * n, d, (0,) * n, transposed=False, channels=channels, count=len(pads))
    pads = tuple(pads[len(pads) - n :]) if len(pads) > n else pads  # a leading pair padded the channels (by 0)
    return Conv(
        size, conv.kernel, conv.stride, p, conv.dilation, padding_mode, False, conv.output_padding, pads, conv.output
    )


def _fpad_amounts(p: Any, k: tuple[int, ...], d: tuple[int, ...], n: int) -> tuple[tuple[int, int], ...]:
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


def _fpad(size: tuple[int, ...], pads: Any, mode: str) -> tuple[int, ...]:
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

    def fields(j: int) -> dict[str, Any]:
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
                raise _torch_error(
                    "reflect_too_large", [2 * (m - 1 - j) + 4, lo, hi, dim, list(shape)], dim=dim, **fields(j)
                )
    if all(v < 1 for v in new[first:]):
        worst = min(range(m), key=lambda j: new[first + j])
        raise _torch_error(f"{mode}_too_small/{m}", list(shape[first:]) + list(new[first:]), **fields(worst))
    if min(new) < 0:
        worst = min(j for j in range(m) if new[first + j] < 0)
        if mode == "reflect":  # torch's wording depends on which reflection kernel runs
            raise ConvError(
                "negative padding crops: padding {pad} on the {name} of size {size} leaves {left} "
                "(PyTorch refuses it too, in words that depend on the dimensions)".format(**fields(worst))
            )
        raise _torch_error("negative_dimension", [new[first + worst], list(new)], **fields(worst))
    return tuple(new[1:])


def _dim_name(dim: int, n: int) -> str:
    """torch's dimension ``dim`` of [batch, channels, *spatial], named."""
    return ("batch", "channels", *DIMENSION_NAMES[n])[dim]


INT32_MAX = 2**31 - 1
PADDING_MAX = 2**62 - 1  # torch: "Given padding=... expected padding to be at most 4611686018427387903"
FLOAT32_BYTES = 4
TRANSPOSED_INT32 = (
    "torch 2.13's CPU ConvTranspose kernels compute these in 32-bit integers, so it raises or gives a wrong size"
)


def _check_int64(size: Any, k: Any, s: Any, p: Any, d: Any, op: Any) -> None:
    """Refuse what does not fit PyTorch's 64-bit integers (torch raises on it or its arithmetic wraps around)."""
    values = {"input": size, "kernel": k, "stride": s, "dilation": d, "output_padding": op}
    if not isinstance(p, str):
        values["padding"] = p
    for name, vs in values.items():
        for v in vs:
            if not INT64_MIN <= v <= INT64_MAX:
                raise ConvError(
                    f"{name} {v} does not fit PyTorch's 64-bit integers "
                    f"({INT64_MIN} to {INT64_MAX}): torch refuses it (Overflow when unpacking long long)"
                )
    for name, shape in (("a kernel", k), ("an input", size)):  # torch builds the weight, then you the input
        cells = 1
        for v in shape:
            cells *= v
        if cells * FLOAT32_BYTES > INT64_MAX:
            raise _torch_error("storage_overflow", [[1, 1, *shape]], what=name, shape=dims(shape))
    if not isinstance(p, str) and max(p) > PADDING_MAX:
        axis = next(i for i, v in enumerate(p) if v > PADDING_MAX)
        raise _torch_error("padding_too_large", [p[axis], axis, PADDING_MAX], padding=p[axis])


def _check_overflow(name: str, values: Any, limit: int, why: str = "") -> None:
    for v in values:
        if abs(v) > limit:
            bits = "64" if limit == INT64_MAX else "32"
            reason = why or "torch's size arithmetic wraps around there, so it raises or gives a wrong size"
            raise ConvError(f"{name} is {v}, beyond {bits}-bit integers (at most {limit}): {reason}")


def empty_output_allowed(
    input: Any,
    kernel: Any,
    stride: Any,
    dilation: Any,
    output_padding: Any,
    *,
    batch: int = 1,
    channels: int = 1,
    dtype: str = "float32",
    threads: int = 2,
) -> bool:
    """Whether torch 2.13 on the CPU returns an empty tensor (rather than raising "Output size is too small")
    for a transposed convolution whose output has a size of 0 in some dimension (none negative).

    The oneDNN (mkldnn) path returns the empty tensor, the native kernels raise. This mirrors how torch picks
    the path (``ConvParams::use_mkldnn`` in aten/src/ATen/native/ConvUtils.h, groups=1, a plain CPU tensor);
    ``input``, ``kernel`` ... are per-dimension tuples. tests/test_hostile.py compares it with torch.

    >>> empty_output_allowed((7, 2), (5, 5), (1, 1), (1, 1), (0, 0))  # ConvTranspose2d(1, 1, 5, padding=3)
    True
    >>> empty_output_allowed((7, 2), (5, 1), (1, 1), (1, 1), (0, 0))  # a (5, 1) kernel: native, raises
    False
    """
    if dtype != "float32" or any(a >= s for a, s in zip(output_padding, stride)):  # is_output_padding_big
        return False
    kh, kw = ((1,) + tuple(kernel))[-2:]  # a 1-d convolution runs as a 2-d one of height 1
    first, second = ((1,) + tuple(input))[:2] if len(input) == 1 else tuple(input)[:2]
    worth_it = (
        any(v != 1 for v in stride) or any(v != 1 for v in dilation) or batch >= 16 or kh != 1 or kw != 1 or threads > 1
    )
    native_slower = (kh > 3 and kw > 3) or batch > 1 or batch * channels * first * second > 20480
    return worth_it and native_slower


def _aten(
    size: Any,
    k: Any,
    s: Any,
    p: Any,
    d: Any,
    op: Any,
    transposed: bool,
    channels: int = 1,
    count: int = 0,
    backend: Any = None,
) -> Conv:
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
        return Conv(
            size,
            conv.kernel,
            conv.stride,
            "same",
            conv.dilation,
            "zeros",
            False,
            conv.output_padding,
            pads,
            conv.output,
        )
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
        raise _torch_error(
            "weight_dims_aten", [dim + 2, dim + 2, [1, 1, *k], n + 2, [1, channels, *size]], kdim=dim, n=n
        )
    if channels != 1:  # a mode other than zeros with one padding too many padded torch's channel dimension
        raise _torch_error(
            "channels_mismatch", [1, [1, 1, *k], [1, channels, *size], 1, channels], count=count, n=n, channels=channels
        )
    if not transposed:
        padded = tuple(i + 2 * pp for i, pp in zip(size, p))
        span = tuple(dd * (kk - 1) + 1 for kk, dd in zip(k, d))
        _check_overflow("the dilated kernel d·(k − 1) + 1", span, INT64_MAX)
        _check_overflow("the padded input", padded, INT64_MAX)
        if any(sp > pd for sp, pd in zip(span, padded)):
            raise _torch_error(f"kernel_too_large/{n}", [*padded, *span], span=dims(span), padded=dims(padded))
        output = tuple((pd - sp) // ss + 1 for pd, sp, ss in zip(padded, span, s))
        return Conv(size, k, s, p, d, "zeros", False, op, tuple((v, v) for v in p), output)
    for axis, (a, ss, dd) in enumerate(zip(op, s, d)):
        if a >= ss and a >= dd:
            raise _torch_error(
                f"output_padding_too_large/{n}",
                [*_as_2d(op, 0), *_as_2d(s, 1), *_as_2d(d, 1)],
                output_padding=a,
                stride=ss,
                dilation=dd,
                name=DIMENSION_NAMES[n][axis],
                note=_note(n),
            )
    for name, values in (
        ("stride", s),
        ("padding", p),
        ("dilation", d),
        ("(input − 1)·stride", [(i - 1) * ss for i, ss in zip(size, s)]),
        ("the dilated kernel d·(k − 1) + 1", [dd * (kk - 1) + 1 for kk, dd in zip(k, d)]),
    ):
        _check_overflow(name, values, INT32_MAX, TRANSPOSED_INT32)
    output = tuple((i - 1) * ss - 2 * pp + dd * (kk - 1) + a + 1 for i, ss, pp, dd, kk, a in zip(size, s, p, d, k, op))
    _check_overflow("the output", output, INT32_MAX, TRANSPOSED_INT32)
    if min(output) == 0 and empty_output_allowed(size, k, s, d, op, **(backend or {})):
        return Conv(size, k, s, p, d, "zeros", True, op, tuple((v, v) for v in p), output)  # an empty tensor
    if min(output) < 1 and n == 3:  # ConvTranspose3d: torch's words (or an empty output) depend on its backend
        raise ConvError(f"output size would be {_fmt(output)}: it must be at least 1 (less padding, or a larger input)")
    if min(output) < 1:
        raise _torch_error(
            f"transposed_output_too_small/{n}",
            [*_as_2d(size, 1), *_as_2d(output, 1)],
            output=dims(output),
            note=_note(n),
        )
    return Conv(size, k, s, p, d, "zeros", True, op, tuple((v, v) for v in p), output)


def _as_2d(values: Any, pad_value: Any) -> list[Any]:
    """torch runs a 1-d convolution as a 2-d one of height 1: its messages show that first value."""
    return [pad_value, *values] if len(values) == 1 else list(values)


def _note(n: int) -> str:
    from convdocs.core.torch_text import ONE_D

    return ONE_D if n == 1 else ""


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


@dataclass(frozen=True)
class Stretch:
    """One dimension of a transposed convolution drawn as conv_arithmetic draws it: the direct convolution
    (stride 1, same kernel flipped, same dilation) over the input stretched by s − 1 zeros between cells,
    with implicit zero padding d·(k − 1) − p on each side and output_padding's extra cells at the end.

    Positions are counted on the uncropped grid: the input stretched and padded by d·(k − 1) on each side
    (``padding`` = 0). ``padding`` crops ``p`` of those positions from each side, which is the same as
    cropping ``p`` cells from each side of the uncropped output.

    >>> st = stretch(check(input=(4,), kernel=3, stride=2, padding=1, transposed=True), 0)
    >>> st.inserted, st.implicit, st.used, st.kept
    (1, 1, (1, 10), (1, 8))
    """

    size: int  # positions drawn on the input side
    inputs: tuple[tuple[int, int], ...]  # (position, input index) of every input cell
    inserted: int  # zeros between neighbouring input cells: s − 1
    implicit: int  # zero padding on each side of the stretched input: d·(k − 1) − p (negative: a crop)
    used: tuple[int, int]  # positions [start, stop) the direct convolution reads
    extra: tuple[int, int]  # positions [start, stop) that output_padding adds at the end
    out_size: int  # output positions drawn: the uncropped output, or more with output_padding
    kept: tuple[int, int]  # output positions [start, stop) that the layer returns
    dilation: int
    kernel: int

    def reads(self, o: int) -> list[int]:
        """Positions that the layer's output cell ``o`` reads in the direct convolution."""
        x = self.kept[0] + o
        return [x + j * self.dilation for j in range(self.kernel)]


def stretch(conv: Conv, axis: int) -> Stretch:
    """The :class:`Stretch` of a transposed ``conv`` along ``axis``."""
    if not conv.transposed:
        raise ConvError("stretch() draws transposed convolutions; a direct one is already direct")
    i, k, s, d = conv.input[axis], conv.kernel[axis], conv.stride[axis], conv.dilation[axis]
    p, a = conv.pads[axis][0], conv.output_padding[axis]
    full = d * (k - 1)  # padding of the uncropped grid
    length = (i - 1) * s + 1  # the stretched input
    used = (p, p + length + 2 * (full - p) + a)
    size = max(length + 2 * full, used[1])
    kept = (p, p + conv.output[axis])
    return Stretch(
        size,
        tuple((full + n * s, n) for n in range(i)),
        s - 1,
        full - p,
        used,
        (used[1] - a, used[1]),
        max(length + full, kept[1]),
        kept,
        d,
        k,
    )

"""The numbers of a padding message, named: what ``atlas.cause.<key>`` and ``atlas.fix.<key>`` fill in.

Pure Python. :func:`fields` takes a torch_text key and the values its ``{}`` held in one message (strings:
a number, a list of numbers ``"1, 1, 5, 5"``, or a word) and returns the sentence fields, derived values
(the largest padding allowed, ...) included.
"""

from __future__ import annotations

from math import ceil

from convdocs.core.words import say

NAMES = {1: ("W",), 2: ("H", "W"), 3: ("D", "H", "W")}


def _ints(values) -> list[int]:
    return [int(v) for v in values]


def _dims(values) -> str:
    return " × ".join(str(v) for v in values)


def _halves(values) -> tuple[list[int], list[int]]:
    numbers = _ints(values)
    return numbers[: len(numbers) // 2], numbers[len(numbers) // 2 :]


def _tuple(values) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


ALLOWED = {2: (2,), 3: (2, 4), 4: (4, 6), 5: (6,)}  # F.pad's non-constant modes: input dimensions -> amounts


def _pad_size(v):
    size, dims = int(v[0]), int(v[1])
    allowed = ALLOWED.get(dims, ())
    return dict(
        size=size,
        pairs=size // 2,
        dims=dims,
        allowed=" or ".join(map(str, allowed)) if allowed else say("core.atlas_fields.none_only_2_d_to_5"),
        example=_tuple([1] * (allowed[-1] if allowed else 2)),
    )


def _kernel(v):
    padded, kernel = _halves(v)
    more = max((ceil((k - p) / 2) for p, k in zip(padded, kernel) if k > p), default=0)
    return dict(padded=_dims(padded), kernel=_dims(kernel), more=more)


def _output_padding(v):
    n = len(v) // 3
    a, s, d = _ints(v[:n]), _ints(v[n : 2 * n]), _ints(v[2 * n :])
    return dict(
        output_padding=_tuple(a),
        stride=_tuple(s),
        dilation=_tuple(d),
        most=_tuple([max(x, y) - 1 for x, y in zip(s, d)]),
    )


def _reflect(v):
    shape = _ints(v[4].split(", "))
    dim = int(v[3])
    size = shape[dim] if 0 <= dim < len(shape) else 0
    return dict(before=v[1], after=v[2], dim=dim, shape=v[4], size=size, most=max(size - 1, 0))


def _crop(v):
    inputs, outputs = _halves(v)
    return dict(input=_dims(inputs), output=_dims(outputs))


def _pool_half(v):
    pad, kernel, dilation = _ints(v)
    return dict(
        pad=pad,
        kernel=kernel,
        dilated=f" with dilation={dilation}" if dilation != 1 else "",
        most=kernel // 2,  # torch's first check, ⌊(d·(k − 1) + 1) / 2⌋, is never the smaller bound
    )


def _pool_dilated(key, v):
    numbers = _ints(v)
    if key.endswith("/2"):  # padW, padH, kW, kH
        pad, kernel = [numbers[1], numbers[0]], [numbers[3], numbers[2]]
    else:  # kT, kW, kH, padT, padW, padH
        kernel, pad = [numbers[0], numbers[2], numbers[1]], [numbers[3], numbers[5], numbers[4]]
    return dict(
        pad=", ".join(map(str, pad)), kernel=", ".join(map(str, kernel)), most=", ".join(str(k // 2) for k in kernel)
    )


def _pool_too_small(v):
    inputs, outputs = _halves(v)
    return dict(input=_dims(inputs[1:]), output=_dims(outputs[1:]))


def _param_length(key, v):
    count = int(v[0])
    given = v[1]
    name = key.split("/")[1]
    return dict(name=name, count=len(given.split(", ")), given=given, dims=count, example=_tuple([1] * count))


def _fold(v):
    numbers = _ints(v)
    return dict(output=f"{numbers[0]}, {numbers[1]}", blocks=numbers[13], got=numbers[15])


def _unfold(v):
    n = _ints(v)
    return dict(size=_dims(n[0:2]), kernel=f"{n[2]}, {n[3]}", padding=f"{n[6]}, {n[7]}", blocks=f"{n[8]}, {n[9]}")


FIELDS = {  # key (before "/") -> fields from the values of its {}
    "padding_string_unknown": lambda k, v: dict(padding=v[0]),
    "padding_mode_unknown": lambda k, v: dict(mode=v[0]),
    "transposed_mode": lambda k, v: dict(n=k.split("/")[1]),
    "transposed_string": lambda k, v: dict(n=k.split("/")[1]),
    "param_length": _param_length,
    "kernel_too_large": lambda k, v: _kernel(v),
    "transposed_output_too_small": lambda k, v: _crop(v),
    "output_padding_too_large": lambda k, v: _output_padding(v),
    "reflect_too_large": lambda k, v: _reflect(v),
    "reflect_too_small": lambda k, v: _crop(v),
    "replicate_too_small": lambda k, v: _crop(v),
    "channels_mismatch": lambda k, v: dict(want=v[3], got=v[4]),
    "padding_too_large": lambda k, v: dict(padding=v[0], dim=v[1], most=v[2]),
    "storage_overflow": lambda k, v: dict(sizes=v[0]),
    "negative_dimension": lambda k, v: dict(size=v[0], shape=v[1]),
    "pad_size_unsupported": lambda k, v: _pad_size(v),
    "fpad_too_long": lambda k, v: dict(
        length=int(v[0]), pairs=int(v[0]) // 2, dims=int(v[1]), most=2 * int(v[1]), example=_tuple([1, 1])
    ),
    "fpad_empty_input": lambda k, v: dict(shape=v[3]),
    "pool_half": lambda k, v: _pool_half(v),
    "pool_half_1d": lambda k, v: dict(pad=int(v[0]), kernel=int(v[1]), most=int(v[1]) // 2),
    "pool_half_dilated": _pool_dilated,
    "pool_negative": lambda k, v: dict(pad=v[0]),
    "pool_negative_1d": lambda k, v: dict(pad=v[0]),
    "pool_length": lambda k, v: dict(fn=k.split("/")[1]),
    "pool_length_avg1d": lambda k, v: dict(count=v[0]),
    "pool_length_max1d": lambda k, v: dict(one=v[0], count=v[1]),
    "pool_output_too_small": lambda k, v: _pool_too_small(v),
    "unfold_padding_length": lambda k, v: dict(count=v[0], given=v[1]),
    "unfold_negative": lambda k, v: dict(pad_h=v[0], pad_w=v[1]),
    "unfold_blocks": lambda k, v: _unfold(v),
    "fold_blocks": lambda k, v: _fold(v),
}


def fields(key: str, values: list[str]) -> dict:
    """The named fields of the message ``key`` whose ``{}`` held ``values``; {} for a text without numbers."""
    make = FIELDS.get(key.split("/")[0])
    return make(key, values) if make else {}

"""Integers and names as PyTorch reads them, in pure Python: the bottom of convdocs.

What torch takes as an int (ints, numpy integers, anything with ``__index__``; a bool only as a size),
how a value spreads over dimensions, the dimensions' names, and how shapes and values are written.

>>> per_dim("stride", 2, 3)
(2, 2, 2)
>>> dims((9, 7))
'9 × 7'
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any, cast

from convdocs.core.errors import ConvError
from convdocs.core.words import say

DIMENSION_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


INT64_MAX = 2**63 - 1  # PyTorch's sizes and layer arguments are C++ int64_t


INT64_MIN = -(2**63)


def as_int(value: Any, *, bool_ok: bool = False) -> int | None:
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


def is_int(value: Any, bool_ok: bool = False) -> bool:
    return as_int(value, bool_ok=bool_ok) is not None


def int_seq(value: Any, bool_ok: bool = False) -> tuple[int, ...] | None:
    """A sequence of ints as PyTorch reads one (any iterable but a string), or None."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return None
    try:
        items = tuple(value)
    except TypeError:
        return None
    ints = tuple(as_int(v, bool_ok=bool_ok) for v in items)
    return None if None in ints else cast(tuple[int, ...], ints)


def per_dim(name: str, value: Any, ndim: int, *, allow_one: bool = True) -> tuple[int, ...]:
    """An int, or a tuple of ``ndim`` ints (or a 1-tuple when ``allow_one``), for callers outside ``check``."""
    if is_int(value):
        return (cast(int, as_int(value)),) * ndim
    if int_seq(value) is not None:
        value = int_seq(value)
        if len(value) == ndim:
            return tuple(value)
        if len(value) == 1 and allow_one:
            return tuple(value) * ndim
        allowed = say("core.ints.one_integer_or", ndim=ndim) + (" (or a 1-tuple)" if allow_one else "")
        raise ConvError(
            say("conv.own.has_values_d_input_give", name=name, n_value=len(value), ndim=ndim, allowed=allowed)
        )
    raise ConvError(say("conv.own.must_integer_tuple_integers_not", name=name, ndim=ndim, value=repr(value)))


def int_args(name: str, value: Any) -> Any:
    """An int or a non-empty sequence of ints, as given (torch expands an int to every dimension).

    Ints as torch takes them (numpy integers, ``__index__``); a bool only for the kernel size."""
    bool_ok = name == "kernel"
    if is_int(value, bool_ok):
        return as_int(value, bool_ok=bool_ok)
    ints = int_seq(value, bool_ok)
    if ints:
        return ints
    raise ConvError(say("common.own.must_integer_tuple_integers_not", what=name, value=repr(value)))


def ntuple(value: Any, n: int) -> tuple[Any, ...]:
    """torch's ``ntuple``: an int becomes n copies; a sequence (a string too) is kept as it is."""
    return (value,) * n if is_int(value) else tuple(value)


def half_toward_zero(total: int) -> int:
    """C++ integer division by 2 (rounds toward zero, as ATen does)."""
    return -(-total // 2) if total < 0 else total // 2


def dimension_names(n: int) -> str:
    return ", ".join(DIMENSION_NAMES[n])


def one_or_tuple(values: Any) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def dims(shape: Iterable[object], sep: str = " × ") -> str:
    """A shape as people write it: ``dims((9, 7)) == "9 × 7"``; figures use the tighter ``sep="×"``."""
    return sep.join(map(str, shape))


def article(words: str) -> str:
    """'a' or 'an' before ``words`` as read aloud: an 8 × 8, an 11, an 18, a 5, a length-5."""
    lead = words.split(" ")[0].split("×")[0]
    return "an" if lead.startswith("8") or (lead.isdigit() and len(lead) % 3 == 2 and lead[:2] in ("11", "18")) else "a"


def torch_dim_name(dim: int, n: int) -> str:
    """torch's dimension ``dim`` of [batch, channels, *spatial], named."""
    return ("batch", "channels", *DIMENSION_NAMES[n])[dim]


def c_div(a: int, b: int) -> int:
    """C++ integer division (truncates toward zero), as torch's checks compute it."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def span(kernel: int, dilation: int = 1) -> int:
    """Cells one window covers, the dilated kernel's extent: d·(k − 1) + 1."""
    return dilation * (kernel - 1) + 1


def torch_shape(shape) -> str:
    """A tensor shape as torch prints it in its messages: ``[1, 1, 5, 5]``."""
    return "[" + ", ".join(map(str, shape)) + "]"

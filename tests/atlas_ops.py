"""The operations the error atlas covers, as hypothesis strategies, and what torch says when it runs one.

Build/test glue (imports torch when an operation runs): conv and conv-transpose 1-3d, max/avg/LP and
adaptive pooling, ``F.pad`` in every mode, the padding layers and Fold/Unfold, on one channel, batch 1.
Channels and batch are fixed, so every refusal comes from the geometry and padding arguments.
"""

from __future__ import annotations

import warnings

from hypothesis import strategies as st

SIZE = st.integers(0, 6)
SMALL = st.integers(-2, 5)


def _per_dim(n: int, values) -> st.SearchStrategy:
    """One value, or a tuple of n values (now and then n - 1 or n + 1: a wrong length)."""
    lengths = st.sampled_from([n, n, n, max(n - 1, 1), n + 1])
    return st.one_of(values, lengths.flatmap(lambda k: st.tuples(*[values] * k)))


@st.composite
def conv(draw) -> dict:
    n = draw(st.integers(1, 3))
    transposed = draw(st.booleans())
    op = dict(
        op="conv",
        n=n,
        transposed=transposed,
        kernel_size=draw(_per_dim(n, st.integers(0, 5))),
        stride=draw(_per_dim(n, st.integers(-1, 3))),
        padding=draw(st.one_of(_per_dim(n, SMALL), st.sampled_from(["same", "valid", "full"]))),
        dilation=draw(_per_dim(n, st.integers(0, 3))),
        padding_mode=draw(st.sampled_from(["zeros", "zeros", "reflect", "replicate", "circular", "wrap"])),
        size=draw(st.tuples(*[SIZE] * n)),
    )
    if transposed:
        op["output_padding"] = draw(_per_dim(n, st.integers(-1, 3)))
    return op


@st.composite
def pool(draw) -> dict:
    kind = draw(st.sampled_from(["Max", "Avg", "LP"]))
    n = draw(st.integers(1, 3 if kind != "LP" else 3))
    args = dict(kernel_size=draw(_per_dim(n, st.integers(0, 5))), ceil_mode=draw(st.booleans()))
    if draw(st.booleans()):
        args["stride"] = draw(_per_dim(n, st.integers(-1, 3)))
    if kind != "LP":
        args["padding"] = draw(_per_dim(n, st.integers(-1, 3)))
    if kind == "Max":
        args["dilation"] = draw(_per_dim(n, st.integers(0, 3)))
    if kind == "Avg":
        args["count_include_pad"] = draw(st.booleans())
        if n > 1:
            args["divisor_override"] = draw(st.sampled_from([None, 0, 2]))
    if kind == "LP":
        args["norm_type"] = 2
    return dict(op="pool", name=f"{kind}Pool{n}d", args=args, size=draw(st.tuples(*[SIZE] * n)))


@st.composite
def adaptive(draw) -> dict:
    n = draw(st.integers(1, 3))
    name = draw(st.sampled_from(["AdaptiveMaxPool", "AdaptiveAvgPool"])) + f"{n}d"
    out = draw(_per_dim(n, st.one_of(st.integers(-1, 5), st.none())))
    return dict(op="pool", name=name, args=dict(output_size=out), size=draw(st.tuples(*[SIZE] * n)))


@st.composite
def fpad(draw) -> dict:
    dims = draw(st.integers(1, 5))
    length = draw(st.integers(0, 8))
    return dict(
        op="fpad",
        shape=draw(st.tuples(*[st.integers(0, 5)] * dims)),
        pad=draw(st.tuples(*[st.integers(-5, 6)] * length)),
        mode=draw(st.sampled_from(["constant", "reflect", "replicate", "circular"])),
    )


@st.composite
def padlayer(draw) -> dict:
    n = draw(st.integers(1, 3))
    kind = draw(st.sampled_from(["ZeroPad", "ConstantPad", "ReflectionPad", "ReplicationPad", "CircularPad"]))
    amounts = st.integers(-4, 6)
    padding = draw(st.one_of(amounts, st.integers(1, 2 * n + 2).flatmap(lambda k: st.tuples(*[amounts] * k))))
    batched = draw(st.booleans())
    shape = (1,) * (1 + batched) + draw(st.tuples(*[st.integers(0, 5)] * n))
    return dict(op="padlayer", name=f"{kind}{n}d", padding=padding, shape=shape)


@st.composite
def fold(draw) -> dict:
    unfold = draw(st.booleans())
    args = dict(
        kernel_size=draw(_per_dim(2, st.integers(0, 4))),
        dilation=draw(_per_dim(2, st.integers(0, 2))),
        padding=draw(_per_dim(2, st.integers(-1, 3))),
        stride=draw(_per_dim(2, st.integers(0, 3))),
    )
    if unfold:
        return dict(op="unfold", args=args, size=draw(st.tuples(SIZE, SIZE)))
    args["output_size"] = draw(_per_dim(2, st.integers(0, 6)))
    return dict(op="fold", args=args, shape=(1, draw(st.integers(0, 16)), draw(st.integers(0, 16))))


OPERATIONS = st.one_of(conv(), pool(), adaptive(), fpad(), padlayer(), fold())


def _run(op: dict):
    import torch
    import torch.nn.functional as F
    from torch import nn

    kind = op["op"]
    if kind == "conv":
        args = {
            k: op[k]
            for k in ("kernel_size", "stride", "padding", "dilation", "padding_mode", "output_padding")
            if k in op
        }
        layer = getattr(nn, ("ConvTranspose" if op["transposed"] else "Conv") + f"{op['n']}d")(1, 1, bias=False, **args)
        return layer(torch.zeros(1, 1, *op["size"]))
    if kind == "pool":
        return getattr(nn, op["name"])(**op["args"])(torch.zeros(1, 1, *op["size"]))
    if kind == "fpad":
        return F.pad(torch.zeros(op["shape"]), op["pad"], mode=op["mode"])
    if kind == "padlayer":
        extra = (0.0,) if op["name"].startswith("ConstantPad") else ()
        return getattr(nn, op["name"])(op["padding"], *extra)(torch.zeros(op["shape"]))
    if kind == "unfold":
        return nn.Unfold(**op["args"])(torch.zeros(1, 1, *op["size"]))
    return nn.Fold(**op["args"])(torch.zeros(op["shape"]))


def said(op: dict) -> list[tuple[str, str]]:
    """(type, first line) of what torch raised and warned running ``op``; empty when it ran quietly."""
    out = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            _run(op)
        except Exception as error:  # noqa: BLE001 - every refusal is a finding
            out.append((type(error).__name__, str(error).splitlines()[0] if str(error) else ""))
    out += [(w.category.__name__, str(w.message).splitlines()[0]) for w in caught]
    return out


def unpadded(op: dict) -> dict | None:
    """``op`` with its padding taken away (padding 0, zeros mode, no output_padding, no ceil_mode), or None for
    an operation that is padding itself (F.pad and the padding layers)."""
    kind = op["op"]
    if kind in ("fpad", "padlayer"):
        return None
    if kind == "conv":
        zero = dict(padding=0, padding_mode="zeros")
        if op["transposed"]:
            zero["output_padding"] = 0
        return dict(op, **zero)
    args = dict(op["args"])
    for name, value in (("padding", 0), ("ceil_mode", False)):
        if name in args:
            args[name] = value
    return dict(op, args=args)


def padding_said(op: dict) -> list[tuple[str, str]]:
    """What torch says about ``op``'s padding: all it says when ``op`` runs without its padding (or is padding),
    else what it says that names padding."""
    words = said(op)
    control = unpadded(op)
    if not words or control is None:
        return words
    if not said(control):  # without its padding the operation runs: the padding is the cause
        return words
    return [w for w in words if "pad" in w[1].lower()]


def normal(word: tuple[str, str]) -> tuple[str, str]:
    """(type, text) with every number, and every bracketed list of numbers, as ``{}``."""
    import re

    text = re.sub(r"\[-?\d+(?:, -?\d+)*\]", "[{}]", word[1])
    return word[0], re.sub(r"(?<![A-Za-wyz_\d])-?\d+", "{}", text)

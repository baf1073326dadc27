"""One entry point for every padding-bearing layer, by its torch class name (pure Python).

``layer("MaxPool2d", input=(7, 7), kernel=3, stride=2, padding=1)`` validates the configuration as
PyTorch 2.13 would and returns its geometry: :class:`convdocs.core.conv.Conv` for ``Conv*`` and
``ConvTranspose*``, :class:`convdocs.core.pooling.Pool` / :class:`~convdocs.core.pooling.Adaptive` for pooling,
:class:`convdocs.core.padding.Pad` for padding layers, :class:`convdocs.core.unfold.Blocks` for Unfold/Fold.
Each has ``input``, ``output`` and ``pads`` (``(before, after)`` per dimension).

>>> layer("MaxPool2d", input=(7, 7), kernel=3, stride=2, padding=1).output
(4, 4)
>>> layer("ZeroPad2d", input=(3, 3), padding=(1, 1, 2, 0)).pads
((2, 0), (1, 1))
>>> layer("Conv2d", input=(7, 7), kernel=3, padding="same").output
(7, 7)
"""

from __future__ import annotations

from convdocs.core import adaptive, pooling, unfold
from convdocs.core import conv as geometry
from convdocs.core import padding as padlayers
from convdocs.core.errors import own
from convdocs.core.layer_names import ADAPTIVE, BLOCKS, CONVOLUTIONS, NAMES, PADDING, POOLING  # noqa: F401

# The options each family takes (convdocs' names; torch's are kernel_size for kernel, the rest the same).
OPTIONS = {
    "Conv": {"kernel", "stride", "padding", "dilation", "padding_mode"},
    "ConvTranspose": {"kernel", "stride", "padding", "dilation", "output_padding"},
    "MaxPool": {"kernel", "stride", "padding", "dilation", "ceil_mode"},
    "AvgPool": {
        "kernel",
        "stride",
        "padding",
        "ceil_mode",
        "count_include_pad",
        "divisor_override",
    },
    "LPPool": {"kernel", "stride", "ceil_mode"},
    "Adaptive": {"output_size"},
    "Pad": {"padding", "value"},
    "Unfold": {"kernel", "stride", "padding", "dilation"},
    "Fold": {
        "kernel",
        "stride",
        "padding",
        "dilation",
        "output_size",
        "channels",
        "count",
    },
}


def family(name: str) -> str:
    """The key of :data:`OPTIONS` for a torch class name."""
    if name not in NAMES:
        raise own(f"unknown layer {name!r}", "use a torch class name: " + ", ".join(NAMES))
    if name in BLOCKS:
        return name
    if name in PADDING:
        return "Pad"
    if name.startswith("Adaptive"):
        return "Adaptive"
    return name[:-2]


def dims_of(name: str) -> int | None:
    """Spatial dimensions the layer works on (None for Fold, whose input is (C·kh·kw, L))."""
    if name in BLOCKS:
        return 2 if name == "Unfold" else None
    return int(name[-2])


def layer(name: str, input, **options):
    """Validate ``nn.<name>`` applied to a (1, 1, *input) tensor; raise :class:`Rejected` where torch raises.

    For ``Fold``, ``input`` is ignored in favour of ``output_size`` (and ``channels``/``count``, the
    (C·kh·kw, L) of its input, defaulting to one channel and the number of blocks that fit).
    """
    kind = family(name)
    unknown = sorted(set(options) - OPTIONS[kind])
    if unknown:
        raise own(
            f"{name} takes no {unknown[0]}",
            f"{name} takes {', '.join(sorted(OPTIONS[kind]))}",
        )
    n = dims_of(name)
    size = (input,) if isinstance(input, int) else tuple(input) if input is not None else None
    if n is not None and size is not None and len(size) != n:
        raise own(
            f"{name} works on {n}-d inputs, not {len(size)}-d ones",
            f"give {n} input size{'s' * (n > 1)}",
        )
    if kind in ("Conv", "ConvTranspose", "MaxPool", "AvgPool", "LPPool", "Unfold") and "kernel" not in options:
        raise own(f"{name} needs a kernel size")
    if kind in ("Conv", "ConvTranspose"):
        return geometry.check(input=size, transposed=kind == "ConvTranspose", **options)
    if kind == "MaxPool":
        return pooling.max_pool(size, ndim=n, **options)
    if kind == "AvgPool":
        return pooling.avg_pool(size, ndim=n, **options)
    if kind == "LPPool":
        return pooling.lp_pool(size, ndim=n, **options)
    if kind == "Adaptive":
        if "output_size" not in options:
            raise own(f"{name} needs an output size")
        return adaptive.adaptive_pool(size, options["output_size"], "avg" if "Avg" in name else "max", ndim=n)
    if kind == "Pad":
        return padlayers.pad_layer(name, size, options.get("padding", 0), options.get("value"))
    if kind == "Unfold":
        return unfold.unfold(size, **options)
    if "output_size" not in options or "kernel" not in options:
        raise own("Fold needs an output size and a kernel size")
    if size is not None:  # Fold's input is (C·kh·kw, L)
        if len(size) != 2:
            raise own(f"Fold takes a (C·kh·kw, L) input, not {len(size)} sizes")
        options = dict(options, channels=size[0], count=size[1])
    return unfold.fold(**options)

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
from convdocs.core.words import say

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
        raise own(
            say("layer.own.unknown_layer", name=repr(name)),
            say("layer.why.use_torch_class_name", names=", ".join(NAMES)),
        )
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
            say("layer.own.takes_no", name=name, unknown=unknown[0]),
            say("layer.why.takes", name=name, options=", ".join(sorted(OPTIONS[kind]))),
        )
    n = dims_of(name)
    size = (input,) if isinstance(input, int) else tuple(input) if input is not None else None
    if n is not None and size is not None and len(size) != n:
        raise own(
            say("layer.own.works_on_d_inputs_not", name=name, n=n, got=len(size)),
            say("common.why.give_input_size", n=n, plural="s" * (n > 1)),
        )
    if kind in ("Conv", "ConvTranspose", "MaxPool", "AvgPool", "LPPool", "Unfold") and "kernel" not in options:
        raise own(say("layer.own.needs_kernel_size", name=name))
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
            raise own(say("layer.own.needs_output_size", name=name))
        return adaptive.adaptive_pool(size, options["output_size"], "avg" if "Avg" in name else "max", ndim=n)
    if kind == "Pad":
        return padlayers.pad_layer(name, size, options.get("padding", 0), options.get("value"))
    if kind == "Unfold":
        return unfold.unfold(size, **options)
    if "output_size" not in options or "kernel" not in options:
        raise own(say("layer.own.fold_needs_output_size_kernel"))
    if size is not None:  # Fold's input is (C·kh·kw, L)
        if len(size) != 2:
            raise own(say("layer.own.fold_takes_c_kh_kw", got=len(size)))
        options = dict(options, channels=size[0], count=size[1])
    return unfold.fold(**options)

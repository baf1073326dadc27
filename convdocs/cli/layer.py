"""``--layer NAME`` for ``python -m convdocs shape`` and ``draw``: any padding-bearing torch layer.

Pure Python (no torch, no matplotlib), like the rest of ``shape``. :mod:`convdocs.cli.main` adds the
options with :func:`add_options` and hands a ``--layer`` command to :func:`run`; the options a
reader did not type are left to the layer's own defaults (for pooling, stride = kernel, as in torch).
"""

from __future__ import annotations

import argparse
import json

from convdocs.core.conv import formula
from convdocs.core.errors import ConvError
from convdocs.core.ints import DIMENSION_NAMES, dims
from convdocs.core.layer_names import NAMES
from convdocs.core.padding import side_sum
from convdocs.core.words import say

FLAGS = {  # command-line flag -> layers.layer() option
    "--kernel": "kernel",
    "--stride": "stride",
    "--padding": "padding",
    "--dilation": "dilation",
    "--padding-mode": "padding_mode",
    "--output-padding": "output_padding",
    "--ceil-mode": "ceil_mode",
    "--count-include-pad": "count_include_pad",
    "--no-count-include-pad": "count_include_pad",
    "--divisor-override": "divisor_override",
    "--value": "value",
    "--output-size": "output_size",
}


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.own.not_number", text=repr(text))) from None


def add_options(sub, to_int) -> None:
    """The --layer options of ``shape`` and ``draw``."""
    sub.add_argument(
        "--layer",
        choices=NAMES,
        metavar="NAME",
        help=say("cli.layer.the_torch_class_conv2d_maxpool2d_avgpool1d"),
    )
    sub.add_argument("--ceil-mode", action="store_true", help="pooling: ceil_mode=True")
    sub.add_argument(
        "--count-include-pad",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=say("cli.layer.avgpool_count_padding_cells_in_the"),
    )
    sub.add_argument(
        "--divisor-override",
        type=to_int,
        metavar="N",
        help=say("cli.layer.avgpool2d_3d_divide_every_sum_by"),
    )
    sub.add_argument("--value", type=_float, metavar="V", help=say("cli.layer.constantpad_the_value_padded_in"))
    sub.add_argument(
        "--output-size",
        type=to_int,
        nargs="+",
        metavar="O",
        help=say("cli.layer.adaptive_pooling_and_fold"),
    )


def given(argv) -> set[str]:
    """The flags a reader typed (``--flag`` or ``--flag=value``)."""
    return {word.split("=", 1)[0] for word in argv if word.startswith("--")}


def _one(values, name):
    """One value means an int for every dimension (as for convolutions); more are a tuple, as typed."""
    if isinstance(values, list):
        if any(isinstance(v, str) for v in values) and len(values) != 1:
            raise ConvError(say("cli.own.takes_same_valid_alone_integers", name=name))
        return values[0] if len(values) == 1 else tuple(values)
    return values


def layer_from_args(args, argv):
    """The geometry of ``--layer`` with the options the reader typed."""
    # imported when used: the parser itself stays quick to load
    from convdocs.core import layers

    typed = given(argv)
    if args.transposed:
        raise ConvError(say("cli.own.transposed_convolution_without_layer_use"))
    if getattr(args, "like", None):
        raise ConvError(say("cli.own.like_ports_convolution_s_same"))
    options = {}
    for flag, key in FLAGS.items():
        if flag in typed:
            value = getattr(args, key)
            options[key] = _one(value, flag[2:]) if key != "output_size" or len(value) > 1 else value[0]
    if args.layer == "Fold" and "output_size" in options and isinstance(options["output_size"], int):
        options["output_size"] = (options["output_size"],) * 2
    return layers.layer(args.layer, tuple(args.input), **options)


def layer_lines(geo) -> str:
    """``output: …`` then how each dimension's size comes about."""
    from convdocs.core import adaptive, pooling

    if isinstance(geo, pooling.Pool):
        names = DIMENSION_NAMES[geo.ndim]
        lines = [f"output: {dims(geo.output)}", f"padding: {pooling.words(geo)}"]
        lines += [f"{names[a]}: {pooling.formula(geo, a)}" for a in range(geo.ndim)]
        if geo.kind == "avg":
            lines.append(
                f"divisors: {pooling.divisors_text(geo)}"
                + (" (count_include_pad=False)" if not geo.count_include_pad else "")
            )
        return "\n".join(lines)
    if isinstance(geo, pooling.Adaptive):
        names = DIMENSION_NAMES[geo.ndim]
        lines = [f"output: {dims(geo.output)}", f"padding: {pooling.words(geo)}"]
        for a in range(geo.ndim):
            lines.append(f"{names[a]}: {geo.output[a]} bins over {geo.input[a]}: {adaptive.bins_text(geo, a)}")
        return "\n".join(lines)
    if hasattr(geo, "out_shape"):  # a padding layer
        names = DIMENSION_NAMES.get(geo.ndim, tuple(f"dim {d}" for d in range(geo.ndim)))
        lines = [
            f"output: {dims(geo.output)}",
            f"padding: {geo.mode}" + (f" {geo.value:g}" if geo.mode == "constant" else ""),
        ]
        for a, ((lo, hi), i) in enumerate(zip(geo.pads, geo.input)):
            lines.append(f"{names[a]}: {side_sum(lo, i, hi)}")
        if geo.out_shape[:2] != geo.shape[:2]:
            lines.append(
                say(
                    "cli.layer.the_amounts_also_pad_the_batch",
                    shape=dims(geo.shape),
                    output=dims(geo.out_shape),
                )
            )
        return "\n".join(lines)
    if hasattr(geo, "blocks"):
        b = geo.blocks
        lines = [
            f"output: {dims(geo.output)}"
            + (" (kh·kw × L)" if geo.name == "Unfold" else say("cli.layer.fold_output_dims"))
        ]
        for a, name in enumerate(DIMENSION_NAMES[2]):
            i, k, s, p, d = (
                geo.size[a],
                geo.kernel[a],
                geo.stride[a],
                geo.padding[a],
                geo.dilation[a],
            )
            kk = str(k) if d == 1 else f"{d}·({k} − 1) − 1"
            lines.append(f"{name} blocks: ⌊({i} + 2·{p} − {kk}) / {s}⌋ + 1 = {b[a]}")
        lines.append(f"L = {b[0]} × {b[1]} = {geo.count}")
        return "\n".join(lines)
    names = DIMENSION_NAMES[geo.ndim]
    return "\n".join([f"output: {dims(geo.output)}"] + [f"{names[a]}: {formula(geo, a)}" for a in range(geo.ndim)])


def print_shape(geo, as_json: bool) -> int:
    """``shape --layer``: the text, or ``{"output": [...], "padding": [[before, after], ...]}``."""
    if as_json:
        print(json.dumps({"output": list(geo.output), "padding": [list(p) for p in geo.pads]}))
    else:
        print(layer_lines(geo))
    return 0


def drawing(geo, args):
    """``draw --layer`` for a pooling or padding layer: its scene."""
    from convdocs.core import pooling
    from convdocs.core.errors import own
    from convdocs.figures import pool_scene as scene_pool

    if args.animate:
        raise own(say("cli.own.animate_steps_convolution_s_kernel_2", layer=args.layer))
    if not isinstance(geo, (pooling.Pool, pooling.Adaptive)) and not hasattr(geo, "out_shape"):
        raise own(say("cli.own.draw_layer_not_drawn_yet", layer=args.layer))
    if geo.ndim > 2:
        raise own(say("cli.own.figures_are_drawn_1_d", ndim=geo.ndim))
    return scene_pool.build(geo, tuple(args.cell) if args.cell else None)

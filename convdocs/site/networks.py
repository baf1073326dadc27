"""Build glue for the Networks pages: whole-model traces, the published table, the padding-share figure.

Called from the pages' ``exec`` fences. Every number comes from :func:`convdocs.trace` run on the
snippets' own models (on the meta device: shapes only); nothing is typed here but the published row
of google-research/receptive_field, which the page cites and sets beside ours.
"""

from __future__ import annotations

import contextlib
import io
import runpy
from html import escape

from convdocs.core.conv import check, formula
from convdocs.core.ints import dims
from convdocs.core.words import say
from convdocs.figures import style, svg
from convdocs.site import cache
from convdocs.site.fences import snippet_blocks
from convdocs.site.page import snippet_file
from convdocs.site.snippets import SNIPPETS, run
from convdocs.tracing import guard

# google-research/receptive_field, README ("receptive field / effective stride / effective padding"),
# computed there for the TF-slim models at 224×224.
PUBLISHED = {
    "vgg16": ("vgg_16", 212, 32, 90),
    "alexnet": ("alexnet_v2", 195, 32, 64),
    "resnet50": ("resnet_v1_50", 483, 32, 239),
    "mobilenet_v1": ("mobilenet_v1", 315, 32, 126),
}
SIZE = 224


def networks_file(*_, **__) -> list:
    """The snippet whose models the whole-model sections trace."""
    return [SNIPPETS / "networks.py"]


@cache.cached("across", snippet_file)
def program(name: str, fold: str = "") -> str:
    """A snippet's code and what it printed (no per-layer figures: these snippets trace whole models). With
    ``fold``, what it printed comes first and the code follows in a block that opens, titled ``fold``."""
    code, *printed = snippet_blocks(name, run(name))
    if not fold:
        return "\n".join([code, *printed])
    folded = "".join(f"    {line}\n" if line else "\n" for line in code.splitlines())
    return "\n".join(printed) + f'\n??? example "{fold}"\n\n{folded}'


def snippet_namespace(name: str) -> dict:
    """The names a snippet defines (what it prints is dropped: :func:`program` shows that)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(SNIPPETS / f"{name}.py"), run_name=f"convdocs_{name}")


def _traced(name: str, slim: bool):
    """snippets/networks.py's model ``name`` traced at SIZE × SIZE (from :func:`traces`)."""
    return traces()[(name, slim)]


_TRACES: dict[str, dict] = {}


def traces() -> dict:
    """Every model of snippets/networks.py traced, both variants, in one guarded run, once per version of the
    snippet: the table, the breakdowns and the stem read the same traces. Called before those sections are
    computed (each in a child of this process: :func:`convdocs.site.cache.cached`'s ``before``), so that
    they inherit the traces instead of tracing again."""
    key = cache.digest(SNIPPETS / "networks.py")
    if key not in _TRACES:
        _TRACES.clear()
        _TRACES[key] = guard.run("snippets/networks.py", _trace_all)
    return _TRACES[key]


def _trace_all() -> dict:
    return {(name, slim): _trace_of(name, slim) for name in PUBLISHED for slim in (False, True)}


def _trace_of(name: str, slim: bool):
    import torch

    import convdocs

    with torch.device("meta"):
        model = snippet_namespace("networks")["MODELS"][name](slim=slim)
    return convdocs.trace(model, (1, 3, SIZE, SIZE))


def _rsp(result) -> tuple:
    fields = result.fields
    if fields is None or len(set(fields)) != 1:
        raise RuntimeError(say("pages.networks.expected_one_r_s_p_for"))
    return tuple(fields[0])


@cache.cached("across", networks_file, before=traces)
def published_table() -> str:
    """Ours (PyTorch as usually written, and the TF-slim-shaped variant) beside the published row."""

    rows = []
    for name, (theirs, *row) in PUBLISHED.items():
        ours, slim = (_rsp(_traced(name, v)) for v in (False, True))
        if slim != tuple(row):
            raise RuntimeError(
                say("pages.networks.the_tf_slim_variant_traces_to", name=name, slim=slim, row=tuple(row))
            )
        same = "same" if ours == slim else "differs"
        rows.append(
            f"| `{name}` | {' / '.join(map(str, ours))} | {' / '.join(map(str, slim))} "
            f"| `{theirs}`: {' / '.join(map(str, row))} | {same} |"
        )
    head = say("pages.networks.model_snippets_networks_py_pytorch_r")
    return head + "\n".join(rows) + "\n"


@cache.cached("across", networks_file, before=traces)
def contributions(name: str) -> str:
    """Where r − 1 and P come from, layer kind by layer kind, in both variants of one model.

    Each layer adds (k' − 1)·S to r and p·S to P, S being the effective stride at its input; layers alike
    are counted together. The sums are checked against the traced r and P before anything is printed.
    """

    parts = []
    for slim in (False, True):
        result = _traced(name, slim)
        groups: dict = {}
        for layer in result.layers:
            step, field = layer.steps[0], layer.fields[0]
            s_in = field.S // step.stride
            gain_r = (step.dilation * (step.kernel - 1)) * s_in
            gain_p = step.before * s_in
            if not gain_r and not gain_p:
                continue
            key = (layer.layer, step.kernel, step.stride, step.before, s_in)
            count, _, _ = groups.get(key, (0, gain_r, gain_p))
            groups[key] = (count + 1, gain_r, gain_p)
        r, S, P = _rsp(result)
        if 1 + sum(c * gr for c, gr, _ in groups.values()) != r or sum(c * gp for c, _, gp in groups.values()) != P:
            raise RuntimeError(say("pages.networks.layer_contributions_do_not_add_up", name=name, r=r, p=P))
        lines = [
            say("pages.networks.layers_kernel_stride_padding_before_s"),
            "|---|--:|--:|--:|--:|--:|",
        ]
        for (kind, k, s, p, s_in), (count, gr, gp) in groups.items():
            lines.append(
                f"| {count} × {kind} | {k} / {s} | {p} | {s_in} | {count} × {gr} = {count * gr} "
                f"| {count} × {gp} = {count * gp} |"
            )
        lines.append(f"| **total** | | | | 1 + {r - 1} = **{r}** | **{P}** |")
        title = (
            say("pages.networks.as_in_tf_slim", name=name)
            if slim
            else say("pages.networks.in_pytorch_as_usually_written", name=name)
        )
        parts.append(
            f'??? info "{say("pages.networks.where_r_and_p_come_from", title=title)}"\n\n'
            + "\n".join("    " + line for line in lines)
            + "\n"
        )
    return "\n".join(parts)


@cache.cached("across", snippet_file)
def ones_intro(name: str, var: str = "conv") -> str:
    """The sentence that introduces a snippet's all-ones layer, from the layer itself: 'A stride-2 `Conv1d`
    with kernel 3 and `padding=1`, weights 1, on inputs of ones: ... fewer than 3.' Once per version of the
    snippet: a rebuild from the cache then need not import torch for it."""

    conv = snippet_namespace(name)[var]
    kernel, stride, padding = conv.kernel_size, conv.stride, conv.padding
    strides = stride[0] if len(set(stride)) == 1 else stride
    cells = 1
    for k in kernel:
        cells *= k
    return say(
        "pages.networks.a_stride_with_kernel_and_padding",
        strides=strides,
        layer=type(conv).__name__,
        kernel=" × ".join(map(str, kernel)),
        padding=padding[0] if len(set(padding)) == 1 else padding,
        cells=cells,
    )


def same_note() -> str:
    """TensorFlow's 'SAME' split for the stride-2, 3×3 layers of the TF-slim models, on the sizes they meet."""
    from convdocs.core.frameworks import same_pads

    pairs = {n: same_pads("tf", n, 3, 2) for n in (224, 112, 56, 28, 14)}
    if len(set(pairs.values())) != 1:
        raise RuntimeError(say("pages.networks.expected_one_split_for_every_size", pairs=pairs))
    before, after = next(iter(pairs.values()))
    sizes = ", ".join(map(str, pairs))
    return say("pages.networks.for_a_3_3_window_with", sizes=sizes, before=before, after=after)


@cache.cached("across", networks_file, before=traces)
def stem() -> str:
    """The ResNet-50 stem, 224 → 112 → 56, worked through: output sizes, then r, S and P."""

    result = _traced("resnet50", False)
    lines, previous = [], (1, 1, 0)
    for layer in result.layers[:2]:
        step, field = layer.steps[0], layer.fields[0]
        conv = check(input=(step.size,), kernel=step.kernel, stride=step.stride, padding=step.before)
        r0, s0, p0 = previous
        k = step.dilation * (step.kernel - 1) + 1
        lines.append(
            f"| `{layer.name}` {layer.layer} {step.kernel}×{step.kernel}, stride {step.stride}, "
            f"padding {step.before} | {formula(conv, 0)} | r = {r0} + ({k} − 1)·{s0} = {field.r} "
            f"| S = {s0}·{step.stride} = {field.S} | P = {p0} + {step.before}·{s0} = {field.P} |"
        )
        previous = tuple(field)
    r, S, P = previous
    first, last = -P, -P + r - 1
    minus = lambda v: f"−{-v}" if v < 0 else str(v)  # noqa: E731
    head = say("pages.networks.layer_output_size_height_and_width")
    inside = last + 1
    text = head + "\n".join(lines) + "\n\n"
    text += say(
        "pages.networks.so_output_cell_0_of_the",
        size=dims(result.layers[1].output[2:]),
        first=minus(first),
        last=last,
        s=S,
        p=P,
        r=r,
        inside=inside,
        share=format(1 - inside * inside / (r * r), ".0%"),
    )
    return text


@cache.cached("across", networks_file, before=traces)
def stem_in_explorer(size: int = 15) -> str:
    """A link that opens the stem's first two layers in the explorer's stack mode, on a ``size`` × ``size`` input.

    The layers (class, kernel, stride, padding, dilation) are read from the traced model, never typed; the
    input is small so that every grid is drawn (the explorer draws up to 48 × 48 cells).
    """
    from urllib.parse import urlencode

    result = _traced("resnet50", False)
    params: dict[str, object] = {"stack": 1, "ih": size, "iw": size}
    for n, layer in enumerate(result.layers[:2], start=1):
        step = layer.steps[0]
        params.update({f"l{n}": layer.layer, f"k{n}": step.kernel, f"s{n}": step.stride})
        params.update({f"p{n}": step.before, f"d{n}": step.dilation})
    link = say("pages.networks.open_in_stack_mode")
    words = say("pages.networks.on_an_input_every_grid_drawn", size=size)
    return f'<p><a href="../../explorer/?{escape(urlencode(params))}">{link}</a>{words}</p>\n'


# The figure: share of each output cell's receptive field in padding, one map per depth.

HEAT = 16  # cell size in the heatmap, px
STEPS = (0, 0.25, 0.5, 0.75, 1)  # the legend's swatches


def _shade(share: float) -> float:
    return round(0.85 * share, 2)  # ink at up to 85 % opacity: 0 is the page itself


def heatmap_scene(result) -> style.Scene:
    """One grid per geometry layer, each cell filled darker the more of its receptive field is padding."""
    items: list[style.Item] = []
    x: float = style.MARGIN
    top = style.MARGIN + 16
    tallest = max(layer.output[2] for layer in result.layers)
    ranges = []
    for depth, layer in enumerate(result.layers, start=1):
        grid = result.shares(layer)
        rows, cols = len(grid), len(grid[0])
        items.append(
            style.Label(x + cols * HEAT / 2, style.MARGIN + 10, f"layer {depth}: {dims((rows, cols), style.TIGHT)}")
        )
        for i, row in enumerate(grid):
            for j, share in enumerate(row):
                items.append(
                    style.Box(
                        x + j * HEAT, top + i * HEAT, HEAT, HEAT, fill=style.INK, stroke="none", opacity=_shade(share)
                    )
                    if share
                    else style.Box(x + j * HEAT, top + i * HEAT, HEAT, HEAT, fill="none", stroke="none")
                )
        items.append(style.Box(x, top, cols * HEAT, rows * HEAT, width=1))
        flat = [v for row in grid for v in row]
        ranges.append(f"layer {depth} ({rows}×{cols}): {min(flat):.0%} to {max(flat):.0%}")
        x += max(cols * HEAT, style.text_width(f"layer {depth}: {rows}×{cols}")) + 2 * HEAT
    # legend
    y = top + tallest * HEAT + 12
    lx: float = style.MARGIN
    items.append(style.Label(lx, y + 11, say("pages.networks.share_of_the_receptive_field_in"), anchor="start"))
    lx += 0.85 * style.text_width(say("pages.networks.share_of_the_receptive_field_in")) + 8
    for share in STEPS:
        items.append(style.Box(lx, y, HEAT, HEAT, fill=style.INK, stroke=style.INK, width=0.6, opacity=_shade(share)))
        items.append(style.Label(lx + HEAT + 4, y + 12, f"{share:.0%}", anchor="start"))
        lx += HEAT + 4 + style.text_width("100%") + 8
    width = max(x, lx) + style.MARGIN
    height = y + HEAT + style.MARGIN
    alt = (
        say(
            "pages.networks.heat_maps_of_the_output_of",
            layers=len(result.layers),
            size=dims(result.input[2:], style.TIGHT),
        )
        + "; ".join(ranges)
        + "."
    )
    return style.Scene(width, height, alt, items)


@cache.cached("across", snippet_file)
def heatmap(name: str) -> str:
    """The figure for ``snippets/<name>.py``'s ``result`` (a trace), as an inline SVG figure."""

    result = snippet_namespace(name)["result"]
    drawing = svg.render(heatmap_scene(result))
    last = result.layers[-1]
    flat = [v for row in result.shares(last) for v in row]
    free = sum(1 for v in flat if v == 0)
    if free == len(flat):
        share = say("look.heatmap_none", total=len(flat))
    else:
        spread = f"{min(v for v in flat if v):.0%} to {max(flat):.0%}"
        if not free:
            share = say("look.heatmap_all", total=len(flat), range=spread)
        elif free == 1:
            share = say("look.heatmap_one", total=len(flat), range=spread)
        else:
            share = say("look.heatmap_some", free=free, total=len(flat), range=spread)
    caption = (
        say("look.heatmap", layer=len(result.layers), share=share)
        + " "
        + (say("pages.networks.each_map_is_one_layer_s"))
    )
    return (
        f'<figure class="convdocs-figure" data-kind="heatmap">{drawing}'
        f"<figcaption>{escape(caption)}</figcaption></figure>\n"
    )

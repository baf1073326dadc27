"""Markdown for a page section, from one run of one snippet: code, printed output, formulas, figures.

Build glue, called from the pages' ``exec`` fences (markdown-exec). Nothing here is typed twice: the
code is the snippet file, the output is what it printed, the numbers come from the captured layers.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from html import escape
from typing import Any

from convdocs.core.conv import formula
from convdocs.core.conv_cells import Conv
from convdocs.core.ints import DIMENSION_NAMES, article, dims
from convdocs.core.transposed import stretch
from convdocs.core.words import say
from convdocs.figures import describe, scene, svg
from convdocs.figures import style as figure_style
from convdocs.site import cache, captions
from convdocs.site.fences import snippet_blocks
from convdocs.site.snippets import SNIPPETS, Call, SnippetError, run


def figure(
    conv: Conv,
    cell,
    values=None,
    animate=False,
    caption: str = "",
    ran: Conv | None = None,
    lazy: bool | None = None,
    **drawing,
) -> str:
    """An inline SVG figure as one HTML line; ``data-config`` lets tests re-run the configuration in torch.

    ``conv`` is what the figure draws; ``ran`` the layer as torch ran it, when an explicit pad made its
    input (the data-config is always what ran). The caption is ``caption``, what to look at and why
    (:func:`convdocs.site.captions.look`), then what the figure draws, in the legend's words. ``drawing`` goes to :func:`convdocs.figures.scene.build`.
    A ``lazy`` figure (animations are, unless told otherwise) leaves the page's HTML at build time: the
    MkDocs hook writes it to ``figures/<hash>.svg`` and the page loads it when the reader opens it.
    """
    picture = scene.build(conv, cell, values=values, animate=animate, **drawing)
    ran = ran or conv
    config = {k: v for k, v in asdict(ran).items() if k not in ("pads", "output")}
    kind = "animation" if animate else "static"
    attrs = (
        f'class="convdocs-figure" data-kind="{kind}" data-config="{escape(json.dumps(config))}" '
        f'data-output="{dims(ran.output)}" data-legend="{" ".join(k for k, _ in picture.keys)}"'
    )
    if animate if lazy is None else lazy:
        attrs += ' data-lazy=""'
    drawn = describe.caption(picture)
    said = [caption, captions.look(conv, cell, drawing.get("out_values")), drawn[0].upper() + drawn[1:]]
    text = " ".join(part for part in said if part)
    caption = "" if animate else f"<figcaption>{escape(text)}</figcaption>"  # the still above it has the words
    return f"<figure {attrs}>{svg.render(picture)}{caption}</figure>\n"


def legend(keys=None) -> str:
    """The legend drawn with the figures' own style: one swatch and its words per entry, for ``keys`` only
    (those one figure draws) or for every figure."""
    hidden = lambda picture: svg.render(picture).replace(' role="img"', ' aria-hidden="true"', 1)  # noqa: E731
    items = "".join(f"<li>{hidden(swatch)} {escape(words)}</li>" for _, swatch, words in figure_style.legend(keys))
    return f'<ul class="convdocs-legend">{items}</ul>\n'


def proof(name: str, root: str = "") -> str:
    """The home page's proof, first: the figure of ``snippets/<name>.py``'s first layer with the values it
    printed, a legend of only what that figure draws, then the code and its output in a block that opens."""
    return _proof(name).replace('href="../../explorer/', f'href="{root}explorer/')


@cache.cached("proof", lambda name: [SNIPPETS / f"{name}.py"])
def _proof(name: str) -> str:
    result = run(name)
    call = result.calls[0]
    conv = call.drawn
    cell = (0,) * conv.ndim
    drawing: dict[str, Any] = dict(values=call.values, ran=call.conv, out_values=call.out_values)
    drawn = figure(conv, cell, lazy=False, **drawing)
    moving = figure(conv, cell, animate=True, **drawing)
    keys = re.search(r'data-legend="([^"]*)"', drawn)
    code = "\n".join(snippet_blocks(name, result))
    folded = "".join(f"    {line}\n" if line else "\n" for line in code.splitlines())
    return (
        drawn
        + "\n"
        + legend(keys[1].split() if keys else None)
        + f'\n??? example "{say("pages.page.step_the_kernel")}"\n\n    {moving}\n'
        + f'\n??? example "{say("pages.page.code_that_drew_it")}"\n\n{folded}\n'
    )


@cache.cached("provenance")
def provenance() -> str:
    """The one place the site says which PyTorch printed its outputs (the About page). Cached (its key holds
    every installed version): a rebuild from the cache imports no torch."""
    import torch

    return say("page.printed_by", version=torch.__version__) + "\n"


def style() -> str:
    """The figure style as JSON in the page, for scripts that draw (the explorer): ``#convdocs-style``."""
    return f'<script type="application/json" id="convdocs-style">{json.dumps(figure_style.style())}</script>\n'


def formulas(conv: Conv) -> str:
    """The output-size formula worked through for each dimension (dimensions that agree share a line)."""
    names = DIMENSION_NAMES[conv.ndim]
    lines: dict[str, list[str]] = {}
    for axis in range(conv.ndim):
        lines.setdefault(formula(conv, axis), []).append(names[axis])
    return "".join(f"- {' and '.join(axes)}: {text}\n" for text, axes in lines.items())


def padding_words(conv: Conv, value: float = 0) -> str:
    """How the input is padded, in words: 'no padding', '1 zero on every side', 'zero padding of height 2 + 2, ...'."""
    if conv.transposed:
        return say("pages.page.no_input_padding_padding_crops_the", padding=dims([lo for lo, _ in conv.pads]))
    if {side for pair in conv.pads for side in pair} == {0}:
        return "no padding"
    what = {"zeros": "zero" if not value else say("pages.page.cell_of_constant", value=format(value, "g"))}.get(
        conv.padding_mode, f"{conv.padding_mode} cell"
    )
    if len(set(conv.pads)) == 1 and conv.pads[0][0] == conv.pads[0][1]:
        p = conv.pads[0][0]
        return say("pages.page.on_every_side", p=p, what=what, plural="s" if p > 1 else "")
    names = DIMENSION_NAMES[conv.ndim]
    sides = ", ".join(f"{name} {lo} + {hi}" for (lo, hi), name in zip(conv.pads, names))
    return f"{what} padding of {sides} (before + after)"


def transposed_words(conv: Conv) -> str:
    """What the transposed figure shows, in words: the stretch, the implicit padding and the crop."""
    st = [stretch(conv, a) for a in range(conv.ndim)]
    k, d, p = conv.kernel, conv.dilation, [lo for lo, _ in conv.pads]
    stretched = dims([(i - 1) * s + 1 for i, s in zip(conv.input, conv.stride)])
    implicit = " and ".join(sorted({f"{dd}·({kk} − 1) − {pp} = {x.implicit}" for dd, kk, pp, x in zip(d, k, p, st)}))
    text = say(
        "pages.page.stretches_the_input_to_zero_between",
        input=dims(conv.input),
        stretched=stretched,
        inserted=describe.one([x.inserted for x in st]),
        plural="s" if max(x.inserted for x in st) != 1 else "",
        implicit=implicit,
        implicit_plural="" if {x.implicit for x in st} == {1} else "s",
    )
    if any(conv.output_padding):
        text += say("pages.page.and_more_at_the_end_output", output_padding=describe.one(conv.output_padding))
    return text + say("pages.page.slides_the_kernel_over_that_with")


def explorer_link(conv: Conv, index: int) -> str:
    """A link that opens the explorer set to ``conv`` (2-d, one stride, dilation and output padding for
    both dimensions); empty when the explorer cannot show it. The pages that call this sit one folder
    below docs/ (page URL ``folder/page/``); tests/test_links.py fails if a link does not resolve."""
    if conv.ndim != 2 or any(len(set(v)) != 1 for v in (conv.stride, conv.dilation, conv.output_padding)):
        return ""
    padding = conv.padding if isinstance(conv.padding, str) else ",".join(map(str, conv.padding))
    query = (
        f"ih={conv.input[0]}&iw={conv.input[1]}&kh={conv.kernel[0]}&kw={conv.kernel[1]}"
        f"&s={conv.stride[0]}&p={padding}&d={conv.dilation[0]}&mode={conv.padding_mode}"
        f"&t={int(conv.transposed)}&op={conv.output_padding[0]}"
    )
    return f'<p><a href="../../explorer/?{escape(query)}">Open layer {index} in the explorer</a></p>\n'


def _sized(shape, joint: str = "-") -> str:
    """A size in a sentence: 'length-10' before a noun (1-d; 'length 10' with ``joint=""``), else '9 × 7'."""
    return f"length{joint or ' '}{shape[0]}" if len(shape) == 1 else dims(shape)


def layer(call: Call, index: int) -> str:
    """One captured layer: what it does in a sentence, its formula, its figure and its animation."""
    conv, ran = call.drawn, call.conv
    value = call.pad.value if call.pad else 0
    words = padding_words(conv, value)
    made = say("pages.page.before_the_layer", label=call.pad.label) if call.pad else ""
    if conv.transposed:
        action = transposed_words(conv)
    elif words == "no padding":
        action = f"takes the {_sized(conv.input)} input with {words}"
    else:
        action = f"pads the {_sized(conv.input)} input with {words}{made}, to {_sized(conv.padded, '')},"
    out = _sized(conv.output)
    text = f"**Layer {index}** `{call.module!r}` {action} and gives {article(out)} **{out}** output"
    if call.output_size:
        text += say("pages.page.called_with_output_size_which_chose", output_padding=dims(conv.output_padding))
    text += ":\n\n" + formulas(ran) + "\n"
    text += explorer_link(ran, index)
    if conv.ndim == 3:
        return text + say("pages.page.a_3_d_layer_no_figure")
    cell = (0,) * conv.ndim
    drawing: dict[str, Any] = dict(
        values=call.values, ran=ran, padded_by=call.pad and call.pad.label, pad_value=value, out_values=call.out_values
    )
    text += figure(conv, cell, caption=f"Layer {index}:", **drawing)
    if not conv.transposed:  # (a transposed layer's grid is large: its animation would outweigh the page)
        text += (
            f'\n??? example "{say("pages.page.layer_step_the_kernel", index=index)}"\n\n    '
            + figure(conv, cell, animate=True, **drawing)
            + "\n"
        )
    return text + "\n"


def example(name: str, layers: bool = True, root: str = "../../") -> str:
    """Everything a page shows for ``snippets/<name>.py``, from the cache when nothing it depends on changed.

    ``layers=False`` leaves out the per-layer formulas and figures: for recipes whose point is the printed
    output (the porting page's layers convolve inputs that F.pad has already padded). ``root`` is the way
    from the page's URL to the site's root (the home page passes ``""``)."""
    return _example(name, layers).replace('href="../../explorer/', f'href="{root}explorer/')


def explained(result, warning: str) -> str:
    """A warning the snippet raised, with convdocs' explanation: only torch's (the catalogue) are explained;
    any other is a :class:`SnippetError` saying where it came from."""
    from pathlib import Path

    import torch

    from convdocs.core.torch_text import explain_warning

    try:
        return explain_warning(warning)
    except LookupError:
        pass
    file, line = result.raised_at.get(warning, ("?", 0))
    name = f"snippets/{Path(file).name}" if Path(file).parent == SNIPPETS else file
    if Path(torch.__file__).parent in Path(file).parents:
        raise SnippetError(
            say("pages.page.torch_warned_at_which_the_catalogue", warning=repr(warning), file=file, line=line)
        )
    raise SnippetError(say("pages.page.a_warning_raised_at_is_not", name=name, line=line, warning=repr(warning)))


def snippet_file(name: str, *_, **__) -> list:
    """The snippet a cached section runs: ``snippets/<name>.py`` (what :func:`convdocs.site.cache.cached` keys on)."""
    return [SNIPPETS / f"{name}.py"]


@cache.cached("examples", snippet_file)
def _example(name: str, layers: bool = True) -> str:
    result = run(name)
    parts = [
        *snippet_blocks(name, result),
    ]
    if result.warnings:
        parts.append(
            f'!!! warning "{say("pages.page.torch_warned")}"\n\n'
            + "".join(f"    {explained(result, w)}\n" for w in result.warnings)
        )
    if layers:
        parts += [layer(call, i + 1) for i, call in enumerate(result.calls)]
    return "\n".join(parts)

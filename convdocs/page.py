"""Markdown for a page section, from one run of one snippet: code, printed output, formulas, figures.

Build glue, called from the pages' ``exec`` fences (markdown-exec). Nothing here is typed twice: the
code is the snippet file, the output is what it printed, the numbers come from the captured layers.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from html import escape

from convdocs import cache, scene, svg
from convdocs.geometry import DIMENSION_NAMES, Conv, dims, formula
from convdocs.run import SNIPPETS, Call, run


def _fence(text: str, lang: str, title: str) -> str:
    return f'```{lang} title="{title}"\n{text.rstrip()}\n```\n'


def figure(conv: Conv, cell, values=None, animate=False, caption: str = "") -> str:
    """An inline SVG figure as one HTML line; ``data-config`` lets tests re-run the configuration in torch."""
    drawing = svg.render(scene.build(conv, cell, values=values, animate=animate))
    config = {k: v for k, v in asdict(conv).items() if k not in ("pads", "output")}
    kind = "animation" if animate else "static"
    attrs = f'class="convdocs-figure" data-kind="{kind}" data-config="{escape(json.dumps(config))}" data-output="{dims(conv.output)}"'
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure {attrs}>{drawing}{cap}</figure>\n"


def formulas(conv: Conv) -> str:
    """The output-size formula worked through for each dimension (dimensions that agree share a line)."""
    names = DIMENSION_NAMES[conv.ndim]
    lines: dict[str, list[str]] = {}
    for axis in range(conv.ndim):
        lines.setdefault(formula(conv, axis), []).append(names[axis])
    return "".join(f"- {' and '.join(axes)}: {text}\n" for text, axes in lines.items())


def padding_words(conv: Conv) -> str:
    """How the input is padded, in words: 'no padding', '1 zero on every side', 'zero padding of height 2 + 2, ...'."""
    if conv.transposed:
        return f"no input padding (padding {dims([lo for lo, _ in conv.pads])} crops the output)"
    if {side for pair in conv.pads for side in pair} == {0}:
        return "no padding"
    what = {"zeros": "zero"}.get(conv.padding_mode, f"{conv.padding_mode} cell")
    if len(set(conv.pads)) == 1 and conv.pads[0][0] == conv.pads[0][1]:
        p = conv.pads[0][0]
        return f"{p} {what}{'s' if p > 1 else ''} on every side"
    names = DIMENSION_NAMES[conv.ndim]
    sides = ", ".join(f"{name} {lo} + {hi}" for (lo, hi), name in zip(conv.pads, names))
    return f"{what} padding of {sides} (before + after)"


def explorer_link(conv: Conv, index: int) -> str:
    """A link that opens the explorer set to ``conv`` (2-d, one stride, dilation and output padding for
    both dimensions); empty when the explorer cannot show it. The pages that call this sit one folder
    below docs/ (page URL ``folder/page/``); tests/test_links.py fails if a link does not resolve."""
    if conv.ndim != 2 or any(len(set(v)) != 1 for v in (conv.stride, conv.dilation, conv.output_padding)):
        return ""
    padding = conv.padding if isinstance(conv.padding, str) else ",".join(map(str, conv.padding))
    query = (f"ih={conv.input[0]}&iw={conv.input[1]}&kh={conv.kernel[0]}&kw={conv.kernel[1]}"
             f"&s={conv.stride[0]}&p={padding}&d={conv.dilation[0]}&mode={conv.padding_mode}"
             f"&t={int(conv.transposed)}&op={conv.output_padding[0]}")
    return f'<p><a href="../../explorer/?{escape(query)}">Open layer {index} in the explorer</a></p>\n'



def layer(call: Call, index: int) -> str:
    """One captured layer: what it does in a sentence, its formula, its figure and its animation."""
    conv = call.conv
    words = padding_words(conv)
    if words == "no padding" or conv.transposed:
        action = f"takes the {dims(conv.input)} input with {words}"
    else:
        action = f"pads the {dims(conv.input)} input with {words}, to {dims(conv.padded)},"
    text = f"**Layer {index}** `{call.module!r}` {action} and gives a **{dims(conv.output)}** output:\n\n"
    text += formulas(conv) + "\n"
    text += explorer_link(conv, index)
    if conv.ndim == 3:
        return text + "*A 3-d layer: no figure, but each dimension follows its own line of the formula.*\n\n"
    cell = (0,) * conv.ndim
    values = call.values
    text += figure(conv, cell, values, caption=f"Layer {index}: the padded input (padding dashed), the "
                   f"cells that output cell {cell} reads (grey), and the output map.")
    if not conv.transposed:
        text += f'\n??? example "Layer {index}: step the kernel over every output cell"\n\n    ' + figure(
            conv, cell, values, animate=True) + "\n"
    return text + "\n"


def example(name: str, layers: bool = True) -> str:
    """Everything a page shows for ``snippets/<name>.py``, from the cache when nothing it depends on changed.

    ``layers=False`` leaves out the per-layer formulas and figures: for recipes whose point is the printed
    output (the porting page's layers convolve inputs that F.pad has already padded)."""
    key = cache.digest(SNIPPETS / f"{name}.py") + ("" if layers else "-nolayers")
    return cache.cached("examples", key, lambda: _example(name, layers))


def _example(name: str, layers: bool = True) -> str:
    import torch

    result = run(name)
    parts = [
        _fence(result.source, "python", f"snippets/{name}.py"),
        _fence(result.stdout, "text", "Output"),
        f"<small>Printed by PyTorch {torch.__version__} when this page was built.</small>\n",
    ]
    if result.warnings:
        from convdocs.torch_text import explain_warning

        parts.append('!!! warning "torch warned"\n\n' + "".join(f"    {explain_warning(w)}\n" for w in result.warnings))
    if layers:
        parts += [layer(call, i + 1) for i, call in enumerate(result.calls)]
    return "\n".join(parts)

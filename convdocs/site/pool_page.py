"""Markdown for pages about pooling and padding layers, from one run of one snippet (build glue).

Like :func:`convdocs.site.page.example`, but it captures every pooling layer, padding layer and ``F.pad``
call the snippet makes — including the ones torch refuses — and shows, for each: its geometry
(from :mod:`convdocs.core.layers`, checked against the shape torch returned), its figure, and for a
refusal torch's own message followed by convdocs' one-line explanation.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from html import escape
from typing import Any

from convdocs.core import layers, pooling
from convdocs.core import padding as padlayers
from convdocs.core.errors import ConvError
from convdocs.core.ints import DIMENSION_NAMES, article, dims
from convdocs.core.words import say
from convdocs.figures import pool_scene as scene_pool
from convdocs.figures import svg
from convdocs.site import cache, pool_captions
from convdocs.site.fences import snippet_blocks
from convdocs.site.page import snippet_file
from convdocs.site.snippets import run

CAPTURED_LAYERS = tuple(n for n in layers.POOLING + layers.ADAPTIVE + layers.PADDING)


@dataclass
class Seen:
    """One layer call the snippet made: what it was, on what input, and what torch did."""

    name: str  # torch class name, or "F.pad"
    text: str  # how it reads in code (the module's repr, or the F.pad call)
    options: dict
    shape: tuple[int, ...]  # the whole input tensor
    output: tuple[int, ...] | None = None  # the whole output tensor, None when torch raised
    error: str = ""  # torch's whole message (every line) when it raised
    module: Any = None  # the nn.Module that ran (torch is not type-checked here)


def _options(module, name: str) -> dict:
    if name.startswith(("MaxPool", "AvgPool", "LPPool")):
        out = {
            "kernel": module.kernel_size,
            "stride": module.stride,
            "ceil_mode": module.ceil_mode,
        }
        if not name.startswith("LPPool"):
            out["padding"] = module.padding
        if name.startswith("MaxPool"):
            out["dilation"] = module.dilation
        if name.startswith("AvgPool"):
            out["count_include_pad"] = module.count_include_pad
            if not name.endswith("1d"):
                out["divisor_override"] = module.divisor_override
        return out
    if name.startswith("Adaptive"):
        return {"output_size": module.output_size}
    out = {"padding": module.padding}
    if name.startswith("ConstantPad"):
        out["value"] = module.value
    return out


def _text(module, name: str) -> str:
    """The module as code: its repr, plus the AvgPool options the repr leaves out when they are not the default."""
    text = repr(module)
    if name.startswith("AvgPool"):
        extra = [
            f"{key}={value!r}"
            for key, value, default in (
                ("ceil_mode", module.ceil_mode, False),
                ("count_include_pad", module.count_include_pad, True),
                ("divisor_override", getattr(module, "divisor_override", None), None),
            )
            if value != default
        ]
        if extra:
            text = text[:-1] + ", " + ", ".join(extra) + ")"
    return text


def _geometry(seen: Seen):
    """convdocs' answer for a captured call (raises ConvError where torch should have refused)."""
    if seen.name == "F.pad":
        return padlayers.fpad(seen.shape, **seen.options)
    n = layers.dims_of(seen.name)
    assert n is not None, seen.name  # Fold and Unfold are not among CAPTURED_LAYERS
    options = {k: (list(v) if isinstance(v, tuple) and k == "output_size" else v) for k, v in seen.options.items()}
    if "output_size" in options and isinstance(options["output_size"], list):
        options["output_size"] = tuple(options["output_size"])
    geo = layers.layer(seen.name, tuple(seen.shape[-n:]), **options)
    return geo


@contextlib.contextmanager
def _capture(seen: list[Seen]):
    """Record pooling and padding modules (around their forward) and F.pad calls made outside them."""
    from convdocs.tracing.intercept import watching

    active: list[tuple[object, Seen]] = []

    def before(module, args):
        name = type(module).__name__
        if name in CAPTURED_LAYERS:
            entry = Seen(
                name,
                _text(module, name),
                _options(module, name),
                tuple(args[0].shape),
                module=module,
            )
            seen.append(entry)
            active.append((module, entry))

    def after(module, args, kwargs, output):  # always called, with output None when forward raised
        if type(module).__name__ in CAPTURED_LAYERS and active and active[-1][0] is module:
            entry = active.pop()[1]
            if output is not None:
                entry.output = tuple(output.shape)

    def fpad(original, args, kwargs):
        if active:  # a padding layer's own F.pad: the layer is the call shown
            return original(*args, **kwargs)
        x, pad = args[0] if args else kwargs["input"], tuple(kwargs.get("pad", args[1] if len(args) > 1 else ()))
        mode = kwargs.get("mode", args[2] if len(args) > 2 else "constant")
        value = kwargs.get("value", args[3] if len(args) > 3 else None)
        text = (
            f"F.pad(x, {pad!r}"
            + (f", mode={mode!r}" if mode != "constant" else "")
            + (f", value={value!r}" if value is not None else "")
            + ")"
        )
        entry = Seen("F.pad", text, {"pad": pad, "mode": mode, "value": value}, tuple(x.shape))
        seen.append(entry)
        try:
            out = original(*args, **kwargs)
        except Exception as error:
            entry.error = str(error)
            raise
        entry.output = tuple(out.shape)
        return out

    with watching(before=before, after=after, fpad=fpad):
        yield


def _torch_error(call: Seen) -> str:
    """torch's whole message for a call that raised: the F.pad message caught, or the module run again."""
    import torch

    if call.error:
        return call.error
    try:
        with torch.no_grad():
            call.module(torch.zeros(call.shape))
    except Exception as error:  # noqa: BLE001 - any refusal is what we show
        return str(error)
    raise RuntimeError(say("pages.pool_page.ran_when_run_again", call_text=call.text))


def _describe(index: int, seen: Seen, geo) -> str:
    assert seen.output is not None  # only calls torch ran are described
    shape_in, shape_out = dims(seen.shape), dims(seen.output)
    head = say(
        "pages.pool_page.call_takes_tensor_and_returns",
        index=index,
        seen_text=seen.text,
        article_in=article(shape_in),
        shape_in=shape_in,
        shape_out=shape_out,
    )
    lines = []
    if isinstance(geo, pooling.Pool):
        names = DIMENSION_NAMES[geo.ndim]
        head += f", with {pooling.words(geo)}:"
        lines = [f"- {names[a]}: {pooling.formula(geo, a)}" for a in range(geo.ndim)]
        if geo.kind == "avg":
            import itertools

            divisors = sorted({geo.divisor(c) for c in itertools.product(*map(range, geo.output))})
            lines.append(say("pages.pool_page.divisors_of_the_output_cells", divisors=", ".join(map(str, divisors))))
    elif isinstance(geo, pooling.Adaptive):
        head += (
            say("pages.pool_page.with_no_padding_each_output_cell")
            + ("averages" if geo.kind == "avg" else say("pages.pool_page.takes_the_max_of"))
            + " its bin:"
        )
        names = DIMENSION_NAMES[geo.ndim]
        lines = [f"- {names[a]}: " + " ".join(f"[{s}, {e})" for s, e in geo.bins(a)) for a in range(geo.ndim)]
    else:
        head += f"; {geo.mode} padding" + (f" with {geo.value:g}" if geo.mode == "constant" else "") + ":"
        for d, ((lo, hi), i) in enumerate(zip(geo.sides, geo.shape)):
            if lo or hi:
                lines.append(
                    f"- dimension {d}: {padlayers.side_sum(lo, i, hi)}"
                    + (say("pages.pool_page.negative_a_crop") if min(lo, hi) < 0 else "")
                )
    return head + "\n\n" + "\n".join(lines) + "\n\n"


def _figure(seen: Seen, geo, cell) -> str:
    assert seen.output is not None  # only calls torch ran are drawn
    if geo.ndim > 2 or max(geo.output + tuple(getattr(geo, "input", ()))) > 16:
        return ""
    if isinstance(geo, padlayers.Pad) and geo.lead == 0:
        lead = len(geo.shape) - 2 if len(geo.shape) > 2 else 0
        if any(geo.sides[:lead]) or len(geo.shape) - lead > 2:
            return ""
        geo = padlayers.Pad(geo.name, geo.mode, geo.value, geo.shape, geo.amounts, geo.out_shape, lead)
    drawing = scene_pool.build(geo, cell)
    config = {"name": seen.name, "options": seen.options, "shape": list(seen.shape)}
    attrs = (
        f'class="convdocs-layer-figure" data-layer="{escape(json.dumps(config, default=str))}" '
        f'data-output="{dims(seen.output)}"'
    )
    caption = pool_captions.look(geo)  # what to look at and why; the drawing's <title> holds the alt text
    return f"<figure {attrs}>{svg.render(drawing)}<figcaption>{escape(caption)}</figcaption></figure>\n\n"


@cache.cached("pool-examples", snippet_file)
def example(name: str, figures: bool = True, cells: dict | None = None) -> str:
    """Everything a page shows for ``snippets/<name>.py`` (cached by content)."""
    cells = cells or {}
    seen: list[Seen] = []
    with _capture(seen):
        result = run(name)
    parts = [
        *snippet_blocks(name, result),
    ]
    if not figures:
        return "\n".join(parts)
    unique, keys = [], set()
    for call in seen:  # a call made twice with the same input is shown once
        key = (call.text, repr(call.options), call.shape, call.output, call.error)
        if key not in keys:
            keys.add(key)
            unique.append(call)
    for index, call in enumerate(unique, 1):
        try:
            geo = _geometry(call)
        except ConvError as error:
            if call.output is not None:
                raise RuntimeError(
                    say("pages.pool_page.convdocs_refuses_torch_ran", name=name, index=index, error=error)
                ) from None
            why = getattr(error, "why", "")
            whole = _torch_error(call)  # shown whole: every line torch wrote
            if getattr(error, "torch", None) != whole.splitlines()[0]:
                raise RuntimeError(  # noqa: B904
                    say("pages.pool_page.message_is_not_torchs", name=name, index=index, error=error)
                )
            message = "".join(f"    {line}\n" for line in whole.splitlines())
            parts.append(
                f'!!! failure "Call {index}: torch refuses `{call.text}` on {article(dims(call.shape))} {dims(call.shape)} tensor"\n\n'
                f"    ```text\n{message}    ```\n\n" + (f"    *Why:* {why}\n" if why else "")
            )
            continue
        if call.output is None:
            raise RuntimeError(say("pages.pool_page.torch_refused_convdocs_accepts", name=name, index=index))
        got = geo.out_shape if isinstance(geo, padlayers.Pad) else geo.output
        want = call.output if isinstance(geo, padlayers.Pad) else call.output[-geo.ndim :]
        if tuple(got) != tuple(want):
            raise RuntimeError(f"{name}.py: convdocs says {got}, torch says {want} for call {index}")
        parts.append(_describe(index, call, geo))
        parts.append(_figure(call, geo, cells.get(index)))
    return "\n".join(parts)

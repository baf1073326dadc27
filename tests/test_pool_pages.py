"""The Pooling, Padding layers and U-Net pages of the built site: every layer figure is what torch gives."""

from __future__ import annotations

import html
import json
import re

import torch
import torch.nn.functional as F
from torch import nn

from tests.test_site import page

PAGES = ("guide/pooling", "guide/padding-layers", "guide/unet-odd-sizes")


def layer_figures(text: str):
    for attrs, svg in re.findall(r'<figure class="convdocs-layer-figure"([^>]*)>(<svg.*?</svg>)', text, re.DOTALL):
        config = json.loads(html.unescape(re.search(r'data-layer="([^"]*)"', attrs).group(1)))
        yield config, re.search(r'data-output="([^"]*)"', attrs).group(1), svg


def _torch_output(config) -> str:
    x = torch.zeros(config["shape"])
    options = {
        ("kernel_size" if k == "kernel" else k): tuple(v) if isinstance(v, list) else v
        for k, v in config["options"].items()
    }
    with torch.no_grad():
        if config["name"] == "F.pad":
            options = {k: v for k, v in options.items() if v is not None}
            out = F.pad(x, **options)
        else:
            out = getattr(nn, config["name"])(**options)(x)
    return " × ".join(map(str, out.shape))


def test_every_layer_figure_is_what_torch_gives(site):
    checked = 0
    for name in PAGES:
        for config, output, svg in layer_figures(page(site, name)):
            assert output == _torch_output(config), (name, config)
            title = re.search(r"<title>([^<]{40,})</title>", svg)
            assert title and 'role="img"' in svg, (name, svg[:200])
            checked += 1
    assert checked >= 12, checked


def test_divisors_drawn_are_the_count_include_pad_values(site):
    text = page(site, "guide/pooling")
    svgs = [svg for _, _, svg in layer_figures(text)]
    assert any(">÷9<" in svg for svg in svgs) and any(">÷4<" in svg for svg in svgs)
    assert "0.4440" in text  # AvgPool2d(3, 1, 1) on ones, in a corner: 4/9, printed by torch


def test_refusals_show_torch_text_then_our_explanation(site):
    """Each refusal box: torch's message (also printed by the snippet itself), then convdocs' explanation."""
    found, whole = 0, []
    for name in PAGES:
        text = page(site, name)
        outputs = html.unescape(
            "".join(re.findall(r'<span class="filename">Output</span>(.*?)</pre>', text, re.DOTALL))
        )
        outputs = re.sub(r"<[^>]+>", "", outputs)
        boxes = re.findall(
            r'<p class="admonition-title">Call \d+: torch refuses .*?</p>\s*<div[^>]*>(.*?)</div>\s*'
            r"<p><em>Why:</em> (.*?)</p>",
            text,
            re.DOTALL,
        )
        for torch_text, why in boxes:
            torch_text = html.unescape(re.sub(r"<[^>]+>", "", torch_text)).strip()
            printed = "\n".join(line.strip() for line in outputs.splitlines())
            assert "\n".join(line.strip() for line in torch_text.splitlines()) in printed, (name, torch_text)
            assert why.strip()
            found += 1
            whole.append(torch_text)
    assert found == 6, found
    # torch's message is shown whole, not cut to its first line (F.pad reflect with 2 amounts on 4-d: 5 lines)
    import torch as _torch

    try:
        F.pad(_torch.zeros(1, 1, 3, 3), (1, 1), mode="reflect")
    except NotImplementedError as error:
        message = str(error)
    assert message.count("\n") >= 3
    assert any(
        [line.strip() for line in shown.splitlines()] == [line.strip() for line in message.splitlines()]
        for shown in whole
    ), whole

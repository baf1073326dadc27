"""Figures from what ran: explicit padding is captured and drawn as padding, a layer called again by a
check is one layer, a transposed layer is drawn as the direct convolution that torch's numbers equal,
and captions name only what a figure draws."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from convdocs.core import conv as geometry
from convdocs.core.transposed import stretch
from convdocs.figures import describe, scene, style, svg
from convdocs.site import page
from convdocs.site.snippets import run_source
from tests.test_figures import elements

HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


def calls(body: str):
    return run_source(HEADER + body, Path("snippet.py")).calls


def test_a_layer_called_again_on_the_same_shape_is_one_layer():
    got = calls(
        "conv = nn.Conv2d(1, 1, 3)\nx = torch.zeros(1, 1, 5, 5)\n"
        "y = conv(x)\nprint(torch.allclose(conv(x), y))\nconv(torch.zeros(1, 1, 6, 6))\n"
        "nn.Conv2d(1, 1, 3)(x)\n"
    )
    assert [(c.conv.input, c.module is got[0].module) for c in got] == [((5, 5), True), ((6, 6), True), ((5, 5), False)]


PADS = [  # (code that pads x, then convolves with conv, label, F.pad mode, constant)
    ("conv(F.pad(x, (1, 1, 1, 1)))", "F.pad constant", "constant", 0),
    ("conv(F.pad(x, (1, 2, 0, 1), value=2.0))", "F.pad constant", "constant", 2),
    ("conv(F.pad(x, (1, 1, 2, 1), mode='reflect'))", "F.pad reflect", "reflect", 0),
    ("conv(F.pad(x, (2, 0, 1, 1), mode='replicate'))", "F.pad replicate", "replicate", 0),
    ("conv(F.pad(x, (1, 1, 1, 2), mode='circular'))", "F.pad circular", "circular", 0),
    ("conv(nn.ZeroPad2d(1)(x))", "ZeroPad2d", "constant", 0),
    ("conv(nn.ConstantPad2d((1, 0, 1, 0), 3.0)(x))", "ConstantPad2d", "constant", 3),
    ("conv(nn.ReflectionPad2d(1)(x))", "ReflectionPad2d", "reflect", 0),
    ("conv(nn.ReplicationPad2d((0, 1, 1, 0))(x))", "ReplicationPad2d", "replicate", 0),
    ("conv(nn.CircularPad2d(2)(x))", "CircularPad2d", "circular", 0),
    ("nn.Sequential(nn.ReflectionPad2d(1), conv)(x)", "ReflectionPad2d", "reflect", 0),
    ("Net()(x)", "F.pad replicate", "replicate", 0),
]
NET = (
    "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = conv\n"
    "    def forward(self, x):\n        return self.c(F.pad(x, (1, 1, 1, 1), mode='replicate'))\n"
)


@pytest.mark.parametrize("code,label,mode,value", PADS, ids=[p[0] for p in PADS])
def test_explicit_padding_is_drawn_as_padding(code, label, mode, value):
    body = f"x = torch.arange(1.0, 13.0).reshape(1, 1, 3, 4)\nconv = nn.Conv2d(1, 1, 2)\n{NET}{code}\n"
    (call,) = calls(body)
    x = torch.arange(1.0, 13.0).reshape(1, 1, 3, 4)
    padded = (
        F.pad(x, call.pad.amounts, mode=mode, value=value)
        if mode == "constant"
        else F.pad(x, call.pad.amounts, mode=mode)
    )
    assert call.pad.label == label and call.pad.value == value
    drawn = call.drawn
    assert drawn.input == (3, 4) and drawn.padded == tuple(padded.shape[2:]) == call.conv.input
    assert drawn.output == call.conv.output
    assert call.values == x[0, 0].int().tolist()
    # every cell the figure prints is the value torch padded in
    picture = scene.build(drawn, (0, 0), values=call.values, padded_by=call.pad.label, pad_value=value)
    root = ET.fromstring(svg.render(picture))
    numbers = sorted(
        (float(t.get("y")), float(t.get("x")), float(t.text))
        for t in elements(root)
        if t.tag.endswith("}text") and t.get("font-size") == f"{style.NUMBER:g}"
    )
    assert [v for _, _, v in numbers] == padded[0, 0].flatten().tolist()
    dashed = [e for e in elements(root) if e.get("stroke-dasharray") == style.DASH]
    assert len(dashed) == padded[0, 0].numel() - x.numel()
    assert f"by {label}" in svg.render(picture) and label in picture.alt
    assert "dashed" in describe.caption(picture) and label in describe.caption(picture)


def test_padding_words_name_the_op_and_the_true_input():
    (call,) = calls(
        "conv = nn.Conv2d(1, 1, 3)\nx = torch.zeros(1, 1, 3, 3)\nconv(F.pad(x, (1, 1, 1, 1), mode='reflect'))\n"
    )
    text = page.layer(call, 1)
    assert (
        "pads the 3 × 3 input with 1 reflect cell on every side (`F.pad reflect`, before the layer), to 5 × 5" in text
    )
    assert '"input": [5, 5]' in text.replace("&quot;", '"')  # the data-config is what torch ran


def test_a_layer_with_its_own_padding_after_a_pad_draws_its_input_as_input():
    (call,) = calls("conv = nn.Conv2d(1, 1, 3, padding=1)\nconv(F.pad(torch.zeros(1, 1, 3, 3), (1, 1, 1, 1)))\n")
    assert call.pad is None and call.drawn.input == (5, 5)


def test_transposed_formula_keeps_the_product():
    conv = geometry.check(input=(4, 4), kernel=3, stride=2, padding=1, transposed=True)
    assert geometry.formula(conv, 0) == "(4 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 7"
    assert " + 3 − 1" not in geometry.formula(conv, 0)


TRANSPOSED = [
    dict(
        input=(i, j),
        kernel=(k, k2),
        stride=(s, s2),
        padding=(p, p2),
        dilation=(d, 1),
        output_padding=(a, 0),
        transposed=True,
    )
    for i, j, k, k2, s, s2, p, p2, d, a in itertools.islice(
        itertools.product((1, 3), (2, 4), (1, 3), (2, 3), (1, 2, 3), (1, 2), (0, 1, 3), (0, 2), (1, 2), (0, 1)),
        0,
        None,
        23,
    )
]


@pytest.mark.parametrize("config", TRANSPOSED, ids=str)
def test_stretched_input_reproduces_conv_transpose(config):
    """torch's conv_transpose2d equals conv2d (flipped kernel, stride 1) over the grid stretch() describes."""
    try:
        conv = geometry.check(**config)
    except geometry.ConvError:
        return
    torch.manual_seed(0)
    x = torch.randn(1, 1, *conv.input)
    w = torch.randn(1, 1, *conv.kernel)
    want = F.conv_transpose2d(
        x,
        w,
        stride=conv.stride,
        padding=[lo for lo, _ in conv.pads],
        output_padding=conv.output_padding,
        dilation=conv.dilation,
    )
    rows, cols = (stretch(conv, a) for a in (0, 1))
    full = torch.zeros(1, 1, rows.size + conv.dilation[0] * 3, cols.size + conv.dilation[1] * 3)
    for (pr, i), (pc, j) in itertools.product(rows.inputs, cols.inputs):
        full[0, 0, pr, pc] = x[0, 0, i, j]
    grid = full[:, :, rows.used[0] : rows.used[1], cols.used[0] : cols.used[1]]
    got = F.conv2d(grid, w.flip(-1, -2), dilation=conv.dilation)
    assert got.shape == want.shape and torch.allclose(got, want, atol=1e-5)
    for o in range(conv.output[0]):  # the cells the figure shades are the window of that conv2d
        assert rows.reads(o) == [rows.used[0] + o + t * conv.dilation[0] for t in range(conv.kernel[0])]


def test_transposed_figure_draws_stretch_crop_and_output_padding():
    conv = geometry.check(input=(4, 4), kernel=3, stride=2, padding=1, output_padding=1, transposed=True)
    picture = scene.build(conv, (0, 0))
    root = ET.fromstring(svg.render(picture))
    boxes = [e for e in elements(root) if e.tag.endswith("}rect")]
    count = lambda **attrs: len([b for b in boxes if all(b.get(k) == v for k, v in attrs.items())])  # noqa: E731
    assert count(fill=style.INPUT) == 16
    # the uncropped grid is 7 + 2·2 = 11 a side; padding 1 crops the outer ring except where
    # output_padding adds a row and a column back at the end
    assert count(fill=style.OUTPUT) == 64 and count(**{"stroke-dasharray": style.DOTTED}) > 0
    assert count(stroke=style.EXTRA) == 10 + 10 - 1 + 15  # input side 10 + 10 − 1, output side 8 + 8 − 1
    assert [k for k, _ in picture.keys] == ["input", "zeros", "cropped", "extra", "read", "output"]
    assert "padding" not in dict(picture.keys) and "red slash" not in picture.alt


def test_captions_and_alt_texts_name_only_what_is_drawn():
    cases = [
        dict(input=(5, 5), kernel=3),
        dict(input=(5, 5), kernel=3, padding=1),
        dict(input=(6, 6), kernel=3, stride=2, padding=1),
        dict(input=(3, 3), kernel=3, stride=2, transposed=True),
    ]
    for config in cases:
        picture = scene.build(geometry.check(**config), (0, 0))
        text = svg.render(picture)
        assert ("dashed" in describe.caption(picture)) == (f'stroke-dasharray="{style.DASH}"' in text), config
        assert ("red" in describe.caption(picture)) == (style.DROPPED in text) == ("red slash" in picture.alt)


def test_home_page_legend_is_generated_from_the_style():
    index = (Path(__file__).parent.parent / "docs" / "index.md").read_text()
    assert "legend()" in index and not re.search(r"\*\*(blue|grey|cyan|red slash)\*\*", index)
    html = page.legend()
    for key, words in style.LEGEND.items():
        assert escape(words) in html, key
    for colour in (style.INPUT, style.OUTPUT, style.READ, style.DROPPED, style.EXTRA):
        assert colour in html


def test_transposed_layers_say_what_the_figure_shows():
    got = calls(
        "up = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)\nx = torch.zeros(1, 1, 4, 4)\n"
        "up(x)\nup(x, output_size=(8, 8))\n"
        "nn.ConvTranspose2d(1, 1, 4, stride=3, padding=1, dilation=2, output_padding=2)(x)\n"
    )
    first, chosen, wide = (page.layer(c, i) for i, c in enumerate(got))
    assert "stretches the 4 × 4 input to 7 × 7 (1 zero between neighbouring cells)" in first
    assert "1·(3 − 1) − 1 = 1 implicit zero on each side, slides" in first and "output_size" not in first
    assert "1 more at the end (output_padding)" in chosen
    assert "(called with `output_size=`, which chose output_padding 1 × 1)" in chosen
    assert "to 10 × 10 (2 zeros between" in wide and "2·(4 − 1) − 1 = 5 implicit zeros" in wide
    assert "2 more at the end" in wide and "**16 × 16**" in wide  # (4 − 1)·3 − 2·1 + 2·(4 − 1) + 2 + 1


def test_layer_sentence_reads_as_english_in_1d_and_2d():
    """1-d sizes read 'length-10 input', not 'the 10 input'; the article follows the number ('an 8 × 8')."""
    (call,) = calls("conv = nn.Conv1d(1, 1, 3, stride=2, padding=1)\nconv(torch.zeros(1, 1, 10))\n")
    text = page.layer(call, 1)
    assert "pads the length-10 input with" in text and ", to length 12," in text
    assert "gives a **length-5** output" in text
    (call,) = calls("conv = nn.Conv2d(1, 1, 3, padding=1)\nconv(torch.zeros(1, 1, 8, 8))\n")
    assert "gives an **8 × 8** output" in page.layer(call, 1)

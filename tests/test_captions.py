"""Figure captions say what to look at, with numbers that PyTorch gives for the same layer (issue 24)."""

from __future__ import annotations

import itertools
import re

import pytest
import torch
import torch.nn.functional as F

from convdocs.core.conv import check
from convdocs.site.captions import look

CONFIGS = [  # (input, kernel, stride, padding, dilation)
    ((5, 5), 3, 1, 1, 1),
    ((7, 7), 3, 2, 1, 1),
    ((6, 6), 3, 2, 1, 1),
    ((7, 5), (3, 2), 1, (2, 1), 1),
    ((9, 9), 3, 1, 2, 2),
    ((8,), 4, 3, 2, 1),
]


def ones_conv(shape, kernel, stride, padding, dilation) -> torch.Tensor:
    """Each output value of an all-ones input and all-ones kernel: how many input (not padding) cells it reads."""
    k = (kernel,) * len(shape) if isinstance(kernel, int) else kernel
    conv = F.conv1d if len(shape) == 1 else F.conv2d
    return conv(torch.ones(1, 1, *shape), torch.ones(1, 1, *k), stride=stride, padding=padding, dilation=dilation)[0, 0]


@pytest.mark.parametrize("config", CONFIGS)
def test_the_padding_count_is_what_torch_computes(config):
    """'output cell (0, 0) takes N of its T cells from the padding': on ones, torch's value there is T − N."""
    shape, kernel, stride, padding, dilation = config
    conv = check(input=shape, kernel=kernel, stride=stride, padding=padding, dilation=dilation)
    cell = (0,) * len(shape)
    said = look(conv, cell)
    count, total = map(int, re.search(r"takes (\d+) of its (\d+) cells from the padding", said).groups())
    assert ones_conv(*config)[cell].item() == total - count


@pytest.mark.parametrize("config", CONFIGS)
def test_border_and_inside_values_are_torch_values(config):
    shape, kernel, stride, padding, dilation = config
    conv = check(input=shape, kernel=kernel, stride=stride, padding=padding, dilation=dilation)
    out = ones_conv(*config).int().tolist()
    said = look(conv, (0,) * len(shape), out)
    found = re.search(r"border: (\d+)(?: (?:and|to) (\d+))? there, (\d+)(?: (?:and|to) (\d+))? inside", said)
    if not found:  # every window takes in padding, or a border value equals an inner one: no such sentence
        return
    low, high, inner_low, inner_high = (int(v) if v else None for v in found.groups())
    values = [out[c[0]] if len(c) == 1 else out[c[0]][c[1]] for c in itertools.product(*map(range, conv.output))]
    assert min(values) == low and max(values) == (inner_high or inner_low)
    assert inner_low > (high or low)  # on ones, a window with padding in it sums fewer ones


def test_an_unpadded_layer_counts_its_positions_and_the_floor_leaves_cells_unread():
    said = look(check(input=(7, 7), kernel=3), (0, 0))
    assert "5 × 5 positions on the 7 × 7 input" in said
    assert tuple(F.conv2d(torch.ones(1, 1, 7, 7), torch.ones(1, 1, 3, 3)).shape[2:]) == (5, 5)
    said = look(check(input=(6,), kernel=3, stride=2, padding=1), (0,))
    # padded to 8: windows start at 0 and 2 and 4 and end at 6, so the 8th cell is read by none
    assert said.endswith("One cell of the padded input is read by no output cell.")
    assert F.conv1d(torch.ones(1, 1, 6), torch.ones(1, 1, 3), stride=2, padding=1).shape[-1] == 3


def test_a_transposed_figure_says_how_much_of_its_window_is_input():
    said = look(check(input=(3, 3), kernel=3, stride=2, transposed=True), (0, 0))
    assert said.startswith("Look at the highlighted window: output cell (0, 0) spans 9 positions of the stretched grid")


def test_colour_words_come_from_the_figure_style():
    """A caption's and the legend's colour words are the style's names for the colours drawn (issue 24)."""
    from convdocs.figures import describe, style

    names = set(style.COLOUR_NAMES.values())
    drawn = {
        "input": style.INPUT,
        "output": style.OUTPUT,
        "read": style.READ,
        "unread": style.DROPPED,
        "extra": style.EXTRA,
    }
    for key, colour in drawn.items():
        said = [word for word in re.findall(r"[a-z]+", style.LEGEND[key]) if word in names]
        assert said and said[0] == style.COLOUR_NAMES[colour], (key, style.LEGEND[key])
    conv = check(input=(6,), kernel=3, stride=2, padding=1)
    for key, colour in drawn.items():
        words = describe.legend_words(key, conv, (0,), None, 0)
        assert [w for w in re.findall(r"[a-z]+", words) if w in names] == [style.COLOUR_NAMES[colour]], (key, words)


def test_named_edges_are_where_torch_counts_padding():
    """The caption names the sides of the output whose windows take in padding (the whole border only when all
    four do): over one- and two-sided padding, on ones, exactly the cells it names hold fewer than k·k (h8 D3)."""
    from convdocs.core.solve import explicit, f_pad

    named = bordered = 0
    sides = ((0, 0), (0, 1), (1, 0), (1, 1), (0, 2), (2, 1))
    for size, kernel, stride, rows, columns in itertools.product((5, 6), (2, 3), (1, 2), sides, sides):
        if rows == columns == (0, 0):
            continue
        pads = (rows, columns)
        conv = explicit((size, size), kernel, stride, pads=pads)
        out = F.conv2d(
            F.pad(torch.ones(1, 1, size, size), f_pad(pads)), torch.ones(1, 1, kernel, kernel), stride=stride
        )
        values = out[0, 0].int().tolist()
        said = look(conv, (0, 0), values)
        if "Look at the output's" not in said:  # no sentence from the values: the one from the windows alone
            said = look(conv, (0, 0))
        short = {(r, c) for r, row in enumerate(values) for c, v in enumerate(row) if v < kernel * kernel}
        h, w = len(values), len(values[0])
        if "border:" in said:
            ring = {(r, c) for r in range(h) for c in range(w) if min(r, c, h - 1 - r, w - 1 - c) == 0}
            assert ring <= short, (size, kernel, stride, pads, said)
            bordered += 1
            continue
        found = re.match(r"Look at the output's (.*?): ", said)
        if not found:
            continue
        cells: set = set()
        for end, count, noun in re.findall(r"(first|last) (?:(\d+) )?(row|column)s?", found.group(1)):
            n = int(count or 1)
            for r, c in itertools.product(range(h), range(w)):
                at, length = (r, h) if noun == "row" else (c, w)
                if (at < n) if end == "first" else (at >= length - n):
                    cells.add((r, c))
        assert cells == short, (size, kernel, stride, pads, said)
        named += 1
    assert named > 50 and bordered > 10


@pytest.mark.parametrize(
    "shape, kernel, stride, padding, output_padding, dilation",
    [
        ((4, 4), 3, 2, 1, 0, 1),
        ((4, 4), 3, 2, 1, 1, 1),
        ((3,), 3, 3, 0, 2, 1),
        ((5,), 2, 1, 1, 0, 2),
        ((3, 4), 3, 1, 2, 0, 1),
    ],
)
def test_a_transposed_figure_counts_the_input_cells_its_window_reads(
    shape, kernel, stride, padding, output_padding, dilation
):
    """'output cell c spans T positions of the stretched grid and reads N input cells there': on ones, with a kernel
    of ones, torch's transposed convolution gives N at every output cell it names (h4)."""
    conv = check(
        input=shape, kernel=kernel, stride=stride, padding=padding, output_padding=output_padding,
        dilation=dilation, transposed=True,
    )  # fmt: skip
    f = F.conv_transpose1d if len(shape) == 1 else F.conv_transpose2d
    out = f(torch.ones(1, 1, *shape), torch.ones(1, 1, *(kernel,) * len(shape)), stride=stride, padding=padding,
            output_padding=output_padding, dilation=dilation)[0, 0]  # fmt: skip
    assert tuple(out.shape) == conv.output
    for cell in itertools.product(*map(range, conv.output)):
        said = look(conv, cell)
        found = re.search(r"spans (\d+) positions of the stretched grid and reads (one|\d+) input cells? there", said)
        total, inside = (int(found[1]), found[2]) if found else (re.search(r"all (\d+) positions", said)[1], None)
        inside = int(total) if inside is None else 1 if inside == "one" else int(inside)
        assert out[cell].item() == inside, (cell, said)
        assert int(total) == kernel ** len(shape)


def _figures(site):
    """(page, figure's HTML with its drawing inline, caption text, alt text) for every figure with a caption."""
    from html import unescape

    from tests.conftest import inline_figures

    found = []
    for page in sorted(site.rglob("*.html")):
        for figure in re.findall(r"<figure\b.*?</figure>", inline_figures(page), re.S):
            caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
            if not caption:
                continue
            alt = re.search(r"<title>(.*?)</title>", figure, re.S) or re.search(r'<img [^>]*alt="([^"]*)"', figure)
            text = unescape(re.sub(r"<[^>]+>", "", caption[1])).strip()
            found.append((page.relative_to(site).as_posix(), figure, text, unescape(alt[1]).strip() if alt else ""))
    return found


def _look_sentences() -> list[re.Pattern]:
    """The catalogue's sentences that tell a reader what to look at, as patterns (placeholders match any text)."""
    from convdocs.core.words import WORDS

    keys = [k for k in WORDS if k.startswith(("captions.", "edges.values", "look."))]
    patterns = []
    for key in keys:
        text = WORDS[key]
        if not text[:1].isupper():
            continue  # a part of a sentence
        parts = re.split(r"\{[a-z_]+\}", text)
        patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
    return patterns


def test_no_caption_on_the_site_restates_its_alt_text(site):
    """Every figure's caption on the built site says what to look at and why (one of the catalogue's look
    sentences), is not its alt text, and repeats no sentence of it (issue 24: 15 captions were their alt text)."""
    figures = _figures(site)
    assert len(figures) >= 50, len(figures)
    looks = _look_sentences()
    for page, _, caption, alt in figures:
        assert alt, (page, caption)
        assert caption != alt, (page, caption)
        sentences = [s.strip() for s in re.split(r"(?<=[.:])\s+", caption) if len(s.strip()) > 20]
        assert not [s for s in sentences if s in alt], (page, caption, alt)
        assert any(p.search(caption) for p in looks), (page, caption)


COLOUR_WORDS = ("blue", "cyan", "grey", "gray", "red", "magenta", "green", "yellow", "orange", "purple", "pink",
                "black", "white", "brown", "teal", "violet")  # fmt: skip


def test_caption_colour_words_are_the_style_names_of_colours_drawn(site):
    """A colour a caption names is the figure style's name (style.COLOUR_NAMES) of a colour its drawing uses."""
    from convdocs.figures.style import COLOUR_NAMES

    by_name = {name: colour for colour, name in COLOUR_NAMES.items()}
    named = 0
    for page, figure, caption, _ in _figures(site):
        for word in re.findall(r"[a-z]+", caption.lower()):
            if word in COLOUR_WORDS:
                assert word in by_name, (page, word, caption)
                assert re.search(rf'(?:fill|stroke)="{by_name[word]}"', figure, re.I), (page, word, caption)
                named += 1
    assert named >= 50, named

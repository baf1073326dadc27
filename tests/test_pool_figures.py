"""Pooling figures (pure Python, < 1 s): a ceil_mode window's cells past the input are not drawn as padding."""

from __future__ import annotations

import re

from convdocs.core import layers
from convdocs.figures import pool_scene as scene_pool
from convdocs.figures import svg

PAD_DASH = 'stroke-dasharray="3 2"'


def _figure(name, size, **options):
    scene = scene_pool.build(layers.layer(name, size, **options))
    return scene, svg.render(scene)


def test_past_the_input_is_hatched_not_dashed_and_never_called_padding():
    """MaxPool1d(2, ceil_mode=True) on 5: no padding; its third window reaches one cell past the input."""
    scene, text = _figure("MaxPool1d", (5,), kernel=2, ceil_mode=True)
    assert PAD_DASH not in text  # nothing dashed: there is no padding
    assert "padding" not in scene.alt.replace("not padding", "")
    assert "past the end of the input" in scene.alt and "past the end of the input" in text
    assert "<line" in text  # the hatch
    # the one cell past the input: a solid square with the hatch inside it (not the padding's dash)
    boxes = re.findall(r'<path ([^>]*?) d="([^"]*)"/>', text)
    assert not any("dasharray" in style for style, _ in boxes)


def test_with_padding_the_cells_past_it_differ_from_the_padding_cells():
    scene, text = _figure("MaxPool1d", (4,), kernel=3, stride=2, padding=1, ceil_mode=True)
    assert "past the padding" in scene.alt and "Hatched" in scene.alt
    dashed = [s for s, _ in re.findall(r'<path ([^>]*?) d="([^"]*)"/>', text) if "dasharray" in s]
    assert dashed and all(PAD_DASH in s for s in dashed)  # padding is dashed ...
    hatched = re.findall(r'<path ([^>]*?) d="([^"]*)"/>', text)
    assert any("dasharray" not in s and 'stroke-width="0.8"' in s for s, _ in hatched)  # ... the past cells are not


def test_no_partial_window_no_hatch():
    scene, text = _figure("MaxPool1d", (6,), kernel=2, ceil_mode=True)
    assert "Hatched" not in scene.alt and "<line" not in text


def test_dropped_window_caption_says_where_it_would_start():
    """a window starting past the right padding was captioned as starting in it."""
    past, _ = _figure("MaxPool1d", (4,), kernel=2, stride=3, padding=1, ceil_mode=True)  # starts −1, 2; dropped 5
    inside, _ = _figure("MaxPool1d", (5,), kernel=2, stride=2, padding=1, ceil_mode=True)  # starts −1, 1, 3; dropped 5
    assert "because it would start past the right padding." in past.alt and "start in the right" not in past.alt
    assert "because it would start in the right padding." in inside.alt


def test_adaptive_call_says_what_its_own_kind_does_with_a_bin():
    """an AdaptiveAvgPool1d call said each output cell 'averages or takes the max of' its bin."""
    from convdocs.site import pool_page as page_pool

    for name, words in (
        ("AdaptiveAvgPool1d", "each output cell averages its bin:"),
        ("AdaptiveMaxPool1d", "each output cell takes the max of its bin:"),
    ):
        seen = page_pool.Seen(name, f"{name}(output_size=3)", {"output_size": 3}, (1, 1, 5), (1, 1, 3))
        text = page_pool._describe(1, seen, layers.layer(name, (5,), output_size=3))
        assert words in text and " or " not in text.split("bin")[0], text


def test_cells_no_window_reads_are_named_in_caption_and_legend():
    """pooling figures slashed unread cells in red without a word in the caption or the legend."""
    scene, text = _figure("MaxPool1d", (5,), kernel=2, stride=2)  # the 5th cell: no window reads it
    slashes = text.count("<line")
    assert slashes == 1 and "Red slash: 1 input cell no window reads." in scene.alt
    assert "read by no window" in text  # the legend strip
    scene, text = _figure("MaxPool2d", (15, 15), kernel=2, stride=2)  # the last row and column
    assert "Red slash: 29 input cells no window reads." in scene.alt
    scene, text = _figure("MaxPool1d", (5,), kernel=2, stride=2, padding=1, ceil_mode=True)  # the right padding cell
    assert "Red slash: 1 padding cell no window reads." in scene.alt
    scene, text = _figure("MaxPool1d", (6,), kernel=2, stride=2)
    assert "Red slash" not in scene.alt and "read by no window" not in text

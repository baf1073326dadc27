"""Pooling figures (pure Python, < 1 s): a ceil_mode window's cells past the input are not drawn as padding."""

from __future__ import annotations

import re

from convdocs import layers, scene_pool, svg

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

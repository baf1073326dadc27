"""Figures: deterministic, small, accessible, and drawing what geometry says."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from convdocs.core import conv as geometry
from convdocs.figures import describe, raster, scene, style, svg

# conv_arithmetic's GIF for the same case, in bytes (shared/reference/anchors.md)
GIFS = {
    "no_padding_no_strides": (dict(input=(4, 4), kernel=3), 37_751),
    "same_padding_no_strides": (dict(input=(5, 5), kernel=3, padding=1), 276_460),
    "full_padding_no_strides": (dict(input=(5, 5), kernel=3, padding=2), 435_605),
    "arbitrary_padding_no_strides": (dict(input=(5, 5), kernel=4, padding=2), 476_750),
    "no_padding_strides": (dict(input=(5, 5), kernel=3, stride=2), 44_665),
    "padding_strides": (dict(input=(5, 5), kernel=3, stride=2, padding=1), 118_422),
    "padding_strides_odd": (dict(input=(6, 6), kernel=3, stride=2, padding=1), 122_211),
    "dilation": (dict(input=(7, 7), kernel=3, dilation=2), 124_951),
}
SEVEN_BY_SEVEN = [
    dict(input=(7, 7), kernel=3, padding=p, stride=s)
    for p, s in [("same", 1), ("valid", 1), ((2, 1), 1), (0, 2), (1, 2), (3, 1)]
]


def elements(root, inherited=None):
    """Every drawn element, with the attributes its groups give it (as a browser resolves them).

    A path of closed squares ("M x y h w v h h -w z" each) counts as one rect per square.
    """
    for child in root:
        attrs = {**(inherited or {}), **child.attrib}
        if child.tag.endswith("}g"):
            yield from elements(child, attrs)
        elif child.tag.endswith("}path"):
            for square in re.findall(r"M([-\d.]+) ([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+z", attrs.pop("d")):
                rect = ET.Element("{http://www.w3.org/2000/svg}rect", dict(attrs))
                rect.attrib.update(zip(("x", "y", "width", "height"), square))
                yield rect
        else:
            child.attrib.clear()
            child.attrib.update(attrs)
            yield child


def drawing(config, cell=(0, 0), **kw) -> str:
    return svg.render(scene.build(geometry.check(**config), cell, **kw))


@pytest.mark.parametrize("name", sorted(GIFS))
def test_animation_is_at_most_a_fifth_of_the_gif(name):
    config, gif = GIFS[name]
    size = len(drawing(config, animate=True).encode())
    print(f"{name}: {size} bytes, GIF {gif} ({gif / size:.0f}x)")
    assert size <= gif / 5


@pytest.mark.parametrize("config", SEVEN_BY_SEVEN, ids=str)
def test_seven_by_seven_figure_is_under_30_kb(config):
    assert len(drawing(config).encode()) < 30_000
    assert len(drawing(config, animate=True).encode()) < 30_000


@pytest.mark.slow
def test_figures_are_byte_identical_across_processes():
    code = (
        "from convdocs.core import conv as geometry; from convdocs.figures import scene, svg; import sys; "
        "sys.stdout.write(svg.render(scene.build(geometry.check(input=(6, 6), kernel=3, stride=2, padding=1),"
        " (1, 1), animate=True)))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1 and runs.pop() == drawing(
        dict(input=(6, 6), kernel=3, stride=2, padding=1), (1, 1), animate=True
    )


def test_png_is_byte_identical(tmp_path):
    conv = geometry.check(input=(5, 5), kernel=3, padding=1, padding_mode="circular")
    values = [[r * 5 + c for c in range(5)] for r in range(5)]
    for name in ("a.png", "b.png"):
        raster.save(scene.build(conv, (2, 2), values=values), str(tmp_path / name))
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.parametrize(
    "config",
    SEVEN_BY_SEVEN
    + [dict(input=(6, 6), kernel=3, stride=2, padding=1), dict(input=(7, 5), kernel=(4, 2), padding="same")],
    ids=str,
)
def test_figure_draws_what_geometry_says(config):
    conv = geometry.check(**config)
    text = drawing(config)
    root = ET.fromstring(text)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    rects = [e for e in elements(root) if e.tag == f"{ns}rect"]
    dashed = [r for r in rects if r.get("stroke-dasharray")]
    inputs = [r for r in rects if r.get("fill") == style.INPUT]
    outputs = [r for r in rects if r.get("fill") == style.OUTPUT]
    area = lambda shape: shape[0] * shape[1]  # noqa: E731
    assert len(inputs) == area(conv.input)
    assert len(dashed) == area(conv.padded) - area(conv.input)
    assert len(outputs) == area(conv.output)
    lines = [e for e in elements(root) if e.tag == f"{ns}line"]
    assert len([ln for ln in lines if ln.get("stroke") == style.DROPPED]) == len(conv.unread())
    taps = [r for r in rects if r.get("fill") == style.READ and r.get("stroke") is None]
    assert len(taps) == len(conv.reads((0, 0)))
    assert root.find(f"{ns}title").text.startswith(describe.describe(conv, (0, 0)))
    assert ("red slash" in root.find(f"{ns}title").text) == bool(conv.unread())


def test_dilation_leaves_gaps_between_taps():
    conv = geometry.check(input=(7, 7), kernel=3, dilation=2)
    assert conv.reads((0, 0)) == [(r, c) for r in (0, 2, 4) for c in (0, 2, 4)]


def test_padding_values_show_the_mode():
    conv = geometry.check(input=(3, 3), kernel=3, padding=1, padding_mode="reflect")
    values = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    root = ET.fromstring(svg.render(scene.build(conv, (0, 0), values=values)))
    numbers = sorted(
        (float(t.get("y")), float(t.get("x")), t.text)
        for t in elements(root)
        if t.tag.endswith("}text") and t.get("font-size") == f"{style.NUMBER:g}"
    )
    assert [text for _, _, text in numbers[:5]] == ["5", "4", "5", "6", "5"]  # top padding row mirrors row 1


def test_animation_stops_for_reduced_motion():
    text = drawing(dict(input=(5, 5), kernel=3, padding=1), animate=True)
    assert "@media (prefers-reduced-motion:reduce)" in text and "@keyframes" in text


@pytest.mark.parametrize("panels", ["input", "output"])
def test_each_side_can_be_drawn_alone(panels):
    config = dict(input=(6, 6), kernel=3, stride=2, padding=1)
    conv = geometry.check(**config)
    root = ET.fromstring(drawing(config, (1, 1), panels=panels, animate=True))
    rects = [e for e in elements(root) if e.tag.endswith("}rect")]
    inputs = [r for r in rects if r.get("fill") == style.INPUT]
    outputs = [r for r in rects if r.get("fill") == style.OUTPUT]
    if panels == "input":
        assert len(inputs) == 36 and not outputs
        assert len([r for r in rects if r.get("fill") == style.READ and r.get("stroke") is None]) == 9
    else:
        assert len(outputs) == 9 and not inputs
    assert (
        f"Shown: the {'input side' if panels == 'input' else 'output map'}."
        in root.find("{http://www.w3.org/2000/svg}title").text
    )
    assert len(drawing(config, (1, 1), panels=panels)) < len(drawing(config, (1, 1)))
    with pytest.raises(geometry.ConvError):
        scene.build(conv, (0, 0), panels="left")


def test_one_dimensional_cell_is_written_as_one_index():
    """a Conv1d figure said 'output cell (0, 0)' in its title and '(0,)' in its caption."""
    from convdocs.core import conv as _geometry
    from convdocs.figures import describe as _describe
    from convdocs.figures import scene as _scene

    for cell in ((0, 0), (0,)):  # the default cell and an explicit one
        picture = _scene.build(_geometry.check(input=(5,), kernel=3, padding=1), cell)
        assert "output cell (0) reads" in picture.alt and "(0, 0)" not in picture.alt, picture.alt
        assert "output cell (0) reads" in _describe.caption(picture) and "(0,)" not in _describe.caption(picture)


def test_one_inserted_zero_is_singular():
    """'1 zeros inserted between neighbouring input cells'."""
    from convdocs.core import conv as _geometry
    from convdocs.figures import scene as _scene

    up = _geometry.check(input=(3, 3), kernel=3, stride=2, transposed=True)
    assert "1 zero inserted between" in _scene.build(up).alt
    up3 = _geometry.check(input=(3, 3), kernel=3, stride=3, transposed=True)
    assert "2 zeros inserted between" in _scene.build(up3).alt

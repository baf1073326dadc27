"""Every number (any text in a cell) drawn in a figure keeps WCAG AA contrast (4.5:1) against its cell, in both colour schemes.

axe-core does not look inside SVG, so this measures it: the text colour and the colours of the boxes
under the number (composited in order, over the page background) are read from the SVG itself; the
page's text and background colours (``currentColor`` and what shows through an unfilled cell) are the
theme's own, in the light and the dark scheme. A number is checked with and without the grey of the
cells one output reads, since an animation moves that shading over every cell.
"""

from __future__ import annotations

import colorsys
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from convdocs.core import conv as geometry
from convdocs.figures import scene, style, svg
from tests.test_figures import elements

AA = 4.5
THEME = Path(__import__("material").__file__).parent / "templates" / "assets" / "stylesheets"


def _hsla(text: str, hue: float):
    sat, light, a = re.match(r"hsla\(var\(--md-hue\),\s*([\d.]+)%,\s*([\d.]+)%,\s*([\d.]+)\)", text).groups()
    r, g, b = colorsys.hls_to_rgb(hue / 360, float(light) / 100, float(sat) / 100)
    return (r * 255, g * 255, b * 255, float(a))


def _hex(text: str):
    text = text.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    values = [int(text[i : i + 2], 16) for i in range(0, len(text), 2)]
    return (*values[:3], values[3] / 255 if len(values) == 4 else 1.0)


def theme_schemes() -> dict:
    """(text, background) of Material's light and dark (slate) schemes, read from its stylesheets."""
    main = next(THEME.glob("main.*.min.css")).read_text()
    palette = next(THEME.glob("palette.*.min.css")).read_text()
    hue = float(re.search(r"--md-hue:([\d.]+)deg", main).group(1))
    slate = palette[palette.index("[data-md-color-scheme=slate]{") :]
    return {
        "light": (
            _hex(re.search(r"--md-default-fg-color:(#[0-9a-f]+)", main).group(1)),
            _hex(re.search(r"--md-default-bg-color:(#[0-9a-f]+)", main).group(1)),
        ),
        "dark": (
            _hsla(re.search(r"--md-default-fg-color:(hsla\(var\(--md-hue\)[^)]*\))", slate).group(1), hue),
            _hsla(re.search(r"--md-default-bg-color:(hsla\(var\(--md-hue\)[^)]*\))", slate).group(1), hue),
        ),
    }


def over(top, below):
    """``top`` (r, g, b, alpha) composited over the opaque ``below``, as a browser does (in sRGB)."""
    a = top[3]
    return tuple(a * t + (1 - a) * b for t, b in zip(top[:3], below[:3])) + (1.0,)


def luminance(c) -> float:
    def linear(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in c[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def number_contrasts(text: str, schemes: dict):
    """(number, scheme, with grey?, ratio) for every number in the SVG ``text``."""
    root = ET.fromstring(text)
    boxes = [e for e in elements(root) if e.tag.endswith("}rect")]
    small = [b for b in boxes if float(b.get("width")) <= 2 * style.CELL and float(b.get("height")) <= 2 * style.CELL]
    for label in (e for e in elements(root) if e.tag.endswith("}text")):
        x, y = float(label.get("x")), float(label.get("y")) - float(label.get("font-size")) * 0.35
        if not any(
            float(b.get("x")) <= x <= float(b.get("x")) + float(b.get("width"))
            and float(b.get("y")) <= y <= float(b.get("y")) + float(b.get("height"))
            for b in small
        ):
            continue  # not in a cell: a label under a panel or in a legend row, on the page itself
        under = [
            b
            for b in boxes
            if float(b.get("x")) <= x <= float(b.get("x")) + float(b.get("width"))
            and float(b.get("y")) <= y <= float(b.get("y")) + float(b.get("height"))
            and b.get("fill", "none") != "none"
        ]
        cells = [b for b in under if b.get("fill") != style.READ]  # the grey is added below, both ways
        for name, (ink, page) in schemes.items():
            paint = lambda fill: ink if fill == "currentColor" else _hex(fill)  # noqa: E731, B023
            base = page
            for box in cells:
                colour = paint(box.get("fill"))
                base = over(colour[:3] + (colour[3] * float(box.get("fill-opacity", 1)),), base)
            for grey in (False, True):
                ground = over(_hex(style.READ)[:3] + (style.READ_OPACITY,), base) if grey else base
                yield label.text, name, grey, ratio(over(paint(label.get("fill")), ground), ground)


VALUES = [[r * 3 + c + 1 for c in range(3)] for r in range(3)]
CASES = [
    dict(conv=dict(input=(3, 3), kernel=3, padding=1, padding_mode=mode), values=VALUES, out_values=VALUES)
    for mode in geometry.PADDING_MODES
] + [
    dict(conv=dict(input=(3, 3), kernel=3, stride=2, padding=1, transposed=True, output_padding=1), values=VALUES),
    dict(conv=dict(input=(3, 3), kernel=3, padding=2), values=VALUES, animate=True),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["conv"]))
def test_numbers_in_figures_meet_aa_in_both_schemes(case):
    case = dict(case)
    conv = geometry.check(**case.pop("conv"))
    results = list(number_contrasts(svg.render(scene.build(conv, (0, 0), **case)), theme_schemes()))
    assert results
    worst = min(results, key=lambda r: r[3])
    print(f"worst: {worst[0]!r} in the {worst[1]} scheme{' under grey' if worst[2] else ''}: {worst[3]:.2f}:1")
    assert worst[3] >= AA, worst


def test_legend_numbers_meet_aa():
    for _, swatch, _ in style.legend(["values"]):
        label = swatch.top[0]
        for _ink, page in theme_schemes().values():
            assert ratio(_hex(label.fill), over(_hex(style.INPUT), page)) >= AA


def test_contrast_measure_can_fail():
    """White numbers on the input blue (the old style) are 3.7:1: the measure must catch them."""
    blue = _hex(style.INPUT)
    assert 3.6 < ratio(_hex("#ffffff"), blue) < 3.8
    assert 5.6 < ratio(_hex(style.ON_FILL), blue) < 5.8


def test_every_number_on_the_site_meets_aa(site, server, browser):
    """All figures of the built site, with the scheme colours the browser really computes."""
    schemes = theme_schemes()
    for name, dark in (("light", False), ("dark", True)):
        context = browser.new_context(color_scheme="dark" if dark else "light")
        tab = context.new_page()
        tab.goto(server + "guide/padding-modes/")
        got = tab.evaluate("""() => { const svg = document.querySelector('.convdocs-figure svg');
            return [getComputedStyle(svg).color, getComputedStyle(document.body).backgroundColor]; }""")
        context.close()
        parsed = [tuple(float(v) for v in re.findall(r"[\d.]+", c)) for c in got]
        ink, page = (p + (1.0,) if len(p) == 3 else p for p in parsed)
        want_ink, want_page = schemes[name]
        assert all(abs(a - b) < 1.5 for a, b in zip(ink[:3], want_ink[:3])) and abs(ink[3] - want_ink[3]) < 0.01
        assert all(abs(a - b) < 1.5 for a, b in zip(page[:3], want_page[:3]))
    checked, worst = 0, (None, 99.0)
    for path in sorted(site.rglob("index.html")):
        for drawing in re.findall(
            r'<figure class="convdocs-(?:layer-)?figure"[^>]*>(<svg.*?</svg>)', path.read_text(), re.S
        ):
            for value, scheme_name, grey, r in number_contrasts(drawing, schemes):
                checked += 1
                if r < worst[1]:
                    worst = ((path.parent.name, value, scheme_name, grey), r)
    print(f"{checked} numbers checked; worst {worst[1]:.2f}:1 {worst[0]}")
    assert checked >= 200 and worst[1] >= AA, worst


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_home_pages_proof_is_on_the_first_screen(site, server, browser, width, height):
    """The home page's first figure (the padded input and the output, with their numbers) starts on the first
    screen, and most of its drawing is there, on a desktop and on a phone."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.goto(server)
    top, bottom, numbers = tab.evaluate(
        """() => { const svg = document.querySelector('article figure.convdocs-figure svg');
                   const r = svg.getBoundingClientRect();
                   return [r.top, r.bottom, svg.querySelectorAll('text').length]; }"""
    )
    context.close()
    print(f"home at {width}x{height}: the proof's drawing spans {top:.0f}-{bottom:.0f} px")
    assert numbers >= 20 and 0 <= top and top + 0.75 * (bottom - top) <= height, (top, bottom, numbers)

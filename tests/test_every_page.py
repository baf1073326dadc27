"""Every page of the built site, loaded once in the light scheme at 1280 px and then narrowed to 390 px, with
every check a page gets at both widths: axe-core, code and tables that fit, figure cells and figure text large
enough to read. One load serves them all (they were four walks over the site, each loading every page); the
dark scheme's axe run is test_accessibility's. The layout follows the width: nothing on these pages is decided
at load by it, so a page narrowed after load is the page a phone loads."""

from __future__ import annotations

import re

import pytest

from convdocs.figures import style
from tests.test_accessibility import PARTS, axe_problems, pages
from tests.test_reading import MEASURE, PHONE, WIDE

# The scale at which every inline static figure is drawn (its width on screen over its viewBox's)
CELL_SCALES = """() => [...document.querySelectorAll('.convdocs-figure[data-kind=static] svg')]
  .map(svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)"""
# Every text of every drawn figure as rendered: [size in px, the figure's family (its class), the text]
FIGURE_TEXT = """() => { const out = [];
  for (const fig of document.querySelectorAll('article figure')) {
    for (const svg of fig.querySelectorAll('svg:not([aria-hidden=true])')) {
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim() || !t.getBoundingClientRect().width) continue;
        const m = t.getScreenCTM();
        out.push([parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b), fig.className.split(' ')[0],
                  t.textContent.slice(0, 24)]);
      } } }
  return out; }"""
SMALLEST_CELL = {WIDE: 24, PHONE: 12}  # px: a cell at 1280 px (numbers 10 px and more), and on a 390 px phone
SMALLEST_TEXT = {WIDE: 12, PHONE: 10}  # px: figure text on a desktop, and on a 390 px phone
INLINE_STATIC = re.compile(r'<figure class="convdocs-figure" data-kind="static"[^>]*><svg')
DRAWN_FAMILY = re.compile(r'<figure class="(convdocs-[a-z-]*figure)"[^>]*><svg')


def at(tab, width: int) -> None:
    tab.set_viewport_size({"width": width, "height": 900})
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_at_1280_then_390_px(site, server, tab, part):
    """Each page, loaded in the light scheme at 1280 px (no console error or uncaught exception, as in every
    ``tab`` test):

    - axe-core finds no violation (every rule);
    - no code or output block is clipped; at either width no page scrolls sideways, no copy button covers
      text, no table scrolls sideways and no code in a table breaks inside a word; at 390 px at least 60% of
      the text is 12 px or larger, counted as Lighthouse's font-size audit counts it (MEASURE in
      test_reading, whose test shows it catching each);
    - every cell of every static figure is drawn at least 24 px wide at 1280 px, and, the figures shrinking
      to the column, at least 12 px at 390 px;
    - with its folded blocks opened, every text of every drawn figure (conv figures, pooling and padding-layer
      figures, U-Net, heat maps, porting's 'SAME' figures) is at least 12 px at 1280 px and 10 px at 390 px.
    """
    problems, checked = [], 0
    for name in pages(site)[part::PARTS]:
        html = (site / name / "index.html").read_text(encoding="utf-8")
        static, families = len(INLINE_STATIC.findall(html)), set(DRAWN_FAMILY.findall(html))
        tab.set_viewport_size({"width": WIDE, "height": 900})
        tab.goto(server + (name + "/" if name else ""))
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        tab.wait_for_timeout(50)  # the theme adds its copy buttons after load
        tab.wait_for_function("() => !document.querySelector('.cd-explorer:not([data-drawn])')")  # drawn whole
        page = name or "home"
        problems += axe_problems(tab, f"{page} (light)")
        for width in (WIDE, PHONE):
            if width != WIDE:
                at(tab, width)
            problems += [f"{page}: {p}" for p in tab.evaluate(MEASURE, width == WIDE)]
            scales = tab.evaluate(CELL_SCALES)
            if len(scales) != static:
                problems.append(f"{page}: {len(scales)} static figures measured at {width} px, {static} in the page")
            problems += [
                f"{page}: a figure's cell is {scale * style.CELL:.1f} px at {width} px (at least {SMALLEST_CELL[width]})"
                for scale in scales
                if scale * style.CELL < SMALLEST_CELL[width]
            ]
        tab.evaluate("() => document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
        for width in (PHONE, WIDE):
            if width != PHONE:
                at(tab, width)
            texts = tab.evaluate(FIGURE_TEXT)
            if not families <= {family for _, family, _ in texts}:
                problems.append(f"{page}: no text measured in {families - {f for _, f, _ in texts}} at {width} px")
            problems += [
                f"{page}: {family} text {text!r} is {size:.2f} px at {width} px (at least {SMALLEST_TEXT[width]})"
                for size, family, text in texts
                if size < SMALLEST_TEXT[width] - 0.05
            ]
        checked += 1
    assert checked >= 4
    assert not problems, "\n".join(problems)[:6000]


def test_the_site_draws_enough_figures_to_measure(site):
    """The walk above measures at least 30 inline static figures, and text in conv figures and in layer
    figures (pooling and padding layers)."""
    html = [(site / name / "index.html").read_text(encoding="utf-8") for name in pages(site)]
    assert sum(len(INLINE_STATIC.findall(text)) for text in html) >= 30
    assert {"convdocs-figure", "convdocs-layer-figure"} <= {f for text in html for f in DRAWN_FAMILY.findall(text)}

"""Pages hold still while they load: no layout shift a reader would see (Lighthouse's cumulative layout shift).

Pages are loaded at 390 px and at 1280 px, and every layout shift Chromium reports until the page has settled
is summed. The explorer fills in from
several scripts; it stays hidden until its first whole drawing (explorer.js sets data-drawn), so its controls
and figure appear at once instead of jumping. It scored 0.237 (Lighthouse, mobile) before that.
"""

from __future__ import annotations

import pytest

# every layout shift, summed as Lighthouse sums them for a page that loads once (no input in between)
_WATCH = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""
# pages of each kind, and the explorer started in each mode, on a refusal and on a pooling layer
PAGES = (
    "",
    "guide/pooling/",
    "explorer/",
    "explorer/?mode=Stack",
    "explorer/?kh=99",
    "explorer/?layer=MaxPool2d",
    "explorer/?t=1",
)
BUDGET = 0.01  # Lighthouse scores a shift of 0.1 at 0.9; the pages here shift by 0


def _shift(browser, url: str, width: int, extra_css: str = "") -> float:
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 800})
    context.add_init_script(_WATCH)
    if extra_css:  # served at the end of the site's own stylesheet

        def restyle(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text() + extra_css)

        context.route("**/assets/convdocs.css", restyle)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_function("() => !document.querySelector('.cd-explorer:not([data-drawn])')")
    tab.wait_for_timeout(150)  # anything a late script moves
    shift = tab.evaluate("window.__shift")
    context.close()
    return shift


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_do_not_jump_while_they_load(server, browser, width):
    shifts = {page: _shift(browser, server + page, width) for page in (PAGES if width < 600 else PAGES[:3])}
    assert all(shift < BUDGET for shift in shifts.values()), shifts


def test_the_measure_sees_the_explorer_jump_when_it_shows_before_it_is_drawn(server, browser):
    """A test that cannot fail is a defect: with the rule that hides the explorer until drawn overridden, the
    phone's explorer page shifts by more than the budget."""
    shown = ".cd-explorer { visibility: visible !important; animation: none !important; }"
    assert _shift(browser, server + "explorer/", 390, shown) > 10 * BUDGET

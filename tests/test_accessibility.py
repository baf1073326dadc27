"""axe-core on every page of the built site, in the light and the dark scheme: zero violations. The light
scheme's run is part of the walk in test_every_page (one load per page for every check at 1280 px); the dark
scheme, a page loaded as a reader with a dark system sees it, is checked here."""

from __future__ import annotations

import pytest


def pages(site):
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "")
        for p in site.rglob("index.html")
        if p.parent.name not in ("search", "assets")
    )


PARTS = 6  # the pages are checked in this many groups, so the test workers share them out


def axe_problems(tab, where: str) -> list[str]:
    """Every axe-core violation on ``tab``'s page, one line each, prefixed with ``where``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"resultTypes": ["violations"]})  # every rule runs; failures come back whole
    return [
        f"{where}: {v['id']} {node['target']} {node['failureSummary'][-170:].replace(chr(10), ' ')}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_has_no_axe_violations_in_the_dark_scheme(site, server, tab, part):
    everything = pages(site)
    assert len(everything) >= 2 * PARTS, everything
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.emulate_media(color_scheme="dark")  # a reader whose system is dark: the page loads in it
    failures, checked = [], 0
    for name in everything[part::PARTS]:
        tab.goto(server + (name + "/" if name else ""))
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        tab.wait_for_timeout(50)  # let the theme's scripts finish decorating the page
        failures += axe_problems(tab, f"{name or 'home'} (dark)")
        checked += 1
    assert checked >= 2
    assert not failures, "\n".join(failures)[:6000]

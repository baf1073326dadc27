"""axe-core on every page of the built site, in the light and the dark scheme: zero violations."""

from __future__ import annotations

import pytest


def pages(site):
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "")
        for p in site.rglob("index.html")
        if p.parent.name not in ("search", "assets")
    )


PARTS = 6  # the pages are checked in this many groups per scheme, so the test workers share them out


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(site, server, browser, scheme, part):
    from axe_playwright_python.sync_playwright import Axe

    everything = pages(site)
    assert len(everything) >= 2 * PARTS, everything
    axe = Axe()
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    failures, checked = [], 0
    for name in everything[part::PARTS]:
        tab.goto(server + (name + "/" if name else ""))
        expected = "slate" if scheme == "dark" else "default"
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        tab.wait_for_timeout(50)  # let the theme's scripts finish decorating the page
        results = axe.run(
            tab, options={"resultTypes": ["violations"]}
        )  # every rule runs; only failures come back whole
        checked += 1
        for v in results.response["violations"]:
            for node in v["nodes"]:
                failures.append(
                    f"{name or 'home'} ({scheme}): {v['id']} {node['target']} {node['failureSummary'][-170:].replace(chr(10), ' ')}"
                )
    context.close()
    assert checked >= 2
    assert not failures, "\n".join(failures)[:6000]

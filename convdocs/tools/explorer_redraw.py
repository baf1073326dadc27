"""The explorer's redraw after a change at a 32 × 32 input (issue 23: at most 50 ms on 2 cores), measured in
Debian's chromium through Playwright on a built site. ``make bench`` reports it beside the explorer page's
weight; tests/test_explorer_values.py holds the budget with the same measurement (``times``).

``python -m convdocs.tools.explorer_redraw [SITE_DIR]`` measures it alone (site/ by default).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUDGET_MS = 50.0
SIZE = 32
QUERY = f"?ih={SIZE}&iw={SIZE}&kh=3&kw=3&s=1&p=1&d=1&mode=reflect&vals=random&seed=1"
CHANGES = 11  # seeds 2 to 12: each a new input, so every value, table and label is redrawn
# One change: the Seed field's input event (the explorer redraws synchronously: figure, numbers, tables, code),
# timed alone ("script") and with the style and layout of the new figure it forces ("layout"); the paint after it
# is not in either.
_CHANGE = """changes => {
  const seed = document.querySelector('#cd-seed'), figure = document.querySelector('[data-testid=figure]');
  const out = {script: [], layout: []};
  for (let n = 2; n < 2 + changes; n++) {
    const t0 = performance.now();
    seed.value = String(n);
    seed.dispatchEvent(new Event('input'));
    const t1 = performance.now();
    figure.getBoundingClientRect();
    out.script.push(t1 - t0);
    out.layout.push(performance.now() - t0);
  }
  return out;
}"""


def open_explorer(tab, base: str, query: str = QUERY) -> None:
    """The explorer at ``query`` in Playwright page ``tab``, once it has loaded the parts it needs and drawn."""
    tab.goto(base + "explorer/" + query)
    tab.wait_for_selector("#convdocs-explorer:not([data-loading])", state="attached")
    tab.wait_for_selector("[data-testid=output-values]")


def times(tab, base: str) -> dict[str, list[float]]:
    """Milliseconds of each of ``CHANGES`` redraws of the explorer at ``QUERY``, opened in ``tab``: {"script": the
    explorer's own work, "layout": that and the style and layout it forces}."""
    open_explorer(tab, base)
    return tab.evaluate(_CHANGE, CHANGES)


def measure(site: Path) -> dict:
    """The redraw on the built ``site`` in a fresh chromium: median and max ms of its script alone and with layout
    (``summary``), and the bytes of the site's files the page fetched to draw it (``loaded``: its HTML, scripts,
    styles, the parts loaded on demand and the search index)."""
    from playwright.sync_api import sync_playwright

    from convdocs.tools import chromium
    from convdocs.tools.lighthouse import serve

    fetched: set[str] = set()
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.executable(), args=chromium.ARGS)
        try:
            tab = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            tab.on("response", lambda r: fetched.add(r.url.split("?")[0].removeprefix(base)) if r.ok else None)
            got = times(tab, base)
        finally:
            browser.close()
    files = [site / (name + "index.html" if name.endswith("/") or not name else name) for name in fetched]
    loaded = sum(f.stat().st_size for f in files if f.is_file())
    return {**summary(got), "loaded": loaded}


def summary(got: dict[str, list[float]]) -> dict[str, float]:
    """{script, script_max, layout, layout_max}: the medians and maxima of ``times``' two measures."""
    out = {}
    for kind, values in got.items():
        out[kind], out[kind + "_max"] = statistics.median(values), max(values)
    return out


def line(got: dict) -> str:
    """The measure in one line, as ``make bench`` and this module print it."""
    return (
        f"explorer redraw after a change at {SIZE} × {SIZE} (median of {CHANGES}, chromium): {got['layout']:.1f} ms "
        f"with style and layout (max {got['layout_max']:.1f}), script alone {got['script']:.1f} ms "
        f"(max {got['script_max']:.1f}); {got['loaded']:,} bytes of the site fetched to draw it"
    )


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    if not (site / "explorer" / "index.html").is_file():
        print(f"error: no built explorer page in {site}: run `make site` first", file=sys.stderr)
        return 1
    got = measure(site)
    print(line(got) + f"; budget {BUDGET_MS:g} ms")
    return 0 if got["layout"] <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

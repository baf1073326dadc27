"""Search finds a pasted message: each padding message torch prints on the atlas pages, typed or pasted into
Material's search box on the built site, puts its own family's section first (a real browser, the built site).

docs/assets/search-atlas-pin.js recognises a pasted message with explain's own patterns and pins its section in
front of Material's results. The atlas pages stay out of Material's index: in it, their sections took reader
queries from the guides (tests/test_search.py; at search boost 0.1, "strided convolutions" went to the atlas and
"negative padding crop" to another guide), and their message words still did not find them first.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from convdocs.core import atlas
from convdocs.core.atlas_match import TAIL, find
from convdocs.core.words import say

TRACEBACK = 'Traceback (most recent call last):\n  File "train.py", line 12, in <module>\n    y = model(x)\n'


@pytest.fixture(scope="module")
def messages() -> list[tuple[atlas.Family, str]]:
    """(family, line) for every distinct message the atlas pages print, as torch printed it (a warning with its
    "(Triggered internally at …)" tail)."""
    from convdocs.site.atlas_page import run_all

    seen, out = set(), []
    for family, (before, _) in run_all().items():
        for line in before.splitlines():
            if re.match(r"^[A-Z]\w+(Error|Warning): ", line):
                shape = re.sub(r"\d+", "N", line.split(TAIL)[0])
                if shape not in seen:
                    seen.add(shape)
                    out.append((atlas.BY_NAME[family], line))
    return out


def other_numbers(line: str) -> str:
    """``line`` with every number torch put in changed (not the digits of a name such as Conv2d or max_pool3d)."""
    return re.sub(r"(?<![A-Za-z_])\d+(?![A-Za-z_])", lambda m: str(int(m[0]) * 3 + 7), line)


def _results(tab) -> list[list[str]]:
    return tab.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__item')].map(li => [
             li.querySelector('.md-search-result__link').getAttribute('href'),
             (li.querySelector('h1, h2') || {}).textContent || '',
             li.classList.contains('convdocs-search-atlas') ? 'pinned' : 'material'])"""
    )


QUIET = """() => {  // the time of the search results' last change, kept by the page from now on
  if (window.__searchChanged === undefined) {
    window.__searchChanged = performance.now();
    new MutationObserver(() => { window.__searchChanged = performance.now(); })
      .observe(document.querySelector(".md-search-result"), {childList: true, subtree: true, characterData: true});
  }
}"""
SETTLED = """(ms) => document.querySelector(".md-search-result__item")
  && performance.now() - window.__searchChanged > ms"""


def _first(tab, query: str, paste: bool = False) -> list[str]:
    """[address, title, "pinned" or "material"] of the first result once the results settle (unchanged for 300
    ms, watched in the page): ``query`` typed (the long message in one go, then a real key press: Material
    searches on typed keys) or pasted whole, lines and all."""
    box = tab.locator("input.md-search__input")
    box.click()
    tab.evaluate(QUIET)
    if paste:
        tab.keyboard.insert_text(query)  # as a paste: the box turns its line breaks into spaces
        tab.keyboard.press("End")  # the key's release, as Ctrl+V's: Material searches on key events
    else:
        box.fill(query[:-1])
        box.type(query[-1])
    try:  # up to 18 s: the search worker answers slower on a busy machine
        tab.wait_for_function(SETTLED, arg=300, polling=50, timeout=18_000)
    except Exception:  # noqa: BLE001  no result at all: reported as such below
        pass
    results = _results(tab)
    box.fill("")
    return results[0] if results else ["", "", ""]


def _is_section(address: str, family: atlas.Family) -> bool:
    found = urlparse(address)
    return found.path.endswith(f"/errors/{family.page}/") and found.fragment == family.anchor


def as_the_box_holds(query: str) -> str:
    """A pasted text as the search box holds it: one line (the box turns line breaks into spaces)."""
    return query.replace("\n", " ")


def test_every_message_the_atlas_prints_is_recognised_as_its_family(messages):
    """Every distinct message the atlas prints, as printed and pasted inside a traceback with other numbers, is
    its own family's message to explain's matcher, which the search box's (docs/assets/core/atlas_match.mjs)
    equals on the golden cases of every atlas text (tests/node/atlas_match.test.mjs); the browser test below
    types and pastes one message of each family into the built site's search box."""
    wrong = []
    for family, line in messages:
        for query in (line, as_the_box_holds(TRACEBACK + other_numbers(line) + "\n")):
            found = find(query)
            if found is None or atlas.BY_KEY[found.key] is not family:
                wrong.append((query, found and found.key, family.name))
    assert not wrong, wrong
    assert len(messages) >= len(atlas.FAMILIES) and {f for f, _ in messages} == set(atlas.FAMILIES)
    assert any(TAIL in line for _, line in messages)


@pytest.mark.parametrize("paste", [False, True], ids=["typed", "pasted-in-a-traceback"])
def test_each_pasted_message_finds_its_section_first(server, tab, site, messages, paste):
    """A message of every family of the atlas (the first it prints; every one is recognised, above), typed into
    the search box as printed, or pasted inside a traceback with other numbers: its family's section is the first
    result, titled from the catalogue."""
    assert (site / "errors" / "index.html").is_file() and (site / "assets" / "search-atlas.json").is_file()
    tab.goto(server + "guide/pooling/")
    wrong = []
    first = {}
    for family, line in messages:
        first.setdefault(family, line)
    for family, line in first.items():
        query = TRACEBACK + other_numbers(line) + "\n" if paste else line
        address, title, _ = _first(tab, query, paste)
        if not (_is_section(address, family) and title == say(f"atlas.title.{family.name}")):
            wrong.append((query, address, title, family.anchor))
    assert not wrong, wrong
    assert set(first) == set(atlas.FAMILIES)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pinned_result_has_no_axe_violations(server, browser, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(server + "guide/pooling/")
    line = (
        "RuntimeError: pad should be at most half of effective kernel size, but got pad=3, kernel_size=2 and dilation=1"
    )
    tab.locator("input.md-search__input").click()
    tab.keyboard.insert_text(line)
    tab.keyboard.press("End")
    tab.locator(".convdocs-search-atlas").wait_for()
    tab.locator(".md-search-result__item:not(.convdocs-search-atlas)").first.wait_for()  # Material's results too
    tab.wait_for_timeout(600)  # the search panel fades in: axe would read its colours half-way
    violations = Axe().run(tab, context=".convdocs-search-atlas").response["violations"]
    context.close()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_warning_pasted_as_python_prints_it_and_other_queries_stay_materials(server, tab, site):
    """A warning's first line as Python prints it (file and line before it, no tail) finds its section; words of a
    message that are no whole message, and a reader's query, get Material's results only."""
    tab.goto(server)
    warned = (
        "/usr/lib/python3/dist-packages/torch/nn/modules/conv.py:456: UserWarning: "
        + atlas.TEXTS["warning/same_even_copy"]["text"].split(TAIL)[0]
    )
    assert _is_section(_first(tab, warned, paste=True)[0], atlas.BY_NAME["same_even"])
    for query in ("Output size is too small", "padding same", "ConvTranspose2d"):
        address, _, source = _first(tab, query)
        assert address and source == "material" and "?h=" in address, (query, address, source)


def test_every_atlas_address_is_a_section_of_the_built_pages(site):
    """explain's addresses (and the explorer's) are sections of the built site; the atlas's pages hold every
    family once, its code put back after the search index was made."""
    for family in atlas.FAMILIES:
        html = (site / "errors" / family.page / "index.html").read_text(encoding="utf-8")
        assert f'<h2 id="{family.anchor}"' in html, family.anchor
        assert f"snippets/atlas/{family.name}.py" in html and "data-convdocs-code" not in html
    for key, address in atlas.anchors().items():
        path, anchor = address.split("#")
        assert f'id="{anchor}"' in (site / path / "index.html").read_text(encoding="utf-8"), key

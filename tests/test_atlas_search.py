"""Search finds a pasted message: each padding message torch prints on the atlas page, pasted into Material's
search box on the built site, puts its own family's section first (a real browser, the built index)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from convdocs.core import atlas


@pytest.fixture(scope="module")
def messages() -> list[tuple[atlas.Family, str]]:
    """(family, message) for every distinct message the atlas page prints, as torch printed it."""
    from convdocs.site.atlas_page import run_all

    seen, out = set(), []
    for family, (before, _) in run_all().items():
        for line in before.splitlines():
            if re.match(r"^[A-Z]\w+(Error|Warning): ", line):
                shape = re.sub(r"\d+", "N", line)
                if shape not in seen:
                    seen.add(shape)
                    out.append((atlas.BY_NAME[family], line.split(" (Triggered internally")[0]))
    return out


def _first_section(tab, query: str) -> str:
    """The first result of Material's search that is a section (``page/#anchor``) once the results settle."""
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill(query[:-1])  # the long message in one go, then a real key press: Material searches on typed keys
    box.type(query[-1])
    last, steady = None, 0
    for _ in range(120):  # up to 18 s: the search worker answers slower on a busy machine
        tab.wait_for_timeout(150)
        hrefs = tab.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        first = next((h for h in hrefs if "#" in h), None)
        steady = steady + 1 if first == last and first else 0
        last = first
        if steady >= 4:
            break
    box.fill("")
    return last or ""


# Pasted, these messages put another family's section first (46 of the 55 find their own): Material ANDs the
# words and matches each as a prefix, so the heading "Given input size: (…x…x…x…). Calculated output size: … Output
# size is too small" (pooling), with "size" three times, outranks the transposed and cropping messages that share
# its words, and "-1" in a message excludes every document holding "1". Listed so that the test fails when the
# ranking changes either way.
MISSES = {
    "RuntimeError: Given input size per channel: (1 x 1). Calculated output size per channel: (1 x -5). "
    "Output size is too small",
    "RuntimeError: Given input size per channel: (1 x 2). Calculated output size per channel: (-5 x -6). "
    "Output size is too small",
    "RuntimeError: Given input size per channel: (1 x 2 x 3). Calculated output size per channel: (-5 x -6 x -7). "
    "Output size is too small",
    "RuntimeError: input (W: 3) is too small. Calculated output W: -1",
    "RuntimeError: input (H: 3, W: 3) is too small. Calculated output H: -1 W: -1",
    "RuntimeError: input (D: 3 H: 3, W: 3) is too small. Calculated output D: -1 H: -1 W: -1",
    "RuntimeError: input (H: 3, W: 3 ) is too small. Calculated output H: -1 W: -1",
    "RuntimeError: Trying to create tensor with negative dimension -1: [1, 1, -1, 8]",
    "RuntimeError: The size of tensor a (0) must match the size of tensor b (2) at non-singleton dimension 2",
}


@pytest.mark.xfail(
    strict=True,
    reason="the atlas pages are out of the search index (search: exclude): in it, at boost 0.5 to 10, they took "
    "'strided convolutions' and 'negative padding crop' from their guides (tests/test_search.py); at boost 1, 24 of "
    "55 pasted messages found their section first",
)
def test_each_pasted_message_finds_its_section_first(server, tab, site, messages):
    assert (site / "errors" / "index.html").is_file()
    tab.goto(server + "errors/")
    wrong = []
    for family, message in messages:
        found = urlparse(_first_section(tab, message))
        page, section, anchor = found.path, found.fragment, family.anchor
        if not (page.endswith(f"/errors/{family.page}/") and (section == anchor or section.startswith(anchor + "-"))):
            wrong.append((message, page, section, family.page, anchor))
    assert {w[0] for w in wrong} == MISSES, wrong
    assert len(messages) >= len(atlas.FAMILIES)


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

"""Search finds the page: reader queries typed into Material's search box, in Chromium, against the built index.

Each query is what a reader types (a layer's name, an option, the words of an error, a framework); the page
named beside it must be the first result. The query's last key is typed (``type()``): Material's search
reacts to key events, not to a value set at once (``fill()`` sets the keys before it). Results also preview prose: the Python code on the pages stays out
of the index (convdocs/site/hooks.py, ``code_out_of_search``).
"""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import ROOT

QUERIES = {  # query -> the page that must come first
    # layers
    "ConvTranspose2d": "guide/dilation-and-transposed/",
    "MaxPool2d": "guide/pooling/",
    "ReflectionPad2d": "guide/padding-layers/",
    "ZeroPad2d": "guide/padding-layers/",
    "Conv1d": "guide/other-dimensions/",
    "Conv3d": "guide/other-dimensions/",
    "U-Net": "guide/unet-odd-sizes/",
    "ResNet": "networks/padding-through-a-network/",
    # options
    "output_padding": "guide/dilation-and-transposed/",
    "dilation": "guide/dilation-and-transposed/",
    "circular padding": "guide/padding-modes/",
    "reflect padding": "guide/padding-modes/",
    "padding_mode replicate": "guide/padding-modes/",
    "padding same": "guide/same-and-valid/",
    "padding valid": "guide/same-and-valid/",
    "ceil_mode": "guide/pooling/",
    "count_include_pad": "guide/pooling/",
    "negative padding crop": "guide/padding-layers/",
    "stride floor": "guide/stride-and-the-floor/",
    # error words
    "Sizes of tensors must match": "guide/unet-odd-sizes/",
    "strided convolutions": "guide/same-and-valid/",
    "reflect padding must be smaller than the input": "guide/padding-modes/",
    # frameworks
    "TensorFlow SAME": "guide/porting/",
    "Keras": "guide/porting/",
    "ONNX auto_pad": "guide/porting/",
    "JAX": "guide/porting/",
    # questions
    "print(model) padding": "guide/where-is-my-padding/",
    "forward pre-hook": "guide/where-is-my-padding/",
    "receptive field": "networks/where-padding-shows/",
    "input size 224 or 225": "networks/where-padding-shows/",
    "output size formula": "reference/formulas/",
    "convdocs shape": "reference/cli-shape/",
    "convdocs trace": "reference/cli-trace/",
    "Python API check": "reference/cli/",
    "explorer": "explorer/",
}

PARTS = 3  # the queries are typed in this many groups, so the test workers share them out


def first_results(tab, query: str) -> list[str]:
    """The pages of the first three results for ``query``, typed key by key into the search box of the page open
    in ``tab`` (the box emptied first, and the last query's results gone, as a reader clears it)."""
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("")
    tab.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(query[:-1])  # the query but its last key, set at once: Material searches on key events only,
    box.type(query[-1])  # so the last key, typed, searches for the whole query once
    tab.wait_for_function(
        """(query) => {
          const meta = document.querySelector(".md-search-result__meta");
          const first = document.querySelector(".md-search-result__item > a");
          return meta && first && new URL(first.href).searchParams.has("h")
            && document.querySelector("input.md-search__input").value === query;
        }""",
        arg=query,
    )
    tab.wait_for_timeout(250)  # let the worker's answer be drawn
    links = tab.evaluate("() => [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)")
    return [re.sub(r"[?#].*", "", link.split("/convdocs/", 1)[1]) for link in links[:3]]


@pytest.mark.parametrize("part", range(PARTS))
def test_reader_queries_find_their_page_first(server, tab, part):
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.goto(server)  # one page for every query: Material's search worker indexes the site once per page load
    wrong = {}
    for query, page in list(QUERIES.items())[part::PARTS]:
        got = first_results(tab, query)
        if not got or got[0] != page:
            wrong[query] = {"want": page, "got": got}
    assert not wrong, json.dumps(wrong, indent=1)


def test_there_are_enough_reader_queries_and_each_names_a_page(site):
    assert len(QUERIES) >= 20
    for page in set(QUERIES.values()):
        assert (site / page / "index.html").exists(), page


def test_search_previews_are_prose_not_python(site):
    """A section's indexed text is its prose and printed output: no snippet's source and no notebook code cell is
    in the index, so a result's preview is not the first lines of a code block."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", d["text"])).split()) for d in index["docs"])
    shown = 0
    for snippet in sorted((ROOT / "snippets").glob("*.py")):
        lines = [line for line in snippet.read_text(encoding="utf-8").splitlines() if line.strip()]
        opening = " ".join(" ".join(lines[:4]).split())
        shown += 1
        assert opening not in text, snippet.name
    assert shown >= 20
    notebook = [d["text"] for d in index["docs"] if d["location"].startswith("notebook/")]
    assert notebook and not any("import base64" in t for t in notebook)

"""The built site: every printed shape is what PyTorch gives, and the build is strict and repeatable."""

from __future__ import annotations

import filecmp
import html
import json
import re
from pathlib import Path

import pytest
import torch

from convdocs.run import SNIPPETS
from tests import oracle
from tests.conftest import ROOT, build

DOCS = ROOT / "docs"
SIZE = re.compile(r"torch\.Size\(\[([\d, ]+)\]\)")
ARTICLE = {  # the seven layers of the article, in page order
    "examples/padding-0-vs-1": ["3 × 3", "5 × 5"],
    "examples/same-valid-custom": ["7 × 7", "5 × 5", "9 × 7"],
    "examples/stride-two": ["3 × 3", "4 × 4"],
}


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def printed_sizes(text: str) -> list[tuple[int, ...]]:
    """Shapes printed in the page's Output blocks (the build's own output, not the prose)."""
    blocks = re.findall(r'<span class="filename">Output</span>(.*?)</pre>', text, re.S)
    plain = html.unescape(re.sub(r"<[^>]+>", "", "".join(blocks)))
    return [tuple(int(v) for v in m.split(",")) for m in SIZE.findall(plain)]


def figures(text: str, kind: str = "static"):
    for attrs in re.findall(r'<figure class="convdocs-figure" data-kind="%s"([^>]*)>' % kind, text):
        config = json.loads(html.unescape(re.search(r'data-config="([^"]*)"', attrs).group(1)))
        yield config, re.search(r'data-output="([^"]*)"', attrs).group(1)


def example_pages(site: Path):
    return sorted(str(p.parent.relative_to(site)) for p in site.rglob("index.html") if "convdocs-figure" in p.read_text())


def test_article_shapes_are_on_the_pages(site):
    for name, shapes in ARTICLE.items():
        assert [out for _, out in figures(page(site, name))] == shapes
        assert [" × ".join(map(str, s[2:])) for s in printed_sizes(page(site, name))] == shapes


def test_every_printed_shape_is_what_torch_gives(site):
    """Independent of the snippet run: rebuild each figure's configuration in torch and compare."""
    checked = 0
    for name in example_pages(site):
        text = page(site, name)
        shown = list(figures(text))
        sizes = printed_sizes(text)
        assert len(sizes) == len(shown), name
        for size, (config, output) in zip(sizes, shown):
            config["input"] = tuple(config["input"])
            config = {k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}
            torch_says = oracle.output_shape(**config)
            assert not isinstance(torch_says, Exception), (name, config, torch_says)
            assert size[2:] == torch_says, (name, config)
            assert output == " × ".join(map(str, torch_says)), (name, config)
            checked += 1
    assert checked >= 7


def test_output_is_stamped_with_the_torch_version(site):
    for name in ARTICLE:
        assert f"Printed by PyTorch {torch.__version__} when this page was built." in page(site, name)


def test_every_figure_has_a_text_alternative(site):
    for name in example_pages(site):
        for svg in re.findall(r'<figure class="convdocs-figure"[^>]*>(<svg.*?</svg>)', page(site, name), re.S):
            title = re.search(r"<title>([^<]{40,})</title>", svg)
            assert title and 'role="img"' in svg, (name, svg[:200])


def test_no_output_is_typed_into_markdown():
    for md in DOCS.rglob("*.md"):
        assert not SIZE.search(md.read_text()), f"{md} has a typed torch.Size: print it from a snippet"


def test_a_snippet_that_raises_fails_the_build(project_copy, tmp_path):
    snippet = project_copy / "snippets" / "stride_two.py"
    snippet.write_text(snippet.read_text() + "\nraise RuntimeError('broken on purpose')\n")
    done = build(tmp_path / "out", project_copy, env={"CONVDOCS_SNIPPETS": str(project_copy / "snippets")})
    assert done.returncode != 0
    assert "broken on purpose" in done.stderr or "exited with errors" in done.stderr


def test_two_clean_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    assert build(again).returncode == 0
    ignore = {"sitemap.xml", "sitemap.xml.gz"}
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.name not in ignore)
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file() and p.name not in ignore)
    different = [str(f) for f in files if not filecmp.cmp(site / f, again / f, shallow=False)]
    assert not different


@pytest.mark.parametrize("name", sorted(p.stem for p in SNIPPETS.glob("*.py")))
def test_every_snippet_is_on_a_page(site, name):
    assert any(f"snippets/{name}.py" in p.read_text() for p in site.rglob("index.html"))

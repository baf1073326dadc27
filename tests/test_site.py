"""The built site: every printed shape is what PyTorch gives, and the build is strict and repeatable."""

from __future__ import annotations

import filecmp
import html
import json
import re
from pathlib import Path

import pytest
import torch

from convdocs.figures import style
from convdocs.site.snippets import SNIPPETS
from tests import oracle
from tests.conftest import ROOT, build, inline_figures, one_page

DOCS = ROOT / "docs"
SIZE = re.compile(r"torch\.Size\(\[([\d, ]+)\]\)")
ARTICLE = {  # the seven layers of the article, in page order
    "examples/padding-0-vs-1": ["3 × 3", "5 × 5"],
    "examples/same-valid-custom": ["7 × 7", "5 × 5", "9 × 7"],
    "examples/stride-two": ["3 × 3", "4 × 4"],
}


def page(site: Path, name: str) -> str:
    """The page as a reader sees it with every collapsed block open (lazy figures inline)."""
    return inline_figures(site / name / "index.html")


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
    return sorted(
        str(p.parent.relative_to(site)) for p in site.rglob("index.html") if "convdocs-figure" in p.read_text()
    )


def test_article_shapes_are_on_the_pages(site):
    for name, shapes in ARTICLE.items():
        assert [out for _, out in figures(page(site, name))] == shapes
        assert [" × ".join(map(str, s[2:])) for s in printed_sizes(page(site, name))] == shapes


def _torch(config: dict):
    config = {k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}
    return oracle.output_shape(**config)


def test_article_pages_print_what_torch_gives(site):
    """Independent of the snippet run: rebuild each figure's configuration in torch, compare with the print."""
    for name in ARTICLE:
        text = page(site, name)
        shown, sizes = list(figures(text)), printed_sizes(text)
        assert len(sizes) == len(shown), name
        for size, (config, _) in zip(sizes, shown):
            assert size[2:] == _torch(config), (name, config)


def test_every_figure_and_table_row_is_what_torch_gives(site):
    checked = 0
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        rows = re.findall(r'<tr data-config="([^"]*)" data-output="([^"]*)"', text)
        cases = [(json.loads(html.unescape(c)), out) for c, out in rows] + list(figures(text))
        cases += list(figures(text, "animation"))
        for config, output in cases:
            torch_says = _torch(config)
            assert not isinstance(torch_says, Exception), (path, config, torch_says)
            assert output == " × ".join(map(str, torch_says)), (path, config)
            checked += 1
    assert checked >= 60, checked


def test_every_printed_shape_belongs_to_a_layer_on_its_page(site):
    """Each 4-d torch.Size in an Output block is the input or output of a layer the page draws."""
    for name in example_pages(site):
        text = page(site, name)
        known = set()
        for config, output in figures(text):
            known.add(tuple(config["input"]))
            known.add(tuple(int(v) for v in output.split(" × ")))
        for size in printed_sizes(text):
            if len(size) == 4:
                assert size[2:] in known, (name, size)


def test_output_is_stamped_with_the_torch_version_in_one_place(site):
    """Issue 24: which PyTorch printed the outputs is said once, on the About page, not under every output."""
    stamp = f"printed by PyTorch {torch.__version__} when the site was built."
    assert stamp in (site / "about" / "index.html").read_text(encoding="utf-8")
    for name in ARTICLE:
        assert "when this page was built" not in page(site, name)
        assert stamp not in page(site, name)


def test_every_figure_has_a_text_alternative(site):
    for name in example_pages(site):
        for svg in re.findall(r'<figure class="convdocs-figure"[^>]*>(<svg.*?</svg>)', page(site, name), re.S):
            title = re.search(r"<title>([^<]{40,})</title>", svg)
            assert title and 'role="img"' in svg, (name, svg[:200])


def test_no_output_is_typed_into_markdown():
    for md in DOCS.rglob("*.md"):
        assert not SIZE.search(md.read_text()), f"{md} has a typed torch.Size: print it from a snippet"


def test_a_snippet_that_raises_fails_the_build(project_copy, tmp_path):
    one_page(project_copy)  # markdown-exec only warns when a fence raises: the strict build must fail
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


def test_torch_warnings_and_errors_are_captured_on_the_pages(site):
    """Messages come from torch at build time: compare them with what torch says now."""
    import subprocess
    import sys

    import torch.nn as nn

    # torch emits this warning once per process: ask a fresh one
    code = (
        "import warnings, torch; warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    torch.nn.Conv2d(1, 1, 4, padding='same')(torch.zeros(1, 1, 5, 5))\n"
        "print(w[0].message)"
    )
    message = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    same = html.unescape(page(site, "guide/same-and-valid"))
    assert message and message in same and "torch warned" in same
    with pytest.raises(ValueError) as strided:
        nn.Conv2d(1, 1, 3, stride=2, padding="same")
    assert str(strided.value) in same
    modes = html.unescape(page(site, "guide/padding-modes"))
    for padding, mode in ((3, "reflect"), (4, "circular")):
        with pytest.raises(RuntimeError) as refused:
            nn.Conv2d(1, 1, 3, padding=padding, padding_mode=mode)(torch.zeros(1, 1, 3, 3))
        assert str(refused.value) in modes


def test_notebook_is_stored_clean_and_rendered_executed(site):
    notebook = json.loads((DOCS / "notebook.ipynb").read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    text = page(site, "notebook")
    for _name, shapes in ARTICLE.items():  # the build executed it: the article's shapes are printed
        for shape in shapes:
            rows, cols = shape.split(" × ")
            assert f"torch.Size([1, 1, {rows}, {cols}])" in text
    assert (site / "notebook" / "notebook.ipynb").is_file()  # the download link's target
    assert 'href="notebook.ipynb"' in text


def test_no_page_loads_from_another_host(site):
    external = re.compile(
        r'(?:src|href)="(?:https?:)?//(?!www\.w3\.org)[^"]+"|url\((?:["\']?)(?:https?:)?//|import\("https?://'
    )
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        tags = re.findall(r"<(?:script|img|iframe)[^>]*>|<link[^>]*>", text)
        loads = [m for m in tags if external.search(m) and 'rel="canonical"' not in m]  # canonical names, never loads
        loads += external.findall("".join(re.findall(r"<(?:style|script)[^>]*>.*?</(?:style|script)>", text, re.S)))
        assert not loads, (path, loads[:3])
    for path in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        assert not re.search(r'url\(["\']?(?:https?:)?//', path.read_text(encoding="utf-8", errors="ignore")), path


def test_no_page_script_holds_up_the_first_paint(site):
    """Every script a page loads from a file is deferred (Material's bundle too: Lighthouse counted it as
    render-blocking), and they run in the order the page lists them. An ES module (the explorer) is deferred by
    nature."""
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        loads = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text)
        blocking = [tag for tag in loads if not re.search(r"\s(?:defer|async)\b|\stype=\"module\"", tag)]
        assert not blocking, (path, blocking)
    home = (site / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<script src="[^"]*/(bundle\.[0-9a-f]+\.min|a11y|figures)\.js" defer>', home)
    assert [name.split(".")[0] for name in order] == ["bundle", "a11y", "figures"], order


def test_search_indexes_figure_captions_not_their_drawings(site):
    """A figure's drawing (cell numbers, axis labels, its <title>) stays out of the search index; what its
    caption says is found."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(" ".join(html.unescape(doc["text"]).split()) for doc in index["docs"])
    leaked, captions, titles = [], set(), 0
    for path in site.rglob("index.html"):
        page = inline_figures(path)
        words = " ".join(
            html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<svg\b.*?</svg>", "", page, flags=re.S))).split()
        )
        for figure in re.findall(r"<figure class=\"convdocs-.*?</figure>", page, re.S):
            for title in re.findall(r"<svg\b.*?<title>(.*?)</title>", figure, re.S):
                titles += 1
                title = " ".join(html.unescape(title).split())
                if title in text and title not in words:  # the page says it outside the drawing too
                    leaked.append(title)
            captions.update(
                " ".join(html.unescape(re.sub(r"<[^>]+>", "", c)).split())
                for c in re.findall(r"<figcaption>(.*?)</figcaption>", figure, re.S)
            )
    assert titles > 30 and len(captions) > 30, (titles, len(captions))
    assert not leaked[:3]
    assert not [c for c in captions if c not in text][:3]


def test_pages_and_figures_are_within_budget(site):
    from convdocs.tools.bench import FIGURE_BUDGET, PAGE_BUDGET, figure_sizes, page_weights

    weights = page_weights(site)
    assert len(weights) >= 15 and all(w > 100_000 for w in weights.values())  # the theme's assets count
    assert max(weights.values()) <= PAGE_BUDGET, max(weights.items(), key=lambda kv: kv[1])
    sizes = figure_sizes(site)
    assert len(sizes) >= 70  # on the pages (a layer called again by a check is drawn once; the notebook draws PNGs)
    assert max(size for _, size in sizes) <= FIGURE_BUDGET


def test_home_page_legend_and_animations_say_what_the_figures_do(site):
    """Review of issue #13: the home page promised an animation for every figure (transposed, pooling,
    padding-layer, U-Net and heat-map figures have none) and called padding cells empty (figures that
    print values print them in the padding too)."""
    home = re.sub(r"<[^>]+>", "", (site / "index.html").read_text())
    assert "A figure of a convolution (not of a transposed one) has an animation under it" in home
    assert "Each figure also opens into an animation" not in home
    layer_figures = heat_maps = 0
    padding_with_values = False
    for path in site.rglob("index.html"):
        text = path.read_text()
        still = [json.dumps(config, sort_keys=True) for config, _ in figures(text)]
        moving = [json.dumps(config, sort_keys=True) for config, _ in figures(text, "animation")]
        convolutions = [c for c in still if not json.loads(c)["transposed"]]
        assert sorted(moving) == sorted(convolutions), path  # one animation per convolution figure, none else
        layer_figures += text.count('<figure class="convdocs-layer-figure"')
        heat_maps += text.count('data-kind="heatmap"')
        keys = re.findall(r'<figure class="convdocs-figure" data-kind="static"[^>]*data-legend="([^"]*)"', text)
        padding_with_values |= any({"padding", "values"} <= set(k.split()) for k in keys)
    assert layer_figures and heat_maps  # the figures without an animation are there to check
    legend = dict((key, words) for key, _, words in style.legend())
    assert padding_with_values and "empty" not in legend["padding"] and legend["padding"] in home


def test_about_does_not_promise_a_formula_for_every_convolution():
    """border_constant, stride_parity, padding_depth, port_tensorflow, port_onnx and unet_fixes
    call convolutions their pages give no formula for, so 'the formula for every convolution it called'
    overclaimed. Guard the sentence on the pages that describe how the site is built."""
    for page in (ROOT / "docs" / "about.md", ROOT / "docs" / "index.md", ROOT / "README.md"):
        text = " ".join(page.read_text(encoding="utf-8").split())
        assert "formula for every convolution" not in text, page


def test_python_api_entries_have_a_heading_with_their_signature(site):
    """the Python API section rendered docstrings with no name or signature (root heading off)
    while Conv's members got h2 headings at the level of the CLI sections."""
    text = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<h([2-6])[^>]*class="doc doc-heading"[^>]*>(.*?)</h\1>', text, re.S)
    names = [(int(level), " ".join(re.sub(r"<[^>]+>", "", html.unescape(body)).split())) for level, body in found]
    assert names
    for name in ("check(input, kernel", "formula(conv, axis)", "solve(input, kernel", "like(framework", "Conv"):
        assert any(level == 3 and title.startswith(name) for level, title in names), (name, names)
    assert all(level == 4 for level, title in names if title.startswith(("output", "pads", "reads(cell)")))


def test_python_api_docstrings_render_as_markdown_not_rest(site):
    """reST roles (:class:`TraceError`, :func:…, :mod:…) showed literally, and doctests rendered as
    triple-nested blockquotes with input and output run together. Every role is gone from the page's prose, no
    '>>>' or blockquote is left outside code, links to objects on the page resolve, and every doctest example of
    the documented objects (run by `make test` through --doctest-modules) is in a code block, output on its own line."""
    import doctest

    from convdocs.core import conv as geometry  # noqa: F401  (solve: the docstring with the links)

    text = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    prose = re.sub(r"<(pre|code)\b.*?</\1>", "", text, flags=re.S)
    assert not re.findall(r":(?:class|func|mod|meth|attr|data|exc|obj):", prose)
    assert "&gt;&gt;&gt;" not in prose and ">>>" not in prose and "<blockquote" not in prose
    for target in ("convdocs.core.conv.check", "convdocs.core.errors.ConvError"):
        assert re.search(rf'<a class="autorefs autorefs-internal"[^>]* href="#{re.escape(target)}"', text), target
    blocks = [
        html.unescape(re.sub(r"<[^>]+>", "", block))
        for block in re.findall(r'<div class="language-pycon highlight"><pre>(.*?)</pre>', text, re.S)
    ]
    examples = [
        example
        for obj in (geometry.check, geometry.formula, geometry.Conv.source)
        for test in doctest.DocTestFinder().find(obj)
        for example in test.examples
    ]
    assert len(examples) == 6
    for example in examples:
        want = example.want or "Traceback (most recent call last):\n"
        assert any(f">>> {example.source}{want}" in block for block in blocks), (example.source, blocks)


def test_every_page_starts_with_early_js_and_no_switching_rule_ships(site):
    """docs/assets/early.js is inlined first thing after each page's charset, ahead of the stylesheets, and not
    shipped as a file; Material's palette stylesheet ships without its rule for the scheme-switch attribute
    (tests/test_reading.py checks what both do in the browser)."""
    from convdocs.site import theme as theme_start

    early = theme_start._early(str(ROOT / "docs"))
    assert early is not None
    assert len(early) < 1_000 and "cd-switching" in early, early
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert text.count(early) == 1 and text.count('name="color-scheme"') == 1, path
        assert '<meta charset="utf-8"><meta name="color-scheme" content="light">' + early in text, path
        assert text.index(early) < text.index('<link rel="stylesheet"') and text.index(early) < 1_024, path
    assert not (site / theme_start.EARLY_SRC).exists()
    (palette,) = (site / "assets" / "stylesheets").glob("palette.*.min.css")
    css = palette.read_text(encoding="utf-8")
    assert "data-md-color-switching" not in css and theme_start.SWITCHING_NOTE in css
    (bundle,) = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    js = bundle.read_text(encoding="utf-8")
    assert js.count(theme_start._FIND_META) == 1 and not theme_start._APPEND_META.search(js)
    assert not theme_start._SET_CONTENT.search(js) and len(theme_start._SET_PATCHED.findall(js)) == 1


def test_the_colour_scheme_comes_from_the_theme_and_the_bundle_is_patched_once(tmp_path):
    """The scheme the page starts in is read from Material's stylesheets (the palette's first scheme, "default"
    without a palette); the bundle patch is idempotent, and a bundle made differently stops the build."""
    import material  # type: ignore[import-untyped]

    from convdocs.site import theme as theme_start

    theme = (str(Path(material.__file__).parent / "templates"),)
    assert theme_start.color_scheme(theme, "default") == "light"
    assert theme_start.color_scheme(theme, "slate") == "dark"
    with pytest.raises(RuntimeError, match="'sepia'"):
        theme_start.color_scheme(theme, "sepia")
    assert theme_start.first_scheme(None) == "default"
    assert theme_start.first_scheme({"scheme": "slate"}) == "slate"
    assert theme_start.first_scheme([{"primary": "red"}, {"scheme": "slate"}]) == "default"

    docs = str(ROOT / "docs")
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    bundle = scripts / "bundle.0123abcd.min.js"
    material_js = (
        'let r=x("meta",{name:"theme-color"});document.head.appendChild(r);'
        'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);let n=1;'
        'i.pipe(m(()=>{let s=Ce("header"),a=window.getComputedStyle(s);return o.content=a.colorScheme,a.bg}))'
    )
    bundle.write_text(material_js, encoding="utf-8")
    patched = (
        'let r=x("meta",{name:"theme-color"});document.head.appendChild(r);'
        'let o=document.querySelector("meta[name=color-scheme]")||document.head.appendChild(x("meta",'
        '{name:"color-scheme"}));let n=1;'
        'i.pipe(m(()=>{let s=Ce("header"),a=window.getComputedStyle(s);'
        "return o.content!==a.colorScheme&&(o.content=a.colorScheme),a.bg}))"
    )
    for _ in range(2):  # a rebuild may keep the patched copy
        assert theme_start.reuse_scheme_meta(tmp_path, docs) == bundle
        assert bundle.read_text(encoding="utf-8") == patched
    bundle.write_text(material_js.replace("return o.content=a.colorScheme,", "o.content=a.colorScheme;"))
    with pytest.raises(RuntimeError, match="no longer made as expected in bundle.0123abcd.min.js"):
        theme_start.reuse_scheme_meta(tmp_path, docs)
    bundle.unlink()
    with pytest.raises(RuntimeError, match="found 0"):
        theme_start.reuse_scheme_meta(tmp_path, docs)
    assert theme_start.reuse_scheme_meta(tmp_path, str(tmp_path)) is None  # a project without early.js
    page = '<html><head><meta charset="utf-8"></head><body></body></html>'
    assert theme_start.early_script(page, str(tmp_path), "light") == page


def test_the_switching_rule_is_dropped_once_and_a_changed_theme_stops_the_build(tmp_path):
    from convdocs.site import theme as theme_start

    docs = str(ROOT / "docs")
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    palette = sheets / "palette.0123abcd.min.css"
    palette.write_text("a{color:red}" + theme_start.SWITCHING_RULE + "b{color:blue}", encoding="utf-8")
    for _ in range(2):  # a rebuild may keep the edited copy
        assert theme_start.drop_switching_rule(tmp_path, docs) == palette
        assert palette.read_text(encoding="utf-8") == "a{color:red}" + theme_start.SWITCHING_NOTE + "b{color:blue}"
    palette.write_text("a{color:red}", encoding="utf-8")
    with pytest.raises(RuntimeError, match="no longer in palette.0123abcd.min.css"):
        theme_start.drop_switching_rule(tmp_path, docs)
    palette.unlink()
    with pytest.raises(RuntimeError, match="found 0"):
        theme_start.drop_switching_rule(tmp_path, docs)
    with pytest.raises(ValueError, match="charset"):
        theme_start.early_script("<html><head><title>x</title></head><body></body></html>", docs)
    page = '<html><head><meta charset="utf-8"></head><body></body></html>'
    assert theme_start.early_script(page, str(tmp_path)) == page  # a project without early.js
    assert theme_start.drop_switching_rule(tmp_path, str(tmp_path)) is None

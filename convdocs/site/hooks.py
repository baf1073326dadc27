"""MkDocs hooks (build glue): keep pages light and notebook pages self-contained.

Lazy figures leave the page (``lazy_figures``): the animations (``data-lazy``, see ``convdocs.site.page.figure``)
and any figure past the page's first ``INLINE_FIGURES`` bytes of them. Each is written to
``figures/<hash of the drawing>.svg`` in the site, and the page keeps the ``<figure>`` with its data
attributes, a ``data-src`` pointing at the file and a link to it; docs/assets/figures.js puts the drawing
back inline when the reader opens the block around it or scrolls near it. Images embedded as data URIs
(the notebook's plots) become files too, loaded lazily by the browser (``lazy_images``).

mkdocs-jupyter inlines JupyterLab's whole stylesheet (575 KB) into every notebook page, a light-only
Pygments palette, and a script that would import Mermaid from a CDN if a diagram appeared. The site has
no diagrams and styles notebook cells itself (docs/assets/convdocs.css), so all three are dropped (with
the other styles and scripts that style or run nothing here), and
notebook code gets Material's own ``highlight`` class, whose colours follow the light and dark scheme.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
import threading
from html import escape
from pathlib import Path

from mkdocs.utils import get_relative_url

from convdocs.core import torch_text
from convdocs.core.words import say
from convdocs.site import cache, fence_guard, minify, notebook_kernel, notebook_plugin, notebook_streams
from convdocs.site import theme as theme_start
from convdocs.tracing import guard

_BIG_STYLE = re.compile(r'<style type="text/css">(?:(?!</style>).){20000,}?</style>', re.S)
_PYGMENTS = re.compile(r'<style type="text/css">(?:(?!</style>).)*?\.highlight-ipynb(?:(?!</style>).)*?</style>', re.S)
_FIGURE = re.compile(r'(<figure class="convdocs-[a-z-]*figure"[^>]*?)( data-lazy="")?>(<svg\b.*?</svg>)', re.S)
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')
_DATA_IMAGE = re.compile(r'<img ([^>]*?)src="data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]{4000,}?)"([^>]*)>')
INLINE_FIGURES = 20_000  # bytes of figures a page keeps inline; the figures after them load when scrolled to
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?jp-Mermaid(?:(?!</script>).)*?</script>', re.S)
# nbconvert's leftovers that style nothing here: JupyterLab's variables, Mermaid's styles, a Pygments
# stylesheet written as a Python list, the MathJax set-up (no maths on the page) and an empty script
_UNUSED = re.compile(
    r"<style[^>]*>(?:(?!</style>).)*?(?:--jp-shadow-base-lightness|\.jp-Mermaid|\[\'pre \{)(?:(?!</style>).)*?</style>"
    r'|<script type="text/x-mathjax-config">(?:(?!</script>).)*?</script>|<script src="">\s*</script>',
    re.S,
)


# Pygments wraps every run of spaces in code in <span class="w">, which no stylesheet here styles, and every plain
# name in <span class="n">, which Material colours with --md-code-hl-name-color: the code's own colour in both
# schemes (tests/test_reading.py checks it in the browser). The text stays; the wrappers go (about 10 KB on
# the notebook's page).
_PLAIN_TOKEN = re.compile(r'<span class="[wn]">([^<]*)</span>')
# A notebook code cell's <pre> without the <code> Material puts a copy button on (nbconvert writes none)
_NOTEBOOK_CODE = re.compile(r'(<div class="highlight hl-python"[^>]*><pre>)(?!<code>)(.*?)(</pre>)', re.S)
# nbconvert's id of a notebook cell, "cell-id=…": Material names a code block's copy target after the closest id
# ("#__code_cell-id=… > code"), a selector with "=" in it, which the browser refuses, so the notebook's copy
# buttons copied nothing; "cell-…" is a valid one
_CELL_ID = re.compile(r'id="cell-id=([A-Za-z0-9_-]+)"')
# A session's printed line (Pygments' "go") with the line's end inside it: docs/assets/convdocs.css hides the
# printed lines when the reader copies a session, and the line ends go with them.
_PRINTED_LINE = re.compile(r'(<span class="go">[^<]*)</span>\n')
_PER_PAGE_CSS = "assets/_mkdocstrings.css"  # mkdocstrings' stylesheet: only the API page needs it


def on_config(config):
    """mkdocs-jupyter as the build uses it (``notebook_plugin.configure``: its cache keyed by the snippets and
    convdocs too, damaged entries dropped). Pages are checked and their Python fences run under
    :func:`convdocs.site.fence_guard.install`; a notebook's printed output is one block per stream
    (``notebook_streams``), so two builds print it alike."""
    fence_guard.install()
    notebook_streams.coalesce_after_execution()
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is not None:
        notebook_plugin.configure(plugin)
    return config


# notebook source path -> (the thread executing it, the error it raised, if any)
_AHEAD: dict[str, tuple[threading.Thread, list[BaseException]]] = {}


def on_files(files, config):
    """Start running every notebook at once, beside the rest of the build, instead of when its page comes.

    The notebook's kernel (a separate process: it imports torch and matplotlib, then runs every cell) works
    on one core while this process renders the other pages. mkdocs-jupyter's own render runs in the thread
    and stores its result in mkdocs-jupyter's cache; the page, when it comes, waits for the thread and reads
    that entry (``on_pre_page``). An error in a cell is raised there, so it fails the build as before.
    Notebooks move to the end of the build's order (the navigation keeps its own), so that page waits
    for its run after every other page has been rendered, not in the middle of them. The error atlas's
    snippets' process and the look-ahead that runs the other pages' fences from the last page back start here
    too (``ahead.begin``), unless ``make site``'s build started them as it began (``convdocs.site.build.mkdocs``). The site does not ship docs/assets/early.js: every page has it inline.
    """
    from mkdocs.structure.pages import Page

    from convdocs.site import ahead

    ahead.begin(Path(config.docs_dir))  # before any thread of the build; started already by make site's build
    early = files.get_file_from_path(theme_start.EARLY_SRC)
    if early is not None:  # inlined into every page instead (theme_start.early_script)
        files.remove(early)
    plugin = config.plugins.get("mkdocs-jupyter")
    notebooks = [f for f in files if f.src_uri.endswith(".ipynb") and plugin.should_include(f)] if plugin else []
    if any(notebook_plugin.will_run(plugin, Path(f.abs_src_path)) for f in notebooks):
        notebook_kernel.use()  # the kernel forked as the build started, if it was
    else:
        notebook_kernel.stop()
    if plugin is None or not plugin.config.get("cache"):
        return files
    for file in notebooks:
        files.remove(file)
        files.append(file)
        ahead = Page(None, file, config)  # a stand-in: the real page is made with the navigation
        plugin.on_pre_page(ahead, config, files)  # mkdocs-jupyter's render, keyed to its cache entry
        errors: list[BaseException] = []

        def run(page=ahead, errors=errors):
            try:
                page.render(config, files)
                for image in _DATA_IMAGE.finditer(page.content or ""):  # its plots' palettes, made here, off the
                    if image[2] == "png":  # build's thread: on_post_page finds them made (few_colours)
                        few_colours(base64.b64decode(image[3]))
            except BaseException as error:  # re-raised by on_pre_page, in the build's own thread
                errors.append(error)

        thread = threading.Thread(target=run, name=f"notebook {file.src_uri}", daemon=True)
        thread.start()
        _AHEAD[file.src_uri] = (thread, errors)
    return files


def on_pre_page(page, config, files):
    """A notebook's page waits for the run started by ``on_files`` (its result is then a cache hit)."""
    ahead = _AHEAD.pop(page.file.src_uri, None)
    if ahead is not None:
        thread, errors = ahead
        thread.join()
        if errors:
            raise errors[0]
    return page


def on_page_markdown(markdown, page, config, files):
    """A notebook's code cells stay out of the search index (``code_out_of_search``) and lose nbconvert's copy
    buttons: mkdocs-jupyter renders the page with a ``render`` of its own, set in its ``on_pre_page``, which
    fires no ``on_page_content``."""
    if page.file.src_uri.endswith(".ipynb"):
        render = page.render

        def render_then_mark(config, files):
            render(config, files)
            page.content = code_out_of_search(_JUPYTER_COPY.sub("", page.content))

        page.render = render_then_mark
    return markdown


# Python code: a snippet's source on a page, a code cell in the notebook. Printed output (torch's own texts and
# errors) and console sessions stay searchable. Material's search stops skipping at the first closing tag of
# the marked element's name, so what is marked holds no element of its own name (a <div> holding a <pre>).
_CODE = re.compile(r'(<div class="(?:language-python highlight|highlight(?:-ipynb)? hl-python)")(?! data-)')
# nbconvert's copy button for a code cell and the hidden copy of the cell's text it copies (about 1.8 KB a
# cell): Material puts its own copy button on the cell's code (on_post_page gives the <pre> its <code>)
_JUPYTER_COPY = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*|<div class="clipboard-copy-txt"[^>]*>[^<]*</div>\s*',
    re.S,
)


def code_out_of_search(html: str) -> str:
    """Python code blocks marked ``data-search-exclude``: Material's search leaves them out of its index, so a
    result's preview is the section's prose, not the first lines of its code (issue 24)."""
    return _CODE.sub(r"\1 data-search-exclude", html)


# page source path -> the figures' drawings that on_page_content took out of its content, in order
_DRAWINGS: dict[str, list[str]] = {}
_PLACEHOLDER = "<svg data-convdocs-drawing></svg>"
_HELD = re.compile(re.escape(_PLACEHOLDER))


def on_page_content(html: str, page, config, files) -> str:
    """Hold the figures' drawings back from the rest of the build until the page is written (``on_post_page``).

    The search plugin indexes a page's content as it stands after this: with the drawings in it, every
    cell's number, axis label and ``<title>`` went into the search index as run-together text, and parsing
    them took a good part of the build. The figure's caption, which says what it shows, stays searchable.
    """
    drawings = _DRAWINGS[page.file.src_uri] = []

    def hold(match: re.Match[str]) -> str:
        drawings.append(match.group(3))
        return legible(match.group(1), match.group(3)) + (match.group(2) or "") + ">" + _PLACEHOLDER

    html = code_out_of_search(_FIGURE.sub(hold, html))
    if page.file.src_uri.startswith(ATLAS):
        html = _atlas_content(html, page)
    return html


_FONT_SIZE = re.compile(r'\bfont-size="([\d.]+)"')


def legible(figure: str, drawing: str) -> str:
    """The figure's opening tag with the drawing's width and its smallest text size (``--cd-w``, ``--cd-t``):
    docs/assets/convdocs.css lets a wide figure shrink only until that text is 12 px (10 px on a phone)."""
    size, fonts = _SIZE.match(drawing), [float(f) for f in _FONT_SIZE.findall(drawing)]
    if not size or not fonts or " style=" in figure:
        return figure
    return f'{figure} style="--cd-w: {size[1]}px; --cd-t: {min(fonts):g}"'


def _put_back(output: str, page) -> str:
    drawings = iter(_DRAWINGS.pop(page.file.src_uri, []))
    output = _HELD.sub(lambda _: next(drawings), output)
    assert next(drawings, None) is None, f"{page.file.src_uri}: a figure's drawing was not put back"
    codes = iter(_CODES.pop(page.file.src_uri, []))
    output = _CODE_HELD.sub(lambda _: next(codes), output)
    assert next(codes, None) is None, f"{page.file.src_uri}: a code block was not put back"
    return output


# The error atlas (docs/errors/): a reader searches it with a pasted message, which its headings (torch's texts,
# numbers left out) and torch's printed texts match. The rest under its first section heading (code, the fixes'
# output, rules) stays out of the search index, which every page loads (the atlas made it 30 KB larger, past the page budget), and
# its message headings out of the table of contents (which Material writes twice).
ATLAS = "errors/"
_ATLAS_HOLD = re.compile(
    r'<div class="language-python highlight">.*?</div>|<div class="language-text highlight"><span class="filename">'
    r"Output</span>.*?</div>|<p>.*?</p>",
    re.S,
)
_CODE_PLACEHOLDER = "<div data-convdocs-code></div>"
_CODE_HELD = re.compile(re.escape(_CODE_PLACEHOLDER))
_CODES: dict[str, list[str]] = {}


def _atlas_content(html: str, page) -> str:
    codes = _CODES[page.file.src_uri] = []

    def hold(match: re.Match[str]) -> str:
        codes.append(match.group(0))
        return _CODE_PLACEHOLDER

    for item in page.toc:
        item.children = []
    cut = html.find("<h2")
    return html if cut < 0 else html[:cut] + _ATLAS_HOLD.sub(hold, html[cut:])


def on_env(env, config, files):
    """Every page loads only what it uses: markdown-exec's Pyodide files go (the site runs no fence in the
    browser), and mkdocstrings' stylesheet is linked only from pages with API docs (``on_post_page``)."""
    config.extra_css[:] = [c for c in config.extra_css if "_markdown_exec_pyodide" not in c and c != _PER_PAGE_CSS]
    config.extra_javascript[:] = [j for j in config.extra_javascript if "_markdown_exec_pyodide" not in str(j)]
    return env


def lazy_figures(output: str, page_url: str, site_dir: str) -> str:
    """Move lazy figures' drawings into files of their own; the page keeps a link to each (``data-src``).

    Lazy are the figures marked ``data-lazy`` (animations, in collapsed blocks) and, once a page holds
    ``INLINE_FIGURES`` bytes of inline figures, every later one; those keep a box of the drawing's size,
    so nothing moves when they load.
    """
    inline = 0

    def move(match: re.Match[str]) -> str:
        nonlocal inline
        figure, marked, drawing = match.groups()
        if not marked and inline + len(drawing) <= INLINE_FIGURES:
            inline += len(drawing)
            return match.group(0)
        name = f"figures/{hashlib.sha256(drawing.encode()).hexdigest()[:16]}.svg"
        target = Path(site_dir) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(drawing, encoding="utf-8")
        url = get_relative_url(name, page_url)
        size = _SIZE.match(drawing)
        box = f' style="width: {size[1]}px; aspect-ratio: {size[1]} / {size[2]}"' if size and not marked else ""
        return f'{figure} data-src="{url}"><a class="convdocs-lazy" href="{url}"{box}>Open the drawing</a>'

    return _FIGURE.sub(move, output)


PNG_COLOURS = 32  # the notebook's plots: flat cells, lines and text, each anti-aliased against one background


@functools.cache
def few_colours(png: bytes) -> bytes:
    """The PNG with a palette of at most ``PNG_COLOURS`` colours: a plot of flat cells and text needs no more,
    and the file is a quarter of the size (the notebook's three plots: 89 KB -> 21 KB)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        lowest = image.getchannel("A").getextrema()[0] if image.mode == "RGBA" else 255
        if isinstance(lowest, int) and lowest < 255:
            return png  # transparent somewhere: a palette would lose it
        out = io.BytesIO()
        image.convert("RGB").quantize(colors=PNG_COLOURS).save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(png) else png


def lazy_images(output: str, page_url: str, site_dir: str) -> str:
    """Move images embedded as data URIs (the notebook's plots) into files the browser loads lazily."""

    def move(match: re.Match[str]) -> str:
        before, kind, data, after = match.groups()
        raw = base64.b64decode(data)
        if kind == "png":
            raw = few_colours(raw)
        name = f"figures/{hashlib.sha256(raw).hexdigest()[:16]}.{'jpg' if kind == 'jpeg' else kind}"
        target = Path(site_dir) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        size = ""
        sized = re.search(r"\bwidth=", before + after)  # a 2x image says the size it is shown at (the notebook's)
        if kind == "png" and raw[12:16] == b"IHDR" and not sized:  # width and height reserve the image's box
            size = f' width="{int.from_bytes(raw[16:20], "big")}" height="{int.from_bytes(raw[20:24], "big")}"'
        url = get_relative_url(name, page_url)
        return f'<img {before}src="{url}"{size} loading="lazy" decoding="async"{after}>'

    return _DATA_IMAGE.sub(move, output)


def on_post_build(config) -> None:
    """The explorer's scripts as they ship: torch's error catalogue written out (the explorer loads it only
    when it must quote torch), the search box's atlas data (``torch_text.for_search``, loaded on the first query),
    and our scripts and stylesheet minified (``minify``), so the page's weight counts what a reader downloads. Material's
    palette stylesheet loses its rule for the scheme switch (``theme_start.drop_switching_rule``), and its bundle
    reuses each page's colour-scheme meta element (``theme_start.reuse_scheme_meta``)."""
    from convdocs.site import ahead

    ahead.stop()
    notebook_kernel.stop()  # one that no notebook used
    guard.page = None
    cache.prune()
    theme_start.drop_switching_rule(Path(config.site_dir), config.docs_dir)
    theme_start.reuse_scheme_meta(Path(config.site_dir), config.docs_dir)
    target = Path(config.site_dir) / torch_text.EXPLORER_SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(torch_text.explorer_script(), encoding="utf-8")
    (Path(config.site_dir) / torch_text.SEARCH_DATA).write_text(torch_text.for_search(), encoding="utf-8")
    minify.minify(target.parent)


# The scripts every page loads: Material's bundle and convdocs' own (mkdocs.yml extra_javascript). They sit at
# the end of <body> and work on the parsed page, so deferring them keeps their order and the page they see but
# lets the first paint happen without them (Lighthouse, mobile: first contentful paint 1.44 s -> 1.06 s on
# padding-layers; it had counted the bundle as render-blocking).
_PAGE_SCRIPTS = re.compile(
    r'<script src="([^"]*assets/(?:a11y|figures|search-atlas|javascripts/bundle\.[0-9a-f]+\.min)\.js)"></script>'
)


def start(output: str, config) -> str:
    """How every HTML page starts, pages and the 404 template alike: docs/assets/early.js inline in <head>
    after the colour scheme the page starts in (theme_start.early_script), the page's scripts deferred."""
    scheme = theme_start.color_scheme(tuple(config.theme.dirs), theme_start.first_scheme(config.theme.get("palette")))
    return theme_start.early_script(
        _PAGE_SCRIPTS.sub(r'<script src="\1" defer></script>', output), config.docs_dir, scheme
    )


def on_post_template(output: str, template_name: str, config) -> str:
    """The 404 page (a static template, not a page) defers the same scripts and starts the same way."""
    if not template_name.endswith(".html"):  # sitemap.xml
        return output
    return start(output, config)


EXPLORER_ROOT = 'id="convdocs-explorer"'


def explorer_words(output: str, docs_dir: str) -> str:
    """The explorer's page gets inline (``#convdocs-words``) the sentences its scripts name (docs/assets/*.js and
    the core's assets/core/*.mjs): the core fills every sentence from them, from the first paint on; torch's own
    texts still load only when torch refuses."""
    if EXPLORER_ROOT not in output:
        return output
    assets = Path(docs_dir) / "assets"
    scripts = [p.read_text(encoding="utf-8") for p in sorted([*assets.glob("*.js"), *assets.glob("core/*.mjs")])]
    data = torch_text.explorer_words(torch_text.named_keys(scripts)).replace("</", "<\\/")
    return output.replace("</body>", f'<script type="application/json" id="convdocs-words">{data}</script></body>', 1)


# docs/assets/figures.js works on convdocs' figures only: a page without one does not load it (the explorer's page
# draws its own figure; 5.5 KB of its weight)
_FIGURES_SCRIPT = re.compile(r'<script src="[^"]*assets/figures\.js" defer></script>')
_FIGURE_CLASSES = ("convdocs-figure", "convdocs-layer-figure")


def on_post_page(output: str, page, config) -> str:
    output = explorer_words(output, config.docs_dir)
    output = lazy_images(lazy_figures(_put_back(output, page), page.url, config.site_dir), page.url, config.site_dir)
    output = start(output, config)
    if not any(name in output for name in _FIGURE_CLASSES):
        output = _FIGURES_SCRIPT.sub("", output, count=1)
    output = _PRINTED_LINE.sub("\\1\n</span>", _PLAIN_TOKEN.sub(r"\1", output))
    if 'class="doc doc-' in output:
        link = f'<link rel="stylesheet" href="{get_relative_url(_PER_PAGE_CSS, page.url)}">'
        output = output.replace("</head>", link + "</head>", 1)
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = _UNUSED.sub("", _MERMAID.sub("", _PYGMENTS.sub("", _BIG_STYLE.sub("", output))))
    output = output.replace('class="highlight-ipynb ', 'class="highlight ')
    output = _CELL_ID.sub(r'id="cell-\1"', output)
    return fold_helper(_NOTEBOOK_CODE.sub(r"\1<code>\2</code>\3", output))


def fold_helper(output: str) -> str:
    """The notebook's first code cell, the helper that records and draws the convolutions, folds into a block
    that opens: the page leads with the lesson, not with 115 lines of plotting code (issue 24)."""
    start = output.find('<div class="jp-Cell jp-CodeCell')
    end = output.find('<div class="jp-Cell jp-MarkdownCell', start)
    if start < 0 or end < 0 or output[start:end].count("<div") != output[start:end].count("</div>"):
        return output
    summary = escape(say("notebook.helper"))
    return (
        output[:start]
        + f'<details class="example"><summary>{summary}</summary>{output[start:end]}</details>\n'
        + output[end:]
    )

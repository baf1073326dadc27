"""The notebook runs as a reader downloads it: outside the repository, with only torch and matplotlib."""

from __future__ import annotations

import json
import os
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from convdocs.site.snippets import SNIPPETS
from tests.conftest import ROOT, build

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
ARTICLE = ("padding_zero_vs_one", "same_valid_custom", "stride_two")
SHAPES = ["3, 3", "5, 5", "7, 7", "5, 5", "9, 7", "3, 3", "4, 4"]


def test_notebook_code_is_the_article_code_word_for_word():
    cells = [
        "".join(c["source"]).rstrip() for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"
    ]
    for name in ARTICLE:
        assert (SNIPPETS / f"{name}.py").read_text().rstrip() in cells, name
    assert not any("convdocs" in cell for cell in cells)


def test_notebook_runs_outside_the_repository_without_convdocs(tmp_path):
    blocker = tmp_path / "blocker" / "convdocs"  # shadows the installed package: importing it fails
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('convdocs is not available to the notebook')\n")
    work = tmp_path / "downloads"
    work.mkdir()
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    probe = nbformat.v4.new_code_cell(
        "try:\n    import convdocs\nexcept ImportError:\n    print('no convdocs')\n"
        "else:\n    raise AssertionError('convdocs importable')"
    )
    notebook.cells.insert(0, probe)
    env = dict(os.environ, PYTHONPATH=str(blocker.parent), MPLBACKEND="module://matplotlib_inline.backend_inline")
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute(
        env=env, cwd=str(work)
    )
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "".join(o.get("text", "") for o in outputs)
    assert text.startswith("no convdocs")
    assert [s for s in SHAPES if f"torch.Size([1, 1, {s}])" in text] == SHAPES
    images = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(images) == len(ARTICLE) and all('<img src="data:image/png;base64,' in i for i in images)  # one each
    check_figures(images)


def check_figures(images):
    """Each figure: alt text that says what is drawn (the padding of every layer, or that it has none),
    pixels enough to read (at least 360 px wide), and its titles, read back from the code that drew it."""
    import base64
    import html
    import re
    import struct

    alts = [html.unescape(re.search(r'alt="([^"]*)"', i).group(1)) for i in images]
    assert "No description" not in " ".join(alts)
    assert (
        "Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1)): the 5 × 5 input with no padding, and the 3 × 3 output."
        in alts[0]
    )
    assert (
        "the 5 × 5 input padded (dashed cells) by 1 at the top, 1 at the bottom, 1 on the left and 1 on the right, to 7 × 7"
        in alts[0]
    )
    assert "padding=valid): the 7 × 7 input with no padding, and the 5 × 5 output" in alts[1]
    assert (
        "padding=(2, 1)): the 7 × 7 input padded (dashed cells) by 2 at the top, 2 at the bottom, 1 on the left and 1 on the right, to 11 × 9"
        in alts[1]
    )
    for image in images:
        png = base64.b64decode(re.search(r"base64,([^\"]+)\"", image).group(1))
        width, height = struct.unpack(">II", png[16:24])
        assert width >= 360, width


def _draw_in_process(*runs):
    """The first cell's draw_calls, run in-process once per run of (input size, Conv2d options): the figures
    it drew (kept open) and what it displayed."""
    import matplotlib

    matplotlib.use("Agg")
    import torch
    from torch import nn

    source = "".join(json.loads(NOTEBOOK.read_text())["cells"][1]["source"])
    space: dict = {}
    exec(compile(source, "notebook-cell-1", "exec"), space)
    figures, shown = [], []
    space["plt"].close = figures.append  # keep the figure to read it back
    space["display"] = shown.append
    try:
        for run in runs:
            for size, options in run:
                nn.Conv2d(1, 1, 3, **options)(torch.zeros(1, 1, size, size))
            space["draw_calls"]()
    finally:
        hooks = torch.nn.modules.module._global_forward_hooks
        for key in [k for k, hook in hooks.items() if hook is space["record"]]:
            del hooks[key]
    return figures, shown


def test_notebook_titles_say_padded_only_when_padded():
    """'valid' and padding 0 are titled 'no padding'."""
    figures, shown = _draw_in_process([(7, {"padding": p}) for p in ("valid", 0, "same", (2, 1))])
    titles = [ax.get_title(loc="left") for ax in figures[0].axes]
    assert titles == [
        "input 7 × 7, no padding",
        "output 5 × 5",
        "input 7 × 7, no padding",
        "output 5 × 5",
        "input 7 × 7, padded to 9 × 9",
        "output 7 × 7",
        "input 7 × 7, padded to 11 × 9",
        "output 9 × 7",
    ], titles
    assert len(shown) == 1 and 'alt="Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding=valid)' in shown[0].data


def test_notebook_figures_keep_every_text_inside_and_draw_every_cell_one_size():
    """titles were clipped on the left, and each grid was scaled to its own axes (a 5 × 5 input
    drawn larger than the padded 5 × 5 under it). Read back from matplotlib's renderer, for the notebook's
    three examples: every text inside the figure, every cell of every grid the same size in pixels."""
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

    figures, shown = _draw_in_process(
        [(5, {"padding": 0}), (5, {"padding": 1})],
        [(7, {"padding": p}) for p in ("same", "valid", (2, 1))],
        [(7, {"stride": 2, "padding": p}) for p in (0, 1)],
    )
    assert len(figures) == len(shown) == 3
    sizes = set()
    for figure in figures:
        renderer = figure.canvas.get_renderer()
        figure.draw(renderer)
        hidden = {t for ax in figure.axes for axis in (ax.xaxis, ax.yaxis) for t in axis.findobj(Text)}  # axis off
        texts = [t for t in figure.findobj(Text) if t.get_text() and t.get_visible() and t not in hidden]
        assert len(texts) == 3 * len(figure.axes) // 2  # two titles and the layer's repr per row
        for text in texts:
            box = text.get_window_extent(renderer)
            assert box.x0 >= 0 and box.y0 >= 0, (text.get_text(), box)
            assert box.x1 <= figure.bbox.width and box.y1 <= figure.bbox.height, (text.get_text(), box)
        for ax in figure.axes:
            for cell in ax.patches:
                assert isinstance(cell, Rectangle)
                box = cell.get_window_extent(renderer)
                sizes.add((round(box.width, 6), round(box.height, 6)))
    assert len(sizes) == 1 and min(sizes.pop()) >= 12, sizes  # one cell size, big enough to see


def _notebook_project(project, code: str) -> None:
    """The project cut down to one notebook page, with convdocs' hooks (which run notebooks ahead)."""
    (project / "mkdocs.yml").write_text(
        "site_name: notebook\nstrict: true\ntheme:\n  name: material\n  font: false\n"
        "hooks:\n  - convdocs/site/hooks.py\nplugins:\n  - mkdocs-jupyter:\n"
        '      include: ["*.ipynb"]\n      execute: true\n      allow_errors: false\n'
    )
    shutil.rmtree(project / "docs")
    (project / "docs").mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A notebook")])
    notebook.cells.append(nbformat.v4.new_code_cell(code))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, project / "docs" / "index.ipynb")


def test_a_notebook_run_ahead_of_its_page_still_decides_the_build(project_copy, tmp_path):
    """convdocs/site/hooks.py runs notebooks in a thread from the start of the build: a failing cell still fails
    the build (allow_errors: false). That the page shows what the run printed is the forked kernel's test below."""
    _notebook_project(project_copy, "raise ValueError('a cell that fails')")
    done = build(tmp_path / "site", project_copy, cache=tmp_path / "cache")
    assert done.returncode != 0 and "a cell that fails" in done.stderr, done.stderr[-2000:]


def test_notebook_plots_ship_as_few_colour_pngs_that_look_the_same(site):
    """The build stores the notebook's plots with a palette of at most PNG_COLOURS colours: every pixel
    within a few levels of matplotlib's, on average, and a transparent PNG is left as it was."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image, ImageChops, ImageStat

    from convdocs.site.hooks import PNG_COLOURS, few_colours

    shipped = sorted((site / "figures").glob("*.png"))
    assert len(shipped) >= 3
    for png in shipped:
        with Image.open(png) as image:
            assert image.mode == "P" and len(image.getcolors()) <= PNG_COLOURS, (png.name, image.mode)

    fig, ax = plt.subplots(figsize=(3, 2), dpi=100)
    ax.imshow([[0, 1, 2], [3, 4, 5]], cmap="Blues")
    ax.set_title("input 7 × 7, padded to 9 × 9")
    for transparent in (False, True):
        raw = io.BytesIO()
        fig.savefig(raw, format="png", transparent=transparent)
        small = few_colours(raw.getvalue())
        if transparent:
            assert small == raw.getvalue()
            continue
        assert len(small) < len(raw.getvalue()) / 2
        with Image.open(io.BytesIO(raw.getvalue())) as before, Image.open(io.BytesIO(small)) as after:
            assert after.size == before.size
            difference = ImageChops.difference(before.convert("RGB"), after.convert("RGB"))
            assert max(ImageStat.Stat(difference).mean) < 3, ImageStat.Stat(difference).mean
    plt.close(fig)


def test_a_cells_printed_lines_are_one_block_however_they_arrive():
    """A cell that prints, waits, then prints again came out as one output block or two by timing alone (two clean
    builds differed on the notebook page); after convdocs' hook runs, the executed cell holds one stream block."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    from convdocs.site.notebook_streams import coalesce_after_execution

    cell = "import time\nprint('a', flush=True)\ntime.sleep(0.3)\nprint('b', flush=True)"
    coalesce_after_execution()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    nb, _ = ExecutePreprocessor(kernel_name="python3", timeout=60).preprocess(nb, {})
    assert [(o["output_type"], o["name"], o["text"]) for o in nb.cells[0].outputs] == [("stream", "stdout", "a\nb\n")]


# Every output area of the notebook page and everything in it: what overflows its box (a clipped or scrolling
# output), each image's pixels per displayed pixel, and each code cell's copy button with the code it copies.
_OUTPUTS = """() => {
  const over = [];
  for (const output of document.querySelectorAll(".jp-OutputArea-output")) {
    for (const e of [output, ...output.querySelectorAll("*")]) {
      if (!e.clientWidth && !e.clientHeight) continue;
      if (e.scrollWidth > e.clientWidth + 1) over.push(`${e.tagName} ${e.scrollWidth} > ${e.clientWidth} wide`);
      if (e.scrollHeight > e.clientHeight + 1) over.push(`${e.tagName} ${e.scrollHeight} > ${e.clientHeight} high`);
    }
  }
  const images = [...document.querySelectorAll(".jp-OutputArea-output img")].map((i) => [
    i.naturalWidth, i.getBoundingClientRect().width, i.naturalHeight, i.getBoundingClientRect().height]);
  const copies = [...document.querySelectorAll(".jp-CodeCell .jp-InputArea")].map((area) => {
    const button = area.querySelector(".md-code__button[data-md-type='copy']");
    if (!button || !button.getClientRects().length) return null;
    try {
      const target = document.querySelector(button.dataset.clipboardTarget);
      return target && area.contains(target) ? target.textContent : null;
    } catch (error) {
      return String(error);  // a target the browser cannot select: the button copies nothing
    }
  });
  return {outputs: document.querySelectorAll(".jp-OutputArea-output").length, over, images, copies};
}"""


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_notebook_outputs_show_whole_sharp_and_its_code_copies(browser, server, width, height):
    """At 1280×800 and on a 390×844 phone (issue 24): no output area, nor anything in it, is clipped or scrolls (a
    long printed line wraps); every plot has at least two image pixels per displayed pixel, so it is sharp on a 2×
    screen; every code cell has a visible copy button whose target is the cell's own code (nbconvert's cell ids,
    'cell-id=…', made the target a selector the browser refuses: the buttons copied nothing)."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2)
    tab = context.new_page()
    try:
        tab.goto(server + "notebook/")
        tab.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        for image in tab.query_selector_all(".jp-OutputArea-output img"):  # lazy: loaded once in view
            image.scroll_into_view_if_needed()
        tab.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output img')].every((i) => i.complete && i.naturalWidth)"
        )
        seen = tab.evaluate(_OUTPUTS)
    finally:
        context.close()
    assert seen["outputs"] >= 6 and not seen["over"], seen["over"]
    assert len(seen["images"]) == len(ARTICLE), seen["images"]
    for natural_w, shown_w, natural_h, shown_h in seen["images"]:
        assert natural_w >= 2 * shown_w - 1 and natural_h >= 2 * shown_h - 2, seen["images"]
    cells = [
        "".join(c["source"]).strip() for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"
    ]
    assert [c.strip() if c else c for c in seen["copies"]] == cells, seen["copies"]


STATE = r"""
import sys
print("torch already imported:", "torch" in sys.modules)
import logging, os, signal, warnings
import matplotlib.pyplot as plt
print("argv", os.path.basename(sys.argv[0]), sys.argv[1], "| '' on the path:", "" in sys.path, "| cwd", os.path.basename(os.getcwd()))
print("own session:", os.getsid(0) == os.getpid(), "| input:", os.readlink("/proc/self/fd/0").split(":")[0], "| SIGINT:", signal.getsignal(signal.SIGINT).__name__)
print("handlers:", [type(h).__name__ for h in logging.root.handlers], "| showwarning:", warnings.showwarning.__module__)
import gc; print("collector on:", gc.isenabled(), "| frozen:", gc.get_freeze_count() > 0)
warnings.warn_explicit("a library's deprecation", DeprecationWarning, "library.py", 1, module="library")
warnings.warn_explicit("a user warning", UserWarning, "cell.py", 1)
logging.warning("a logged warning")
plt.plot([0, 1], [1, 0]);
"""


def _printed(html_text: str) -> list[str]:
    """The lines a notebook page's output areas print (its streams and text results), in order."""
    import html
    import re

    blocks = re.findall(r'<div class="jp-RenderedText jp-OutputArea-output[^>]*>\s*<pre>(.*?)</pre>', html_text, re.S)
    return [line for block in blocks for line in html.unescape(re.sub(r"<[^>]+>", "", block)).splitlines() if line]


def test_the_forked_kernel_runs_a_notebook_as_a_launched_one(project_copy, tmp_path):
    """convdocs/site/notebook_kernel.py: the build's forked kernel (torch already imported) prints, warns, logs
    and plots as a kernel that jupyter_client launches, run here on the same notebook (the oracle)."""
    _notebook_project(project_copy, STATE)
    done = build(tmp_path / "site", project_copy, cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "connect another client" not in done.stderr  # a launched kernel prints no console banner
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    notebook = nbformat.read(project_copy / "docs" / "index.ipynb", as_version=4)
    resources = {"metadata": {"path": str(project_copy / "docs")}}
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources=resources).execute()
    launched = [
        line
        for output in notebook.cells[1].outputs
        if output.output_type != "display_data"  # the plot: an image on the page
        for line in (output.get("text") or output.get("data", {}).get("text/plain", "")).splitlines()
        if line
    ]
    forked = _printed(page)
    assert forked[0] == "torch already imported: True" and launched[0] == "torch already imported: False"
    assert "cell.py:1: UserWarning: a user warning" in launched and "WARNING:root:a logged warning" in launched
    assert sorted(forked[1:]) == sorted(launched[1:])  # streams arrive in either order
    plots = [o for o in notebook.cells[1].outputs if "image/png" in o.get("data", {})]
    assert len(plots) == 1 and page.count("<img ") == 1

"""The explorer's values (issue 23) in headless Chromium: one layer per padding mode, transposed, max and average
pooling; the four tables read as a screen reader would, the torch-code block run with this venv's torch, its
printed output equal to the output table; the lesson of one output cell; the redraw time at 32 × 32."""

from __future__ import annotations

import statistics
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F

from convdocs.core.conv import check
from convdocs.core.transposed import stretch
from convdocs.core.words import say
from convdocs.tools import explorer_redraw

CASES = {
    "zeros": "?ih=5&iw=6&kh=3&kw=2&s=1&p=1&d=1&mode=zeros&vals=ramp&wts=random&seed=3",
    "reflect": "?ih=5&iw=4&kh=3&kw=3&s=2&p=2&d=1&mode=reflect&vals=random&wts=ramp&seed=4",
    "replicate": "?ih=4&iw=6&kh=2&kw=3&s=1&p=same&d=1&mode=replicate&vals=ramp&wts=checkerboard",
    "circular": "?ih=6&iw=5&kh=3&kw=3&s=1&p=2&d=2&mode=circular&vals=random&wts=random&seed=9",
    "transposed": "?layer=ConvTranspose2d&t=1&ih=3&iw=4&kh=3&kw=2&s=2&p=1&op=1&d=1&vals=random&wts=ramp&seed=5",
    "max": "?layer=MaxPool2d&ih=5&iw=6&kh=3&kw=3&s=2&p=1&d=1&ceil=1&vals=random&seed=2",
    "avg": "?layer=AvgPool2d&ih=5&iw=6&kh=3&kw=2&s=2&p=1&ceil=1&cip=0&vals=random&seed=6",
}
TABLES = ["input-values", "padded-values", "kernel-values", "output-values"]


def number(text: str) -> float:
    return float("-inf") if text == "−∞" else float(text)


def table(tab, testid: str) -> list[list[str]]:
    return tab.get_by_test_id(testid).evaluate(
        "t => Array.from(t.querySelectorAll('tbody tr'), r => Array.from(r.querySelectorAll('td'), d => d.textContent))"
    )


open_explorer = explorer_redraw.open_explorer


@pytest.mark.parametrize("name", list(CASES))
def test_tables_and_torch_code_agree_with_torch(tab, server, name):
    open_explorer(tab, server, CASES[name])
    pooling = name in ("max", "avg")
    assert tab.get_by_test_id("kernel-values").count() == (0 if pooling else 1)
    grids = {t: table(tab, t) for t in TABLES if not (pooling and t == "kernel-values")}
    assert all(grids.values()), grids
    code = tab.get_by_test_id("torch-code").text_content()
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr[-2000:]
    printed = [line.split(" ") for line in ran.stdout.splitlines()]
    assert printed == grids["output-values"], (printed, grids["output-values"])
    # the tables against torch directly, not only through the script the page wrote
    x = torch.tensor([[[[number(v) for v in row] for row in grids["input-values"]]]], dtype=torch.float64)
    padded = [[number(v) for v in row] for row in grids["padded-values"]]
    if name in ("reflect", "replicate", "circular"):
        rows, cols = len(padded) - x.shape[2], len(padded[0]) - x.shape[3]
        pad = (cols // 2, cols - cols // 2, rows // 2, rows - rows // 2)
        assert F.pad(x, pad, mode=name)[0, 0].tolist() == padded
    if name == "max":
        assert padded[0] == [float("-inf")] * len(padded[0]) and "−∞" in grids["padded-values"][0]
    if name in ("zeros", "avg"):
        assert padded[0] == [0.0] * len(padded[0])
    # the figure writes the same numbers in its cells
    labels = tab.locator("#cd-figure .cd-labels text").all_text_contents()
    drawn = grids["padded-values"]
    if name == "transposed":  # the figure writes every position of the stretched input, cropped ones too
        conv = check(input=(3, 4), kernel=(3, 2), stride=2, padding=1, transposed=True, output_padding=1)
        drawn = [[show(v) for v in row] for row in stretched_by_torch(x, conv)]
    expected = [v for row in drawn for v in row] + [v for row in grids["output-values"] for v in row]
    if not pooling:
        expected += [v for row in grids["kernel-values"] for v in row]
    assert labels == expected


def show(v: float) -> str:
    return "−∞" if v == float("-inf") else f"{v:g}"


def stretched_by_torch(x: torch.Tensor, conv) -> list[list[float]]:
    """Every position the figure draws for a transposed layer, from torch: the input stretched by a 1×1 transposed
    convolution of stride s, padded by d·(k − 1) zeros on each side, and output_padding's cells past that."""
    big = F.conv_transpose2d(x, torch.ones(1, 1, 1, 1, dtype=torch.float64), stride=conv.stride)
    st = [stretch(conv, a) for a in (0, 1)]
    full = [conv.dilation[a] * (conv.kernel[a] - 1) for a in (0, 1)]
    pads = (full[1], st[1].size - full[1] - big.shape[3], full[0], st[0].size - full[0] - big.shape[2])
    return F.pad(big, pads)[0, 0].tolist()


def test_transposed_figure_draws_the_stretched_input_its_crop_and_output_padding(tab, server):
    """Issue 23 item 3: the stretched input as conv_arithmetic draws it. Padding 2 > d·(k − 1) = 1 crops the
    height; output_padding 1 adds a row and a column; the kernel reads zeros and input cells alike."""
    open_explorer(tab, server, "?layer=ConvTranspose2d&t=1&ih=3&iw=3&kh=2&kw=3&s=2&p=2&op=1&d=1&vals=ramp&wts=ones")
    conv = check(input=(3, 3), kernel=(2, 3), stride=2, padding=2, transposed=True, output_padding=1)
    st = [stretch(conv, a) for a in (0, 1)]
    assert st[0].implicit == -1 and st[1].implicit == 0  # a crop along the height
    count = lambda cls: tab.locator(f"#cd-figure rect.{cls}").count()  # noqa: E731
    assert count("cd-pos") == st[0].size * st[1].size
    assert count("cd-in") == 9
    inside = [[range(st[a].used[0], st[a].used[1]).__contains__(x) for x in range(st[a].size)] for a in (0, 1)]
    kept = sum(inside[0]) * sum(inside[1])
    assert count("cd-cropped") == st[0].size * st[1].size - kept
    extra = sum(
        1
        for r in range(st[0].size)
        for c in range(st[1].size)
        if inside[0][r]
        and inside[1][c]
        and (st[0].extra[0] <= r < st[0].extra[1] or st[1].extra[0] <= c < st[1].extra[1])
    )
    assert count("cd-extra") == extra == sum(inside[0]) + sum(inside[1]) - 1
    inputs = [[p for p, _ in st[a].inputs] for a in (0, 1)]
    between = [[inputs[a][0] <= x <= inputs[a][-1] for x in range(st[a].size)] for a in (0, 1)]
    assert count("cd-inserted") == sum(between[0]) * sum(between[1]) - 9
    x = torch.tensor([[[[number(v) for v in row] for row in table(tab, "input-values")]]], dtype=torch.float64)
    labels = tab.locator("#cd-figure .cd-labels text").all_text_contents()
    grid = stretched_by_torch(x, conv)
    assert labels[: st[0].size * st[1].size] == [show(v) for row in grid for v in row]
    used = [row[st[1].used[0] : st[1].used[1]] for row in grid[st[0].used[0] : st[0].used[1]]]
    assert [[number(v) for v in row] for row in table(tab, "padded-values")] == used  # what the kernel slides over
    tab.locator("#cd-figure rect.cd-out[data-r='1'][data-c='2']").click()
    lit = tab.locator("#cd-figure rect.cd-pos.cd-hl").evaluate_all(
        "rs => rs.map(r => [+r.getAttribute('data-pr'), +r.getAttribute('data-pc')])"
    )
    assert sorted(map(tuple, lit)) == sorted((r, c) for r in st[0].reads(1) for c in st[1].reads(2))
    assert {
        tuple(map(int, (r.get_attribute("data-r"), r.get_attribute("data-c"))))
        for r in tab.locator("#cd-figure rect.cd-in.cd-hl").all()
    } == set(conv.reads((1, 2)))


def test_the_lesson_of_one_output_cell(tab, server):
    open_explorer(tab, server, CASES["zeros"])
    output = table(tab, "output-values")
    cell = tab.locator("#cd-figure rect.cd-out[data-r='0'][data-c='1']")
    cell.click()
    sum_ = tab.get_by_test_id("sum").text_content()
    assert sum_.startswith("Output cell (0, 1) = [0]·") and f"= {output[0][1]} " in sum_ + " ", sum_
    assert sum_.endswith(say("values.padding_terms")), sum_
    taps = tab.locator("#cd-figure .cd-taps rect")
    assert taps.count() == 2 * 3 * 2  # each of the 3 × 2 taps outlined on the input and on the kernel
    colours = taps.evaluate_all("rs => rs.map(r => r.getAttribute('stroke'))")
    assert colours[0::2] == colours[1::2] and len(set(colours)) == 6  # a tap's input cell and weight: one colour
    # the window's shade is translucent and drawn under the numbers: the padding's values stay readable
    padding = tab.locator("#cd-figure rect.cd-pad.cd-hl").first
    assert float(padding.evaluate("r => getComputedStyle(r).fillOpacity")) < 1
    assert padding.evaluate("r => !!(r.compareDocumentPosition(r.ownerSVGElement.querySelector('.cd-labels')) & 4)")
    tab.locator("#cd-outputs").focus()
    tab.keyboard.press("ArrowDown")
    assert tab.get_by_test_id("sum").text_content().startswith("Output cell (1, 1) = ")
    tab.get_by_role("button", name="Step").click()
    assert f"= {output[1][2]}" in tab.get_by_test_id("sum").text_content()


def test_padding_mode_is_disabled_with_its_reason_where_torch_has_none(tab, server):
    open_explorer(tab, server, CASES["transposed"])
    assert tab.get_by_label("Padding mode", exact=True).is_disabled()
    assert tab.locator("#cd-mode-why").text_content() == say("values.mode_transposed")
    tab.get_by_label("Layer", exact=True).select_option("Conv2d")
    assert not tab.get_by_label("Padding mode", exact=True).is_disabled()
    assert not tab.locator("#cd-mode-why").is_visible()


def test_redraw_at_32_by_32_stays_under_50_ms(tab, server):
    """The explorer's own work on a change at 32 × 32 (convdocs/tools/explorer_redraw.py, the measure `make bench`
    reports with the layout it forces) within the budget."""
    got = explorer_redraw.times(tab, server)
    assert len(table(tab, "output-values")) == explorer_redraw.SIZE
    print(explorer_redraw.line({**explorer_redraw.summary(got), "loaded": 0}))
    assert statistics.median(got["script"]) <= explorer_redraw.BUDGET_MS, got


def test_phone_shows_the_figure_on_the_first_screen_readable(tab, server):
    tab.set_viewport_size({"width": 390, "height": 844})
    open_explorer(tab, server, "")
    figure = tab.get_by_test_id("figure").bounding_box()
    assert figure["y"] < 844 - 100, figure  # starts on the first screen, with at least 100 px of it showing
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    cell = tab.locator("#cd-figure rect.cd-out").first.bounding_box()
    assert cell["width"] >= 24 and cell["height"] >= 24, cell
    sizes = tab.locator("#cd-figure text").evaluate_all(
        "ts => ts.map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * m.a; })"
    )
    assert sizes and min(sizes) >= 10, min(sizes)
    small = tab.evaluate(
        """() => Array.from(document.querySelectorAll('#convdocs-explorer :is(button, select, input)'))
             .filter(e => e.offsetParent && e.tabIndex >= 0)
             .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
             .filter(([, h]) => h < 32)"""
    )
    assert not small, small
    tab.get_by_role("button", name="Fit to width").click()  # the overview: the whole figure on the screen
    whole = tab.locator("#cd-figure svg").bounding_box()
    assert whole["x"] >= 0 and whole["x"] + whole["width"] <= 390, whole

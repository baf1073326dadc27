"""The explorer's stack mode (issue #12) against torch (shapes after each layer, and the highlighted input cells
against back-propagation), and its UI. Its arithmetic against convdocs.core.receptive / conv / pooling is checked
in Node on golden vectors (tests/node/stack.test.mjs).

One browser page serves every case of a test (the JavaScript is evaluated in it), so the file stays fast.
"""

from __future__ import annotations

import html
import itertools
import re
import warnings
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import torch
import torch.nn as nn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convdocs.core import pooling
from convdocs.core.conv import check
from convdocs.core.errors import ConvError
from convdocs.core.receptive import START, Step, layer_field
from convdocs.core.words import say
from tests.test_explorer import LONG_TASKS
from tests.test_trace import build, gradient_cells, shapes_in_torch

KINDS = ["Conv2d", "MaxPool2d", "AvgPool2d"]
SPEC = {"Conv2d": "conv", "MaxPool2d": "max", "AvgPool2d": "avg"}


@pytest.fixture(scope="module")
def page(browser, server):
    """One page in stack mode for a whole test module; console errors fail the module's last test."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    # The site search's worker indexes every page on every load: not what is tested here, and slow.
    tab.route("**/workers/search*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    tab.goto(server + "explorer/?stack=1")
    ready(tab)
    tab.evaluate("() => Promise.all(['stack', 'pooling', 'torch-text'].map(window.convdocsExplorer.load))")
    yield tab
    errors = tab.errors
    context.close()
    assert not errors, errors


def ready(tab, drawn=True):
    """Wait until the explorer has loaded what the address needs (explorer-stack.js, pooling, torch's texts)."""
    tab.wait_for_selector("#convdocs-explorer:not([data-loading])", state="attached")
    if drawn:
        tab.wait_for_selector("#cd-grids svg")


@st.composite
def layers(draw):
    layer = draw(st.sampled_from(KINDS))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kernel = [kh, kw] if draw(st.booleans()) else [kh, kh]
    stride = draw(st.one_of(st.integers(1, 3), st.lists(st.integers(1, 3), min_size=2, max_size=2)))
    padding = draw(st.one_of(st.integers(0, 3), st.lists(st.integers(0, 2), min_size=2, max_size=2)))
    if layer == "Conv2d" and draw(st.integers(0, 4)) == 0:
        padding = draw(st.sampled_from(["same", "valid"]))
    dilation = (
        draw(st.one_of(st.integers(1, 2), st.lists(st.integers(1, 2), min_size=2, max_size=2)))
        if layer != "AvgPool2d"
        else 1
    )
    return {"layer": layer, "kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation}


@st.composite
def stacks(draw):
    size = [draw(st.integers(1, 16)), draw(st.integers(1, 16))]
    net = draw(st.lists(layers(), min_size=1, max_size=4))
    where = (draw(st.floats(0, 1)), draw(st.floats(0, 1)))
    return size, net, where


def python_stack(size, net):
    """Per layer: (output, steps per dimension, fields per dimension), or the error line the page must show."""
    fields, out = [START, START], []
    for i, L in enumerate(net):
        k, s, p, d = L["kernel"], L["stride"], L["padding"], L["dilation"]
        try:
            if L["layer"] == "Conv2d":
                got = check(size, k, s, p, d)
            elif L["layer"] == "MaxPool2d":
                got = pooling.max_pool(size, k, s, p, d)
            else:
                got = pooling.avg_pool(size, k, s, p)
        except ConvError as error:
            return f"Layer {i + 1} ({L['layer']}): {error}"
        steps = [
            Step("window", size[a], got.output[a], got.kernel[a], got.stride[a], got.dilation[a], *got.pads[a])
            for a in (0, 1)
        ]
        fields = [
            layer_field(f, step.kernel, step.stride, step.dilation, step.before) for f, step in zip(fields, steps)
        ]
        out.append((list(got.output), steps, fields))
        size = list(got.output)
    return out


BATCH = """async cases => (await Promise.all(['stack', 'pooling', 'torch-text'].map(window.convdocsExplorer.load)),
cases.map(([size, net, where]) => {
  const first = window.convdocsStack.compute(size, net, [0, 0]);
  if (first.error) return first;
  const last = first.shapes[first.shapes.length - 1];
  const cell = last.map((n, a) => Math.min(Math.floor(where[a] * n), n - 1));
  return Object.assign(window.convdocsStack.compute(size, net, cell), {cell});
}))"""


def js(page, cases):
    """What the page computes for each (size, layers, where) case, in one round trip."""
    return page.evaluate(BATCH, [[size, net, list(where)] for size, net, where in cases])


FAST = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def torch_stack(net, size, positive):
    specs = [
        dict(
            kind=SPEC[L["layer"]],
            kernel=tuple(L["kernel"]),
            stride=tuple(L["stride"]) if isinstance(L["stride"], list) else L["stride"],
            padding=tuple(L["padding"]) if isinstance(L["padding"], list) else L["padding"],
            dilation=tuple(L["dilation"]) if isinstance(L["dilation"], list) else L["dilation"],
            mode="zeros",
            ceil_mode=False,
        )
        for L in net
    ]
    return nn.Sequential(*(build(spec, 2, positive) for spec in specs))


@settings(FAST, max_examples=3)
@given(st.lists(stacks(), min_size=30, max_size=30))
def test_shapes_and_highlights_match_torch(page, cases):
    for (size, net, _where), got in zip(cases, js(page, cases)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                shapes = shapes_in_torch(torch_stack(net, size, positive=False), torch.zeros(1, 1, *size))
        except (RuntimeError, ValueError):
            assert got["error"], (size, net)
            continue
        assert got["error"] is None, (size, net, got["error"])
        assert got["shapes"] == [list(out[2:]) for _, out in shapes]
        x = torch.ones(1, 1, *size, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = torch_stack(net, size, positive=True)(x)
        lit = [[p for p in got["reads"][a]["trail"][0] if 0 <= p < size[a]] for a in (0, 1)]
        assert gradient_cells(x, y, got["cell"]) == set(itertools.product(*lit)), (size, net, got["cell"])


# ---------------------------------------------------------------- the page
def address(layers_, size=(9, 9), at=None):
    params = {"stack": "1", "ih": size[0], "iw": size[1]}
    for n, (layer, k, s, p, d) in enumerate(layers_, 1):
        params.update({f"l{n}": layer, f"k{n}": k, f"s{n}": s, f"p{n}": p, f"d{n}": d})
    if at is not None:
        params["at"] = ",".join(map(str, at))
    return "explorer/?" + urlencode(params)


def highlighted(tab, grid):
    """The cells highlighted in a grid (drawn as runs: one rectangle per run of rows × run of columns)."""
    runs = tab.evaluate(
        "g => Array.from(document.querySelectorAll(`#cd-grids svg[data-grid='${g}'] rect.cd-hl`))"
        ".map(r => ['r', 'c', 'rows', 'cols'].map(k => Number(r.dataset[k])))",
        grid,
    )
    cells = [(r + i, c + j) for r, c, rows, cols in runs for i in range(rows) for j in range(cols)]
    assert len(cells) == len(set(cells)), runs  # runs never overlap
    return set(cells)


def click_cell(tab, grid, r, c):
    svg = tab.locator(f"#cd-grids svg[data-grid='{grid}']")
    cell = int(svg.get_attribute("data-cell"))
    svg.click(position={"x": 2 + (c + 0.5) * cell, "y": 2 + (r + 0.5) * cell})


def stack_error(tab):
    error = tab.get_by_test_id("stack-error")
    return error.text_content() if error.is_visible() else ""


UI = [
    ([("Conv2d", "3", "2", "1", "1"), ("MaxPool2d", "3", "2", "1", "1")], (11, 9), (2, 1)),
    (
        [("Conv2d", "3, 2", "1", "1", "2"), ("AvgPool2d", "2", "2", "1", "1"), ("Conv2d", "3", "1", "same", "1")],
        (10, 8),
        (0, 3),
    ),
    ([("MaxPool2d", "2", "1", "0", "2"), ("Conv2d", "1", "3", "0", "1")] * 2, (16, 13), (0, 0)),
    # non-square kernels, stride and dilation per dimension (height, width)
    ([("Conv2d", "5,1", "2,1", "2, 0", "1,2"), ("MaxPool2d", "1,3", "1,2", "0, 1", "2,1")], (13, 11), (3, 2)),
]


def pair(text: str) -> int | list[int]:
    """What the page reads from a stride or dilation field: one number, or [height, width]."""
    values = [int(v) for v in text.split(",")]
    return values[0] if len(values) == 1 else values


@pytest.mark.parametrize("net, size, at", UI)
def test_highlighted_input_cells_are_the_gradient(page, server, net, size, at):
    page.goto(server + address(net, size, at))
    ready(page)
    spec = [
        {
            "layer": L,
            "kernel": [int(v) for v in k.split(",")] * (2 // len(k.split(","))),
            "stride": pair(s),
            "padding": p if p == "same" else pair(p),
            "dilation": pair(d),
        }
        for L, k, s, p, d in net
    ]
    x = torch.ones(1, 1, *size, requires_grad=True)
    y = torch_stack(spec, size, positive=True)(x)
    inside = {(r, c) for r, c in highlighted(page, 0) if 0 <= r < size[0] and 0 <= c < size[1]}
    assert inside == gradient_cells(x, y, at)
    assert highlighted(page, len(net)) == {at}
    assert f"Output cell ({at[0]}, {at[1]})" in page.get_by_test_id("stack-status").text_content()


def test_choose_by_click_and_keyboard_and_the_address_keeps_it(page, server):
    page.goto(server + address(UI[0][0], UI[0][1]))
    ready(page)
    click_cell(page, 2, 1, 2)
    assert highlighted(page, 2) == {(1, 2)}
    assert parse_qs(urlparse(page.url).query)["at"] == ["1,2"]
    page.locator("#cd-grids figure[data-final]").focus()
    for key in ["ArrowDown", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp", "ArrowUp"]:
        page.keyboard.press(key)
    assert highlighted(page, 2) == {(0, 2)}  # 2 columns right from 2 stops at the edge (3 columns), up stops at 0
    status = page.get_by_test_id("stack-status").text_content()
    url = page.url
    page.goto(url)
    ready(page)
    assert highlighted(page, 2) == {(0, 2)} and page.get_by_test_id("stack-status").text_content() == status


def test_layers_are_edited_added_and_removed_and_the_link_reproduces_them(page, server):
    page.goto(server + "explorer/")
    page.get_by_label("Mode", exact=True).select_option("Stack")
    ready(page)
    assert not page.get_by_label("Kernel height", exact=True).is_visible()  # one-layer controls step aside
    page.get_by_role("button", name="Add layer").click()
    page.get_by_label("Layer 3 kernel height").fill("2")
    page.get_by_label("Layer 3 kernel width").fill("3")
    page.get_by_label("Layer 3 type").select_option("AvgPool2d")
    assert page.get_by_label("Layer 3 dilation").is_disabled()
    page.get_by_label("Layer 1 padding").fill("2")
    page.get_by_label("Input height").fill("12")
    table = page.get_by_test_id("stack-table").inner_text()
    expected = python_stack(
        [12, 7],
        [
            {"layer": "Conv2d", "kernel": [3, 3], "stride": 2, "padding": 2, "dilation": 1},
            {"layer": "MaxPool2d", "kernel": [3, 3], "stride": 2, "padding": 1, "dilation": 1},
            {"layer": "AvgPool2d", "kernel": [2, 3], "stride": 1, "padding": 1, "dilation": 1},
        ],
    )
    assert " × ".join(map(str, expected[-1][0])) in table.splitlines()[-1]
    r, s, p = expected[-1][2][0]
    assert table.splitlines()[-1].split("\t")[2:] == [
        f"{r}, {expected[-1][2][1].r}" if r != expected[-1][2][1].r else str(r),
        str(s),
        str(p),
    ]
    url = page.url
    page.goto(url)
    ready(page)
    assert page.get_by_test_id("stack-table").inner_text() == table
    page.get_by_role("button", name="Remove layer 2").click()
    assert len(page.get_by_test_id("stack-table").inner_text().splitlines()) == len(table.splitlines()) - 1
    page.get_by_label("Mode", exact=True).select_option("Shape")
    page.wait_for_selector("#cd-figure svg")
    assert "stack" not in parse_qs(urlparse(page.url).query)
    assert page.get_by_test_id("output-shape").is_visible() and not page.locator("#cd-stack").is_visible()


JUNK = [
    ("?stack=1&l1=Linear", "'Linear' is not a layer"),
    ("?stack=1&l1=Conv2d&k1=x", "Layer 1 kernel height must be a whole number"),
    ("?stack=1&l1=Conv2d&s1=1,2,1", "Layer 1 stride: give one number, or two"),
    ("?stack=1&l1=Conv2d&k1=1,2,3", "Layer 1 kernel: give one number, or two"),
    ("?stack=1&l1=Conv2d&p1=%3Cb%3E", "padding '<b>' is unknown"),
    ("?stack=1&l1=Conv2d&l2=Conv2d&l3=Conv2d&l4=Conv2d&l5=Conv2d", "up to 4 layers"),
    ("?stack=1&l1=Conv2d&k3=2", "k3 without the layers before it"),
    ("?stack=1&at=%27;alert(1)", "use at=row,column"),
    ("?stack=1&l1=MaxPool2d&k1=2&p1=2", "pad should be at most half"),
    ("?stack=1&l1=Conv2d&k1=99999999999999999999", "beyond 2^53"),
    ("?stack=1&ih=3&l1=Conv2d&k1=5&p1=0", "Kernel size can't be greater than actual input size"),
    ("?stack=1&l1=Conv2d&s1=1&p1=same&l2=AvgPool2d&s2=0", "Layer 2 (AvgPool2d)"),
]


def test_junk_addresses_show_a_visible_error(page, server):
    for query, words in JUNK:
        page.goto(server + "explorer/" + query)
        ready(page, drawn=False)
        assert words in stack_error(page), (query, stack_error(page))
        assert page.locator("#cd-stack b").count() == 0, query  # what the address says is text, never markup
    assert not page.errors, page.errors


def test_too_large_to_draw_is_said_and_the_numbers_still_hold(page, server):
    page.goto(server + "explorer/" + "?stack=1&ih=60&iw=60&l1=Conv2d&k1=3&s1=2&p1=1&d1=1")
    ready(page, drawn=False)
    assert page.get_by_test_id("stack-too-large").is_visible()
    assert "30 × 30" in page.get_by_test_id("stack-table").inner_text()
    assert "Output cell (0, 0)" in page.get_by_test_id("stack-status").text_content()


def test_no_long_task_at_the_cell_budget(browser, server):
    """Four layers at the budget (48 × 48 padded inputs): a render and ten keyboard moves, no main-thread task
    over 200 ms. As in test_explorer's fuzz, a run over the bar is measured twice more and its best run counts:
    work the explorer does is over the bar every time, a moment when other processes had the core is not."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(LONG_TASKS)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.route("**/workers/search*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    net = [("Conv2d", "3", "1", "1", "1")] * 4
    tab.goto(server + address(net, (46, 46)), wait_until="load")
    ready(tab)
    assert tab.locator("#cd-grids svg").count() == 5 and not tab.get_by_test_id("stack-too-large").count()
    runs = []
    for _ in range(3):
        tab.evaluate("() => { window.__cdTasks = []; window.__cdObserver.takeRecords(); }")
        tab.evaluate("() => document.getElementById('cd-input-height').dispatchEvent(new Event('input'))")
        tab.locator("#cd-grids figure[data-final]").focus()
        for key in ["ArrowDown", "ArrowRight"] * 5:
            tab.keyboard.press(key)
        runs.append(
            tab.evaluate(
                "() => Math.max(0, ...window.__cdTasks.concat(window.__cdObserver.takeRecords()).map(e => e.duration))"
            )
        )
        if runs[-1] <= 200:
            break
    print(f"\nstack at the cell budget: longest task per run {runs} ms")
    context.close()
    assert not errors, errors
    assert min(runs) <= 200, runs


def test_the_networks_page_opens_the_resnet_stem_in_stack_mode(page, server, site):
    text = (site / "networks" / "padding-through-a-network" / "index.html").read_text(encoding="utf-8")
    query = html.unescape(re.search(r'href="\.\./\.\./explorer/\?(stack=1[^"]+)"', text)[1])
    page.goto(server + "explorer/?" + query)
    ready(page)
    q = {k: v[0] for k, v in parse_qs(query).items()}
    net = [
        {
            "layer": q[f"l{n}"],
            "kernel": [int(q[f"k{n}"])] * 2,
            "stride": int(q[f"s{n}"]),
            "padding": int(q[f"p{n}"]),
            "dilation": int(q[f"d{n}"]),
        }
        for n in (1, 2)
    ]
    assert [L["layer"] for L in net] == ["Conv2d", "MaxPool2d"]
    output, _, fields = python_stack([int(q["ih"]), int(q["iw"])], net)[-1]
    row = page.get_by_test_id("stack-table").inner_text().splitlines()[-1].split("\t")
    assert row[1:] == [" × ".join(map(str, output)), *(str(v) for v in fields[0])]
    assert not page.get_by_test_id("stack-error").is_visible() and page.locator("#cd-grids svg").count() == 3


def test_captions_are_the_catalogue_s_and_cells_are_readable(page, server):
    """Each grid's caption is its catalogue sentence (words spaced, kernel per layer), and a cell is drawn at 24 px or
    more on the screen, at the budget's 48 cells too (the grid then scrolls in its figure)."""
    net = [("Conv2d", "5,1", "2,1", "2,0", "1"), ("MaxPool2d", "3", "2", "1", "1")]
    page.goto(server + address(net, (12, 9)))
    ready(page)
    captions = page.locator("#cd-grids figcaption").all_text_contents()
    assert captions == [
        say("stack.input_caption", size="12 × 9", layer="Conv2d", kernel="5 × 1"),
        say("stack.layer_caption", g=1, size="6 × 9", n=2, layer="MaxPool2d", kernel="3 × 3"),
        say("stack.final_caption", g=2, size="3 × 5"),
    ]
    glued = [c for c in captions if re.search(r"\d[a-z]|[a-z]\d", re.sub(r"\b(Conv|MaxPool|AvgPool)2d\b", "", c))]
    assert not glued, glued  # no "layer 1output"
    for size in ((12, 9), (46, 46)):
        page.goto(server + address([("Conv2d", "3", "1", "1", "1")] * 2, size))
        ready(page)
        drawn = page.locator("#cd-grids svg").evaluate_all(
            "ss => ss.map(s => s.getBoundingClientRect().width / s.width.baseVal.value * Number(s.dataset.cell))"
        )
        assert drawn and min(drawn) >= 24, (size, drawn)

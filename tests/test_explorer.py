"""The padding explorer, driven in headless Chromium through its labelled controls, checked against torch."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from convdocs.geometry import ConvError, check, formula
from tests import oracle
from tests.conftest import ROOT

LABELS = ["Input height", "Input width", "Kernel height", "Kernel width", "Stride", "Padding", "Dilation",
          "Padding mode", "Transposed", "Output padding"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def explorer(tab, server):
    tab.goto(server + "explorer/")
    tab.wait_for_selector("#cd-figure svg")
    return tab


def configs(count: int, seed: int = 0):
    """Configurations as a reader might set them, about a third of them ones torch refuses."""
    rng = random.Random(seed)
    for _ in range(count):
        transposed = rng.random() < 0.25
        padding = rng.choice([0, 1, 2, 3, -1, "same", "valid", (2, 1), (0, 3)])
        yield dict(
            input=(rng.randint(1, 9), rng.randint(1, 9)), kernel=(rng.randint(1, 5), rng.randint(1, 5)),
            stride=rng.choice([1, 1, 2, 3]), padding=padding, dilation=rng.choice([1, 1, 2]),
            padding_mode="zeros" if transposed and rng.random() < 0.8 else rng.choice(["zeros", "reflect", "replicate", "circular"]),
            transposed=transposed, output_padding=rng.choice([0, 0, 1, 2]) if transposed else 0,
        )


def set_controls(tab, config, previous=None):
    """Fill every control through its visible label (only those that change, to keep the run short)."""
    padding = config["padding"]
    text = {
        "Input height": str(config["input"][0]), "Input width": str(config["input"][1]),
        "Kernel height": str(config["kernel"][0]), "Kernel width": str(config["kernel"][1]),
        "Stride": str(config["stride"]), "Dilation": str(config["dilation"]),
        "Padding": ", ".join(map(str, padding)) if isinstance(padding, tuple) else str(padding),
    }
    tab.get_by_label("Transposed").set_checked(config["transposed"])
    if config["transposed"]:  # the control is disabled otherwise: Conv2d takes no output_padding
        text["Output padding"] = str(config["output_padding"])
    for label, value in text.items():
        if previous is None or previous.get(label) != value:
            tab.get_by_label(label, exact=True).fill(value)
    if previous is None or previous.get("mode") != config["padding_mode"]:
        tab.get_by_label("Padding mode").select_option(config["padding_mode"])
    return dict(text, mode=config["padding_mode"])


def test_every_control_has_its_label(explorer):
    for label in LABELS:
        assert explorer.get_by_label(label, exact=True).count() == 1, label


def test_page_shows_what_torch_gives_for_generated_configs(explorer):
    started, previous, refused = time.perf_counter(), None, 0
    cases = list(configs(220))
    for config in cases:
        previous = set_controls(explorer, config, previous)
        shape = explorer.get_by_test_id("output-shape")
        error = explorer.get_by_test_id("error")
        torch_says = oracle.output_shape(**config)
        if isinstance(torch_says, Exception):
            refused += 1
            assert error.is_visible() and error.text_content(), (config, torch_says)
            assert not shape.is_visible() and shape.text_content() == "", config
        else:
            assert not error.is_visible(), (config, error.text_content())
            assert shape.text_content() == " × ".join(map(str, torch_says)), config
    print(f"\n{len(cases)} configurations ({refused} refused by torch) in {time.perf_counter() - started:.1f} s")
    assert refused >= 40


def test_javascript_agrees_with_geometry(explorer):
    cases = list(configs(3000, seed=1))
    results = explorer.evaluate(
        "cases => cases.map(c => window.convdocsExplorer.compute("
        "Object.assign({}, c, {padding: Array.isArray(c.padding) ? c.padding : c.padding})))",
        [dict(c, padding=list(c["padding"]) if isinstance(c["padding"], tuple) else c["padding"]) for c in cases],
    )
    for config, got in zip(cases, results):
        try:
            conv = check(**config)
        except ConvError as error:
            assert got["error"] == str(error), config
            continue
        assert got["error"] is None, (config, got["error"])
        assert tuple(got["output"]) == conv.output, config
        assert tuple(map(tuple, got["pads"])) == conv.pads, config
        assert got["formula"] == [formula(conv, 0), formula(conv, 1)], config


def highlighted(tab, kind):
    cells = tab.locator(f"rect.cd-{kind}.cd-hl")
    return {(int(cells.nth(i).get_attribute("data-r")), int(cells.nth(i).get_attribute("data-c")))
            for i in range(cells.count())}


@pytest.mark.parametrize("config, out_cell, in_cell", [
    (dict(input=(7, 7), kernel=(3, 3), stride=2, padding=1, dilation=1, padding_mode="zeros", transposed=False,
          output_padding=0), (1, 2), (0, 0)),
    (dict(input=(7, 6), kernel=(3, 2), stride=1, padding=(2, 1), dilation=2, padding_mode="reflect",
          transposed=False, output_padding=0), (0, 4), (3, 5)),
    (dict(input=(4, 4), kernel=(3, 3), stride=2, padding=1, dilation=1, padding_mode="zeros", transposed=True,
          output_padding=1), (3, 4), (1, 2)),
])
def test_hover_highlights_the_right_cells(explorer, config, out_cell, in_cell):
    set_controls(explorer, config)
    conv = check(**config)
    explorer.hover(f"rect.cd-out[data-r='{out_cell[0]}'][data-c='{out_cell[1]}']")
    assert highlighted(explorer, "in") == set(conv.reads(out_cell))
    assert highlighted(explorer, "out") == {out_cell}
    explorer.hover(f"rect.cd-in[data-r='{in_cell[0]}'][data-c='{in_cell[1]}']")
    assert highlighted(explorer, "out") == set(conv.read_by(in_cell))


def test_the_kernel_is_drawn(explorer):
    config = dict(input=(7, 7), kernel=(2, 4), stride=1, padding=0, dilation=2, padding_mode="zeros",
                  transposed=False, output_padding=0)
    set_controls(explorer, config)
    assert explorer.locator("rect.cd-kernel").count() == 8
    assert "kernel 2×4, dilation 2" in explorer.locator("#cd-figure svg").text_content()


def test_dropped_cells_are_marked(explorer):
    config = dict(input=(6, 6), kernel=(3, 3), stride=2, padding=1, dilation=1, padding_mode="zeros",
                  transposed=False, output_padding=0)
    set_controls(explorer, config)
    assert explorer.locator("line.cd-dropped").count() == len(check(**config).unread()) == 15


def test_keyboard_alone_reaches_and_moves_the_selection(explorer):
    explorer.get_by_label("Input height").focus()
    for _ in range(40):  # Tab through the controls and buttons to the figure
        explorer.keyboard.press("Tab")
        if explorer.evaluate("document.activeElement.id") == "cd-outputs":
            break
    assert explorer.evaluate("document.activeElement.id") == "cd-outputs"
    explorer.keyboard.press("ArrowRight")
    explorer.keyboard.press("ArrowDown")
    assert explorer.locator("#cd-status").text_content().startswith("Output cell (1, 1) reads")
    explorer.get_by_role("button", name="Step").press("Enter")
    assert explorer.locator("#cd-status").text_content().startswith("Output cell (1, 2) reads")
    explorer.locator("#cd-outputs").focus()
    for key in ("Shift+ArrowDown", "Shift+ArrowDown", "Shift+ArrowRight"):  # first press lands on (-1, -1)
        explorer.keyboard.press(key)
    assert explorer.locator("#cd-status").text_content() == "Input cell (0, 0) is read by output cells (0, 0)."
    assert highlighted(explorer, "out") == {(0, 0)}


def test_play_steps_by_itself_at_the_chosen_speed(explorer):
    explorer.get_by_label("Speed").fill("8")
    explorer.get_by_role("button", name="Play").click()
    explorer.wait_for_function("document.querySelector('#cd-status').textContent.startsWith('Output cell (0, 3)')",
                               timeout=5000)
    explorer.get_by_role("button", name="Pause").click()
    assert explorer.get_by_role("button", name="Play").get_attribute("aria-pressed") == "false"


def test_the_url_reproduces_the_configuration(tab, server):
    tab.goto(server + "explorer/?ih=5&iw=9&kh=4&kw=2&s=1&p=same&d=1&mode=circular&t=0&op=0")
    assert tab.get_by_label("Input width").input_value() == "9"
    assert tab.get_by_label("Padding mode").input_value() == "circular"
    assert tab.get_by_test_id("output-shape").text_content() == "5 × 9"
    tab.get_by_label("Stride").fill("2")
    assert "s=2" in tab.evaluate("location.search") and tab.get_by_test_id("error").is_visible()


def test_code_line_reproduces_the_shape(explorer):
    import torch  # noqa: F401  (the line is evaluated as a reader would paste it)
    import torch.nn as nn  # noqa: F401

    for config in list(configs(30, seed=2)):
        set_controls(explorer, config)
        code = explorer.locator("#cd-code").text_content()
        torch_says = oracle.output_shape(**config)
        if isinstance(torch_says, Exception) or not code:
            continue
        assert tuple(eval(code)[2:]) == torch_says, code  # noqa: S307


def test_screenshot_and_no_accessibility_violations(explorer):
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    explorer.hover("rect.cd-out[data-r='1'][data-c='1']")
    explorer.screenshot(path=str(ARTIFACTS / "explorer.png"), full_page=True)
    assert (ARTIFACTS / "explorer.png").stat().st_size > 10_000
    results = Axe().run(explorer)
    assert results.violations_count == 0, results.generate_report()


def test_every_open_in_explorer_link_shows_its_layer(site, server, tab):
    import html
    import re

    pattern = re.compile(r'<a href="\.\./\.\./explorer/\?([^"]+)">Open layer \d+ in the explorer</a>.*?'
                         r'data-kind="static"[^>]*data-output="([^"]+)"', re.S)
    checked = 0
    for path in sorted(site.rglob("index.html")):
        for query, output in pattern.findall(path.read_text(encoding="utf-8")):
            tab.goto(server + "explorer/?" + html.unescape(query))
            assert tab.get_by_test_id("output-shape").text_content() == output, (path, query)
            checked += 1
    assert checked >= 30, checked

"""Solve mode's "apply" (issue 23): an answer's padding (and output_padding) loaded into the figure's controls, the
figure shown, and its output exactly the wanted size, as torch computes it for those controls."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import torch
import torch.nn as nn

from convdocs.core.words import say
from tests.test_explorer_values import table


def solve_page(tab, server, query: str):
    tab.goto(server + "explorer/?solve=1&" + query)
    tab.wait_for_selector("#convdocs-explorer:not([data-loading])", state="attached")
    tab.wait_for_selector("[data-testid=solve-answers] li")


def control(tab, label: str) -> str:
    return tab.get_by_label(label, exact=True).input_value()


def apply_and_read(tab, wanted: tuple[int, int]) -> list[list[str]]:
    """Apply the first answer that can be applied; the output table once the figure is drawn."""
    tab.locator("[data-testid=solve-apply]:enabled").first.click()
    tab.wait_for_selector("[data-testid=output-values]")
    assert control(tab, "Mode") == "Shape" and not tab.get_by_test_id("solve-answers").is_visible()
    assert tab.get_by_test_id("figure").locator("svg").is_visible()
    assert tab.get_by_test_id("output-shape").text_content() == f"{wanted[0]} × {wanted[1]}"
    return table(tab, "output-values")


def padding(text: str) -> tuple[int, int]:
    values = [int(v) for v in text.split(",")]
    return (values[0], values[-1])


def test_apply_a_convolution_answer(tab, server):
    solve_page(tab, server, "ih=7&iw=9&kh=3&kw=2&s=2&p=0&d=1&oh=4&ow=5")
    rows = tab.get_by_test_id("solve-answers").locator("li")
    assert rows.first.get_by_test_id("solve-apply").text_content() == say("apply.button")
    assert rows.nth(1).get_by_test_id("solve-apply").count() == 0  # the totals: not one configuration
    output = apply_and_read(tab, (4, 5))
    assert [len(output), len(output[0])] == [4, 5]
    p = padding(control(tab, "Padding"))
    got = nn.Conv2d(1, 1, (3, 2), stride=2, padding=p)(torch.zeros(1, 1, 7, 9)).shape
    assert list(got[2:]) == [4, 5], p
    query = parse_qs(urlparse(tab.url).query)  # the address keeps the figure's controls, in the Shape mode
    assert "solve" not in query and query["p"] == [control(tab, "Padding")]


def test_apply_a_transposed_answer(tab, server):
    solve_page(tab, server, "layer=ConvTranspose2d&t=1&ih=3&iw=4&kh=3&kw=3&s=2&d=1&oh=6&ow=8")
    output = apply_and_read(tab, (6, 8))
    assert [len(output), len(output[0])] == [6, 8]
    p, op = padding(control(tab, "Padding")), int(control(tab, "Output padding"))
    layer = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=p, output_padding=op)
    assert list(layer(torch.zeros(1, 1, 3, 4)).shape[2:]) == [6, 8], (p, op)


def test_apply_a_pair_with_an_output_padding_per_dimension(tab, server):
    """An answer whose output_padding differs per dimension, (1, 0): applied as a pair into Output padding, the
    figure drawn at the wanted size, and its values (and the torch-code block's) equal to torch's own layer."""
    solve_page(tab, server, "layer=ConvTranspose2d&t=1&ih=3&iw=4&kh=3&kw=3&s=2&d=1&oh=6&ow=9")
    rows = tab.get_by_test_id("solve-answers").locator("li")
    assert rows.first.get_by_test_id("solve-apply").is_enabled()
    assert rows.first.locator(".cd-answer").text_content() == "padding=(1, 0), output_padding=(1, 0)"
    output = apply_and_read(tab, (6, 9))
    assert control(tab, "Padding") == "1, 0" and control(tab, "Output padding") == "1, 0"
    assert parse_qs(urlparse(tab.url).query)["op"] == ["1, 0"]
    code = tab.get_by_test_id("torch-code").text_content()
    assert "output_padding=(1, 0)" in code
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert [line.split(" ") for line in ran.stdout.splitlines()] == output
    layer = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=(1, 0), output_padding=(1, 0), bias=False).double()
    grid = lambda testid: [[float(v) for v in row] for row in table(tab, testid)]  # noqa: E731
    x = torch.tensor([[grid("input-values")]], dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[grid("kernel-values")]], dtype=torch.float64))
        y = layer(x)[0, 0]
    assert y.tolist() == [[float(v) for v in row] for row in output]


def test_every_answer_of_a_transposed_question_can_be_applied(tab, server):
    """No Apply is disabled: every pair, equal or not per dimension, goes into the figure's controls."""
    solve_page(tab, server, "layer=ConvTranspose2d&t=1&ih=3&iw=4&kh=3&kw=3&s=3&d=1&oh=9&ow=11")
    shown = tab.get_by_test_id("solve-answers").locator(".cd-answer").all_text_contents()
    assert shown[:2] == ["padding=(0, 1), output_padding=(0, 1)", "padding=1, output_padding=(2, 1)"]
    buttons = tab.get_by_test_id("solve-apply")
    assert buttons.count() == 2 and all(buttons.nth(i).is_enabled() for i in range(2))
    buttons.nth(1).click()
    tab.wait_for_selector("[data-testid=output-values]")
    assert control(tab, "Padding") == "1" and control(tab, "Output padding") == "2, 1"
    assert tab.get_by_test_id("output-shape").text_content() == "9 × 11"
    assert list(
        nn.ConvTranspose2d(1, 1, 3, stride=3, padding=1, output_padding=(2, 1))(torch.zeros(1, 1, 3, 4)).shape[2:]
    ) == [9, 11]

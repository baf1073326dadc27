"""The explorer offers the way out of a refusal (issue 23 item 4, issue 25 item 5): the nearest configuration torch
accepts, one click away, for Conv2d / ConvTranspose2d and for MaxPool2d / AvgPool2d (docs/assets/core/nearest.mjs, its
answers run in torch here), and an unusable address value reported beside the control it sets."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import torch
from torch import nn

from convdocs.core.words import WORDS, say
from tests.conftest import ROOT

NODE = shutil.which("node")

ANSWERS = """
import { readFileSync } from "node:fs";
import { T } from "./tests/node/golden.mjs";
import { nearestValid } from "./docs/assets/core/nearest.mjs";
const refused = JSON.parse(readFileSync("tests/golden/conv.json", "utf8")).filter((c) => c.expected.error);
const small = refused.filter((c) => Math.max(...c.config.input, ...c.config.kernel) <= 64);
console.log(JSON.stringify(small.filter((_, n) => n % 5 === 0).map((c) => [c.config, nearestValid(c.config, T)])));
"""


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_the_nearest_valid_configurations_run_in_torch():
    """A sample of the golden refusals (every fifth with sizes up to 64): each answer builds and runs in torch, and
    torch refused the configuration it answers."""
    out = subprocess.run(
        [NODE, "--input-type=module", "-e", ANSWERS], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    pairs = json.loads(out.stdout)
    answered = [(before, near) for before, near in pairs if near]
    assert len(pairs) >= 150 and len(answered) >= 0.9 * len(pairs), (len(answered), len(pairs))

    def run(c: dict) -> torch.Tensor:
        padding = tuple(c["padding"]) if isinstance(c["padding"], list) else c["padding"]
        common = dict(kernel_size=tuple(c["kernel"]), stride=c["stride"], padding=padding, dilation=c["dilation"])
        if c["transposed"]:
            layer = nn.ConvTranspose2d(
                1, 1, output_padding=c["output_padding"], padding_mode=c["padding_mode"], **common
            )
        else:
            layer = nn.Conv2d(1, 1, padding_mode=c["padding_mode"], **common)
        return layer(torch.zeros(1, 1, *c["input"]))

    for before, near in answered:
        with pytest.raises((RuntimeError, ValueError, TypeError)):
            run(before)
        assert run(near["cfg"]).numel() >= 0  # torch builds and runs it


POOL_ANSWERS = """
import { readFileSync } from "node:fs";
import { pagePool, T } from "./tests/node/golden.mjs";
import { nearestValid } from "./docs/assets/core/nearest.mjs";
const refused = JSON.parse(readFileSync("tests/golden/pooling.json", "utf8")).filter((c) => c.expected.error);
const page = refused.map(pagePool).filter((c) => c);
console.log(JSON.stringify(page.filter((_, n) => n % 3 === 0).map((c) => [c, nearestValid(c, T)])));
"""


def pool_layer(c: dict) -> nn.Module:
    """The page's MaxPool2d / AvgPool2d configuration as torch builds it."""
    padding = tuple(c["padding"]) if isinstance(c["padding"], list) else c["padding"]
    common = dict(kernel_size=tuple(c["kernel"]), stride=c["stride"], padding=padding, ceil_mode=c["ceil_mode"])
    if c["layer"] == "MaxPool2d":
        return nn.MaxPool2d(dilation=c["dilation"], **common)
    return nn.AvgPool2d(count_include_pad=c["count_include_pad"], **common)


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_the_nearest_valid_pooling_configurations_run_in_torch():
    """A sample of the golden MaxPool2d / AvgPool2d refusals (every third the controls can give): torch refuses
    each, and builds and runs the answer with ceil_mode (and count_include_pad) as they were."""
    out = subprocess.run(
        [NODE, "--input-type=module", "-e", POOL_ANSWERS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pairs = json.loads(out.stdout)
    answered = [(before, near) for before, near in pairs if near]
    assert len(pairs) >= 100 and len(answered) >= 0.9 * len(pairs), (len(answered), len(pairs))
    for before, near in answered:
        with pytest.raises((RuntimeError, ValueError, TypeError)):
            pool_layer(before)(torch.zeros(1, 1, *before["input"]))
        after = near["cfg"]
        assert (after["ceil_mode"], after["count_include_pad"]) == (before["ceil_mode"], before["count_include_pad"])
        assert pool_layer(after)(torch.zeros(1, 1, *after["input"])).numel() >= 1


def test_a_pooling_refusal_offers_the_nearest_valid_configuration(tab, server):
    open_explorer(tab, server, "?layer=MaxPool2d&ih=7&iw=7&kh=3&kw=3&s=2&p=2&d=1")
    button = tab.get_by_test_id("nearest-valid")
    assert tab.get_by_test_id("error").is_visible() and button.is_visible()
    assert button.text_content() == say("nearest.offer", changes=say("nearest.change", label="Padding", value="1"))
    button.click()
    tab.wait_for_selector("#convdocs-explorer:not([data-loading])", state="attached")
    assert not tab.get_by_test_id("error").is_visible() and not button.is_visible()
    shape = nn.MaxPool2d(3, stride=2, padding=1)(torch.zeros(1, 1, 7, 7)).shape[2:]
    assert tab.get_by_test_id("output-shape").text_content() == f"{shape[0]} × {shape[1]}"
    assert "p=1" in tab.url.split("?")[1].split("&")


def open_explorer(tab, server, query: str):
    tab.goto(server + "explorer/" + query)
    tab.wait_for_selector("#convdocs-explorer:not([data-loading])", state="attached")


def test_a_refusal_offers_the_nearest_valid_configuration_in_one_click(tab, server):
    open_explorer(tab, server, "?ih=7&iw=7&kh=3&kw=3&s=2&p=7&d=1&mode=reflect")
    button = tab.get_by_test_id("nearest-valid")
    assert tab.get_by_test_id("error").is_visible() and button.is_visible()
    change = say("nearest.change", label="Padding mode", value="zeros")
    assert button.text_content() == say("nearest.offer", changes=change)
    button.click()
    tab.wait_for_selector("#convdocs-explorer:not([data-loading])", state="attached")
    assert not tab.get_by_test_id("error").is_visible() and not button.is_visible()
    assert tab.get_by_test_id("output-shape").text_content() == "10 × 10"  # (7 + 14 − 3) / 2 + 1 with zeros
    assert "mode=zeros" in tab.url
    open_explorer(tab, server, "?s=0")
    assert button.text_content() == say("nearest.offer", changes=say("nearest.change", label="Stride", value="1"))
    button.click()
    assert tab.get_by_test_id("output-shape").text_content() == "7 × 7" and "s=1" in tab.url.split("?")[1].split("&")


@pytest.mark.parametrize(
    "query, control, words",
    [
        ("?kh=abc", "kernel-height", ("address.whole", dict(key="kh", value="abc", label="Kernel height", least=1))),
        ("?s=0", "stride", ("address.whole", dict(key="s", value="0", label="Stride", least=1))),
        (
            "?layer=Nope",
            "layer",
            (
                "address.choice",
                dict(key="layer", value="Nope", label="Layer", choices="Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d"),
            ),
        ),
        ("?solve=2", "mode", ("explorer.address_mode", dict(param="solve", value="2", mode="Solve"))),
        ("?stack=x", "mode", ("explorer.address_mode", dict(param="stack", value="x", mode="Stack"))),
        ("?t=yes", "transposed", ("explorer.address_checkbox", dict(key="t", value="yes"))),
        ("?p=x", "padding", ("address.padding", dict(key="p", value="x", label="Padding"))),
        ("?p=1,2,3", "padding", ("address.padding", dict(key="p", value="1,2,3", label="Padding"))),
        ("?t=1&op=abc", "output-padding", ("address.padding", dict(key="op", value="abc", label="Output padding"))),
        ("?t=1&op=same", "output-padding", ("address.padding", dict(key="op", value="same", label="Output padding"))),
    ],
)
def test_an_unusable_address_value_is_reported_beside_its_control(tab, server, query, control, words):
    open_explorer(tab, server, query)
    note = tab.get_by_test_id(f"url-error-{control}")
    assert note.is_visible() and note.text_content() == WORDS[words[0]].format(**words[1])  # say() owns "key"
    node = tab.locator(f"#cd-{control}")
    own = note.get_attribute("id")
    assert own in node.get_attribute("aria-describedby").split()
    # beside it: the note follows the control (or its − / + box) in the form
    assert tab.evaluate(
        f"""() => {{ const c = document.querySelector('#cd-{control}'), box = c.closest('.cd-num') || c;
                     return box.nextElementSibling === document.querySelector('[data-testid=url-error-{control}]'); }}"""
    )
    tab.get_by_label("Input height", exact=True).fill("6")  # the reader changes a control: the address no longer holds
    assert tab.get_by_test_id(f"url-error-{control}").count() == 0
    assert own not in (node.get_attribute("aria-describedby") or "")

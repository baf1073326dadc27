"""Errors convdocs shows carry PyTorch's own words: the catalogue is torch's, and so is every filled-in text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convdocs.core import torch_text
from convdocs.core.conv import check
from convdocs.core.errors import ConvError
from tests import oracle
from tests.test_geometry import configs, per_dim

SETS = re.compile(r"\{('[^{}]*')\}")


def _plain(text: str) -> str:
    """torch prints Python sets in hash order: compare their members, not their order."""
    return SETS.sub(lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", text.splitlines()[0])


@pytest.mark.slow
def test_catalogue_is_what_torch_says_now():
    fresh = subprocess.run(
        [sys.executable, "-m", "convdocs.tracing.capture_text", "--print"],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONHASHSEED="0"),
    ).stdout
    assert json.loads(fresh) == torch_text.CATALOGUE, "run python -m convdocs.tracing.capture_text"


def torch_words(config):
    """(type, first line of text) torch raises for ``config``, or None if torch accepts it."""
    said = oracle.output_shape(**config)
    return (type(said).__name__, _plain(str(said))) if isinstance(said, Exception) else None


def agree(config, quoted: bool):
    """convdocs rejects what torch rejects; when it quotes torch, the quote is exact; ``quoted``: it must quote."""
    said = torch_words(config)
    try:
        check(**config)
    except ConvError as error:
        assert said is not None, (config, str(error))
        assert "\n" not in str(error)
        if error.torch_text is None:
            assert not quoted, (config, str(error), said)
            assert not str(error).startswith("PyTorch:"), str(error)
            return
        assert (error.torch_type, _plain(error.torch_text)) == said, config
        assert str(error).startswith(f"PyTorch: {error.torch_type}: {error.torch_text}{torch_text.SEPARATOR}")
        return
    assert said is None, (config, said)


@st.composite
def reader_configs(draw):
    """What a reader types: sizes, kernels, strides and dilations of at least 1; anything else goes."""
    n = draw(st.integers(1, 3))
    lengths = st.sampled_from([n, n, 1, n + 1])
    positive = lambda top: per_dim(st.integers(1, top), n, lengths)  # noqa: E731
    transposed = draw(st.booleans())
    config = dict(
        input=tuple(draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))),
        kernel=draw(positive(6)),
        stride=draw(positive(3)),
        dilation=draw(positive(3)),
        transposed=transposed,
        padding_mode=draw(st.sampled_from(["zeros"] * 3 + ["reflect", "replicate", "circular", "edge"])),
        padding=draw(st.one_of(per_dim(st.integers(-2, 5), n, lengths), st.sampled_from(["same", "valid", "full"]))),
    )
    if transposed:
        config["output_padding"] = draw(per_dim(st.integers(-1, 3), n, lengths))
    return config


SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(reader_configs())
def test_every_rejection_of_a_readers_layer_is_torchs_own_text(config):
    """The one exception: ConvTranspose3d with an output below 1, where torch's answer (an empty output, its
    slow path's text or oneDNN's) depends on the backend it picks for the sizes."""
    backend = config["transposed"] and len(config["input"]) == 3
    agree(config, quoted=not backend)


@settings(SETTINGS, max_examples=150)
@given(st.one_of(configs(), configs(transposed=True)))
def test_every_quote_is_exact_even_for_zero_sizes(config):
    agree(config, quoted=False)


def test_explorer_gets_the_catalogue():
    data = json.loads(torch_text.for_explorer())
    assert data["messages"] == torch_text.MESSAGES
    assert set(data["explain"]) == {torch_text.explain_key(k) for k in data["messages"]}


@pytest.mark.slow
def test_a_warning_torch_gives_is_shown_with_its_explanation():
    code = (
        "import warnings, torch; warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    torch.nn.Conv2d(1, 1, 4, padding='same')(torch.zeros(1, 1, 5, 5))\n"
        "print(f'{w[0].category.__name__}: {w[0].message}')"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert torch_text.explain_warning(shown).startswith(shown + torch_text.SEPARATOR)

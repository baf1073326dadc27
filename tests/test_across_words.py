"""Sentences the networks pages generate from a snippet's layer say what that layer is (fast: one snippet)."""

from __future__ import annotations

from pathlib import Path

from convdocs.site.networks import ones_intro, snippet_namespace

PAGE = Path(__file__).parent.parent / "docs" / "networks" / "where-padding-shows.md"


def test_ones_intro_describes_the_snippets_layer():
    conv = snippet_namespace("stride_parity")["conv"]
    words = ones_intro("stride_parity")
    assert f"`{type(conv).__name__}` with kernel {conv.kernel_size[0]} " in words
    assert f"stride-{conv.stride[0]} " in words and f"`padding={conv.padding[0]}`" in words
    if conv.kernel_size == (3,):
        assert "3 × 3" not in words and words.endswith("fewer than 3.")


def test_page_generates_the_sentence():
    text = PAGE.read_text()
    assert 'print(ones_intro("stride_parity"))' in text
    assert "convolution with `padding=1`, weights 1" not in text  # the typed sentence it replaced

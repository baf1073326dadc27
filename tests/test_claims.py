"""Every marked sentence about PyTorch has a check that runs torch, and every check has its sentence."""

from __future__ import annotations

import shutil

import pytest

from tests.claims import CLAIMS, ROOT, Claim, claim, marked, pages, problems


def test_every_marked_sentence_has_its_check_and_every_check_its_sentence():
    assert not problems(), "\n".join(problems())
    assert len(CLAIMS) >= 7


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_holds_in_torch(name):
    CLAIMS[name].check()


@pytest.fixture
def pages_copy(tmp_path):
    for path in pages():
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return tmp_path


def test_a_rewritten_sentence_fails(pages_copy):
    """Make one claimed sentence false on its page: the suite notices."""
    page = next(p for p, _ in marked(pages_copy)["same-stays-string"])
    text = page.read_text()
    page.write_text(text.replace("is still the string `'same'`", "is resolved to numbers"))
    assert any("same-stays-string" in problem for problem in problems(pages_copy))


def test_an_unmarked_or_unknown_claim_fails(pages_copy):
    page = next(p for p, _ in marked(pages_copy)["repr-padding"])
    text = page.read_text()
    page.write_text(text.replace("<!-- claim: repr-padding -->", "<!-- claim: repr-padding-typo -->"))
    found = problems(pages_copy)
    assert any("'repr-padding-typo' has no check" in p for p in found)
    assert any("'repr-padding' is marked on no page" in p for p in found)


def test_a_false_check_fails():
    """A check stating the false version of a claim (the one issue #9 found on a page) raises."""
    registry: dict[str, Claim] = {}
    saved = dict(CLAIMS)
    try:
        CLAIMS.clear()

        @claim("same-resolved-at-creation", "'same' is resolved to numbers when the layer is created.")
        def _():
            import torch.nn as nn

            assert nn.Conv2d(1, 1, 3, padding="same").padding == (1, 1)

        registry.update(CLAIMS)
    finally:
        CLAIMS.clear()
        CLAIMS.update(saved)
    with pytest.raises(AssertionError):
        registry["same-resolved-at-creation"].check()


def test_no_claim_marker_starts_a_line():
    """a line that starts with `<!--` is an HTML block to Python-Markdown: it ends the list or
    paragraph it sits in (the where-is-my-padding bullets rendered as one paragraph). End the line instead."""
    starting = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in pages()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("<!-- claim")
    ]
    assert not starting, starting

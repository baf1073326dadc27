"""Every marked sentence about PyTorch has a check that runs torch, and every check has its sentence."""

from __future__ import annotations

import shutil

import pytest

from tests.claims import CLAIMS, MIN_CASES, ROOT, Claim, cases, claim, marked, pages, problems, verdict, visited


def test_every_marked_sentence_has_its_check_and_every_check_its_sentence():
    assert not problems(), "\n".join(problems())
    assert len(CLAIMS) >= 7


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_holds_in_torch(name):
    """The check passes, and a universal claim's check walked the space its sentence speaks of."""
    seen = visited(CLAIMS[name].check)
    assert not verdict(CLAIMS[name], seen), "\n".join(verdict(CLAIMS[name], seen))


def test_universal_claims_are_counted():
    """Most universal sentences stay: how many claims speak of every case, and how many of those are
    proved by a check of their own rather than by a named property test elsewhere."""
    universal = [c for c in CLAIMS.values() if c.universal]
    own = [c for c in universal if not c.by]
    print(f"\n{len(CLAIMS)} claims, {len(universal)} universal ({len(own)} with their own property check)")
    assert len(universal) >= 30 and all(c.over for c in universal)


def _one_claim(sentence: str, check, **options) -> tuple[Claim, list[str]]:
    saved = dict(CLAIMS)
    try:
        CLAIMS.clear()
        claim("probe", sentence, **options)(check)
        made = CLAIMS["probe"]
    finally:
        CLAIMS.clear()
        CLAIMS.update(saved)
    return made, verdict(made, visited(made.check))


def test_a_universal_claim_checked_on_one_configuration_fails():
    """The sentence of issue 22 #1, checked on the page's example alone: make test refuses it."""
    import torch
    import torch.nn as nn

    def one_example():
        x = -1 - torch.rand(1, 1, 5, 5)
        assert (nn.MaxPool2d(3, stride=1, padding=1)(x) < 0).all()

    made, found = _one_claim("A padding cell never wins the max.", one_example)
    assert made.universal and any("names no variables" in p for p in found), found
    made, found = _one_claim("A padding cell never wins the max.", one_example, over=("size", "kernel"))
    assert any(f"visited 0 configuration(s) (< {MIN_CASES})" in p for p in found), found

    def one_kernel():
        for size, kernel in cases(size=range(3, 20), kernel=(3,)):
            x = -1 - torch.rand(1, 1, size)
            assert (nn.MaxPool1d(kernel, stride=1, padding=1)(x) < 0).all()

    made, found = _one_claim("A padding cell never wins the max.", one_kernel, over=("size", "kernel"))
    assert found == ["claim 'probe' ranges over 'kernel' but its check tried 1 value(s) of it"], found


def test_a_fixed_phrase_must_be_in_the_sentence():
    made, found = _one_claim("Every input cell is read.", lambda: None, fixed="7 × 7")
    assert not made.universal and found == ["claim 'probe': fixed='7 × 7' is not in its sentence"]
    made, found = _one_claim("On the 7 × 7 input every cell is read.", lambda: None, fixed="7 × 7")
    assert not made.universal and found == []


def test_universal_words_are_found():
    for sentence in ("It never wins.", "Always symmetric.", "at most half", "You MUST write it.", "any size"):
        assert _one_claim(sentence, lambda: None)[0].universal, sentence
    for sentence in ("The everyday case.", "Many sizes.", "A mustard kernel.", "Almost half."):
        assert not _one_claim(sentence, lambda: None)[0].universal, sentence


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


def test_about_gives_no_end_of_life_date_and_quotes_zensical_itself():
    """Issue 22 #9: public sources disagree on when Material for MkDocs ends and none can be checked
    offline, so the About page gives no date; what it says of Zensical is the package's own description."""
    import re
    from importlib.metadata import metadata

    text = " ".join((ROOT / "docs" / "about.md").read_text(encoding="utf-8").split())
    assert not re.search(r"end of life|end-of-life|\b20[2-9]\d\b", text, re.IGNORECASE)
    summary = metadata("zensical")["Summary"]
    assert f'"{summary[0].lower() + summary[1:]}" (its package description)' in text

"""Every sentence on the site that says how PyTorch behaves, with the check that proves it.

A page marks such a sentence by ending it with ``<!-- claim: ID -->``. Here, ``@claim(ID, sentence)``
registers the sentence word for word (whitespace aside) and a function that runs torch and asserts it.
tests/test_claims.py fails when a marked sentence has no check, a check has no sentence, the sentence
on the page is no longer the registered one, or a check fails. Editing a claimed sentence therefore
means editing its check too: the two are reviewed together.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"<!--\s*claim:\s*([\w-]+)\s*-->")


@dataclass(frozen=True)
class Claim:
    id: str
    sentences: tuple[str, ...]  # the text right before the marker, whitespace-normalised
    check: Callable[[], None]


CLAIMS: dict[str, Claim] = {}


def claim(id: str, *sentences: str):
    """Register ``check`` as the proof of ``sentences`` (each must end right before ``<!-- claim: id -->``)."""

    def register(check):
        assert id not in CLAIMS, f"claim {id!r} registered twice"
        CLAIMS[id] = Claim(id, tuple(" ".join(s.split()) for s in sentences), check)
        return check

    return register


def test_exists(node_id: str) -> None:
    """``tests/x.py::name`` is a test function that make test collects."""
    path, name = node_id.split("::")
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    assert name.startswith("test_") and any(isinstance(n, ast.FunctionDef) and n.name == name for n in tree.body), (
        f"no {node_id}"
    )


def covered(id: str, *sentences: str, by: tuple[str, ...]):
    """Register sentences that a test elsewhere in make test proves; the check makes sure that test exists."""

    def check():
        for node_id in by:
            test_exists(node_id)

    check.__doc__ = "proved by " + ", ".join(by)
    claim(id, *sentences)(check)


def pages(root: Path = ROOT) -> list[Path]:
    """Every file whose sentences reach a reader: the site's pages and the README."""
    return sorted((root / "docs").rglob("*.md")) + [root / "README.md"]


def marked(root: Path = ROOT) -> dict[str, list[tuple[Path, str]]]:
    """Claim id -> [(page, whitespace-normalised page text)] for every marker on every page."""
    found: dict[str, list[tuple[Path, str]]] = {}
    for path in pages(root):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for match in MARKER.finditer(text):
            found.setdefault(match.group(1), []).append((path, text))
    return found


def problems(root: Path = ROOT, registry: dict[str, Claim] | None = None) -> list[str]:
    """What is wrong between the pages' markers and the registry (empty when they agree)."""
    registry = CLAIMS if registry is None else registry
    found = marked(root)
    out = [
        f"{p.relative_to(root)}: claim {i!r} has no check in tests/claims.py"
        for i, places in found.items()
        if i not in registry
        for p, _ in places
    ]
    out += [f"claim {i!r} is marked on no page" for i in registry if i not in found]
    for i, places in found.items():
        if i not in registry:
            continue
        for path, text in places:
            if not any(
                re.search(re.escape(s) + r"\s*<!--\s*claim:\s*" + re.escape(i) + r"\s*-->", text)
                for s in registry[i].sentences
            ):
                out.append(f"{path.relative_to(root)}: the sentence marked {i!r} is not the one its check proves")
    return out


def _conv_calls(layer, *inputs):
    """The ``padding`` argument each call of ``layer`` hands to F.conv2d, and F.pad's arguments."""
    seen = {"conv2d": [], "pad": []}
    real_conv, real_pad = F.conv2d, F.pad

    def conv2d(*args, **kwargs):
        seen["conv2d"].append(args[4] if len(args) > 4 else kwargs.get("padding", 0))
        return real_conv(*args, **kwargs)

    def pad(x, amounts, mode="constant", value=None):
        seen["pad"].append((tuple(amounts), mode))
        return real_pad(x, amounts, mode=mode, value=value)

    F.conv2d, F.pad = conv2d, pad  # nn.Conv2d calls them through torch.nn.functional
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outputs = [layer(x) for x in inputs]
    finally:
        F.conv2d, F.pad = real_conv, real_pad
    return seen, outputs


# --- across layers (docs/networks) -----------------------------------------------------------------


@claim("meta-has-no-data", "A tensor on the meta device has a shape but no data: reading its values raises an error.")
def _():
    x = torch.empty(3, 224, 224, device="meta")
    assert tuple(x.shape) == (3, 224, 224) and x.is_meta and x.data_ptr() == 0
    try:
        x.tolist()
    except NotImplementedError:
        return
    raise AssertionError("reading a meta tensor's values did not raise")


@claim(
    "stride-two-parity",
    "With kernel 3, stride 2 and `padding=1`, the last output reads the padding after the input only "
    "when the input size is odd; the first output always reads the padding before it.",
)
def _():
    conv = nn.Conv1d(1, 1, 3, stride=2, padding=1, bias=False)
    bare = nn.Conv1d(1, 1, 3, stride=2, bias=False)
    nn.init.ones_(conv.weight)
    nn.init.ones_(bare.weight)
    with torch.no_grad():
        for size in range(2, 300):
            x = torch.zeros(1, 1, size)
            assert torch.equal(conv(x), bare(F.pad(x, (1, 1))))  # padding=1: one zero on each side
            marked = bare(F.pad(F.pad(x, (1, 0), value=1.0), (0, 1)))[0, 0]  # mark the padding before ...
            assert marked[0] == 1, size
            marked = bare(F.pad(F.pad(x, (1, 0)), (0, 1), value=1.0))[0, 0]  # ... or the padding after
            assert (marked[-1] == 1) == (size % 2 == 1), size


# --- 'same' and 'valid' ---------------------------------------------------------------------------


@claim(
    "same-stays-string", "`'same'` stays a word: `conv.padding` is still the string `'same'` after the layer is built."
)
def _():
    conv = nn.Conv2d(1, 1, 4, padding="same")
    assert conv.padding == "same"
    conv(torch.zeros(1, 1, 7, 7))
    assert conv.padding == "same"  # running it does not resolve it either


@claim(
    "same-zeros-resolved-per-call",
    "With the default `padding_mode='zeros'` the layer hands the string itself to `F.conv2d`, which "
    "works out the amounts on every call;",
)
def _():
    conv = nn.Conv2d(1, 1, 4, padding="same")
    seen, outputs = _conv_calls(conv, torch.randn(1, 1, 7, 7), torch.randn(1, 1, 9, 5))
    assert seen["conv2d"] == ["same", "same"] and seen["pad"] == []
    assert [tuple(o.shape[2:]) for o in outputs] == [(7, 7), (9, 5)]


@claim(
    "same-other-modes-pad-from-init",
    "with any other mode it calls `F.pad` with amounts it worked out when it was built, then "
    "`F.conv2d` with no padding.",
)
def _():
    for mode in ("reflect", "replicate", "circular"):
        conv = nn.Conv2d(1, 1, 4, padding="same", padding_mode=mode)
        seen, _ = _conv_calls(conv, torch.randn(1, 1, 7, 7), torch.randn(1, 1, 9, 5))
        assert seen["pad"] == [((1, 2, 1, 2), mode)] * 2, seen  # (left, right, top, bottom), as built
        assert all(tuple(p) == (0, 0) for p in seen["conv2d"]), seen


def split_of_same(kernel: int, dilation: int) -> tuple[int, int]:
    """The (before, after) that reproduce Conv1d's padding='same' exactly, found by trying every split."""
    torch.manual_seed(0)
    conv = nn.Conv1d(1, 1, kernel, dilation=dilation, padding="same", bias=False)
    x = torch.randn(1, 1, 11)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        want = conv(x)
        total = dilation * (kernel - 1)
        fits = [
            (lo, total - lo)
            for lo in range(total + 1)
            if torch.allclose(F.conv1d(F.pad(x, (lo, total - lo)), conv.weight, dilation=dilation), want)
        ]
    assert len(fits) == 1, fits
    return fits[0]


@claim(
    "same-odd-total",
    "The total is odd only when the kernel is even *and* the dilation odd (a 4-wide kernel pads 1 + 2; "
    "with dilation 2 it pads 3 + 3); then PyTorch puts the extra cell on the right and at the bottom.",
)
def _():
    for kernel in range(1, 7):
        for dilation in (1, 2, 3):
            lo, hi = split_of_same(kernel, dilation)
            odd = (lo + hi) % 2 == 1
            assert odd == (kernel % 2 == 0 and dilation % 2 == 1), (kernel, dilation)
            assert hi - lo == (1 if odd else 0), (kernel, dilation, lo, hi)  # the extra cell goes after
    assert split_of_same(4, 2) == (3, 3) and split_of_same(4, 1) == (1, 2)


@claim(
    "valid-is-zero",
    "`'valid'` is the same as `padding=0`: the kernel only visits positions where it lies entirely on the input.",
)
def _():
    torch.manual_seed(0)
    valid = nn.Conv2d(1, 1, 3, padding="valid")
    zero = nn.Conv2d(1, 1, 3, padding=0)
    zero.load_state_dict(valid.state_dict())
    x = torch.randn(1, 1, 7, 6)
    assert torch.equal(valid(x), zero(x)) and valid(x).shape[2:] == (5, 4)


@claim(
    "strided-same-refused",
    "`nn.Conv2d(..., stride=2, padding='same')` refuses when the layer is built; the functional "
    "`F.conv2d(x, weight, stride=2, padding='same')` has nothing to build, so it fails only when called.",
)
def _():
    try:
        nn.Conv2d(1, 1, 3, stride=2, padding="same")
    except ValueError:
        pass
    else:
        raise AssertionError("nn.Conv2d accepted a strided 'same'")
    weight = torch.randn(1, 1, 3, 3)
    try:
        F.conv2d(torch.randn(1, 1, 7, 7), weight, stride=2, padding="same")
    except RuntimeError:
        pass
    else:
        raise AssertionError("F.conv2d accepted a strided 'same'")


def _keeping_padding(size: int, kernel: int = 3, stride: int = 2) -> list[int]:
    return [
        p
        for p in range(3 * size)
        if nn.Conv1d(1, 1, kernel, stride=stride, padding=p)(torch.zeros(1, 1, size)).shape[-1] == size
    ]


@claim(
    "strided-same-depends-on-size",
    "With a stride, padding *can* keep the size — `nn.Conv2d(1, 1, 3, stride=2, padding=4)` turns a "
    "7 × 7 input into a 7 × 7 output — but the amount depends on the input: a 9 × 9 input needs "
    "`padding=5`.",
)
def _():
    with torch.no_grad():
        assert nn.Conv2d(1, 1, 3, stride=2, padding=4)(torch.zeros(1, 1, 7, 7)).shape[2:] == (7, 7)
        assert _keeping_padding(7) == [4] and _keeping_padding(9) == [5]


# --- print(model) -------------------------------------------------------------------------------


@claim(
    "repr-padding",
    "The repr leaves `padding=` out only when it is all zeros given as numbers: `padding='valid'` "
    "still prints, as `padding=valid`.",
)
def _():
    for padding in (0, (0, 0)):
        assert "padding=" not in repr(nn.Conv2d(1, 1, 3, padding=padding))
    assert "padding=valid" in repr(nn.Conv2d(1, 1, 3, padding="valid"))
    assert "padding=(1, 1)" in repr(nn.Conv2d(1, 1, 3, padding=1))


# --- recipes ---------------------------------------------------------------------------------------

covered(
    "recipe-pre-hook",
    "The recipe holds in all four padding modes, for integer and per-dimension padding, for `'same'` (odd and "
    "even kernels, with and without dilation) and `'valid'`, in one, two and three dimensions.",
    by=("tests/test_recipes.py::test_the_pre_hook_recipe_pads_as_the_layer_does",),
)


# --- values (snippets/border_values.py, snippets/padding_modes.py) ------------------------------


@claim(
    "ones-count-cells",
    "With every input value 1 and every weight 1 (and no bias), each output value is just the number of "
    "input cells its window covers.",
)
def _():
    for size, padding in ((5, 1), (4, 2), (6, 0)):
        conv = nn.Conv2d(1, 1, 3, padding=padding, bias=False)
        nn.init.ones_(conv.weight)
        with torch.no_grad():
            out = conv(torch.ones(1, 1, size, size))[0, 0]
        covered = [
            [
                sum(0 <= r + i - padding < size and 0 <= c + j - padding < size for i in range(3) for j in range(3))
                for c in range(out.shape[1])
            ]
            for r in range(out.shape[0])
        ]
        assert out.tolist() == covered


@claim("modes-differ-except-centre", "Only the centre, whose window holds no padding, is the same in all four.")
def _():
    image = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    outputs = []
    for mode in ("zeros", "reflect", "replicate", "circular"):
        conv = nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode, bias=False)
        nn.init.ones_(conv.weight)
        with torch.no_grad():
            outputs.append(conv(image)[0, 0].tolist())
    for r, c in ((r, c) for r in range(3) for c in range(3)):
        values = {out[r][c] for out in outputs}
        assert len(values) == (1 if (r, c) == (1, 1) else 4), (r, c, values)


from tests import claims_pages, claims_pooling, claims_porting  # noqa: E402,F401  (register those pages' claims)

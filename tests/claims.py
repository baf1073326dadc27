"""Every sentence on the site that says how PyTorch behaves, with the check that proves it.

A page marks such a sentence by ending it with ``<!-- claim: ID -->``. Here, ``@claim(ID, sentence)``
registers the sentence word for word (whitespace aside) and a function that runs torch and asserts it.
tests/test_claims.py fails when a marked sentence has no check, a check has no sentence, the sentence
on the page is no longer the registered one, or a check fails. Editing a claimed sentence therefore
means editing its check too: the two are reviewed together.

A claim also records the space it speaks of. ``over=("size", "kernel", ...)`` names the variables
(from ``VARIABLES``) its sentence ranges over; a sentence holding a universal word (``UNIVERSAL``:
never, always, every, only, at least, at most, must, any) is universal, and so is any claim given
``over``. A universal claim's check walks its space through ``cases(...)`` (an exhaustive small grid)
or ``sample(...)`` (seeded random configurations), which record every configuration they hand out;
tests/test_claims.py fails a universal claim whose check visited fewer than ``MIN_CASES``
configurations or left one of its variables at a single value. A universal word that speaks of one
configuration the sentence itself fixes ("every input cell is read" of the 7 × 7 example) is let
through only with ``fixed=``: the words of the sentence that fix it, which must be in the sentence.
"""

from __future__ import annotations

import ast
import itertools
import random
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"<!--\s*claim:\s*([\w-]+)\s*-->")


# words that make a sentence speak of every case (word-bounded, case-insensitive)
UNIVERSAL = re.compile(r"\b(never|always|every(?:one|thing|where)?|only|at least|at most|must|any)\b", re.IGNORECASE)
# the variables a claim may range over
VARIABLES = frozenset(
    {
        "size",
        "kernel",
        "stride",
        "dilation",
        "padding",
        "output_padding",
        "pads",
        "mode",
        "layer",
        "dims",
        "ceil_mode",
        "count_include_pad",
        "bias",
        "output",
        "page",
        "row",
    }
)
MIN_CASES = 12  # a universal claim's check visits at least this many configurations ...
WHOLE = frozenset({"row", "page"})  # ... unless it ranges over a finite set its check walks whole


@dataclass(frozen=True)
class Claim:
    id: str
    sentences: tuple[str, ...]  # the text right before the marker, whitespace-normalised
    check: Callable[[], None]
    over: tuple[str, ...] = ()  # the variables the sentence ranges over
    fixed: str | None = None  # the words fixing the one configuration a universal word speaks of
    by: tuple[str, ...] = ()  # the tests proving a ``covered`` claim

    @property
    def words(self) -> list[str]:
        """The universal words in the claim's sentences."""
        return [w.lower() for s in self.sentences for w in UNIVERSAL.findall(s)]

    @property
    def universal(self) -> bool:
        return bool(self.over) or (bool(self.words) and self.fixed is None)


CLAIMS: dict[str, Claim] = {}


def claim(id: str, *sentences: str, over: tuple[str, ...] = (), fixed: str | None = None, by: tuple[str, ...] = ()):
    """Register ``check`` as the proof of ``sentences`` (each must end right before ``<!-- claim: id -->``).

    ``over``: the variables the sentences range over (see the module's docstring); ``fixed``: the words
    of a sentence that fix the single configuration its universal word speaks of."""

    def register(check):
        assert id not in CLAIMS, f"claim {id!r} registered twice"
        normal = tuple(" ".join(s.split()) for s in sentences)
        CLAIMS[id] = Claim(id, normal, check, tuple(over), fixed, tuple(by))
        return check

    return register


# --- the configurations a check visits ------------------------------------------------------------

_VISITED: list[list[dict]] = []  # one list per check being run (a stack: a check may run another's)


def record(**config) -> None:
    """Note one configuration a check tests (``cases`` and ``sample`` call this for each they hand out)."""
    for visited in _VISITED:
        visited.append(config)


def cases(where: Callable[..., bool] | None = None, **axes: Iterable) -> Iterator[tuple]:
    """Every configuration of the product of ``axes`` (in keyword order) that ``where`` accepts, recorded."""
    names = list(axes)
    for values in itertools.product(*(list(v) for v in axes.values())):
        config = dict(zip(names, values))
        if where is not None and not where(**config):
            continue
        record(**config)
        yield values if len(values) > 1 else values[0]


def sample(count: int, seed: int, where: Callable[..., bool] | None = None, **axes: Iterable) -> Iterator[tuple]:
    """``count`` seeded random configurations drawn from ``axes`` (each a sequence), recorded."""
    rng = random.Random(seed)
    pools = {name: list(values) for name, values in axes.items()}
    handed = 0
    for _ in range(count * 50):
        if handed == count:
            return
        config = {name: rng.choice(pool) for name, pool in pools.items()}
        if where is not None and not where(**config):
            continue
        record(**config)
        handed += 1
        values = tuple(config.values())
        yield values if len(values) > 1 else values[0]


def visited(check: Callable[[], None]) -> list[dict]:
    """Run ``check``; return the configurations it recorded."""
    _VISITED.append([])
    try:
        check()
    finally:
        seen = _VISITED.pop()
    return seen


def property_test(node_id: str, over: tuple[str, ...] = ()) -> bool:
    """``tests/x.py::name`` ranges over configurations: hypothesis' ``@given``, ``@pytest.mark.parametrize``,
    or a call of ``cases``/``sample``/``itertools.product`` in its body."""
    path, name = node_id.split("::")
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    decorators = " ".join(ast.unparse(d) for d in function.decorator_list)
    if "given(" in decorators or "parametrize(" in decorators:
        return True
    body = ast.unparse(function)
    if over == ("page",):  # a claim about every page: the test walks them all
        return any(isinstance(n, (ast.For, ast.comprehension)) for n in ast.walk(function))
    return any(f"{call}(" in body for call in ("cases", "sample", "itertools.product", "product"))


def verdict(c: Claim, seen: list[dict]) -> list[str]:
    """What is wrong with how claim ``c`` is checked, given the configurations its check visited."""
    out = []
    unknown = set(c.over) - VARIABLES
    if unknown:
        out.append(f"claim {c.id!r} ranges over unknown variables {sorted(unknown)} (see VARIABLES)")
    if c.fixed is not None and not any(c.fixed in s for s in c.sentences):
        out.append(f"claim {c.id!r}: fixed={c.fixed!r} is not in its sentence")
    if c.fixed is not None and c.over:
        out.append(f"claim {c.id!r} is both fixed to one configuration and ranges over {c.over}")
    if not c.universal:
        return out
    if not c.over:
        return out + [
            f"claim {c.id!r} is universal ({', '.join(sorted(set(c.words)))}) but names no variables it ranges "
            "over: give over=(...) and check that space with cases()/sample(), or state the condition"
        ]
    if c.by:
        return out + [
            f"claim {c.id!r}: {node} is not a property test over {c.over}"
            for node in c.by
            if not property_test(node, c.over)
        ]
    if len(seen) < MIN_CASES and not set(c.over) <= WHOLE:
        out.append(f"claim {c.id!r} is universal but its check visited {len(seen)} configuration(s) (< {MIN_CASES})")
    for name in c.over:
        values = {repr(config[name]) for config in seen if name in config}
        if len(values) < 2:
            out.append(f"claim {c.id!r} ranges over {name!r} but its check tried {len(values)} value(s) of it")
    return out


def test_exists(node_id: str) -> None:
    """``tests/x.py::name`` is a test function that make test collects."""
    path, name = node_id.split("::")
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    assert name.startswith("test_") and any(isinstance(n, ast.FunctionDef) and n.name == name for n in tree.body), (
        f"no {node_id}"
    )


def covered(id: str, *sentences: str, by: tuple[str, ...], over: tuple[str, ...] = (), fixed: str | None = None):
    """Register sentences that a test elsewhere in make test proves; the check makes sure that test exists
    (and, for a universal claim, that it is a property test: see ``property_test``)."""

    def check():
        for node_id in by:
            test_exists(node_id)

    check.__doc__ = "proved by " + ", ".join(by)
    claim(id, *sentences, over=over, fixed=fixed, by=by)(check)


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
    over=("size",),
)
def _():
    conv = nn.Conv1d(1, 1, 3, stride=2, padding=1, bias=False)
    bare = nn.Conv1d(1, 1, 3, stride=2, bias=False)
    nn.init.ones_(conv.weight)
    nn.init.ones_(bare.weight)
    with torch.no_grad():
        for size in cases(size=range(1, 300)):
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
    over=("kernel", "dilation", "size"),
)
def _():
    sizes = [(7, 7), (9, 5), (4, 12)]
    for kernel, dilation in cases(kernel=range(1, 6), dilation=(1, 2)):
        conv = nn.Conv2d(1, 1, kernel, dilation=dilation, padding="same")
        for size in sizes:
            record(kernel=kernel, dilation=dilation, size=size)
        seen, outputs = _conv_calls(conv, *(torch.randn(1, 1, *size) for size in sizes))
        assert seen["conv2d"] == ["same"] * len(sizes) and seen["pad"] == []
        assert [tuple(o.shape[2:]) for o in outputs] == sizes


@claim(
    "same-other-modes-pad-from-init",
    "with any other mode it calls `F.pad` with amounts it worked out when it was built, then "
    "`F.conv2d` with no padding.",
    over=("mode", "kernel", "dilation"),
)
def _():
    for mode, kernel, dilation in cases(mode=("reflect", "replicate", "circular"), kernel=range(1, 6), dilation=(1, 2)):
        conv = nn.Conv2d(1, 1, kernel, dilation=dilation, padding="same", padding_mode=mode)
        total = dilation * (kernel - 1)
        built = (total // 2, total - total // 2) * 2  # (left, right, top, bottom), worked out when built
        seen, _ = _conv_calls(conv, torch.randn(1, 1, 9, 9), torch.randn(1, 1, 11, 10))
        assert seen["pad"] == [(built, mode)] * 2, seen
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
    over=("kernel", "dilation"),
)
def _():
    for kernel, dilation in cases(kernel=range(1, 7), dilation=(1, 2, 3)):
        lo, hi = split_of_same(kernel, dilation)
        odd = (lo + hi) % 2 == 1
        assert odd == (kernel % 2 == 0 and dilation % 2 == 1), (kernel, dilation)
        assert hi - lo == (1 if odd else 0), (kernel, dilation, lo, hi)  # the extra cell goes after
    assert split_of_same(4, 2) == (3, 3) and split_of_same(4, 1) == (1, 2)


@claim(
    "valid-is-zero",
    "`'valid'` is the same as `padding=0`: the kernel only visits positions where it lies entirely on the input.",
    over=("size", "kernel", "stride", "dilation"),
)
def _():
    torch.manual_seed(0)
    grid = cases(
        size=range(1, 9),
        kernel=range(1, 4),
        stride=(1, 2, 3),
        dilation=(1, 2),
        where=lambda size, kernel, stride, dilation: dilation * (kernel - 1) < size,
    )
    for size, kernel, stride, dilation in grid:
        x, w = torch.randn(1, 1, size), torch.randn(1, 1, kernel)
        valid = nn.Conv1d(1, 1, kernel, stride=stride, dilation=dilation, padding="valid", bias=False)
        with torch.no_grad():
            valid.weight.copy_(w)
            got = valid(x)
        zero = F.conv1d(x, w, stride=stride, dilation=dilation, padding=0)
        assert torch.equal(got, zero)
        extent = dilation * (kernel - 1) + 1
        starts = [o * stride for o in range(zero.shape[-1])]  # every position the kernel visits ...
        assert starts == list(range(0, size - extent + 1, stride))  # ... is every one wholly on the input
        for o, t in enumerate(starts):
            assert torch.allclose(zero[0, 0, o], (x[0, 0, t : t + extent : dilation] * w[0, 0]).sum(), atol=1e-5)


@claim(
    "strided-same-refused",
    "`nn.Conv2d(..., stride=2, padding='same')` refuses when the layer is built; the functional "
    "`F.conv2d(x, weight, stride=2, padding='same')` has nothing to build, so it fails only when called.",
    over=("stride", "kernel", "dims"),
)
def _():
    functional = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
    for stride, kernel, dims in cases(stride=(2, 3, 4), kernel=(1, 2, 3), dims=(1, 2, 3)):
        try:
            getattr(nn, f"Conv{dims}d")(1, 1, kernel, stride=stride, padding="same")
        except ValueError:
            pass
        else:
            raise AssertionError(f"nn.Conv{dims}d accepted a strided 'same'")
        weight = torch.randn(1, 1, *(kernel,) * dims)
        try:
            functional[dims](torch.randn(1, 1, *(5,) * dims), weight, stride=stride, padding="same")
        except RuntimeError:
            pass
        else:
            raise AssertionError(f"F.conv{dims}d accepted a strided 'same'")


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
    over=("layer", "padding"),
)
def _():
    forms = (0, 1, 2, (0, 0), (0, 1), (1, 0), (0, 0, 0), (1, 0, 0), "valid", "same")
    layers = ("Conv1d", "Conv2d", "Conv3d")
    for layer, padding in cases(layer=layers, padding=forms):
        n = int(layer[-2])
        if isinstance(padding, tuple) and len(padding) != n:
            continue
        text = repr(getattr(nn, layer)(1, 1, 3, padding=padding))
        zeros = not isinstance(padding, str) and not any(padding if isinstance(padding, tuple) else (padding,))
        assert ("padding=" not in text) == zeros, (layer, padding, text)
    assert "padding=valid" in repr(nn.Conv2d(1, 1, 3, padding="valid"))


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
    over=("size", "kernel", "stride", "padding"),
)
def _():
    grid = cases(
        size=range(1, 7),
        kernel=(1, 2, 3),
        stride=(1, 2),
        padding=(0, 1, 2),
        where=lambda size, kernel, stride, padding: kernel <= size + 2 * padding,
    )
    for size, kernel, stride, padding in grid:
        conv = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, bias=False)
        nn.init.ones_(conv.weight)
        with torch.no_grad():
            out = conv(torch.ones(1, 1, size, size + 1))[0, 0]
        covered = [
            [
                sum(
                    0 <= r * stride + i - padding < size and 0 <= c * stride + j - padding < size + 1
                    for i in range(kernel)
                    for j in range(kernel)
                )
                for c in range(out.shape[1])
            ]
            for r in range(out.shape[0])
        ]
        assert out.tolist() == covered


@claim(
    "modes-differ-except-centre",
    "Here only the centre, whose window holds no padding, is the same in all four.",
    fixed="Here",
)
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


from tests import claims_formulas, claims_pages, claims_pooling, claims_porting  # noqa: E402,F401  (register those pages' claims)

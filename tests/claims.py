"""Every sentence on the site that says how PyTorch behaves, with the check that proves it.

A page marks such a sentence by ending it with ``<!-- claim: ID -->``. Here, ``@claim(ID, sentence)``
registers the sentence word for word (whitespace aside) and a function that runs torch and asserts it.
tests/test_claims.py fails when a marked sentence has no check, a check has no sentence, the sentence
on the page is no longer the registered one, or a check fails. Editing a claimed sentence therefore
means editing its check too: the two are reviewed together.

A claim also records the space it speaks of. ``over=("size", "kernel", ...)`` names the variables
(from ``VARIABLES``) its sentence ranges over; a sentence holding a universal word (``UNIVERSAL``:
never, always, every, only, at least, at most, must, any) is universal, and so is any claim given
``over``. A universal claim's check walks its space through ``cases(...)``, an exhaustive small grid
that records every configuration it hands out (or calls ``record`` for each configuration it tests);
tests/test_claims.py fails a universal claim whose check visited fewer than ``MIN_CASES``
configurations or left one of its variables at a single value, and a universal ``covered`` claim whose
named tests are not property tests (hypothesis, parametrize, or a grid). A universal word that speaks of one
configuration the sentence itself fixes ("every input cell is read" of the 7 × 7 example) is let
through only with ``fixed=``: the words of the sentence that fix it, which must be in the sentence.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
        "groups",
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
    """Note one configuration a check tests (``cases`` calls this for each it hands out)."""
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
    or a call of ``cases``/``itertools.product`` in its body."""
    path, name = node_id.split("::")
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    decorators = " ".join(ast.unparse(d) for d in function.decorator_list)
    if "given(" in decorators or "parametrize(" in decorators:
        return True
    body = ast.unparse(function)
    if over == ("page",):  # a claim about every page: the test walks them all
        return any(isinstance(n, (ast.For, ast.comprehension)) for n in ast.walk(function))
    return any(f"{call}(" in body for call in ("cases", "itertools.product", "product"))


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
            "over: give over=(...) and check that space with cases(), or state the condition"
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


from tests import (  # noqa: E402,F401  (register those pages' claims)
    claims_formulas,
    claims_guides,
    claims_pages,
    claims_pooling,
    claims_porting,
    claims_reference,
    claims_same,
)

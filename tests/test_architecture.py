"""The layers of ARCHITECTURE.md, kept: imports go one way, the bottom stays pure, files stay small.

Each rule is a function over a source tree, run on convdocs/ and tests/ and, to show it can fail, on a small
tree written with one violation of each kind.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS = ("core", "figures", "tracing", "cli", "site", "tools")  # bottom first: a layer imports only below it
PURE = {"core": {"torch", "matplotlib", "numpy", "mkdocs"}, "figures": {"torch", "mkdocs"}}
MAX_LINES = 450
MAX_TOP = 8


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import in ``path``, at any depth (lazy imports count)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names], node.lineno))
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "convdocs" and parts[1] in LAYERS else None


def upward_imports(package: Path) -> list[str]:
    """Every import of a layer above the importing file's own layer."""
    bad = []
    for path in sorted(package.rglob("*.py")):
        here = path.relative_to(package).parts[0]
        if here not in LAYERS:
            continue
        for module, names, line in imports(path):
            targets = [layer_of(module)] + ([n for n in names if n in LAYERS] if module == "convdocs" else [])
            for there in filter(None, targets):
                if LAYERS.index(there) > LAYERS.index(here):
                    bad.append(f"{path.relative_to(package)}:{line} ({here}) imports {module} ({there})")
    return bad


def impure_imports(package: Path) -> list[str]:
    """Imports of torch, matplotlib ... in a layer that must stay free of them."""
    bad = []
    for layer, banned in PURE.items():
        for path in sorted((package / layer).rglob("*.py")):
            for module, _, line in imports(path):
                if module.split(".")[0] in banned:
                    bad.append(f"{path.relative_to(package)}:{line} imports {module}")
    return bad


def private_imports(*trees: Path) -> list[str]:
    """``from x import _name`` across modules: a private name belongs to its module."""
    bad = []
    for tree in trees:
        for path in sorted(tree.rglob("*.py")):
            for module, names, line in imports(path):
                if module.split(".")[0] in ("convdocs", "tests"):
                    bad += [f"{path.name}:{line} imports {module}.{n}" for n in names if n.startswith("_")]
    return bad


def long_files(package: Path, patterns: tuple[str, ...] = ("*.py",)) -> list[str]:
    """Files under ``package`` matching any of ``patterns`` (at any depth) with more than MAX_LINES lines."""
    return [
        f"{p.relative_to(package)}: {n} lines"
        for p in sorted({p for pattern in patterns for p in package.rglob(pattern)})
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


SCRIPTS = ("*.js", "*.mjs")  # the explorer and page scripts in docs/assets/, its DOM-free core included


def top_modules(package: Path) -> list[str]:
    return sorted(p.name for p in package.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists())


def test_imports_only_go_down():
    assert not upward_imports(ROOT / "convdocs")


def test_core_and_figures_stay_pure():
    assert not impure_imports(ROOT / "convdocs")


def test_no_private_name_crosses_a_module():
    assert not private_imports(ROOT / "convdocs", ROOT / "tests")


def test_files_stay_small_and_the_top_stays_short():
    assert not long_files(ROOT / "convdocs")
    assert not long_files(ROOT / "docs" / "assets", SCRIPTS)
    assert len(top_modules(ROOT / "convdocs")) <= MAX_TOP, top_modules(ROOT / "convdocs")
    assert set(LAYERS) <= set(top_modules(ROOT / "convdocs"))


@pytest.fixture
def broken(tmp_path) -> Path:
    """A package with one violation of each rule."""
    package = tmp_path / "convdocs"
    for layer in LAYERS:
        (package / layer).mkdir(parents=True)
        (package / layer / "__init__.py").write_text("")
    (package / "core" / "up.py").write_text("def f():\n    from convdocs.site import build\n")
    (package / "core" / "heavy.py").write_text("import torch\n")
    (package / "figures" / "secret.py").write_text("from convdocs.core.up import _hidden\n")
    (package / "tools" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    for n in range(MAX_TOP):
        (package / f"m{n}.py").write_text("")
    return package


@pytest.fixture
def long_scripts(tmp_path) -> Path:
    """docs/assets with one script and one core module over the limit, and one at it."""
    assets = tmp_path / "assets"
    (assets / "core").mkdir(parents=True)
    (assets / "explorer.js").write_text("var x = 1;\n" * (MAX_LINES + 1))
    (assets / "core" / "conv.mjs").write_text("export const x = 1;\n" * (MAX_LINES + 2))
    (assets / "figures.js").write_text("var x = 1;\n" * MAX_LINES)
    return assets


def test_the_line_rule_catches_long_scripts(long_scripts):
    assert long_files(long_scripts, SCRIPTS) == [
        f"core/conv.mjs: {MAX_LINES + 2} lines",
        f"explorer.js: {MAX_LINES + 1} lines",
    ]
    assert long_files(long_scripts) == []  # the Python rule alone would not see them


def test_the_rules_catch_each_kind_of_violation(broken):
    assert upward_imports(broken) == ["core/up.py:2 (core) imports convdocs.site (site)"]
    assert impure_imports(broken) == ["core/heavy.py:1 imports torch"]
    assert private_imports(broken) == ["secret.py:1 imports convdocs.core.up._hidden"]
    assert long_files(broken) == [f"tools/long.py: {MAX_LINES + 1} lines"]
    assert len(top_modules(broken)) > MAX_TOP


def test_architecture_md_names_every_module_and_only_real_paths():
    """ARCHITECTURE.md's code map stays true: each convdocs module is named there, and each path it names exists."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "convdocs").rglob("*.py")):
        if path.name != "__init__.py" and path.parent.name in LAYERS:
            assert f"`{path.name}`" in text or f"/{path.name}`" in text, (
                f"ARCHITECTURE.md does not name {path.relative_to(ROOT)}"
            )
    import re

    for named in re.findall(r"`((?:convdocs|docs|snippets|tests)/[\w/.*<>-]+)`", text):
        if not any(c in named for c in "*<>") and "NAME" not in named:
            assert (ROOT / named.rstrip("/")).exists(), f"ARCHITECTURE.md names {named}, which does not exist"
    for layer in LAYERS:
        assert f"convdocs/{layer}/" in text

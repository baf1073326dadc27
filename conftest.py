"""Root conftest: what pytest collects besides tests/ (doctests in convdocs/, Python fences in the docs)."""

from __future__ import annotations

collect_ignore = ["convdocs/__main__.py", "site", ".venv"]


def _fence_info(item) -> str:
    definition = getattr(item, "test_definition", None)
    if definition is None:
        return ""
    lines = definition.source_path.read_text(encoding="utf-8").splitlines()
    return lines[definition.start_line - 1] if 0 < definition.start_line <= len(lines) else ""


def pytest_collection_modifyitems(config, items):
    """Deselect fences the site build runs itself: `exec="on"` fences and `--8<--` includes.

    Those run in the strict build (tests/test_site.py), which fails if one raises; running them here too
    would only run them twice. Every other Python fence in README.md and docs/ runs as a test.
    """
    keep, drop = [], []
    for item in items:
        definition = getattr(item, "test_definition", None)
        built = definition is not None and ('exec="on"' in _fence_info(item) or "--8<--" in definition.source)
        (drop if built else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _doctest_check(doctest_namespace):
    """Docstrings in convdocs.core show ``check(...)`` the way readers call it: from the public API."""
    from convdocs import check

    doctest_namespace["check"] = check

"""The build cache: keyed by everything a page depends on, so it speeds rebuilds and is never stale."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys

from convdocs.site import cache
from tests.conftest import build, children_cpu, one_page, warm_cache


def test_digest_follows_the_snippet_the_sources_and_the_versions(tmp_path, monkeypatch):
    snippet = tmp_path / "s.py"
    snippet.write_text("print(1)\n")
    first = cache.digest(snippet)
    assert cache.digest(snippet) == first
    snippet.write_text("print(2)\n")
    assert cache.digest(snippet) != first
    package = tmp_path / "convdocs"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    before = cache.digest(snippet)
    (package / "core" / "conv.py").write_text((package / "core" / "conv.py").read_text() + "\n# changed\n")
    assert cache.digest(snippet) != before


def test_a_changed_snippet_never_shows_a_cached_shape(project_copy, tmp_path):
    one_page(project_copy)  # the page runs snippets/stride_two.py through convdocs.site.page.example
    store = tmp_path / "cache"
    env = {"CONVDOCS_SNIPPETS": str(project_copy / "snippets")}
    page = "index.html"
    assert build(tmp_path / "one", project_copy, env, store).returncode == 0
    assert 'data-output="4 × 4"' in (tmp_path / "one" / page).read_text()
    snippet = project_copy / "snippets" / "stride_two.py"
    snippet.write_text(snippet.read_text().replace("for padding in (0, 1):", "for padding in (0, 2):"))
    assert build(tmp_path / "two", project_copy, env, store).returncode == 0
    text = (tmp_path / "two" / page).read_text()
    assert 'data-output="5 × 5"' in text and 'data-output="4 × 4"' not in text
    assert "torch.Size([1, 1, 5, 5])" in text


def _import_floor() -> float:
    """CPU seconds of ``import torch, matplotlib.pyplot, mkdocs.commands.build`` in a fresh interpreter (once:
    the bound below is 4x it, and a rebuild that imports no torch takes about 1x)."""
    started = children_cpu()
    subprocess.run([sys.executable, "-c", "import torch, matplotlib.pyplot, mkdocs.commands.build"], check=True)
    return children_cpu() - started


def test_warm_build_is_identical_and_a_page_edit_rebuilds_from_the_cache(site, project_copy, tmp_path):
    store = warm_cache(site, tmp_path)  # what the session's clean build left behind (a copy: workers share it)
    env = {"CONVDOCS_SNIPPETS": str(project_copy / "snippets")}
    entries = sorted(p.relative_to(store) for p in store.rglob("*") if p.is_file())
    warm = build(tmp_path / "warm", project_copy, dict(env, PYTHONPROFILEIMPORTTIME="1"), store)
    assert warm.returncode == 0
    # Every page's torch output comes from the cache: importing torch alone costs more than the rest of
    # the rebuild (what `make bench` holds to 1.5x the import floor). Python lists each import it makes.
    imported = re.findall(r"^import time:.*\|\s+(\S+)$", warm.stderr, re.M)
    assert "mkdocs" in imported and "torch" not in imported, [m for m in imported if m.startswith("torch")][:3]
    ignore = {"sitemap.xml", "sitemap.xml.gz"}
    files = [p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.name not in ignore]
    assert [str(f) for f in files if not filecmp.cmp(site / f, tmp_path / "warm" / f, shallow=False)] == []

    page = project_copy / "docs" / "examples" / "stride-two.md"
    page.write_text(page.read_text() + "\nOne more sentence, edited.\n")
    started = children_cpu()
    assert build(tmp_path / "edited", project_copy, env, store).returncode == 0
    rebuild, floor = children_cpu() - started, _import_floor()
    print(f"\nrebuild after editing one page: {rebuild:.2f} s of CPU; import floor {floor:.2f} s of CPU")
    # Neither build ran a snippet or the notebook again: every result came from the cache (an edit to a
    # page's words touches no snippet). How fast that is, `make bench` judges against its budget (1.5x the
    # import floor, wall time); here only a bound no working cache comes near (a clean build takes 5x).
    assert sorted(p.relative_to(store) for p in store.rglob("*") if p.is_file()) == entries
    assert rebuild < 4 * floor

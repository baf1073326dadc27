"""The build cache: keyed by everything a page depends on, so it speeds rebuilds and is never stale."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys

import pytest

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


# issue 25 (the cache heals) and issue 21 item 5 (keyed on what matters)


def test_the_key_ignores_tools_and_follows_the_catalogue_and_every_version(tmp_path, monkeypatch):
    snippet = tmp_path / "s.py"
    snippet.write_text("print(1)\n")
    package = tmp_path / "convdocs"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    first = cache.digest(snippet)
    bench = package / "tools" / "bench.py"
    bench.write_text(bench.read_text() + "\n# edited\n")
    assert cache.digest(snippet) == first  # the benchmark shapes no page
    for changed in ("core/torch_text.json", "core/words/torch_explain.json", "site/page.py", "figures/svg.py"):
        path = package / changed
        if not path.exists():
            path = sorted((package / "core" / "words").glob("*.json"))[0]
        before = cache.digest(snippet)
        path.write_text(path.read_text() + " ")
        assert cache.digest(snippet) != before, changed
    before = cache.digest(snippet)
    for package_name in ("torch", "matplotlib", "onnxruntime", "jax", "markdown-exec", "mkdocs-jupyter", "nbconvert"):
        assert f"\n{package_name}==" in cache.versions()
    real = cache.versions()
    monkeypatch.setattr(cache, "versions", lambda: real.replace("\nonnxruntime==", "\nonnxruntime==99.", 1))
    cache.forget()
    assert cache.digest(snippet) != before  # a faked upgrade of onnxruntime busts every entry


def _section(calls: list, tmp_path, monkeypatch):
    monkeypatch.setenv("CONVDOCS_CACHE", str(tmp_path / "store"))
    snippet = tmp_path / "s.py"
    snippet.write_text("print(1)\n")

    log = tmp_path / "computed"
    log.write_text("")

    @cache.cached("tests", lambda word: [snippet])
    def section(word: str) -> str:  # runs in the guarded child: it says so in a file
        with open(log, "a") as out:
            out.write(word)
        return f"<p>{word} ünïcode</p>"

    calls.append(log)

    return section


def test_one_decorator_keys_by_arguments_and_serves_a_whole_entry(tmp_path, monkeypatch):
    calls: list = []
    section = _section(calls, tmp_path, monkeypatch)
    assert section("a") == section("a") == "<p>a ünïcode</p>"
    assert section("b") == "<p>b ünïcode</p>"
    assert calls[0].read_text() == "ab"  # each computed once
    (entry_a,) = [p for p in (tmp_path / "store" / "tests").iterdir() if b"<p>a" in p.read_bytes()]
    assert entry_a.read_bytes().startswith(b"convdocs-cache 1 ")


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda raw: raw[:-5], "bytes,"),
        (lambda raw: b"", "empty"),
        (lambda raw: raw.replace(b"<p>a", b"<p>X"), "checksum mismatch"),
        (lambda raw: raw.split(b"\n", 1)[1], "no header"),
        (lambda raw: b"\xff\xfe\x00garbage", "no header"),
    ],
)
def test_a_damaged_entry_is_recomputed_with_one_warning_never_served(tmp_path, monkeypatch, capsys, damage, why):
    calls: list = []
    section = _section(calls, tmp_path, monkeypatch)
    section("a")
    (entry,) = (tmp_path / "store" / "tests").iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    capsys.readouterr()
    assert section("a") == "<p>a ünïcode</p>"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"warning: cache entry {entry} is damaged (") and why in err
    assert section("a") == "<p>a ünïcode</p>" and capsys.readouterr().err == ""  # healed


def test_a_body_that_is_not_utf8_is_damaged_not_a_traceback(tmp_path):
    path = tmp_path / "e.txt"
    cache.write(path, "x")
    body = b"\xff\xfe"
    import hashlib

    path.write_bytes(f"{cache.HEADER} 2 {hashlib.sha256(body).hexdigest()}\n".encode() + body)
    assert cache.read(path) == (None, "not UTF-8")


def test_prune_keeps_what_the_build_used_and_drops_stale_entries_to_the_cap(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setenv("CONVDOCS_CACHE", str(tmp_path))
    monkeypatch.setenv("CONVDOCS_CACHE_MB", "0.5")
    old = time.time() - 3600
    for n in range(6):  # 6 x 200 KB, stale (an hour old), the oldest first
        path = tmp_path / "mkdocs-jupyter" / f"key{n}" / "nb.json"
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x" * 200_000)
        os.utime(path, (old + n, old + n))
    used = tmp_path / "examples" / "used.txt"
    cache.write(used, "y" * 300_000)
    removed = cache.prune(since=time.time() - 60)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["examples/used.txt", "mkdocs-jupyter/key5/nb.json"]
    assert len(removed) == 5 and not (tmp_path / "mkdocs-jupyter" / "key0").exists()


@pytest.mark.parametrize("content", [b"", b'{"content": "<p>', b"\xff\xfe", b"[1, 2]", b'{"toc_tokens": []}'])
def test_a_damaged_notebook_entry_is_dropped_with_one_warning(tmp_path, capsys, content):
    from convdocs.site.notebook_plugin import notebook_entry

    entry = tmp_path / "nb.json"
    entry.write_bytes(content)
    assert notebook_entry(entry) is False and not entry.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"warning: cache entry {entry} is damaged")
    entry.write_text('{"content": "<p>x</p>", "toc_tokens": []}')
    assert notebook_entry(entry) is True and entry.exists()


def test_every_cached_section_uses_the_decorator():
    """One way to cache (issue 21 item 5): cache.cached decorates the function that computes a section; a
    hand-keyed call (kind, key, compute) would be keyed by whatever its caller remembered to put in the key."""
    from tests.conftest import ROOT

    calls = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "convdocs").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "cache.cached(" in line and not line.lstrip().startswith(("@", "#", '"""')) and "`" not in line
    ]
    assert calls == []

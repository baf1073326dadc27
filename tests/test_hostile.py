"""Hostile input never breaks anything: exiting snippets, huge or junk CLI input, bad output paths.

Each numbered finding of issue #10 has a regression test here; the fuzz tests run the CLI in-process.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys

import pytest

from convdocs import build as site_build
from convdocs.cli import main
from tests.conftest import ROOT


def cli(*args: str):
    """``python -m convdocs ARGS`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as stop:
            status = stop.code
    return status, out.getvalue(), err.getvalue()


def one_error_line(err: str) -> bool:
    return err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


# 1. A snippet that exits fails the build, naming itself, and the previous site/ survives.

def _without_notebook(project):
    """The notebook re-runs every example in a kernel: not needed to see a snippet fail, and slow."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    lines = [line for line in text.splitlines() if "notebook.ipynb" not in line]
    assert len(lines) == len(text.splitlines()) - 1, "mkdocs.yml has one nav entry for the notebook"
    config.write_text("\n".join(lines) + "\n")
    (project / "docs" / "notebook.ipynb").unlink()


def test_an_exiting_snippet_fails_the_build_and_keeps_the_old_site(project_copy, tmp_path):
    _without_notebook(project_copy)
    snippet = project_copy / "snippets" / "stride_two.py"
    snippet.write_text(snippet.read_text() + '\nimport sys\n\nif __name__ == "__main__":\n    sys.exit(0)\n')
    old = project_copy / "site"
    old.mkdir()
    (old / "index.html").write_text("the previous build")
    env = {"CONVDOCS_SNIPPETS": str(project_copy / "snippets"), "CONVDOCS_CACHE": str(tmp_path / "cache"),
           "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "convdocs.build"], cwd=project_copy, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, **env))
    assert done.returncode != 0, done.stderr[-2000:]
    assert "snippets/stride_two.py stopped with sys.exit(0)" in done.stderr, done.stderr[-3000:]
    assert (old / "index.html").read_text() == "the previous build"
    assert sorted(p.name for p in project_copy.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_successful_build_replaces_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old")
    write = "import pathlib, sys; d = pathlib.Path(sys.argv[1]); d.mkdir(); (d / 'index.html').write_text('new')"
    assert site_build.build(site, [sys.executable, "-c", write]) == 0
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert site_build.build(site, [sys.executable, "-c", "import sys; sys.exit(3)"]) == 3
    assert (site / "index.html").read_text() == "new"


def test_make_site_and_pages_use_the_safe_build():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "python -m convdocs.build" in recipe and "mkdocs build" not in recipe
    pages = (ROOT / ".github/workflows/pages.yml").read_text()
    assert "run: make site" in pages and "path: site" in pages


def test_a_snippet_raising_system_exit_is_an_error_naming_it(tmp_path):
    from convdocs.run import SnippetError, run_source

    for ending in ("import sys; sys.exit(0)", "raise SystemExit", "exit(3)", "raise KeyboardInterrupt"):
        with pytest.raises(SnippetError, match=r"^snippets/mine\.py stopped with "):
            run_source(f"x = 1\n{ending}\n", tmp_path / "snippets" / "mine.py")


# 3. draw -o: only .svg and .png (any letter case), one error line for anything else; --animate never ignored.

SMALL = ["--input", "5", "5", "--kernel", "3"]


@pytest.mark.parametrize("name", ["", "noext", "x.txt", "x.foo", ".svg", "dir/", "x.svg.bak"])
def test_draw_refuses_other_files_with_one_line(tmp_path, name):
    status, out, err = cli("draw", *SMALL, "-o", str(tmp_path / name) if name else "")
    assert status == 2 and out == "" and one_error_line(err), err
    assert "write a .svg or .png file" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, magic", [("f.svg", b"<svg "), ("F.SVG", b"<svg "), ("f.png", b"\x89PNG"),
                                         ("f.PnG", b"\x89PNG")])
def test_draw_writes_the_file_it_names(tmp_path, name, magic):
    target = tmp_path / name
    status, out, err = cli("draw", *SMALL, "-o", str(target))
    assert status == 0 and out == f"wrote {target}\n", err
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert target.read_bytes().startswith(magic)  # x.SVG is SVG text, not matplotlib's SVG


@pytest.mark.parametrize("args, reason", [
    (SMALL + ["-o", "f.png"], "a PNG is one still frame"),
    (SMALL + ["--transposed", "-o", "f.svg"], "transposed convolution is drawn still"),
])
def test_animate_is_refused_where_it_cannot_be_drawn(tmp_path, args, reason):
    args = [a if not a.startswith("f.") else str(tmp_path / a) for a in args]
    status, out, err = cli("draw", *args, "--animate")
    assert status == 2 and one_error_line(err) and reason in err, err
    assert list(tmp_path.iterdir()) == []

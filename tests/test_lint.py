"""Habits of a maintained codebase, in make test: ruff (lint and format) over the Python, mypy (strict on
core/conv.py), Biome over the site's JavaScript. Configuration: pyproject.toml, snippets/ruff.toml,
biome.json; versions: requirements.txt, package.json (npm ci)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BIOME = ROOT / "node_modules" / ".bin" / "biome"


def run(*command: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff(command):
    done = run(sys.executable, "-m", "ruff", *command)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_mypy():
    done = run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "convdocs/core/conv.py" not in done.stdout


def test_biome_lints_the_javascript():
    assert BIOME.exists(), "run `npm ci` (make test does) for Biome"
    done = run(str(BIOME), "lint", "--error-on-warnings")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Checked" in done.stdout + done.stderr and "Checked 0 files" not in done.stdout + done.stderr


@pytest.mark.slow
def test_the_checks_catch_defects(tmp_path):
    """Each tool, given a file with a defect of its kind, reports it (a check that cannot fail is a defect)."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx: int = 'text'\n")
    assert run(sys.executable, "-m", "ruff", "check", "--isolated", str(bad)).returncode != 0
    assert run(sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir=/dev/null", str(bad)).returncode != 0
    shutil.copy(ROOT / "biome.json", tmp_path / "biome.json")
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "bad.js").write_text("debugger;\n")
    done = run(str(BIOME), "lint", "--vcs-enabled=false", cwd=tmp_path)  # no git repository there
    assert done.returncode != 0 and "noDebugger" in done.stdout + done.stderr

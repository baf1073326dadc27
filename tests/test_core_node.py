"""The explorer's DOM-free core (docs/assets/core/*.mjs) in Node, against golden vectors from convdocs.core.

Regenerate the golden files with ``.venv/bin/python -m tests.golden`` (tests/golden.py says what they hold).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from tests import golden
from tests.conftest import ROOT

NODE = shutil.which("node")


def node_tests(core=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, CONVDOCS_CORE=str(core)) if core else None
    return subprocess.run(
        [NODE, "--test", "tests/node/"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def passed(run: subprocess.CompletedProcess) -> int:
    """How many Node tests passed; fails unless every one did and there were some."""
    counts = dict(re.findall(r"^# (tests|pass|fail) (\d+)$", run.stdout, re.M))
    assert run.returncode == 0 and counts.get("fail") == "0", run.stdout[-3000:] + run.stderr[-2000:]
    assert int(counts["tests"]) == int(counts["pass"]) > 0, counts
    return int(counts["pass"])


def test_golden_files_are_what_the_writer_writes_now():
    written = golden.files()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in golden.FOLDER.glob("*.json")}
    assert sorted(on_disk) == sorted(written), "run: .venv/bin/python -m tests.golden"
    stale = [name for name, text in written.items() if on_disk[name] != text]
    assert not stale, f"{stale} differ from what convdocs.core gives now: run .venv/bin/python -m tests.golden"
    cases = sum(len(json.loads(text)) for text in written.values())
    assert cases >= 5000, cases


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_node_core_tests_pass():
    assert passed(node_tests()) >= 8


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_minified_core_the_site_ships_passes_them_too(site):
    """rjsmin minifies assets/core/*.mjs at build time (convdocs/site/hooks.py): the shipped core is tested too."""
    assert passed(node_tests(site / "assets" / "core")) >= 8


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_node_tests_read_the_catalogue_the_site_ships():
    """tests/node/golden.mjs assembles the catalogue from its sources as the build ships it: torch's texts and
    explanations (explorer-torch-text.js) and the words the page carries inline (hooks.explorer_words)."""
    from convdocs.core import torch_text

    script = "import('./tests/node/golden.mjs').then((g) => process.stdout.write(JSON.stringify(g.T)))"
    run = subprocess.run([NODE, "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    shipped = json.loads(torch_text.for_explorer())
    assets = ROOT / "docs" / "assets"
    scripts = [p.read_text(encoding="utf-8") for p in sorted([*assets.glob("*.js"), *assets.glob("core/*.mjs")])]
    inline = json.loads(torch_text.explorer_words(torch_text.named_keys(scripts)))
    assert json.loads(run.stdout) == dict(
        {key: shipped[key] for key in ("explain", "messages", "separator")}, words=inline["words"]
    )
    assert len(inline["words"]) >= 80 and inline["separator"] == shipped["separator"]

"""Zensical, Material for MkDocs' successor, builds the same mkdocs.yml with every page's executed output.

The notebook page is the one exception: Zensical has no mkdocs-jupyter, so it copies notebook.ipynb as a
file instead of rendering it (docs/about.md says so).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import warm_cache
from tests.test_site import printed_sizes

SKIPPED = {"notebook"}


def zensical_build(project: Path, cache: Path) -> Path:
    zensical = Path(sys.executable).parent / "zensical"
    env = dict(os.environ, CONVDOCS_CACHE=str(cache), CONVDOCS_SNIPPETS=str(project / "snippets"))
    done = subprocess.run(
        [str(zensical), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return project / "site"


def output_blocks(text: str) -> list[str]:
    """The text of every Output block, tags stripped (Zensical and Material differ in markup only)."""
    blocks = re.findall(r'<span class="filename">Output</span>(.*?)</pre>', text, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", b)).strip() for b in blocks]


def test_zensical_renders_every_page_with_its_executed_output(site, project_copy, tmp_path_factory):
    # the snippets' results from the session's build (the same sources): Zensical renders, markdown-exec runs
    # every fence, and each fence reads its snippet's result from the cache
    zsite = zensical_build(project_copy, warm_cache(site, tmp_path_factory.mktemp("zensical")))
    compared = 0
    for page in sorted(site.rglob("index.html")):
        name = str(page.parent.relative_to(site))
        if name in SKIPPED or name in ("404", "search"):
            continue
        zpage = zsite / page.relative_to(site)
        assert zpage.is_file(), f"Zensical did not render {name}"
        ours, theirs = page.read_text(encoding="utf-8"), zpage.read_text(encoding="utf-8")
        assert output_blocks(theirs) == output_blocks(ours), name
        assert printed_sizes(theirs) == printed_sizes(ours), name
        assert theirs.count('class="convdocs-figure"') == ours.count('class="convdocs-figure"'), name
        compared += 1
    assert compared >= 13, compared
    assert (zsite / "notebook.ipynb").is_file()  # the notebook stays downloadable

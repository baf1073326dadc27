"""The live preview (issue 25): `make serve PORT=...`, rebuilds on changes to snippets, pages, the catalogue and
convdocs, and a failing rebuild that shows its error and keeps serving until the next good save."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

from convdocs.site import serve
from tests.conftest import ROOT, one_page


def test_make_serve_takes_a_port():
    def dry(*args: str) -> str:
        return subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, capture_output=True, text=True).stdout

    assert "convdocs.site.serve --port 8001" in dry("PORT=8001")
    assert "convdocs.site.serve --port 8000" in dry()


def test_every_source_is_watched(project_copy):
    before = serve.stamp(project_copy)
    for name in ("snippets/stride_two.py", "docs/index.md", "convdocs/core/torch_text.json", "convdocs/site/page.py"):
        path = project_copy / name
        path.write_text(path.read_text() + "\n")
        after = serve.stamp(project_copy)
        assert after != before, name
        before = after
    words = sorted((project_copy / "convdocs" / "core" / "words").glob("*.json"))[0]
    os.utime(words, ns=(1, 1))
    assert serve.stamp(project_copy) != before


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait(base: str, generation: int, seconds: float = 400) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = json.loads(_get(base + "__convdocs/status")[1])
        if status["generation"] >= generation and not status["building"]:
            return status
        time.sleep(0.5)
    raise AssertionError(f"no build {generation} within {seconds} s")


def test_a_failing_rebuild_shows_its_error_keeps_serving_and_the_next_save_recovers(project_copy, tmp_path):
    one_page(project_copy)
    env = dict(os.environ, CONVDOCS_SNIPPETS=str(project_copy / "snippets"), CONVDOCS_CACHE=str(tmp_path / "cache"))
    env["NO_MKDOCS_2_WARNING"] = "1"
    server = subprocess.Popen(
        [sys.executable, "-m", "convdocs.site.serve", "--port", "0"],
        cwd=project_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith("serve: http://127.0.0.1:"), first
        base = first.split()[1]
        assert _wait(base, 1)["error"] == ""
        status, page = _get(base)
        assert status == 200 and "One page" in page and "__convdocs/status" in page

        snippet = project_copy / "snippets" / "stride_two.py"
        good = snippet.read_text()
        snippet.write_text(good + "\nimport sys\n\nsys.exit(3)\n")
        failed = _wait(base, 2)
        assert "snippets/stride_two.py stopped with sys.exit(3)" in failed["error"], failed
        started = time.monotonic()
        status, page = _get(base)  # the last good build, at once, with the error over it
        assert time.monotonic() - started < 5 and status == 200 and "One page" in page
        assert 'banner("' in page and "stopped with sys.exit(3)" in page  # shown over the page when it loads

        snippet.write_text(good)
        assert _wait(base, 3)["error"] == ""
        assert 'banner("' not in _get(base)[1]
    finally:
        server.terminate()
        server.wait(30)

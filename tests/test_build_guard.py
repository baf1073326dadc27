"""Builds never publish a broken site and never hang (issue 25, builds): the guard around every snippet run,
the exec fences' checks, the build lock and the completeness check before the swap."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from convdocs.site import build as site_build
from convdocs.site import fence_guard
from convdocs.site.snippets import SnippetError, run_source
from convdocs.tracing import guard
from tests.conftest import ROOT, one_page

SNIPPET = ROOT / "snippets" / "mine.py"


def guarded(code: str, **env: str) -> str:
    """``code`` run as a snippet under the guard, on a named page; its output."""
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    guard.page = "docs/page.md"
    try:
        return guard.run("snippets/mine.py", lambda: run_source(code, SNIPPET).stdout)
    finally:
        guard.page = None
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def test_a_guarded_snippet_prints_as_before_in_a_scratch_directory():
    assert guarded("print('hi')") == "hi\n"
    where = guarded("import os; print(os.getcwd())").strip()
    assert not Path(where).exists() and ROOT not in Path(where).parents  # its own folder, removed afterwards


def test_an_endless_snippet_is_stopped_at_the_time_limit_naming_it_and_the_page():
    started = time.monotonic()
    with pytest.raises(guard.GuardError) as stopped:
        guarded("while True:\n    pass\n", CONVDOCS_SNIPPET_TIMEOUT="1")
    assert time.monotonic() - started < 10
    assert str(stopped.value) == (
        "snippets/mine.py (on docs/page.md) ran past 1 s and was stopped (CONVDOCS_SNIPPET_TIMEOUT)"
    )


@pytest.mark.parametrize(
    "code",
    [
        "print('x' * 2_000_000)",
        "for i in range(300_000):\n    print('0123456789')",
        "try:\n    print('x' * 2_000_000)\nexcept BaseException:\n    pass",
    ],
)
def test_a_flooding_snippet_fails_naming_it(code):
    with pytest.raises(SnippetError, match=r"^snippets/mine\.py printed more than 1,000,000 characters"):
        guarded(code)


def test_output_written_past_python_is_capped_too():
    with pytest.raises(guard.GuardError, match=r"^snippets/mine\.py \(on docs/page\.md\) wrote more than 1,000"):
        guarded("import os\nos.write(1, b'y' * 3_000_000)")


def test_the_cap_is_configurable():
    with pytest.raises(SnippetError, match="printed more than 10 characters"):
        guarded("print('x' * 20)", CONVDOCS_SNIPPET_OUTPUT="10")


def test_exits_are_named():
    with pytest.raises(SnippetError, match=r"^snippets/mine\.py stopped with sys\.exit\(3\)"):
        guarded("import sys; sys.exit(3)")
    with pytest.raises(guard.GuardError, match=r"^snippets/mine\.py \(on docs/page\.md\) ended the process"):
        guarded("import os; os._exit(4)")


@pytest.mark.parametrize(
    "code",
    [
        f"open({str(ROOT / 'README.md')!r}, 'a').write('x')",
        f"import os\ntry:\n    os.remove({str(ROOT / 'README.md')!r})\nexcept OSError:\n    pass",
        f"import shutil\nshutil.rmtree({str(ROOT / 'snippets')!r}, ignore_errors=True)",
        f"import pathlib\npathlib.Path({str(ROOT / 'new.txt')!r}).write_text('x')",
    ],
)
def test_a_snippet_cannot_change_the_repository(code):
    before = {p: p.stat().st_mtime_ns for p in [ROOT / "README.md", *sorted((ROOT / "snippets").iterdir())]}
    with pytest.raises(guard.GuardError, match=r"^snippets/mine\.py \(on docs/page\.md\) tried to write into the rep"):
        guarded(code)
    assert {p: p.stat().st_mtime_ns for p in before} == before and not (ROOT / "new.txt").exists()


def test_an_error_in_the_snippet_is_raised_again_as_it_was():
    with pytest.raises(ValueError, match="boom"):
        guarded("raise ValueError('boom')")


# exec fences


@pytest.mark.parametrize(
    ("markdown", "error"),
    [
        ('```python exec="maybe"\nprint(1)\n```\n', 'docs/p.md:1: exec="maybe" is neither on nor off'),
        ('Text\n\n```python exec="on"\nprint(1)\n', "docs/p.md:3: the ``` fence opened here is never closed"),
        ("````md\n```python\nx\n```\n", "docs/p.md:1: the ```` fence opened here is never closed"),
    ],
)
def test_bad_fences_are_refused_with_one_line(markdown, error):
    with pytest.raises(guard.Stop) as stopped:
        fence_guard.check(markdown, "docs/p.md")
    assert str(stopped.value).startswith(error)


def test_every_page_fence_passes_the_check():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        fence_guard.check(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))
    fence_guard.check('````md\n```python exec="on"\nx\n```\n````\n\n```python exec="off"\ny\n```\n', "p.md")


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("import sys\nsys.exit(0)", "docs/p.md: an exec fence stopped with sys.exit(0)"),
        ("raise KeyboardInterrupt", "docs/p.md: an exec fence stopped with KeyboardInterrupt"),
        (
            "from convdocs.site.page import figure\nfrom convdocs.core.conv import check\n"
            "figure(check(input=(4000, 4000), kernel=3), (0, 0))",
            "docs/p.md: the figure would hold",
        ),
    ],
)
def test_a_fence_that_stops_or_draws_over_budget_ends_the_build_with_one_line(code, line):
    from markdown_exec._internal.formatters import python

    fence_guard.install()
    guard.page = "docs/p.md"
    try:
        with pytest.raises(guard.Stop) as stopped:
            python.exec_python(code, "<code block: n1>", {})
    finally:
        guard.page = None
    assert str(stopped.value).startswith(line) and "\n" not in str(stopped.value)


def test_a_warning_not_from_torch_gets_its_own_message():
    from convdocs.site.page import explained

    result = run_source("import warnings\nwarnings.warn('numpy says hello', DeprecationWarning)\n", SNIPPET)
    (said,) = result.warnings
    with pytest.raises(SnippetError) as raised:
        explained(result, said)
    text = str(raised.value)
    assert "snippets/mine.py:2" in text and "is not one of torch's" in text and "no catalogue entry" not in text


# the swap: one build at a time, and only a whole one


WRITE = "import pathlib, sys; d = pathlib.Path(sys.argv[1]); d.mkdir(); (d / 'index.html').write_text('{}')"


def test_a_second_build_waits_for_the_first(tmp_path, capfd):
    site = tmp_path / "site"
    lock = open(site_build.lock_path(site), "a+")
    fcntl.flock(lock, fcntl.LOCK_EX)  # a first build, running
    status: list[int] = []
    second = threading.Thread(
        target=lambda: status.append(site_build.build(site, [sys.executable, "-c", WRITE.format("<p></html>")]))
    )
    second.start()
    time.sleep(1.5)
    assert not site.exists() and not (tmp_path / "site.partial").exists() and not status  # it waits
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    second.join(60)
    assert status == [0] and (site / "index.html").read_text() == "<p></html>"
    assert "waiting: another build of" in capfd.readouterr().err


def test_an_incomplete_build_is_not_swapped_in(tmp_path, capfd):
    site, docs = tmp_path / "site", tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "guide" / "page.md").write_text("# A page\n")
    site.mkdir()
    (site / "index.html").write_text("old")
    assert site_build.build(site, [sys.executable, "-c", WRITE.format("<p></html>")], docs) == 1
    assert (site / "index.html").read_text() == "old"
    assert "guide/page/index.html was not written" in capfd.readouterr().err
    (docs / "guide" / "page.md").unlink()
    assert site_build.build(site, [sys.executable, "-c", WRITE.format("<p>cut")], docs) == 1
    assert (site / "index.html").read_text() == "old"


def test_a_looping_snippet_fails_the_build_in_one_line_naming_it_and_the_page(project_copy, tmp_path):
    one_page(project_copy)
    snippet = project_copy / "snippets" / "stride_two.py"
    snippet.write_text(snippet.read_text() + "\nwhile True:\n    pass\n")
    env = dict(
        os.environ, CONVDOCS_CACHE=str(tmp_path / "cache"), CONVDOCS_SNIPPET_TIMEOUT="3", NO_MKDOCS_2_WARNING="1"
    )
    env["CONVDOCS_SNIPPETS"] = str(project_copy / "snippets")
    done = subprocess.run(
        [sys.executable, "-m", "convdocs.site.build"], cwd=project_copy, capture_output=True, text=True, env=env
    )
    errors = [line for line in done.stderr.splitlines() if line.startswith(("error", "ERROR", "Traceback"))]
    assert done.returncode != 0 and errors[0] == (
        "error: snippets/stride_two.py (on docs/index.md) ran past 3 s and was stopped (CONVDOCS_SNIPPET_TIMEOUT)"
    ), done.stderr[-3000:]
    assert "Traceback" not in done.stderr and not (project_copy / "site").exists()


def test_a_snippet_has_a_memory_ceiling():
    with pytest.raises(MemoryError):
        guarded("x = bytearray(1 << 30)\nprint(len(x))", CONVDOCS_SNIPPET_MEMORY_MB="256")
    assert guarded("x = bytearray(1 << 20)\nprint(len(x))", CONVDOCS_SNIPPET_MEMORY_MB="256") == "1048576\n"

"""The clean build's look-ahead (convdocs/site/ahead.py): it runs the pages' fences from the last page back, in a
fork, and the cache's claim makes each entry computed once however the two processes meet."""

from __future__ import annotations

import os
import time

import pytest

from convdocs.site import ahead, cache
from tests.conftest import ROOT

PAGE = """# A page

```python
print("shown, not run")
```

```python exec="on"
print(1)
```

??? example "folded"

    ```python exec="1"
    for i in range(2):
        print(i)
    ```

```python exec="off"
print("not run")
```

~~~python exec="on" html="1"
print(3)
~~~

```pycon
>>> print("a session")
```
"""


def test_the_fences_are_the_ones_markdown_exec_runs_dedented():
    assert ahead.fences(PAGE) == ["print(1)", "for i in range(2):\n    print(i)", "print(3)"]
    for page in sorted((ROOT / "docs").rglob("*.md")):  # the site's own: one per exec="on" fence
        text = page.read_text(encoding="utf-8")
        assert len(ahead.fences(text)) == text.count('exec="on"'), page


def _counted(tmp_path, monkeypatch, seconds: float):
    monkeypatch.setenv("CONVDOCS_CACHE", str(tmp_path / "store"))
    log = tmp_path / "computed"
    log.write_text("")

    @cache.cached("tests")
    def section(word: str) -> str:  # runs in a guarded fork: it says so in a file, then takes its time
        with open(log, "a") as out:
            out.write(word)
        time.sleep(seconds)
        return f"<p>{word}</p>"

    return section, log


def _in_a_fork(work) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            work()
        finally:
            os._exit(0)
    return pid


def test_two_processes_compute_an_entry_once_and_the_look_ahead_never_waits(tmp_path, monkeypatch):
    section, log = _counted(tmp_path, monkeypatch, seconds=1.0)
    other = _in_a_fork(lambda: section("a"))  # the other process of the build claims the entry first
    for _ in range(200):
        if log.read_text():
            break
        time.sleep(0.01)
    assert log.read_text() == "a"
    monkeypatch.setattr(cache, "ahead", True)
    started = time.monotonic()
    with pytest.raises(cache.Claimed):  # the look-ahead moves on at once
        section("a")
    assert time.monotonic() - started < 0.5
    monkeypatch.setattr(cache, "ahead", False)
    assert section("a") == "<p>a</p>"  # the build waits for it, then reads what the other stored
    assert log.read_text() == "a"  # computed once
    os.waitpid(other, 0)
    assert section("b") == "<p>b</p>" and log.read_text() == "ab"  # a free entry is computed here


def running_in(folder) -> list[str]:
    """Command lines of the processes still running in ``folder`` (a build's, and its look-ahead's, work there)."""
    from pathlib import Path

    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")) == folder:
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def test_a_build_that_fails_ends_its_look_ahead_with_it(project_copy, tmp_path):
    """The first page's snippet loops (the build stops it after 1 s and fails); the last page's two fences loop
    too, and the look-ahead starts there: once the build has failed, nothing of it is left running."""
    import subprocess
    import sys

    from tests.conftest import one_page

    one_page(project_copy)
    with open(project_copy / "mkdocs.yml", "a") as config:
        config.write("hooks:\n  - convdocs/site/hooks.py\n")
    snippet = project_copy / "snippets" / "stride_two.py"
    snippet.write_text(snippet.read_text() + "\nwhile True:\n    pass\n")
    (project_copy / "snippets" / "spin.py").write_text("while True:\n    pass\n")
    fence = '```python exec="on"\nfrom convdocs.site.page import example\n\nprint(example("spin"{}))\n```\n'
    (project_copy / "docs" / "zz.md").write_text("# Last\n\n" + fence.format("") + "\n" + fence.format(", False"))
    env = dict(os.environ, CONVDOCS_CACHE=str(tmp_path / "cache"), CONVDOCS_SNIPPET_TIMEOUT="1")
    env.update(NO_MKDOCS_2_WARNING="1", CONVDOCS_SNIPPETS=str(project_copy / "snippets"))
    done = subprocess.run(
        [sys.executable, "-m", "convdocs.site.build"], cwd=project_copy, capture_output=True, text=True, env=env
    )
    assert done.returncode != 0 and "ran past 1 s" in done.stderr, done.stderr[-2000:]
    assert not running_in(project_copy)

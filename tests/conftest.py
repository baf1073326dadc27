"""Shared fixtures: one strict build of the site per test session."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

# One torch thread per test worker: the workers already share the cores, and torch's idle OpenMP threads spin
# while they wait (a claim's grid took 40 s in the suite, 4 s alone). A test that needs more sets them itself.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from convdocs.tools import chromium

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-c", "from convdocs.site.build import mkdocs; mkdocs()"]  # mkdocs as `make site` runs it


def build(site_dir: Path, project: Path = ROOT, env=None, cache: Path | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``; a clean build unless ``cache`` is given."""
    cache = cache or site_dir.parent / f"{site_dir.name}-cache"
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", CONVDOCS_CACHE=str(cache), **(env or {}))
    return subprocess.run(
        MKDOCS + ["build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
    )


_LAZY = re.compile(
    r'(<figure class="convdocs-[a-z-]*figure"[^>]*?data-src="([^"]+)"[^>]*>)<a class="convdocs-lazy"[^>]*>[^<]*</a>'
)


def inline_figures(html: Path) -> str:
    """A built page's HTML with every lazy figure's drawing put back inline, as a reader sees it opened.

    The build moves animations (and figures past a page's inline budget) to ``figures/*.svg``
    (convdocs/site/hooks.py); the page keeps ``data-src`` and a link in their place.
    """
    text = html.read_text(encoding="utf-8")
    return _LAZY.sub(lambda m: m[1] + (html.parent / m[2]).read_text(encoding="utf-8"), text)


def pytest_xdist_auto_num_workers(config) -> int:
    """One pytest-xdist worker more than the cores, at most four: a worker waiting on a browser, a build or
    a subprocess leaves its core to the others (two cores: three workers)."""
    given = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")  # xdist's own setting, for measuring other counts
    return int(given) if given else min((os.cpu_count() or 1) + 1, 4)


def shared_tmp(tmp_path_factory) -> Path:
    """A temporary folder every pytest-xdist worker of this run sees (the run's own one without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """One strict build for the whole run: the first worker to get here builds, the others wait and reuse it."""
    import fcntl

    shared = shared_tmp(tmp_path_factory)
    out, outcome = shared / "site", shared / "site.outcome"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not outcome.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            started = time.perf_counter()
            done = build(out, cache=shared / "site-cache")
            print(f"\nstrict build: {time.perf_counter() - started:.1f} s")
            warnings = re.findall(r"^(?:WARNING|ERROR)\s+-.*", done.stderr, re.M)  # mkdocs' own
            failed = done.stderr[-3000:] if done.returncode or warnings else ""
            outcome.write_text(failed, encoding="utf-8")
    failed = outcome.read_text(encoding="utf-8")
    assert not failed, failed
    return out


def children_cpu() -> float:
    """CPU seconds used by this process's finished children. Unlike wall time, a busy machine (another
    pytest-xdist worker, a browser) does not stretch it: budgets for commands are stated in it."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def warm_cache(site: Path, folder: Path) -> Path:
    """A copy of the build cache the session's clean build of ``site`` filled (a later build of the same
    sources then reruns only the snippets a test changes)."""
    store = folder / "cache"
    shutil.copytree(site.parent / "site-cache", store)
    return store


def one_page(project: Path, snippet: str = "stride_two") -> None:
    """Cut ``project`` down to one page that runs one snippet through markdown-exec, as every page does."""
    (project / "mkdocs.yml").write_text(
        "site_name: one page\nstrict: true\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - markdown-exec\nmarkdown_extensions:\n  - pymdownx.superfences\n"
    )
    shutil.rmtree(project / "docs")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(
        f'# One page\n\n```python exec="on"\nfrom convdocs.site.page import example\n\nprint(example("{snippet}"))\n```\n'
    )


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The site's sources in a scratch folder, to break on purpose."""
    for name in ("mkdocs.yml", "docs", "snippets", "convdocs"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def server(site, tmp_path_factory):
    """The built site over http on a free loopback port, under /convdocs/ as GitHub Pages serves a project."""
    import functools
    import threading

    root = tmp_path_factory.mktemp("served")  # one per worker
    (root / "convdocs").symlink_to(site, target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/convdocs/"
    httpd.shutdown()


CHROMIUM_ARGS = chromium.ARGS  # convdocs/tools/chromium.py: make bench drives the same browser


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = chromium.executable()
    assert Path(executable).exists(), "install Debian's chromium (.ci/run does), or set CHROMIUM to a Chrome binary"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


VIEWPORT = {"width": 1280, "height": 1000}


class Reader:
    """The browser page every ``tab`` test of a worker reads in, one test after the other, as a reader goes
    from page to page in one tab. A new page costs its own renderer process, the theme's scripts compiled
    again and an empty cache: about 0.8 s of CPU, for each of some 80 tests (``make test``'s budget).

    ``reset`` gives the next test a page as good as new: at about:blank, the test's routes gone, the mouse at
    the corner, the viewport back to VIEWPORT, the light scheme, and no cookie, storage (local, session,
    IndexedDB, caches) or other site data left of the sites the page opened; only the HTTP cache stays. A page
    that a reset fails on is closed, and the next test gets a new one. A test that changes more than that (the
    context's clock, init scripts, other media emulation, permissions, its own listeners) opens a context of
    its own with ``browser.new_context``, or is marked ``first_visit``."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.page = None
        self.origins: set[str] = set()
        self.used = False  # handed out since its last reset

    def open(self):
        """The page as it is (a new one the first time, or after a reset that failed), for the caller to use."""
        self.used = True
        if self.page is None:
            from urllib.parse import urlsplit

            def opened(frame) -> None:
                parts = urlsplit(frame.url)
                if parts.scheme in ("http", "https"):
                    self.origins.add(f"{parts.scheme}://{parts.netloc}")

            self.page = self.browser.new_context(viewport=VIEWPORT).new_page()
            self.page.on("framenavigated", opened)
        return self.page

    def clean(self):
        """The page, reset first if it was handed out since its last reset (a test that failed half-way)."""
        if self.used and self.page is not None:
            self.reset()
        return self.open()

    def reset(self) -> None:
        page = self.page
        try:
            page.unroute_all(behavior="ignoreErrors")
            page.goto("about:blank", timeout=10_000)
            page.mouse.move(0, 0)
            page.set_viewport_size(VIEWPORT)
            page.emulate_media(color_scheme="light")  # a new context's
            session = page.context.new_cdp_session(page)
            for origin in sorted(self.origins):  # storage of every kind, the page's session storage too
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.detach()
            page.context.clear_cookies()
            self.origins.clear()
            self.used = False
        except Exception:  # noqa: BLE001  a page that cannot be reset is replaced by a new one
            self.close()

    def close(self) -> None:
        if self.page is not None:
            self.page.context.close()
            self.page, self.origins = None, set()


@pytest.fixture(scope="session")
def reader(browser):
    """This worker's Reader (one page, reused by every ``tab`` test)."""
    reading = Reader(browser)
    yield reading
    reading.close()


@pytest.fixture
def tab(request, browser, reader):
    """The worker's reader page (``Reader``), reset, recording console errors and uncaught exceptions; a test
    fails if any occur. A test marked ``first_visit`` gets a page in a new context instead: an empty cache, a
    new renderer process, every file from the server, as a reader's first visit."""
    first_visit = request.node.get_closest_marker("first_visit") is not None
    tab = browser.new_context(viewport=VIEWPORT).new_page() if first_visit else reader.clean()
    tab.errors = []

    def console(message) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    def uncaught(error) -> None:
        tab.errors.append(str(error))

    tab.on("console", console)
    tab.on("pageerror", uncaught)
    yield tab
    errors = tab.errors
    tab.remove_listener("console", console)
    tab.remove_listener("pageerror", uncaught)
    if first_visit:
        tab.context.close()
    else:
        reader.reset()
    assert not errors, errors


SITE_FIXTURES = {"site", "server", "project_copy"}  # tests that need a build of the site (or make one)
BROWSER_FIXTURES = {"browser", "tab"}


def pytest_collection_modifyitems(config, items):
    """Markers by what a test needs: ``site`` (a strict build), ``browser`` (Chromium). ``slow`` is written on
    the tests themselves. `make check` runs the rest; `make test` runs everything."""
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & SITE_FIXTURES:
            item.add_marker(pytest.mark.site)
        if needs & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)

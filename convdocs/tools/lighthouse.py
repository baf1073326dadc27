"""Lighthouse on every page of a built site, as a phone would load it from GitHub Pages (``make bench``).

The site is served from a loopback port under ``/convdocs/`` with gzip, as GitHub Pages serves it, and
each page is scored by the npm ``lighthouse`` package (package.json; ``npm ci``) driving Debian's
chromium, with Lighthouse's default mobile settings (simulated slow 4G, 4x CPU slowdown).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from convdocs.tools import chromium

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".map")


@functools.lru_cache(maxsize=512)
def _body(file: Path, mtime_ns: int, gzipped: bool) -> bytes:
    """A file's bytes as served, compressed once per version of the file: compressing on every request
    would take CPU from the browser being measured, on the same cores."""
    body = file.read_bytes()
    return gzip.compress(body, mtime=0) if gzipped else body


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files under /convdocs/, gzip-compressed when the client accepts it, 404.html for misses."""

    site: Path

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/":
            self.send_response(301)
            self.send_header("Location", "/convdocs/")
            self.end_headers()
            return
        if not path.startswith("/convdocs/"):  # the origin's own files (robots.txt) are not the project's
            self.send_error(404)
            return
        file = self.site / path[len("/convdocs/") :]
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            file = file / "index.html"
        status = 200
        if not file.is_file():
            status, file = 404, self.site / "404.html"
        gzipped = file.suffix in _COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        body = _body(file, file.stat().st_mtime_ns, gzipped)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site over http on a free loopback port; yields its base URL (ending in /convdocs/)."""
    handler = type("Handler", (_Gzip,), {"site": site})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/convdocs/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def pages(site: Path) -> list[str]:
    """Every page's path below the site root ('' for the home page)."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted("" if p == "." else p + "/" for p in found)


def score(url: str) -> dict[str, float]:
    """Lighthouse's category scores (0–1) for one URL, mobile defaults, plus the page's transfer size."""
    chrome = os.environ.get("CHROME_PATH") or chromium.executable()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox",
            ],
            check=True,
            env=dict(os.environ, CHROME_PATH=chrome),
            timeout=300,
            cwd=tmp,
        )
        report = json.loads(out.read_text())
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    failed = sorted(
        a
        for a, r in report["audits"].items()
        if r.get("score") is not None and r["score"] < 1 and r.get("scoreDisplayMode") == "binary"
    )
    scores["metrics"] = {
        m: report["audits"][m]["score"]
        for m in (  # type: ignore[assignment]
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
    }
    scores["transfer"] = report["audits"]["total-byte-weight"]["numericValue"]
    # the host's CPU speed as Lighthouse measured it before loading the page: its 4x "mobile" slowdown applies
    # to whatever this host does, so the same page scores lower while the host is slow
    scores["benchmark"] = report.get("environment", {}).get("benchmarkIndex")
    scores["failed"] = failed  # type: ignore[assignment]
    return scores


def run(site: Path, runs: int = 1) -> dict[str, dict]:
    """Scores for every page of ``site``: of ``runs`` runs per page, the one with the median performance."""
    results = {}
    with serve(site) as base:
        for page in pages(site):
            tries = sorted((score(base + page) for _ in range(runs)), key=lambda s: s["performance"] or 0)
            results[page] = tries[len(tries) // 2]
    return results


def within_budget(scores: dict) -> bool:
    return all(scores[c] is not None and scores[c] >= BUDGET[c] for c in CATEGORIES)


if __name__ == "__main__":  # python -m convdocs.tools.lighthouse [SITE_DIR [RUNS]]: print the scores
    import sys

    results = run(
        Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"), int(sys.argv[2]) if len(sys.argv) > 2 else 1
    )
    for page, s in results.items():
        print(
            f"{page or '(home)':40} "
            + " ".join(f"{s[c]:.2f}" for c in CATEGORIES)
            + f" {s['transfer'] / 1000:7.1f} KB benchmarkIndex {s['benchmark'] or 0:,.0f} {' '.join(s['failed'])}"
        )

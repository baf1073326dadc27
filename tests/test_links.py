"""Served under a sub-path, as GitHub Pages serves a project site, every internal link and anchor resolves."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlparse

LINK = re.compile(r'<(?:a|link|script|img|iframe)\b[^>]*?\b(?:href|src)="([^"]+)"', re.I)
IDS = re.compile(r'\bid="([^"]+)"')


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read()


def internal_targets(text: str, base: str, root: str):
    for raw in LINK.findall(text):
        url = html.unescape(raw)
        if url.startswith(("mailto:", "javascript:", "data:")):
            continue
        absolute = urljoin(base, url)
        if urlparse(absolute).netloc != urlparse(root).netloc:
            continue  # another host: the offline test forbids loading from one; plain links are fine
        yield url, absolute


def check_page(url: str, text: str, root: str, cache: dict, broken: list):
    for raw, absolute in internal_targets(text, url, root):
        target, fragment = urldefrag(absolute)
        if not target.startswith(root):
            broken.append(f"{url}: {raw} leaves the site's sub-path")
            continue
        if target not in cache:
            try:
                cache[target] = fetch(target).decode("utf-8", errors="ignore")
            except urllib.error.HTTPError as error:
                cache[target] = None
                broken.append(f"{url}: {raw} -> {error.code}")
        if fragment and cache.get(target) is not None and fragment not in IDS.findall(cache[target]):
            broken.append(f"{url}: {raw} -> no anchor #{fragment}")


def test_every_internal_link_and_anchor_resolves(site, server):
    pages = sorted(p for p in site.rglob("*.html"))
    cache, broken = {}, []
    for path in pages:
        rel = path.relative_to(site).as_posix()
        url = server + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if rel == "404.html":
            url = server + "no/such/page/"  # GitHub Pages serves it at any missing address, however deep
        text = path.read_text(encoding="utf-8")
        cache.setdefault(url, text)
        check_page(url, text, server, cache, broken)
    assert len(pages) >= 15
    assert not broken, "\n".join(broken[:20])


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    """check_page on a page with one good link, one missing page, one missing anchor and one leaving the sub-path."""
    import functools
    import http.server
    import threading

    (tmp_path / "convdocs" / "a").mkdir(parents=True)
    (tmp_path / "convdocs" / "a" / "index.html").write_text('<h2 id="here">A</h2>')
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        root = f"http://127.0.0.1:{httpd.server_port}/convdocs/"
        text = '<a href="a/#here">ok</a><a href="b/">gone</a><a href="a/#nowhere">x</a><a href="/elsewhere/">y</a>'
        broken: list = []
        check_page(root, text, root, {}, broken)
    finally:
        httpd.shutdown()
    assert broken == [
        f"{root}: b/ -> 404",
        f"{root}: a/#nowhere -> no anchor #nowhere",
        f"{root}: /elsewhere/ leaves the site's sub-path",
    ]

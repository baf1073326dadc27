"""``make serve``: the site at http://127.0.0.1:PORT/convdocs/, rebuilt whenever a source changes.

Build glue. Each rebuild is the strict build of ``make site`` (:mod:`convdocs.site.build`, with the build
cache: only what changed runs again) into ``.cache/serve/site``, in a process of its own; the server keeps
serving the last good build meanwhile, so no request waits for a build. It watches ``docs/``,
``snippets/``, ``convdocs/`` (the catalogue of words and torch's texts among it) and ``mkdocs.yml``.

A failing rebuild prints its error in the terminal and shows it on every page, in a banner over the last
good build (or as the page itself when there is none yet); the next good save replaces the banner with the
new build. Open pages reload by themselves after each build (a small script asks ``/convdocs/__convdocs/status``).

    python -m convdocs.site.serve [--port 8000] [--host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from convdocs.core.words import say

WATCHED = ("docs", "snippets", "convdocs", "mkdocs.yml")
BASE = "/convdocs/"  # the GitHub Pages sub-path (site_url)
STATUS = BASE + "__convdocs/status"
POLL = 0.5  # seconds between looks at the sources


class State:
    """The last build: its number (pages reload when it changes) and its error, "" if it succeeded."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.generation = 0
        self.error = ""
        self.building = False
        self.lock = threading.Lock()

    def status(self) -> dict:
        with self.lock:
            return {"generation": self.generation, "error": self.error, "building": self.building}


def stamp(root: Path) -> tuple:
    """What the watched sources look like now: every file's path, size and modification time."""
    seen = []
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".tmp") or path.name.startswith(".#"):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            seen.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(sorted(seen))


def rebuild(state: State, root: Path) -> None:
    """One strict build into ``state.site``; its output goes to the terminal, its error to ``state``."""
    with state.lock:
        state.building = True
    started = time.monotonic()
    command = [sys.executable, "-m", "convdocs.site.build", "--site-dir", str(state.site)]
    done = subprocess.run(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(done.stdout)
    took = time.monotonic() - started
    if done.returncode == 0:
        error = ""
        print(say("build.serve.serve_rebuilt_in_s_serving", took=format(took, ".1f"), site=state.site), flush=True)
    else:
        error = summary(done.stdout) or say("build.serve.the_build_failed_with_exit_status", status=done.returncode)
        print(say("build.serve.serve_the_rebuild_failed_still_serving", error=error), flush=True)
    with state.lock:
        state.error, state.building = error, False
        state.generation += 1


def summary(output: str) -> str:
    """The lines of a build's output that say what failed."""
    lines = [line for line in output.splitlines() if line.startswith(("error:", "ERROR", "Error", "Aborted"))]
    if not lines:
        lines = [line for line in output.splitlines() if line.strip()][-12:]
    return "\n".join(lines[:20])


def watch(state: State, root: Path) -> None:
    """Rebuild each time the sources change (after they have been still for one look)."""
    last = stamp(root)
    while True:
        time.sleep(POLL)
        now = stamp(root)
        if now == last:
            continue
        time.sleep(POLL)  # an editor writing several files: wait for the last one
        last = stamp(root)
        rebuild(state, root)


RELOAD = """<script>(function () {{
  var seen = {generation};
  function banner(text) {{
    var box = document.getElementById("convdocs-build-error") || document.createElement("pre");
    box.id = "convdocs-build-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:9999;margin:0;padding:1em;" +
      "max-height:40vh;overflow:auto;background:#b00020;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
    box.textContent = {failed} + text;
    if (!box.parentNode) document.body.appendChild(box);
  }}
  {initial}
  setInterval(function () {{
    fetch("{status}").then(function (r) {{ return r.json(); }}).then(function (s) {{
      if (s.generation !== seen) location.reload();
    }}).catch(function () {{}});
  }}, 1000);
}})();</script>"""


def reload_script(status: dict) -> str:
    initial = f"banner({json.dumps(status['error'])});" if status["error"] else ""
    failed = json.dumps(say("build.serve.last_rebuild_failed") + "\n\n")
    return RELOAD.format(generation=status["generation"], initial=initial, status=STATUS, failed=failed)


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State

    def log_message(self, *args) -> None:  # the terminal shows builds, not requests
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == STATUS:
            return self._send(200, "application/json", json.dumps(self.state.status()).encode())
        if not path.startswith(BASE):
            self.send_response(302)
            self.send_header("Location", BASE)
            self.end_headers()
            return None
        status = self.state.status()
        if not (self.state.site / "index.html").is_file():
            text = status["error"] or say("build.serve.the_first_build_is_running")
            page = f"<!doctype html><title>convdocs</title><pre>{html.escape(text)}</pre>{reload_script(status)}"
            return self._send(200 if not status["error"] else 500, "text/html; charset=utf-8", page.encode())
        target = self.state.site / path[len(BASE) :].lstrip("/")
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            body = target.read_bytes().replace(b"</body>", reload_script(status).encode() + b"</body>", 1)
            return self._send(200, "text/html; charset=utf-8", body)
        self.path = "/" + path[len(BASE) :]
        return super().do_GET()

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("build.serve.is_not_a_port_number", text=repr(text))) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(say("build.serve.port_out_of_range", port=port))
    return port


def main(argv=None) -> int:
    args = argparse.ArgumentParser(prog="python -m convdocs.site.serve", description=__doc__.splitlines()[0])
    args.add_argument("--port", type=port_number, default=port_number(os.environ.get("PORT") or "8000"))
    args.add_argument("--host", default="127.0.0.1")
    args.add_argument("--site-dir", type=Path, default=Path(".cache/serve/site"))
    known = args.parse_args(argv)
    root = Path.cwd()
    state = State(known.site_dir.resolve())
    handler = functools.partial(type("Bound", (Handler,), {"state": state}), directory=str(state.site))
    try:
        server = http.server.ThreadingHTTPServer((known.host, known.port), handler)
    except OSError as error:
        print(
            say(
                "build.serve.error_cannot_serve_on",
                host=known.host,
                port=known.port,
                reason=error.strerror,
            ),
            file=sys.stderr,
        )
        return 2
    server.daemon_threads = True
    print(
        say("build.serve.serve_http_building_ctrl_c_stops", host=known.host, port=server.server_port, base=BASE),
        flush=True,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rebuild(state, root)
    try:
        watch(state, root)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

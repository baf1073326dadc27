"""The build's look-ahead (build glue): a fork of the build that runs the pages' fences from the last page back,
so that their results are in the cache when the build comes to them.

A clean build spends most of its time in cached computations (a snippet run, traced and drawn), one after
another in page order, on one core. This process runs the same fences from the other end, on the other core.
Each computation is claimed in the cache (:func:`convdocs.site.cache.claim`), so one that both reach is
computed once: the build waits for it, the look-ahead moves on. The look-ahead prints nothing and decides
nothing: whatever it raises is dropped, and the build still runs every fence itself, finding the results
in the cache or computing them, so a failing fence fails the build exactly as before.
"""

from __future__ import annotations

import atexit
import importlib
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

from convdocs.site import cache, fence_guard
from convdocs.tracing import guard

_PYTHON = re.compile(r"\s*python\b")  # the info string of a Python fence
_child: list[int] = []  # the look-ahead's process id, while it runs
_registered: list[bool] = []


def fences(markdown: str) -> list[str]:
    """The code of every Python fence of ``markdown`` that markdown-exec runs, dedented, in page order."""
    return [
        "\n".join(line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in body)
        for _, indent, _, info, body in fence_guard.blocks(markdown)
        if body is not None and _PYTHON.match(info) and fence_guard.runs(info)
    ]


def begin(docs: Path, early: bool = False) -> None:
    """Start what works beside the build on the other core: the atlas's snippets' process when an atlas page is
    not in the cache, and, for a build that will compute (the provenance line is keyed by every source and
    version), the look-ahead over the pages of ``docs``. ``early``: this is ``make site``'s build as it starts
    (no thread, no warning filter or log handler of mkdocs' yet), so torch is imported here first and the
    notebook's kernel and the atlas's process are forks of this process, which do not import torch again
    (forking the kernel before torch, so that it imported torch itself on the idle core, used 0.75 s more CPU
    and was 0.1 s slower over 11 alternating clean builds). Each part starts once, however often this is called."""
    from convdocs.site import atlas_page, notebook_kernel, page

    computes = not page.provenance.stored()
    if early and computes:
        for name in guard.PRELOAD:
            importlib.import_module(name)
        notebook_kernel.fork()
    atlas_page.start_early(fork=early and computes)
    if computes:
        start(pages(docs))


def pages(docs: Path) -> list[Path]:
    """The Markdown pages of ``docs`` whose fences the look-ahead runs, in the order MkDocs builds them (a
    folder's index or README first, then its other files by name, then its folders by name), without the error
    atlas's (``errors/``: the atlas's snippets' process runs those)."""
    found = []
    for folder, folders, files in os.walk(docs, followlinks=True):
        folders.sort()
        if Path(folder).relative_to(docs).parts[:1] == ("errors",):
            continue
        found += [
            Path(folder) / name
            for name in sorted(files, key=lambda name: (Path(name).stem not in ("index", "README"), name))
            if name.endswith(".md")
        ]
    return found


def start(pages: list[Path]) -> None:
    """Fork the look-ahead over ``pages`` (in the build's order; it takes them last first), once torch is
    imported here (the look-ahead inherits it), unless one runs already. Call it before the build starts any
    thread or process of its own (the fork copies none of them), and only for a build that will compute: a
    build from the cache imports no torch."""
    if _child:
        return
    # a fork copies only the thread that forks: with others running (make serve's watcher and server), whatever
    # they hold would stay held in the copy, so such a build runs alone, as before
    if not hasattr(os, "fork") or threading.active_count() > 1 or os.environ.get("CONVDOCS_AHEAD", "1") == "0":
        return
    for name in guard.PRELOAD:  # what the computations import: here once, where the build needs it anyway
        importlib.import_module(name)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        _child[:] = [pid]
        if not _registered:
            atexit.register(stop, 0)  # a build that ends early (a failing fence) ends its look-ahead too
            _registered.append(True)
        return
    try:  # the look-ahead: never returns
        os.setpgid(0, 0)  # a group of its own, with the computations it forks: stop() ends them all
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        cache.ahead = True
        _warm()
        for page in reversed(pages):
            for code in fences(page.read_text(encoding="utf-8")):
                try:
                    exec(compile(code, str(page), "exec"), {"__name__": "__main__"})  # noqa: S102  the site's own fences
                except BaseException:  # noqa: BLE001, S112  the build runs the fence itself and reports it
                    continue
    finally:
        os._exit(0)


def _warm() -> None:
    """Import here what torch imports the first time it runs a layer on the meta device (sympy among it, a
    quarter of a second): the whole-model traces that the look-ahead reaches first run there, each in a
    fork of its own, which would each import it again."""
    import torch

    with torch.device("meta"):
        torch.nn.functional.conv2d(torch.empty(1, 1, 3, 3), torch.empty(1, 1, 1, 1))


def stop(wait: float = 2.0) -> None:
    """End the look-ahead: it has usually finished; after ``wait`` seconds it is killed with the computations
    it started (an entry it was writing is never left half-written: the cache writes whole files, atomically)."""
    if not _child:
        return
    pid = _child.pop()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.01)
    try:
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError, PermissionError):
        pass

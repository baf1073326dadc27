"""``make site``: the strict build into ``site/``, which a failed build leaves as it was.

Build glue. ``mkdocs build`` empties its site directory before it builds, so a build that fails
(a snippet that raises or exits, a strict-mode warning) would leave no site at all. Here mkdocs builds
into ``site.partial/`` next to it, and only a build that succeeds and passes :func:`complete` (every page
of ``docs/`` written, whole) replaces ``site/``. One build at a time per site directory: a second one
waits for the first (:func:`lock_path`), saying so in one line.

    python -m convdocs.site.build [--site-dir DIR] [other mkdocs build options]
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from convdocs.core.words import say


def swap_in(new: Path, site: Path) -> None:
    """Replace ``site`` by the finished build ``new`` (two renames; the old site is removed last)."""
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def complete(built: Path, docs: Path | None) -> str:
    """What is missing from the finished build ``built`` ("" if nothing): its home page and, given ``docs``,
    a whole HTML page for every page there (``a/b.md`` -> ``a/b/index.html``)."""
    pages = [Path("index.html")]
    if docs is not None and docs.is_dir():
        for source in sorted([*docs.rglob("*.md"), *docs.rglob("*.ipynb")]):
            stem = source.relative_to(docs).with_suffix("")
            if ".ipynb_checkpoints" in stem.parts:
                continue
            if stem.name in ("index", "README"):
                pages.append(stem.parent / "index.html")
            else:
                pages.append(stem / "index.html")
    for page in dict.fromkeys(pages):
        target = built / page
        try:
            text = target.read_bytes()
        except OSError:
            return say("build.build.was_not_written", page=page)
        if docs is not None and b"</html>" not in text[-200:].lower():
            return say("build.build.is_not_a_whole_page", page=page)
    return ""


def lock_path(site: Path) -> Path:
    """The lock that one build of ``site`` holds, outside the project (nothing of it is left beside the site)."""
    import hashlib
    import tempfile

    name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"convdocs-build-{name}.lock"


def build(site: Path, command: list[str], docs: Path | None = None) -> int:
    """Run ``command + [staging dir]``; if it succeeds and the result is :func:`complete` (pages of ``docs``),
    swap the staging dir in for ``site``. One at a time per ``site`` (:func:`lock_path`). Returns the exit status."""
    import fcntl

    site.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(site), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(say("build.build.waiting_another_build_of_is_running", site=site), file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        staging = site.with_name(site.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        status = subprocess.run([*command, str(staging)]).returncode
        missing = complete(staging, docs) if status == 0 else ""
        if status != 0 or missing:
            shutil.rmtree(staging, ignore_errors=True)
            kept = say("build.build.is_left_as_it_was", site=site) if site.exists() else f"no {site} was written"
            why = f"exit status {status}" if status else say("build.build.exit_status_0_but", missing=missing)
            print(say("build.build.error_the_build_failed", why=why, kept=kept), file=sys.stderr)
            return status or 1
        swap_in(staging, site)
        return 0


def mkdocs() -> None:
    """``mkdocs`` with this process's arguments, ending without Python's teardown once it is done.

    The build has written and closed every file by the time mkdocs returns; what is left is freeing the
    modules it imported (torch among them), which takes about a second and changes nothing on disk."""
    if os.environ.get("PYTHONHASHSEED") != "0":  # one hash seed for the build and every process it forks
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], {**os.environ, "PYTHONHASHSEED": "0"})
    # nbconvert (under mkdocs-jupyter) otherwise builds every exporter it knows when it is imported, only to
    # list their names for its own command line's help: 0.3 s before the build starts
    os.environ.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")
    # one short process that ends in os._exit: Python's cycle collector took 0.3 to 0.4 s of a clean build's
    # critical path (mostly while torch and the plugins import), and leaving it off raises the build's peak
    # memory by about 8 MB (357 -> 365 MB measured); the notebook's kernel turns it back on
    gc.disable()
    from convdocs.site import ahead, fence_guard, notebook_kernel
    from convdocs.tracing.guard import Stop

    ahead.begin(Path("docs"), early=True)  # torch, then the kernel, the atlas's process and the look-ahead
    from mkdocs.__main__ import cli

    fence_guard.install()  # pages checked, fences run so that a failure ends the build in one line

    status = 1
    try:
        cli(args=sys.argv[1:], prog_name="mkdocs")
    except SystemExit as end:
        status = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    except Stop as stop:  # a page's fence or snippet failed: one line says which and why
        print(f"error: {stop}", file=sys.stderr)
    except BaseException:  # what Python would print, then the failing status
        import traceback

        traceback.print_exc()
    ahead.stop(0)  # os._exit runs no atexit: a build that failed early ends its look-ahead here
    notebook_kernel.stop()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv=None) -> int:
    args = argparse.ArgumentParser(prog="python -m convdocs.site.build", description=__doc__.splitlines()[0])
    args.add_argument("--site-dir", type=Path, default=Path("site"))
    known, rest = args.parse_known_args(argv)
    command = [sys.executable, "-c", "from convdocs.site.build import mkdocs; mkdocs()", "build", "--strict"]
    os.environ["PYTHONHASHSEED"] = "0"  # as mkdocs() would otherwise start itself again
    return build(known.site_dir, [*command, *rest, "--site-dir"], Path("docs"))


if __name__ == "__main__":
    sys.exit(main())

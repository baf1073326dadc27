"""``make site``: the strict build into ``site/``, which a failed build leaves as it was.

Build glue. ``mkdocs build`` empties its site directory before it builds, so a build that fails
(a snippet that raises or exits, a strict-mode warning) would leave no site at all. Here mkdocs builds
into ``site.partial/`` next to it, and only a build that succeeds replaces ``site/``.

    python -m convdocs.site.build [--site-dir DIR] [other mkdocs build options]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path


def swap_in(new: Path, site: Path) -> None:
    """Replace ``site`` by the finished build ``new`` (two renames; the old site is removed last)."""
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def build(site: Path, command: list[str]) -> int:
    """Run ``command + [staging dir]``; on success swap the staging dir in for ``site``. Returns the exit status."""
    staging = site.with_name(site.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    status = subprocess.run([*command, str(staging)]).returncode
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        kept = f"{site} is left as it was" if site.exists() else f"no {site} was written"
        print(f"error: the build failed (exit status {status}); {kept}", file=sys.stderr)
        return status
    swap_in(staging, site)
    return 0


def mkdocs() -> None:
    """``mkdocs`` with this process's arguments, ending without Python's teardown once it is done.

    The build has written and closed every file by the time mkdocs returns; what is left is freeing the
    modules it imported (torch among them), which takes about a second and changes nothing on disk."""
    # nbconvert (under mkdocs-jupyter) otherwise builds every exporter it knows when it is imported, only to
    # list their names for its own command line's help: 0.3 s before the build starts
    os.environ.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")
    from mkdocs.__main__ import cli

    status = 1
    try:
        cli(args=sys.argv[1:], prog_name="mkdocs")
    except SystemExit as end:
        status = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    except BaseException:  # what Python would print, then the failing status
        import traceback

        traceback.print_exc()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv=None) -> int:
    args = argparse.ArgumentParser(prog="python -m convdocs.site.build", description=__doc__.splitlines()[0])
    args.add_argument("--site-dir", type=Path, default=Path("site"))
    known, rest = args.parse_known_args(argv)
    command = [sys.executable, "-c", "from convdocs.site.build import mkdocs; mkdocs()", "build", "--strict"]
    return build(known.site_dir, [*command, *rest, "--site-dir"])


if __name__ == "__main__":
    sys.exit(main())

"""``make site``: the strict build into ``site/``, which a failed build leaves as it was.

Build glue. ``mkdocs build`` empties its site directory before it builds, so a build that fails
(a snippet that raises or exits, a strict-mode warning) would leave no site at all. Here mkdocs builds
into ``site.partial/`` next to it, and only a build that succeeds replaces ``site/``.

    python -m convdocs.build [--site-dir DIR] [other mkdocs build options]
"""

from __future__ import annotations

import argparse
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


def main(argv=None) -> int:
    args = argparse.ArgumentParser(prog="python -m convdocs.build", description=__doc__.splitlines()[0])
    args.add_argument("--site-dir", type=Path, default=Path("site"))
    known, rest = args.parse_known_args(argv)
    return build(known.site_dir, [sys.executable, "-m", "mkdocs", "build", "--strict", *rest, "--site-dir"])


if __name__ == "__main__":
    sys.exit(main())

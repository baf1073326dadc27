"""Debian's chromium as the browser tests and ``make bench`` drive it through Playwright (its path, never a
downloaded browser, and its flags for a headless run on a shared machine)."""

from __future__ import annotations

import os
import shutil

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def executable() -> str:
    """The chromium to drive: $CHROMIUM if set, else Debian's."""
    return (
        os.environ.get("CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or "/usr/bin/chromium"
    )

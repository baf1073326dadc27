"""A content-keyed cache for build output (build glue).

Whatever a page shows is a function of the snippet, the convdocs sources, and the Python and torch
versions; :func:`digest` hashes all of them, so a cached result can never outlive a change to its
inputs. ``CONVDOCS_CACHE`` moves the cache (the tests give each build its own); ``make clean`` empties it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def root() -> Path:
    return Path(os.environ.get("CONVDOCS_CACHE", ".cache/convdocs"))


def digest(*files: Path) -> str:
    """SHA-256 of the given files, every convdocs source file and the Python and torch versions."""
    h = _package_digest().copy()
    for path in map(Path, files):
        h.update(f"{path.name}\n".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


_PACKAGE: dict[tuple, hashlib._Hash] = {}


def _package_digest() -> hashlib._Hash:
    """The running SHA-256 of the versions and every convdocs source file, computed again only when one of
    those files changed (its size or modification time): a build asks for it some fifty times."""
    sources = sorted(PACKAGE.rglob("*.py"))
    stamps = tuple((str(p), stat.st_mtime_ns, stat.st_size) for p, stat in ((p, p.stat()) for p in sources))
    known = _PACKAGE.get(stamps)
    if known is None:
        h = hashlib.sha256()
        h.update(f"python {sys.version} torch {metadata.version('torch')}\n".encode())
        for path in sources:
            h.update(f"{path.name}\n".encode())
            h.update(path.read_bytes())
        _PACKAGE.clear()
        known = _PACKAGE[stamps] = h
    return known


def cached(kind: str, key: str, compute: Callable[[], str]) -> str:
    """The text stored under ``kind/key``, computed and stored first if it is not there yet."""
    path = root() / kind / f"{key}.txt"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)  # atomic: a reader never sees half a file
    return text

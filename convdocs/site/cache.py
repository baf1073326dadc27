"""A content-keyed cache for build output (build glue): one decorator, :func:`cached`.

Whatever a page shows is a function of the snippet files it runs, convdocs' own code that shapes output
(``convdocs/`` but ``convdocs/tools``: core, figures, tracing, cli, site), the catalogue
(``convdocs/core/words/*.json``, ``convdocs/core/torch_text.json``) and the versions of Python and of every
installed package (torch, matplotlib, onnxruntime, jax, markdown-exec, mkdocs-material, mkdocs-jupyter,
nbconvert, ...). The key hashes all of them, so a cached result never outlives a change to its inputs;
editing the benchmark or a test busts nothing.

Each entry carries the SHA-256 and length of its text: an entry that does not match (truncated, emptied,
edited, not UTF-8) is never served; it is computed again, with a one-line warning naming it. The cache
holds at most ``CONVDOCS_CACHE_MB`` megabytes (default 200): :func:`prune`, after a build, removes the
entries that build did not use, oldest first, until it fits.

The computation of a missing entry runs under :mod:`convdocs.tracing.guard` (time limit, output cap,
scratch directory, no writes into the repository). ``CONVDOCS_CACHE`` moves the cache (the tests give
each build its own); ``make clean`` empties it.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import inspect
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from convdocs.core.words import say
from convdocs.tracing import guard

PACKAGE = Path(__file__).resolve().parent.parent
NOT_KEYED = ("tools",)  # convdocs/tools (bench, Lighthouse) shapes no page
HEADER = "convdocs-cache 1"
STARTED = time.time()  # entries this process reads or writes are touched after this: they are in use


def root() -> Path:
    return Path(os.environ.get("CONVDOCS_CACHE", ".cache/convdocs"))


def sources() -> list[Path]:
    """convdocs' files that shape output: its Python modules and the catalogue, without ``convdocs/tools``."""
    files = [*PACKAGE.rglob("*.py"), *(PACKAGE / "core").rglob("*.json")]
    return sorted(p for p in files if p.relative_to(PACKAGE).parts[0] not in NOT_KEYED and "__pycache__" not in p.parts)


@functools.cache
def versions() -> str:
    """Python's version and every installed distribution's name and version, one per line."""
    names = {f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in metadata.distributions()}
    return f"python {sys.version}\n" + "\n".join(sorted(names)) + "\n"


_PACKAGE: dict[tuple, Any] = {}


def _package_digest():
    """The running SHA-256 of :func:`versions` and :func:`sources`, computed again only when one of those
    files changed (its size or modification time): a build asks for it some fifty times."""
    files = sources()
    stamps = tuple((str(p), s.st_mtime_ns, s.st_size) for p, s in ((p, p.stat()) for p in files))
    known = _PACKAGE.get(stamps)
    if known is None:
        h = hashlib.sha256(versions().encode())
        for path in files:
            h.update(f"{path.relative_to(PACKAGE).as_posix()}\n".encode())
            h.update(path.read_bytes())
        _PACKAGE.clear()
        known = _PACKAGE[stamps] = h
    return known


def forget() -> None:
    """Compute the sources' and versions' digest afresh on the next call (tests fake a version with this)."""
    _PACKAGE.clear()


def digest(*files: Path) -> str:
    """SHA-256 of the given files (a snippet), convdocs' sources and catalogue, and the versions."""
    h = _package_digest().copy()
    for path in map(Path, files):
        h.update(f"{path.name}\n".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cached(
    kind: str,
    files: Callable[..., Iterable[Path]] = lambda *a, **k: (),
    here: bool = False,
    before: Callable[[], object] | None = None,
) -> Callable:
    """Cache what the decorated function returns (a str) under ``kind/``, keyed by :func:`digest` of
    ``files(*args, **kwargs)`` (the snippet files it runs), the function's name and its arguments.

    A miss runs the function under :func:`convdocs.tracing.guard.run`, labelled with those files, in a scratch
    directory (``here``: in the current one, for commands that name files relative to it). ``before`` runs
    first, in this process, on a miss: what it keeps in memory the computation inherits. The decorated function's
    ``stored(*args, **kwargs)`` says whether an entry is there for those arguments (without reading it)."""

    def decorate(compute: Callable[..., str]) -> Callable[..., str]:
        signature = inspect.signature(compute)

        def key(*args, **kwargs) -> str:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            h = hashlib.sha256(digest(*[Path(p) for p in files(*args, **kwargs)]).encode())
            h.update(f"{compute.__module__}.{compute.__qualname__}{sorted(bound.arguments.items())!r}".encode())
            return h.hexdigest()

        @functools.wraps(compute)
        def wrapper(*args, **kwargs) -> str:
            named = [Path(p) for p in files(*args, **kwargs)]
            label = ", ".join(_shown(p) for p in named) or f"{compute.__module__}.{compute.__qualname__}"
            work = functools.partial(compute, *args, **kwargs)

            def miss() -> str:
                if before is not None:
                    before()
                return guard.run(label, work, cwd=Path.cwd() if here else None)

            return entry(kind, key(*args, **kwargs), miss)

        wrapper.stored = lambda *args, **kwargs: (root() / kind / f"{key(*args, **kwargs)}.txt").is_file()  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _shown(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


class Claimed(Exception):
    """The build's look-ahead (:mod:`convdocs.site.ahead`) leaves an entry that another process is computing."""


ahead = False  # True in the build's look-ahead process: it never waits for an entry, it moves on
_LOCKS: dict[str, int] = {}  # cache root -> this process's descriptor of its lock file (kept open: see claim)


@contextmanager
def claim(path: Path) -> Iterator[None]:
    """Hold the entry at ``path`` while computing it, so that two processes of one build (the build and its
    look-ahead) never compute the same entry: the build waits for it, the look-ahead raises :class:`Claimed`.

    One byte of ``<cache>/.lock`` per entry, at an offset taken from its key (POSIX record locks: per
    process, released when the process ends, even killed; closing any descriptor of the file would release
    them all, so each process keeps its one open)."""
    base = str(root())
    if base not in _LOCKS:
        Path(base).mkdir(parents=True, exist_ok=True)
        _LOCKS[base] = os.open(os.path.join(base, ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    lock, offset = _LOCKS[base], int(hashlib.sha256(str(path).encode()).hexdigest()[:12], 16)
    try:
        fcntl.lockf(lock, fcntl.LOCK_EX | (fcntl.LOCK_NB if ahead else 0), 1, offset)
    except OSError:  # held by the other process of this build (only the look-ahead does not wait)
        raise Claimed(str(path)) from None
    try:
        yield
    finally:
        fcntl.lockf(lock, fcntl.LOCK_UN, 1, offset)


def entry(kind: str, key: str, compute: Callable[[], str]) -> str:
    """The text stored under ``kind/key`` if it is whole; otherwise computed (once: :func:`claim`), stored and
    returned."""
    path = root() / kind / f"{key}.txt"
    text, damage = read(path)
    if text is not None:
        return text
    with claim(path):
        text, _ = read(path)  # the other process of this build may have stored it while this one waited
        if text is not None:
            return text
        if damage:
            print(
                say("build.cache.warning_cache_entry_is_damaged_computing", path=path, damage=damage), file=sys.stderr
            )
        text = compute()
        write(path, text)
    return text


def read(path: Path) -> tuple[str | None, str]:
    """(the entry's text, "") if it is whole; (None, what is wrong) if it is damaged; (None, "") if absent."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, ""
    except OSError as error:
        return None, f"unreadable: {error.strerror}"
    head, newline, body = raw.partition(b"\n")
    fields = head.decode("ascii", "replace").split(" ")
    if not newline or " ".join(fields[:2]) != HEADER or len(fields) != 4:
        return None, "no header" if raw else "empty"
    size, want = fields[2], fields[3]
    if size != str(len(body)):
        return None, f"{len(body)} bytes, {size} expected"
    if hashlib.sha256(body).hexdigest() != want:
        return None, "checksum mismatch"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not UTF-8"
    _touch(path)
    return text, ""


def write(path: Path, text: str) -> None:
    """Store ``text`` at ``path`` with its length and checksum (atomically: a reader never sees half a file)."""
    body = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(f"{HEADER} {len(body)} {hashlib.sha256(body).hexdigest()}\n".encode() + body)
    partial.replace(path)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def limit() -> int:
    text = os.environ.get("CONVDOCS_CACHE_MB", "")
    try:
        megabytes = float(text) if text else 200.0
    except ValueError:
        megabytes = 200.0
        print(say("build.cache.warning_convdocs_cache_mb_is_not", text=repr(text)), file=sys.stderr)
    return int(megabytes * (1 << 20))


def prune(since: float = STARTED) -> list[Path]:
    """Remove entries not used since ``since`` (oldest first) until the cache holds at most :func:`limit`
    bytes; the entries in use stay, whatever their size. Returns what it removed."""
    base = root()
    if not base.is_dir():
        return []
    files = []
    for path in base.rglob("*"):
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            files.append((stat.st_mtime, stat.st_size, path))
    total, cap, removed = sum(size for _, size, _ in files), limit(), []
    for mtime, size, path in sorted(files, key=lambda f: (f[0], str(f[2]))):
        if total <= cap:
            break
        if mtime >= since:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed.append(path)
    for folder in sorted((p for p in base.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()  # only the empty ones go
        except OSError:
            pass
    return removed

"""Run a piece of work that runs code we do not control (a snippet, a model file) in a forked child, under limits.

Used by the build (every snippet and section it caches) and by ``python -m convdocs trace``. The child
starts from the calling process (torch already imported, so it costs a fork, not
an import) and runs with:

- a time limit: ``CONVDOCS_SNIPPET_TIMEOUT`` seconds (default 120), after which it is killed;
- an output cap: ``CONVDOCS_SNIPPET_OUTPUT`` bytes (default 1 MB) for what it prints, to Python's
  ``sys.stdout`` (:class:`Capped`, used by the snippet runner) or to the file descriptors 1 and 2;
- a memory limit: ``CONVDOCS_SNIPPET_MEMORY_MB`` (default 4096) megabytes of address space above the build's;
- a scratch working directory of its own, removed afterwards;
- one torch thread (a forked process cannot use the OpenMP thread pool of its parent: it would hang);
- no writes into the repository: opening a file there for writing, removing, renaming or making anything
  there is refused (an audit hook), and the build fails even if the snippet caught the refusal.

Whatever ends the child otherwise (``sys.exit``, ``os._exit``, a signal) fails the build too. Every failure is
a :class:`GuardError` whose message is one line naming the work and the page being built (:data:`page`,
set by the MkDocs hooks). An exception the work raises is raised again in the build, as it would have been.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from convdocs.core.words import say

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")

PRELOAD = ("torch", "torch.nn.functional")  # what the guarded work imports: a build that runs any imports it once
page: str | None = None  # the page being built (docs/...), named in every error
_inside = False  # True in a guarded child: work it starts runs there directly


class GuardError(RuntimeError):
    """Guarded work ran over its time, flooded, exited, crashed or wrote into the repository (one line)."""


class Stop(BaseException):
    """Ends the build with one line (``python -m convdocs.site.build`` prints it): a BaseException, so that
    neither markdown-exec nor mkdocs turns it into a warning with a traceback."""


class Flood(BaseException):
    """Raised by :class:`Capped` past the output cap (a BaseException: ``except Exception`` in a snippet
    does not swallow it)."""


def timeout() -> float:
    return _number("CONVDOCS_SNIPPET_TIMEOUT", 120.0)


def output_cap() -> int:
    return int(_number("CONVDOCS_SNIPPET_OUTPUT", 1_000_000))


def _number(name: str, default: float) -> float:
    text = os.environ.get(name, "")
    try:
        value = float(text) if text else default
    except ValueError:
        raise GuardError(say("build.guard.is_not_a_number", name=name, text=repr(text))) from None
    if not value > 0:
        raise GuardError(say("build.guard.must_be_positive", name=name, text=repr(text)))
    return value


class Capped:
    """A text sink that keeps at most ``limit`` characters and raises :class:`Flood` past them."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = output_cap() if limit is None else limit
        self.parts: list[str] = []
        self.size = 0
        self.flooded = False

    def write(self, text: str) -> int:
        if self.flooded or self.size + len(text) > self.limit:
            self.flooded = True
            raise Flood
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return "".join(self.parts)


def where(what: str) -> str:
    return f"{what} (on {page})" if page else what


def run(
    what: str,
    work: Callable[..., T],
    *args: Any,
    cwd: Path | None = None,
    seconds: float | None = None,
    seconds_from: str = "CONVDOCS_SNIPPET_TIMEOUT",
    protect: bool = True,
) -> T:
    """``work(*args)`` in a guarded child; its (pickled) result, or its exception raised again here. The child
    works in a scratch directory of its own, or in ``cwd`` (for commands that name files relative to it),
    for at most ``seconds`` (default :func:`timeout`; ``seconds_from`` names the setting in the error);
    ``protect``: writes into the repository are refused."""
    if _inside or not hasattr(os, "fork"):
        return work(*args)
    for name in PRELOAD:  # imported once here, not once per child
        importlib.import_module(name)
    limit = timeout() if seconds is None else seconds
    scratch = Path(tempfile.mkdtemp(prefix="convdocs-snippet-"))
    log = scratch / ".output"
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the child's collector leaves the parent's objects alone: their pages are not copied
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _child(write, cwd or scratch, log, what, work, args, protect)
    os.close(write)
    try:
        data, status, over = _collect(read, pid, limit)
    finally:
        os.close(read)
        printed = log.read_bytes() if log.is_file() else b""
        shutil.rmtree(scratch, ignore_errors=True)
    cap = output_cap()
    if len(printed) > cap or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXFSZ):
        raise GuardError(say("build.guard.wrote_more_than_bytes_of_output", what=where(what), cap=format(cap, ",")))
    if printed:
        sys.stderr.write(printed.decode("utf-8", "replace"))
    if over:
        raise GuardError(
            say(
                "build.guard.ran_past_s_and_was_stopped",
                what=where(what),
                limit=format(limit, "g"),
                seconds_from=seconds_from,
            )
        )
    if os.WIFSIGNALED(status) and not data:
        raise GuardError(
            say("build.guard.was_killed_by_signal", what=where(what), signal=signal.Signals(os.WTERMSIG(status)).name)
        )
    if not data:
        raise GuardError(
            say("build.guard.ended_the_process_with_exit_status", what=where(what), status=os.WEXITSTATUS(status))
        )
    try:
        kind, value = pickle.loads(data)
    except Exception as error:  # noqa: BLE001  what the child sent could not be read back
        raise GuardError(
            say("build.guard.its_result_could_not_be_read", what=where(what), error=type(error).__name__)
        ) from None
    if kind == "ok":
        return value
    if kind == "guard":
        raise GuardError(value)
    raise value


def _collect(read: int, pid: int, limit: float) -> tuple[bytes, int, bool]:
    """What the child sent, its wait status, and whether it ran over ``limit`` seconds (then it is killed)."""
    chunks, deadline, over = [], time.monotonic() + limit, False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            over = True
            break
        ready, _, _ = select.select([read], [], [], min(left, 1.0))
        if ready:
            chunk = os.read(read, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    if over:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks), status, over


def _child(write: int, folder: Path, log: Path, what: str, work: Callable, args: tuple, protect: bool) -> None:
    global _inside
    code = 0
    try:
        _inside = True
        _limit(folder, log, protect)
        try:
            reply: tuple[str, Any] = ("ok", work(*args))
        except Flood:
            reply = (
                "guard",
                say(
                    "build.guard.printed_more_than_bytes_convdocs_snippet",
                    what=where(what),
                    output_cap=format(output_cap(), ","),
                ),
            )
        except SystemExit as stop:
            reply = ("guard", f"{where(what)} stopped with sys.exit({stop.code!r})")
        except KeyboardInterrupt:
            reply = ("guard", say("build.guard.stopped_with_keyboardinterrupt", what=where(what)))
        except BaseException as error:  # noqa: BLE001  sent back and raised again in the build
            error.add_note(say("build.guard.in_the_guarded_child") + "".join(traceback.format_exception(error)))
            reply = ("raise", error)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110  a stream the work closed
                pass
        if _WRITES:
            reply = ("guard", say("build.guard.tried_to_write_into_the_repository", what=where(what), path=_WRITES[0]))
        try:
            data = pickle.dumps(reply)
        except Exception:  # noqa: BLE001  an unpicklable exception or result
            data = pickle.dumps(("raise", RuntimeError(f"{reply[0]}: {reply[1]!r}")))
        view = memoryview(data)
        while view:
            view = view[os.write(write, view) :]
    except BaseException:  # noqa: BLE001  nothing may escape the child into the build's own stack
        code = 70
    finally:
        os._exit(code)


_WRITES: list[str] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_CHANGES = {
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.rename": (0, 1),
    "os.link": (1,),
    "os.symlink": (1,),
    "os.truncate": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.utime": (0,),
    "shutil.rmtree": (0,),
    "shutil.copyfile": (1,),
    "shutil.move": (0, 1),
}


def _in_repository(path: Any) -> str | None:
    if not isinstance(path, (str, bytes, os.PathLike)):
        return None
    try:
        full = Path(os.path.abspath(os.fsdecode(path)))
    except (TypeError, ValueError):
        return None
    return str(full) if full == ROOT or ROOT in full.parents else None


def _audit(event: str, args: tuple) -> None:
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
        )
        places = [path] if writing else []
    elif event in _CHANGES:
        places = [args[i] for i in _CHANGES[event] if i < len(args)]
    else:
        return
    for place in places:
        inside = _in_repository(place)
        if inside is not None:
            _WRITES.append(f"{event} {inside}")
            raise PermissionError(say("build.guard.a_snippet_may_not_change_the", event=event, inside=inside))


def _limit(folder: Path, log: Path, protect: bool) -> None:
    """The child's limits: its working directory and output file, a memory ceiling, no writes into the repository."""
    import resource

    os.chdir(folder)
    sys.dont_write_bytecode = True
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    # what the work prints goes to that file too, even where the caller had redirected sys.stdout in Python
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)  # noqa: SIM115
    cap = output_cap()
    resource.setrlimit(resource.RLIMIT_FSIZE, (max(cap + 1, 64 << 20),) * 2)
    megabytes = _number("CONVDOCS_SNIPPET_MEMORY_MB", 4096)
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (used + int(megabytes * (1 << 20)),) * 2)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if "torch" in sys.modules:  # OpenMP's thread pool does not survive a fork: a parallel op would hang
        sys.modules["torch"].set_num_threads(1)
    if protect:
        sys.addaudithook(_audit)

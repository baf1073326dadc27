"""A forked child of the build as ``subprocess.Popen`` shows a started one (build glue): what the notebook's
kernel (``notebook_kernel``) and the atlas's snippets' process (``atlas_page``) are when they are forks of
the build, which has imported torch, instead of fresh interpreters that import it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import IO


def piped() -> tuple[int, int, int]:
    """Fork this process with two pipes between parent and child. The parent gets (the child's id, the end it
    writes to the child on, the end it reads the child on); the child gets (0, the end it reads, the end it
    writes)."""
    down, up = os.pipe(), os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(down[0])
        os.close(up[1])
        return pid, down[1], up[0]
    os.close(down[1])
    os.close(up[0])
    return 0, down[0], up[1]


class Forked:
    """The child ``pid`` of this process, with the methods of ``subprocess.Popen`` its users call, and its
    ``stdin``/``stdout`` pipes if it has them."""

    def __init__(self, pid: int, stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> None:
        self.pid = pid
        self.stdin, self.stdout, self.stderr = stdin, stdout, None
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is None:
                self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            elif time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            else:
                time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

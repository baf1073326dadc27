"""The notebook's kernel as a fork of the build (build glue): torch is imported once, not twice.

A clean build runs the notebook in a Jupyter kernel, which jupyter_client starts as a fresh interpreter
(``python -m ipykernel_launcher -f <connection file>``); it spends more than a second of CPU importing torch,
which the build imports too. :func:`fork`, called by ``make site``'s build process as it starts (torch
imported, mkdocs not yet run: no thread, and no warning filter, log handler or ``showwarning`` of mkdocs'
yet, so the fork starts as a fresh interpreter that has imported torch), makes a process that imports
ipykernel and waits. If the build will run a notebook (:func:`use`), jupyter_client's launch of that
command is handed to it: it becomes the kernel, in a session of its own, with the environment, working
directory and input jupyter_client gives a launched kernel, and jupyter_client talks to it and stops it as
it would a launched one. Any other command, a second kernel, or a build without the fork launches as before.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import select
import signal
import sys
import threading

from convdocs.site import forks
from convdocs.site.forks import Forked

ANSWER_SECONDS = 60  # for the waiting kernel to take the launch (it has usually imported ipykernel long before)
_FROM_ENVIRONMENT = (("parent_handle", "JPY_PARENT_PID"), ("interrupt", "JPY_INTERRUPT_EVENT"))
_waiting: list[tuple[int, int, int]] = []  # (process id, its orders' pipe, its answer's pipe) while it waits


def fork() -> None:
    """Fork the waiting kernel, if this process has no other thread (a fork copies only the one that forks)."""
    if _waiting or not hasattr(os, "fork") or threading.active_count() > 1:
        return
    if os.environ.get("CONVDOCS_KERNEL_FORK", "1") == "0" or "matplotlib" in sys.modules:
        return  # matplotlib chose its backend here: a kernel's plots would not be shown inline
    pid, orders, answer = forks.piped()
    if pid:
        _waiting.append((pid, orders, answer))
        return
    try:  # the waiting kernel: never returns
        _serve(orders, answer)
    finally:
        os._exit(1)


def use() -> None:
    """Hand jupyter_client's next kernel launch to the waiting kernel, if there is one."""
    if _waiting:
        _install()


def _serve(orders: int, answer: int) -> None:
    """Import the kernel's machinery (and torch, if the build has not), wait for the launch (the build's end
    closes the pipe: exit), then be the kernel."""
    for name in ("torch", "ipykernel.kernelapp"):
        importlib.import_module(name)
    with os.fdopen(orders, "rb") as pipe:  # one line: the build's later forks hold the pipe open too
        order = pipe.readline()
    if not order:
        os._exit(0)
    launch = json.loads(order)
    os.setsid()  # as jupyter_client's launch: signals to the kernel's group reach it alone
    gc.enable()  # as in a fresh interpreter (the build runs without it)
    os.environ.clear()
    os.environ.update(launch["env"])
    os.chdir(launch["cwd"])
    silent, _held = os.pipe()  # as jupyter_client's launch: the kernel's input is a pipe no one writes to
    os.dup2(silent, 0)
    os.close(silent)
    os.write(answer, b"1")
    os.close(answer)
    if sys.path and sys.path[0] == "":  # as ipykernel_launcher does
        del sys.path[0]
    from importlib.util import find_spec

    from ipykernel import kernelapp

    # ipykernel read these two from the environment when it was imported, before the launch gave it: as
    # options they mean the same (the parent that the kernel watches, and no console banner)
    given = [(trait, os.environ.get(name)) for trait, name in _FROM_ENVIRONMENT]
    sys.argv = [
        str(getattr(find_spec("ipykernel_launcher"), "origin", "ipykernel_launcher")),
        *launch["argv"][3:],
        *(f"--IPKernelApp.{trait}={value}" for trait, value in given if value),
    ]

    kernelapp.launch_new_instance()
    os._exit(0)


def _launch(cmd: list[str], **kwargs) -> Forked | None:
    """Hand ``cmd`` to the waiting kernel if it is ipykernel's launch under this Python; None otherwise."""
    if not _waiting or cmd[:3] != [sys.executable, "-m", "ipykernel_launcher"] or kwargs.get("independent"):
        return None
    pid, orders, answer = _waiting.pop()
    env = dict(kwargs.get("env") or os.environ)
    env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launch: the kernel ends if the build does
    order = {"argv": cmd, "env": env, "cwd": str(kwargs.get("cwd") or os.getcwd())}
    try:
        os.write(orders, json.dumps(order).encode() + b"\n")
        os.close(orders)
        answered = select.select([answer], [], [], ANSWER_SECONDS)[0]
        ready = bool(answered) and os.read(answer, 1) == b"1"  # in its own session: its group can be signalled
    except OSError:
        ready = False
    os.close(answer)
    if not ready:  # it died, or it is still not ready: the launch is jupyter_client's own
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return None
    return Forked(pid)


def _install() -> None:
    """Route jupyter_client's kernel launch through :func:`_launch` (once), falling back to its own."""
    from jupyter_client.provisioning import local_provisioner

    original = local_provisioner.launch_kernel
    if getattr(original, "forks", False):
        return

    def launch_kernel(cmd, **kwargs):
        return _launch(cmd, **kwargs) or original(cmd, **kwargs)

    launch_kernel.forks = True  # type: ignore[attr-defined]
    local_provisioner.launch_kernel = launch_kernel  # type: ignore[assignment]


def stop() -> None:
    """End a waiting kernel that no notebook used."""
    while _waiting:
        pid, orders, answer = _waiting.pop()
        os.close(orders)
        os.close(answer)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

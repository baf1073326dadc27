"""Small build-time helpers for pages that show convdocs itself at work."""

from __future__ import annotations

import contextlib
import io
import shlex

from convdocs.cli import main


def cli_session(*commands: str) -> str:
    """A console block: each command as typed, then what it printed (stdout and stderr) and its status."""
    lines = []
    for command in commands:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(shlex.split(command))
            except SystemExit as stop:  # --help, or argparse refusing an option
                status = stop.code
        lines.append(f"$ python -m convdocs {command}")
        lines.append((out.getvalue() + err.getvalue()).rstrip())
        if status:
            lines.append(f"[exit status {status}]")
        lines.append("")
    return "```console\n" + "\n".join(lines).rstrip() + "\n```\n"

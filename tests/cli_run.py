"""The command line run in-process, for the CLI tests."""

from __future__ import annotations

from convdocs.site.cli_pages import run_cli


def cli(*args: str) -> tuple[int | str | None, str, str]:
    """``python -m convdocs ARGS``: (exit status, stdout, stderr)."""
    return run_cli(list(args))

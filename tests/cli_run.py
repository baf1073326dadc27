"""The command line run in-process, for the CLI tests."""

from __future__ import annotations

from convdocs.site.cli_pages import run_cli


def cli(*args: str) -> tuple[int | str | None, str, str]:
    """``python -m convdocs ARGS``: (exit status, stdout, stderr)."""
    return run_cli(list(args))


def imports_nothing_heavy(argv: list[str]) -> tuple[int, str]:
    """Run the CLI with ``argv`` in a fresh interpreter that then asserts it imported neither torch nor matplotlib:
    (exit status, stderr)."""
    import subprocess
    import sys

    code = (
        f"import sys; from convdocs.cli.main import main; main({argv!r});"
        "assert not {'torch', 'matplotlib'} & set(sys.modules), 'heavy import'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return done.returncode, done.stderr

"""Small build-time helpers for pages that show convdocs itself at work."""

from __future__ import annotations

import contextlib
import io
import shlex
from pathlib import Path

from convdocs.cli.main import main
from convdocs.site import cache


def run_cli(argv: list[str]) -> tuple[int | str | None, str, str]:
    """``python -m convdocs ARGV`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status: int | str | None = main(argv)
        except SystemExit as stop:  # --help, or argparse refusing an option
            status = stop.code
    return status, out.getvalue(), err.getvalue()


def named_files(*commands: str) -> list[Path]:
    """The files the commands name (``trace FILE.py:NAME``): what a session's cache entry is keyed on."""
    named = sorted({Path(word.partition(":")[0]) for c in commands for word in shlex.split(c)})
    return [p for p in named if p.is_file()]


@cache.cached("cli", named_files, here=True)
def cli_session(*commands: str) -> str:
    """A console block: each command as typed, then what it printed (stdout and stderr) and its status.

    Run once per version of convdocs, torch and the files the commands name (``trace FILE.py:NAME``): a
    rebuild from the cache then need not import torch for it (convdocs.site.cache)."""
    lines = []
    for command in commands:
        status, out, err = run_cli(shlex.split(command))
        lines.append(f"$ python -m convdocs {command}")
        lines.append((out + err).rstrip())
        if status:
            lines.append(f"[exit status {status}]")
        lines.append("")
    return "```console\n" + "\n".join(lines).rstrip() + "\n```\n"


def _layer_call(config: dict) -> str:
    """How the configuration reads as a PyTorch layer call (channels 1, 1)."""
    n = 1 if isinstance(config["input"], int) else len(config["input"])
    name = ("ConvTranspose" if config.get("transposed") else "Conv") + f"{n}d"
    args = [f"kernel_size={config['kernel']!r}"]
    defaults = {"stride": 1, "padding": 0, "dilation": 1, "padding_mode": "zeros", "output_padding": 0}
    args += [f"{key}={config[key]!r}" for key in defaults if config.get(key, defaults[key]) != defaults[key]]
    return f"{name}(1, 1, {', '.join(args)})"


def _unbroken(code: str) -> str:
    """Escaped code that a narrow cell may wrap only at its spaces (browsers also break before brackets)."""
    from html import escape

    return " ".join(f'<span class="cd-nowrap">{escape(word)}</span>' for word in code.split(" "))


def worked_table(*cases: dict) -> str:
    """An HTML table: each case's layer, input, the formula with its numbers, and the output size.

    Each row carries its configuration in ``data-config``; the tests re-run every row in torch.
    """
    import json
    from html import escape

    from convdocs.core.conv import check, formula
    from convdocs.core.ints import DIMENSION_NAMES, dims

    rows = []
    for case in cases:
        conv = check(**case)
        names = DIMENSION_NAMES[conv.ndim]
        work = "<br>".join(f"{names[a]}: {escape(formula(conv, a))}" for a in range(conv.ndim))
        rows.append(
            f'<tr data-config="{escape(json.dumps(case))}" data-output="{dims(conv.output)}">'
            f"<td><code>{_unbroken(_layer_call(case))}</code></td><td>{dims(conv.input)}</td>"
            f"<td>{work}</td><td>{dims(conv.output)}</td></tr>"
        )
    head = "<thead><tr><th>layer</th><th>input</th><th>formula, worked</th><th>output</th></tr></thead>"
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>\n"  # unclassed: the theme styles it

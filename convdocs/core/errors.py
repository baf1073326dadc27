"""The errors of pure convdocs code: torch's own words first, then ours (the format of /work/notes/ERRORS.md).

Pure Python. :class:`Rejected` is a configuration PyTorch 2.13 refuses: ``.torch`` (also ``.torch_text``) is
the first line of torch's message for the same configuration and ``.torch_type`` its exception type — tests
compare both with what torch raises — and ``.why`` is convdocs' one-line explanation. :func:`own` is for
input convdocs refuses in its own words (nothing torch would say): it never starts with "PyTorch:".
"""

from __future__ import annotations

from convdocs.core.conv import ConvError


class Rejected(ConvError):
    """PyTorch refuses this configuration. One line: ``PyTorch: <type>: <torch's text> — convdocs: <why>``."""

    def __init__(self, torch: str, why: str = "", kind: str = "RuntimeError"):
        super().__init__(
            f"PyTorch: {kind}: {torch}" + (f" — convdocs: {why}" if why else ""),
            kind,
            torch,
        )
        self.torch = torch
        self.why = why


def own(text: str, why: str = "") -> ConvError:
    """An error in convdocs' own words (bad input rather than a torch refusal)."""
    return ConvError(f"{text}: {why}" if why else text)

"""The errors of pure convdocs code: torch's own words first, then ours.

Pure Python. :class:`ConvError` is every refusal's type. :func:`torch_error` builds one from the catalogue of
torch's texts (``torch_text.json``) and convdocs' explanation. :class:`Rejected` is a configuration PyTorch 2.13 refuses: ``.torch`` (also ``.torch_text``) is
the first line of torch's message for the same configuration and ``.torch_type`` its exception type — tests
compare both with what torch raises — and ``.why`` is convdocs' one-line explanation. :func:`own` is for
input convdocs refuses in its own words (nothing torch would say): it never starts with "PyTorch:".
"""

from __future__ import annotations

from typing import Any

from convdocs.core import torch_text


class ConvError(ValueError):
    """A configuration PyTorch rejects, or input convdocs cannot read. The message is one line.

    When PyTorch rejects it, ``torch_type`` and ``torch_text`` hold what torch says (from the catalogue
    captured from torch, see `convdocs.core.torch_text`) and the message is torch's text followed by
    convdocs' explanation; otherwise both are None and the message is convdocs' own.
    """

    def __init__(self, message: str, torch_type: str | None = None, torch_text: str | None = None):
        super().__init__(message)
        self.torch_type, self.torch_text = torch_type, torch_text


class Rejected(ConvError):
    """PyTorch refuses this configuration. One line: ``PyTorch: <type>: <torch's text> — convdocs: <why>``."""

    def __init__(self, torch: str, why: str = "", kind: str = "RuntimeError"):
        super().__init__(
            f"PyTorch: {kind}: {torch}" + (f"{torch_text.SEPARATOR}{why}" if why else ""),
            kind,
            torch,
        )
        self.torch = torch
        self.why = why


def own(text: str, why: str = "") -> ConvError:
    """An error in convdocs' own words (bad input rather than a torch refusal)."""
    return ConvError(f"{text}: {why}" if why else text)


def torch_error(key: str, numbers: list[Any], **fields: Any) -> ConvError:
    return ConvError(
        torch_text.message(key, numbers, **fields),
        torch_text.MESSAGES[key]["type"],
        torch_text.torch_text(key, numbers),
    )

"""The error for a configuration PyTorch rejects: torch's own words, then ours.

Pure Python. ``Rejected.torch`` is the first line of the message PyTorch 2.13 raises for the same
configuration (tests compare it with what torch raises); ``Rejected.why`` is our one-line explanation.
"""

from __future__ import annotations

from convdocs.geometry import ConvError


class Rejected(ConvError):
    """PyTorch refuses this configuration. ``str()`` is one line: torch's message — our explanation."""

    def __init__(self, torch: str, why: str = ""):
        self.torch = torch
        self.why = why
        super().__init__(f"{torch} — {why}" if why else torch)

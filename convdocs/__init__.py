"""convdocs: PyTorch-exact convolution shapes, figures and the build glue of the convdocs site."""

from convdocs.frameworks import like
from convdocs.geometry import Conv, ConvError, check, formula
from convdocs.solve import solve

__all__ = ["Conv", "ConvError", "check", "formula", "like", "solve"]

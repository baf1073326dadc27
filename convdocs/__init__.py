"""convdocs: PyTorch-exact convolution shapes, figures and the build glue of the convdocs site."""

from convdocs.geometry import Conv, ConvError, check, formula

__all__ = ["Conv", "ConvError", "check", "formula"]

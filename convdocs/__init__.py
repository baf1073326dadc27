"""convdocs: PyTorch-exact convolution shapes, figures and the build glue of the convdocs site."""

from convdocs.core.conv import check, formula
from convdocs.core.conv_cells import Conv
from convdocs.core.errors import ConvError
from convdocs.core.frameworks import like
from convdocs.core.solve import solve


def trace(model, input_shape):
    """Run ``model`` once and trace its padding, receptive field, effective stride and padding layer by layer.

    See :func:`convdocs.tracing.trace.trace`; torch is imported only when this is called.
    """
    from convdocs.tracing.trace import trace as _trace

    return _trace(model, input_shape)


__all__ = ["Conv", "ConvError", "check", "formula", "like", "solve", "trace"]

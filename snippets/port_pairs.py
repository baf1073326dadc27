import torch
import torch.nn.functional as F


def f_pad(pairs):
    """JAX/ONNX-style pairs, first dimension first, as F.pad's
    tuple: last dimension first (negative values crop)."""
    return tuple(v for pair in reversed(pairs) for v in pair)


# JAX: padding=[(top, bottom), (left, right)]
pairs = [(1, 2), (0, 3)]
print("JAX pairs", pairs, "-> F.pad", f_pad(pairs))

x = torch.ones(1, 1, 4, 4)
print("padded to", tuple(F.pad(x, f_pad(pairs)).shape))

# ONNX pads: [x1_begin, x2_begin, x1_end, x2_end]
pads = [1, 0, 2, 3]
half = len(pads) // 2
pairs = list(zip(pads[:half], pads[half:]))
print("ONNX pads", pads, "-> F.pad", f_pad(pairs))

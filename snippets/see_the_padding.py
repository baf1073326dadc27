import torch
import torch.nn as nn
import torch.nn.functional as F


def padded_input(conv, x):
    """x padded as `conv` pads it, from its public attributes."""
    pairs = []
    for axis, k in enumerate(conv.kernel_size):
        if conv.padding == "valid":
            before = after = 0
        elif conv.padding == "same":  # odd cell after
            total = conv.dilation[axis] * (k - 1)
            before, after = total // 2, total - total // 2
        else:
            before = after = conv.padding[axis]
        pairs.append((before, after))
    # F.pad takes the last dimension first; zeros is "constant".
    amounts = [v for pair in reversed(pairs) for v in pair]
    mode = conv.padding_mode
    mode = "constant" if mode == "zeros" else mode
    return F.pad(x, amounts, mode=mode)


torch.manual_seed(0)
image = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
layer = nn.Conv2d(1, 1, kernel_size=3, padding=1, padding_mode="reflect")

# 1. A forward pre-hook sees the input just before the layer
#    runs, and keeps it padded as the layer pads it.
seen = {}
hook = layer.register_forward_pre_hook(
    lambda module, args: seen.update(x=padded_input(module, args[0]))
)
output = layer(image)
hook.remove()
print("what the layer convolves:")
print(seen["x"][0, 0].int())

# 2. The same weights with padding=0 on that tensor: same output.
plain = nn.Conv2d(1, 1, kernel_size=3, padding=0)
plain.load_state_dict(layer.state_dict())
again = plain(seen["x"])
print("output shapes:", output.shape, again.shape)
print("equal:", torch.allclose(output, again))

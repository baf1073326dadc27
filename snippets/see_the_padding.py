import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
image = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
padded_layer = nn.Conv2d(1, 1, kernel_size=3, padding=1, padding_mode="reflect")

# 1. What the layer convolves: a pre-hook sees the input and pads it as the layer does
#    (_reversed_padding_repeated_twice is the F.pad argument the layer itself uses).
seen = {}


def capture(module, args):
    amounts = module._reversed_padding_repeated_twice
    seen["padded"] = F.pad(args[0], amounts, mode=module.padding_mode)


handle = padded_layer.register_forward_pre_hook(capture)
output = padded_layer(image)
handle.remove()
print("what the layer convolves:")
print(seen["padded"][0, 0].int())

# 2. The same weights with padding=0, applied to the padded tensor, give the same output.
plain_layer = nn.Conv2d(1, 1, kernel_size=3, padding=0)
plain_layer.load_state_dict(padded_layer.state_dict())
same_output = plain_layer(F.pad(image, (1, 1, 1, 1), mode="reflect"))
print("output shapes:", output.shape, same_output.shape)
print("equal:", torch.allclose(output, same_output))

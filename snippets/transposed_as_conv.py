import torch
import torch.nn as nn
import torch.nn.functional as F


def flipped(up):
    """up's weight as a Conv2d weight: kernel flipped, in/out swapped."""
    return up.weight.flip(-1, -2).transpose(0, 1)


def as_conv(up, x):
    """The direct convolution up equals: stretch x, pad, flipped kernel."""
    (s, _), (p, _), (a, _), (d, _) = (
        up.stride,
        up.padding,
        up.output_padding,
        up.dilation,
    )
    k = up.kernel_size[0]
    n, c, h, w = x.shape
    stretched = x.new_zeros(n, c, (h - 1) * s + 1, (w - 1) * s + 1)
    stretched[:, :, ::s, ::s] = x  # s - 1 zeros between neighbours
    before, after = d * (k - 1) - p, d * (k - 1) - p + a
    padded = F.pad(stretched, (before, after, before, after))
    return F.conv2d(padded, flipped(up), up.bias, dilation=d)


torch.manual_seed(0)
up = nn.ConvTranspose2d(
    2, 3, kernel_size=3, stride=2, padding=1, output_padding=1
)
x = torch.randn(1, 2, 4, 4)
y = up(x)
z = as_conv(up, x)
print("ConvTranspose2d weight:", tuple(up.weight.shape), "(in, out, kH, kW)")
print("Conv2d weight:         ", tuple(flipped(up).shape), "(out, in, kH, kW)")
print("ConvTranspose2d output:", tuple(y.shape))
print("direct Conv2d output:  ", tuple(z.shape))
print("same values:", torch.allclose(y, z, atol=1e-5))

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pads(size, kernel, stride, dilation=1):
    """TensorFlow/Keras 'SAME': output ceil(size / stride)."""
    out = math.ceil(size / stride)
    span = dilation * (kernel - 1) + 1
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2  # odd cell after


class SameConv2d(nn.Module):
    """nn.Conv2d padded like TensorFlow's padding='SAME'."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        self.conv = nn.Conv2d(*args, padding=0, **kwargs)

    def forward(self, x):
        c = self.conv
        pad = []
        hw = x.shape[-2:]  # batched or not
        for i, k, s, d in zip(hw, c.kernel_size, c.stride, c.dilation):
            pad = [*same_pads(i, k, s, d), *pad]  # last dim first
        return c(F.pad(x, pad))


size, kernel, stride = 224, 7, 2
pads = same_pads(size, kernel, stride)
print(f"input {size}, kernel {kernel}, stride {stride}:", end=" ")
print(f"pads {pads}, output {math.ceil(size / stride)}")

torch.manual_seed(0)
k, s = 3, 2
same = SameConv2d(1, 1, kernel_size=k, stride=s)
valid = nn.Conv2d(1, 1, kernel_size=k, stride=s, padding=0)
for size in (7, 8):
    x = torch.randn(1, 1, size, size)
    print(f"input {size}: pads {same_pads(size, k, s)},", end=" ")
    print(f"'SAME' {tuple(same(x).shape)}", end=" ")
    print(f"'VALID' {tuple(valid(x).shape)}")

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pad(x, kernel, stride):
    """F.pad's tuple for 'SAME' pooling (TensorFlow, JAX)."""
    pad = []
    for i in x.shape[-2:]:
        out = math.ceil(i / stride)
        total = max((out - 1) * stride + kernel - i, 0)
        pad = [total // 2, total - total // 2, *pad]
    return pad


def same_avg_pool(x, kernel, stride):
    """'SAME' average pooling: padding is never counted."""
    pad = same_pad(x, kernel, stride)
    sums = F.avg_pool2d(F.pad(x, pad), kernel, stride)
    ones = F.pad(torch.ones_like(x), pad)
    return sums / F.avg_pool2d(ones, kernel, stride)


def same_max_pool(x, kernel, stride):
    """'SAME' max pooling: padding is never the maximum."""
    pad = same_pad(x, kernel, stride)
    x = F.pad(x, pad, value=-math.inf)
    return F.max_pool2d(x, kernel, stride)


x = torch.arange(16.0).reshape(1, 1, 4, 4)
counted = nn.AvgPool2d(3, stride=1, padding=1)
print("PyTorch, padding counted:", counted(x)[0, 0, 0])
skipped = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
print("count_include_pad=False: ", skipped(x)[0, 0, 0])
print("'SAME', padding skipped: ", same_avg_pool(x, 3, 1)[0, 0, 0])

y = (torch.arange(25.0) % 7).reshape(1, 1, 5, 5)
print("MaxPool2d(2, ceil_mode=True):")
print(nn.MaxPool2d(2, ceil_mode=True)(y)[0, 0])
print("'SAME' max pooling (padding is -inf):")
print(same_max_pool(y, 2, 2)[0, 0])

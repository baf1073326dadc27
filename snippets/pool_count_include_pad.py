import torch
from torch import nn

ones = torch.ones(1, 4, 4)
counted = nn.AvgPool2d(kernel_size=3, stride=1, padding=1)
ignored = nn.AvgPool2d(
    kernel_size=3,
    stride=1,
    padding=1,
    count_include_pad=False,
)
print(counted(ones).round(decimals=3))
print(ignored(ones))

fixed = nn.AvgPool2d(kernel_size=2, divisor_override=3)
print(fixed(ones).round(decimals=3))

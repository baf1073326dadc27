import torch
from torch import nn

calls = [
    (nn.MaxPool2d(2, padding=2), (5, 5)),
    (nn.AvgPool2d(2, padding=2), (5, 5)),
    (nn.MaxPool1d(2, padding=2), (5,)),
    (nn.MaxPool2d(2, padding=2, dilation=3), (7, 7)),
    (nn.MaxPool3d(2, padding=2, dilation=3), (7, 7, 7)),
]
for layer, size in calls:
    try:
        layer(torch.zeros(1, 1, *size))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: padding at most half the kernel: kernel_size 2 allows 1
print(tuple(nn.MaxPool2d(2, padding=1)(torch.zeros(1, 1, 5, 5)).shape))

import torch
from torch import nn

calls = [
    (nn.MaxPool2d(5, padding=1), (1, 3)),
    (nn.MaxPool3d(5, padding=1), (1, 3, 3)),
]
for layer, size in calls:
    try:
        layer(torch.zeros(1, 1, *size))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: a kernel that fits the padded input (1 + 2 = 3 high)
print(tuple(nn.MaxPool2d(3, padding=1)(torch.zeros(1, 1, 1, 3)).shape))

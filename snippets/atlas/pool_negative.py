import torch
from torch import nn

calls = [
    (nn.MaxPool2d(2, padding=-1), (5, 5)),
    (nn.MaxPool1d(2, padding=-1), (5,)),
    (nn.Unfold(2, padding=-1), (5, 5)),
]
for layer, size in calls:
    try:
        layer(torch.zeros(1, 1, *size))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: padding 0 or more
print(tuple(nn.MaxPool2d(2, padding=0)(torch.zeros(1, 1, 5, 5)).shape))

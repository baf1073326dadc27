import torch
from torch import nn

calls = [
    (nn.AvgPool1d(2, padding=(1, 1)), (5,)),
    (nn.MaxPool1d(2, padding=(1, 1)), (5,)),
    (nn.AvgPool2d(2, padding=(1, 1, 1)), (5, 5)),
    (nn.MaxPool2d(2, padding=(1, 1, 1)), (5, 5)),
    (nn.AvgPool3d(2, padding=(1, 1)), (5, 5, 5)),
    (nn.MaxPool3d(2, padding=(1, 1)), (5, 5, 5)),
]
for layer, size in calls:
    try:
        layer(torch.zeros(1, 1, *size))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: one padding, or one per spatial dimension
print(tuple(nn.MaxPool2d(2, padding=(1, 1))(torch.zeros(1, 1, 5, 5)).shape))

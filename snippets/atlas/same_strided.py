import torch
from torch import nn

x = torch.zeros(1, 1, 7, 7)
try:
    nn.Conv2d(1, 1, 3, stride=2, padding="same")
except ValueError as error:
    print(f"ValueError: {error}")

# Fix: integer padding works with any stride
print(tuple(nn.Conv2d(1, 1, 3, stride=2, padding=1)(x).shape))

import torch
from torch import nn

x = torch.zeros(1, 1, 7, 7)
try:
    nn.Conv2d(1, 1, 3, padding=1, padding_mode="wrap")
except ValueError as error:
    print(f"ValueError: {error}")

# Fix: wrapping around is padding_mode='circular'
print(tuple(nn.Conv2d(1, 1, 3, padding=1, padding_mode="circular")(x).shape))

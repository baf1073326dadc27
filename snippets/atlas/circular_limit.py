import torch
from torch import nn

x = torch.zeros(1, 1, 3, 3)
try:
    nn.CircularPad2d(4)(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: circular padding of at most the size (3)
print(tuple(nn.CircularPad2d(3)(x).shape))

import torch
from torch import nn

x = torch.zeros(1, 1, 7, 7)
try:
    nn.Conv2d(1, 1, 3, padding="full")
except ValueError as error:
    print(f"ValueError: {error}")

# Fix: 'same', 'valid' or integers
# ('full' in other libraries is padding=kernel_size - 1)
print(tuple(nn.Conv2d(1, 1, 3, padding=2)(x).shape))

import torch
from torch import nn

try:
    nn.Unfold(5, padding=1)(torch.zeros(1, 1, 2, 2))
except RuntimeError as error:
    print(f"RuntimeError: {error}")
try:
    nn.Fold(output_size=4, kernel_size=2, padding=1)(torch.zeros(1, 4, 16))
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: Fold needs as many blocks as Unfold makes with its arguments: 5 × 5
fold = nn.Fold(output_size=4, kernel_size=2, padding=1)
print(tuple(fold(torch.zeros(1, 4, 25)).shape))

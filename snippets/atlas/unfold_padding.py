import torch
from torch import nn

x = torch.zeros(1, 1, 5, 5)
try:
    nn.Unfold(2, padding=(1, 1, 1))(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: one padding or two
print(tuple(nn.Unfold(2, padding=(1, 1))(x).shape))

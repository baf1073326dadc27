import torch
import torch.nn.functional as F
from torch import nn

try:
    nn.CircularPad1d((3, -3))(torch.zeros(1, 5))
except RuntimeError as error:
    print(f"RuntimeError: {error}")
try:
    F.pad(torch.zeros(5, 5, 3), (3, -4, 0, -4), mode="circular")
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: pad first, then crop: two calls (or pad no more than the crop leaves)
x = torch.zeros(1, 5)
print(tuple(F.pad(F.pad(x, (3, 0), mode="circular"), (0, -3)).shape))
print(tuple(nn.CircularPad1d((1, -1))(x).shape))

import torch
from torch import nn

x = torch.zeros(1, 1, 7, 7)
try:
    nn.Conv2d(1, 1, 3, padding=2**62)(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
try:
    nn.ZeroPad2d((0, 0, 0, 2**62))(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: the padding the output needs (python -m convdocs solve finds it)
print(tuple(nn.Conv2d(1, 1, 3, padding=1)(x).shape))

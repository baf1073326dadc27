import torch
from torch import nn

for n in (1, 2, 3):
    layer = getattr(nn, f"Conv{n}d")(1, 1, 7, padding=1)
    try:
        layer(torch.zeros(1, 1, *[3] * n))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: the 7-wide kernel fits once the 3-wide input is padded by 2 on each side
print(tuple(nn.Conv2d(1, 1, 7, padding=2)(torch.zeros(1, 1, 3, 3)).shape))

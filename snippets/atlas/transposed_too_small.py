import torch
from torch import nn

for n in (1, 2, 3):
    layer = getattr(nn, f"ConvTranspose{n}d")(1, 1, 1, padding=(3, 4, 5)[:n])
    try:
        layer(torch.zeros(1, 1, *(1, 2, 3)[:n]))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: padding crops a transposed output; crop less
fixed = nn.ConvTranspose2d(1, 1, 3, padding=1)
print(tuple(fixed(torch.zeros(1, 1, 1, 2)).shape))

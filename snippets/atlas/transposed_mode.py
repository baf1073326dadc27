import torch
from torch import nn

for n in (1, 2, 3):
    layer = getattr(nn, f"ConvTranspose{n}d")
    try:
        layer(1, 1, 3, padding=1, padding_mode="reflect")
    except ValueError as error:
        print(f"ValueError: {error}")

# Fix: leave padding_mode at 'zeros'
x = torch.zeros(1, 1, 7, 7)
print(tuple(nn.ConvTranspose2d(1, 1, 3, padding=1)(x).shape))

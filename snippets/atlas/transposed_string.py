import torch
from torch import nn

for n in (1, 2, 3):
    layer = getattr(nn, f"ConvTranspose{n}d")(1, 1, 3, padding="same")  # builds
    try:
        layer(torch.zeros(1, 1, *[7] * n))  # fails here
    except TypeError as error:
        print(f"TypeError: {error}")

# Fix: integer padding; for kernel 3 and stride 1, padding=1 keeps the size
x = torch.zeros(1, 1, 7, 7)
print(tuple(nn.ConvTranspose2d(1, 1, 3, padding=1)(x).shape))

import torch
from torch import nn

for n in (2, 3):
    kind = getattr(nn, f"ConvTranspose{n}d")
    layer = kind(1, 1, 3, stride=2, padding=1, output_padding=2)
    try:
        layer(torch.zeros(1, 1, *[4] * n))
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: output_padding below the stride (2): 0 or 1
fixed = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
print(tuple(fixed(torch.zeros(1, 1, 4, 4)).shape))

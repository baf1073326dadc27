import torch
from torch import nn

x = torch.zeros(1, 1, 7, 7)
layers = [
    nn.Conv2d(1, 1, 3, padding=(1, 1, 1)),
    nn.ConvTranspose2d(1, 1, 3, stride=2, output_padding=(1, 1, 1)),
    nn.Conv2d(1, 1, 3, padding=(1, 1, 1), padding_mode="replicate"),
]
for layer in layers:
    try:
        layer(x)
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: one value per spatial dimension (different sides: F.pad first)
fixed = nn.Conv2d(1, 1, 3, padding=(1, 1), padding_mode="replicate")
print(tuple(fixed(x).shape))

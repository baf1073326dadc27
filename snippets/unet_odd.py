import torch
from torch import nn

x = torch.zeros(1, 4, 15, 15)
down = nn.MaxPool2d(kernel_size=2)
up = nn.Upsample(scale_factor=2)

skip = x
y = up(down(x))
print("skip:   ", tuple(skip.shape))
print("pooled: ", tuple(down(x).shape))
print("upsampled:", tuple(y.shape))
try:
    torch.cat([skip, y], dim=1)
except RuntimeError as error:
    print(error)

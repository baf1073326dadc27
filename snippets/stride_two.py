import torch
import torch.nn as nn

torch.manual_seed(0)
image = torch.randn(1, 1, 7, 7)  # (batch, channels, height, width)

for padding in (0, 1):
    conv = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=padding)
    before, after = tuple(image.shape), conv(image).shape
    print(f"stride=2, padding={padding}: input {before} -> output {after}")

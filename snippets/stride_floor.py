import torch
import torch.nn as nn

torch.manual_seed(0)
conv = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)

for size in (5, 6):
    image = torch.randn(1, 1, size, size)
    print(f"input {size}x{size}: output {conv(image).shape}")

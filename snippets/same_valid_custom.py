import torch
import torch.nn as nn

torch.manual_seed(0)
image = torch.randn(1, 1, 7, 7)  # (batch, channels, height, width)

for padding in ("same", "valid", (2, 1)):
    conv = nn.Conv2d(1, 1, kernel_size=3, stride=1, padding=padding)
    shape = conv(image).shape
    print(f"padding={padding!r}: input {tuple(image.shape)} -> output {shape}")

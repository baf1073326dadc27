import torch
import torch.nn as nn

torch.manual_seed(0)
image = torch.randn(1, 1, 7, 7)

for dilation, padding in ((1, 0), (2, 0), (2, "same")):
    conv = nn.Conv2d(1, 1, kernel_size=3, dilation=dilation, padding=padding)
    shape = conv(image).shape
    print(f"dilation={dilation}, padding={padding!r}: output {shape}")

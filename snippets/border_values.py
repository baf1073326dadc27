import torch
import torch.nn as nn

image = torch.ones(1, 1, 5, 5)  # (batch, channels, height, width)
conv = nn.Conv2d(1, 1, kernel_size=3, padding=1, bias=False)
nn.init.ones_(conv.weight)  # each output: the sum of its window

output = conv(image)
print("output", tuple(output.shape))
print(output[0, 0].int())

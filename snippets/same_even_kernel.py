import torch
import torch.nn as nn

torch.manual_seed(0)
image = torch.randn(1, 1, 7, 7)

# An odd kernel splits the total padding k - 1 evenly; an even one cannot.
for kernel_size in (3, 4):
    conv = nn.Conv2d(1, 1, kernel_size=kernel_size, padding="same")
    pads = conv._reversed_padding_repeated_twice  # what F.pad gets: (left, right, top, bottom)
    print(f"kernel_size={kernel_size}: F.pad amounts {pads}, output {conv(image).shape}")

# 'same' with a stride: torch refuses when the layer is built.
kernel_size, stride = 3, 2
try:
    nn.Conv2d(1, 1, kernel_size=kernel_size, stride=stride, padding="same")
except ValueError as error:
    print(f"kernel_size={kernel_size}, stride={stride}: ValueError: {error}")

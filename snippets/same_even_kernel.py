import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
image = torch.randn(1, 1, 7, 7)

# 'same' keeps the size for an odd and an even kernel.
for kernel_size in (3, 4):
    conv = nn.Conv2d(1, 1, kernel_size=kernel_size, padding="same")
    output = conv(image)
    print(
        f"kernel_size={kernel_size}: padding={conv.padding!r},",
        f"output {output.shape}",
    )

# The 4-wide kernel's 3 cells: 1 before, 2 after (left, right, top,
# bottom for F.pad), then the same weights with no padding.
by_hand = F.conv2d(F.pad(image, (1, 2, 1, 2)), conv.weight, conv.bias)
equal = torch.allclose(conv(image), by_hand)
print("equal to F.pad (1, 2, 1, 2):", equal)

# 'same' with a stride: nn.Conv2d refuses when the layer is built...
kernel_size, stride = 3, 2
try:
    nn.Conv2d(1, 1, kernel_size, stride=stride, padding="same")
except ValueError as error:
    print(
        f"nn.Conv2d, kernel {kernel_size}, stride {stride}:",
        f"ValueError: {error}",
    )

# ...F.conv2d, which builds nothing, only when it is called.
try:
    F.conv2d(image, conv.weight, stride=stride, padding="same")
except RuntimeError as error:
    print(f"F.conv2d, stride {stride}: RuntimeError: {error}")

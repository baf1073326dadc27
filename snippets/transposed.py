import torch
import torch.nn as nn

torch.manual_seed(0)
down = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)
for size in (7, 8):
    shape = down(torch.randn(1, 1, size, size)).shape
    print(f"Conv2d: input {size}x{size} -> output {shape}")

small = torch.randn(1, 1, 4, 4)
for output_padding in (0, 1):
    up = nn.ConvTranspose2d(
        1, 1, kernel_size=3, stride=2, padding=1, output_padding=output_padding
    )
    shape = up(small).shape
    print(f"ConvTranspose2d, output_padding={output_padding}: output {shape}")

up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)
for size in (7, 8, 9):
    try:
        shape = up(small, output_size=(size, size)).shape
        print(f"output_size=({size}, {size}):", shape)
    except ValueError as error:
        print(f"output_size=({size}, {size}): ValueError: {error}")

import torch
import torch.nn as nn

image = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)

# Every weight 1, no bias: each output sums the 9 cells it reads.
for mode in ("zeros", "reflect", "replicate", "circular"):
    conv = nn.Conv2d(
        1, 1, kernel_size=3, padding=1, padding_mode=mode, bias=False
    )
    nn.init.ones_(conv.weight)
    print(f"padding_mode={mode!r}: output {conv(image).shape}")
    print(conv(image)[0, 0].int())

# Limits: reflect needs padding < input size, circular padding <= input size.
for mode, padding in (("reflect", 3), ("circular", 3), ("circular", 4)):
    conv = nn.Conv2d(
        1, 1, kernel_size=3, padding=padding, padding_mode=mode, bias=False
    )
    nn.init.ones_(conv.weight)
    try:
        print(f"{mode}, padding={padding}: output {conv(image).shape}")
    except RuntimeError as error:
        print(f"{mode}, padding={padding}: RuntimeError: {error}")

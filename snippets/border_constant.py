import torch
import torch.nn as nn

image = torch.ones(1, 8, 8)  # one channel, the same value everywhere
for mode in ("zeros", "circular"):
    stack = nn.Sequential(
        *(
            nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode, bias=False)
            for _ in range(3)
        )
    )
    for conv in stack:
        nn.init.ones_(conv.weight)  # an output: the sum of 3x3 cells
    with torch.no_grad():
        out = stack(image)[0].int()
    distinct = len(out.unique())
    print(f"padding_mode={mode!r}: {distinct} distinct values")
    for row in out.tolist():
        print(" ".join(f"{v:3d}" for v in row))

import torch
import torch.nn.functional as F
from torch import nn


def crop_to(skip, y):
    """The centre of skip, cut to y's height and width."""
    dh = skip.shape[-2] - y.shape[-2]
    dw = skip.shape[-1] - y.shape[-1]
    top, left = dh // 2, dw // 2
    height, width = y.shape[-2:]
    return skip[..., top : top + height, left : left + width]


def pad_to(y, skip):
    """y padded with zeros to skip's height and width."""
    dh = skip.shape[-2] - y.shape[-2]
    dw = skip.shape[-1] - y.shape[-1]
    return F.pad(y, (dw // 2, dw - dw // 2, dh // 2, dh - dh // 2))


class UNet(nn.Module):
    """Down: conv, pool. Up: upsample, join the skip, conv."""

    def __init__(self, depth, fix=None):
        super().__init__()
        self.depth, self.fix = depth, fix
        self.down = nn.Conv2d(1, 1, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=2)
        self.join = nn.Conv2d(2, 1, 3, padding=1)

    def forward(self, x):
        skips = []
        for _ in range(self.depth):
            x = self.down(x)
            skips.append(x)
            x = self.pool(x)
        for skip in reversed(skips):
            x = self.up(x)
            if self.fix == "crop":
                skip = crop_to(skip, x)
            if self.fix == "pad":
                x = pad_to(x, skip)
            x = self.join(torch.cat([skip, x], dim=1))
        return x


depth = 2
for size in (15, 16):
    multiple = size % 2**depth == 0
    print(f"{size}x{size}, multiple of {2**depth}:", multiple)
    for fix in (None, "crop", "pad"):
        net = UNet(depth, fix)
        try:
            out = net(torch.zeros(1, 1, size, size))
            print(f"  fix={fix}: output {tuple(out.shape)}")
        except RuntimeError as error:
            print(f"  fix={fix}:", str(error).split(".")[0])

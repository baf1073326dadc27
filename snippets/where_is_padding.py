import torch
import torch.nn as nn
import torch.nn.functional as F


class PadInForward(nn.Module):
    """Pads with F.pad inside forward: print(model) cannot know about it."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 1, kernel_size=3)

    def forward(self, x):
        return self.conv(F.pad(x, (1, 1, 1, 1)))


models = {
    "padding=1": nn.Conv2d(1, 1, kernel_size=3, padding=1),
    "padding='same'": nn.Conv2d(1, 1, kernel_size=3, padding="same"),
    "padding_mode='reflect'": nn.Conv2d(
        1, 1, kernel_size=3, padding=1, padding_mode="reflect"
    ),
    "an nn.ZeroPad2d layer": nn.Sequential(
        nn.ZeroPad2d(1), nn.Conv2d(1, 1, kernel_size=3)
    ),
    "F.pad in forward": PadInForward(),
}

image = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
for name, model in models.items():
    print(f"# {name}: {tuple(image.shape)} -> {tuple(model(image).shape)}")
    print(model)

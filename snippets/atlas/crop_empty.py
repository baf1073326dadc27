import torch
import torch.nn.functional as F
from torch import nn

x = torch.zeros(1, 1, 3, 3)
calls = [
    lambda: F.pad(x, (-2, -2, 0, 0), mode="circular"),
    lambda: nn.ReflectionPad1d(-2)(torch.zeros(1, 3)),
    lambda: nn.ReflectionPad2d(-2)(x),
    lambda: nn.ReflectionPad3d(-2)(torch.zeros(1, 3, 3, 3)),
    lambda: nn.ReplicationPad2d(-2)(x),
    lambda: nn.ReflectionPad2d(-2)(torch.zeros(1, 1, 5, 2)),
]
for call in calls:
    try:
        call()
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: crop less: no dimension below 0, a cell left in some padded dimension
print(tuple(nn.ReplicationPad2d(-1)(x).shape))
print(tuple(nn.ReflectionPad2d((-2, -1, 0, 0))(x).shape))  # an empty output

import torch
import torch.nn.functional as F
from torch import nn

x = torch.zeros(1, 1, 3, 3)
layers = [
    nn.ReflectionPad2d(3),
    nn.CircularPad2d(4),
    nn.ReplicationPad2d(-2),
]
calls = [((-2, -2), "constant"), ((1, 1), "reflect")]

for layer in layers:
    print(layer)
    try:
        print(tuple(layer(x).shape))
    except RuntimeError as error:
        print(" ", str(error).replace("\n", "\n  "))

for amounts, mode in calls:
    print(f"F.pad(x, {amounts}, mode={mode!r})")
    try:
        print(tuple(F.pad(x, amounts, mode=mode).shape))
    except (RuntimeError, NotImplementedError) as error:
        print(" ", str(error).replace("\n", "\n  "))

import torch
import torch.nn.functional as F
from torch import nn

x = torch.zeros(1, 1, 3, 3)
calls = [
    lambda: F.pad(x, (-2, -2)),
    lambda: nn.ZeroPad2d((0, 0, -2, -2))(x),
    lambda: F.pad(torch.zeros(1, 1, 1, 8), (0, 0, -1, -1), mode="replicate"),
]
for call in calls:
    try:
        call()
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: crop at most the size (3)
print(tuple(F.pad(x, (-1, -1, -1, -1)).shape))

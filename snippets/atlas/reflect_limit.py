import torch
import torch.nn.functional as F
from torch import nn

x = torch.zeros(1, 1, 3, 3)
try:
    nn.ReflectionPad2d(3)(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: reflect padding below the size (3): at most 2,
# or replicate, which has no upper limit
print(tuple(F.pad(x, (2, 2, 2, 2), mode="reflect").shape))
print(tuple(F.pad(x, (3, 3, 3, 3), mode="replicate").shape))

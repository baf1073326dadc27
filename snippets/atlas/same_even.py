import warnings

import torch
from torch import nn

x = torch.zeros(1, 1, 7, 7)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.Conv2d(1, 1, 4, padding="same")(x)
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")

# Fix: an odd kernel keeps the size with no copy
# (or pad once yourself, 1 before and 2 after)
print(tuple(nn.Conv2d(1, 1, 3, padding="same")(x).shape))

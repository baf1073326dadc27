import torch
import torch.nn.functional as F

x = torch.zeros(1, 4)
for amounts in [(1, 1, 1), (1, 1, 1, 1, 1, 1)]:
    try:
        F.pad(x, amounts)
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: (before, after) pairs, at most one per dimension:
# here (left, right, top, bottom)
print(tuple(F.pad(x, (1, 1, 1, 1)).shape))

import torch
import torch.nn.functional as F

x = torch.zeros(1, 1, 5, 5)
try:
    F.pad(x, (1, 1, 1, 1, 1, 1, 1, 1), mode="reflect")
except NotImplementedError as error:
    print(f"NotImplementedError: {error}")

# Fix: 4 amounts pad the last 2 dimensions of a 4-d input
print(tuple(F.pad(x, (1, 1, 1, 1), mode="reflect").shape))

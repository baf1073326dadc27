import torch
import torch.nn.functional as F

x = torch.zeros(1, 0, 4)
try:
    F.pad(x, (1, 1), mode="reflect")
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# Fix: constant padding takes an empty tensor
print(tuple(F.pad(x, (1, 1)).shape))

import torch
import torch.nn.functional as F

x = torch.zeros(1, 0, 4)
no_batch = torch.zeros(0, 4)  # 0 channels: the first dimension is no batch
for mode, tensor in (("reflect", x), ("replicate", no_batch)):
    try:
        F.pad(tensor, (1, 1), mode=mode)
    except RuntimeError as error:
        print(f"RuntimeError: {error}")

# Fix: constant and circular padding take an empty tensor
print(tuple(F.pad(x, (1, 1)).shape))
print(tuple(F.pad(x, (1, 1), mode="circular").shape))

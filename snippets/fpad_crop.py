import torch
import torch.nn.functional as F

x = torch.arange(1.0, 7.0).reshape(1, 1, 6)
print(x.flatten().tolist())

# (left, right): positive pads, negative crops
print(F.pad(x, (2, -1)).flatten().tolist())
print(F.pad(x, (-2, 1), value=9.0).flatten().tolist())
print(F.pad(x, (1, -3), mode="replicate").flatten().tolist())

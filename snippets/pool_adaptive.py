import torch
from torch import nn

x = torch.arange(1.0, 6.0).reshape(1, 1, 5)
pool = nn.AdaptiveAvgPool1d(output_size=3)
print(x.flatten().tolist())
print(pool(x).flatten().tolist())

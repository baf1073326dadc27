import torch
from torch import nn

x = torch.arange(1.0, 6.0).reshape(1, 1, 5)
print("input:", x.flatten().tolist())

floor = nn.MaxPool1d(kernel_size=2)
ceil = nn.MaxPool1d(kernel_size=2, ceil_mode=True)
print("floor:", floor(x).flatten().tolist())
print("ceil: ", ceil(x).flatten().tolist())

# With padding, the ceiling counts one window more than PyTorch keeps.
y = torch.tensor([[[5.0, 4.0, 3.0, 2.0, 1.0]]])
late = nn.MaxPool1d(
    kernel_size=2,
    stride=2,
    padding=1,
    ceil_mode=True,
)
print(late)
print("late: ", late(y).flatten().tolist())

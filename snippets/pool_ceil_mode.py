import torch
from torch import nn

x = torch.arange(1.0, 6.0).reshape(1, 1, 5)
print("input:", x.flatten().tolist())

floor = nn.MaxPool1d(kernel_size=2)
ceil = nn.MaxPool1d(kernel_size=2, ceil_mode=True)
print("floor:", floor(x).flatten().tolist())
print("ceil: ", ceil(x).flatten().tolist())

# By the ceiling, a third window; it would start in the right
# padding, so PyTorch drops it.
y = torch.tensor([[[4.0, 3.0, 2.0, 1.0]]])
late = nn.MaxPool1d(
    kernel_size=2,
    stride=3,
    padding=1,
    ceil_mode=True,
)
print(late)
print("late: ", late(y).flatten().tolist())

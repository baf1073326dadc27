import torch
import torch.nn.functional as F
from torch import nn

x = -torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
print(x[0, 0])

pool = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
print("MaxPool2d, padding=1:")
print(pool(x)[0, 0])

zeros = F.pad(x, (1, 1, 1, 1))
print("zero padding first:")
print(nn.MaxPool2d(kernel_size=3, stride=1)(zeros)[0, 0])

try:
    nn.MaxPool2d(kernel_size=3, padding=2)(x)
except RuntimeError as error:
    print(error)

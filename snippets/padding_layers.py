import torch
from torch import nn

x = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
layers = [
    nn.ZeroPad2d(1),
    nn.ConstantPad2d(1, value=-1.0),
    nn.ReflectionPad2d(1),
    nn.ReplicationPad2d(1),
    nn.CircularPad2d(1),
]
for layer in layers:
    print(layer)
    print(layer(x)[0, 0].int())

import torch
import torch.nn as nn

torch.manual_seed(0)
signal = torch.randn(1, 1, 10)  # (batch, channels, length)
volume = torch.randn(1, 1, 5, 6, 7)  # (batch, channels, depth, height, width)

conv1d = nn.Conv1d(1, 1, kernel_size=4, stride=2, padding=1)
print("Conv1d:", tuple(signal.shape), "->", conv1d(signal).shape)

conv3d = nn.Conv3d(1, 1, kernel_size=3, padding=(1, 0, 2))
print("Conv3d:", tuple(volume.shape), "->", conv3d(volume).shape)

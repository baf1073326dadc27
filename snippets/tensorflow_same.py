import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def tf_same_pads(size, kernel, stride, dilation=1):
    """TensorFlow's 'SAME': output ceil(size / stride), extra padding after."""
    span = dilation * (kernel - 1) + 1
    total = max((math.ceil(size / stride) - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def conv_tf_same(conv, x):
    """Apply a padding=0 Conv2d the way TensorFlow's padding='SAME' would."""
    k, s, d = conv.kernel_size, conv.stride, conv.dilation
    top, bottom = tf_same_pads(x.shape[-2], k[0], s[0], d[0])
    left, right = tf_same_pads(x.shape[-1], k[1], s[1], d[1])
    return conv(F.pad(x, (left, right, top, bottom)))


torch.manual_seed(0)
conv = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=0)
for size in (7, 6):
    image = torch.randn(1, 1, size, size)
    pads = tf_same_pads(size, 3, 2)
    output = conv_tf_same(conv, image).shape
    print(f"input {size}: TensorFlow pads {pads}, output", output)

symmetric = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)
symmetric.load_state_dict(conv.state_dict())
print("PyTorch padding=1 on input 6:", symmetric(image).shape)
agree = torch.allclose(symmetric(image), conv_tf_same(conv, image))
print("equal to TensorFlow's 'SAME' on input 6:", agree)

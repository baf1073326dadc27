import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
image = torch.randn(1, 1, 5, 5)
# padding=(height, width): 2 rows, 1 column
conv = nn.Conv2d(1, 1, kernel_size=3, padding=(2, 1))

plain = nn.Conv2d(1, 1, kernel_size=3, padding=0)
plain.load_state_dict(conv.state_dict())

# F.pad takes (left, right, top, bottom): the last dimension first
right_order = F.pad(image, (1, 1, 2, 2))
wrong_order = F.pad(image, (2, 2, 1, 1))
print("Conv2d(padding=(2, 1)):", conv(image).shape)
print(
    "F.pad (1, 1, 2, 2) then padding=0:",
    plain(right_order).shape,
    torch.allclose(conv(image), plain(right_order)),
)
print("F.pad (2, 2, 1, 1) then padding=0:", plain(wrong_order).shape)

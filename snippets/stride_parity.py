import torch
import torch.nn as nn

conv = nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)
nn.init.ones_(conv.weight)  # an output counts its real cells

for size in (224, 225):
    with torch.no_grad():
        first, *_, last = conv(torch.ones(1, size)).flatten().int()
    padded = [side for side, n in (("left", first), ("right", last)) if n < 3]
    print(
        f"input {size}: the first output reads {first} real cells, "
        f"the last {last}"
    )
    print("  padding read on the " + " and ".join(padded))

import convdocs
import torch.nn as nn

stack = nn.Sequential(
    nn.Conv2d(1, 1, 3, padding=1),
    nn.Conv2d(1, 1, 3, stride=2, padding=1),
    nn.Conv2d(1, 1, 3, padding=1),
    nn.Conv2d(1, 1, 3, stride=2, padding=1),
)


def trace(stack, size):
    return convdocs.trace(stack, (1, 1, size, size))  # batch, channels


size = 12
result = trace(stack, size)
if __name__ == "__main__":
    for depth, layer in enumerate(result.layers, start=1):
        (r, S, P), _ = layer.fields  # height; width is the same
        print(
            f"after layer {depth} (r {r}, S {S}, P {P}): % of each "
            "cell's receptive field in padding"
        )
        for row in result.shares(layer):
            print(" ".join(f"{round(100 * v):3d}" for v in row))

import convdocs
import torch
import torch.nn as nn


def vgg16(slim=False):
    layers, c = [], 3
    for n, width in [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)]:
        for _ in range(n):
            layers += [nn.Conv2d(c, width, 3, padding=1), nn.ReLU()]
            c = width
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)


def alexnet(slim=False):
    # TF-slim's alexnet_v2 does not pad its first layer
    return nn.Sequential(
        nn.Conv2d(3, 64, 11, stride=4, padding=0 if slim else 2),
        nn.ReLU(),
        nn.MaxPool2d(3, 2),
        nn.Conv2d(64, 192, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(3, 2),
        nn.Conv2d(192, 384, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(256, 256, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(3, 2),
    )


class Bottleneck(nn.Module):
    def __init__(self, c_in, mid, stride):
        super().__init__()
        out = 4 * mid
        self.conv1 = nn.Conv2d(c_in, mid, 1, bias=False)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride, 1, bias=False)
        self.conv3 = nn.Conv2d(mid, out, 1, bias=False)
        self.bn = nn.ModuleList(nn.BatchNorm2d(c) for c in (mid, mid, out))
        self.skip = nn.Identity()
        if stride != 1 or c_in != out:
            self.skip = nn.Conv2d(c_in, out, 1, stride, bias=False)

    def forward(self, x):
        y = self.bn[0](self.conv1(x)).relu()
        y = self.bn[1](self.conv2(y)).relu()
        return (self.bn[2](self.conv3(y)) + self.skip(x)).relu()


def resnet50(slim=False):
    layers = [
        nn.Conv2d(3, 64, 7, 2, 3, bias=False),
        nn.BatchNorm2d(64),
        nn.ReLU(),
    ]
    if slim:  # TF's 'SAME' pool on 112 pads 0 before, 1 after
        layers += [nn.ZeroPad2d((0, 1, 0, 1)), nn.MaxPool2d(3, 2)]
    else:
        layers += [nn.MaxPool2d(3, 2, padding=1)]
    c = 64
    for stage, (mid, n) in enumerate([(64, 3), (128, 4), (256, 6), (512, 3)]):
        for unit in range(n):
            if slim:  # stride 2 in the last unit of stages 1-3
                down = stage < 3 and unit == n - 1
            else:  # stride 2 in the first unit of stages 2-4
                down = stage > 0 and unit == 0
            layers.append(Bottleneck(c, mid, 2 if down else 1))
            c = 4 * mid
    return nn.Sequential(*layers)


def mobilenet_v1(slim=False):
    def conv(c_in, c_out, k, stride, groups=1):
        if slim and stride == 2:  # 'SAME', stride 2, even size
            pad = [nn.ZeroPad2d((0, 1, 0, 1))]
            padding = 0
        else:
            pad, padding = [], k // 2
        return pad + [
            nn.Conv2d(
                c_in, c_out, k, stride, padding, groups=groups, bias=False
            ),
            nn.BatchNorm2d(c_out),
            nn.ReLU(),
        ]

    layers, c = conv(3, 32, 3, 2), 32
    for width, stride in [
        (64, 1),
        (128, 2),
        (128, 1),
        (256, 2),
        (256, 1),
        (512, 2),
        *[(512, 1)] * 5,
        (1024, 2),
        (1024, 1),
    ]:
        layers += conv(c, c, 3, stride, groups=c)  # depthwise
        layers += conv(c, width, 1, 1)  # pointwise
        c = width
    return nn.Sequential(*layers)


MODELS = {
    "vgg16": vgg16,
    "alexnet": alexnet,
    "resnet50": resnet50,
    "mobilenet_v1": mobilenet_v1,
}


def rsp(model, size=224):
    """r, S and P of the last feature map (the same for H and W)."""
    (r, S, P), _ = convdocs.trace(model, (1, 3, size, size)).fields
    return r, S, P


def row(name, make, size):
    with torch.device("meta"):  # shapes only, no arithmetic
        ours, slim = make(), make(slim=True)
    side = convdocs.trace(ours, (1, 3, size, size)).output[-1]
    return (
        f"{name:<13}{f'{side}x{side}':>6}"
        f"{'%d / %d / %d' % rsp(ours, size):>16}"
        f"{'%d / %d / %d' % rsp(slim, size):>17}"
    )


if __name__ == "__main__":
    size = 224
    head = f"{'model':<13}{'map':>6}{'PyTorch':>16}"
    print(head + f"{'as in TF-slim':>17}")
    for name, make in MODELS.items():
        print(row(name, make, size))

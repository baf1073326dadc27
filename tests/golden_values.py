"""Golden values for the explorer's values (docs/assets/core/values.mjs), written WITH TORCH as the oracle.

    .venv/bin/python -m tests.golden_values     # writes tests/golden/torch/values.json (commit it)
    node --test tests/node/values.test.mjs      # the core's values against torch's, in a second

Each case is a layer as the explorer's controls give it (one channel, bias 0), a small input and kernel of whole
numbers, and what torch computes from them in float64: the output, and for a convolution the padded input
(F.pad in its padding mode), for a transposed one the stretched input it slides over (torch's own stretch
and F.pad, see stretched()); −∞, which max pooling returns for a window wholly in
the padding, is written null. Conv2d in its four padding modes, ConvTranspose2d (with one output_padding, and with
one per dimension), MaxPool2d and AvgPool2d; a
configuration torch refuses is not a case. Seeds are fixed and keys sorted: two runs write the same bytes
(tests/test_values.py checks the committed file is what this writes now).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

FILE = Path(__file__).resolve().parent / "golden" / "torch" / "values.json"
PER_FAMILY = 120
# "output_padding": ConvTranspose2d with an output_padding per dimension (height, width), last so that the cases
# before it stay as they were
FAMILIES = ["zeros", "reflect", "replicate", "circular", "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "output_padding"]


def grid(rng: random.Random, h: int, w: int) -> list[list[int]]:
    return [[rng.randint(-4, 4) for _ in range(w)] for _ in range(h)]


def config(rng: random.Random, family: str) -> dict:
    size = [rng.randint(1, 7), rng.randint(1, 7)]
    kernel = [rng.randint(1, 4), rng.randint(1, 4)]
    stride = rng.choice([1, 1, 2, 3])
    dilation = rng.choice([1, 1, 1, 2])
    if family in ("MaxPool2d", "AvgPool2d"):
        return dict(
            input=size,
            kernel=kernel,
            stride=stride,
            padding=rng.randint(0, 2),
            dilation=dilation if family == "MaxPool2d" else 1,
            ceil_mode=rng.random() < 0.4,
            count_include_pad=rng.random() < 0.5,
        )
    transposed = family in ("ConvTranspose2d", "output_padding")
    paddings = [0, 1, 2, [1, 0], [0, 2]] + ([] if transposed else ["same", "valid"])
    padding = rng.choice(paddings)
    if family == "output_padding":  # each below the stride or the dilation, as torch takes it
        output_padding: int | list[int] = [rng.randint(0, max(stride, dilation) - 1) for _ in range(2)]
    else:
        output_padding = rng.choice([0, 0, 1]) if transposed else 0
    return dict(
        input=size,
        kernel=kernel,
        stride=1 if padding == "same" else stride,
        padding=padding,
        dilation=dilation,
        padding_mode="zeros" if transposed else family,
        transposed=transposed,
        output_padding=output_padding,
    )


def layer(c: dict) -> nn.Module:
    pair = lambda v: tuple(v) if isinstance(v, list) else v  # noqa: E731
    common = dict(kernel_size=tuple(c["kernel"]), stride=c["stride"], padding=pair(c["padding"]), bias=False)
    if c["transposed"]:
        return nn.ConvTranspose2d(1, 1, dilation=c["dilation"], output_padding=pair(c["output_padding"]), **common)
    return nn.Conv2d(1, 1, dilation=c["dilation"], padding_mode=c["padding_mode"], **common)


def run(family: str, c: dict, x: list, w: list) -> dict | None:
    """torch's answer for one case, or None where torch refuses it."""
    t = torch.tensor([[x]], dtype=torch.float64)
    try:
        if family == "MaxPool2d":
            m = nn.MaxPool2d(c["kernel"], c["stride"], c["padding"], c["dilation"], ceil_mode=c["ceil_mode"])
            return {"output": m(t)[0, 0].tolist()}
        if family == "AvgPool2d":
            a = nn.AvgPool2d(c["kernel"], c["stride"], c["padding"], c["ceil_mode"], c["count_include_pad"])
            return {"output": a(t)[0, 0].tolist()}
        m = layer(c).double()
        with torch.no_grad():
            m.weight.copy_(torch.tensor([[w]], dtype=torch.float64))
            out = m(t)[0, 0].tolist()
    except (RuntimeError, ValueError):
        return None
    if not out or not out[0]:
        return None
    result = {"output": out}
    if c["transposed"]:
        result["stretched"] = stretched(t, c)
    if not c["transposed"] and c["padding_mode"] != "zeros" and isinstance(c["padding"], (int, list)):
        p = c["padding"] if isinstance(c["padding"], list) else [c["padding"]] * 2
        result["padded"] = F.pad(t, (p[1], p[1], p[0], p[0]), mode=c["padding_mode"])[0, 0].tolist()
    return result


def stretched(t: torch.Tensor, c: dict) -> list:
    """The grid a transposed layer's kernel slides over, made by torch: the input stretched by a transposed
    convolution with a 1×1 kernel of 1 (s − 1 zeros between cells), then F.pad by d·(k − 1) − p on each side
    (negative: a crop) and output_padding more at the bottom and right."""
    p = c["padding"] if isinstance(c["padding"], list) else [c["padding"]] * 2
    one = torch.ones(1, 1, 1, 1, dtype=torch.float64)
    big = F.conv_transpose2d(t, one, stride=c["stride"])
    q = [c["dilation"] * (k - 1) - pp for k, pp in zip(c["kernel"], p)]
    op = c["output_padding"] if isinstance(c["output_padding"], list) else [c["output_padding"]] * 2
    return F.pad(big, (q[1], q[1] + op[1], q[0], q[0] + op[0]))[0, 0].tolist()


def cases() -> list[dict]:
    rng = random.Random(23)
    out = []
    for family in FAMILIES:
        found = 0
        while found < PER_FAMILY:
            c = config(rng, family)
            x, w = grid(rng, *c["input"]), grid(rng, *c["kernel"])
            expected = run(family, c, x, w)
            if expected is None:
                continue
            out.append({"family": family, "config": c, "input": x, "kernel": w, "expected": expected})
            found += 1
    return out


def finite(value):
    """JSON has no infinity: torch's −∞ (a max-pooling window that lies wholly in the padding) is written null."""
    if isinstance(value, list):
        return [finite(v) for v in value]
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    return None if value == float("-inf") else value


def text() -> str:
    """One case per line, keys sorted."""
    lines = [json.dumps(finite(c), sort_keys=True, separators=(",", ":"), allow_nan=False) for c in cases()]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main() -> int:
    FILE.parent.mkdir(parents=True, exist_ok=True)
    FILE.write_text(text(), encoding="utf-8")
    print(f"{len(FAMILIES) * PER_FAMILY} cases in {FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

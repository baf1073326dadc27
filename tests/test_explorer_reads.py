"""The explorer's status line names the cells an output cell reads (docs/assets/core/conv.mjs ``reads1d``): for
pooling, on every configuration of a small grid with and without ceil_mode, exactly the window torch reads.

torch tells which input cells a window covers (a probe input with one cell set, one per batch row) and how many
cells its average divides by (count_include_pad=True: the window clipped to the padded input). The status line
must list those input cells, and padding cells up to that count: a last window that runs past the padding
(ceil_mode) reads only the cells that are there.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import pytest
import torch
import torch.nn.functional as F

from tests.conftest import ROOT

NODE = shutil.which("node")
READS = """
import { reads1d } from "./docs/assets/core/conv.mjs";
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(cases.map((c) => {
  const conv = { input: [c.n, c.n], kernel: [c.k, c.k], stride: [c.s, c.s], dilation: [c.d, c.d],
    pads: [[c.p, c.p], [c.p, c.p]], transposed: false };
  return Array.from({ length: c.out }, (_, o) => reads1d(conv, 0, o));
})));
"""


def grid():
    for n, k, s, d, ceil in itertools.product(range(1, 8), range(1, 5), range(1, 4), range(1, 4), (False, True)):
        for p in range(0, ((k - 1) * d + 1) // 2 + 1):  # torch: pad at most half the effective window
            yield dict(n=n, k=k, s=s, d=d, p=p, ceil=ceil)


def windows(c: dict, kind: str) -> tuple[list[set[int]], list[int]]:
    """Per output cell: the input cells torch's window covers, and (average pooling) the count it divides by."""
    probe = torch.full((c["n"], 1, c["n"]), -1e9 if kind == "max" else 0.0, dtype=torch.float64)
    probe[range(c["n"]), 0, range(c["n"])] = 1.0
    common = dict(kernel_size=c["k"], stride=c["s"], padding=c["p"], ceil_mode=c["ceil"])
    if kind == "max":
        y = F.max_pool1d(probe, dilation=c["d"], **common)
        covered = [{i for i in range(c["n"]) if y[i, 0, o] == 1.0} for o in range(y.shape[-1])]
        return covered, []
    y = F.avg_pool1d(probe, count_include_pad=True, **common)
    covered = [{i for i in range(c["n"]) if y[i, 0, o] > 0} for o in range(y.shape[-1])]
    ones = F.avg_pool1d(torch.ones(1, 1, c["n"], dtype=torch.float64), count_include_pad=True, **common)[0, 0]
    return covered, [round(len(covered[o]) / float(ones[o])) for o in range(len(covered))]


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_the_status_line_names_the_cells_torch_pools_over():
    cases = []
    for c in grid():
        for kind in ("max", "avg"):
            if kind == "avg" and c["d"] > 1:
                continue  # average pooling has no dilation
            try:
                covered, divisors = windows(c, kind)
            except RuntimeError:
                continue  # torch refuses it (an empty output): the explorer draws nothing
            cases.append(dict(c, kind=kind, out=len(covered), covered=covered, divisors=divisors))
    listed = json.loads(
        subprocess.run(
            [NODE, "--input-type=module", "-e", READS],
            input=json.dumps([{k: c[k] for k in ("n", "k", "s", "d", "p", "out")} for c in cases]),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    )
    wrong, ceil_clipped = [], 0
    for c, reads in zip(cases, listed, strict=True):
        for o, cells in enumerate(reads):
            inside = {i for i in cells if 0 <= i < c["n"]}
            padding = [i for i in cells if not 0 <= i < c["n"]]
            ok = inside == c["covered"][o] and all(-c["p"] <= i < c["n"] + c["p"] for i in padding)
            if c["kind"] == "avg":
                ok = ok and len(cells) == c["divisors"][o]
            if not ok:
                wrong.append((c["kind"], {k: c[k] for k in ("n", "k", "s", "d", "p", "ceil")}, o, cells))
            ceil_clipped += len(cells) < c["k"]
    assert not wrong, wrong[:10]
    assert len(cases) > 900 and ceil_clipped > 50, (len(cases), ceil_clipped)  # the clipped windows were visited

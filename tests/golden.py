"""Golden vectors for the explorer's DOM-free core (docs/assets/core/*.mjs), written from convdocs.core.

    .venv/bin/python -m tests.golden            # writes tests/golden/*.json (commit them)
    node --test tests/node/                     # the core against them, in seconds

Every case is a configuration as the explorer gives it to its core and what convdocs.core answers: the shape,
the pads, the worked formulas, the divisors, the solve answers and lines, the stack's fields and reads, or
the refusal's whole one line (and for a transposed layer with an output_padding per dimension, its stretch).
Seeds are fixed and keys sorted: two runs write the same bytes, and tests/test_core_node.py checks that the
committed files are what this writes now. The Node tests read the catalogue the core takes as data from its
sources (convdocs/core/words/*.json, torch_text.json), as ``convdocs.core.torch_text.for_explorer()`` ships it.
Pure convdocs.core: no torch.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

from convdocs.core import pooling
from convdocs.core.conv import ConvError, check, formula
from convdocs.core.receptive import START, Step, layer_field, outside, reads, window
from convdocs.core.solve import solve, solve_text
from convdocs.core.torch_text import atlas_patterns
from convdocs.core.transposed import stretch
from convdocs.core.words import say
from tests import golden_atlas

FOLDER = Path(__file__).resolve().parent / "golden"
MAX_DRAWN = 48  # the explorer's drawing budget (docs/assets/core/conv.mjs): the stack reads cells only below it
EDGE = [0, 1, 2, 3, 5, 8, 2**31 - 1, 2**31, 2**33, 2**52]  # sizes at torch's 32- and 64-bit limits, below 2^53


def conv_cases(count: int, seed: int = 1):
    """Conv2d / ConvTranspose2d as the explorer's controls give them: one stride, one dilation, every padding form
    and mode; one in four gets one value torch refuses, and one in 25 sizes at the integer limits."""
    rng = random.Random(seed)
    odd = [
        ("input", lambda: [rng.randint(0, 3), 0]),
        ("kernel", lambda: [rng.choice([-1, 0]), rng.randint(1, 3)]),
        ("stride", lambda: 0),
        ("dilation", lambda: 0),
        ("padding", lambda: rng.choice([-1, "full", [1, 2, 3], [-1, 0], 9])),
        ("padding_mode", lambda: "wrap"),
        ("output_padding", lambda: rng.choice([2, 3, 5])),
    ]
    for n in range(count):
        transposed = rng.random() < 0.3
        config = dict(
            input=[rng.randint(3, 14), rng.randint(1, 14)],
            kernel=[rng.randint(1, 5), rng.randint(1, 5)],
            stride=rng.choice([1, 1, 2, 3, 4]),
            padding=rng.choice([0, 1, 2, 3, [2, 1], [0, 3]] + ([] if transposed else ["same", "valid"])),
            dilation=rng.choice([1, 1, 1, 2, 3]),
            padding_mode="zeros"
            if transposed and rng.random() < 0.9
            else rng.choice(["zeros", "zeros", "reflect", "replicate", "circular"]),
            transposed=transposed,
            output_padding=rng.choice([0, 0, 1]) if transposed else 0,
        )
        if rng.random() < 0.25:
            key, value = rng.choice(odd)
            config[key] = value()
        if n % 25 == 0:
            key = rng.choice(["input", "kernel"])
            config[key] = [rng.choice(EDGE[1:]), rng.choice(EDGE[1:])]
            config["stride"] = rng.choice([1, 2, 2**31])
        yield config


def exact_in_javascript(config: dict) -> bool:
    """Whether every size the explorer works out stays within 2^53 − 1: beyond it the explorer refuses (and says
    so) where convdocs.core computes exactly, so such a case is no golden one."""
    p = config["padding"] if isinstance(config["padding"], list) else [config["padding"]] * 2
    p = [v if isinstance(v, int) else 0 for v in p][:2] + [0] * (2 - len(p))
    s, d, most = config["stride"], config["dilation"], 2**53 - 1
    for i, k, pp in zip(config["input"], config["kernel"], p):
        if max(abs(i - 1) * abs(s), abs(d) * abs(k - 1) + 1, abs(i) + 2 * abs(pp) + abs(d * (k - 1))) > most:
            return False
    return True


def conv_expected(config: dict) -> dict:
    python = dict(
        config, padding=tuple(config["padding"]) if isinstance(config["padding"], list) else config["padding"]
    )
    try:
        conv = check(**python)
    except ConvError as error:
        return {"error": str(error)}
    return {
        "output": list(conv.output),
        "pads": [list(p) for p in conv.pads],
        "formula": [formula(conv, 0), formula(conv, 1)],
    }


def transposed_expected(config: dict) -> dict | None:
    """convdocs.core.transposed's Stretch along both axes of a transposed layer torch accepts (None otherwise)."""
    python = dict(
        config, padding=tuple(config["padding"]) if isinstance(config["padding"], list) else config["padding"]
    )
    try:
        conv = check(**python)
    except ConvError:
        return None
    if max(conv.input) > 64 or max(conv.stride) > 64 or min(conv.output) < 1:
        return None
    return {"axes": [json.loads(json.dumps(dataclasses.asdict(stretch(conv, a)))) for a in (0, 1)]}


def output_padding_cases(count: int, seed: int = 23):
    """ConvTranspose2d with an output_padding per dimension (height, width), as the explorer's Output padding takes
    one number or two: pairs that differ, and one in three with a number torch refuses (not below the stride nor
    the dilation, or negative)."""
    rng = random.Random(seed)
    for _ in range(count):
        stride, dilation = rng.choice([1, 2, 2, 3, 4]), rng.choice([1, 1, 2, 3])
        most = max(stride, dilation)
        pair = [rng.randint(0, most - 1), rng.randint(0, most - 1)]
        if rng.random() < 0.3:
            pair[rng.randint(0, 1)] = rng.choice([most, most + 1, -1])
        elif rng.random() < 0.05:  # three numbers typed: torch wants one or two
            pair.append(0)
        yield dict(
            input=[rng.randint(1, 12), rng.randint(1, 12)],
            kernel=[rng.randint(1, 5), rng.randint(1, 5)],
            stride=stride,
            padding=rng.choice([0, 1, 2, 3, [2, 1], [0, 3]]),
            dilation=dilation,
            padding_mode="zeros",
            transposed=True,
            output_padding=pair,
        )


def pool_cases(count: int, seed: int = 4):
    """MaxPool2d / AvgPool2d: ceil_mode, count_include_pad, dilation, tuples; one in four gets a value torch
    refuses, and more are refused for their padding or size."""
    rng = random.Random(seed)
    odd = [
        ("input", lambda: [rng.randint(0, 3), 0]),
        ("kernel", lambda: rng.choice([[0, 2], [1, 2, 3], [2, -1]])),
        ("stride", lambda: rng.choice([[0], [1, 2, 3], [2, 0]])),
        ("padding", lambda: rng.choice([[-1], [1, 1, 1], [4]])),
        ("dilation", lambda: rng.choice([[0], [1, 0]])),
    ]
    for _ in range(count):
        name = rng.choice(["MaxPool2d", "AvgPool2d"])
        kernel = rng.choice([[rng.randint(1, 6), rng.randint(1, 6)], [rng.randint(1, 5)]])
        config = dict(
            input=[rng.randint(1, 17), rng.randint(1, 12)],
            kernel=kernel,
            stride=rng.choice([[], [1], [2], [3], [2, 1], [1, 3]]),
            padding=[rng.randint(0, min(kernel) // 2)]
            if rng.random() < 0.8
            else [rng.randint(0, 2), rng.randint(0, 2)],
            ceil_mode=rng.random() < 0.5,
        )
        if name == "MaxPool2d":
            config["dilation"] = rng.choice([[1], [1], [2], [3], [1, 2]])
        else:
            config["count_include_pad"] = rng.random() < 0.5
        if rng.random() < 0.25:
            key, value = rng.choice(odd)
            if key != "dilation" or name == "MaxPool2d":
                config[key] = value()
        yield name, config


def pool_expected(name: str, config: dict) -> dict:
    python = {key: tuple(v) if isinstance(v, list) else v for key, v in config.items()}
    make = pooling.max_pool if name == "MaxPool2d" else pooling.avg_pool
    try:
        pool = make(**python)
    except ConvError as error:
        return {"error": str(error)}
    divisors = None
    if pool.kind == "avg" and pool.output[0] * pool.output[1] <= 256:  # the explorer lists up to 256
        divisors = [pool.divisor((r, c)) for r in range(pool.output[0]) for c in range(pool.output[1])]
    return {
        "output": list(pool.output),
        "pads": [list(p) for p in pool.pads],
        "formula": [pooling.formula(pool, 0), pooling.formula(pool, 1)],
        "divisors": divisors,
    }


def solve_cases(count: int, seed: int = 14):
    """Solve questions: reachable, unreachable, odd totals, transposed, and invalid ones."""
    rng = random.Random(seed)
    for _ in range(count):
        yield dict(
            input=[rng.randint(1, 14), rng.randint(1, 14)],
            kernel=[rng.randint(0, 7), rng.randint(1, 7)],
            stride=[rng.choice([0, 1, 1, 2, 3, 4])] * 2,
            dilation=[rng.choice([1, 1, 2, 3])] * 2,
            output=[rng.choice([0, 1]) if rng.random() < 0.03 else rng.randint(1, 16), rng.randint(1, 16)],
            transposed=rng.random() < 0.4,
            extra=rng.choice([None, "after", "before"]),  # a transposed layer refuses any (solve.no_extra_transposed)
        )


def solve_expected(case: dict) -> dict:
    try:
        answer = solve(**case)
    except ConvError as error:
        return {"error": str(error)}
    return {"json": answer.as_json(), "lines": solve_text(answer).splitlines()[1:]}


def stack_cases(count: int, seed: int = 12, per_axis: bool = False):
    """Stacks of one to four Conv2d / MaxPool2d / AvgPool2d layers, and an output cell of the last one; with
    ``per_axis``, strides and dilations given per dimension (height, width) too."""
    rng = random.Random(seed)

    def axes(value, choices):
        return [value, rng.choice(choices)] if per_axis and rng.random() < 0.5 else value

    for _ in range(count):
        net = []
        for _ in range(rng.randint(1, 4)):
            layer = rng.choice(["Conv2d", "MaxPool2d", "AvgPool2d"])
            k = rng.randint(1, 5)
            most = 2 if layer == "Conv2d" else k // 2  # more padding than half the window: pooling refuses
            padding = (
                rng.choice([rng.randint(0, most), [rng.randint(0, most), 0]])
                if rng.random() < 0.9
                else rng.choice([3, -1])
            )
            if layer == "Conv2d" and rng.random() < 0.15:
                padding = rng.choice(["same", "valid"])
            net.append(
                {
                    "layer": layer,
                    "kernel": [k, rng.randint(1, 5) if rng.random() < 0.5 else k],
                    "stride": axes(rng.choice([1, 1, 2, 2, 3]), [1, 2, 3]),
                    "padding": padding,
                    "dilation": axes(rng.randint(1, 2), [1, 2, 3]) if layer != "AvgPool2d" else 1,
                }
            )
        yield {"input": [rng.randint(4, 40), rng.randint(1, 40)], "net": net, "where": [rng.random(), rng.random()]}


def stack_expected(case: dict) -> dict:
    """What the explorer's stack shows: per layer the output and r, S, P; for the chosen cell its window, the
    cells outside the input, and (when every grid is within the drawing budget) the input cells it reads."""
    size, fields, layers = list(case["input"]), [START, START], []
    for i, L in enumerate(case["net"]):
        k, s, d = (tuple(v) if isinstance(v, list) else v for v in (L["kernel"], L["stride"], L["dilation"]))
        p = tuple(L["padding"]) if isinstance(L["padding"], list) else L["padding"]
        try:
            if L["layer"] == "Conv2d":
                got = check(tuple(size), k, s, p, d)
            elif L["layer"] == "MaxPool2d":
                got = pooling.max_pool(tuple(size), k, s, p, d)
            else:
                got = pooling.avg_pool(tuple(size), k, s, p)
        except ConvError as error:
            return {"error": say("stack.layer_error", n=i + 1, layer=L["layer"], message=str(error))}
        steps = [
            Step("window", size[a], got.output[a], got.kernel[a], got.stride[a], got.dilation[a], *got.pads[a])
            for a in (0, 1)
        ]
        fields = [layer_field(f, st.kernel, st.stride, st.dilation, st.before) for f, st in zip(fields, steps)]
        layers.append((list(size), [list(p) for p in got.pads], list(got.output), steps, fields))
        size = list(got.output)
    cell = [min(int(w * n), n - 1) for w, n in zip(case["where"], size)]
    last = layers[-1][4]
    out = {
        "cell": cell,
        "shapes": [o for _, _, o, _, _ in layers],
        "fields": [[[f.r, f.S, f.P] for f in fs] for *_, fs in layers],
        "window": [list(window(last[a], cell[a])) for a in (0, 1)],
        "outside": [outside(last[a], cell[a], case["input"][a]) for a in (0, 1)],
    }
    grids = [[p[a][0] + p[a][1] + i[a] for a in (0, 1)] for i, p, *_ in layers] + [size]
    if all(n <= MAX_DRAWN for g in grids for n in g):
        out["reads"] = []
        for a in (0, 1):
            cells, padded = reads([steps[a] for *_, steps, _ in layers], cell[a])
            out["reads"].append({"cells": sorted(cells), "padded": padded})
    return out


def families() -> dict[str, list]:
    """Every golden file's cases: {file stem: [case, ...]}."""
    return {
        "conv": [{"config": c, "expected": conv_expected(c)} for c in conv_cases(2600) if exact_in_javascript(c)],
        "transposed": [
            {"config": c, "expected": e}
            for c in conv_cases(2600)
            if c["transposed"] and exact_in_javascript(c) and (e := transposed_expected(c)) is not None
        ],
        "output_padding": [
            {"config": c, "expected": conv_expected(c), "stretch": transposed_expected(c)}
            for c in output_padding_cases(600)
        ],
        "pooling": [{"layer": n, "config": c, "expected": pool_expected(n, c)} for n, c in pool_cases(2000)],
        "solve": [{"case": c, "expected": solve_expected(c)} for c in solve_cases(1500)],
        "stack": [
            {"case": c, "expected": stack_expected(c)}
            for c in [*stack_cases(1000), *stack_cases(400, seed=13, per_axis=True)]
        ],
        "atlas_patterns": atlas_patterns(),  # the matcher's data, as the build ships it
        "atlas_match": golden_atlas.cases(),
    }


def dump(cases: list) -> str:
    """One case per line (a change shows as a line in a diff), keys sorted."""
    lines = [json.dumps(c, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for c in cases]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def files() -> dict[str, str]:
    """{file name: text} for every golden file."""
    return {f"{name}.json": dump(cases) for name, cases in families().items()}


def main() -> int:
    FOLDER.mkdir(exist_ok=True)
    written = files()
    for name, text in written.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    for stale in sorted(set(p.name for p in FOLDER.glob("*.json")) - set(written)):
        (FOLDER / stale).unlink()
    counts = {name: text.count("\n") - 2 for name, text in written.items()}
    print(f"{sum(counts.values())} golden cases in {FOLDER}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

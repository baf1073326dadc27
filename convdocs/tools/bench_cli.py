"""The CLI's slowest answer over a fuzzed set of command lines (``make bench``; issue 25: every command answers
any input within 1 s on 2 cores).

A fixed seed draws ``shape``, ``solve`` and ``draw`` command lines with sizes from 1 to 10¹⁸, strides and
kernels up to 10⁷, layers of every family, bad arities and cells, plus the hostile cases the issue lists;
each runs in this process (as ``python -m convdocs`` would, without the interpreter's start-up) and is timed.
``trace`` is not fuzzed: it runs the user's model, and its time is bounded by ``--timeout``.

    python -m convdocs.tools.bench_cli [COUNT]
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.0  # seconds per answer
SIZES = [1, 2, 3, 5, 7, 9, 16, 100, 1000, 100_000, 10_000_000, 10**12, 10**18]
LAYERS = [
    "MaxPool2d",
    "AvgPool2d",
    "AvgPool1d",
    "LPPool2d",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool1d",
    "ZeroPad2d",
    "ReflectionPad2d",
    "ConstantPad1d",
    "Unfold",
]
HOSTILE = [
    ["shape", "--layer", "AdaptiveAvgPool2d", "--output-size", "1000000000000000000", "1", "--input", "4", "4"],
    ["shape", "--layer", "AvgPool2d", "--kernel", "3", "--input", "100000", "100000"],
    ["solve", "--transposed", "--input", "5", "--kernel", "3", "--stride", "10000000", "--output", "10000000"],
    ["solve", "--input", "9", "--kernel", "3", "--stride", "10000000", "--output", "1"],
    ["draw", "--input", "5", "5", "--kernel", "3", "--cell", "1", "-o", "{out}/f.svg"],
]


def fuzzed(count: int, seed: int = 25) -> list[list[str]]:
    """``count`` command lines drawn with ``seed``, after the hostile cases."""
    pick = random.Random(seed)

    def size() -> str:
        return str(pick.choice(SIZES))

    def small() -> str:
        return str(pick.choice(SIZES[:9]))

    lines = [list(h) for h in HOSTILE]
    while len(lines) < count + len(HOSTILE):
        n = pick.choice([1, 2, 2, 3])
        command = pick.choice(["shape", "shape", "solve", "draw"])
        args = [command, "--input", *(size() for _ in range(n))]
        if command != "solve" and pick.random() < 0.4:
            args += ["--layer", pick.choice(LAYERS)]
            if "Adaptive" in args[-1]:
                args += ["--output-size", *(size() for _ in range(pick.choice([1, n])))]
            elif "Pad" in args[-1]:
                args += ["--padding", *(small() for _ in range(pick.choice([1, 2 * n])))]
            else:
                args += ["--kernel", *(small() for _ in range(pick.choice([1, n])))]
        else:
            args += ["--kernel", *(pick.choice([small(), size()]) for _ in range(pick.choice([1, n])))]
            args += ["--stride", pick.choice([small(), size()])]
            if pick.random() < 0.3:
                args += ["--dilation", small()]
            if pick.random() < 0.3:
                args += ["--transposed"]
            if command == "solve":
                args += ["--output", *(size() for _ in range(n))]
            elif pick.random() < 0.4:
                args += ["--padding", pick.choice(["same", "valid", small()])]
        if command == "draw":
            if pick.random() < 0.5:
                args += ["--cell", *(str(pick.randrange(-1, 4)) for _ in range(pick.choice([1, n, n + 1])))]
            args += ["-o", "{out}/f." + pick.choice(["svg", "png"])]
        if pick.random() < 0.3 and command != "draw":
            args += ["--json"]
        lines.append(args)
    return lines


def answer_time(argv: list[str]) -> float:
    """Seconds ``python -m convdocs ARGV`` takes to answer, in this process (its output dropped)."""
    from convdocs.cli.main import main

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(argv)
        except SystemExit:
            pass
    return time.perf_counter() - started


def slowest(count: int = 300) -> tuple[float, list[str], int]:
    """(the slowest answer's seconds, its command line, how many command lines ran)."""
    worst: tuple[float, list[str]] = (0.0, [])
    with tempfile.TemporaryDirectory() as out:
        lines = [[a.replace("{out}", out) for a in argv] for argv in fuzzed(count)]
        for warm in (
            ["shape", "--input", "5", "--kernel", "3"],
            ["draw", "--input", "5", "--kernel", "3", "-o", f"{out}/w.png"],
        ):
            answer_time(warm)  # imports (matplotlib for PNG), once: python -m convdocs pays them at start-up
        for argv in lines:
            took = answer_time(argv)
            if took > worst[0]:
                worst = (took, argv)
    return worst[0], worst[1], len(lines)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    took, argv, ran = slowest(count)
    shown = " ".join(a.replace(str(Path(tempfile.gettempdir())), "$TMP") for a in argv)
    print(f"slowest of {ran} CLI answers: {took:.3f} s (budget {BUDGET:g} s): python -m convdocs {shown}")
    return 0 if took <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())

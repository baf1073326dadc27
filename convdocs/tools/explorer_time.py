"""The explorer's solve (its DOM-free core, docs/assets/core/solve.mjs) run in Node on given cases
(``convdocs/tools/explorer_solve.mjs``): what it
answers and how long each answer took. ``make bench`` reports the slowest over the CLI's hostile cases and a
fuzzed set; tests/test_explorer_bounded.py compares every answer with ``convdocs.core.solve``."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from convdocs.core.torch_text import for_explorer

RUNNER = Path(__file__).with_name("explorer_solve.mjs")
BUDGET_MS = 50.0  # issue 25: solve does at most 50 ms of work per change
HOSTILE = [
    dict(input=[5, 5], kernel=[3, 3], stride=[s, s], dilation=[1, 1], output=[s, s], transposed=True)
    for s in (10, 1000, 10_000_000)
] + [dict(input=[9, 9], kernel=[3, 3], stride=[10_000_000] * 2, dilation=[1, 1], output=[1, 1], transposed=False)]


def cases(count: int, seed: int = 25) -> list[dict]:
    """The hostile cases, then ``count`` drawn with ``seed`` (sizes up to 10⁷, strides up to 10⁷)."""
    pick = random.Random(seed)
    big = [1, 2, 3, 5, 9, 100, 10_000, 10_000_000]
    drawn = [
        dict(
            input=[pick.choice(big), pick.choice(big)],
            kernel=[pick.choice(big[:5]), pick.choice(big[:5])],
            stride=[pick.choice(big)] * 2,
            dilation=[pick.choice([1, 2, 3])] * 2,
            output=[pick.choice(big), pick.choice(big)],
            transposed=pick.random() < 0.5,
        )
        for _ in range(count)
    ]
    return HOSTILE + drawn


def run(given: list[dict]) -> list[dict]:
    """What the explorer's solve answers for each case: {json, lines, ms} or {error, ms}."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed: the explorer's solve cannot be timed")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "cases.json").write_text(json.dumps(given))
        (Path(folder) / "words.json").write_text(for_explorer())
        done = subprocess.run(
            [node, str(RUNNER), f"{folder}/cases.json", f"{folder}/words.json"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return json.loads(done.stdout)


def slowest(count: int = 300) -> tuple[float, dict]:
    """(the slowest answer's milliseconds, its case)."""
    given = cases(count)
    answers = run(given)
    worst = max(range(len(given)), key=lambda i: answers[i]["ms"])
    return answers[worst]["ms"], given[worst]

"""The CLI does bounded work on any input (issue 25): closed forms, capped lists, one-line refusals, guarded
model files, figures written whole or not at all."""

from __future__ import annotations

import json
import time

import pytest

from tests.cli_run import cli


def one_error_line(err: str) -> bool:
    return err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def ends_with_one_error_line(err: str) -> bool:
    """What the model file printed (on stderr), then one error line."""
    lines = err.splitlines()
    return bool(lines) and one_error_line(lines[-1] + "\n") and "Traceback" not in err and err.count("error: ") == 1


def timed(*args: str) -> tuple:
    started = time.perf_counter()
    status, out, err = cli(*args)
    return time.perf_counter() - started, status, out, err


def test_solve_transposed_with_a_huge_stride_answers_at_once_with_the_first_pairs_and_a_count():
    took, status, out, err = timed(
        "solve", "--transposed", "--input", "5", "--kernel", "3", "--stride", "10000000", "--output", "10000000"
    )
    assert status == 0 and took < 1, took
    lines = out.splitlines()
    assert lines[1] == "padding=15000002, output_padding=1" and lines[10] == "padding=15000011, output_padding=19"
    assert lines[11] == "... showing the first 10 of 5,000,000 pairs (--all prints every one)"
    took, status, out, err = timed(
        "solve", "--transposed", "--input", "5", "5", "--kernel", "3", "--stride", "10000000", "--output",
        "10000000", "10000000", "--json",
    )  # fmt: skip
    answer = json.loads(out)
    assert took < 1 and answer["transposed_count"] == 5_000_000**2 and len(answer["transposed"]) == 10


def test_solve_with_millions_of_paddings_prints_a_few_lines():
    took, status, out, err = timed("solve", "--input", "9", "--kernel", "3", "--stride", "10000000", "--output", "1")
    assert status == 0 and took < 1 and len(out) < 1000, (took, len(out))
    assert "every padding that works: length 0, 1, ..., 4999996 (4,999,997 values)" in out


def test_all_prints_every_pair_within_its_budget_and_refuses_past_it():
    status, out, _ = cli(
        "solve", "--transposed", "--input", "5", "--kernel", "3", "--stride", "40", "--output", "100", "--all"
    )
    pairs = [line for line in out.splitlines() if line.startswith("padding=")]
    assert status == 0 and len(pairs) == 20 and pairs[-1] == "padding=51, output_padding=39"
    took, status, out, err = timed(
        "solve",
        "--transposed",
        "--input",
        "5",
        "--kernel",
        "3",
        "--stride",
        "10000000",
        "--output",
        "10000000",
        "--all",
    )
    assert status == 2 and out == "" and one_error_line(err) and took < 1
    assert "5,000,000 answers: more than --all prints (100,000)" in err


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (["1"], "--cell takes 2 values (one per output dimension), got 1"),
        (["1", "2", "3"], "--cell takes 2 values (one per output dimension), got 3"),
        (["3", "0"], "--cell 3 0 is outside the output of size 3 × 3"),
        (["0", "-1"], "--cell 0 -1 is outside the output of size 3 × 3"),
    ],
)
def test_draw_checks_the_cell(tmp_path, cell, message):
    status, out, err = cli("draw", "--input", "5", "5", "--kernel", "3", "--cell", *cell, "-o", str(tmp_path / "f.svg"))
    assert status == 2 and out == "" and one_error_line(err) and message in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_draw_leaves_the_old_file_whole(tmp_path, monkeypatch):
    from convdocs.figures import svg

    target = tmp_path / "f.svg"
    target.write_text("<svg>old</svg>")

    def broken(drawing):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(svg, "render", broken)
    status, out, err = cli("draw", "--input", "5", "5", "--kernel", "3", "-o", str(target))
    assert status == 2 and one_error_line(err) and "No space left on device" in err
    assert target.read_text() == "<svg>old</svg>" and [p.name for p in tmp_path.iterdir()] == ["f.svg"]
    monkeypatch.undo()
    assert cli("draw", "--input", "5", "5", "--kernel", "3", "-o", str(target))[0] == 0
    assert target.read_text().startswith("<svg") and "old" not in target.read_text()


MODEL = """
import os
import sys

import torch.nn as nn

print("the model file says hello")


def net():
    print("building")
    return nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.Conv2d(2, 2, 3, stride=2))


def exits():
    sys.exit(3)


def hard_exit():
    os._exit(5)


def interrupted():
    raise KeyboardInterrupt


def endless():
    while True:
        pass
"""


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "model.py"
    path.write_text(MODEL)
    return path


def test_trace_json_stays_pure_when_the_model_prints(model):
    status, out, err = cli("trace", f"{model}:net", "--input", "1", "1", "9", "9", "--json")
    assert status == 0 and json.loads(out)["output"] == [1, 2, 4, 4]
    assert "the model file says hello" in err and "building" in err  # shown, on stderr


@pytest.mark.parametrize(
    ("name", "args", "says"),
    [
        ("exits", [], "stopped with sys.exit(3)"),
        ("hard_exit", [], "ended the process with exit status 5"),
        ("interrupted", [], "stopped with KeyboardInterrupt"),
        ("endless", ["--timeout", "2"], "ran past 2 s and was stopped (--timeout)"),
    ],
)
def test_trace_reports_a_model_that_exits_is_interrupted_or_runs_forever_in_one_line(model, name, args, says):
    took, status, out, err = timed("trace", f"{model}:{name}", "--input", "1", "1", "9", "9", *args)
    assert status == 2 and out == "" and ends_with_one_error_line(err) and says in err and took < 30, (err, took)
    assert err.splitlines()[-1].startswith(f"error: the model file {model} ")


@pytest.mark.parametrize("size", ["100000000", "9223372036854775807"])
def test_trace_refuses_a_huge_input_in_one_line(model, size):
    took, status, out, err = timed("trace", f"{model}:net", "--input", "1", "1", size, size)
    assert status == 2 and out == "" and ends_with_one_error_line(err) and took < 10, (err, took)


def test_trace_timeout_is_checked():
    status, out, err = cli("trace", "x.py:net", "--input", "1", "1", "9", "9", "--timeout", "0")
    assert status == 2 and one_error_line(err) and "--timeout" in err


# pooling and adaptive pooling: closed forms instead of loops over the output


def test_avg_pool_divisors_match_every_cell_on_a_grid():
    import itertools

    from convdocs.core import pooling
    from convdocs.core.errors import ConvError

    checked = 0
    for size, k, s, p, ceil, cip in itertools.product(
        range(1, 9), range(1, 6), range(1, 4), range(0, 3), (False, True), (False, True)
    ):
        for shape, kernel in (((size,), k), ((size, 9 - size), (k, max(1, k - 1)))):
            try:
                pool = pooling.avg_pool(shape, kernel, s, p, ceil_mode=ceil, count_include_pad=cip)
            except ConvError:
                continue
            every = sorted({pool.divisor(c) for c in itertools.product(*map(range, pool.output))})
            assert pooling.divisors_text(pool) == ", ".join(map(str, every)), (shape, kernel, s, p, ceil, cip)
            for axis in range(pool.ndim):
                values, low, high = pool.axis_divisors(axis, most=0)  # the extremes alone
                column = [pool.axis_divisor(axis, o) for o in range(pool.output[axis])]
                assert values is None or values == sorted(set(column))
                assert (low, high) == (min(column), max(column))
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    "args",
    [
        ["--layer", "AvgPool2d", "--kernel", "3", "--input", "100000", "100000"],
        ["--layer", "AvgPool2d", "--kernel", "7", "16", "--input", "1000000000000", "1000000000000000000"],
        ["--layer", "AvgPool1d", "--kernel", "1000001", "--stride", "1", "--padding", "500000", "--input", "3000000"],
        ["--layer", "AdaptiveAvgPool2d", "--output-size", "10000000", "16", "--input", "10000000", "3"],
    ],
)
def test_pooling_shape_answers_huge_sizes_at_once(args):
    took, status, out, err = timed("shape", *args)
    assert status == 0 and took < 1 and len(out) < 2000, (took, err, len(out))


def test_avg_pool_with_a_huge_kernel_lists_its_extremes():
    status, out, _ = cli(
        "shape",
        "--layer",
        "AvgPool1d",
        "--kernel",
        "1000001",
        "--stride",
        "1",
        "--padding",
        "500000",
        "--input",
        "3000000",
        "--no-count-include-pad",
    )
    assert status == 0 and "divisors: from 500001 to 1000001 (too many distinct values to list)" in out


def test_adaptive_pooling_past_what_torch_can_allocate_is_refused_in_one_line():
    took, status, out, err = timed(
        "shape", "--layer", "AdaptiveAvgPool2d", "--output-size", "1000000000000000000", "1", "--input", "4", "4"
    )
    assert status == 2 and out == "" and one_error_line(err) and took < 1
    assert "would hold 1,000,000,000,000,000,000 elements" in err and "more than torch can allocate" in err

"""python -m convdocs: answers, errors, speed, and agreement with torch."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.core import conv as geometry
from convdocs.figures import scene, svg
from tests import oracle
from tests.cli_run import cli, imports_nothing_heavy
from tests.conftest import children_cpu


def test_shape_works_the_formula_through():
    status, out, _ = cli("shape", "--input", "7", "7", "--kernel", "3", "--stride", "2", "--padding", "1")
    assert status == 0
    assert out.splitlines() == [
        "output: 4 × 4",
        "height: ⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4",
        "width: ⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4",
    ]


def test_json_gives_output_and_padding_per_side():
    status, out, _ = cli("shape", "--input", "7", "6", "--kernel", "4", "--padding", "same", "--json")
    assert status == 0
    assert json.loads(out) == {"output": [7, 6], "padding": [[1, 2], [1, 2]]}


def test_per_dimension_values_and_transposed():
    status, out, _ = cli(
        *"shape --input 5 5 --kernel 3 --stride 2 --padding 1 --transposed --output-padding 1 0 --json".split()
    )
    assert status == 0 and json.loads(out)["output"] == [10, 9]


def test_invalid_input_is_one_line_with_exit_status_2():
    cases = [
        ("shape", "--input", "7", "7", "--kernel", "3", "--stride", "2", "--padding", "same"),
        ("shape", "--input", "3", "--kernel", "3", "--padding", "3", "--padding-mode", "reflect"),
        ("shape", "--input", "3", "3", "--kernel", "3", "3", "3"),
        ("shape", "--input", "7", "x", "--kernel", "3"),
        ("shape", "--input", "7", "--kernel", "3", "--padding-mode", "edge"),
        ("shape", "--input", "7", "--kernel", "3", "--padding", "full"),
        ("shape", "--input", "7", "--kernel", "9"),
        ("draw", "--input", "7", "--kernel", "3", "-o", "/nonexistent/dir/fig.svg"),
        ("shape",),
    ]
    for args in cases:
        status, out, err = cli(*args)
        assert status == 2, args
        assert err.startswith("error: ") and err.count("\n") == 1, (args, err)
        assert "Traceback" not in err and out == ""


def test_shape_needs_neither_torch_nor_matplotlib_and_is_fast():
    status, err = imports_nothing_heavy(["shape", "--input", "7", "7", "--kernel", "3"])
    assert status == 0, err
    started = children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "convdocs", "shape", "--input", "7", "7", "--kernel", "3"],
        capture_output=True,
        text=True,
    )
    elapsed = children_cpu() - started  # CPU seconds: the interpreter starts, answers and exits
    assert done.returncode == 0 and elapsed < 0.5, elapsed


@pytest.mark.slow
def test_draw_writes_svg_and_png(tmp_path):
    args = ["--input", "6", "6", "--kernel", "3", "--stride", "2", "--padding", "1"]
    assert cli("draw", *args, "-o", str(tmp_path / "f.svg"))[0] == 0
    conv = geometry.check(input=(6, 6), kernel=3, stride=2, padding=1)
    assert (tmp_path / "f.svg").read_text() == svg.render(scene.build(conv, (0, 0)))
    assert cli("draw", *args, "--cell", "1", "2", "-o", str(tmp_path / "f.png"))[0] == 0
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_draw_refuses_3d_with_one_line():
    status, _, err = cli("draw", "--input", "3", "3", "3", "--kernel", "1", "-o", "x.svg")
    assert status == 2 and err.startswith("error: figures are drawn for 1-d and 2-d")


values = st.integers(0, 4)


@st.composite
def cli_configs(draw):
    n = draw(st.integers(1, 3))
    many = lambda strategy: draw(
        st.one_of(
            st.lists(strategy, min_size=1, max_size=1),  # noqa: E731
            st.lists(strategy, min_size=n, max_size=n),
        )
    )
    args = ["--input", *map(str, draw(st.lists(st.integers(1, 8), min_size=n, max_size=n)))]
    args += ["--kernel", *map(str, many(st.integers(1, 5)))]
    args += ["--stride", *map(str, many(st.integers(1, 3)))]
    args += ["--dilation", *map(str, many(st.integers(1, 3)))]
    transposed = draw(st.booleans())
    if transposed:
        args += ["--transposed", "--output-padding", *map(str, many(st.integers(0, 2)))]
        args += ["--padding", *map(str, many(values))]
    else:
        args += ["--padding-mode", draw(st.sampled_from(geometry.PADDING_MODES))]
        args += [
            "--padding",
            *draw(st.one_of(st.sampled_from([["same"], ["valid"]]), st.just(list(map(str, many(values)))))),
        ]
    return args


def _config(args):
    """The same configuration as torch keywords (one value = an int, as the CLI means it)."""
    keys = {
        "--input": "input",
        "--kernel": "kernel",
        "--stride": "stride",
        "--dilation": "dilation",
        "--padding": "padding",
        "--output-padding": "output_padding",
        "--padding-mode": "padding_mode",
    }
    config, key = {"transposed": False}, None
    for word in args:
        if word == "--transposed":
            config["transposed"] = True
        elif word in keys:
            key = keys[word]
            config[key] = []
        else:
            config[key].append(word if not word.isdigit() else int(word))
    for key, value in config.items():
        if isinstance(value, list):
            config[key] = value[0] if len(value) == 1 and key not in ("input",) else tuple(value)
    return config


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(cli_configs())
def test_cli_accepts_and_rejects_what_torch_does(args):
    status, out, _ = cli("shape", *args, "--json")
    torch_says = oracle.output_shape(**_config(args))
    if isinstance(torch_says, Exception):
        assert status == 2, (args, torch_says)
    else:
        assert status == 0 and tuple(json.loads(out)["output"]) == torch_says, args

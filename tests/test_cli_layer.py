"""python -m convdocs shape/draw --layer NAME: pooling and padding layers from the command line, against torch."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.core import layers
from convdocs.figures import pool_scene as scene_pool
from convdocs.figures import svg
from tests import oracle_layers as oracle
from tests.cli_run import cli


def test_max_pool_shape_with_ceil_mode_names_the_dropped_window():
    status, out, _ = cli(*"shape --layer MaxPool1d --input 5 --kernel 2 --stride 2 --padding 1 --ceil-mode".split())
    assert status == 0
    assert out.splitlines() == [
        "output: 3",
        "padding: 1 cell of −∞ on every side",
        "length: ⌈(5 + 2·1 − 2) / 2⌉ + 1 = 4, minus the window that would start in the right padding = 3",
    ]
    assert oracle.pool("MaxPool1d", (5,), kernel_size=2, stride=2, padding=1, ceil_mode=True) == (3,)


def test_max_pool_ceil_mode_window_dropped_past_the_padding_is_not_said_to_start_in_it():
    # starts −1, 2, 5 on a 4-cell input with 1 padding: 5 is past the right padding (cell 4), not in it
    status, out, _ = cli(*"shape --layer MaxPool1d --input 4 --kernel 2 --stride 3 --padding 1 --ceil-mode".split())
    assert status == 0
    assert out.splitlines()[-1] == (
        "length: ⌈(4 + 2·1 − 2) / 3⌉ + 1 = 3, minus the window that would start past the right padding = 2"
    )
    assert oracle.pool("MaxPool1d", (4,), kernel_size=2, stride=3, padding=1, ceil_mode=True) == (2,)


def test_pooling_stride_defaults_to_the_kernel():
    status, out, _ = cli("shape", "--layer", "MaxPool2d", "--input", "7", "7", "--kernel", "2", "--json")
    assert status == 0 and json.loads(out) == {
        "output": [3, 3],
        "padding": [[0, 0], [0, 0]],
    }
    assert oracle.pool("MaxPool2d", (7, 7), kernel_size=2) == (3, 3)


def test_avg_pool_prints_its_divisors_with_and_without_padding_counted():
    args = (
        "shape",
        "--layer",
        "AvgPool2d",
        "--input",
        "5",
        "5",
        "--kernel",
        "3",
        "--stride",
        "1",
        "--padding",
        "1",
    )
    assert cli(*args)[1].splitlines()[-1] == "divisors: 9"
    assert cli(*args, "--no-count-include-pad")[1].splitlines()[-1] == "divisors: 4, 6, 9 (count_include_pad=False)"
    assert cli(*args, "--divisor-override", "2")[1].splitlines()[-1] == "divisors: 2"


def test_padding_layer_json_has_per_side_padding():
    status, out, _ = cli(*"shape --layer ZeroPad2d --input 3 3 --padding 1 1 2 0 --json".split())
    assert status == 0 and json.loads(out) == {
        "output": [5, 5],
        "padding": [[2, 0], [1, 1]],
    }
    status, out, _ = cli(*"shape --layer ConstantPad1d --input 5 --padding -1 2 --value 3.5".split())
    assert status == 0 and out.splitlines()[:3] == [
        "output: 6",
        "padding: constant 3.5",
        "length: −1 + 5 + 2 = 6",
    ]


def test_rejections_are_torch_words_on_one_line():
    cases = [
        (
            "--layer MaxPool2d --input 7 7 --kernel 3 --padding 2".split(),
            oracle.pool("MaxPool2d", (7, 7), kernel_size=3, padding=2),
        ),
        (
            ["--layer", "ReflectionPad2d", "--input", "3", "3", "--padding", "3"],
            oracle.layer("ReflectionPad2d", (1, 1, 3, 3), padding=3),
        ),
        (
            "--layer AvgPool2d --input 4 4 --kernel 2 --divisor-override 0".split(),
            oracle.pool("AvgPool2d", (4, 4), kernel_size=2, divisor_override=0),
        ),
        (
            ["--layer", "Unfold", "--input", "5", "6", "--kernel", "7"],
            oracle.layer("Unfold", (1, 1, 5, 6), kernel_size=7),
        ),
    ]
    for args, torch_says in cases:
        status, out, err = cli("shape", *args)
        assert isinstance(torch_says, Exception)
        assert status == 2 and out == "" and err.count("\n") == 1, (args, err)
        kind = type(torch_says).__name__
        assert err.startswith(f"error: PyTorch: {kind}: {oracle.first_line(torch_says)} — convdocs: "), (args, err)


def test_options_a_layer_does_not_take_are_refused():
    status, _, err = cli(*"shape --layer MaxPool2d --input 7 7 --kernel 3 --value 1".split())
    assert status == 2 and err.startswith("error: MaxPool2d takes no value")
    status, _, err = cli(*"shape --layer Conv2d --input 7 7 --kernel 3 --transposed".split())
    assert status == 2 and "ConvTranspose2d" in err
    status, _, err = cli("shape", "--input", "7", "7")
    assert status == 2 and err == "error: the following arguments are required: --kernel\n"


def test_layer_conv_is_the_same_as_without_layer():
    args = ["--input", "7", "6", "--kernel", "4", "--padding", "same"]
    assert cli("shape", "--layer", "Conv2d", *args) == cli("shape", *args)


def test_draw_layer_writes_the_pooling_figure(tmp_path):
    path = tmp_path / "pool.svg"
    status, out, _ = cli(
        "draw",
        "--layer",
        "MaxPool2d",
        "--input",
        "6",
        "6",
        "--kernel",
        "3",
        "--stride",
        "2",
        "--padding",
        "1",
        "--ceil-mode",
        "--cell",
        "0",
        "0",
        "-o",
        str(path),
    )
    assert status == 0 and out == f"wrote {path}\n"
    geo = layers.layer("MaxPool2d", (6, 6), kernel=3, stride=2, padding=1, ceil_mode=True)
    assert path.read_text() == svg.render(scene_pool.build(geo, (0, 0)))
    assert (
        cli(
            "draw",
            "--layer",
            "ZeroPad1d",
            "--input",
            "4",
            "--padding",
            "1",
            "-o",
            str(tmp_path / "p.png"),
        )[0]
        == 0
    )
    status, _, err = cli(
        "draw",
        "--layer",
        "AvgPool2d",
        "--input",
        "4",
        "4",
        "--kernel",
        "2",
        "--animate",
        "-o",
        str(path),
    )
    assert status == 2 and "--animate" in err


def test_shape_layer_stays_free_of_torch():
    code = (
        "import sys; from convdocs.cli.main import main; main(['shape', '--layer', 'AvgPool2d', '--input', '7', '7', "
        "'--kernel', '3']); assert not {'torch', 'matplotlib'} & set(sys.modules), 'heavy import'"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@st.composite
def layer_args(draw):
    n = draw(st.integers(1, 3))
    name = draw(st.sampled_from(["MaxPool", "AvgPool", "ZeroPad", "ReplicationPad"])) + f"{n}d"
    many = lambda s, m=None: draw(st.lists(s, min_size=1, max_size=1) | st.lists(s, min_size=m or n, max_size=m or n))
    args = [
        "--input",
        *map(str, draw(st.lists(st.integers(1, 8), min_size=n, max_size=n))),
    ]
    options = {}
    if "Pool" in name:
        options["kernel_size"] = many(st.integers(1, 5))
        options["padding"] = many(st.integers(0, 2))
        if draw(st.booleans()):
            options["stride"] = many(st.integers(1, 3))
        if draw(st.booleans()):
            args.append("--ceil-mode")
            options["ceil_mode"] = True
    else:
        options["padding"] = many(st.integers(-2, 3), 2 * n)
    for key, value in options.items():
        if key != "ceil_mode":
            args += [f"--{'kernel' if key == 'kernel_size' else key}", *map(str, value)]
    torch_options = {
        k: (v[0] if isinstance(v, list) and len(v) == 1 else tuple(v) if isinstance(v, list) else v)
        for k, v in options.items()
    }
    return name, args, torch_options


@settings(max_examples=150, deadline=None, derandomize=True)
@given(layer_args())
def test_shape_layer_accepts_and_rejects_what_torch_does(case):
    name, args, options = case
    status, out, err = cli("shape", "--layer", name, *args, "--json")
    size = tuple(int(v) for v in args[1 : args.index(next(a for a in args[1:] if a.startswith("--")))])
    torch_says = oracle.layer(name, (1, 1) + size, **options)
    if isinstance(torch_says, Exception):
        kind = type(torch_says).__name__
        assert status == 2 and err.startswith(f"error: PyTorch: {kind}: {oracle.first_line(torch_says)}"), (case, err)
    else:
        assert status == 0 and tuple(json.loads(out)["output"]) == torch_says[2:], (
            case,
            out,
            err,
        )


def test_pooling_and_padding_refusals_use_the_errors_format():
    """reference/cli.md: 'error: PyTorch: <type>: <torch's first line> — convdocs: <meaning>', as for convolutions."""
    import re

    cases = [
        ("MaxPool2d", "--input", "7", "7", "--kernel", "3", "--padding", "2"),
        ("AvgPool1d", "--input", "7", "--kernel", "3", "--padding", "2"),
        ("MaxPool1d", "--input", "2", "--kernel", "3", "--stride", "0"),
        ("ReflectionPad2d", "--input", "3", "3", "--padding", "3"),
        ("CircularPad1d", "--input", "3", "--padding", "4"),
        ("ReplicationPad2d", "--input", "3", "3", "--padding", "-2"),
    ]
    line = re.compile(
        r"error: PyTorch: (RuntimeError|ValueError|NotImplementedError|IndexError): \S.* — convdocs: \S.*\n"
    )
    for name, *args in cases:
        status, out, err = cli("shape", "--layer", name, *args)
        assert status == 2 and out == "" and line.fullmatch(err), (name, err)
    _, _, err = cli("shape", "--layer", "AvgPool1d", "--input", "7", "--kernel", "3", "--padding", "2")
    assert "−∞" not in err and "kernel_size // 2" in err  # average pooling: the limit, not a −∞ story


def test_padding_layer_figure_reads_an_8_output(tmp_path):
    """Review of issue #13: the title read "into a 8 output"; "a"/"an" now goes by how the number is read."""
    path = tmp_path / "pad.svg"
    status, _, _ = cli(*"draw --layer ZeroPad1d --input 6 --padding 1 -o".split(), str(path))
    title = path.read_text().split("<title>")[1].split("</title>")[0]
    assert status == 0 and "a 6 input" in title and "into an 8 output" in title, title
    assert oracle.layer("ZeroPad1d", (1, 1, 6), padding=1) == (1, 1, 8)
    path = tmp_path / "pad11.svg"
    status, _, _ = cli(*"draw --layer ZeroPad1d --input 8 --padding 0 3 -o".split(), str(path))
    title = path.read_text().split("<title>")[1].split("</title>")[0]
    assert status == 0 and "an 8 input" in title and "into an 11 output" in title, title


def test_padding_layer_crop_is_written_as_a_subtraction():
    """'width: 2 + 3 + -1 = 4'."""
    status, out, _ = cli(*"shape --layer ReflectionPad2d --input 3 3 --padding 2 -1 1 1".split())
    assert status == 0 and out.splitlines()[-1] == "width: 2 + 3 − 1 = 4"
    assert tuple(oracle.layer("ReflectionPad2d", (1, 1, 3, 3), padding=(2, -1, 1, 1))) == (1, 1, 5, 4)

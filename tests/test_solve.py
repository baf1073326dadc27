"""``solve`` and ``--like`` against torch: every answer, built as a layer, gives the size asked for,
the minimal answer is minimal, and nothing torch accepts is missing from the lists."""

from __future__ import annotations

import functools
import itertools
import json
import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.core import conv as geometry
from convdocs.core import frameworks
from convdocs.core.solve import solve, solve_text
from tests import oracle
from tests.cli_run import cli

CONV_FN = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TRANSPOSED_FN = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def torch_size(size, kernel, stride, dilation, padding=0, pads=None):
    """Spatial output of torch's convolution of a zero input, ``pads`` applied with F.pad first; None if
    torch refuses (the kernel is larger than the padded input)."""
    n = len(size)
    x = torch.zeros(1, 1, *size)
    if pads is not None:
        x = F.pad(x, [v for pair in reversed(pads) for v in pair])
    w = torch.zeros(1, 1, *kernel)
    try:
        return tuple(CONV_FN[n](x, w, stride=stride, padding=padding, dilation=dilation).shape[2:])
    except RuntimeError:
        return None


def torch_transposed_size(size, kernel, stride, dilation, padding, output_padding):
    n = len(size)
    out = TRANSPOSED_FN[n](
        torch.zeros(1, 1, *size),
        torch.zeros(1, 1, *kernel),
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
    )
    return tuple(out.shape[2:])


@functools.cache
def torch_size_1d(size, kernel, stride, dilation, total):
    """torch's output for one dimension padded by ``total`` (all after); cached: hypothesis repeats them."""
    return torch_size((size,), (kernel,), (stride,), (dilation,), pads=[(0, total)])


@st.composite
def problems(draw, max_size=9):
    n = draw(st.integers(1, 3))
    per = lambda lo, hi: tuple(draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)))  # noqa: E731
    return per(1, max_size), per(1, 4), per(1, 3), per(1, 2), per(1, 2 * max_size)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, derandomize=True)
@given(problems(), st.sampled_from(["after", "before"]))
def test_conv_answers_give_the_output_and_nothing_is_missing(problem, extra):
    size, kernel, stride, dilation, output = problem
    # torch's own answer, per dimension: every total padding 0..limit that gives the wanted output
    works = []
    for axis in range(len(size)):
        limit = output[axis] * stride[axis] + kernel[axis] * dilation[axis] + 1
        args = size[axis], kernel[axis], stride[axis], dilation[axis]
        works.append([t for t in range(limit) if torch_size_1d(*args, t) == (output[axis],)])
    try:
        answer = solve(size, kernel, stride, dilation, output, extra=extra)
    except geometry.ConvError:
        assert not all(works), problem
        return
    assert all(works), problem
    assert answer.totals == tuple((min(w), max(w)) for w in works)
    assert answer.paddings == tuple(tuple(t // 2 for t in w if t % 2 == 0) for w in works)
    if answer.padding is not None:
        assert torch_size(size, kernel, stride, dilation, padding=answer.padding) == output
    f_padded = torch_size(size, kernel, stride, dilation, pads=answer.pads)
    assert f_padded == output
    assert answer.f_pad == tuple(v for pair in reversed(answer.pads) for v in pair)
    for lo, hi in answer.pads:
        assert abs(lo - hi) <= 1 and (lo <= hi if extra == "after" else lo >= hi)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(problems(max_size=6))
def test_transposed_pairs_are_every_pair_torch_accepts(problem):
    size, kernel, stride, dilation, output = problem
    per_dim = []
    for axis in range(len(size)):
        found = []
        s, d = stride[axis], dilation[axis]
        for p in range(size[axis] * s + kernel[axis] * d):
            for a in range(max(s, d) + 1):
                got = oracle.output_shape(
                    input=(size[axis],),
                    kernel=kernel[axis],
                    stride=s,
                    padding=p,
                    dilation=d,
                    transposed=True,
                    output_padding=a,
                )
                if got == (output[axis],):
                    found.append((p, a))
        per_dim.append(sorted(found))
    try:
        answer = solve(size, kernel, stride, dilation, output, transposed=True)
    except geometry.ConvError:
        assert not all(per_dim), problem
        return
    assert all(per_dim)
    assert sorted(answer.transposed) == sorted(
        (tuple(p for p, _ in combo), tuple(a for _, a in combo)) for combo in itertools.product(*per_dim)
    )
    totals = [sum(p) + sum(a) / 10 for p, a in answer.transposed]
    assert totals == sorted(totals)  # least padding first
    for padding, output_padding in answer.transposed[:3]:
        assert torch_transposed_size(size, kernel, stride, dilation, padding, output_padding) == output
    full = torch_transposed_size(size, kernel, stride, dilation, 0, 0)
    y = F.pad(torch.zeros(1, 1, *full), list(answer.f_pad))
    assert tuple(y.shape[2:]) == output
    exact = [p for p, a in answer.transposed if not any(a)]
    assert answer.padding == (exact[0] if exact else None)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(problems(max_size=12), st.sampled_from(sorted(frameworks.FRAMEWORKS)))
def test_like_gives_ceil_of_input_over_stride_with_least_padding(problem, framework):
    size, kernel, stride, dilation, _ = problem
    pads = frameworks.like(framework, size, kernel, stride, dilation)
    wanted = tuple(math.ceil(i / s) for i, s in zip(size, stride))
    assert torch_size(size, kernel, stride, dilation, pads=pads) == wanted
    for axis, (lo, hi) in enumerate(pads):
        assert hi - lo in ((0, 1) if framework != "onnx-lower" else (0, -1))
        if lo + hi:  # one cell less padding would not reach ⌈i / s⌉
            fewer = list(pads)
            fewer[axis] = (lo, hi - 1) if hi else (lo - 1, hi)
            assert torch_size(size, kernel, stride, dilation, pads=fewer) != wanted
    conv = frameworks.like_conv(framework, size, kernel, stride, dilation)
    assert conv.output == wanted and conv.pads == pads


@settings(max_examples=150, deadline=None, derandomize=True)
@given(problems(max_size=6), st.integers(0, 2**16))
def test_transposed_crop_equals_the_first_pair_value_for_value(problem, seed):
    """Issue 22 #4: F.pad(y, f_pad) on the output of padding=0, output_padding=0 gives, value for value and in
    every dimension, the output of the first (padding, output_padding) pair solve prints; the cells F.pad adds
    (output_padding > padding) hold 0 where the layer's hold its bias, as the line says."""
    size, kernel, stride, dilation, output = problem
    try:
        answer = solve(size, kernel, stride, dilation, output, transposed=True)
    except geometry.ConvError:
        return
    n = len(size)
    padding, output_padding = answer.transposed[0]
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(1, 2, *size, generator=generator)
    weight = torch.randn(2, 3, *kernel, generator=generator)
    bias = torch.randn(3, generator=generator)
    for b in (None, bias):
        full = TRANSPOSED_FN[n](x, weight, b, stride=stride, dilation=dilation)
        want = TRANSPOSED_FN[n](
            x, weight, b, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation
        )
        got = F.pad(full, list(answer.f_pad))
        assert got.shape == want.shape and tuple(want.shape[2:]) == output
        assert answer.pads == tuple((-p, a - p) for p, a in zip(padding, output_padding))
        added = any(a > p for p, a in zip(padding, output_padding))
        if b is None or not added:
            assert torch.allclose(got, want, atol=1e-5), (problem, answer.f_pad)
        else:  # the added cells: 0 from F.pad, the bias from the layer; every other cell the same
            inside = tuple(slice(0, o - max(a - p, 0)) for o, p, a in zip(output, padding, output_padding))
            assert torch.allclose(got[(..., *inside)], want[(..., *inside)], atol=1e-5)
            assert "bias=False" in solve_text(answer)


@pytest.mark.parametrize(
    "spec",
    [
        dict(input=[5], kernel=[4], stride=[3], dilation=[1], output=[13]),
        dict(input=[4, 3], kernel=[3, 2], stride=[2, 3], dilation=[1, 1], output=[9, 8]),
        dict(input=[3, 3, 3], kernel=[2, 2, 2], stride=[2, 2, 2], dilation=[2, 2, 2], output=[6, 7, 8]),
    ],
)
def test_cli_transposed_json_crop_is_the_first_pair(spec):
    """The same, through the command line's --json: f_pad applied to padding=0 equals the first pair in values."""
    args = [item for name, values in spec.items() for item in (f"--{name}", *map(str, values))]
    status, out, _ = cli("solve", *args, "--transposed", "--json")
    assert status == 0, out
    answer = json.loads(out)
    first = answer["transposed"][0]
    n = len(spec["input"])
    torch.manual_seed(0)
    x, weight = torch.randn(1, 1, *spec["input"]), torch.randn(1, 1, *spec["kernel"])
    options = dict(stride=spec["stride"], dilation=spec["dilation"])
    full = TRANSPOSED_FN[n](x, weight, **options)
    want = TRANSPOSED_FN[n](x, weight, padding=first["padding"], output_padding=first["output_padding"], **options)
    assert list(want.shape[2:]) == spec["output"]
    assert answer["pads"] == [[-p, a - p] for p, a in zip(first["padding"], first["output_padding"])]
    assert torch.allclose(F.pad(full, answer["f_pad"]), want, atol=1e-5)


@pytest.mark.parametrize("extra", ["after", "before"])
@pytest.mark.parametrize("size, kernel, stride, output", [(5, 4, 3, 13), (4, 3, 2, 8)])
def test_extra_is_refused_for_a_transposed_layer(extra, size, kernel, stride, output):
    args = ["--input", str(size), "--kernel", str(kernel), "--stride", str(stride), "--output", str(output)]
    status, out, err = cli("solve", *args, "--transposed", "--extra", extra)
    assert status == 2 and "leave out --extra" in out + err and "Traceback" not in out + err
    assert cli("solve", *args, "--extra", extra)[0] in (0, 2)  # a convolution takes it
    with pytest.raises(geometry.ConvError, match="leave out --extra"):
        solve(size, kernel, stride, output=output, transposed=True, extra=extra)


def test_cli_solve_json_is_the_documented_form():
    status, out, _ = cli("solve", "--input", "7", "7", "--kernel", "3", "--stride", "2", "--output", "4", "4", "--json")
    assert status == 0
    assert json.loads(out) == {"padding": [1, 1], "pads": [[1, 1], [1, 1]], "f_pad": [1, 1, 1, 1], "transposed": []}
    status, out, _ = cli("solve", "--input", "7", "6", "--kernel", "4", "--output", "7", "6", "--json")
    assert json.loads(out) == {"padding": None, "pads": [[1, 2], [1, 2]], "f_pad": [1, 2, 1, 2], "transposed": []}
    status, out, _ = cli(
        "solve", "--input", "5", "--kernel", "3", "--stride", "2", "--output", "10", "--transposed", "--json"
    )
    assert json.loads(out)["transposed"] == [{"padding": [1], "output_padding": [1]}]


def test_like_on_shape_solve_and_draw(tmp_path):
    """tensornets#25: k=7, s=2 on 224 pads 2 before and 3 after in TensorFlow."""
    args = ["--input", "224", "224", "--kernel", "7", "--stride", "2"]
    status, out, _ = cli("shape", *args, "--like", "tf", "--json")
    assert status == 0 and json.loads(out) == {"output": [112, 112], "padding": [[2, 3], [2, 3]]}
    status, out, _ = cli("solve", *args, "--like", "onnx-lower", "--json")
    assert json.loads(out)["pads"] == [[3, 2], [3, 2]] and json.loads(out)["f_pad"] == [3, 2, 3, 2]
    status, out, _ = cli("shape", *args, "--like", "jax")
    assert status == 0 and "F.pad(x, (2, 3, 2, 3))" in out and "class JaxSameConv2d(nn.Module)" in out
    assert (
        cli(
            "draw", "--input", "6", "6", "--kernel", "3", "--stride", "2", "--like", "tf", "-o", str(tmp_path / "f.svg")
        )[0]
        == 0
    )
    assert "padded with zeros (0 before and 1 after, 0 before and 1 after" in (tmp_path / "f.svg").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ("solve", "--input", "7", "--kernel", "3", "--stride", "2", "--output", "1"),
        ("solve", "--input", "5", "--kernel", "3", "--stride", "2", "--output", "30", "--transposed"),
        ("solve", "--input", "7", "7", "--kernel", "3", "--output", "4", "4", "4"),
        ("solve", "--input", "7", "--kernel", "3", "--output", "0"),
        ("solve", "--input", "7", "--kernel", "0", "--output", "3"),
        ("solve", "--input", "7", "--kernel", "3"),
        ("solve", "--input", "7", "--kernel", "3", "--stride", "2", "--like", "tf", "--output", "5"),
        ("solve", "--input", "7", "--kernel", "3", "--like", "tf", "--transposed"),
        ("shape", "--input", "7", "--kernel", "3", "--like", "tf", "--padding", "1"),
        ("shape", "--input", "7", "--kernel", "3", "--like", "tf", "--transposed"),
        ("shape", "--input", "7", "--kernel", "3", "--like", "tensorflow"),
        ("shape", "--input", "7", "--kernel", "3", "--stride", "0", "--like", "tf"),
        ("shape", "--input", "7", "--layer", "MaxPool1d", "--kernel", "3", "--like", "tf"),
    ],
)
def test_impossible_requests_are_one_line_with_exit_status_2(args):
    status, out, err = cli(*args)
    assert status == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


@st.composite
def solve_args(draw):
    n = draw(st.integers(1, 2))
    many = lambda lo, hi: [
        str(v)
        for v in draw(
            st.one_of(  # noqa: E731
                st.lists(st.integers(lo, hi), min_size=1, max_size=1),
                st.lists(st.integers(lo, hi), min_size=n, max_size=n),
            )
        )
    ]
    args = ["--input", *(str(v) for v in draw(st.lists(st.integers(0, 8), min_size=n, max_size=n)))]
    args += ["--kernel", *many(0, 4), "--stride", *many(0, 3), "--dilation", *many(1, 2), "--output", *many(0, 12)]
    return n, args + (["--transposed"] if draw(st.booleans()) else [])


@settings(max_examples=80, deadline=None, derandomize=True)
@given(solve_args())
def test_cli_solve_answers_build_layers_of_that_size(case):
    """The JSON answer, turned into torch layers, gives the output asked for; exit 2 only if none does."""
    n, args = case
    status, out, err = cli("solve", *args, "--json")
    values = {}
    for word in args:
        if word.startswith("--"):
            key = word[2:]
            values[key] = []
        else:
            values[key].append(int(word))
    full = {k: tuple(v) * (n if len(v) == 1 else 1) for k, v in values.items() if k != "transposed"}
    if status == 2:
        assert err.startswith("error: ") and out == ""
        if min(full["input"] + full["kernel"] + full["stride"] + full["output"]) >= 1:
            with pytest.raises(geometry.ConvError):  # the API agrees that nothing works
                solve(
                    full["input"],
                    full["kernel"],
                    full["stride"],
                    full["dilation"],
                    full["output"],
                    transposed="transposed" in values,
                )
        return
    answer = json.loads(out)
    config = dict(input=full["input"], kernel=full["kernel"], stride=full["stride"], dilation=full["dilation"])
    if "transposed" in values:
        for pair in answer["transposed"]:
            assert (
                oracle.output_shape(
                    **config,
                    transposed=True,
                    padding=tuple(pair["padding"]),
                    output_padding=tuple(pair["output_padding"]),
                )
                == full["output"]
            )
    else:
        if answer["padding"] is not None:
            assert oracle.output_shape(**config, padding=tuple(answer["padding"])) == full["output"]
        assert (
            torch_size(full["input"], full["kernel"], full["stride"], full["dilation"], pads=answer["pads"])
            == full["output"]
        )


@pytest.mark.parametrize(
    "kwargs, where",
    [
        (
            dict(input=(5, 5), kernel=3, output=(4, 1)),
            "for the width (torch's dimension 3 of [batch, channels, height, width]):",
        ),
        (
            dict(input=(5, 5), kernel=3, output=(1, 4)),
            "for the height (torch's dimension 2 of [batch, channels, height, width]):",
        ),
        (
            dict(input=3, kernel=3, stride=2, output=100, transposed=True),
            "for the length (torch's dimension 2 of [batch, channels, length]):",
        ),
    ],
)
def test_out_of_reach_names_the_dimension_as_shape_does(kwargs, where):
    """Dimensions are named and numbered as torch numbers them (and as `shape`'s errors do), never 0, 1, ..."""
    with pytest.raises(geometry.ConvError) as raised:
        solve(**kwargs)
    assert where in str(raised.value)
    assert "in dimension" not in str(raised.value)


def test_no_integer_padding_names_the_odd_dimensions_with_the_verb_that_agrees():
    """Review of issue #13: "height need an odd total padding" read wrong; one dimension needs, two need."""
    status, out, _ = cli(*"solve --input 8 8 --kernel 4 3 --output 8 8".split())
    assert status == 0 and "(height needs an odd total padding)" in out.splitlines()[1]
    status, out, _ = cli(*"solve --input 8 8 --kernel 4 4 --output 8 8".split())
    assert status == 0 and "(height and width need an odd total padding)" in out.splitlines()[1]
    # torch: no padding= keeps 8 with a kernel of 4 (the total 3 is odd), one keeps it with a kernel of 3
    assert all(torch_size((8,), (4,), (1,), (1,), padding=p) != (8,) for p in range(4))
    assert torch_size((8,), (3,), (1,), (1,), padding=1) == (8,)

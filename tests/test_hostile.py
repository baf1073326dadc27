"""Hostile input never breaks anything: exiting snippets, huge or junk CLI input, bad output paths.

Each numbered finding of issue #10 has a regression test here; the fuzz tests run the CLI in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.core import conv as geometry
from convdocs.site import build as site_build
from tests import oracle
from tests.cli_run import cli
from tests.conftest import ROOT, one_page


def one_error_line(err: str) -> bool:
    return err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


# 1. A snippet that exits fails the build, naming itself, and the previous site/ survives.


def _build(project, tmp_path):
    env = dict(
        os.environ,
        CONVDOCS_SNIPPETS=str(project / "snippets"),
        CONVDOCS_CACHE=str(tmp_path / "cache"),
        NO_MKDOCS_2_WARNING="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "convdocs.site.build"], cwd=project, capture_output=True, text=True, timeout=600, env=env
    )


@pytest.mark.slow
def test_an_exiting_snippet_fails_the_build_and_keeps_the_old_site(project_copy, tmp_path):
    one_page(project_copy)
    site = project_copy / "site"  # a previous build (the swap itself: test_a_successful_build_replaces_the_site)
    site.mkdir()
    built = "<p>the previous build</p>"
    (site / "index.html").write_text(built)
    snippet = project_copy / "snippets" / "stride_two.py"
    snippet.write_text(snippet.read_text() + '\nimport sys\n\nif __name__ == "__main__":\n    sys.exit(0)\n')
    done = _build(project_copy, tmp_path)
    assert done.returncode != 0, done.stderr[-2000:]
    assert "snippets/stride_two.py stopped with sys.exit(0)" in done.stderr, done.stderr[-3000:]
    assert (site / "index.html").read_text() == built  # the previous site, untouched
    assert sorted(p.name for p in project_copy.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_successful_build_replaces_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old")
    write = "import pathlib, sys; d = pathlib.Path(sys.argv[1]); d.mkdir(); (d / 'index.html').write_text('new')"
    assert site_build.build(site, [sys.executable, "-c", write]) == 0
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert site_build.build(site, [sys.executable, "-c", "import sys; sys.exit(3)"]) == 3
    assert (site / "index.html").read_text() == "new"


def test_make_site_and_pages_use_the_safe_build():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "python -m convdocs.site.build" in recipe and "mkdocs build" not in recipe
    pages = (ROOT / ".github/workflows/pages.yml").read_text()
    assert "run: make site" in pages and "path: site" in pages


def test_a_snippet_raising_system_exit_is_an_error_naming_it(tmp_path):
    from convdocs.site.snippets import SnippetError, run_source

    for ending in ("import sys; sys.exit(0)", "raise SystemExit", "exit(3)", "raise KeyboardInterrupt"):
        with pytest.raises(SnippetError, match=r"^snippets/mine\.py stopped with "):
            run_source(f"x = 1\n{ending}\n", tmp_path / "snippets" / "mine.py")


# 3. draw -o: only .svg and .png (any letter case), one error line for anything else; --animate never ignored.

SMALL = ["--input", "5", "5", "--kernel", "3"]


@pytest.mark.parametrize("name", ["", "noext", "x.txt", "x.foo", ".svg", "dir/", "x.svg.bak"])
def test_draw_refuses_other_files_with_one_line(tmp_path, name):
    status, out, err = cli("draw", *SMALL, "-o", str(tmp_path / name) if name else "")
    assert status == 2 and out == "" and one_error_line(err), err
    assert "write a .svg or .png file" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name, magic", [("f.svg", b"<svg "), ("F.SVG", b"<svg "), ("f.png", b"\x89PNG"), ("f.PnG", b"\x89PNG")]
)
def test_draw_writes_the_file_it_names(tmp_path, name, magic):
    target = tmp_path / name
    status, out, err = cli("draw", *SMALL, "-o", str(target))
    assert status == 0 and out == f"wrote {target}\n", err
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert target.read_bytes().startswith(magic)  # x.SVG is SVG text, not matplotlib's SVG


@pytest.mark.parametrize(
    "args, reason",
    [
        (SMALL + ["-o", "f.png"], "a PNG is one still frame"),
        (SMALL + ["--transposed", "-o", "f.svg"], "transposed convolution is drawn still"),
    ],
)
def test_animate_is_refused_where_it_cannot_be_drawn(tmp_path, args, reason):
    args = [a if not a.startswith("f.") else str(tmp_path / a) for a in args]
    status, out, err = cli("draw", *args, "--animate")
    assert status == 2 and one_error_line(err) and reason in err, err
    assert list(tmp_path.iterdir()) == []


# 2. draw refuses above the cell budget before any work; 3-d too; shape is instant for any size.


def timed_cli(*args: str):
    """(CPU seconds, cli's answer) of the second of two runs of ``args``, so that the clock sees only the answer's
    own work: the first run imports what the command needs, as the CLI's start-up does before any answer (which of
    a worker's tests imports a module first depends on how xdist hands them out), and the garbage collector is run
    before the clock starts and paused while it runs (a full pass over what earlier tests of the worker left is
    not the answer's work: over 3 million small lists it takes 0.27 s here; a CI run saw 0.33 s for a MaxPool2d
    refusal that takes 0.003 s)."""
    import gc

    cli(*args)
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        answer = cli(*args)
        return time.process_time() - started, answer
    finally:
        gc.enable()


def test_draw_refuses_above_the_budget_at_once_with_one_line(tmp_path):
    from convdocs.figures.scene import CELL_BUDGET

    for args in (
        ["--input", "1000000", "1000000", "--kernel", "3"],
        ["--input", "7", "7", "--kernel", "3", "--padding", "3000"],
        ["--input", "1000", "1000", "--kernel", "3"],
        ["--input", "58", "58", "--kernel", "1", "--animate"],
        ["--input", "2000000000000000000", "--kernel", "1"],
    ):
        took, (status, out, err) = timed_cli("draw", *args, "-o", str(tmp_path / "f.svg"))
        assert took < 0.05, args
        assert status == 2 and one_error_line(err), (args, err)
        assert f"over the drawing budget of {CELL_BUDGET:,} cells" in err and "padded input" in err
    assert list(tmp_path.iterdir()) == []


def test_a_3d_draw_is_refused_before_any_work(tmp_path):
    took, (status, _, err) = timed_cli(
        "draw", "--input", "300", "300", "300", "--kernel", "3", "-o", str(tmp_path / "f.svg")
    )
    assert took < 0.05
    assert status == 2 and one_error_line(err) and "not 3-d" in err


def test_a_draw_at_the_budget_is_fast_and_exact(tmp_path):
    """A figure of exactly the budget draws in well under 2 s of CPU, as SVG and as PNG; one cell more is refused."""
    import matplotlib.collections  # noqa: F401  (imported before the clock starts, as the CLI's own start-up)
    import matplotlib.figure  # noqa: F401

    from convdocs.figures.scene import CELL_BUDGET

    rows, cols = 50, CELL_BUDGET // 100  # kernel 1: rows × cols input cells and as many output cells
    assert 2 * rows * cols == CELL_BUDGET
    for name in ("f.svg", "f.png"):
        started = time.process_time()
        status, out, err = cli("draw", "--input", str(rows), str(cols), "--kernel", "1", "-o", str(tmp_path / name))
        assert status == 0, err
        assert time.process_time() - started < 1.5, name
    status, _, err = cli(
        "draw", "--input", str(rows), str(cols), "--kernel", "1", "--padding", "0", "1", "-o", str(tmp_path / "g.svg")
    )  # 2 × 50 more padded input cells
    assert status == 2 and "over the drawing budget" in err


def test_shape_is_instant_for_any_size():
    for size in (["1000000000", "1000000000"], ["1500000000", "1500000000"], ["1000000", "1000000", "1000000"]):
        took, (status, out, err) = timed_cli("shape", "--input", *size, "--kernel", "3", "--padding", "1")
        assert took < 0.05 and status == 0, err
        assert out.startswith(f"output: {' × '.join(size)}\n")


def test_geometry_never_loops_over_a_huge_kernel():
    """unread() and reads() of a transposed layer with a kernel of 10^9 taps answer at once."""
    conv = geometry.check(input=(3,), kernel=10**9, padding=(10**9 - 2) // 2, transposed=True)
    started = time.process_time()
    assert conv.output == (4,) and conv.unread() == [] and conv.reads((1,)) == [(0,), (1,), (2,)]
    assert time.process_time() - started < 0.05


@pytest.mark.parametrize(
    "args",
    [
        ["--layer", "MaxPool2d", "--input", "1000", "1000", "--kernel", "3"],
        ["--layer", "AdaptiveAvgPool2d", "--input", "1000", "1000", "--output-size", "3"],
        ["--layer", "ZeroPad2d", "--input", "5", "5", "--padding", "1000000"],
    ],
    ids=lambda a: a[1],
)
def test_pooling_and_padding_layer_figures_keep_the_budget(tmp_path, args):
    took, (status, _, err) = timed_cli("draw", *args, "-o", str(tmp_path / "f.svg"))
    assert took < 0.1
    assert status == 2 and one_error_line(err) and "over the drawing budget" in err, err


def test_png_of_a_long_row_stays_within_agg_limits(tmp_path):
    status, _, err = cli("draw", "--input", "4999", "--kernel", "1", "-o", str(tmp_path / "row.png"))
    assert status == 0, err


# 5. CLI numbers: ASCII digits only, 64-bit like torch; --output-padding only with --transposed; check() and __index__.


@pytest.mark.parametrize("word", ["٧", "۷", "७", "７", "+7", " 7", "7 ", "7_0", "0x7", "7.0", "1e3", "", "-", "²"])
def test_only_ascii_digits_are_numbers(word):
    status, out, err = cli("shape", "--input", "7", word, "--kernel", "3")
    assert status == 2 and out == "" and one_error_line(err), err
    assert "is not an integer" in err


def test_numbers_beyond_int64_are_refused_as_torch_refuses_them():
    import torch

    for value in (2**63, -(2**63) - 1, 10**40):
        with pytest.raises((TypeError, RuntimeError, ValueError, OverflowError)):
            torch.nn.Conv1d(1, 1, 3, stride=value)(torch.zeros(1, 1, 7))
        status, _, err = cli("shape", "--input", "7", "--kernel", "3", "--stride", str(value))
        assert status == 2 and one_error_line(err) and "64-bit" in err
    status, _, err = cli("shape", "--input", "1" + "0" * 5000, "--kernel", "3")
    assert status == 2 and one_error_line(err) and len(err) < 200
    status, out, _ = cli("shape", "--input", "7", "--kernel", "3", "--stride", str(2**63 - 1), "--json")
    assert status == 0 and json.loads(out)["output"] == [1]
    assert tuple(torch.nn.Conv1d(1, 1, 3, stride=2**63 - 1)(torch.zeros(1, 1, 7)).shape[2:]) == (1,)


@pytest.mark.parametrize(
    "config",
    [
        dict(input=(2**62, 4), kernel=3),  # torch: Storage size calculation overflowed
        dict(input=(5, 5), kernel=3, padding=2**62),  # torch: expected padding to be at most 2^62 - 1
        dict(input=(5, 5), kernel=2, dilation=2**63 - 1),  # torch wraps around and answers 6 × 6
        dict(input=(5, 5), kernel=3, stride=2**31, transposed=True),  # 32-bit stride in ConvTranspose
        dict(input=(1, 1), kernel=2, dilation=2**31 - 1, transposed=True),
    ],
    ids=str,
)
def test_overflowing_configurations_are_refused_where_torch_raises_or_is_wrong(config):
    with pytest.raises(geometry.ConvError, match="64-bit|32-bit|at most 4611686018427387903"):
        geometry.check(**config)
    torch_says = oracle.output_shape(**config)
    if not isinstance(torch_says, Exception):  # torch answered (wrapped around): exact arithmetic has no answer
        assert config == dict(input=(5, 5), kernel=2, dilation=2**63 - 1) and torch_says == (6, 6)
        assert config["dilation"] * (config["kernel"] - 1) + 1 > 5  # the dilated kernel is wider than the input


@pytest.mark.parametrize(
    "config",
    [
        dict(input=(5, 5), kernel=3, padding=(0, 2**62)),
        dict(input=(5, 5), kernel=(2**62, 4)),
        dict(input=(2**62, 4), kernel=3),
    ],
    ids=str,
)
def test_overflow_errors_torch_raises_quote_torch(config):
    """Where torch raises its own overflow error, convdocs shows torch's text, then its own words."""
    torch_says = oracle.output_shape(**config)
    if "kernel" in config and config["kernel"] != 3:  # the weight overflows when the layer is built
        import torch

        try:
            torch.nn.Conv2d(1, 1, config["kernel"])
        except RuntimeError as error:
            torch_says = error
    with pytest.raises(geometry.ConvError) as caught:
        geometry.check(**config)
    assert caught.value.torch_text == str(torch_says).splitlines()[0]
    assert str(caught.value).startswith(f"PyTorch: RuntimeError: {caught.value.torch_text} — convdocs: ")


def test_output_padding_needs_transposed():
    import torch

    with pytest.raises(TypeError):
        torch.nn.Conv2d(1, 1, 3, output_padding=1)
    status, _, err = cli("shape", "--input", "7", "7", "--kernel", "3", "--output-padding", "0")
    assert status == 2 and one_error_line(err) and "--transposed" in err
    assert (
        cli("shape", "--input", "7", "7", "--kernel", "3", "--stride", "2", "--output-padding", "1", "--transposed")[0]
        == 0
    )


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


def _values():
    import numpy as np
    import torch

    return [
        np.int64(3),
        np.int32(2),
        np.uint8(1),
        np.int16(0),
        Index(2),
        True,
        False,
        np.bool_(True),
        2.0,
        np.float64(2.0),
        torch.tensor(2),
        np.array(2),
        "2",
        None,
        (np.int64(3), 2),
        [Index(1), 1],
        (True, 3),
    ]


@pytest.mark.parametrize("key", ["kernel", "stride", "padding", "dilation", "input"])
def test_check_takes_the_integers_torch_takes(key):
    """numpy integers and __index__ objects as torch takes them; bools only where torch does (sizes)."""
    base = dict(input=(7, 7), kernel=3, stride=1, padding=0, dilation=1)
    for value in _values():
        config = {**base, key: value if key != "input" else (value, 7)}
        torch_says = oracle.output_shape(**config)
        try:
            ours = geometry.check(**config).output
        except geometry.ConvError:
            ours = None
        if isinstance(torch_says, Exception):
            assert ours is None, (key, value, torch_says)
        else:
            assert ours == torch_says, (key, value, torch_says)


def test_check_takes_numpy_output_padding_for_transposed():
    import numpy as np

    config = dict(
        input=(5, 5),
        kernel=np.int16(3),
        stride=np.int64(2),
        padding=np.uint64(1),
        dilation=np.int32(1),
        output_padding=np.int8(1),
        transposed=True,
    )
    assert geometry.check(**config).output == oracle.output_shape(**config) == (10, 10)
    with pytest.raises(geometry.ConvError):
        geometry.check(**{**config, "output_padding": True})
    assert isinstance(oracle.output_shape(**{**config, "output_padding": True}), Exception)


# 6. ConvTranspose with an output size of 0: torch returns an empty tensor or raises, and geometry says which.


def test_the_issue_case_is_an_empty_output():
    conv = geometry.check(input=(7, 2), kernel=5, padding=3, transposed=True)
    assert conv.output == (5, 0) and conv.empty
    assert oracle.output_shape(input=(7, 2), kernel=5, padding=3, transposed=True) == (5, 0)
    for config in (
        dict(input=(2,), kernel=5, padding=3, transposed=True),
        dict(input=(7, 2), kernel=(5, 1), padding=3, transposed=True),
    ):
        assert "Output size is too small" in str(oracle.output_shape(**config))
        with pytest.raises(geometry.ConvError):
            geometry.check(**config)
    status, out, _ = cli("shape", "--input", "7", "2", "--kernel", "5", "--padding", "3", "--transposed")
    assert status == 0 and out.splitlines()[0] == "output: 5 × 0" and "returns an empty tensor" in out
    config = dict(input=(7, 2), kernel=(5, 5), stride=(1, 1), padding=(3, 3), dilation=(1, 1), output_padding=(0, 0))
    assert _torch_transposed(config, 1, 1, "float32") == (5, 0)  # what the note says, both ways
    assert "Output size is too small" in str(_torch_transposed(config, 1, 1, "float64"))
    with pytest.raises(geometry.ConvError):
        geometry.check(**config, transposed=True, dtype="float64")
    status, _, err = cli("shape", "--input", "7", "2", "--kernel", "5", "--padding", "3", "--transposed", "--json")
    assert status == 0


def _torch_transposed(config, batch, channels, dtype):
    import torch

    n = len(config["input"])
    layer = oracle.TRANSPOSED[n](
        channels,
        1,
        config["kernel"],
        stride=config["stride"],
        padding=config["padding"],
        dilation=config["dilation"],
        output_padding=config["output_padding"],
        bias=False,
    )
    try:
        with torch.no_grad():
            x = torch.zeros(batch, channels, *config["input"], dtype=getattr(torch, dtype))
            return tuple(layer.to(getattr(torch, dtype))(x).shape[2:])
    except RuntimeError as error:
        return error


@st.composite
def zero_transposed(draw):
    """Transposed configurations, most with an output size of exactly 0 in some dimension."""
    n = draw(st.integers(1, 3))
    per = lambda lo, hi: tuple(draw(st.integers(lo, hi)) for _ in range(n))  # noqa: E731
    size, kernel, stride, dilation = per(1, 6), per(1, 6), per(1, 3), per(1, 2)
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    padding = []
    for i, k, s, d, a in zip(size, kernel, stride, dilation, output_padding):
        full = (i - 1) * s + d * (k - 1) + a + 1
        padding.append(full // 2 if full % 2 == 0 and draw(st.booleans()) else draw(st.integers(0, 4)))
    if n == 1 and draw(st.booleans()):
        size = (draw(st.integers(20000, 21000)),)  # more than 20480 values: oneDNN for batch 1 too
    return dict(
        input=size,
        kernel=kernel,
        stride=stride,
        padding=tuple(padding),
        dilation=dilation,
        output_padding=output_padding,
        transposed=True,
    )


@settings(max_examples=120, deadline=None, derandomize=True)
@given(zero_transposed(), st.sampled_from([1, 2, 16]), st.sampled_from([1, 3]), st.sampled_from(["float32", "float64"]))
def test_transposed_empty_or_refused_as_torch_decides(config, batch, channels, dtype):
    import torch

    torch_says = _torch_transposed(config, batch, channels, dtype)
    try:
        ours = geometry.check(
            **config, batch=batch, channels=channels, dtype=dtype, threads=torch.get_num_threads()
        ).output
    except geometry.ConvError as error:
        assert isinstance(torch_says, Exception), (config, error, torch_says)
    else:
        assert ours == torch_says, config


# Fuzz: raw argv for shape and draw — never a traceback, status 0 or 2, each error one line; the API raises ConvError only.

FLAGS = [
    "--input",
    "--kernel",
    "--stride",
    "--padding",
    "--dilation",
    "--padding-mode",
    "--transposed",
    "--output-padding",
    "--json",
    "--cell",
    "--animate",
    "--panels",
    "--like",
    "--layer",
    "--output-size",
]
NUMBERS = st.one_of(
    st.integers(-3, 12).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "4611686018427387904",
            "2147483648",
            "1000000",
            "٧",
            "７",
            "1.5",
            "1e3",
            "+3",
            "",
            " ",
            "nan",
            "-0",
            "007",
            "same",
            "valid",
            "zeros",
            "reflect",
            "replicate",
            "circular",
            "both",
            "input",
            "output",
            "tf",
            "jax",
            "MaxPool2d",
            "AvgPool1d",
            "AdaptiveAvgPool2d",
            "ZeroPad2d",
            "ReflectionPad1d",
            "Conv2d",
        ]
    ),
)
JUNK = st.text(max_size=8).filter(lambda t: not t.startswith("-") and "\x00" not in t)
OUTPUTS = ["f.svg", "F.SVG", "f.png", "f.PNG", "x.txt", "x.foo", "", "noext", ".svg", "d/", "f.svg.bak", "no/dir/f.svg"]


@st.composite
def argv(draw, command):
    words = [command]
    for _ in range(draw(st.integers(0, 9))):
        flag = draw(st.sampled_from(FLAGS))
        words.append(flag)
        words += draw(st.lists(st.one_of(NUMBERS, JUNK), max_size=4))
    if command == "draw" and draw(st.integers(0, 9)):
        words += ["-o", draw(st.sampled_from(OUTPUTS))]
    if draw(st.booleans()):  # most argv carry the required options, so the checks behind the parser run too
        words += [
            "--input",
            *draw(st.lists(NUMBERS, min_size=1, max_size=3)),
            "--kernel",
            *draw(st.lists(NUMBERS, min_size=1, max_size=3)),
        ]
    return words


def _fuzz_one(words):
    status, out, err = cli(*words)
    assert status in (0, 2), (words, status, err)
    assert "Traceback" not in out + err, (words, err)
    if status == 2:
        assert one_error_line(err) and out == "", (words, out, err)
    else:
        assert err == "", (words, err)
    return status


@pytest.mark.slow
@settings(max_examples=500, deadline=None, derandomize=True)
@given(argv("shape"))
def test_fuzz_shape_argv(words):
    _fuzz_one(words)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, derandomize=True)
@given(argv("draw"))
def test_fuzz_draw_argv(tmp_path_factory, words):
    folder = tmp_path_factory.mktemp("draw")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        status = _fuzz_one(words)
    finally:
        os.chdir(cwd)
    written = [p for p in folder.rglob("*") if p.is_file()]
    if status == 2:  # refused: nothing written, not even a partial file
        assert written == [], (words, written)
    else:  # drawn: exactly the file -o names (draw requires -o), whole
        assert [p.relative_to(folder).as_posix() for p in written] == [words[words.index("-o") + 1]], words
        assert written[0].stat().st_size > 0


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.dictionaries(
        st.sampled_from(["kernel", "stride", "padding", "dilation", "output_padding", "padding_mode", "transposed"]),
        st.one_of(
            st.integers(-(2**70), 2**70),
            st.lists(st.integers(-(2**65), 2**65), max_size=4),
            st.text(max_size=5),
            st.booleans(),
            st.none(),
            st.floats(allow_nan=True),
        ),
    ),
    st.one_of(st.integers(-(2**70), 2**70), st.lists(st.integers(-5, 2**64), max_size=4), st.text(max_size=3)),
)
def test_fuzz_python_api_raises_only_conv_error(config, size):
    config.setdefault("kernel", 3)
    try:
        geometry.check(input=size, **config)
    except geometry.ConvError as error:
        assert "\n" not in str(error)


def test_some_real_runs_in_a_subprocess(tmp_path):
    """The same promises with a real interpreter: argv bytes that are not UTF-8, and the exit status."""
    cases = [
        ([b"shape", b"--input", b"\xff", b"--kernel", b"3"], 2),
        ([b"draw", b"--input", b"5", b"5", b"--kernel", b"3", b"-o", b"\xff.svg"], 0),
        ([b"shape", b"--input", "٧".encode(), b"--kernel", b"3"], 2),
        ([b"draw", b"--input", b"1000000", b"1000000", b"--kernel", b"3", b"-o", b"big.png"], 2),
        ([b"shape", b"--input", b"1000000000", b"1000000000", b"--kernel", b"3"], 0),
    ]
    for args, expected in cases:
        done = subprocess.run(
            [sys.executable, "-m", "convdocs", *args],
            capture_output=True,
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        assert done.returncode == expected, (args, done.stderr)
        assert b"Traceback" not in done.stderr
        if expected == 2:
            assert done.stderr.startswith(b"error: ") and done.stderr.count(b"\n") == 1, done.stderr

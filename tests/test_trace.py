"""convdocs.trace against torch: shapes layer by layer, and receptive fields measured by back-propagation.

Generated stacks of convolutions (every padding mode, 'same', dilation), transposed convolutions,
max and average pooling (padding, dilation, ceil_mode), adaptive pooling, padding layers and F.pad in a
forward. For one output cell of a copy with positive weights (max pooling replaced by a sum over the
same windows, so that every cell of the window gets gradient), the input cells with nonzero gradient
must be exactly the cells convdocs.core.receptive says the cell reads; for a cell whose window lies inside
the input, their extent must be r, starting at cell·S − P.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import convdocs
from convdocs.core.receptive import Field, merge, outside, window
from tests.cli_run import cli
from tests.conftest import children_cpu

CONV = {1: nn.Conv1d, 2: nn.Conv2d}
TRANSPOSED = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d}
MAXPOOL = {1: nn.MaxPool1d, 2: nn.MaxPool2d}
AVGPOOL = {1: nn.AvgPool1d, 2: nn.AvgPool2d}
ADAPTIVE = {1: nn.AdaptiveAvgPool1d, 2: nn.AdaptiveAvgPool2d}
PADS = {
    ("zeros", 1): nn.ZeroPad1d,
    ("zeros", 2): nn.ZeroPad2d,
    ("reflect", 1): nn.ReflectionPad1d,
    ("reflect", 2): nn.ReflectionPad2d,
    ("replicate", 1): nn.ReplicationPad1d,
    ("replicate", 2): nn.ReplicationPad2d,
    ("circular", 1): nn.CircularPad1d,
    ("circular", 2): nn.CircularPad2d,
}


class FPad(nn.Module):
    """F.pad called inside a forward, as models do."""

    def __init__(self, pad, mode):
        super().__init__()
        self.pad, self.mode = pad, mode

    def forward(self, x):
        return F.pad(x, self.pad, mode=self.mode)


class SumPool(nn.Module):
    """A max pool's windows, summed: every cell a max pool can pick gets gradient (ceil_mode included)."""

    def __init__(self, pool: nn.Module, n: int):
        super().__init__()
        self.pool, self.n = pool, n

    def forward(self, x):
        out = self.pool(x).shape[2:]
        per_dim = lambda v: tuple(v) if isinstance(v, tuple) else (v,) * self.n  # noqa: E731
        k, s, p, d = (per_dim(getattr(self.pool, a)) for a in ("kernel_size", "stride", "padding", "dilation"))
        pad = []
        for axis in reversed(range(self.n)):
            need = (out[axis] - 1) * s[axis] + d[axis] * (k[axis] - 1) + 1
            pad += [p[axis], max(p[axis], need - x.shape[2 + axis] - p[axis])]
        conv = F.conv1d if self.n == 1 else F.conv2d
        c = x.shape[1]  # each channel on its own
        y = conv(F.pad(x, pad), torch.ones(c, 1, *k), stride=s, dilation=d, groups=c)
        return y[(...,) + tuple(slice(0, o) for o in out)]


@st.composite
def layer_specs(draw, n):
    kind = draw(st.sampled_from(["conv", "conv", "conv", "transposed", "max", "avg", "pad", "fpad", "adaptive"]))
    if kind == "conv":
        stride = draw(st.integers(1, 3))
        k = draw(st.integers(1, 4))
        d = draw(st.integers(1, 2))
        padding = draw(st.sampled_from(["same", "valid"]) if stride == 1 and draw(st.booleans()) else st.integers(0, 3))
        mode = draw(st.sampled_from(["zeros", "zeros", "reflect", "replicate", "circular"]))
        return dict(kind=kind, kernel=k, stride=stride, dilation=d, padding=padding, mode=mode)
    if kind == "transposed":
        stride = draw(st.integers(1, 3))
        return dict(
            kind=kind,
            kernel=draw(st.integers(1, 4)),
            stride=stride,
            dilation=draw(st.integers(1, 2)),
            padding=draw(st.integers(0, 2)),
            output_padding=draw(st.integers(0, stride - 1)),
        )
    if kind in ("max", "avg"):
        k = draw(st.integers(1, 4))
        return dict(
            kind=kind,
            kernel=k,
            stride=draw(st.integers(1, 3)),
            padding=draw(st.integers(0, k // 2)),
            dilation=draw(st.integers(1, 2)) if kind == "max" else 1,
            ceil_mode=draw(st.booleans()),
        )
    if kind == "adaptive":
        return dict(kind=kind, output=draw(st.integers(1, 6)))
    return dict(
        kind=kind,
        pad=draw(st.lists(st.integers(0, 3), min_size=2 * n, max_size=2 * n)),
        mode=draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"])),
    )


def build(spec, n, positive):
    """The torch layer for ``spec``; ``positive``: all-ones weights, max pooling summed instead."""
    kind = spec["kind"]
    if kind in ("conv", "transposed"):
        window = {key: spec[key] for key in ("stride", "padding", "dilation")}
        if kind == "conv":
            layer = CONV[n](1, 1, spec["kernel"], padding_mode=spec["mode"], bias=False, **window)
        else:
            layer = TRANSPOSED[n](1, 1, spec["kernel"], output_padding=spec["output_padding"], bias=False, **window)
    elif kind == "max":
        layer = MAXPOOL[n](
            spec["kernel"], spec["stride"], spec["padding"], spec["dilation"], ceil_mode=spec["ceil_mode"]
        )
        return SumPool(layer, n) if positive else layer
    elif kind == "avg":
        return AVGPOOL[n](spec["kernel"], spec["stride"], spec["padding"], ceil_mode=spec["ceil_mode"])
    elif kind == "adaptive":
        return ADAPTIVE[n](spec["output"])
    elif kind == "pad":
        mode = spec["mode"]
        return PADS[mode, n](tuple(spec["pad"])) if mode != "zeros" or n == 2 else nn.ZeroPad1d(tuple(spec["pad"]))
    else:
        return FPad(tuple(spec["pad"]), "constant" if spec["mode"] == "zeros" else spec["mode"])
    if positive:
        with torch.no_grad():
            layer.weight.fill_(1.0)
    return layer


@st.composite
def stacks(draw):
    n = draw(st.integers(1, 2))
    size = tuple(draw(st.lists(st.integers(3, 14), min_size=n, max_size=n)))
    specs = draw(st.lists(layer_specs(n), min_size=1, max_size=4))
    return n, size, specs


def shapes_in_torch(model, x):
    """Input and output shape of each layer of a Sequential, as torch runs it."""
    shapes = []
    for layer in model:
        y = layer(x)
        shapes.append((tuple(x.shape), tuple(y.shape)))
        x = y
    return shapes


def run_or_reject(specs, n, size, positive):
    """The model and its output on ones, or hypothesis rejects the stack (torch refuses it)."""
    model = nn.Sequential(*(build(spec, n, positive) for spec in specs))
    x = torch.ones(1, 1, *size, requires_grad=positive)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = model(x)
    except (RuntimeError, ValueError, NotImplementedError):
        assume(False)
    return model, x, y


def gradient_cells(x, y, cell) -> set[tuple[int, ...]]:
    """Input cells with nonzero gradient when back-propagating from output ``cell`` of a positive-weight copy."""
    if x.grad is not None:
        x.grad = None
    y[(0, 0, *cell)].backward(retain_graph=True)
    return {tuple(c) for c in torch.nonzero(x.grad[0, 0]).tolist()}


STACKS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.slow
@STACKS
@given(stacks())
def test_trace_agrees_with_torch_and_with_gradients(stack):
    n, size, specs = stack
    model, x, y = run_or_reject(specs, n, size, positive=False)
    result = convdocs.trace(model, (1, 1, *size))
    assert result.output == tuple(y.shape)
    assert [(layer.input, layer.output) for layer in result.layers] == shapes_in_torch(model, torch.zeros(1, 1, *size))
    assert [layer.layer for layer in result.layers] == [
        "F.pad" if s["kind"] == "fpad" else type(m).__name__ for s, m in zip(specs, model)
    ]

    _, x, y = run_or_reject(specs, n, size, positive=True)
    assert tuple(y.shape) == result.output
    fields = result.fields
    for cell in _cells(result.output[2:]):
        measured = gradient_cells(x, y, cell)
        per_dim = [result.reads(axis)[c] for axis, c in enumerate(cell)]
        expected = set(itertools.product(*(cells for cells, _ in per_dim)))
        assert measured == expected, (cell, specs)
        if fields is None or any(f is None for f in fields):
            assert any(s["kind"] == "adaptive" for s in specs)  # uneven bins: no single r, S, P
            continue
        copies = any(s.get("mode") in ("reflect", "replicate", "circular") for s in specs)
        for axis, c in enumerate(cell):
            first, last = window(fields[axis], c)
            along = {m[axis] for m in measured}
            if along and not copies:  # every cell it depends on lies in its window (unless padding copies cells)
                assert first <= min(along) and max(along) <= last, (cell, axis, specs)
            inside = 0 <= first and last < size[axis]
            spread = any(s["kind"] == "transposed" for s in specs)  # spreads cells apart: gaps at the ends
            if along and inside and not spread and not per_dim[axis][1]:
                # a window inside the input, read without padding: the measured extent is r, from c·S − P
                assert (min(along), max(along)) == (first, last), (cell, axis, specs)
            if all(s["kind"] in ("conv", "max", "avg", "pad", "fpad") for s in specs):
                # reading padding at some layer is the same as a window reaching past the input
                assert per_dim[axis][1] == (not inside), (cell, axis, specs)


def _cells(shape, limit=12):
    """Up to ``limit`` output cells: the corners and edges first (where padding is read), then the rest."""
    cells = list(itertools.product(*(range(s) for s in shape)))
    edge = [c for c in cells if any(v in (0, s - 1) for v, s in zip(c, shape))]
    rest = [c for c in cells if c not in edge]
    return (edge[:: max(1, len(edge) // (limit - 2))] + rest[len(rest) // 2 : len(rest) // 2 + 2])[:limit]


# Paths meeting


class Residual(nn.Module):
    def __init__(self, stride_main, stride_skip):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1), nn.ReLU(), nn.Conv2d(1, 1, 3, stride_main, 1))
        self.skip = nn.Conv2d(1, 1, 1, stride_skip)

    def forward(self, x):
        return self.main(x) + self.skip(x)


def test_paths_with_one_stride_meet_in_the_union_of_their_windows():
    result = convdocs.trace(Residual(2, 2), (1, 1, 8, 8))
    (meet,) = result.merges
    assert meet.op == "add" and meet.defined
    assert result.fields == (Field(5, 2, 2),) * 2 == tuple(merge([Field(5, 2, 2), Field(1, 2, 0)]) for _ in "hw")
    # the union of the two windows, checked by back-propagation
    model = Residual(2, 2)
    with torch.no_grad():
        for conv in (model.main[0], model.main[2], model.skip):
            conv.weight.fill_(1.0)
    x = torch.ones(1, 1, 8, 8, requires_grad=True)
    model(x)[0, 0, 2, 2].backward()
    rows = torch.nonzero(x.grad[0, 0].sum(1)).flatten().tolist()
    assert (rows[0], rows[-1]) == window(result.fields[0], 2) == (2, 6)


def test_paths_with_different_strides_say_r_s_p_are_not_defined():
    class Two(nn.Module):  # 16 -> 8 twice: once with stride 2, once with a 9-wide window and stride 1
        def __init__(self):
            super().__init__()
            self.a = nn.Conv2d(1, 1, 3, 2, 1)
            self.b = nn.Conv2d(1, 1, 9)

        def forward(self, x):
            return torch.cat([self.a(x), self.b(x)], 1)

    result = convdocs.trace(Two(), (1, 1, 16, 16))
    (meet,) = result.merges
    assert meet.op == "cat" and not meet.defined and meet.after == ("a", "b")
    assert result.fields == (None, None)
    assert "(cat): paths with effective strides 1 and 2 meet: r, S and P are not defined" in result.table()


def test_meta_device_traces_without_arithmetic():
    with torch.device("meta"):
        model = nn.Sequential(nn.Conv2d(3, 512, 7, 2, 3), nn.MaxPool2d(3, 2, 1))
    result = convdocs.trace(model, (1, 3, 224, 224))
    assert [layer.output for layer in result.layers] == [(1, 512, 112, 112), (1, 512, 56, 56)]
    assert result.fields == (Field(11, 4, 5),) * 2
    assert outside(result.fields[0], 0, 224) == 5


@pytest.mark.slow
def test_published_rows_for_the_models_the_page_defines():
    """The page's VGG-16, AlexNet, ResNet-50 and MobileNet v1 (snippets/networks.py) against the
    google-research/receptive_field README: the TF-slim-shaped variants match the published rows exactly."""
    import runpy

    from convdocs.site.snippets import SNIPPETS

    ns = runpy.run_path(str(SNIPPETS / "networks.py"), run_name="networks")

    def rsp(name, slim=False):
        with torch.device("meta"):  # shapes only, as on the page
            return ns["rsp"](ns["MODELS"][name](slim=slim))

    published = {
        "vgg16": (212, 32, 90),
        "alexnet": (195, 32, 64),
        "resnet50": (483, 32, 239),
        "mobilenet_v1": (315, 32, 126),
    }
    for name, row in published.items():
        assert rsp(name, slim=True) == row, name
    assert rsp("vgg16") == (212, 32, 90)
    assert rsp("alexnet") == (195, 32, 66)
    assert rsp("resnet50") == (427, 32, 213)
    assert rsp("mobilenet_v1") == (315, 32, 157)
    # the meta device changes nothing: AlexNet traced on real zeros gives the same row
    assert ns["rsp"](ns["MODELS"]["alexnet"]()) == (195, 32, 66)


# The command line


MODELS = """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(1, 2, 3, padding=1)
        self.b = nn.Conv2d(2, 2, 3, stride=2)

    def forward(self, x):
        return self.b(F.pad(torch.relu(self.a(x)), (1, 0, 1, 0)))

class Boom(nn.Module):
    def forward(self, x):
        raise RuntimeError("boom")

def net():
    return Net()

instance = Net()
number = 3
def not_a_model():
    return "a string"
"""


@pytest.fixture
def models(tmp_path):
    path = tmp_path / "models.py"
    path.write_text(MODELS)
    (tmp_path / "broken.py").write_text("raise ImportError('no such thing')\n")
    return path


def test_cli_prints_an_aligned_table_and_json(models):
    status, out, err = cli("trace", f"{models}:net", "--input", "1", "1", "9", "9")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["#", "name", "layer", "input", "output", "padding", "r", "S", "P"]
    assert lines[1].split() == ["1", "a", "Conv2d", "1×1×9×9", "1×2×9×9", "1+1,", "1+1", "3", "1", "1"]
    assert lines[-2] == "output 1×2×4×4: r 5, S 2, P 2 (height, width)"
    status, out, _ = cli("trace", f"{models}:instance", "--input", "1", "1", "9", "9", "--json")
    layers = json.loads(out)["layers"]
    assert status == 0 and [layer["layer"] for layer in layers] == ["Conv2d", "F.pad", "Conv2d"]
    assert layers[1] == {
        "name": "F.pad",
        "layer": "F.pad",
        "input": [1, 2, 9, 9],
        "output": [1, 2, 10, 10],
        "padding": [[1, 0], [1, 0]],
        "receptive_field": [3, 3],
        "effective_stride": [1, 1],
        "effective_padding": [2, 2],
        "after": ["a"],
    }
    x = torch.zeros(1, 1, 9, 9)
    net = nn.Conv2d(1, 2, 3, padding=1)
    assert layers[0]["output"] == list(net(x).shape)


def test_cli_bad_input_is_one_line_and_exit_status_2(models):
    folder = models.parent
    cases = {
        (f"{folder}/missing.py:net", "1", "1", "9", "9"): "no such file",
        (f"{models}:nothing", "1", "1", "9", "9"): "defines no 'nothing'",
        (f"{models}:number", "1", "1", "9", "9"): "number is int, not a torch.nn.Module",
        (f"{models}:not_a_model", "1", "1", "9", "9"): "not_a_model returned str",
        (f"{models}:Boom", "1", "1", "9", "9"): "the model's forward raised RuntimeError: boom",
        (f"{models}:net", "1", "9", "9"): "works on 2 spatial dimensions",
        (f"{models}:net", "1", "9"): "3 to 5 values",
        (f"{models}:net", "1", "1", "1", "1"): "the model's forward raised RuntimeError",
        (f"{folder}/broken.py:net", "1", "1", "9", "9"): "raised ImportError when loaded",
        (str(models), "1", "1", "9", "9"): "expected FILE.py:NAME",
    }
    for (target, *shape), words in cases.items():
        status, out, err = cli("trace", target, "--input", *shape)
        assert status == 2 and out == "", (target, shape, out)
        assert err.startswith("error: ") and err.count("\n") == 1 and words in err, (target, shape, err)


@pytest.mark.slow
def test_trace_subcommand_runs_as_a_program(models):
    started = children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "convdocs", "trace", f"{models}:net", "--input", "1", "1", "9", "9"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "r 5, S 2, P 2" in done.stdout, done.stderr
    assert children_cpu() - started < 20


def test_a_u_net_skip_meets_its_upsampled_path_on_one_grid():
    class TinyUNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = nn.Conv2d(1, 2, 3, padding=1)
            self.pool = nn.MaxPool2d(2)
            self.mid = nn.Conv2d(2, 2, 3, padding=1)
            self.up = nn.ConvTranspose2d(2, 2, 2, stride=2)
            self.dec = nn.Conv2d(4, 1, 3, padding=1)

        def forward(self, x):
            skip = torch.relu(self.enc(x))
            y = self.up(torch.relu(self.mid(self.pool(skip))))
            return self.dec(torch.cat([y, skip], dim=1))

    result = convdocs.trace(TinyUNet(), (1, 1, 8, 8))
    (meet,) = result.merges
    assert meet.op == "cat" and meet.defined and meet.after == ("up", "enc")
    # the decoder path spans more input than the skip: the union is the decoder's window
    assert meet.fields[0] == Field(9, 1, 4)
    assert result.fields[0] == Field(11, 1, 5)
    # every output cell's dependencies, walked back through both paths, match back-propagation
    model = TinyUNet()
    with torch.no_grad():
        for layer in (model.enc, model.mid, model.up, model.dec):
            layer.weight.fill_(1.0)
    model.pool = SumPool(model.pool, 2)
    x = torch.ones(1, 1, 8, 8, requires_grad=True)
    y = model(x)
    for cell in [(0, 0), (3, 4), (7, 7)]:
        measured = gradient_cells(x, y, cell)
        expected = set(itertools.product(*(result.reads(a)[c][0] for a, c in enumerate(cell))))
        assert measured == expected, cell


def test_an_output_without_a_grid_or_past_an_upsample_is_not_followed(tmp_path):
    path = tmp_path / "heads.py"
    path.write_text(
        "import torch.nn as nn\n"
        "def classifier():\n"
        "    return nn.Sequential(nn.Conv2d(3, 4, 3, 2, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))\n"
        "def upsampled():\n"
        "    return nn.Sequential(nn.Conv2d(1, 1, 3, 2, 1), nn.Upsample(scale_factor=2), nn.Conv2d(1, 1, 3))\n"
    )
    status, out, err = cli("trace", f"{path}:classifier", "--input", "1", "3", "10", "10")
    assert status == 0 and err == ""
    assert "output 1×2: r, S and P are not followed to the output: it has no 2-d grid" in out
    rows = out.splitlines()[1:5]
    assert [
        next(w for w in ("Conv2d", "AdaptiveAvgPool2d", "Flatten", "Linear") if f" {w} " in row) for row in rows
    ] == ["Conv2d", "AdaptiveAvgPool2d", "Flatten", "Linear"]
    assert "not followed: changes the grid" in rows[2] and "no grid" in rows[3]
    status, out, err = cli("trace", f"{path}:upsampled", "--input", "1", "1", "10", "10", "--json")
    layers = json.loads(out)["layers"]
    assert status == 0 and layers[1]["receptive_field"] is None and layers[1]["after"] == ["not followed"]
    assert "changes the grid" in layers[1]["note"]


@pytest.mark.slow
def test_torch_warning_is_shown_with_its_explanation_not_leaked(tmp_path):
    """A warning torch raises while the model runs (padding='same', kernel 4) is printed once, as torch's text then
    convdocs' explanation, on the output; nothing reaches stderr (no 'convdocs/tracing/trace.py:NNN: UserWarning')."""
    path = tmp_path / "same4.py"
    path.write_text("import torch.nn as nn\nnet = nn.Sequential(nn.Conv2d(1, 1, 4, padding='same'), nn.ReLU())\n")
    done = subprocess.run(
        [sys.executable, "-m", "convdocs", "trace", f"{path}:net", "--input", "1", "1", "8", "8"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == ""
    last = done.stdout.splitlines()[-1]
    assert last.startswith("warning: PyTorch: UserWarning: Using padding='same' with even kernel lengths")
    assert " — convdocs: " in last and done.stdout.count("warning:") == 1
    done = subprocess.run(
        [sys.executable, "-m", "convdocs", "trace", f"{path}:net", "--input", "1", "1", "8", "8", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stderr == "" and len(json.loads(done.stdout)["warnings"]) == 1


@pytest.mark.slow
def test_a_warning_raised_while_the_model_is_built_is_shown_not_leaked(tmp_path):
    """Review of issue #13: a torch UserWarning raised when the file builds its model (not when it runs) reached
    stderr with a file path in front; it is now printed once, as a warning line, and stderr stays empty."""
    path = tmp_path / "encoder.py"
    path.write_text(
        "import torch.nn as nn\n"
        "encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 1)  # torch warns: batch_first\n"
        "net = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1))\n"
    )
    with warnings.catch_warnings(record=True) as caught:  # the oracle: torch itself warns when building it
        warnings.simplefilter("always")
        nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 1)
    torch_says = f"UserWarning: {str(caught[0].message).splitlines()[0]}"
    for extra in ([], ["--json"]):
        done = subprocess.run(
            [sys.executable, "-m", "convdocs", "trace", f"{path}:net", "--input", "1", "1", "5", "5", *extra],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        shown = json.loads(done.stdout)["warnings"] if extra else [done.stdout.splitlines()[-1]]
        prefix = "" if extra else "warning: "
        assert shown == [f"{prefix}{torch_says} (raised while the model was built)"]

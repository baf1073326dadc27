"""Captions of pooling and padding-layer figures (issue 24): every number and every 'how' they state is what torch
does for the configuration drawn, checked over grids of configurations (each sentence's reading is in the test
that parses it)."""

from __future__ import annotations

import itertools
import re

import torch
import torch.nn.functional as F

from convdocs.core import padding as padlayers
from convdocs.core import pooling
from convdocs.core.adaptive import adaptive_pool
from convdocs.core.errors import ConvError
from convdocs.core.words import say
from convdocs.figures.pool_scene import describe_pool
from convdocs.site.pool_captions import look

COUNT = r"(one|\d+)"


def number(text: str) -> int:
    return 1 if text == "one" else int(text)


def pools():
    """(pool, 1-d torch input shape or 2-d) over a grid of max and average poolings torch accepts."""
    for size, kernel, stride, padding, ceil, kind, include in itertools.product(
        range(1, 8), (1, 2, 3), (1, 2, 3), (0, 1), (False, True), ("max", "avg"), (True, False)
    ):
        if kind == "max" and not include:
            continue
        try:
            if kind == "max":
                pool = pooling.max_pool((size,), kernel, stride, padding, ceil_mode=ceil)
            else:
                pool = pooling.avg_pool((size,), kernel, stride, padding, ceil_mode=ceil, count_include_pad=include)
        except ConvError:
            continue
        yield pool
    for shape, kernel, padding, include in itertools.product(((4, 4), (5, 3)), (2, 3), (0, 1), (True, False)):
        try:
            yield pooling.avg_pool(shape, kernel, 2, padding, ceil_mode=True, count_include_pad=include)
            yield pooling.max_pool(shape, kernel, 2, padding, ceil_mode=True)
        except ConvError:
            continue


def run(pool, x, **extra):
    """torch's pooling of ``x`` (shape (1, 1, *pool.input)) as ``pool`` is configured."""
    f = {1: (F.max_pool1d, F.avg_pool1d), 2: (F.max_pool2d, F.avg_pool2d)}[pool.ndim][pool.kind == "avg"]
    options = dict(stride=pool.stride, padding=pool.padding, ceil_mode=pool.ceil_mode)
    if pool.kind == "avg":
        options["count_include_pad"] = pool.count_include_pad
    return f(x, pool.kernel, **options, **extra)[0, 0]


def sum_pool(x, pool, padding=None, ceil_mode=None):
    """torch's sum over each of ``pool``'s windows of ``x`` (average pooling with divisor 1; a 1-d pool as one row)."""
    flat = pool.ndim == 1
    lift = (lambda v, lead=1: (lead, *v)) if flat else (lambda v, lead=1: tuple(v))
    padding = pool.padding if padding is None else padding
    ceil_mode = pool.ceil_mode if ceil_mode is None else ceil_mode
    x2 = x.unsqueeze(2) if flat else x
    out = F.avg_pool2d(x2, lift(pool.kernel), lift(pool.stride), lift(padding, 0), ceil_mode, divisor_override=1)
    return out[:, :, 0] if flat else out


def inputs_in_window(pool, cell) -> int:
    """How many input cells output ``cell``'s window covers, by torch: the sum over it of an all-ones input."""
    return int(sum_pool(torch.ones(1, 1, *pool.input), pool)[(0, 0, *cell)].item())


def test_pool_captions_state_torch_numbers():
    checked = dict.fromkeys(("max", "avg", "none", "partial", "dropped", "unread", "unread padding", "range"), 0)
    for pool in pools():
        said = look(pool)
        torch.manual_seed(0)
        x = -1 - torch.rand(1, 1, *pool.input)  # all negative: a padding 0 would win a max, a −∞ never
        out = run(pool, x)
        assert tuple(out.shape) == pool.output, pool
        if m := re.search(rf"output cell \(([\d, ]+)\): its window covers {COUNT} padding cells? \((−∞|0)\) and "
                          rf"{COUNT} input cells?", said):  # fmt: skip
            cell = tuple(int(v) for v in m[1].split(", "))
            padding, inside = number(m[2]), number(m[4])
            assert inside == inputs_in_window(pool, cell), (pool, said)
            assert inside + padding == len([w for w in pool.window(cell) if w not in pool.overhang(cell)])
            window = [x[(0, 0, *w)] for w in pool.reads(cell)]
            if pool.kind == "max":  # 'it holds the largest input value in the window'
                assert "largest input value" in said and out[cell] == max(window), (pool, said)
                checked["max"] += 1
            else:  # 'divides their sum by D', and which cells D counts
                divisor = int(re.search(r"divides their sum by (\d+)", said)[1])
                assert torch.isclose(out[cell], sum(window) / divisor), (pool, said)
                assert divisor == (inside + padding if "count_include_pad=True counts the padding" in said else inside)
                checked["avg"] += 1
        if m := re.search(r"the divisors run from (\d+) to (\d+)", said):
            ones = run(pool, torch.ones(1, 1, *pool.input))
            counts = torch.tensor([inputs_in_window(pool, c) for c in itertools.product(*map(range, pool.output))])
            divisors = (counts / ones.flatten()).round().int()
            assert (divisors.min().item(), divisors.max().item()) == (int(m[1]), int(m[2])), (pool, said)
            checked["range"] += 1
        if m := re.search(r"With no padding, the .*? window has ([\d × ]+) positions", said):
            assert m[1] == " × ".join(map(str, out.shape)) and not any(pool.padding)
            checked["none"] += 1
        if m := re.search(rf"output cell \(([\d, ]+)\), the last one \(counting from 0\): ceil_mode adds its window, .*? of the (\d+) positions it "
                          rf"spans it covers only {COUNT} input cell", said):  # fmt: skip
            cell = tuple(int(v) for v in m[1].split(", "))
            assert cell == tuple(n - 1 for n in out.shape) and pool.ceil_mode
            assert number(m[3]) == inputs_in_window(pool, cell) < int(m[2]), (pool, said)
            try:  # without ceil_mode torch has no such window
                floor = tuple(sum_pool(x, pool, ceil_mode=False).shape[2:])
            except RuntimeError:  # no window at all
                floor = (0,) * pool.ndim
            assert any(a < b for a, b in zip(floor, out.shape)), (pool, said)
            checked["partial"] += 1
        if m := re.search(r"torch drops it and the output has (\d+) (?:cells?|rows?|columns?), not (\d+)", said):
            assert int(m[1]) in tuple(out.shape) and int(m[2]) == int(m[1]) + 1, (pool, said)
            checked["dropped"] += 1
        inputs, padded = unread_inputs_by_torch(pool), unread_by_torch(pool)
        said_inputs = re.search(rf"Look at the (?:{COUNT} )?input cells? with a red slash: no window covers", said)
        assert (number(said_inputs[1] or "one") if said_inputs else 0) == inputs, (pool, said)
        said_padding = re.search(rf"Look at the (?:{COUNT} )?padding cells? with a red slash: no window covers "
                                 r"(?:it|them)(, but every input cell is in some window)?\.", said)  # fmt: skip
        assert (number(said_padding[1] or "one") if said_padding else 0) == padded - inputs, (pool, said)
        if said_padding:
            assert bool(said_padding[2]) == (inputs == 0), (pool, said)
        title = re.search(r"Red slash: (?:(\d+) input cells?)?(?: and )?(?:(\d+) padding cells?)? no window reads\.",
                          describe_pool(pool, None))  # fmt: skip
        assert (int(title[1] or 0), int(title[2] or 0)) == (inputs, padded - inputs) if title else not padded, pool
        checked["unread"] += bool(said_inputs)
        checked["unread padding"] += bool(said_padding)
    assert all(n >= 5 for n in checked.values()), checked


def unread_by_torch(pool) -> int:
    """Cells of the padded grid (input and padding) that no window covers, by torch: where the gradient of a
    sum-pooling (divisor 1) is 0. The input padded explicitly and pooled with no padding has the layer's windows
    first (the same starts and count formula; only its rule for dropping a last window is looser), so the layer's
    own output count of them is kept."""
    pads = [p for p in reversed(pool.padding) for _ in (0, 1)]
    padded = F.pad(torch.ones(1, 1, *pool.input), pads).requires_grad_()
    out = sum_pool(padded, pool, padding=(0,) * pool.ndim)
    out[(..., *(slice(0, n) for n in pool.output))].sum().backward()
    return int((padded.grad == 0).sum().item())


def unread_inputs_by_torch(pool) -> int:
    """Input cells no window covers, by torch (the layer's own padding and ceil_mode)."""
    x = torch.ones(1, 1, *pool.input, requires_grad=True)
    sum_pool(x, pool).sum().backward()
    return int((x.grad == 0).sum().item())


def test_adaptive_captions_state_torch_bins():
    """'its N cells go into B bins of s1, s2 … cells' and which cells two bins share, from one-hot inputs: input
    cell c is in bin j exactly when torch's output j is not zero for the one-hot input at c."""
    seen = shared = 0
    for size, bins in itertools.product(range(1, 10), range(1, 10)):
        if bins > size:
            continue
        said = look(adaptive_pool((size,), bins))
        member = torch.stack(
            [F.adaptive_avg_pool1d(torch.eye(size)[c].view(1, 1, size), bins)[0, 0] != 0 for c in range(size)]
        )
        sizes = member.sum(0).tolist()
        m = re.search(r"its (\d+) cells? go into (\d+) bins of ([\d, and]+) cells", said)
        assert m and int(m[1]) == size and int(m[2]) == bins, said
        assert [int(v) for v in re.findall(r"\d+", m[3])] == sizes, (size, bins, said)
        for j in range(bins):  # the figure's formula: from cell ⌊j·in/out⌋ up to ⌈(j+1)·in/out⌉, that end excluded
            start, end = j * size // bins, -(-(j + 1) * size // bins)
            assert member[:, j].nonzero().flatten().tolist() == list(range(start, end)), (size, bins, j)
        twice = [c for c in range(size) if member[c].sum() == 2]
        assert not (member.sum(1) > 2).any()
        if twice:
            listed = re.search(r"both bins read the same input cells?: ([\d, and]+), counting from 0\.", said)[1]
            assert [int(v) for v in re.findall(r"\d+", listed)] == twice, (size, bins, said)
            shared += 1
        else:
            assert "No two bars overlap" in said and (member.sum(1) == 1).all()
        seen += 1
    assert seen > 40 and shared > 10
    assert "(from cell ⌊i·in/out⌋ up to cell ⌈(i+1)·in/out⌉, that end excluded)" in say(
        "figure.pool_scene.pooling_input_no_padding_split_into", kind="", geo_name="", input="", output=""
    )


def test_padding_layer_captions_state_torch_values():
    """The padding line a caption names holds the values it lists in torch's output, and is a copy of the input line
    it names (the edge, the one in from it, the far side); a constant's padding cells all hold it; crops count."""
    checked: dict[str, int] = {}
    for (h, w), (left, right, top, bottom), mode in itertools.product(
        ((3, 3), (2, 4), (1, 5)), ((1, 1, 1, 1), (2, 0, 0, 1), (0, 2, 1, 0), (1, -1, 0, 0), (-1, 2, 1, 1)),
        ("constant", "reflect", "replicate", "circular"),
    ):  # fmt: skip
        amounts = (left, right, top, bottom)
        x = torch.arange(1, h * w + 1, dtype=torch.float).view(1, 1, h, w)  # the figure's 1, 2, 3, … in reading order
        try:
            out = F.pad(x, amounts, mode=mode)[0, 0]
        except (RuntimeError, NotImplementedError, ValueError):
            continue
        geo = padlayers.fpad((1, 1, h, w), amounts, mode=mode, lead=2)
        said = look(geo)
        if m := re.search(r"all (\d+) padding cells hold (\S+), whatever", said):
            kept = (min(h + min(top, 0) + min(bottom, 0), h)) * (min(w + min(left, 0) + min(right, 0), w))
            assert int(m[1]) == out.numel() - kept and mode == "constant"
            padding = [out[r, c].item() for r, c in itertools.product(range(out.shape[0]), range(out.shape[1]))
                       if geo.is_padding((r, c))]  # fmt: skip
            assert len(padding) == int(m[1]) and set(padding) == {float(m[2])}
            checked["constant"] = checked.get("constant", 0) + 1
        if m := re.search(r"the (left|right|top|bottom) padding (row|column) next to the input: it holds ([\d, and]+), "
                          r"a copy of the (input's edge|\w+ one in from the edge|input's (?:left|right|top|bottom))", said):  # fmt: skip
            side, values, source = m[1], [float(v) for v in re.findall(r"\d+", m[3])], m[4]
            horizontal = side in ("left", "right")
            before, after, length = (left, right, out.shape[1]) if horizontal else (top, bottom, out.shape[0])
            first, last = max(before, 0), length - max(after, 0) - 1  # the input's edge lines in torch's output
            line, edge, inward, far = (
                (first - 1, first, first + 1, last) if side in ("left", "top") else (last + 1, last, last - 1, first)
            )
            index = edge if source == "input's edge" else inward if "one in" in source else far
            if horizontal:
                other = slice(max(top, 0), out.shape[0] - max(bottom, 0))
                got, copied = out[other, line], out[other, index]
            else:
                other = slice(max(left, 0), out.shape[1] - max(right, 0))
                got, copied = out[line, other], out[index, other]
            assert got.tolist() == values == copied.tolist(), (amounts, mode, said, got, copied)
            checked[mode] = checked.get(mode, 0) + 1
        if m := re.search(r"Look at the (\d+ )?input cells? with a red slash: a negative amount crops", said):
            count = int(m[1]) if m[1] else 1
            kept_cells = (h - max(-top, 0) - max(-bottom, 0)) * (w - max(-left, 0) - max(-right, 0))
            assert count == h * w - kept_cells, (amounts, said)
            checked["crop"] = checked.get("crop", 0) + 1
    assert all(checked.get(k, 0) >= 3 for k in ("constant", "reflect", "replicate", "circular", "crop")), checked

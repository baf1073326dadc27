"""Trace a whole model: every layer that changes the spatial grid, with r, S and P relative to the input.

Imports torch (call it through :func:`convdocs.trace`, which imports this module only when used). The
model runs once, on zeros (or on the meta device when its parameters live there: no arithmetic at
all). Hooks on every module give names and the layers' own settings; a torch function mode sees
everything between modules — ``F.pad`` in a ``forward``, and the additions and concatenations where
paths meet. Each tensor is followed by identity back to the layer that made it, so a branching model
reports the path it ran, and where paths with different effective strides meet, says that a single
r / S / P is not defined there. The arithmetic itself is :mod:`convdocs.core.receptive`.
"""

from __future__ import annotations

import itertools
import warnings
import weakref
from dataclasses import dataclass, field
from fractions import Fraction

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from convdocs.core.ints import DIMENSION_NAMES, dims
from convdocs.core.receptive import START, Field, Step, merge, outside, read_back
from convdocs.site.snippets import conv_of

POOLS = (nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AvgPoolNd)
ADAPTIVE = (nn.modules.pooling._AdaptiveAvgPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd)
PADS = {
    nn.modules.padding._ConstantPadNd: "zeros",
    nn.modules.padding._ReflectionPadNd: "reflect",
    nn.modules.padding._ReplicationPadNd: "replicate",
    nn.modules.padding._CircularPadNd: "circular",
}
NORMS = {F.batch_norm, F.instance_norm, F.group_norm, F.layer_norm}
# Activations that keep the shape, with the position of their ``inplace`` argument (None: always in place,
# -1: never).
# On the meta device torch runs them through slow Python decompositions; the tracer needs only the shape.
ACTIVATIONS = {
    F.relu: 1,
    torch.relu: -1,
    torch.Tensor.relu: -1,
    torch.relu_: None,
    torch.Tensor.relu_: None,
    F.relu_: None,
    F.relu6: 1,
    F.hardtanh: 3,
    F.silu: 1,
    F.hardswish: 1,
}
# Elementwise arithmetic (a residual sum, a gate): on meta, the first call imports torch._dynamo (seconds).
T = torch.Tensor
ARITHMETIC = {torch.add, T.add, T.__add__, T.__radd__, torch.sub, T.sub, T.__sub__, T.__rsub__}
ARITHMETIC |= {torch.mul, T.mul, T.__mul__, T.__rmul__}
ARITHMETIC_IN_PLACE = {T.add_, T.__iadd__, T.sub_, T.__isub__, T.mul_, T.__imul__}
GEOMETRY = (nn.modules.conv._ConvNd, *POOLS, *ADAPTIVE, *PADS)


class TraceError(ValueError):
    """The model could not be traced; the message is one line."""


@dataclass(eq=False)
class Node:
    """Where a tensor came from: the network input, a geometry layer, or paths meeting."""

    index: int  # creation order: parents always come first
    fields: tuple[Field | None, ...] | None  # per spatial dimension; None: not defined here
    layer: Layer | None = None
    parents: tuple[Node, ...] = ()
    lost: str = ""  # why the spatial grid is no longer followed


@dataclass
class Layer:
    """One leaf layer as it ran. ``steps`` is None for a layer that leaves the grid as it is."""

    name: str
    layer: str
    input: tuple[int, ...]
    output: tuple[int, ...]
    steps: tuple[Step, ...] | None = None
    fields: tuple[Field | None, ...] | None = None
    after: tuple[str, ...] = ()  # the geometry layers (or "input") its input came from
    note: str = ""

    @property
    def changes_geometry(self) -> bool:
        return self.steps is not None

    @property
    def padding(self) -> tuple[tuple[int, int], ...] | None:
        return None if self.steps is None else tuple((s.before, s.after) for s in self.steps)

    @property
    def known(self) -> tuple[Field, ...] | None:
        """The fields, when every dimension's is defined."""
        return _known(self.fields)

    @property
    def defined(self) -> bool:
        return self.known is not None

    def values(self, key: str) -> tuple[int | Fraction, ...] | None:
        """``"r"``, ``"S"`` or ``"P"`` per dimension, or None where not defined."""
        known = self.known
        return None if known is None else tuple(getattr(f, key) for f in known)


@dataclass
class Merge:
    """Paths meeting in a ``forward`` (``x + identity``, ``torch.cat``)."""

    name: str
    op: str
    shape: tuple[int, ...]
    paths: tuple[tuple[Field | None, ...] | None, ...]
    fields: tuple[Field | None, ...] | None
    after: tuple[str, ...]

    @property
    def defined(self) -> bool:
        return _known(self.fields) is not None


def _known(fields: tuple[Field | None, ...] | None) -> tuple[Field, ...] | None:
    """``fields`` when every dimension's is defined, else None."""
    if fields is None:
        return None
    known = tuple(f for f in fields if f is not None)
    return known if len(known) == len(fields) else None


@dataclass
class Trace:
    input: tuple[int, ...]
    output: tuple[int, ...]
    records: list = field(default_factory=list)  # Layer and Merge, in execution order
    final: Node | None = None
    reason: str = ""  # why the output is not followed back to the input (final is None)
    warnings: list = field(default_factory=list)  # "UserWarning: <text>" for each warning the run raised, once

    @property
    def layers(self) -> list[Layer]:
        """Every geometry-changing leaf layer, in execution order."""
        return [r for r in self.records if isinstance(r, Layer) and r.changes_geometry]

    @property
    def merges(self) -> list[Merge]:
        return [r for r in self.records if isinstance(r, Merge)]

    @property
    def fields(self) -> tuple[Field | None, ...] | None:
        """r, S and P of the final output, per spatial dimension (None where not defined)."""
        return None if self.final is None else self.final.fields

    def reads(self, axis: int) -> list[tuple[set[int], bool]]:
        """For each output index along ``axis``: the input cells it depends on, and whether it reads padding."""
        if self.final is None:
            raise TraceError(f"the output is not followed back to the input: {self.reason}")
        final = self.final
        return [_reads(final, axis, o) for o in range(self.output[2 + axis])]

    def border(self) -> dict:
        """Which output cells read padding at some layer, and the share of each one's receptive field
        (its r × r window over the input) that lies outside the input, i.e. in padding."""
        n = len(self.input) - 2
        shape = self.output[2:]
        if self.final is None:
            return {"shape": shape, "cells": [], "fractions": {}, "followed": False}
        padded = [[p for _, p in self.reads(axis)] for axis in range(n)]
        fields = _known(self.fields)
        cells: list[tuple[int, ...]] = []
        fractions: dict[tuple[int, ...], float] = {}
        for cell in itertools.product(*(range(s) for s in shape)):
            if not any(padded[a][c] for a, c in enumerate(cell)):
                continue
            cells.append(cell)
            if fields is not None and all(isinstance(f.S, int) for f in fields):
                total: int | Fraction = 1
                inside: int | Fraction = 1
                for a, c in enumerate(cell):
                    total *= fields[a].r
                    inside *= fields[a].r - outside(fields[a], c, self.input[2 + a])
                fractions[cell] = 1 - inside / total
        return {"shape": shape, "cells": cells, "fractions": fractions, "followed": True}

    def shares(self, layer: Layer) -> list:
        """For each output cell of ``layer`` (a 2-d layer: rows of cells; 1-d: one row), the share of its
        receptive field (the r × r window over the network's input) that lies outside the input."""
        known = layer.known
        if known is None or not all(isinstance(f.S, int) for f in known):
            raise TraceError(f"{layer.name}: r, S and P are not defined, so neither is the share of padding")
        sizes, shape, fields = self.input[2:], layer.output[2:], known
        if len(shape) == 1:
            sizes, shape, fields = (1, *sizes), (1, *shape), (Field(1, 1, 0), *fields)
        if len(shape) != 2:
            raise TraceError("shares are drawn for 1-d and 2-d layers")
        (fh, fw), (nh, nw) = fields, sizes
        return [
            [1 - (fh.r - outside(fh, i, nh)) * (fw.r - outside(fw, j, nw)) / (fh.r * fw.r) for j in range(shape[1])]
            for i in range(shape[0])
        ]

    def json(self) -> dict:
        """The ``--json`` document: one entry per geometry-changing leaf layer, in execution order."""

        def number(v):
            return None if v is None else (v if isinstance(v, int) else float(v))

        def numbers(values):
            return None if values is None else [number(x) for x in values]

        layers = []
        for layer in self.layers:
            layers.append(
                {
                    "name": layer.name,
                    "layer": layer.layer,
                    "input": list(layer.input),
                    "output": list(layer.output),
                    "padding": [list(p) for p in layer.padding or ()],
                    **{
                        key: numbers(layer.values(v))
                        for key, v in (("receptive_field", "r"), ("effective_stride", "S"), ("effective_padding", "P"))
                    },
                    "after": list(layer.after),
                    **({"note": layer.note} if layer.note else {}),
                }
            )
        merges = [{"name": m.name, "op": m.op, "defined": m.defined, "after": list(m.after)} for m in self.merges]
        border = self.border()
        return {
            "input": list(self.input),
            "output": list(self.output),
            "layers": layers,
            "merges": merges,
            "border": {
                "cells": [list(c) for c in border["cells"]],
                "fractions": [
                    round(border["fractions"][c], 6) if c in border["fractions"] else None for c in border["cells"]
                ],
            },
        }

    def table(self, passing: bool = True) -> str:
        """An aligned text table: every leaf layer (or only the geometry ones) and every merge."""
        head = ("#", "name", "layer", "input", "output", "padding", "r", "S", "P")
        rows, index = [], 0
        for record in self.records:
            if isinstance(record, Merge):
                if record.defined:
                    values = [_per_dim(f, record.fields) for f in "rSP"]
                else:
                    values = ["-", "-", "-"]
                rows.append(("", record.name, record.op, "", dims(record.shape, "×"), "paths meet", *values))
                continue
            if not record.changes_geometry:
                if passing:
                    rows.append(
                        (
                            "",
                            record.name,
                            record.layer,
                            dims(record.input, "×"),
                            dims(record.output, "×"),
                            record.note or "passes through",
                            "",
                            "",
                            "",
                        )
                    )
                continue
            index += 1
            pads = ", ".join(f"{lo}+{hi}" for lo, hi in record.padding or ())
            values = [_per_dim(k, record.fields) for k in "rSP"] if record.defined else ["-", "-", "-"]
            rows.append(
                (
                    str(index),
                    record.name,
                    record.layer,
                    dims(record.input, "×"),
                    dims(record.output, "×"),
                    pads,
                    *values,
                )
            )
        widths = [max(len(str(row[i])) for row in (head, *rows)) for i in range(len(head))]
        right = {0, 6, 7, 8}
        lines = [
            "  ".join(
                str(v).rjust(w) if i in right else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths))
            ).rstrip()
            for row in (head, *rows)
        ]
        notes = [
            f"{m.name} ({m.op}): paths with effective strides "
            f"{' and '.join(sorted({_per_dim('S', p) for p in m.paths if p}))} meet: r, S and P are not defined"
            for m in self.merges
            if not m.defined
        ]
        return "\n".join(lines + notes)

    def summary(self) -> str:
        """Two lines: r, S, P of the output (per dimension), and how many output cells read padding."""
        if self.final is None:
            return (
                f"output {dims(self.output, '×')}: r, S and P are not followed to the output: {self.reason}\n"
                "which output cells read padding: not followed either"
            )
        border = self.border()
        total = 1
        for s in border["shape"]:
            total *= s
        names = DIMENSION_NAMES[len(border["shape"])]
        if self.fields is not None and all(f is not None for f in self.fields):
            first = (
                f"output {dims(self.output, '×')}: r {_per_dim('r', self.fields)}, S {_per_dim('S', self.fields)}, "
                f"P {_per_dim('P', self.fields)} ({', '.join(names)})"
            )
        else:
            first = f"output {dims(self.output, '×')}: r, S and P are not defined (paths with different strides meet)"
        second = f"{len(border['cells'])} of {total} output cells read padding at some layer"
        if border["fractions"]:
            low, high = min(border["fractions"].values()), max(border["fractions"].values())
            share = f"{low:.0%}" if f"{low:.0%}" == f"{high:.0%}" else f"{low:.0%} to {high:.0%}"
            second += f"; padding is {share} of their receptive field"
        return first + "\n" + second


def _show(v) -> str:
    return str(v) if not isinstance(v, Fraction) else f"{v.numerator}/{v.denominator}"


def _per_dim(key: str, fields) -> str:
    values = [_show(getattr(f, key)) for f in fields]
    return values[0] if len(set(values)) == 1 else "(" + ", ".join(values) + ")"


def _reads(node: Node, axis: int, cell: int) -> tuple[set[int], bool]:
    """Walk one output index back through the graph of nodes to the input (exact, per dimension)."""
    pending = {node.index: (node, {cell})}
    found, padded = set(), False
    while pending:
        index = max(pending)
        current, cells = pending.pop(index)
        if current.lost:
            raise TraceError(f"cannot walk back through the grid: {current.lost}")
        if current.layer is None and not current.parents:
            found |= cells
            continue
        if current.layer is not None and current.layer.steps is not None:
            cells, here = read_back(current.layer.steps[axis], cells)
            padded |= here
        for parent in current.parents:
            _, waiting = pending.setdefault(parent.index, (parent, set()))
            waiting |= cells
    return found, padded


def _window_steps(size, output, kernel, stride, dilation, pads, mode="zeros", kind="window"):
    return tuple(
        Step(kind, n, o, k, s, d, lo, hi, mode)
        for n, o, k, s, d, (lo, hi) in zip(size, output, kernel, stride, dilation, pads)
    )


def _tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def _pad_pairs(pad, n) -> tuple[tuple[int, int], ...]:
    """F.pad's flat list (last dimension first) as (before, after) per spatial dimension, first first."""
    pairs = [(0, 0)] * n
    for i in range(min(len(pad) // 2, n)):
        pairs[n - 1 - i] = (int(pad[2 * i]), int(pad[2 * i + 1]))
    return tuple(pairs)


def module_steps(module: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[Step, ...]:
    """The steps of a geometry module applied to ``x`` giving ``y`` (per spatial dimension)."""
    size, output = tuple(x.shape[2:]), tuple(y.shape[2:])
    n = len(size)
    if isinstance(module, nn.modules.conv._ConvNd):
        conv = conv_of(module, x.shape)
        kind = "transposed" if module.transposed else "window"
        return _window_steps(size, output, conv.kernel, conv.stride, conv.dilation, conv.pads, conv.padding_mode, kind)
    if isinstance(module, POOLS):
        k = _tuple(module.kernel_size, n)
        s = _tuple(module.stride or module.kernel_size, n)
        p = _tuple(module.padding, n)
        d = _tuple(getattr(module, "dilation", 1), n)
        return _window_steps(size, output, k, s, d, [(v, v) for v in p])
    if isinstance(module, ADAPTIVE):
        return tuple(Step("adaptive", i, o) for i, o in zip(size, output))
    mode = next(m for cls, m in PADS.items() if isinstance(module, cls))
    return _window_steps(size, output, (1,) * n, (1,) * n, (1,) * n, _pad_pairs(module.padding, n), mode)


def _spatial_rank(module) -> int | None:
    """How many spatial dimensions a geometry module works on (Conv2d: 2), from its class name."""
    name = type(module).__name__
    for n in (1, 2, 3):
        if name.endswith(f"{n}d"):
            return n
    return None


class _Tracer(TorchFunctionMode):
    def __init__(self, ndim: int):
        super().__init__()
        self.ndim = ndim
        self.tensors: dict[int, tuple[weakref.ref, Node]] = {}
        self.records: list = []
        self.counter = itertools.count()
        self.inside = 0  # depth of geometry modules running (their own F.pad/conv2d calls are theirs)
        self.names: list[str] = []  # the modules running, outermost first

    # tensor identity -> node
    def node_of(self, t) -> Node | None:
        entry = self.tensors.get(id(t))
        if entry is None or entry[0]() is not t:
            return None
        return entry[1]

    def remember(self, t, node: Node):
        self.tensors[id(t)] = (weakref.ref(t), node)

    def new(self, fields, layer=None, parents=(), lost="") -> Node:
        return Node(next(self.counter), fields, layer, tuple(parents), lost)

    def spatial(self, t) -> bool:
        return isinstance(t, torch.Tensor) and t.dim() == self.ndim + 2

    @staticmethod
    def source_names(nodes) -> tuple[str, ...]:
        return tuple(
            n.layer.name if n.layer is not None else "input" if not n.parents else "not followed" if n.lost else "merge"
            for n in nodes
        )

    def geometry(self, name, kind, x, y, steps) -> None:
        node = self.node_of(x)
        layer = Layer(name, kind, tuple(x.shape), tuple(y.shape), steps)
        if node is None:
            layer.note = "input not derived from the network input"
            fields = None
            parents: tuple[Node, ...] = ()
        else:
            layer.after = self.source_names([node])
            if node.lost:
                layer.note = node.lost
                fields = None
            else:
                fields = None if node.fields is None else tuple(s.field(f) for s, f in zip(steps, node.fields))
            parents = (node,)
        out = self.new(fields, layer, parents, lost=node.lost if node is not None else "no path to the input")
        layer.fields = fields
        self.records.append(layer)
        self.remember(y, out)

    # module hooks
    def pre(self, name):
        def hook(module, args):
            self.names.append(name)
            if isinstance(module, GEOMETRY):
                self.inside += 1

        return hook

    def post(self, name):
        def hook(module, args, output):
            self.names.pop()
            leaf = not any(True for _ in module.children())
            if isinstance(module, GEOMETRY):
                self.inside -= 1
                x = args[0] if args else None
                expects = _spatial_rank(module)
                if self.inside == 0 and isinstance(x, torch.Tensor) and expects and x.dim() != expects + 2:
                    raise TraceError(
                        f"{name or 'the model'} ({type(module).__name__}) works on {expects} spatial "
                        f"dimension{'s' if expects > 1 else ''}, but its input has shape {list(x.shape)}: "
                        f"give --input N C and {expects} spatial size{'s' if expects > 1 else ''}"
                    )
                if self.inside == 0 and self.spatial(x) and self.spatial(output):
                    self.geometry(name, type(module).__name__, x, output, module_steps(module, x, output))
                    return
            if leaf and self.inside == 0:
                x = next((a for a in args if isinstance(a, torch.Tensor)), None)
                y = output if isinstance(output, torch.Tensor) else None
                if x is None or y is None:
                    return
                note = ""
                if x.dim() != self.ndim + 2:
                    note = "no grid"
                elif tuple(x.shape[2:]) != tuple(y.shape[2:]) or x.dim() != y.dim():
                    node = self.node_of(y)
                    if node is not None and node.layer is not None and not node.lost:
                        return  # an F.pad in its forward, traced as its own layer
                    note = "not followed: " + (node.lost if node is not None and node.lost else "changes the grid")
                self.records.append(Layer(name, type(module).__name__, tuple(x.shape), tuple(y.shape), note=note))

        return hook

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        meta = bool(args) and isinstance(args[0], torch.Tensor) and args[0].is_meta
        if meta and func in NORMS:
            result = torch.empty_like(args[0])  # a normalisation keeps the shape; on meta, skip its slow decomposition
        elif meta and func in ACTIVATIONS:
            result = args[0] if _in_place(func, args, kwargs) else torch.empty_like(args[0])
        elif meta and func in ARITHMETIC_IN_PLACE and "out" not in kwargs:
            result = args[0]
        elif meta and func in ARITHMETIC and len(args) == 2 and "out" not in kwargs:
            shapes = [a.shape for a in args if isinstance(a, torch.Tensor)]
            dtype = torch.result_type(*args)
            result = torch.empty(torch.broadcast_shapes(*shapes), dtype=dtype, device="meta")
        else:
            result = func(*args, **kwargs)
        if self.inside:
            return result
        where = self.names[-1] if self.names else ""
        if func is F.pad and self.spatial(result):
            x = args[0]
            pad = args[1] if len(args) > 1 else kwargs["pad"]
            mode = args[2] if len(args) > 2 else kwargs.get("mode", "constant")
            mode = "zeros" if mode == "constant" else mode
            n = self.ndim
            steps = _window_steps(
                tuple(x.shape[2:]), tuple(result.shape[2:]), (1,) * n, (1,) * n, (1,) * n, _pad_pairs(pad, n), mode
            )
            self.geometry(f"{where}.F.pad" if where else "F.pad", "F.pad", x, result, steps)
            return result
        inputs = [t for t in _tensors((args, kwargs)) if self.node_of(t) is not None]
        if not inputs:
            return result
        found = [n for n in (self.node_of(t) for t in inputs) if n is not None]
        nodes = list({id(n): n for n in found}.values())
        name = getattr(func, "__name__", str(func))
        for out in _tensors(result):
            if not self.spatial(out):
                continue
            grids = {tuple(t.shape[2:]) for t in inputs if self.spatial(t)}
            if grids != {tuple(out.shape[2:])}:
                self.remember(
                    out, self.new(None, lost=f"{name} in {where or 'forward'} changes the grid", parents=nodes)
                )
            elif len(nodes) == 1:
                self.remember(out, nodes[0])
            else:
                lost = " / ".join(n.lost for n in nodes if n.lost)
                per_dim = (
                    None
                    if lost
                    else tuple(
                        merge(n.fields[a] if n.fields is not None else None for n in nodes) for a in range(self.ndim)
                    )
                )
                record = Merge(
                    where or "forward",
                    name,
                    tuple(out.shape),
                    tuple(n.fields for n in nodes),
                    per_dim,
                    self.source_names(nodes),
                )
                self.records.append(record)
                self.remember(out, self.new(per_dim, parents=nodes, lost=lost))
        return result


def _in_place(func, args, kwargs) -> bool:
    """Whether an activation in ``ACTIVATIONS`` writes into its input (and so returns that very tensor)."""
    where = ACTIVATIONS[func]
    if where is None:
        return True
    if where < 0:
        return False
    return bool(kwargs.get("inplace", args[where] if len(args) > where else False))


def _tensors(value):
    if isinstance(value, torch.Tensor):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _tensors(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _tensors(v)


def trace(model: nn.Module, input_shape) -> Trace:
    """Run ``model`` once on zeros of ``input_shape`` (batch, channels, spatial sizes) and trace its grid.

    On the meta device when the model's parameters are there (``with torch.device("meta"): model = ...``):
    shapes only, no arithmetic. Raises `TraceError` (one line) when the model cannot run.
    """
    if not isinstance(model, nn.Module):
        raise TraceError(f"expected a torch.nn.Module, got {type(model).__name__}")
    shape = tuple(int(v) for v in input_shape)
    if not 3 <= len(shape) <= 5 or min(shape) < 1:
        raise TraceError(f"input shape must be N, C and 1 to 3 spatial sizes, all at least 1; got {list(shape)}")
    ndim = len(shape) - 2
    parameter = next(itertools.chain(model.parameters(), model.buffers()), None)
    device = parameter.device if parameter is not None else torch.device("cpu")
    dtype = parameter.dtype if parameter is not None and parameter.is_floating_point() else torch.float32
    tracer = _Tracer(ndim)
    handles = []
    for name, module in model.named_modules():
        handles.append(module.register_forward_pre_hook(tracer.pre(name)))
        handles.append(module.register_forward_hook(tracer.post(name)))
    x = torch.zeros(shape, device=device, dtype=dtype)
    tracer.remember(x, tracer.new(tuple(START for _ in range(ndim))))
    try:
        with torch.no_grad(), tracer, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # shown by command() with convdocs' explanation, never on stderr
            y = model(x)
    except TraceError:
        raise
    except Exception as error:  # the model's own failure, reported in one line
        raise TraceError(f"the model's forward raised {type(error).__name__}: {_first_line(error)}") from None
    finally:
        for handle in handles:
            handle.remove()
    out = next(_tensors(y), None)
    if out is None:
        raise TraceError("the model returned no tensor")
    final = tracer.node_of(out)
    result = Trace(shape, tuple(out.shape), tracer.records, None)
    result.warnings = _shown(caught)
    if out.dim() != ndim + 2:
        result.reason = f"it has no {ndim}-d grid (a shape of {len(out.shape)} values)"
    elif final is None:
        result.reason = "it does not derive from the input through the layers and operations followed"
    elif final.lost:
        result.reason = final.lost
    else:
        result.final = final
    return result


def load(target: str) -> nn.Module:
    """``FILE.py:NAME`` -> the module: NAME is a module instance, or a callable that returns one."""
    import runpy
    from pathlib import Path

    path, sep, name = target.rpartition(":")
    if not sep or not path or not name:
        raise TraceError(f"expected FILE.py:NAME, got {target!r}")
    if not Path(path).is_file():
        raise TraceError(f"no such file: {path}")
    try:
        namespace = runpy.run_path(path, run_name="__convdocs_trace__")
    except Exception as error:
        raise TraceError(f"{path} raised {type(error).__name__} when loaded: {_first_line(error)}") from None
    if name not in namespace:
        found = sorted(
            k
            for k, v in namespace.items()
            if not k.startswith("_")
            and (isinstance(v, nn.Module) or (callable(v) and getattr(v, "__module__", "") == "__convdocs_trace__"))
        )
        raise TraceError(f"{path} defines no {name!r}" + (f" (it defines {', '.join(found)})" if found else ""))
    value = namespace[name]
    if not isinstance(value, nn.Module) and callable(value):  # a function, or an nn.Module class
        try:
            value = value()
        except Exception as error:
            raise TraceError(f"{name}() raised {type(error).__name__}: {_first_line(error)}") from None
    if not isinstance(value, nn.Module):
        what = f"{name} returned" if callable(namespace[name]) else f"{name} is"
        raise TraceError(
            f"{what} {type(value).__name__}, not a torch.nn.Module (give a module or a function that returns one)"
        )
    return value


def _first_line(error: BaseException | str) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else "(no message)"


def command(target: str, shape, as_json: bool) -> str:
    """What ``python -m convdocs trace`` prints (raises :class:`TraceError` with one line on bad input)."""
    import json

    with warnings.catch_warnings(record=True) as caught:  # building the model may warn too: shown, not leaked
        warnings.simplefilter("always")
        model = load(target)
    loading = _shown(caught)
    result = trace(model, shape)
    warned = [_warning_line(shown, "the model was built") for shown in loading]
    warned += [_warning_line(shown, "the model ran") for shown in result.warnings]
    if as_json:
        return json.dumps({**result.json(), "warnings": warned})
    return "\n".join([result.table() + "\n\n" + result.summary(), *(f"warning: {line}" for line in warned)])


def _shown(caught: list[warnings.WarningMessage]) -> list[str]:
    """ "Category: first line" for each warning caught, once each, in order."""
    return list(dict.fromkeys(f"{w.category.__name__}: {_first_line(w.message)}" for w in caught))


def _warning_line(shown: str, when: str) -> str:
    """A warning raised while the model was built or ran: torch's text then convdocs' explanation, as errors
    are shown (docs: ERRORS); a warning the catalogue does not know is shown as it was raised, and when."""
    from convdocs.core.torch_text import explain_warning

    try:
        return "PyTorch: " + explain_warning(shown)
    except LookupError:
        return f"{shown} (raised while {when})"

"""Trace a whole model: every layer that changes the spatial grid, with r, S and P relative to the input.

Imports torch (call it through :func:`convdocs.trace`, which imports this module only when used). The
model runs once, on zeros (or on the meta device when its parameters live there: no arithmetic at
all). Hooks on every module give names and the layers' own settings; every torch function call is seen
too (both through `convdocs.tracing.intercept`), so the tracer sees everything between modules — ``F.pad`` in a ``forward``, and the additions and concatenations where
paths meet. Each tensor is followed by identity back to the layer that made it, so a branching model
reports the path it ran, and where paths with different effective strides meet, says that a single
r / S / P is not defined there. The arithmetic itself is :mod:`convdocs.core.receptive`.
"""

from __future__ import annotations

import itertools
import warnings
import weakref

import torch
import torch.nn as nn
import torch.nn.functional as F

from convdocs.core.receptive import START, merge
from convdocs.core.words import say
from convdocs.tracing.intercept import watching
from convdocs.tracing.modules import GEOMETRY, module_steps, pad_pairs, spatial_rank, window_steps
from convdocs.tracing.records import Layer, Merge, Node, Trace, TraceError, first_line, shown_warnings

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


class _Tracer:
    def __init__(self, ndim: int, names: dict[int, str]):
        self.ndim = ndim
        self.module_names = names  # id of each of the model's modules -> its name
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
            layer.note = say("trace.trace.input_not_derived_from_the_network")
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
        out = self.new(
            fields, layer, parents, lost=node.lost if node is not None else say("trace.trace.no_path_to_the_input")
        )
        layer.fields = fields
        self.records.append(layer)
        self.remember(y, out)

    # module hooks (every module's forward runs them; modules outside the model are not followed)
    def pre(self, module, args):
        name = self.module_names.get(id(module))
        if name is None:
            return
        self.names.append(name)
        if isinstance(module, GEOMETRY):
            self.inside += 1

    def post(self, module, args, kwargs, output):
        name = self.module_names.get(id(module))
        if name is None:
            return
        self.names.pop()
        if isinstance(module, GEOMETRY):
            self.inside -= 1
        if output is None:  # its forward raised: the trace reports that error
            return
        leaf = not any(True for _ in module.children())
        if isinstance(module, GEOMETRY):
            x = args[0] if args else None
            expects = spatial_rank(module)
            if self.inside == 0 and isinstance(x, torch.Tensor) and expects and x.dim() != expects + 2:
                raise TraceError(
                    say(
                        "trace.trace.works_on_spatial_dimension_but_its",
                        name=name or "the model",
                        layer=type(module).__name__,
                        expects=expects,
                        plural="s" if expects > 1 else "",
                        shape=list(x.shape),
                    )
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
                note = "not followed: " + (
                    node.lost if node is not None and node.lost else say("trace.trace.changes_the_grid")
                )
            self.records.append(Layer(name, type(module).__name__, tuple(x.shape), tuple(y.shape), note=note))

    def call(self, func, args, kwargs):
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
            steps = window_steps(
                tuple(x.shape[2:]), tuple(result.shape[2:]), (1,) * n, (1,) * n, (1,) * n, pad_pairs(pad, n), mode
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
                    out,
                    self.new(
                        None,
                        lost=say("trace.trace.in_changes_the_grid", name=name, where=where or "forward"),
                        parents=nodes,
                    ),
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
        raise TraceError(say("trace.trace.expected_a_torch_nn_module_got", type=type(model).__name__))
    shape = tuple(int(v) for v in input_shape)
    if not 3 <= len(shape) <= 5 or min(shape) < 1:
        raise TraceError(say("trace.trace.input_shape_must_be_n_c", shape=list(shape)))
    ndim = len(shape) - 2
    parameter = next(itertools.chain(model.parameters(), model.buffers()), None)
    device = parameter.device if parameter is not None else torch.device("cpu")
    dtype = parameter.dtype if parameter is not None and parameter.is_floating_point() else torch.float32
    tracer = _Tracer(ndim, {id(module): name for name, module in model.named_modules()})
    x = torch.zeros(shape, device=device, dtype=dtype)
    tracer.remember(x, tracer.new(tuple(START for _ in range(ndim))))
    try:
        with (
            torch.no_grad(),
            watching(before=tracer.pre, after=tracer.post, calls=tracer.call),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")  # shown by command() with convdocs' explanation, never on stderr
            y = model(x)
    except TraceError:
        raise
    except Exception as error:  # the model's own failure, reported in one line
        raise TraceError(
            say("trace.trace.the_model_s_forward_raised", error_type=type(error).__name__, error=first_line(error))
        ) from None
    out = next(_tensors(y), None)
    if out is None:
        raise TraceError(say("trace.trace.the_model_returned_no_tensor"))
    final = tracer.node_of(out)
    result = Trace(shape, tuple(out.shape), tracer.records, None)
    result.warnings = shown_warnings(caught)
    if out.dim() != ndim + 2:
        result.reason = say("trace.trace.it_has_no_d_grid_a", ndim=ndim, values=len(out.shape))
    elif final is None:
        result.reason = say("trace.trace.it_does_not_derive_from_the")
    elif final.lost:
        result.reason = final.lost
    else:
        result.final = final
    return result

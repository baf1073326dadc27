"""What a trace records: the layers and merges of one run, with r, S and P, and how they are printed.

Pure data over `convdocs.core.receptive` (no torch): :class:`Trace` is what `convdocs.trace` returns.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

from convdocs.core.ints import DIMENSION_NAMES, dims
from convdocs.core.receptive import Field, Step, outside, read_back
from convdocs.core.words import say


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
            raise TraceError(say("trace.records.the_output_is_not_followed_back", reason=self.reason))
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
            raise TraceError(say("trace.records.r_s_and_p_are_not", layer_name=layer.name))
        sizes, shape, fields = self.input[2:], layer.output[2:], known
        if len(shape) == 1:
            sizes, shape, fields = (1, *sizes), (1, *shape), (Field(1, 1, 0), *fields)
        if len(shape) != 2:
            raise TraceError(say("trace.records.shares_are_drawn_for_1_d"))
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
                    values = [per_dim_text(f, record.fields) for f in "rSP"]
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
            values = [per_dim_text(k, record.fields) for k in "rSP"] if record.defined else ["-", "-", "-"]
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
            say(
                "trace.records.paths_with_effective_strides_meet_r",
                name=m.name,
                op=m.op,
                strides=" and ".join(sorted({per_dim_text("S", p) for p in m.paths if p})),
            )
            for m in self.merges
            if not m.defined
        ]
        return "\n".join(lines + notes)

    def summary(self) -> str:
        """Two lines: r, S, P of the output (per dimension), and how many output cells read padding."""
        if self.final is None:
            return say("trace.records.output_not_followed", output=dims(self.output, "×"), reason=self.reason)
        border = self.border()
        total = 1
        for s in border["shape"]:
            total *= s
        names = DIMENSION_NAMES[len(border["shape"])]
        if self.fields is not None and all(f is not None for f in self.fields):
            first = (
                f"output {dims(self.output, '×')}: r {per_dim_text('r', self.fields)}, S {per_dim_text('S', self.fields)}, "
                f"P {per_dim_text('P', self.fields)} ({', '.join(names)})"
            )
        else:
            first = say("trace.records.output_paths_meet", output=dims(self.output, "×"))
        second = say("trace.records.of_output_cells_read_padding_at", border=len(border["cells"]), total=total)
        if border["fractions"]:
            low, high = min(border["fractions"].values()), max(border["fractions"].values())
            share = f"{low:.0%}" if f"{low:.0%}" == f"{high:.0%}" else f"{low:.0%} to {high:.0%}"
            second += say("trace.records.padding_is_of_their_receptive_field", share=share)
        return first + "\n" + second


def _show(v) -> str:
    return str(v) if not isinstance(v, Fraction) else f"{v.numerator}/{v.denominator}"


def per_dim_text(key: str, fields) -> str:
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
            raise TraceError(say("trace.records.cannot_walk_back_through_the_grid", lost=current.lost))
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


def first_line(error: BaseException | str) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else "(no message)"


def shown_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    """ "Category: first line" for each warning caught, once each, in order."""
    return list(dict.fromkeys(f"{w.category.__name__}: {first_line(w.message)}" for w in caught))

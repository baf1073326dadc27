"""Adaptive pooling in pure Python: no kernel, the input split into bins that may overlap.

>>> adaptive_pool(input=(5,), output_size=3).bins(0)
[(0, 2), (1, 4), (3, 5)]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from convdocs.core.conv_cells import check_cell
from convdocs.core.errors import Rejected, own
from convdocs.core.ints import is_int
from convdocs.core.pool_aten import pool_shape, tensor_text
from convdocs.core.words import say


@dataclass(frozen=True)
class Adaptive:
    """A validated AdaptiveAvgPool/AdaptiveMaxPool configuration: no kernel, no padding, bins."""

    name: str
    kind: str  # "avg" or "max"
    input: tuple[int, ...]
    output: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.input)

    @property
    def pads(self) -> tuple[tuple[int, int], ...]:
        return ((0, 0),) * self.ndim

    def bins(self, axis: int) -> list[tuple[int, int]]:
        """(start, end) of every bin along ``axis``: start ⌊i·in/out⌋, end ⌈(i+1)·in/out⌉; bins may overlap."""
        i, o = self.input[axis], self.output[axis]
        return [bin_bounds(j, i, o) for j in range(o)]

    def reads(self, cell: tuple[int, ...]) -> list[tuple[int, ...]]:
        check_cell(cell, self.output, "output")
        ranges = [range(*bin_bounds(c, i, o)) for c, i, o in zip(cell, self.input, self.output)]
        return list(itertools.product(*ranges))

    def divisor(self, cell: tuple[int, ...]) -> int:
        """Adaptive average pooling divides by the bin's size."""
        return len(self.reads(cell))


def bins_text(pool: Adaptive, axis: int, shown: int = 20) -> str:
    """The bins along ``axis`` as '[0, 2) [1, 4) [3, 5)'; past ``shown`` of them, the first ones and how many
    there are (each bin is a closed form of its index: nothing loops over the output)."""
    i, o = pool.input[axis], pool.output[axis]
    if o == 0:
        return "none"
    text = " ".join(f"[{s}, {e})" for s, e in (bin_bounds(j, i, o) for j in range(min(o, shown))))
    if o <= shown:
        return text
    last = bin_bounds(o - 1, i, o)
    return say("bounded.bins_more", first=text, last=f"[{last[0]}, {last[1]})", count=f"{o:,}")


ADDRESS_BYTES = 2**48  # a 48-bit virtual address space (x86-64 with 4-level paging, most arm64): no larger tensor fits


def allocatable(name: str, shape: tuple[int, ...], element: int = 4) -> None:
    """Refuse an output that no machine can allocate (float32: 4 bytes an element; batch and channels 1)."""
    numel = 1
    for n in shape:
        numel *= n
    if numel * element > ADDRESS_BYTES:
        raise own(
            say(
                "bounded.output_too_large",
                name=name,
                shape="×".join(map(str, shape)),
                numel=f"{numel:,}",
                size=f"{numel * element:,}",
            ),
            say("bounded.output_too_large_why", most=f"{ADDRESS_BYTES:,}"),
        )


def bin_bounds(j: int, size: int, out: int) -> tuple[int, int]:
    """Bin ``j`` of ``out`` over ``size`` cells: [⌊j·size/out⌋, ⌈(j+1)·size/out⌉)."""
    return (j * size) // out, -((-(j + 1) * size) // out)


def _empty(kind, n, size):
    tensor = (1,) + size if n == 1 and kind == "avg" else size  # AdaptiveAvgPool1d runs as a 2-d pool
    axis = 2 + list(tensor).index(0)
    fname = f"adaptive_{kind}_pool{max(n, 2) if kind == 'avg' else n}d()"
    raise Rejected(
        say("pool.torch.expected_input_have_non_zero", fname=fname, shape=tensor_text(tensor), axis=axis),
        say("pool.why.every_input_size_must_at"),
    )


def adaptive_pool(input, output_size, kind: str = "avg", ndim=None) -> Adaptive:
    """``nn.AdaptiveAvgPool1d/2d/3d`` (``kind='avg'``) and ``nn.AdaptiveMaxPool1d/2d/3d`` (``kind='max'``).

    ``output_size`` is an int or a tuple; in 2-d and 3-d an entry may be None (keep that input size).
    """
    size = pool_shape(input)
    n = ndim or len(size)
    name = f"Adaptive{'Avg' if kind == 'avg' else 'Max'}Pool{n}d"
    fn = f"adaptive_{kind}_pool{n}d"
    if len(size) != n:
        raise own(say("pool.own.pools_d_inputs_not_d", name=name, n=n, got=len(size)))
    if isinstance(output_size, (tuple, list)):
        out = tuple(output_size)
        if n == 1 and None in out:
            at = out.index(None)
            raise Rejected(
                say("pool.torch.output_size_none_element", fn=fn, at=at)
                if at == 0
                else say("pool.torch.output_size_none_unpack", fn=fn),
                say("pool.why.needs_integer_size", name=name),
                kind="TypeError",
            )
        if n == 1 and len(out) != 1:
            raise Rejected(
                say("pool.torch.argument_output_size_should_contain", fn=fn, n_out=len(out)),
                say("pool.why.takes_one_output_size", name=name),
            )
        out = tuple(i if v is None else v for v, i in zip(out, size[-len(out) :])) if len(out) <= n else out
        if len(out) != n and kind == "max" and 0 in size:
            _empty(kind, n, size)
        if len(out) != n:
            raise Rejected(
                say("pool.torch.output_size_must_be", fn=fn, n=n)
                if kind == "avg"
                else say("pool.torch.output_size_internal_error", fn=fn, n=n),
                say("pool.why.give_one_output_size", n=n),
            )
    elif is_int(output_size):
        out = (output_size,) * n
    else:
        raise own(say("pool.own.output_size_must_integer_tuple", output_size=repr(output_size)))
    if not all(is_int(v) for v in out):
        raise own(say("pool.own.output_size_must_integers_none", output_size=repr(output_size)))
    if kind == "avg" and min(out) < 0:
        shown = ((1,) + out) if n == 1 else out
        listed = f"{{{shown[0]}, {shown[1]},{shown[2]}}}" if n == 3 else "{" + ", ".join(map(str, shown)) + "}"
        raise Rejected(
            say("pool.torch.adaptive_avg_pool_d_elements", dim=max(n, 2), listed=listed),
            say("pool.why.output_sizes_must_0_more"),
        )
    if 0 in size and not (kind == "avg" and set(out) == {1}):  # torch takes a mean for a 1 × … × 1 output
        _empty(kind, n, size)
    if min(out) < 0:
        shown = ((1,) + out) if n == 1 else out
        raise Rejected(
            say("common.torch.trying_create_tensor_with_negative", negative=min(out), shape=tensor_text(shown)),
            say("pool.why.output_sizes_must_0_more"),
        )
    allocatable(name, out)
    return Adaptive(name, kind, size, out)

"""The inverse question: which padding gives the output size I want? Pure Python, no torch.

For a convolution, every total padding ``P`` with ⌊(i + P − span) / s⌋ + 1 = o works: a range of
``s`` consecutive totals, the least of them the minimal padding. Integer ``padding=p`` pads ``2p``,
so it works when an even total lies in the range. For a transposed convolution, the output is
(i − 1)·s − 2p + span + a, with 0 ≤ a < max(s, d): a short list of (padding, output_padding) pairs.

>>> answer = solve(input=(7, 7), kernel=3, stride=2, output=(4, 4))
>>> answer.padding, answer.pads, answer.f_pad
((1, 1), ((1, 1), (1, 1)), (1, 1, 1, 1))
>>> solve(input=6, kernel=3, stride=2, output=3).pads
((0, 1),)
>>> solve(input=5, kernel=3, stride=2, output=10, transposed=True).transposed
(((1,), (1,)),)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from convdocs.core.answers import Combos, Every, first
from convdocs.core.conv import check
from convdocs.core.conv_cells import Conv
from convdocs.core.errors import ConvError
from convdocs.core.ints import DIMENSION_NAMES, dimension_names, dims, per_dim, span, torch_dim_name
from convdocs.core.words import say

EXTRA = ("after", "before")
SHOWN = 10  # answers a list shows before it says how many more there are
EVERY = 100_000  # the most answers ``--all`` prints


@dataclass(frozen=True)
class Solution:
    """Every way to reach ``output``; each field per dimension, in the order of ``input``.

    ``padding``: the least integer padding (the layer argument) that gives the output, or None.
    ``paddings``: per dimension, every integer padding that gives it (a convolution; empty if none).
    ``totals``: per dimension, the (least, most) total padding that gives it (a convolution).
    ``pads``: the minimal padding per side, (before, after), the odd cell on the ``extra`` side;
    for a transposed layer: what F.pad adds to the output of ``padding=0, output_padding=0`` to give the
    first pair of ``transposed`` value for value, (−p, a − p) per dimension (negative: crops; a cell it
    adds holds 0 where the layer's holds its bias).
    ``f_pad``: ``pads`` in F.pad's order, last dimension first.
    ``transposed``: (padding, output_padding) pairs for a transposed layer, least padding first.
    ``paddings`` and ``transposed`` can hold millions of answers: they are computed item by item
    (:mod:`convdocs.core.answers`), their lengths at once.
    """

    input: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    output: tuple[int, ...]
    is_transposed: bool
    padding: tuple[int, ...] | None
    paddings: Sequence[Sequence[int]]
    totals: tuple[tuple[int, int], ...]
    pads: tuple[tuple[int, int], ...]
    f_pad: tuple[int, ...]
    transposed: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]

    def as_json(self, every: bool = False) -> dict:
        """``{"padding": [...] or None, "pads": [[before, after], ...], "f_pad": [...], "transposed": [...]}``.

        Past :data:`SHOWN` transposed pairs, only the first are listed and ``"transposed_count"`` says how
        many there are; ``every`` lists them all (at most :data:`EVERY`, else :class:`ConvError`)."""
        pairs = first(self.transposed, too_many(len(self.transposed)) if every else SHOWN)
        answer: dict[str, object] = {
            "padding": None if self.padding is None else list(self.padding),
            "pads": [list(p) for p in self.pads],
            "f_pad": list(self.f_pad),
            "transposed": [{"padding": list(p), "output_padding": list(a)} for p, a in pairs],
        }
        if len(pairs) < len(self.transposed):
            answer["transposed_count"] = len(self.transposed)
        return answer


def too_many(n: int) -> int:
    """``n`` if ``--all`` may print that many answers; a one-line :class:`ConvError` otherwise."""
    if n > EVERY:
        raise ConvError(say("bounded.too_many_answers", count=f"{n:,}", most=f"{EVERY:,}", shown=SHOWN))
    return n


def total_range(input: int, kernel: int, stride: int, dilation: int, output: int) -> tuple[int, int] | None:
    """The (least, most) total padding, both sides together, that gives ``output``; None if none does.

    ⌊(i + P − span) / s⌋ + 1 = o  ⇔  (o − 1)·s + span − i ≤ P ≤ o·s + span − i − 1, and P ≥ 0.
    """
    most = output * stride + span(kernel, dilation) - input - 1
    least = max((output - 1) * stride + span(kernel, dilation) - input, 0)
    return (least, most) if output >= 1 and least <= most else None


def symmetric(input: int, kernel: int, stride: int, dilation: int, output: int) -> Every:
    """Every integer ``padding`` (p on each side) that gives ``output``, least first (consecutive integers)."""
    found = total_range(input, kernel, stride, dilation, output)
    if found is None:
        return Every(0, 0)
    least, most = found
    return Every((least + 1) // 2, most // 2 + 1)


def split(total: int, extra: str = "after") -> tuple[int, int]:
    """A total padding as (before, after): halves, the odd cell on the ``extra`` side."""
    small = total // 2
    return (small, total - small) if extra == "after" else (total - small, small)


def f_pad(pads) -> tuple[int, ...]:
    """Per-dimension (before, after) pairs as F.pad's tuple: last dimension first.

    >>> f_pad(((0, 1), (2, 3)))
    (2, 3, 0, 1)
    """
    return tuple(v for pair in reversed(pads) for v in pair)


def transposed_full(input: int, kernel: int, stride: int, dilation: int) -> int:
    """Output size of a transposed convolution with padding 0 and output_padding 0."""
    return (input - 1) * stride + span(kernel, dilation)


def transposed_pairs(input: int, kernel: int, stride: int, dilation: int, output: int) -> list[tuple[int, int]]:
    """Every (padding, output_padding) of a transposed layer that gives ``output``, least padding first.

    output = full − 2p + a, with p ≥ 0 and 0 ≤ a < max(stride, dilation) (PyTorch's limit on a).
    """
    (p, a), n = transposed_run(input, kernel, stride, dilation, output)
    return [(p + m, a + 2 * m) for m in range(n)]


def transposed_run(input: int, kernel: int, stride: int, dilation: int, output: int) -> tuple[tuple[int, int], int]:
    """The least (padding, output_padding) pair that gives ``output``, and how many pairs do: they are
    (p + m, a + 2m) for m = 0, 1, ... (2p = full + a − output must be even and ≥ 0, a < max(stride, dilation))."""
    full = transposed_full(input, kernel, stride, dilation)
    least = max(0, output - full)
    least += (least - (output - full)) % 2  # a ≡ output − full (mod 2)
    n = len(range(least, max(stride, dilation), 2))
    return ((full + least - output) // 2, least), n


def sizes(name: str, value, ndim: int) -> tuple[int, ...]:
    """One value or one per dimension, each at least 1 (the wanted output)."""
    sizes = per_dim(name, value, ndim)
    if min(sizes) < 1:
        raise ConvError(say("solve.own.must_at_least_1", name=name, sizes=dims(sizes, ", ")))
    return sizes


def validated(input, kernel, stride=1, dilation=1) -> Conv:
    """The layer checked exactly as ``shape`` checks it (torch's words when torch refuses it), with enough
    padding that only the values themselves can be wrong, not the fit of the kernel."""
    values = [input, kernel, stride, dilation]
    ints = [
        v
        for value in values
        for v in (value if isinstance(value, (tuple, list)) else (value,))
        if isinstance(v, int) and not isinstance(v, bool)
    ]
    return check(input=input, kernel=kernel, stride=stride, dilation=dilation, padding=sum(map(abs, ints)))


def _why_not(i: int, k: int, s: int, d: int, o: int, axis: int, n: int, transposed: bool) -> str:
    dim = axis + 2  # torch's numbering, as shape's errors give it
    where = say("solve.why.where", name=torch_dim_name(dim, n), dim=dim, names=dimension_names(n))
    if transposed:
        full = transposed_full(i, k, s, d)
        most = full + max(s, d) - 1
        return say("solve.own.transposed_out_of_reach", o=o, where=where, i=i, k=k, s=s, d=d, most=most)
    largest = (i - span(k, d)) // s + 1
    return say("solve.own.out_of_reach", o=o, where=where, i=i, k=k, s=s, d=d, largest=largest)


def crop(padding: int, output_padding: int) -> tuple[int, int]:
    """What ``padding``/``output_padding`` do to the output of a transposed layer with neither, as F.pad's
    (before, after): PyTorch removes ``padding`` cells before and ``padding − output_padding`` after.

    >>> crop(2, 1)
    (-2, -1)
    """
    return -padding, output_padding - padding


def solve(
    input, kernel, stride=1, dilation=1, output=None, transposed: bool = False, extra: str | None = None
) -> Solution:
    """Every padding that gives ``output``: symmetric ``padding``, minimal per-side pads, transposed pairs.

    Arguments take one value or one per dimension, as [`check`][convdocs.core.conv.check]. ``extra`` (a
    convolution only; 'after' by default) is the side of an odd padding cell. Raises
    [`ConvError`][convdocs.core.errors.ConvError] with one line when nothing PyTorch accepts gives ``output``.
    """
    if transposed and extra is not None:
        raise ConvError(say("solve.no_extra_transposed"))
    extra = "after" if extra is None else extra
    if extra not in EXTRA:
        raise ConvError(say("solve.own.extra_must_after_before_not", extra=repr(extra)))
    layer = validated(input, kernel, stride, dilation)
    size, k, s, d, n = layer.input, layer.kernel, layer.stride, layer.dilation, layer.ndim
    if output is None:
        raise ConvError(say("solve.own.give_output_size_you_want"))
    o = sizes("output", output, n)
    if transposed:
        runs = [transposed_run(*args) for args in zip(size, k, s, d, o)]
        for axis, (_, many) in enumerate(runs):
            if not many:
                raise ConvError(_why_not(size[axis], k[axis], s[axis], d[axis], o[axis], axis, n, True))
        pairs = Combos([start for start, _ in runs], [many for _, many in runs])
        starts = [start for start, _ in runs]
        exact = [tuple(p for p, _ in starts)] if not any(a for _, a in starts) else []  # the first pair, if any
        crop_pads = tuple(crop(p, a) for p, a in zip(*pairs[0]))  # the first pair, value for value
        return Solution(size, k, s, d, o, True, exact[0] if exact else None, (), (), crop_pads, f_pad(crop_pads), pairs)
    totals = []
    for axis, args in enumerate(zip(size, k, s, d, o)):
        found = total_range(*args)
        if found is None:
            raise ConvError(_why_not(*args, axis, n, False))
        totals.append(found)
    paddings = tuple(symmetric(*args) for args in zip(size, k, s, d, o))
    padding = tuple(p[0] for p in paddings) if all(paddings) else None
    pads = tuple(split(least, extra) for least, _ in totals)
    return Solution(size, k, s, d, o, False, padding, paddings, tuple(totals), pads, f_pad(pads), ())


def explicit(input, kernel, stride=1, dilation=1, pads=None) -> Conv:
    """A ``padding=0`` convolution on an input padded first by ``pads`` ((before, after) per dimension), as
    ``conv(F.pad(x, f_pad(pads)))``: the padding is drawn and worked through as padding, side by side."""
    size = (input,) if isinstance(input, int) else tuple(input)
    if pads is None or len(pads) != len(size) or any(len(p) != 2 or min(p) < 0 for p in pads):
        raise ConvError(say("solve.own.pads_must_one_before_after", pads=repr(pads)))
    pads = tuple(tuple(p) for p in pads)
    padded = tuple(i + lo + hi for i, (lo, hi) in zip(size, pads))
    conv = check(input=padded, kernel=kernel, stride=stride, dilation=dilation)
    return replace(conv, input=tuple(size), padding=(0,) * len(size), pads=pads)  # zeros, not transposed


def _one(values) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def per_side(pads, ndim: int) -> str:
    """'height 0 + 1, width 2 + 3 (before + after)'."""
    names = DIMENSION_NAMES[ndim]
    return say("solve.per_side", sides=", ".join(f"{name} {lo} + {hi}" for name, (lo, hi) in zip(names, pads)))


def _side(amount: int) -> str:
    """'crop 2', 'pad 1' or '0': what F.pad does on one side."""
    if amount == 0:
        return "0"
    return say("solve.crop_amount" if amount < 0 else "solve.pad_amount", amount=abs(amount))


def _listed(values) -> str:
    """'1, 2, 3', or for a long run of consecutive integers '1, 2, ..., 4999996 (4,999,996 values)'."""
    if len(values) <= SHOWN:
        return ", ".join(map(str, values))
    return say("bounded.values_more", first=values[0], second=values[1], last=values[-1], count=f"{len(values):,}")


def solve_text(answer: Solution, every: bool = False) -> str:
    """What ``python -m convdocs solve`` prints: every answer, minimal first, one per line. Past :data:`SHOWN`
    transposed pairs, the first ones and how many more there are (``every``: all, at most :data:`EVERY`)."""
    n = len(answer.input)
    names = DIMENSION_NAMES[n]
    layer = f"ConvTranspose{n}d" if answer.is_transposed else f"Conv{n}d"
    lines = [
        f"output {dims(answer.output)} from input {dims(answer.input)}: {layer}, kernel {_one(answer.kernel)}, "
        f"stride {_one(answer.stride)}, dilation {_one(answer.dilation)}"
    ]
    if answer.is_transposed:
        total = len(answer.transposed)
        shown = first(answer.transposed, too_many(total) if every else SHOWN)
        for p, a in shown:
            lines.append(f"padding={_one(p)}, output_padding={_one(a)}")
        if len(shown) < total:
            lines.append(say("bounded.solve_more_pairs", shown=len(shown), count=f"{total:,}"))
        sides = ", ".join(
            say("solve.transposed_side", name=name, before=_side(lo), after=_side(hi))
            for name, (lo, hi) in zip(names, answer.pads)
        )
        p, a = answer.transposed[0]
        line = say(
            "solve.transposed_crop", f_pad=repr(answer.f_pad), padding=_one(p), output_padding=_one(a), sides=sides
        )
        if any(hi > 0 for _, hi in answer.pads):
            line += say("solve.transposed_crop_bias")
        lines.append(line)
        return "\n".join(lines)
    if answer.padding is None:
        odd = [name for name, p in zip(names, answer.paddings) if not p]
        lines.append(say("solve.no_integer", names=" and ".join(odd), verb="needs" if len(odd) == 1 else "need"))
    else:
        others = [name + " " + _listed(p) for name, p in zip(names, answer.paddings) if len(p) > 1]
        also = say("solve.every", others="; ".join(others)) if others else ""
        lines.append(f"padding={_one(answer.padding)}{also}")
    ranges = ", ".join(
        f"{name} {lo}" + (f" to {hi}" if hi > lo else "") for name, (lo, hi) in zip(names, answer.totals)
    )
    lines.append(say("solve.totals", ranges=ranges))
    lines.append(say("solve.minimal", f_pad=repr(answer.f_pad), sides=per_side(answer.pads, n)))
    return "\n".join(lines)

"""Long lists of answers that are never built: sequences computed from a closed form, element by element.

Pure Python. ``solve`` can have millions of answers (every padding from 0 to 10⁷, every output_padding below a
stride of 10⁷): :class:`Every` holds an arithmetic run of integers and :class:`Combos` every combination of
per-dimension runs of (padding, output_padding) pairs, in the order ``solve`` promises, and both know their
length at once. They compare equal to any sequence holding the same items, so code and tests that compare
them with tuples keep working; iterating them is as slow as the list is long, so callers that print take
:func:`first` and :func:`count`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any


class Lazy(Sequence):
    """Equality, hashing and a short repr shared by the sequences below."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(first(self, 8))) ^ len(self)

    def __repr__(self) -> str:
        shown = first(self, 6)
        more = f", ... ({count(self):,} in all)" if count(self) > len(shown) else ""
        lone = "," if len(shown) == 1 and not more else ""  # as a tuple of one prints: (x,)
        return f"({', '.join(map(repr, shown))}{lone}{more})"

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.item(index)

    def item(self, index: int) -> Any:
        raise NotImplementedError


class Every(Lazy):
    """The integers ``start, start + step, ...`` below ``stop`` (a ``range`` that compares equal to a tuple)."""

    def __init__(self, start: int, stop: int, step: int = 1) -> None:
        self.run = range(start, stop, step)

    def __len__(self) -> int:
        return len(self.run)

    def __iter__(self) -> Iterator[int]:
        return iter(self.run)

    def item(self, index: int) -> int:
        return self.run[index]


class Combos(Lazy):
    """Every combination ((p₁, …, pₙ), (a₁, …, aₙ)) of one pair per dimension, where dimension j offers the pairs
    ``(p0ⱼ + m, a0ⱼ + 2m)`` for ``m`` below ``sizes[j]`` — the transposed layer's (padding, output_padding)
    pairs. Ordered least total padding first, then least total output_padding, then by the pairs themselves
    (as ``sorted`` with that key would order them): by the sum of the m's, then the m's in order."""

    def __init__(self, starts: Sequence[tuple[int, int]], sizes: Sequence[int]) -> None:
        self.starts, self.sizes = tuple(starts), tuple(sizes)

    def __len__(self) -> int:
        total = 1
        for size in self.sizes:
            total *= size
        return total

    def pair(self, steps: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return (
            tuple(p + m for (p, _), m in zip(self.starts, steps)),
            tuple(a + 2 * m for (_, a), m in zip(self.starts, steps)),
        )

    def __iter__(self) -> Iterator[tuple[tuple[int, ...], tuple[int, ...]]]:
        if len(self) == 0:
            return
        for total in range(sum(size - 1 for size in self.sizes) + 1):
            for steps in _compositions(total, self.sizes):
                yield self.pair(steps)

    def item(self, index: int) -> Any:
        return next(itertools.islice(iter(self), index, None))


def _compositions(total: int, sizes: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    """Every (m₁, …, mₙ) with 0 ≤ mⱼ < sizes[j] and sum ``total``, in lexicographic order."""
    if len(sizes) == 1:
        if total < sizes[0]:
            yield (total,)
        return
    rest = sum(size - 1 for size in sizes[1:])
    for m in range(max(0, total - rest), min(sizes[0] - 1, total) + 1):
        for tail in _compositions(total - m, sizes[1:]):
            yield (m, *tail)


def count(items: Sequence) -> int:
    return len(items)


def first(items: Sequence, n: int) -> list:
    """The first ``n`` items (fewer if there are fewer), without going through the others."""
    return list(itertools.islice(iter(items), n))

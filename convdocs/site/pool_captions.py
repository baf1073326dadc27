"""What a reader should look at in a pooling or padding-layer figure, and why (issue 24): sentences worked out from
the same layer the figure draws (:mod:`convdocs.figures.pool_scene`), in the catalogue's words (words/look.json).
A colour is named by the figure style (``style.COLOUR_NAMES``) from the colour the figure draws it in.

Every number is the layer's own: which cells a window covers (``Pool.window``), what it divides by
(``Pool.divisor``), which windows ceil_mode adds or torch drops, which bins share cells, which input cell a padding
cell copies (``Pad.source``); tests/test_pool_captions.py holds each sentence to torch's output.
"""

from __future__ import annotations

import itertools
import math

from convdocs.core.adaptive import Adaptive
from convdocs.core.ints import dims
from convdocs.core.padding import Pad
from convdocs.core.pooling import Pool
from convdocs.core.words import say
from convdocs.figures.describe import cell_text, value_text
from convdocs.figures.pool_scene import PAD_WORD, held
from convdocs.figures.style import COLOUR_NAMES, DROPPED
from convdocs.site.captions import NOUNS


def listed(items: list[str]) -> str:
    """'1', '1 and 3', '1, 3 and 5'."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _count(n: int, one: str, many: str, **fields) -> str:
    return say(one, **fields) if n == 1 else say(many, count=n, **fields)


def _noun(ndim: int, axis: int, many: bool = False) -> str:
    """'cell' (1-d), 'row' or 'column' (2-d, by axis); their plurals with ``many``."""
    return say(NOUNS[ndim][axis][1 if many else 0])


def look(geo) -> str:
    """The sentences that say what to look at in the figure of ``geo`` (a pooling or padding layer); a cell they
    speak of is named by its index, whichever window the figure shades."""
    if isinstance(geo, Pool):
        said = _pool(geo)
    elif isinstance(geo, Adaptive):
        said = _adaptive(geo)
    elif isinstance(geo, Pad):
        said = _pad(geo)
    else:
        raise TypeError(say("pages.pool_captions.no_caption_for", kind=type(geo).__name__))
    return " ".join(said)


def _inside(pool: Pool, where: tuple[int, ...]) -> bool:
    return all(0 <= v < n for v, n in zip(where, pool.input))


def _pool(pool: Pool) -> list[str]:
    said = []
    if any(pool.padding) and PAD_WORD[pool.kind]:
        cell = (0,) * pool.ndim
        past = set(pool.overhang(cell))
        padding = sum(1 for w in pool.window(cell) if not _inside(pool, w) and w not in past)
        fields = dict(
            cell=cell_text(cell),
            padding=_count(padding, "look.padding_one", "look.padding_many", fill=PAD_WORD[pool.kind]),
            inside=_count(len(pool.reads(cell)), "look.input_one", "look.input_many"),
        )
        if pool.kind == "max":
            said.append(say("look.max_window", **fields))
        else:
            divisor, reads = pool.divisor(cell), len(pool.reads(cell))
            if pool.divisor_override is not None:
                why = say("look.override")
            elif pool.count_include_pad and divisor == reads + padding:
                why = say("look.counts_padding")
            elif not pool.count_include_pad and divisor == reads:
                why = say("look.counts_input")
            else:
                raise RuntimeError(
                    say(
                        "pages.pool_captions.divisor_of_is_neither_its_window",
                        pool_name=pool.name,
                        divisor=divisor,
                        cell=cell,
                    )
                )
            said.append(say("look.avg_window", divisor=divisor, why=why, **fields))
            every = [pool.axis_divisors(a) for a in range(pool.ndim)]
            low, high = math.prod(e[1] for e in every), math.prod(e[2] for e in every)
            if pool.divisor_override is None and low != high:
                said.append(say("look.divisors", low=low, high=high))
    elif not any(pool.padding):
        said.append(
            say(
                "look.pool_no_padding",
                kernel=dims(pool.kernel),
                positions=dims(pool.output),
                stride=dims(pool.stride),
                input=dims(pool.input),
            )
        )
    last = tuple(n - 1 for n in pool.output)
    if any(last[a] in pool.partial(a) for a in range(pool.ndim)):
        reach = say("pool.past_right_padding") if any(pool.padding) else say("pool.past_input")
        said.append(
            say(
                "look.partial",
                cell=cell_text(last),
                past=reach,
                total=len(pool.window(last)),
                inside=_count(len(pool.reads(last)), "look.input_one", "look.input_many"),
            )
        )
    for axis in range(pool.ndim):
        dropped = pool.dropped(axis)
        if dropped:
            n = pool.output[axis]
            said.append(
                say(
                    "look.dropped",
                    colour=COLOUR_NAMES[DROPPED],
                    where=pool.dropped_where(axis),
                    output=f"{n} {_noun(pool.ndim, axis, n != 1)}",
                    more=n + len(dropped),
                )
            )
    said += _unread(pool)
    return said


def _unread(pool: Pool) -> list[str]:
    """The slashed cells no window covers: input cells (their values never reach the output), then padding cells."""
    unread = pool.unread()
    inputs = sum(1 for c in unread if _inside(pool, c))
    padding = len(unread) - inputs
    colour = COLOUR_NAMES[DROPPED]
    said = [_count(inputs, "look.unread_input_one", "look.unread_input_many", colour=colour)] if inputs else []
    if padding:
        but = "" if inputs else say("look.inputs_all_covered")
        said.append(_count(padding, "look.unread_padding_one", "look.unread_padding_many", colour=colour, inputs=but))
    return said


def _adaptive(geo: Adaptive) -> list[str]:
    said = []
    for axis in range(geo.ndim):
        bins = geo.bins(axis)
        size = geo.input[axis]
        shared = sorted({c for (_, end), (start, _) in zip(bins, bins[1:]) for c in range(start, end)})
        said.append(
            say(
                "look.bins_more" if axis else "look.bins",
                size=f"{size} {_noun(geo.ndim, axis, size != 1)}",
                count=len(bins),
                sizes=listed([str(end - start) for start, end in bins]),
                noun=_noun(geo.ndim, axis, True),
            )
        )
        if shared:
            noun = _noun(geo.ndim, axis, len(shared) != 1)
            said.append(say("look.bins_shared", noun=noun, which=listed([str(c) for c in shared])))
        else:
            said.append(say("look.bins_apart", noun=_noun(geo.ndim, axis)))
    return said


SIDES = {1: (("look.left", "look.right"),), 2: (("look.top", "look.bottom"), ("look.left", "look.right"))}


def _pad(geo: Pad) -> list[str]:
    said = []
    padding = [cell for cell in geo.cells() if geo.is_padding(cell)]
    if padding and geo.mode == "constant":
        said.append(say("look.pad_constant", count=len(padding), value=f"{geo.value:g}"))
    elif padding:
        said.append(_copies(geo))
    cropped = sum(1 for _ in _cropped(geo))
    if cropped:
        said.append(_count(cropped, "look.crop_one", "look.crop_many", colour=COLOUR_NAMES[DROPPED]))
    return said


def _cropped(geo: Pad):
    """Input cells a negative amount removes (the figure slashes them)."""
    for cell in itertools.product(*(range(n) for n in geo.input)):
        if not all(0 <= c + lo < n for c, n, (lo, _) in zip(cell, geo.output, geo.pads)):
            yield cell


def _copies(geo: Pad) -> str:
    """The padding line next to the input on the first padded side (columns before rows, before after), with the
    input line it copies."""
    n = geo.ndim
    for axis, end in itertools.product(reversed(range(n)), (0, 1)):
        lo, hi = geo.pads[axis]
        if (lo, hi)[end] <= 0:
            continue
        size = geo.input[axis]
        at = lo - 1 if end == 0 else lo + size  # output index of the padding line next to the input
        others = [range(geo.pads[a][0], geo.pads[a][0] + geo.input[a]) for a in range(n)]  # the input's cells
        others[axis] = range(at, at + 1)
        cells = [c for c in itertools.product(*others) if all(0 <= v < m for v, m in zip(c, geo.output))]
        sources = [geo.source(c) for c in cells]
        values = [held(geo, s) for s in sources if s is not None]
        line = {s[axis] for s in sources if s is not None}
        noun = _noun(n, axis)
        edge = 0 if end == 0 else size - 1
        if line == {edge}:
            how = say("look.how_repeat", noun=noun)
        elif line == {edge + (1 if end == 0 else -1)}:
            how = say("look.how_mirror", noun=noun)
        elif line == {size - 1 - edge}:
            how = say("look.how_wrap", noun=noun, far=say(SIDES[n][axis][1 - end]))
        else:
            continue
        return say(
            "look.pad_copies",
            side=say(SIDES[n][axis][end]),
            noun=noun,
            values=listed([value_text(v) for v in values]),
            how=how,
        )
    return ""

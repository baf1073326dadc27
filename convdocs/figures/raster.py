"""A :class:`~convdocs.figures.style.Scene` drawn with matplotlib, for PNG output."""

from __future__ import annotations

from itertools import groupby

from convdocs.figures.style import Box, Label, Line, Scene

PIXEL_BUDGET = 2_000_000  # a larger figure is drawn at a lower resolution, so that a PNG stays fast and small
MAX_SIDE = 60_000  # Agg draws at most 2^16 pixels a side


def resolution(scene: Scene, dpi: float = 144) -> float:
    """``dpi``, or less for a figure that would exceed :data:`PIXEL_BUDGET` pixels or :data:`MAX_SIDE` a side."""
    inches = (scene.width / 72, scene.height / 72)
    return min(dpi, (PIXEL_BUDGET / (inches[0] * inches[1])) ** 0.5, MAX_SIDE / max(inches))


def save(scene: Scene, path: str, dpi: int = 144) -> None:
    """Write ``scene`` to ``path`` as a PNG, whatever the file is named. Animation is not drawn.

    Each run of like boxes or lines is one matplotlib collection (a figure at the cell budget would
    otherwise be tens of thousands of artists); boxes under lines under labels, as with single artists.
    """
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure

    ink = lambda c: "#222222" if c == "currentColor" else c  # noqa: E731  (no page colour in a PNG)
    fig = Figure(figsize=(scene.width / 72, scene.height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    ax.set_axis_off()
    items = scene.items + [i for moving in scene.moving for i in moving.items] + scene.top
    style = lambda i: (type(i), i.stroke, i.width) + ((i.fill, i.opacity, i.dasharray) if isinstance(i, Box) else ())  # noqa: E731
    for _key, group in groupby((i for i in items if not isinstance(i, Label)), key=style):
        run = list(group)  # one type, one style
        boxes = [i for i in run if isinstance(i, Box)]
        lines = [i for i in run if isinstance(i, Line)]
        if boxes:
            first = boxes[0]
            verts = np.array([[(b.x, b.y), (b.x + b.w, b.y), (b.x + b.w, b.y + b.h), (b.x, b.y + b.h)] for b in boxes])
            ax.add_collection(
                PolyCollection(
                    verts,
                    facecolors="none" if first.fill == "none" else ink(first.fill),
                    alpha=None if first.opacity == 1 else first.opacity,
                    edgecolors="none" if first.stroke == "none" else ink(first.stroke),
                    linewidths=first.width,
                    linestyles=(0, tuple(float(v) for v in first.dasharray.split())) if first.dasharray else "-",
                )
            )
        else:
            ax.add_collection(
                LineCollection(
                    [[(ln.x1, ln.y1), (ln.x2, ln.y2)] for ln in lines],
                    colors=ink(lines[0].stroke),
                    linewidths=lines[0].width,
                )
            )
    for item in items:
        if isinstance(item, Label):
            ax.text(
                item.x,
                item.y,
                item.text,
                fontsize=item.size * 0.75,
                color=ink(item.fill),
                ha="center" if item.anchor == "middle" else "left",
            )
    fig.savefig(path, dpi=resolution(scene, dpi), format="png", metadata={"Software": None})

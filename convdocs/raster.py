"""A :class:`~convdocs.scene.Scene` drawn with matplotlib, for PNG output."""

from __future__ import annotations

from convdocs.scene import Box, Label, Line, Scene


def save(scene: Scene, path: str, dpi: int = 144) -> None:
    """Write ``scene`` to ``path`` as a PNG, whatever the file is named. Animation is not drawn."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    ink = lambda c: "#222222" if c == "currentColor" else c  # noqa: E731  (no page colour in a PNG)
    fig = Figure(figsize=(scene.width / 72, scene.height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    ax.set_axis_off()
    items = scene.items + [i for moving in scene.moving for i in moving.items]
    for item in items:
        if isinstance(item, Box):
            ax.add_patch(Rectangle((item.x, item.y), item.w, item.h,
                                   facecolor="none" if item.fill == "none" else ink(item.fill),
                                   alpha=None if item.opacity == 1 else item.opacity,
                                   edgecolor="none" if item.stroke == "none" else ink(item.stroke),
                                   linewidth=item.width, linestyle="--" if item.dashed else "-"))
        elif isinstance(item, Line):
            ax.plot([item.x1, item.x2], [item.y1, item.y2], color=ink(item.stroke), linewidth=item.width)
        elif isinstance(item, Label):
            ax.text(item.x, item.y, item.text, fontsize=item.size * 0.75, color=ink(item.fill),
                    ha="center" if item.anchor == "middle" else "left")
    fig.savefig(path, dpi=dpi, format="png", metadata={"Software": None})

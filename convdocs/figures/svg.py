"""A :class:`~convdocs.figures.style.Scene` written as SVG text: small, deterministic, text kept as text.

Moving items become a CSS animation inside the SVG (one step per output cell), which stops
for readers who ask for reduced motion.
"""

from __future__ import annotations

import hashlib
from html import escape

from convdocs.figures.style import Box, Item, Label, Line, Scene

STEP_SECONDS = 0.8


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _style(item) -> str:
    """The attributes a run of like items shares (their positions are their own)."""
    if isinstance(item, Box):
        style = f'fill="{item.fill}"'
        if item.stroke != "none":
            style += f' stroke="{item.stroke}" stroke-width="{_n(item.width)}"'
        if item.dasharray:
            style += f' stroke-dasharray="{item.dasharray}"'
        if item.opacity != 1:
            style += f' fill-opacity="{_n(item.opacity)}"'
        return style
    if isinstance(item, Line):
        return f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"'
    if isinstance(item, Label):
        return f'font-size="{_n(item.size)}" fill="{item.fill}" text-anchor="{item.anchor}"'
    raise TypeError(f"cannot draw {item!r}")


def _element(item, style: str = "") -> str:
    """One line or label, with ``style`` written on it (empty when a ``<g>`` carries it)."""
    style = f" {style}" if style else ""
    if isinstance(item, Line):
        return f'<line{style} x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}"/>'
    return f'<text{style} x="{_n(item.x)}" y="{_n(item.y)}">{escape(item.text)}</text>'


def _items(items: list[Item] | list[Label]) -> str:
    """Items in order. A run of like boxes is one path of closed squares (a third of the bytes of a rect
    each); a run of like lines or labels shares one ``<g>`` that carries their style."""
    out: list[str] = []
    run: list[Item] = []
    run_key = None

    def flush():
        if not run:
            return
        style = _style(run[0])
        if isinstance(run[0], Box):
            boxes = [b for b in run if isinstance(b, Box)]  # all of them: a run is one type
            d = "".join(f"M{_n(b.x)} {_n(b.y)}h{_n(b.w)}v{_n(b.h)}h{_n(-b.w)}z" for b in boxes)
            out.append(f'<path {style} d="{d}"/>')
        elif len(run) == 1:
            out.append(_element(run[0], style))
        else:
            out.append(f"<g {style}>" + "".join(_element(i) for i in run) + "</g>")

    for item in items:
        key = (type(item), _style(item))
        if key != run_key:
            flush()
            run_key, run = key, []
        run.append(item)
    flush()
    return "".join(out)


def render(scene: Scene) -> str:
    """The SVG document for ``scene`` (no XML declaration, so it can also stand inline in HTML)."""
    body = _items(scene.items)
    numbers = _items(scene.top)
    style = ""
    if scene.moving:
        # Class names unique to this drawing (its still parts and its motion), so two inline figures on
        # one page share keyframes only when they are the same animation.
        motion = repr([(m.items, m.offsets) for m in scene.moving])
        key = "c" + hashlib.sha1((body + motion).encode()).hexdigest()[:8]
        frames = len(scene.moving[0].offsets)
        css = []
        for index, moving in enumerate(scene.moving):
            name = f"{key}m{index}"
            stops = "".join(
                f"{_n(100 * f / frames)}%{{transform:translate({_n(dx)}px,{_n(dy)}px)}}"
                for f, (dx, dy) in enumerate(moving.offsets)
            )
            css.append(
                f"@keyframes {name}{{{stops}100%{{transform:translate({_n(moving.offsets[-1][0])}px,"
                f"{_n(moving.offsets[-1][1])}px)}}}}"
                f".{name}{{animation:{name} {_n(frames * STEP_SECONDS)}s steps(1,end) infinite}}"
            )
            body += f'<g class="{name}">' + _items(moving.items) + "</g>"
        css.append(f"@media (prefers-reduced-motion:reduce){{[class^={key}]{{animation:none}}}}")
        style = "<style>" + "".join(css) + "</style>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}" height="{_n(scene.height)}" '
        f'viewBox="0 0 {_n(scene.width)} {_n(scene.height)}" role="img" font-family="sans-serif">'
        f"{f'<title>{escape(scene.alt)}</title>' if scene.alt else ''}{style}{body}{numbers}</svg>"
    )

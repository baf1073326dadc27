"""A :class:`~convdocs.scene.Scene` written as SVG text: small, deterministic, text kept as text.

Moving items become a CSS animation inside the SVG (one step per output cell), which stops
for readers who ask for reduced motion.
"""

from __future__ import annotations

import hashlib
from html import escape

from convdocs.scene import Box, Label, Line, Scene

STEP_SECONDS = 0.8


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _parts(item) -> tuple[str, str, str]:
    """(tag, style attributes, own attributes) of one item: styles are shared by a group, positions are not."""
    if isinstance(item, Box):
        style = f'fill="{item.fill}"'
        if item.stroke != "none":
            style += f' stroke="{item.stroke}" stroke-width="{_n(item.width)}"'
        if item.dashed:
            style += ' stroke-dasharray="3 2"'
        if item.opacity != 1:
            style += f' fill-opacity="{_n(item.opacity)}"'
        return "rect", style, f'x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}"'
    if isinstance(item, Line):
        return ("line", f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"',
                f'x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}"')
    if isinstance(item, Label):
        return ("text", f'font-size="{_n(item.size)}" fill="{item.fill}" text-anchor="{item.anchor}"',
                f'x="{_n(item.x)}" y="{_n(item.y)}">{escape(item.text)}</text')
    raise TypeError(f"cannot draw {item!r}")


def _cells(boxes) -> str:
    """Same-styled boxes as one path, a closed square per box: a third of the bytes of one rect each."""
    style = _parts(boxes[0])[1]
    d = "".join(f"M{_n(b.x)} {_n(b.y)}h{_n(b.w)}v{_n(b.h)}h{_n(-b.w)}z" for b in boxes)
    return f'<path {style} d="{d}"/>'


def _items(items) -> str:
    """Items in order: a run of same-styled boxes becomes one path, a run of other items one ``<g>``."""
    out, run_style, run = [], None, []

    def flush():
        if not run:
            return
        if isinstance(run[0], Box):
            out.append(_cells(run))
            return
        tag, style, _ = _parts(run[0])
        elements = [f"<{tag} {own}>" if tag == "text" else f"<{tag} {own}/>" for _, _, own in map(_parts, run)]
        out.append(f"<g {style}>" + "".join(elements) + "</g>" if len(run) > 1 else elements[0].replace(
            " ", f" {style} ", 1))

    for item in items:
        style = (type(item), _parts(item)[1])
        if style != run_style:
            flush()
            run_style, run = style, []
        run.append(item)
    flush()
    return "".join(out)


def render(scene: Scene) -> str:
    """The SVG document for ``scene`` (no XML declaration, so it can also stand inline in HTML)."""
    body = _items(scene.items)
    style = ""
    if scene.moving:
        # Class names unique to this drawing, so two inline figures on one page never share keyframes.
        key = "c" + hashlib.sha1(body.encode()).hexdigest()[:8]
        frames = len(scene.moving[0].offsets)
        css = []
        for index, moving in enumerate(scene.moving):
            name = f"{key}m{index}"
            stops = "".join(
                f"{_n(100 * f / frames)}%{{transform:translate({_n(dx)}px,{_n(dy)}px)}}"
                for f, (dx, dy) in enumerate(moving.offsets)
            )
            css.append(f"@keyframes {name}{{{stops}100%{{transform:translate({_n(moving.offsets[-1][0])}px,"
                       f"{_n(moving.offsets[-1][1])}px)}}}}"
                       f".{name}{{animation:{name} {_n(frames * STEP_SECONDS)}s steps(1,end) infinite}}")
            body += f'<g class="{name}">' + _items(moving.items) + "</g>"
        css.append(f"@media (prefers-reduced-motion:reduce){{[class^={key}]{{animation:none}}}}")
        style = "<style>" + "".join(css) + "</style>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}" height="{_n(scene.height)}" '
        f'viewBox="0 0 {_n(scene.width)} {_n(scene.height)}" role="img" font-family="sans-serif">'
        f"<title>{escape(scene.alt)}</title>{style}{body}</svg>"
    )

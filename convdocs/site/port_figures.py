"""The porting page's figures: where each framework's 'SAME' puts the odd cell of padding, drawn per side.

Each figure is the layer a port runs, ``conv(F.pad(x, pads))`` with ``padding=0``, run in torch at build
time; the frameworks whose 'SAME' pads alike share a figure (convdocs.core.frameworks says which side each
one puts the odd cell on; tests/test_tensorflow_same.py, test_port_onnx.py and test_port_jax.py check that
against the frameworks themselves)."""

from __future__ import annotations

from convdocs.core.conv import check
from convdocs.core.frameworks import EXTRA_SIDE, FRAMEWORKS, f_pad_call, like, like_conv
from convdocs.core.solve import f_pad
from convdocs.core.words import say
from convdocs.site import cache
from convdocs.site.page import figure


@cache.cached("port-figures")
def same_splits(input: tuple[int, int] = (6, 6), kernel: int = 3, stride: int = 2) -> str:
    """One figure (and its animation) per 'SAME' split of ``input``, with the frameworks that pad that way
    (cached by its arguments and convdocs' sources, which hold the frameworks' rules)."""
    import torch
    import torch.nn.functional as F

    groups: dict = {}
    for framework in FRAMEWORKS:
        groups.setdefault(like(framework, input, kernel, stride), []).append(framework)
    parts = []
    for pads, frameworks in groups.items():
        drawn = like_conv(frameworks[0], input, kernel, stride)
        ran = check(input=drawn.padded, kernel=kernel, stride=stride)
        weight = torch.ones(1, 1, kernel, kernel)
        out = F.conv2d(F.pad(torch.ones(1, 1, *input), f_pad(pads)), weight, stride=stride)[0, 0]
        if tuple(out.shape) != drawn.output:
            raise RuntimeError(
                say(
                    "pages.port_figures.torch_gives_for_the_same_split",
                    out_shape=tuple(out.shape),
                    pads=pads,
                    drawn_output=drawn.output,
                )
            )
        names = ", ".join(FRAMEWORKS[f] for f in frameworks[:-1])
        names = f"{names} and {FRAMEWORKS[frameworks[-1]]}" if names else FRAMEWORKS[frameworks[-1]]
        caption = say("captions.same_split", frameworks=names, side=EXTRA_SIDE[frameworks[0]], call=f_pad_call(pads))
        drawing = dict(ran=ran, out_values=out.int().tolist())
        parts.append(figure(drawn, (0, 0), caption=caption, **drawing))
        parts.append(
            f'??? example "{say("pages.port_figures.step_the_kernel", names=names)}"\n\n    '
            + figure(drawn, (0, 0), animate=True, **drawing)
            + "\n"
        )
    return "\n".join(parts)

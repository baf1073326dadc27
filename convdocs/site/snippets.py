"""Run a snippet file as a reader would, and capture what it printed and every convolution it called.

Build glue: imports torch. Each convolution's configuration is read off the module itself (a global
forward hook), so a snippet's layers are written once, in the snippet, and every figure, formula
and sentence about them comes from there.

Explicit padding is captured too: while a snippet runs, ``torch.nn.functional.pad`` is wrapped (the
padding layers, ``nn.ZeroPad2d`` and the rest, call it as well), and a convolution whose input is the
tensor a recorded pad returned is drawn over the unpadded input with that pad as its padding.

A layer called again on an input of the same shape (a check such as ``torch.allclose(conv(x), ...)``)
is one layer: only its first call is kept.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from convdocs.core.conv_cells import Conv
from convdocs.core.words import say
from convdocs.tracing import guard

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = Path(os.environ.get("CONVDOCS_SNIPPETS", ROOT / "snippets"))  # tests point a build elsewhere


class SnippetError(RuntimeError):
    """A snippet ended the run itself (``sys.exit()``, ``raise SystemExit``, ...): the build must fail, naming it."""


PAD_MODES = {"constant": "zeros", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


@dataclass
class PadCall:
    """One explicit padding op: ``F.pad`` called by the snippet or by a padding layer."""

    label: str  # what made it: "F.pad reflect", "ZeroPad2d", ...
    mode: str  # F.pad's mode
    value: float  # the constant, for mode "constant"
    amounts: tuple[int, ...]  # F.pad's argument: (left, right, top, bottom, ...), last dimension first
    source: object  # the tensor it padded
    result: object  # the tensor it returned

    def pads(self, ndim: int) -> tuple[tuple[int, int], ...] | None:
        """(before, after) per spatial dimension, first dimension first; None if it is not a plain
        padding of the last ``ndim`` dimensions (a negative amount crops)."""
        pairs = [(self.amounts[i], self.amounts[i + 1]) for i in range(0, len(self.amounts), 2)][::-1]
        if len(pairs) > ndim or min(self.amounts, default=0) < 0:
            return None
        return tuple([(0, 0)] * (ndim - len(pairs)) + pairs)


@dataclass
class Call:
    module: object  # the torch module (its repr is what print(model) shows)
    conv: Conv  # the layer as torch ran it, on the tensor it was given
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    values: list | None = None  # the drawn input's values, when it is one small grid of whole numbers
    out_values: list | None = None  # the output's values, likewise
    pad: PadCall | None = None  # the explicit padding that made the layer's input
    output_size: bool = False  # a transposed layer called with output_size= (it chose output_padding)

    @property
    def drawn(self) -> Conv:
        """The layer as the figure draws it: over the unpadded input when an explicit pad made its input."""
        if self.pad is None:
            return self.conv
        pads = self.pad.pads(self.conv.ndim)
        assert pads is not None  # a call keeps its pad only where pads() answers
        unpadded = tuple(n - lo - hi for n, (lo, hi) in zip(self.conv.input, pads))
        return replace(self.conv, input=unpadded, pads=pads, padding_mode=PAD_MODES[self.pad.mode])


@dataclass
class Run:
    source: str
    stdout: str
    calls: list[Call] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    raised_at: dict[str, tuple[str, int]] = field(default_factory=dict)  # each warning: the file and line that warned


def run(name: str) -> Run:
    """Execute ``snippets/<name>.py`` in a fresh namespace; fail loudly if geometry and torch disagree."""
    path = SNIPPETS / f"{name}.py"
    return run_source(path.read_text(), path)


def run_source(source: str, path: Path) -> Run:
    """Execute ``source`` as the file ``path`` would run, capturing its output and convolutions."""
    import torch

    from convdocs.tracing.intercept import watching
    from convdocs.tracing.modules import conv_of

    calls: list[Call] = []
    seen: set = set()
    pads: dict[int, PadCall] = {}  # id of a padded tensor -> the op that made it (the PadCall keeps it alive)
    padding_layers = tuple(
        getattr(torch.nn.modules.padding, name)
        for name in ("_ConstantPadNd", "_ReflectionPadNd", "_ReplicationPadNd", "_CircularPadNd")
    )

    def fpad(original, args, kwargs):
        result = original(*args, **kwargs)
        input, pad, mode, value = (*args, *[None] * 4)[:4]
        input, pad = kwargs.get("input", input), kwargs.get("pad", pad)
        mode, value = kwargs.get("mode", mode) or "constant", kwargs.get("value", value)
        pads[id(result)] = PadCall(f"F.pad {mode}", mode, value or 0, tuple(pad), input, result)
        return result

    def hook(module, args, kwargs, output):
        if output is None or torch.jit.is_tracing():  # forward raised, or torch.onnx.export is running the model
            return
        if isinstance(module, padding_layers) and id(output) in pads:
            pads[id(output)].label = type(module).__name__
        if not isinstance(module, torch.nn.modules.conv._ConvNd):
            return
        x = args[0]
        if x.dim() == len(module.kernel_size) + 1:  # unbatched (channels, *spatial): seen as a batch of one
            x, output = x.unsqueeze(0), output.unsqueeze(0)
        output_size = kwargs.get("output_size", args[1] if len(args) > 1 else None)
        conv = conv_of(module, x.shape, output_size, str(x.dtype).removeprefix("torch."))
        call = Call(module, conv, tuple(x.shape), tuple(output.shape), output_size=output_size is not None)
        made = pads.get(id(x))
        if (
            made is not None
            and made.result is x
            and not module.transposed
            and made.pads(call.conv.ndim)
            and not any(lo or hi for lo, hi in call.conv.pads)
        ):
            call.pad = made
        key = (
            id(module),
            call.input_shape,
            output_size and tuple(output_size),
            call.pad and (call.pad.mode, call.pad.amounts, call.pad.value),
        )
        if key in seen:  # called again, e.g. by a check: the same layer on the same input shape
            return
        seen.add(key)
        call.values = _grid(torch, call.pad.source if call.pad else x)
        call.out_values = _grid(torch, output)
        if call.pad is not None and call.values is not None:
            _check_padding(call, _grid(torch, x))
        calls.append(call)

    out = guard.Capped()
    # torch warns some things once per process (TORCH_WARN_ONCE): each snippet sees them as a fresh process would
    warn_always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        with (
            watching(after=hook, fpad=fpad),
            contextlib.redirect_stdout(out),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            exec(compile(source, str(path), "exec"), {"__name__": "__main__"})  # noqa: S102
    except Exception:
        raise
    except guard.Flood:
        out.flooded = True
    except BaseException as stop:  # noqa: BLE001  SystemExit would end mkdocs itself, with the snippet's status
        what = f"sys.exit({stop.code!r})" if isinstance(stop, SystemExit) else type(stop).__name__
        raise SnippetError(
            say("build.snippets.stopped_with_a_snippet_runs_as", folder=path.parent.name, name=path.name, what=what)
        ) from None
    finally:
        torch.set_warn_always(warn_always)
    if out.flooded:
        raise SnippetError(
            say(
                "build.snippets.printed_more_than_characters_convdocs_snippet",
                folder=path.parent.name,
                name=path.name,
                out_limit=format(out.limit, ","),
            )
        )
    for call in calls:
        if call.conv.output != call.output_shape[2:]:
            raise RuntimeError(f"{path.name}: convdocs says {call.conv.output}, torch says {call.output_shape[2:]}")
    said = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))  # once each, in order
    places = {f"{w.category.__name__}: {w.message}": (w.filename, w.lineno) for w in reversed(caught)}
    return Run(source, out.getvalue(), calls, said, {text: places[text] for text in said})


def _grid(torch, x) -> list | None:
    """A single-channel tensor's values as a grid of whole numbers (a 1-d one as one row), if it is small
    and holds only whole numbers; otherwise None (random values would not fit in a cell)."""
    x = x.detach()
    if x.dim() not in (3, 4) or x.shape[:2] != (1, 1) or x.numel() > (100 if x.dim() == 4 else 16):
        return None
    if not torch.equal(x, x.round()):
        return None
    grid = x[0, 0].int().tolist()
    return grid if x.dim() == 4 else [grid]


def _check_padding(call: Call, padded: list | None) -> None:
    """The drawn padding must hold what torch's padded tensor holds, cell for cell."""
    conv, pad, values = call.drawn, call.pad, call.values
    if padded is None or pad is None or values is None or conv.ndim != 2:
        return
    (top, _), (left, _) = conv.pads
    for r, row in enumerate(padded):
        for c, got in enumerate(row):
            src = conv.source((r - top, c - left))
            want = pad.value if src is None else values[src[0]][src[1]]
            if got != want:
                raise RuntimeError(f"{pad.label}: convdocs draws {want} at {(r, c)}, torch padded {got}")

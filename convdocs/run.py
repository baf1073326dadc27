"""Run a snippet file as a reader would, and capture what it printed and every convolution it called.

Build glue: imports torch. Each convolution's configuration is read off the module itself (a global
forward hook), so a snippet's layers are written once, in the snippet, and every figure, formula
and sentence about them comes from there.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from convdocs.geometry import Conv, check

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = Path(os.environ.get("CONVDOCS_SNIPPETS", ROOT / "snippets"))  # tests point a build elsewhere


class SnippetError(RuntimeError):
    """A snippet ended the run itself (``sys.exit()``, ``raise SystemExit``, ...): the build must fail, naming it."""


@dataclass
class Call:
    module: object  # the torch module (its repr is what print(model) shows)
    conv: Conv
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    values: list | None = None  # the input's values, when it is one small grid of whole numbers


@dataclass
class Run:
    source: str
    stdout: str
    calls: list[Call] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def conv_of(module, input_shape, output_size=None, dtype: str = "float32") -> Conv:
    """The geometry of a torch convolution module applied to an input of ``input_shape`` (batch, channels, ...).

    A transposed layer called with ``output_size=`` picks its output_padding from it, as torch does.
    """
    import torch

    backend = dict(batch=input_shape[0], channels=input_shape[1], dtype=dtype, threads=torch.get_num_threads())
    conv = check(
        input=tuple(input_shape[2:]), kernel=module.kernel_size, stride=module.stride,
        padding=module.padding, dilation=module.dilation, padding_mode=module.padding_mode,
        transposed=module.transposed, output_padding=module.output_padding, **backend,
    )
    if module.transposed and output_size is not None:
        wanted = tuple(output_size)[-conv.ndim:]
        chosen = tuple(w - o + a for w, o, a in zip(wanted, conv.output, conv.output_padding))
        conv = check(input=conv.input, kernel=conv.kernel, stride=conv.stride, padding=conv.padding,
                     dilation=conv.dilation, transposed=True, output_padding=chosen, **backend)
    return conv


def run(name: str) -> Run:
    """Execute ``snippets/<name>.py`` in a fresh namespace; fail loudly if geometry and torch disagree."""
    path = SNIPPETS / f"{name}.py"
    return run_source(path.read_text(), path)


def run_source(source: str, path: Path) -> Run:
    """Execute ``source`` as the file ``path`` would run, capturing its output and convolutions."""
    import torch

    calls: list[Call] = []

    def hook(module, args, kwargs, output):
        if torch.jit.is_tracing():  # torch.onnx.export running the model: not a call the snippet made
            return
        if isinstance(module, torch.nn.modules.conv._ConvNd):
            x = args[0]
            if x.dim() == len(module.kernel_size) + 1:  # unbatched (channels, *spatial): seen as a batch of one
                x, output = x.unsqueeze(0), output.unsqueeze(0)
            output_size = kwargs.get("output_size", args[1] if len(args) > 1 else None)
            conv = conv_of(module, x.shape, output_size, str(x.dtype).removeprefix("torch."))
            call = Call(module, conv, tuple(x.shape), tuple(output.shape))
            if x.dim() == 4 and x.shape[:2] == (1, 1) and x.numel() <= 100 and torch.equal(x, x.round()):
                call.values = x[0, 0].int().tolist()
            elif x.dim() == 3 and x.shape[:2] == (1, 1) and x.numel() <= 16 and torch.equal(x, x.round()):
                call.values = [x[0, 0].int().tolist()]  # one row
            calls.append(call)

    out = io.StringIO()
    handle = torch.nn.modules.module.register_module_forward_hook(hook, with_kwargs=True)
    # torch warns some things once per process (TORCH_WARN_ONCE): each snippet sees them as a fresh process would
    warn_always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        with contextlib.redirect_stdout(out), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            exec(compile(source, str(path), "exec"), {"__name__": "__main__"})  # noqa: S102
    except Exception:
        raise
    except BaseException as stop:  # noqa: BLE001  SystemExit would end mkdocs itself, with the snippet's status
        what = f"sys.exit({stop.code!r})" if isinstance(stop, SystemExit) else type(stop).__name__
        raise SnippetError(
            f"{path.parent.name}/{path.name} stopped with {what}: a snippet runs as __main__ inside the build, "
            "so it must end normally (no sys.exit() or raise SystemExit)"
        ) from None
    finally:
        handle.remove()
        torch.set_warn_always(warn_always)
    for call in calls:
        if call.conv.output != call.output_shape[2:]:
            raise RuntimeError(f"{path.name}: convdocs says {call.conv.output}, torch says {call.output_shape[2:]}")
    said = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))  # once each, in order
    return Run(source, out.getvalue(), calls, said)

"""Watching what a run of torch code calls: hooks on every module's forward and a torch function mode that
sees every torch function (``F.pad`` among them), installed and removed together.

The only place convdocs hooks into torch. The snippet runner (`convdocs.site.snippets`) and the pooling
pages (`convdocs.site.pool_page`) watch modules and ``F.pad``; the whole-model tracer
(`convdocs.tracing.trace`) watches modules and every call, following each tensor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any


@contextlib.contextmanager
def watching(
    *,
    before: Callable[[Any, tuple], None] | None = None,
    after: Callable[[Any, tuple, dict, Any], None] | None = None,
    fpad: Callable[[Callable[..., Any], tuple, dict], Any] | None = None,
    calls: Callable[[Callable[..., Any], tuple, dict], Any] | None = None,
) -> Iterator[None]:
    """Inside the block: ``before(module, args)`` ahead of every module's forward; ``after(module, args, kwargs,
    output)`` once it returns (``output`` is None when forward raised); every ``F.pad(*args, **kwargs)`` call goes
    through ``fpad(pad, args, kwargs)``, where ``pad`` runs the real F.pad; every other torch function call goes
    through ``calls(func, args, kwargs)``, which runs ``func`` itself and returns its result (``F.pad`` too when
    no ``fpad`` is given). Torch functions called inside ``fpad`` and ``calls`` are not watched again by this
    block. Blocks nest: what an inner block runs, the outer block sees."""
    import torch
    import torch.nn.functional as F
    from torch.overrides import TorchFunctionMode

    class Watch(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            if fpad is not None and func is F.pad:
                return fpad(func, args, kwargs)
            if calls is not None:
                return calls(func, args, kwargs)
            return func(*args, **kwargs)

    hooks = torch.nn.modules.module
    handles = []
    if before is not None:
        handles.append(hooks.register_module_forward_pre_hook(before))
    if after is not None:

        def hook(module, args, kwargs, output=None):  # torch passes no output when forward raised
            after(module, args, kwargs, output)

        handles.append(hooks.register_module_forward_hook(hook, with_kwargs=True, always_call=True))
    mode = Watch() if fpad is not None or calls is not None else contextlib.nullcontext()
    try:
        with mode:
            yield
    finally:
        for handle in handles:
            handle.remove()

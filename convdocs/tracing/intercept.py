"""Watching what a run of torch code calls: hooks on every module's forward and every ``F.pad``, installed
and removed together.

The snippet runner (`convdocs.site.snippets`) and the pooling pages (`convdocs.site.pool_page`) watch a snippet
this way, each recording what it shows; the whole-model tracer (`convdocs.tracing.trace`) follows every tensor
instead, with a torch function mode of its own.
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
) -> Iterator[None]:
    """Inside the block: ``before(module, args)`` ahead of every module's forward; ``after(module, args, kwargs,
    output)`` once it returns (``output`` is None when forward raised); every ``F.pad(*args, **kwargs)`` call goes
    through ``fpad(pad, args, kwargs)``, where ``pad`` is the F.pad it replaces. Blocks nest: an inner block's
    ``pad`` is the outer block's."""
    import torch
    import torch.nn.functional as F

    hooks = torch.nn.modules.module
    handles = []
    if before is not None:
        handles.append(hooks.register_module_forward_pre_hook(before))
    if after is not None:

        def hook(module, args, kwargs, output=None):  # torch passes no output when forward raised
            after(module, args, kwargs, output)

        handles.append(hooks.register_module_forward_hook(hook, with_kwargs=True, always_call=True))
    original = F.pad
    if fpad is not None:
        F.pad = lambda *args, **kwargs: fpad(original, args, kwargs)
    try:
        yield
    finally:
        F.pad = original
        for handle in handles:
            handle.remove()

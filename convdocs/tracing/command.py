"""``python -m convdocs trace FILE.py:NAME``: load the model from a file, trace it, print the table or JSON.

Imports torch. Every failure is a :class:`~convdocs.tracing.records.TraceError` with one line.
"""

from __future__ import annotations

import warnings

import torch.nn as nn

from convdocs.core.words import say
from convdocs.tracing.records import TraceError, first_line, shown_warnings
from convdocs.tracing.trace import trace


def load(target: str) -> nn.Module:
    """``FILE.py:NAME`` -> the module: NAME is a module instance, or a callable that returns one."""
    import runpy
    from pathlib import Path

    path, sep, name = target.rpartition(":")
    if not sep or not path or not name:
        raise TraceError(f"expected FILE.py:NAME, got {target!r}")
    if not Path(path).is_file():
        raise TraceError(say("trace.command.no_such_file", path=path))
    try:
        namespace = runpy.run_path(path, run_name="__convdocs_trace__")
    except Exception as error:
        raise TraceError(f"{path} raised {type(error).__name__} when loaded: {first_line(error)}") from None
    if name not in namespace:
        found = sorted(
            k
            for k, v in namespace.items()
            if not k.startswith("_")
            and (isinstance(v, nn.Module) or (callable(v) and getattr(v, "__module__", "") == "__convdocs_trace__"))
        )
        raise TraceError(f"{path} defines no {name!r}" + (f" (it defines {', '.join(found)})" if found else ""))
    value = namespace[name]
    if not isinstance(value, nn.Module) and callable(value):  # a function, or an nn.Module class
        try:
            value = value()
        except Exception as error:
            raise TraceError(f"{name}() raised {type(error).__name__}: {first_line(error)}") from None
    if not isinstance(value, nn.Module):
        what = f"{name} returned" if callable(namespace[name]) else f"{name} is"
        raise TraceError(say("trace.command.not_a_torch_nn_module_give", what=what, type=type(value).__name__))
    return value


def command(target: str, shape, as_json: bool) -> str:
    """What ``python -m convdocs trace`` prints (raises :class:`TraceError` with one line on bad input)."""
    import json

    with warnings.catch_warnings(record=True) as caught:  # building the model may warn too: shown, not leaked
        warnings.simplefilter("always")
        model = load(target)
    loading = shown_warnings(caught)
    result = trace(model, shape)
    warned = [_warning_line(shown, say("trace.command.the_model_was_built")) for shown in loading]
    warned += [_warning_line(shown, say("trace.command.the_model_ran")) for shown in result.warnings]
    if as_json:
        return json.dumps({**result.json(), "warnings": warned})
    return "\n".join([result.table() + "\n\n" + result.summary(), *(f"warning: {line}" for line in warned)])


def _warning_line(shown: str, when: str) -> str:
    """A warning raised while the model was built or ran: torch's text then convdocs' explanation, as errors
    are shown; a warning the catalogue does not know is shown as it was raised, and when."""
    from convdocs.core.torch_text import explain_warning

    try:
        return "PyTorch: " + explain_warning(shown)
    except LookupError:
        return f"{shown} (raised while {when})"

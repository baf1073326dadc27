"""Capture PyTorch's own error texts into convdocs/core/torch_text.json (build/test-time script; imports torch).

Each entry runs one configuration torch rejects and keeps what torch says, with every number turned
into a ``{}`` placeholder and the sentinel word ``SENTINEL`` into one too; convdocs.core.torch_text fills
them in with the reader's numbers. Run ``python -m convdocs.tracing.capture_text`` after a torch upgrade;
tests/test_torch_text.py fails while the stored file differs from a fresh capture.

Texts torch prints over several lines keep their first line (the rest lists alternatives); set
literals (``{'same', 'valid'}``) are captured in a fixed hash order (PYTHONHASHSEED=0).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "core" / "torch_text.json"
SENTINEL = "SENTINEL"
NUMBER = re.compile(r"(?<![A-Za-wyz_\d])-?\d+")  # a number, also after the "x" of "1x1x3"
LIST = re.compile(r"\[-?\d+(?:, -?\d+)*\]")

# key -> (the layer's dimensionality, keyword arguments of nn.ConvNd / nn.ConvTransposeNd, spatial input size),
# or key -> a function of no arguments that makes torch raise (any other layer: pooling, F.pad, ...).
_N = {1: (11,), 2: (11, 12), 3: (11, 12, 13)}
ENTRIES: dict[str, tuple[int, dict, tuple] | Callable[[], object]] = {
    "padding_mode_unknown": (2, dict(kernel_size=3, padding_mode=SENTINEL), _N[2]),
    "padding_string_unknown": (2, dict(kernel_size=3, padding=SENTINEL), _N[2]),
    "same_strided": (2, dict(kernel_size=3, stride=2, padding="same"), _N[2]),
    "negative_padding": (2, dict(kernel_size=3, padding=-1), _N[2]),
    "negative_output_padding": (2, dict(kernel_size=3, output_padding=-1, transposed=True), _N[2]),
    "nonpositive_stride": (2, dict(kernel_size=3, stride=0), _N[2]),
    "circular_wraps": (2, dict(kernel_size=3, padding=20, padding_mode="circular"), _N[2]),
    "circular_empty": (2, dict(kernel_size=3, padding=-20, padding_mode="circular"), _N[2]),
    "warning/same_even_copy": lambda: _warn(
        lambda: __import__("torch").nn.Conv2d(1, 1, 4, padding="same")(__import__("torch").zeros(1, 1, 5, 5))
    ),
    "reflect_too_large": (2, dict(kernel_size=3, padding=(20, 21), padding_mode="reflect"), _N[2]),
    "pad_size_unsupported": (2, dict(kernel_size=3, padding=(1,), padding_mode="reflect"), _N[2]),
    "weight_dims_aten": (
        1,
        dict(kernel_size=(6, 1), stride=(3,), dilation=(3,), padding=(0, 4), output_padding=(0,), transposed=True),
        (1,),
    ),
    "same_broadcast/stride": (1, dict(kernel_size=3, stride=(1, 1), padding="same"), (9,)),
    "same_broadcast/dilation": (1, dict(kernel_size=3, dilation=(1, 1), padding="same"), (9,)),
    "negative_dimension": (2, dict(kernel_size=2, padding=-1, padding_mode="replicate"), (1, 8)),
    "channels_mismatch": (2, dict(kernel_size=3, padding=(1, 2, 3), padding_mode="replicate"), _N[2]),
    "weight_dims": (2, dict(kernel_size=(3, 4, 5), padding="same"), _N[2]),
    "padding_too_large": (2, dict(kernel_size=3, padding=2**62), _N[2]),
    "storage_overflow": lambda: __import__("torch").zeros(1, 1, 2**62, 4),
}
for n in (1, 2, 3):
    big = tuple(range(20, 20 + n))
    ENTRIES.update(
        {
            f"transposed_mode/{n}": (n, dict(kernel_size=3, padding_mode="reflect", transposed=True), _N[n]),
            f"transposed_string/{n}": (n, dict(kernel_size=3, padding="same", transposed=True), _N[n]),
            f"kernel_too_large/{n}": (n, dict(kernel_size=tuple(range(13, 13 + n))), _N[n]),
            f"reflect_too_small/{n}": (
                n,
                dict(kernel_size=3, padding=tuple(-v for v in big), padding_mode="reflect"),
                _N[n],
            ),
            f"replicate_too_small/{n}": (
                n,
                dict(kernel_size=3, padding=tuple(-v for v in big), padding_mode="replicate"),
                _N[n],
            ),
            f"output_padding_too_large/{n}": (
                n,
                dict(
                    kernel_size=3,
                    stride=(2, 3, 4)[:n],
                    dilation=(1, 2, 3)[:n],
                    output_padding=(3, 4, 5)[:n],
                    transposed=True,
                ),
                _N[n],
            ),
        }
    )
    ENTRIES[f"transposed_output_too_small/{n}"] = (
        n,
        dict(kernel_size=1, padding=(3, 4, 5)[:n], transposed=True),
        (1, 2, 3)[:n],
    )
    for name in ("stride", "padding", "dilation", "output_padding"):
        ENTRIES[f"param_length/{name}"] = (
            n,
            dict(kernel_size=3, transposed=name == "output_padding", **{name: (1,) * (n + 1)}),
            _N[n],
        )


def _raise(n: int, kwargs: dict, size: tuple) -> BaseException:
    import torch
    import torch.nn as nn

    kwargs = dict(kwargs)
    transposed = kwargs.pop("transposed", False)
    kind = getattr(nn, ("ConvTranspose" if transposed else "Conv") + f"{n}d")
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            kind(1, 1, bias=False, **kwargs)(torch.zeros(1, 1, *size))
    except (RuntimeError, ValueError, TypeError, NotImplementedError) as error:
        return error
    raise AssertionError(f"torch accepted {kind.__name__}({kwargs}) on {size}")


class _Warned(Exception):
    """A warning torch gave, carried like an error so that it is catalogued the same way."""


def _warn(make_torch_warn):
    """Raise the first warning ``make_torch_warn()`` gives, as an error named after its category."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make_torch_warn()
    assert caught, f"{make_torch_warn} gave no warning (torch gives some only once a process)"
    kind = type(caught[0].category.__name__, (_Warned,), {})
    raise kind(str(caught[0].message))


def raised(make_torch_raise) -> BaseException:
    """The exception ``make_torch_raise()`` raises (it must raise)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            make_torch_raise()
    except (RuntimeError, ValueError, TypeError, NotImplementedError, IndexError, _Warned) as error:
        return error
    raise AssertionError(f"{make_torch_raise} did not raise")


def template(error: BaseException) -> dict:
    """``{"type": ..., "text": ...}``: the first line of torch's text, the sentinel, every number and
    every bracketed list of numbers (``[1, 1, 11]``) as one ``{}``."""
    text = str(error).splitlines()[0].replace("{", "{{").replace("}", "}}")
    text = LIST.sub("[{}]", text.replace(SENTINEL, "{}"))
    text = NUMBER.sub("{}", text)
    return {"type": type(error).__name__, "text": text}


def capture() -> dict:
    import torch

    messages = {
        key: template(_raise(*entry) if isinstance(entry, tuple) else raised(entry))
        for key, entry in sorted(ENTRIES.items())
    }
    from convdocs.tracing.capture_atlas import ENTRIES as ATLAS

    atlas = {key: template(raised(make)) for key, make in sorted(ATLAS.items())}
    return {"torch": torch.__version__.split("+")[0], "messages": messages, "atlas": atlas}


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # set literals in torch's texts: one fixed order
        return subprocess.run(
            [sys.executable, "-m", "convdocs.tracing.capture_text", *sys.argv[1:]],
            env=dict(os.environ, PYTHONHASHSEED="0"),
        ).returncode
    text = json.dumps(capture(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if sys.argv[1:] == ["--print"]:
        sys.stdout.write(text)
    else:
        CATALOGUE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

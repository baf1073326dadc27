"""PyTorch's own error texts, with the reader's numbers, and convdocs' one-line explanation after them.

Pure Python (no torch): the texts come from ``torch_text.json``, which ``convdocs.tracing.capture_text``
generates from torch itself; every ``{}`` there is a number (or list of numbers) torch put in.
An error convdocs shows reads ``PyTorch: <type>: <torch's text> — convdocs: <explanation>``.

>>> message("same_strided", [], stride="2")
"PyTorch: ValueError: padding='same' is not supported for strided convolutions — convdocs: 'same' \
needs stride 1 in every dimension: with stride 2 the padding that keeps the size would depend on the \
input size"
"""

from __future__ import annotations

import json
from pathlib import Path

CATALOGUE = json.loads(Path(__file__).with_name("torch_text.json").read_text(encoding="utf-8"))
MESSAGES: dict[str, dict[str, str]] = CATALOGUE["messages"]
TORCH_VERSION: str = CATALOGUE["torch"]
SEPARATOR = " — convdocs: "

# convdocs' explanation for each catalogue entry (the part after the key's "/"), with named fields.
# A shape in torch's text is [batch, channels, ...]: convdocs takes batch and channels as 1 and says so.
EXPLAIN: dict[str, str] = {
    "padding_mode_unknown": "'{mode}' is not a padding mode: use zeros, reflect, replicate or circular",
    "padding_string_unknown": "padding '{padding}' is unknown: use an integer, a tuple of {n}, 'same' or 'valid'",
    "same_strided": "'same' needs stride 1 in every dimension: with stride {stride} the padding that keeps the "
    "size would depend on the input size",
    "transposed_mode": "a transposed convolution only takes padding_mode 'zeros', not '{mode}'",
    "transposed_string": "a transposed convolution takes integer padding, not '{padding}': the layer is built, "
    "then fails when called",
    "negative_padding": "padding must be at least 0 here, got {padding}",
    "negative_output_padding": "output_padding must be at least 0, got {output_padding}",
    "nonpositive_stride": "stride must be at least 1, got {stride}",
    "kernel_too_large": "the kernel, {span} wide with its dilation, is larger than the padded input, {padded}",
    "reflect_too_large": "reflect padding must be smaller than the input: padding {pad} on the {name} of size "
    "{size} (torch's dimension {dim} of [batch, channels, {names}], batch and channels "
    "taken as 1)",
    "circular_wraps": "circular padding must be at most the input size: padding {pad} on the {name} of size "
    "{size} would wrap around more than once",
    "circular_empty": "negative padding crops: padding {pad} on the {name} of size {size} leaves nothing",
    "reflect_too_small": "negative padding crops: padding {pad} on the {name} of size {size} leaves {left} "
    "(it must leave at least 1)",
    "replicate_too_small": "negative padding crops: padding {pad} on the {name} of size {size} leaves {left} "
    "(it must leave at least 1)",
    "pad_size_unsupported": "padding_mode '{mode}' needs one padding per dimension ({n}) or one integer, "
    "got {count} (torch's input has batch and channels first: {n_torch}-d)",
    "output_padding_too_large": "output_padding must be smaller than the stride or the dilation: output_padding "
    "{output_padding}, stride {stride}, dilation {dilation} in the {name}{note}",
    "transposed_output_too_small": "the output would be {output}: it must be at least 1 (less padding, or a larger "
    "input){note}",
    "warning/same_even_copy": "the odd cell of 'same' goes after (right, bottom); to put it there torch pads a copy of the input "
    "first: a cost in memory, not an error",
    "param_length": "{name} has {count} values for a {dim}-d kernel: give one integer or {dim}",
    "weight_dims": "the kernel has {kdim} sizes for a {n}-d input: give one integer or {n}",
    "weight_dims_aten": "the kernel has {kdim} sizes for a {n}-d input: give one integer or {n}",
    "same_broadcast": "{name} has {count} values for a {dim}-d kernel: give one integer or {dim}",
    "negative_dimension": "negative padding crops: padding {pad} on the {name} of size {size} leaves {left} "
    "(torch's shape is [batch, channels, {names}], batch and channels taken as 1)",
    "padding_too_large": "padding {padding} is above the largest torch takes, 2^62 − 1",
    "storage_overflow": "{what} of {shape} float32 values would take more bytes than a 64-bit size can count "
    "(batch and channels taken as 1)",
    "channels_mismatch": "padding has {count} values for a {n}-d input: the first one padded torch's channel "
    "dimension, turning 1 channel into {channels}",
}

ONE_D = " (torch runs a 1-d convolution as a 2-d one of height 1, hence its first value)"


def _entry(key: str) -> dict[str, str]:
    return MESSAGES[key]


def explain_key(key: str) -> str:
    """An error's explanation serves all its variants (``kernel_too_large/2``); a warning has its own."""
    return key if key.startswith("warning/") else key.split("/")[0]


def torch_text(key: str, numbers: list) -> str:
    """torch's text for ``key`` with ``numbers`` (ints, or lists of ints shown as ``1, 1, 7``) filled in."""
    filled = [", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v) for v in numbers]
    return _entry(key)["text"].format(*filled)


def message(key: str, numbers: list, **fields) -> str:
    """The whole one-line message: torch's type and text, then convdocs' explanation."""
    explanation = EXPLAIN[explain_key(key)].format(**fields)
    return f"PyTorch: {_entry(key)['type']}: {torch_text(key, numbers)}{SEPARATOR}{explanation}"


def explain_warning(shown: str) -> str:
    """``shown`` ("UserWarning: <torch's text>", as a page prints a warning) followed by convdocs' explanation.

    Raises LookupError for a warning the catalogue does not hold: add it (see convdocs/tracing/capture_text.py).
    """
    import re

    for key, entry in MESSAGES.items():
        if key.startswith("warning/"):
            pattern = re.escape(f"{entry['type']}: {entry['text']}").replace(re.escape("{}"), r"-?\d+")
            pattern = pattern.replace(re.escape("{{"), re.escape("{")).replace(re.escape("}}"), re.escape("}"))
            if re.fullmatch(pattern, shown):
                return f"{shown}{SEPARATOR}{EXPLAIN[key]}"
    raise LookupError(f"no catalogue entry for the warning {shown!r}: add one (convdocs/tracing/capture_text.py)")


def for_explorer() -> str:
    """The catalogue and explanations as one JSON object, for the offline explorer (emitted at build time)."""
    return json.dumps(
        {"torch": TORCH_VERSION, "messages": MESSAGES, "explain": EXPLAIN, "separator": SEPARATOR},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


EXPLORER_SCRIPT = "assets/explorer-torch-text.js"  # in the site; explorer.js loads it when torch refuses


def explorer_script() -> str:
    """The catalogue as the script the explorer loads the first time it must quote torch (``EXPLORER_SCRIPT``)."""
    return "window.convdocsTorchText = " + for_explorer() + ";\n"

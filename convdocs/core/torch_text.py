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

from convdocs.core import words
from convdocs.core.atlas import anchors
from convdocs.core.words import WORDS, say

CATALOGUE = json.loads(Path(__file__).with_name("torch_text.json").read_text(encoding="utf-8"))
MESSAGES: dict[str, dict[str, str]] = CATALOGUE["messages"]
TORCH_VERSION: str = CATALOGUE["torch"]
SEPARATOR = WORDS["torch.separator"]  # between torch's words and ours, in every refusal

# convdocs' explanation for each catalogue entry (the part after the key's "/"), with named fields, is in
# the catalogue of words under "explain.<key>" (words/torch_explain.json).
# A shape in torch's text is [batch, channels, ...]: convdocs takes batch and channels as 1 and says so.
EXPLAIN: dict[str, str] = {
    key.removeprefix("explain."): text for key, text in WORDS.items() if key.startswith("explain.")
}

ONE_D = say("core.torch_text.torch_runs_a_1_d_convolution")


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
    raise LookupError(say("core.torch_text.no_catalogue_entry_for_warning", shown=repr(shown)))


def atlas_patterns() -> list[list[str]]:
    """[pattern, section] for every torch text the atlas explains, in the order ``explain`` tries them: the very
    expressions of :func:`convdocs.core.atlas_match.pattern`, for the browser's matcher (docs/assets/core/
    atlas_match.mjs: the explorer links a refusal, the search box pins a pasted message's section)."""
    from convdocs.core.atlas import BY_KEY
    from convdocs.core.atlas_match import pattern

    sections = anchors()
    return [[pattern(key).pattern, sections[key]] for key in BY_KEY]


def for_search() -> str:
    """What the site's search box needs to put a pasted torch message's atlas section first
    (docs/assets/search-atlas-pin.js, written as ``SEARCH_DATA`` by the build): the patterns, each section's title
    and rule from the catalogue of words, the label of the pinned result and the longest text matched."""
    from convdocs.core.atlas import FAMILIES, PAGE
    from convdocs.core.atlas_match import MOST
    from convdocs.core.words import say

    sections = {
        f"{PAGE}{f.page}/#{f.anchor}": {"title": say(f"atlas.title.{f.name}"), "rule": say(f"atlas.rule.{f.name}")}
        for f in FAMILIES
    }
    data = {"label": say("search.atlas_label"), "most": MOST, "patterns": atlas_patterns(), "sections": sections}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


SEARCH_DATA = "assets/search-atlas.json"  # in the site; docs/assets/search-atlas-pin.js fetches it on the first query


def for_explorer() -> str:
    """The catalogue and explanations as one JSON object, for the offline explorer (emitted at build time)."""
    return json.dumps(
        {
            "torch": TORCH_VERSION,
            "messages": MESSAGES,
            "explain": EXPLAIN,
            "separator": SEPARATOR,
            "words": words.for_explorer(),
            "atlas": anchors(),  # key -> its section under the site root: the explorer links a refusal with "atlas.see"
            "atlas_match": atlas_patterns(),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def named_keys(scripts) -> list[str]:
    """The catalogue's keys that ``scripts`` (texts of JavaScript) name as string literals, sorted."""
    import re

    named = {m for text in scripts for m in re.findall(r"[\"'`]([a-z_]+(?:\.[a-z0-9_]+)+)[\"'`]", text)}
    return sorted(named & set(WORDS))


def explorer_words(keys) -> str:
    """The separator and the sentences under ``keys``, as the explorer's page carries them inline (its core's data)."""
    words = {key: WORDS[key] for key in keys}
    return json.dumps(
        {"separator": SEPARATOR, "words": words}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


EXPLORER_SCRIPT = "assets/explorer-torch-text.js"  # in the site; explorer.js loads it when torch refuses


def explorer_script() -> str:
    """The catalogue as the script the explorer loads the first time it must quote torch (``EXPLORER_SCRIPT``)."""
    return "window.convdocsTorchText = " + for_explorer() + ";\n"

"""The catalogue of words: every sentence convdocs shows a user, keyed, with ``{name}`` placeholders.

The sentences live in ``convdocs/core/words/*.json`` (one file per family, a key in exactly one file);
Python reads them here and the explorer reads the same files, shipped by the build. Torch's own texts,
captured from torch, are the other half of the catalogue: ``torch_text.json`` beside this file.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "words"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def load(folder: Path = FOLDER) -> dict[str, str]:
    """Every key of every file in ``folder``; a key written in two files is an error."""
    words: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in words:
                raise ValueError(f"{path.name}: the key {key!r} is already in another file of the catalogue")
            words[key] = text
    return words


WORDS: dict[str, str] = load()

# Families only Python reads: what `make site` and `make serve` print, the trace command's lines, page prose and
# figures' words written at build time, the CLI's help. The explorer is shipped the rest (`for_explorer`), not these;
# tests/test_catalogue.py checks that no script in docs/assets names one of them.
PYTHON_ONLY = ("build.", "trace.", "pages.", "figure.", "cli.main.", "cli.layer.", "cli.explain.", "core.")


def for_explorer() -> dict[str, str]:
    """The catalogue as the build ships it to the explorer: every family but those only Python reads."""
    return {key: text for key, text in WORDS.items() if not key.startswith(PYTHON_ONLY)}


def fields(key: str) -> set[str]:
    """The placeholder names of ``key``'s sentence."""
    return {name for _, name, _, _ in string.Formatter().parse(WORDS[key]) if name}


def say(key: str, **values: object) -> str:
    """The sentence under ``key`` with its placeholders filled; a missing or extra value is an error."""
    wanted = fields(key)
    if wanted != set(values):
        raise KeyError(f"{key}: takes {sorted(wanted)}, given {sorted(values)}")
    return WORDS[key].format(**values)

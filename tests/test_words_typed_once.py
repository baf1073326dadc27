"""Every user-visible sentence is typed once, in the catalogue of words (convdocs/core/words/*.json): none of its
fixed parts is typed again in the explorer's scripts (docs/assets/**/*.js, *.mjs) or in convdocs' Python."""

from __future__ import annotations

import ast
import re
import string

from convdocs.core.words import WORDS
from tests.conftest import ROOT

SHORTEST = 20  # a fixed part of a sentence this long, or longer, is the catalogue's to type


def fragments(sentence: str) -> list[str]:
    """The fixed parts of a catalogue sentence, between its placeholders, that are long enough to be searched for."""
    parts = [literal for literal, *_ in string.Formatter().parse(sentence)]
    return [p.strip() for p in parts if len(p.strip()) >= SHORTEST]


def python_texts(source: str) -> list[str]:
    """The string literals of Python code as they run (implicit concatenation joined, f-strings' fixed parts), not
    its docstrings: a docstring may quote a sentence in an example."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def javascript_text(source: str) -> str:
    """JavaScript without its comments, literals split by `" + "` joined again."""
    source = re.sub(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", "", source, flags=re.S)
    return re.sub(r"[\"'`]\s*\+\s*[\"'`]", "", source)


def test_no_sentence_of_the_catalogue_is_typed_in_code():
    """Every user-visible sentence lives once, in convdocs/core/words/*.json: none of its fixed parts is typed in
    the explorer's scripts (docs/assets) or in convdocs' Python."""
    sources = {}
    for path in sorted((ROOT / "docs" / "assets").rglob("*.*js")):
        sources[path] = [javascript_text(path.read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "convdocs").rglob("*.py")):
        sources[path] = python_texts(path.read_text(encoding="utf-8"))
    found = [
        f"{path.relative_to(ROOT)}: {key} ({part!r})"
        for key, sentence in WORDS.items()
        for part in fragments(sentence)
        for path, texts in sources.items()
        if any(part in text for text in texts)
    ]
    assert not found, "\n".join(found)
    assert sum(len(fragments(s)) for s in WORDS.values()) >= 60

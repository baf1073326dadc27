"""The catalogue of words holds every sentence a user sees once: none typed inline, none dead, none twice."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

from convdocs.core import words
from convdocs.core.words import FOLDER, PYTHON_ONLY, WORDS

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [ROOT / "convdocs" / "core", ROOT / "convdocs" / "cli"]
# errors.py defines the API: its ": " and " — convdocs: " separators join catalogue sentences, they are not ones
API = ROOT / "convdocs" / "core" / "errors.py"
# The catalogue's own machinery: its raises tell a developer the catalogue is broken, no reader sees them
DEVELOPER = {ROOT / "convdocs" / "core" / "words.py", ROOT / "convdocs" / "core" / "torch_text.py"}
ERROR_CALLS = {"Rejected", "own", "ConvError", "torch_error"}
# Keys read by family, by prefix: "explain.<torch_text key>" (torch_text.EXPLAIN, one per key of
# torch_text.json), "legend.<name>" (figures/style.LEGEND) and the error atlas's cause, fix, title and rule
# (core/atlas_match.py, site/atlas_page.py); the explorer reads the shipped catalogue.
DYNAMIC = {
    "explain.": ROOT / "convdocs" / "core" / "torch_text.py",
    "legend.": ROOT / "convdocs" / "figures" / "style.py",
    "atlas.cause.": ROOT / "convdocs" / "core" / "atlas_match.py",  # one per torch text of the error atlas
    "atlas.fix.": ROOT / "convdocs" / "core" / "atlas_match.py",
    "atlas.title.": ROOT / "convdocs" / "site" / "atlas_page.py",  # one per family of the error atlas
    "atlas.rule.": ROOT / "convdocs" / "site" / "atlas_page.py",
}
# explain.* mirrors torch_text.json one key per torch text; these torch texts share one explanation
SAME_EXPLANATION = {
    frozenset({"explain.reflect_too_small", "explain.replicate_too_small"}),
    frozenset({"explain.param_length", "explain.same_broadcast"}),
    frozenset({"explain.weight_dims", "explain.weight_dims_aten"}),
}


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _sentences(node: ast.expr) -> list[str]:
    """The literal text in ``node`` that reads as words: a space and a letter (``", "`` is a separator)."""
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and " " in n.value
        and any(c.isalpha() for c in n.value)
    ]


def inline_sentences(source: str, where: str = "", raises: bool = True) -> list[str]:
    """Every error call (or, with ``raises``, raise of an exception built from text) whose arguments type a
    sentence inline."""
    found = []
    for node in ast.walk(ast.parse(source)):
        calls = []
        if isinstance(node, ast.Call) and _name(node.func) in ERROR_CALLS:
            calls.append(node)
        if raises and isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            calls.append(node.exc)
        for call in calls:
            if _name(call.func) == "say":
                continue
            texts = [t for arg in [*call.args, *(k.value for k in call.keywords)] for t in _sentences(arg)]
            if texts:
                found.append(f"{where}:{call.lineno}: {_name(call.func)}({texts[0]!r} …)")
    return sorted(set(found))


def test_no_error_sentence_is_typed_inline():
    found = [
        hit
        for folder in SCANNED
        for path in sorted(folder.glob("*.py"))
        if path != API
        for hit in inline_sentences(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), raises=path not in DEVELOPER
        )
    ]
    assert not found, "\n".join(found)


def test_the_scan_finds_a_sentence_typed_inline():
    synthetic = """
from convdocs.core.errors import ConvError, Rejected, own
from convdocs.core.words import say

def ok(n):
    raise Rejected(say("pool.torch.stride_should_not_zero"), say("common.why.stride_must_at_least_1"))

def joined(names):
    raise own(say("layer.own.unknown_layer", name="x"), say("layer.why.use_torch_class_name", names=", ".join(names)))

def typed(n):
    raise Rejected(f"stride should be positive, got {n}", say("common.why.stride_must_at_least_1"))

def typed_why():
    raise own("bad input", "give a number")

def typed_raise(v):
    raise ValueError("not a size: " + repr(v))
"""
    found = inline_sentences(synthetic, "synthetic.py")
    assert [hit.split(":")[1] for hit in found] == ["12", "15", "18"], found


# Every string constant in these folders that reads as a sentence lives in the catalogue (say("key", ...)).
SENTENCE_SCANNED = [ROOT / "convdocs" / name for name in ("core", "cli", "figures", "tracing", "site")]
# A sentence: three words or more, a word being letters (a hyphen or an apostrophe inside, brackets, quotes and
# punctuation around): "r, S and P" is one, "FILE.py:NAME", "font-family=" and "{name}" are not words.
WORD = re.compile(r"[(\[\'\"‘“]*[A-Za-z][A-Za-z'’-]*[)\]\'\"’”,.;:!?]*")
# Constants that read as sentences but are not the catalogue's, by file and the text's start, with the reason.
# (Docstrings and assert messages are skipped by the scan itself: they speak to a developer, not to a user.)
NOT_SENTENCES = {
    # the catalogue's own machinery: a key in two files is a broken catalogue, for a developer to fix
    ("convdocs/core/words.py", " is already in another file"): "developer",
    # torch's own wording ("must either be" / "must be") rebuilt for a pooling length message: torch's text
    ("convdocs/core/pool_aten.py", "must either be"): "torch's words",
    # typed in the explorer's core too (docs/assets/core/conv.mjs): it moves with it, in one change
    # the nn.Module code `solve --like` prints (its docstring comes from the catalogue): Python, not prose
    ("convdocs/core/frameworks.py", "import math"): "code",
    # regenerates torch_text.json from torch: its refusal speaks to whoever captures torch's texts
    ("convdocs/tracing/capture_text.py", " did not raise"): "developer tool",
    # the Python program the atlas snippets' server runs, and mkdocs run by `python -c`
    ("convdocs/site/atlas_page.py", "\nimport contextlib, io, json"): "code",
    ("convdocs/site/build.py", "from convdocs.site.build import"): "code",
    # the JavaScript `make serve` puts in every page (its sentence comes from the catalogue)
    ("convdocs/site/serve.py", "<script>(function ()"): "code",
    # a CSS comment in the stylesheet the build writes
    ("convdocs/site/theme.py", "/* convdocs: the scheme-switch rule"): "code",
}


def sentence_constants(source: str, where: str = "") -> list[str]:
    """Every string constant of ``source`` that reads as a sentence (three words or more), but docstrings, assert
    messages and the allowed non-sentences of ``where`` (a path relative to the repository)."""
    tree = ast.parse(source)
    allowed = [start for file, start in NOT_SENTENCES if file == where]
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            if any(str(node.values[0].value).startswith(start) for start in allowed):  # the whole f-string
                skipped.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Assert) and node.msg is not None:
            skipped.update(id(n) for n in ast.walk(node.msg))
    hits = [
        (node.lineno, f"{where}:{node.lineno}: {node.value!r}")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and sum(1 for token in node.value.split() if WORD.fullmatch(token)) >= 3
        and not any(node.value.startswith(start) for start in allowed)
    ]
    return [hit for _, hit in sorted(hits)]


def test_no_sentence_is_typed_inline():
    found = [
        hit
        for folder in SENTENCE_SCANNED
        for path in sorted(folder.glob("*.py"))
        for hit in sentence_constants(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert not found, "\n".join(found)


def test_every_allowed_non_sentence_is_still_there():
    for (file, start), why in NOT_SENTENCES.items():
        source = (ROOT / file).read_text(encoding="utf-8")
        texts = [
            n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        assert why and any(text.startswith(start) for text in texts), (file, start)


def test_the_sentence_scan_finds_a_sentence_typed_inline():
    synthetic = '''
"""A module docstring may say anything at all."""
from convdocs.core.words import say

LIMIT = "CONVDOCS_SNIPPET_OUTPUT"

def ok(path, n):
    """A docstring reads as words."""
    assert n > 0, "a developer's words in an assert"
    print(say("build.guard.wrote_more_than_bytes_of_output", what=path, cap=n), f"{path}: {n}", "r, S")

def typed(path):
    print(f"wrote {path} in a hurry")

def caption():
    return "the cells padding crops dotted"

RELOAD = "<script>(function () { var seen = document.title; return seen; })</script>"
'''
    found = sentence_constants(synthetic, "convdocs/site/serve.py")
    assert [hit.split(":")[1] for hit in found] == ["13", "16"], found
    found = sentence_constants(synthetic, "synthetic.py")
    assert [hit.split(":")[1] for hit in found] == ["13", "16", "18"], found


def test_python_only_families_are_not_named_by_the_explorer():
    scripts = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "assets").rglob("*.*js"))
    named = [key for key in WORDS if key.startswith(PYTHON_ONLY) and key in scripts]
    assert not named, named
    shipped = words.for_explorer()
    assert shipped and not any(key.startswith(PYTHON_ONLY) for key in shipped)
    assert {key: WORDS[key] for key in WORDS if not key.startswith(PYTHON_ONLY)} == shipped


def _used_text() -> str:
    files = [*(ROOT / "convdocs").rglob("*.py"), *(ROOT / "docs" / "assets").rglob("*.*js")]  # the core: *.mjs
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_key_is_used():
    used = _used_text()
    for prefix, reader in DYNAMIC.items():
        assert f'"{prefix}"' in reader.read_text(encoding="utf-8"), (prefix, reader)
    dead = [
        key for key in WORDS if f'"{key}"' not in used and f"'{key}'" not in used and not key.startswith(tuple(DYNAMIC))
    ]
    assert not dead, dead


def test_placeholders_are_plain_identifiers():
    for key, text in WORDS.items():
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is not None:
                assert re.fullmatch(r"[a-z_][a-z0-9_]*", name) and not spec and not conversion, (key, name)


def test_no_two_keys_hold_the_same_text():
    by_text: dict[str, set[str]] = {}
    for key, text in WORDS.items():
        by_text.setdefault(text, set()).add(key)
    shared = {frozenset(keys) for keys in by_text.values() if len(keys) > 1}
    assert shared <= SAME_EXPLANATION, shared - SAME_EXPLANATION


def test_every_file_is_one_flat_object():
    for path in sorted(FOLDER.glob("*.json")):
        words = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(words, dict) and all(isinstance(v, str) for v in words.values()), path.name
